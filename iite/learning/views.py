"""Learners' pages: the catalogue, platforms, courses, lessons, quizzes and "My learning"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.accounts.models import PersonRole
from iite.core.caching import cache_get_or_set

from . import selectors, services
from .caching import CATALOGUE_NAMESPACE, CATALOGUE_TTL
from .forms import CatalogueFilterForm, QuizTakeForm
from .models import Course, Lesson, Quiz
from .permissions import can_learn, can_use_studio, can_view_course

PAGE_SIZE = 12


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _raw_query(request: HttpRequest) -> str:
    raw = "|".join(
        request.GET.get(name, "").strip()[:100] for name in CatalogueFilterForm.base_fields
    )
    return f"{raw}|{_page_number(request)}"


def _catalogue_html(request: HttpRequest, *, partial: bool) -> str:
    """The filters and results (or the results alone), rendered once per language and query.

    Nothing in them depends on who is looking, so the rendered HTML is shared.
    """
    page_number = _page_number(request)

    def build() -> str:
        platforms = list(selectors.platforms_public().only("slug", "name", "original_language"))
        form = CatalogueFilterForm(request.GET, platforms=platforms)
        filters = form.filters()
        paginator = Paginator(selectors.catalogue_courses(filters), PAGE_SIZE)
        page = paginator.get_page(page_number)
        params = request.GET.copy()
        params.pop("page", None)
        context = {"form": form, "page": page, "query": params.urlencode(), "filters": filters}
        template = "learning/_results.html" if partial else "learning/_catalogue_body.html"
        return render_to_string(template, context)

    html = cache_get_or_set(
        CATALOGUE_NAMESPACE,
        "partial" if partial else "body",
        get_language() or "en",
        _raw_query(request),
        build=build,
        timeout=CATALOGUE_TTL,
    )
    return str(html)


def catalogue(request: HttpRequest) -> HttpResponse:
    """All published courses, with filters; htmx swaps in the results alone.

    Anonymous visitors with no message waiting get the whole page from the cache: the
    layout shows them nothing personal (no account menu, no CSRF token).
    """
    if request.headers.get("HX-Request"):
        return HttpResponse(_catalogue_html(request, partial=True))
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return _catalogue_page(request)
    page = cache_get_or_set(
        CATALOGUE_NAMESPACE,
        "page",
        get_language() or "en",
        _raw_query(request),
        build=lambda: _catalogue_page(request).content,
        timeout=CATALOGUE_TTL,
    )
    return HttpResponse(page)


def _catalogue_page(request: HttpRequest) -> HttpResponse:
    body = _catalogue_html(request, partial=False)
    return render(request, "learning/catalogue.html", {"body": body})


def platform_page(request: HttpRequest, slug: str) -> HttpResponse:
    platform = selectors.platform_public(slug)
    if platform is None:
        raise Http404
    courses = selectors.catalogue_courses(selectors.CatalogueFilters(platform=slug))
    return render(
        request,
        "learning/platform.html",
        {
            "platform": platform,
            "courses": courses,
            "short_units": selectors.platform_short_units(platform),
            "audience_labels": _audiences(platform),
        },
    )


def _audiences(source: Any) -> list[str]:
    return [str(PersonRole(code).label) for code in source.audiences if code in PersonRole.values]


def _course_or_404(request: HttpRequest, slug: str, *, full: bool = False) -> Course:
    """The course (with what its own page shows when `full`), if this visitor may see it."""
    course = selectors.course_for_page(slug) if full else Course.objects.filter(slug=slug).first()
    if course is None or not can_view_course(request.user, course):
        raise Http404
    return course


def course_page(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course_or_404(request, slug, full=True)
    modules = selectors.course_modules(course)
    enrolment = selectors.enrolment_for(request.user, course)
    progress = selectors.course_progress(enrolment, modules)
    return render(
        request,
        "learning/course.html",
        {
            "course": course,
            "modules": modules,
            "enrolment": enrolment,
            "progress": progress,
            "next_step": selectors.next_step(modules, progress) if enrolment else None,
            "can_learn": can_learn(request.user, course),
            "preview": not course.is_published,
            "can_use_studio": can_use_studio(request.user),
            "audience_labels": _audiences(course),
        },
    )


@require_POST
@login_required
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course_or_404(request, slug)
    try:
        services.enrolment_create(user=request.user, course=course)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(course)
    messages.success(request, _("You are enrolled. Your progress is saved as you go."))
    return redirect("learning:continue", slug=course.slug)


def _step_url(course: Course, step: Lesson | Quiz | None) -> str:
    if step is None:
        return course.get_absolute_url()
    name = "learning:lesson" if isinstance(step, Lesson) else "learning:quiz"

    return reverse(name, args=[course.slug, step.pk])


@login_required
def continue_course(request: HttpRequest, slug: str) -> HttpResponse:
    """Back to where the learner stopped: the next lesson not done, or the next quiz."""
    course = _course_or_404(request, slug)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None:
        return redirect(course)
    modules = selectors.course_modules(course)
    progress = selectors.course_progress(enrolment, modules)
    return redirect(_step_url(course, selectors.next_step(modules, progress)))


def _neighbours(modules: list[Any], current: Lesson | Quiz) -> tuple[Any, Any]:
    steps: list[Lesson | Quiz] = []
    for module in modules:
        steps.extend(module.lessons.all())
        steps.extend(module.quizzes.all())
    index = next(
        i for i, step in enumerate(steps) if type(step) is type(current) and step.pk == current.pk
    )
    previous = steps[index - 1] if index > 0 else None
    following = steps[index + 1] if index + 1 < len(steps) else None
    return previous, following


def lesson_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course_or_404(request, slug)
    lesson = get_object_or_404(
        Lesson.objects.select_related("module").prefetch_related("captions", "resources"),
        pk=pk,
        module__course=course,
    )
    modules = selectors.course_modules(course)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is not None:
        services.lesson_visit(enrolment=enrolment, lesson=lesson)
    progress = selectors.course_progress(enrolment, modules)
    previous, following = _neighbours(modules, lesson)
    return render(
        request,
        "learning/lesson.html",
        {
            "course": course,
            "lesson": lesson,
            "modules": modules,
            "enrolment": enrolment,
            "progress": progress,
            "done": lesson.pk in progress.done_lessons,
            "previous": previous,
            "previous_url": _step_url(course, previous) if previous else "",
            "following": following,
            "following_url": _step_url(course, following) if following else "",
            "can_learn": can_learn(request.user, course),
        },
    )


@require_POST
@login_required
def lesson_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course_or_404(request, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None or not can_learn(request.user, course):
        messages.error(request, _("Enrol in the course to record your progress."))
        return redirect(course)
    services.lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    if enrolment.completed_at:
        messages.success(request, _("You have completed this course. Well done!"))
        return redirect(course)
    return redirect("learning:continue", slug=course.slug)


def _quiz_or_404(course: Course, pk: int) -> Quiz:
    return get_object_or_404(
        Quiz.objects.select_related("module").prefetch_related("questions__choices"),
        pk=pk,
        module__course=course,
    )


@login_required
def quiz_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course_or_404(request, slug)
    quiz = _quiz_or_404(course, pk)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None or not can_learn(request.user, course):
        messages.error(request, _("Enrol in the course to take its quizzes."))
        return redirect(course)
    questions = list(quiz.questions.all())
    attempts = selectors.quiz_attempts(enrolment, quiz)
    left = services.attempts_left(quiz=quiz, used=len(attempts))
    form = QuizTakeForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and left != 0 and form.is_valid():
        try:
            attempt = services.quiz_attempt_submit(
                enrolment=enrolment, quiz=quiz, answers=form.answers()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(
                "learning:quiz_result", slug=course.slug, pk=quiz.pk, number=attempt.number
            )
    modules = selectors.course_modules(course)
    return render(
        request,
        "learning/quiz.html",
        {
            "course": course,
            "quiz": quiz,
            "form": form,
            "attempts": attempts,
            "attempts_left": left,
            "passed": any(attempt.passed for attempt in attempts),
            "modules": modules,
            "progress": selectors.course_progress(enrolment, modules),
        },
    )


@login_required
def quiz_result(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    course = _course_or_404(request, slug)
    quiz = _quiz_or_404(course, pk)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None:
        raise Http404
    attempts = selectors.quiz_attempts(enrolment, quiz)
    attempt = next((a for a in attempts if a.number == number), None)
    if attempt is None:
        raise Http404
    rows = []
    for question in quiz.questions.all():
        graded = attempt.answers.get(str(question.pk), {})
        given = graded.get("answer")
        if question.kind in ("single", "multiple"):
            chosen = {str(v) for v in (given if isinstance(given, list) else [given])}
            shown = [str(c.text) for c in question.choices.all() if str(c.pk) in chosen]
        elif question.kind == "true_false":
            shown = [_("True") if given == "true" else _("False")] if given else []
        else:
            shown = [str(given)] if given else []
        rows.append(
            {"question": question, "answer": shown, "correct": graded.get("correct", False)}
        )
    enrolment.refresh_from_db()
    modules = selectors.course_modules(course)
    progress = selectors.course_progress(enrolment, modules)
    return render(
        request,
        "learning/quiz_result.html",
        {
            "course": course,
            "quiz": quiz,
            "attempt": attempt,
            "rows": rows,
            "attempts_left": services.attempts_left(quiz=quiz, used=len(attempts)),
            "enrolment": enrolment,
            "next_step": selectors.next_step(modules, progress),
            "next_url": _step_url(course, selectors.next_step(modules, progress)),
        },
    )


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/my.html",
        {
            "enrolments": selectors.my_enrolments(request.user),
            "credentials": selectors.credentials_of(request.user),
        },
    )
