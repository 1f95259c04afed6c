"""Pages of the community: spaces, threads, posting, flags and the moderation queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from iite.core.forms import errors_to_form
from iite.core.views import private_download

from . import selectors, services
from .attachments import attachment_readable
from .digests import unsubscribe_read
from .forms import FlagForm, ModerateForm, PostForm, PromoteForm, ReactForm, ThreadForm
from .models import Attachment, Frequency, Post, PostStatus, Space, Thread, Watch
from .permissions import can_moderate, can_post, can_read, is_minor
from .safety import HARM_REASONS, helplines_of


def _space(request: HttpRequest, slug: str) -> Space:
    space = selectors.space_by_slug(slug)
    if space is None:
        raise Http404
    if not can_read(request.user, space):
        if request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    return space


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/index.html",
        {"spaces": selectors.spaces_for(request.user), "minor": is_minor(request.user)},
    )


def space(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.space_by_slug(slug)
    if found is None:
        raise Http404
    if not can_read(request.user, found):
        # A members-only space shows its description and a way in to signed-in adults.
        if found.youth or not request.user.is_authenticated or is_minor(request.user):
            raise Http404
        return render(request, "community/join.html", {"space": found})
    query = request.GET.get("q", "")[:100].strip()
    form = ThreadForm(
        request.POST or None, request.FILES or None, initial={"language": get_language()}
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/{get_language()}/accounts/login/?next={request.path}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.thread_start(
                    space=found,
                    author=request.user,
                    title=data["title"],
                    text=data["text"],
                    language=data["language"],
                    resource_url=data["resource_url"],
                    resource_licence=data["resource_licence"],
                    attachments=form.attachment_uploads(),
                )
            except ValidationError as problem:
                errors_to_form(form, problem)
            except PermissionDenied as problem:
                form.add_error(None, str(problem) or _("You cannot post in this space."))
            else:
                if post.status == PostStatus.PENDING:
                    messages.info(
                        request,
                        _("Thank you. A moderator will check your post before others see it."),
                    )
                if post.referred_at:
                    return redirect(f"{reverse('community:support')}?post={post.pk}")
                return redirect(post.thread)
    threads = list(selectors.threads_of(found, request.user, query=query)[:100])
    unread = selectors.unread_threads(request.user, threads)
    watching = (
        Watch.objects.filter(user=request.user, space=found).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "community/space.html",
        {
            "unread": unread,
            "watching": watching,
            "frequencies": Frequency.choices,
            "space": found,
            "threads": threads,
            "query": query,
            "form": form,
            "can_post": can_post(request.user, found),
            "can_moderate": can_moderate(request.user, found),
        },
        status=400 if form.errors else 200,
    )


def thread(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = _space(request, slug)
    item = get_object_or_404(Thread.objects.select_related("space"), pk=pk, space=found)
    posts = list(selectors.posts_of(item, request.user)[:500])
    if not posts:
        raise Http404
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/{get_language()}/accounts/login/?next={request.path}")
        if form.is_valid():
            reply_to = Post.objects.filter(
                pk=request.POST.get("reply_to") or 0, thread=item
            ).first()
            try:
                post = services.reply(
                    thread=item,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    reply_to=reply_to,
                    resource_url=form.cleaned_data["resource_url"],
                    resource_licence=form.cleaned_data["resource_licence"],
                    attachments=form.attachment_uploads(),
                )
            except ValidationError as problem:
                errors_to_form(form, problem)
            except PermissionDenied as problem:
                form.add_error(None, str(problem) or _("You cannot post in this space."))
            else:
                if post.status == PostStatus.PENDING:
                    messages.info(
                        request,
                        _("Thank you. A moderator will check your post before others see it."),
                    )
                if post.referred_at:
                    return redirect(f"{reverse('community:support')}?post={post.pk}")
                return redirect(f"{item.get_absolute_url()}#post-{post.pk}")
    services.thread_read_mark(user=request.user, thread=item, last_post_id=max(p.pk for p in posts))
    watching = (
        Watch.objects.filter(user=request.user, thread=item).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "community/thread.html",
        {
            "watching": watching,
            "frequencies": Frequency.choices,
            "reply_to": next(
                (p for p in posts if str(p.pk) == request.GET.get("reply_to", "")), None
            ),
            "space": found,
            "thread": item,
            "posts": [(post, selectors.display_name(post.author)) for post in posts],
            "form": form,
            "flag_form": FlagForm(),
            "can_post": can_post(request.user, found),
            "can_moderate": can_moderate(request.user, found),
            "is_author": request.user.is_authenticated and item.author_id == request.user.pk,
        },
        status=400 if form.errors else 200,
    )


def _post_in(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__space", "author"), pk=pk)
    if not can_read(request.user, post.thread.space):
        raise PermissionDenied
    return post


@login_required
@require_POST
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in(request, pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            services.post_flag(post=post, user=request.user, **form.cleaned_data)
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            if form.cleaned_data["reason"] in HARM_REASONS:
                return redirect(f"{reverse('community:support')}?reported={post.pk}")
            messages.success(request, _("Thank you. A moderator will look at this post."))
    else:
        messages.error(request, _("Choose why a moderator should look at this post."))
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
def support(request: HttpRequest) -> HttpResponse:
    """Helplines of the person's country, after a harm report or an alarming youth post."""
    back = Post.objects.filter(pk=request.GET.get("reported") or request.GET.get("post") or 0)
    found = back.select_related("thread__space").first()
    if found is not None and not can_read(request.user, found.thread.space):
        found = None
    return render(
        request,
        "community/support.html",
        {
            "reported": "reported" in request.GET,
            "post": found,
            "helplines": helplines_of(request.user),
        },
    )


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in(request, pk)
    form = ReactForm(request.POST)
    if form.is_valid():
        services.post_react(post=post, user=request.user, kind=form.cleaned_data["kind"])
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
@require_POST
def mark_answer(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_in(request, pk)
    try:
        services.thread_mark_answer(thread=post.thread, post=post, user=request.user)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.space_by_slug(slug)
    if found is None or (found.youth and not is_minor(request.user)):
        raise Http404
    services.space_join(space=found, user=request.user)
    messages.success(request, _("You joined the space."))
    return redirect(found)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not (
        request.user.has_perm("community.moderate_space")
        or Space.objects.filter(moderators=request.user.pk).exists()
    ):
        raise PermissionDenied
    posts = list(selectors.queue_for(request.user)[:200])
    return render(
        request,
        "community/queue.html",
        {"posts": [(post, selectors.display_name(post.author)) for post in posts]},
    )


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread__space", "author"), pk=pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a moderation action."))
        return redirect("community:queue")
    data = form.cleaned_data
    action = data["action"]
    try:
        if action == "approve":
            services.post_approve(post=post, moderator=request.user)
        elif action == "hide":
            services.post_hide(post=post, moderator=request.user, note=data["note"])
        elif action == "dismiss":
            services.flags_dismiss(post=post, moderator=request.user)
        elif action == "edit":
            services.post_edit(
                post=post, moderator=request.user, text=data["text"] or post.text, note=data["note"]
            )
        elif action == "warn":
            services.member_warn(post=post, moderator=request.user, note=data["note"])
        else:
            services.member_suspend(
                post=post, moderator=request.user, days=data["days"] or 0, note=data["note"]
            )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("community:queue")


