"""The course studio: content editors write courses, reviewers approve them (/learning/studio/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iite.core.forms import errors_to_form

from . import selectors, services
from .forms import (
    AchievementForm,
    CaptionForm,
    CourseForm,
    LessonForm,
    ModuleForm,
    PlatformForm,
    QuestionForm,
    QuizForm,
    ResourceForm,
    ReviewForm,
)
from .models import (
    Course,
    Lesson,
    LessonCaption,
    LessonResource,
    Module,
    Platform,
    Question,
    Quiz,
    Status,
)
from .permissions import (
    can_create_course,
    can_edit_course,
    can_manage_platforms,
    can_publish,
    can_review,
    can_submit,
    can_unpublish,
    can_use_studio,
)


def _post(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so the form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _bound(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: Any,
    cancel: str,
    course: Course | None = None,
    platform: Platform | None = None,
) -> HttpResponse:
    return render(
        request,
        "learning/studio/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel,
            "course": course,
            "platform": platform,
        },
    )


def _studio_course_url(course: Course) -> str:
    return reverse("learning:studio_course", args=[course.slug])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require(can_use_studio(request.user))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    return render(
        request,
        "learning/studio/index.html",
        {
            "courses": selectors.studio_courses(status),
            "status": status,
            "statuses": Status.choices,
            "platforms": Platform.objects.order_by("order", "slug"),
            "can_create": can_create_course(request.user),
            "can_manage_platforms": can_manage_platforms(request.user),
        },
    )


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    _require(can_publish(request.user))
    courses = [
        course
        for course in selectors.studio_courses(Status.IN_REVIEW)
        if can_review(request.user, course)
    ]
    return render(request, "learning/studio/reviews.html", {"courses": courses})


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    _require(can_create_course(request.user))
    form = CourseForm(_post(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        platforms, partners = data.pop("platforms"), data.pop("partners")
        try:
            course = services.course_create(
                created_by=request.user,  # type: ignore[arg-type]
                platforms=platforms,
                partners=partners,
                **data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The course was created as a draft."))
            return redirect(_studio_course_url(course))
    return _form_page(
        request, form, title=gettext_lazy("New course"), cancel=reverse("learning:studio")
    )


def _course(slug: str) -> Course:
    return get_object_or_404(Course.objects.select_related("activity", "achievement"), slug=slug)


@login_required
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require(can_use_studio(request.user))
    course = _course(slug)
    modules = list(
        course.modules.order_by("order", "pk").prefetch_related("lessons", "quizzes__questions")
    )
    user = request.user
    return render(
        request,
        "learning/studio/course.html",
        {
            "course": course,
            "modules": modules,
            "problems": services.course_publication_problems(course)
            if course.status != Status.PUBLISHED
            else [],
            "can_edit": can_edit_course(user, course),
            "can_submit": can_submit(user, course),
            "can_review": can_review(user, course),
            "can_unpublish": can_unpublish(user, course),
            "is_own": can_publish(user)
            and course.status == Status.IN_REVIEW
            and not can_review(user, course),
            "review_form": ReviewForm(),
            "achievement_form": AchievementForm(),
        },
    )


@login_required
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    _require(can_edit_course(request.user, course))
    form = CourseForm(_post(request), instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        platforms, partners = data.pop("platforms"), data.pop("partners")
        data.pop("slug", None)
        try:
            services.course_update(course=course, platforms=platforms, partners=partners, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The course was saved."))
            return redirect(_studio_course_url(course))
    return _form_page(
        request,
        form,
        title=_("Edit “%(title)s”") % {"title": course.title},
        cancel=_studio_course_url(course),
        course=course,
    )


def _workflow(request: HttpRequest, action: Any, success: str, **kwargs: Any) -> None:
    try:
        action(**kwargs)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@require_POST
@login_required
def course_submit(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    _workflow(
        request,
        services.course_submit_for_review,
        _("The course was sent for review. A reviewer will approve it or return it to you."),
        course=course,
        user=request.user,
    )
    return redirect(_studio_course_url(course))


@require_POST
@login_required
def course_approve(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    _workflow(
        request,
        services.course_approve,
        _("The course is published."),
        course=course,
        reviewer=request.user,
    )
    return redirect(_studio_course_url(course))


@require_POST
@login_required
def course_return(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    form = ReviewForm(request.POST)
    form.is_valid()
    _workflow(
        request,
        services.course_return_to_draft,
        _("The course was returned to its editors as a draft."),
        course=course,
        reviewer=request.user,
        comment=form.cleaned_data.get("comment", ""),
    )
    return redirect(_studio_course_url(course))


@require_POST
@login_required
def course_achievement(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the micro-credential the course awards."""
    course = _course(slug)
    _require(can_edit_course(request.user, course))
    form = AchievementForm(request.POST)
    if form.is_valid():
        _workflow(
            request,
            services.course_achievement_create,
            _("The course now awards a micro-credential."),
            course=course,
            criteria=form.cleaned_data["criteria"],
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(_studio_course_url(course))


@require_POST
@login_required
def course_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    _workflow(
        request,
        services.course_unpublish,
        _("The course is no longer published; it is a draft again."),
        course=course,
        user=request.user,
    )
    return redirect(_studio_course_url(course))


# --- Modules, lessons, quizzes and questions -------------------------------------------------


def _content_form(
    request: HttpRequest,
    form: Any,
    *,
    course: Course,
    save: Any,
    title: Any,
    done: Any,
    attach: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        for name, value in (attach or {}).items():
            setattr(instance, name, value)
        if instance.pk is None:
            instance.original_language = course.original_language
        try:
            save(instance)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(done(instance))
    return _form_page(request, form, title=title, cancel=_studio_course_url(course), course=course)


@login_required
def module_new(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug)
    _require(can_edit_course(request.user, course))
    return _content_form(
        request,
        ModuleForm(_post(request)),
        course=course,
        save=lambda module: services.module_save(module=module),
        title=gettext_lazy("New module"),
        done=lambda module: _studio_course_url(course),
        attach={"course": course},
    )


@login_required
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
    _require(can_edit_course(request.user, module.course))
    return _content_form(
        request,
        ModuleForm(_post(request), instance=module),
        course=module.course,
        save=lambda instance: services.module_save(module=instance),
        title=_("Edit module “%(title)s”") % {"title": module.title},
        done=lambda instance: _studio_course_url(module.course),
    )


@login_required
def lesson_new(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
    _require(can_edit_course(request.user, module.course))
    return _content_form(
        request,
        LessonForm(*_bound(request)),
        course=module.course,
        save=lambda lesson: services.lesson_save(lesson=lesson),
        title=_("New lesson in “%(module)s”") % {"module": module.title},
        done=lambda lesson: reverse("learning:studio_lesson", args=[lesson.pk]),
        attach={"module": module},
    )


@login_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
    course = lesson.module.course
    _require(can_edit_course(request.user, course))
    form = LessonForm(*_bound(request), instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_save(lesson=form.save(commit=False))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("learning:studio_lesson", pk=lesson.pk)
    return render(
        request,
        "learning/studio/lesson.html",
        {
            "course": course,
            "lesson": lesson,
            "form": form,
            "caption_form": CaptionForm(prefix="caption"),
            "resource_form": ResourceForm(prefix="resource"),
        },
    )


@require_POST
@login_required
def lesson_attach(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Add a caption track or a downloadable resource to a lesson."""
    lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
    course = lesson.module.course
    _require(can_edit_course(request.user, course))
    if what not in ("captions", "resources"):
        raise Http404
    form_class = CaptionForm if what == "captions" else ResourceForm
    form = form_class(
        request.POST, request.FILES, prefix="caption" if what == "captions" else "resource"
    )
    if form.is_valid():
        attachment = form.save(commit=False)
        attachment.lesson = lesson
        try:
            attachment.validate_constraints()
            attachment.save()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("learning:studio_lesson", pk=lesson.pk)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, what: str, pk: int) -> HttpResponse:
    if what not in ("captions", "resources"):
        raise Http404
    model: type[LessonCaption] | type[LessonResource] = (
        LessonCaption if what == "captions" else LessonResource
    )
    attachment: Any = get_object_or_404(
        model.objects.select_related("lesson__module__course"), pk=pk
    )
    _require(can_edit_course(request.user, attachment.lesson.module.course))
    lesson_pk = attachment.lesson_id
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("The file was removed."))
    return redirect("learning:studio_lesson", pk=lesson_pk)


@login_required
def quiz_new(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
    _require(can_edit_course(request.user, module.course))
    return _content_form(
        request,
        QuizForm(_post(request)),
        course=module.course,
        save=lambda quiz: services.quiz_save(quiz=quiz),
        title=_("New quiz in “%(module)s”") % {"module": module.title},
        done=lambda quiz: reverse("learning:studio_quiz", args=[quiz.pk]),
        attach={"module": module},
    )


@login_required
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.select_related("module__course"), pk=pk)
    course = quiz.module.course
    _require(can_edit_course(request.user, course))
    form = QuizForm(_post(request), instance=quiz)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_save(quiz=form.save(commit=False))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("learning:studio_quiz", pk=quiz.pk)
    return render(
        request,
        "learning/studio/quiz.html",
        {
            "course": course,
            "quiz": quiz,
            "form": form,
            "questions": quiz.questions.prefetch_related("choices"),
        },
    )


def _question_form(request: HttpRequest, quiz: Quiz, question: Question | None) -> HttpResponse:
    course = quiz.module.course
    form = QuestionForm(_post(request), instance=question)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        instance.quiz = quiz
        if instance.pk is None:
            instance.original_language = course.original_language
        try:
            services.question_save(
                question=instance, choices=form.choices_data(instance.original_language)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("learning:studio_quiz", pk=quiz.pk)
    return render(
        request,
        "learning/studio/question_form.html",
        {
            "course": course,
            "quiz": quiz,
            "form": form,
            "title": _("Edit question") if question else _("New question"),
        },
    )


@login_required
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.select_related("module__course"), pk=pk)
    _require(can_edit_course(request.user, quiz.module.course))
    return _question_form(request, quiz, None)


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("quiz__module__course"), pk=pk)
    _require(can_edit_course(request.user, question.quiz.module.course))
    return _question_form(request, question.quiz, question)


_DELETABLE: dict[str, Any] = {
    "modules": (Module, "course"),
    "lessons": (Lesson, "module__course"),
    "quizzes": (Quiz, "module__course"),
    "questions": (Question, "quiz__module__course"),
}


@require_POST
@login_required
def content_delete(request: HttpRequest, what: str, pk: int) -> HttpResponse:
    if what not in _DELETABLE:
        raise Http404
    model, path = _DELETABLE[what]
    instance = get_object_or_404(model.objects.select_related(path), pk=pk)
    course = instance
    for part in path.split("__"):
        course = getattr(course, part)
    _require(can_edit_course(request.user, course))
    try:
        services.content_delete(instance=instance)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted."))
    if isinstance(instance, Question):
        return redirect("learning:studio_quiz", pk=instance.quiz_id)
    return redirect(_studio_course_url(course))


# --- Platforms ----------------------------------------------------------------------------


@login_required
def platform_new(request: HttpRequest) -> HttpResponse:
    _require(can_manage_platforms(request.user) and request.user.has_perm("learning.add_platform"))
    form = PlatformForm(_post(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        partners = data.pop("partners")
        try:
            services.platform_create(created_by=request.user, partners=partners, **data)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The platform was created."))
            return redirect("learning:studio")
    return _form_page(
        request, form, title=gettext_lazy("New platform"), cancel=reverse("learning:studio")
    )


@login_required
def platform_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require(can_manage_platforms(request.user))
    platform = get_object_or_404(Platform, slug=slug)
    form = PlatformForm(_post(request), instance=platform, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        partners = data.pop("partners")
        try:
            services.platform_update(platform=platform, partners=partners, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The platform was saved."))
            return redirect("learning:studio")
    return _form_page(
        request,
        form,
        title=_("Edit “%(name)s”") % {"name": platform.name},
        cancel=reverse("learning:studio"),
        # Other domains add their figures about the platform (the community's engagement).
        platform=platform,
    )