@csrf_exempt  # the signed token is the credential; mail programs POST without a form (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "community/unsubscribe.html", {"invalid": True}, status=400)
    user_id, frequency = found
    if request.method == "POST":
        services.watches_remove_for(user_id=user_id, frequency=frequency)
        return render(request, "community/unsubscribe.html", {"done": True})
    return render(request, "community/unsubscribe.html", {"frequency": frequency})


@login_required
@require_POST
def watch(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    found = _space(request, slug)
    target = get_object_or_404(Thread, pk=pk, space=found) if pk else None
    frequency = request.POST.get("frequency", "")
    space = None if target else found
    if frequency in Frequency.values:
        services.watch_set(user=request.user, frequency=frequency, space=space, thread=target)
        messages.success(request, _("You will receive a digest of new posts by e-mail."))
    else:
        services.watch_remove(user=request.user, space=space, thread=target)
        messages.success(request, _("You no longer follow this."))
    return redirect(target or found)


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A post's file, to those who may read the post; always downloaded, never rendered
    by the browser as a page of the platform."""
    found = get_object_or_404(Attachment.objects.select_related("post__thread__space"), pk=pk)
    if not attachment_readable(request.user, found):
        raise Http404
    return private_download(found.file, filename=found.name, content_type=found.content_type)


@login_required
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator sends a shared resource to the library's best-practice submissions."""
    post = get_object_or_404(Post.objects.select_related("thread__space", "author"), pk=pk)
    if not can_moderate(request.user, post.thread.space):
        raise PermissionDenied
    form = PromoteForm(request.POST or None, initial={"title": post.thread.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_promote(post=post, moderator=request.user, **form.cleaned_data)
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(
                request,
                _("Sent to the library's best practices: library staff will review it."),
            )
            return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")
    return render(
        request,
        "community/promote.html",
        {"form": form, "post": post, "name": selectors.display_name(post.author)},
        status=400 if form.errors else 200,
    )
