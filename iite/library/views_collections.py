"""Staff pages of best-practice collections: a collection is a publication of kind best
practices that lists published practices in an order staff choose.

Its title, abstract and states (draft, review, published) are the publication's, changed
on the publication's own staff page; here staff create it and set its list.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import permissions as perms
from . import practices, services
from .forms import PublicationForm
from .models import Publication, PublicationKind
from .views_manage import _form_errors, staff_view

MOVES = {"up": -1, "down": 1}


def _collection(slug: str) -> Publication:
    collection = practices.collection_staff_get(slug)
    if collection is None:
        raise Http404
    return collection


@staff_view
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/practices/collections.html",
        {
            "collections": practices.collections_staff()[:200],
            "can_add": request.user.has_perm("library.add_publication"),
        },
    )


@staff_view
def collection_create(request: HttpRequest) -> HttpResponse:
    """A new collection: a draft publication of kind best practices, translated title
    and abstract as every publication's."""
    if not request.user.has_perm("library.add_publication"):
        raise PermissionDenied
    form = PublicationForm(request.POST or None, initial={"kind": PublicationKind.BEST_PRACTICES})
    kind = form.fields["kind"]
    kind.choices = [  # type: ignore[attr-defined]
        (PublicationKind.BEST_PRACTICES.value, PublicationKind.BEST_PRACTICES.label)
    ]
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        values["kind"] = PublicationKind.BEST_PRACTICES
        try:
            collection = services.publication_create(created_by=request.user, **values)  # type: ignore[arg-type]
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("The collection is created as a draft: add practices to it.")
            )
            return redirect("library:collection_edit", slug=collection.slug)
    return render(
        request,
        "library/manage/form.html",
        {"form": form, "title": _("New best-practice collection")},
    )


@staff_view
def collection_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The collection's practices in order: add, move up or down, remove."""
    collection = _collection(slug)
    can_edit = perms.can_edit(request.user, collection)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        _change(request, collection)
        return redirect("library:collection_edit", slug=collection.slug)
    return render(
        request,
        "library/practices/collection_edit.html",
        {
            "collection": collection,
            "items": practices.collection_items(collection),
            "addable": list(practices.practice_publications_addable(collection))
            if can_edit
            else [],
            "can_edit": can_edit,
        },
    )


def _change(request: HttpRequest, collection: Publication) -> None:
    action = request.POST.get("action", "")
    member_id = request.POST.get("member", "")
    valid = member_id.isascii() and member_id.isdigit() and len(member_id) <= 12
    member = Publication.objects.filter(pk=int(member_id)).first() if valid else None
    if member is None:
        messages.error(request, _("Choose a practice."))
        return
    try:
        if action == "add":
            services.collection_item_add(collection=collection, member=member)
            messages.success(request, _("The practice is added to the collection."))
        elif action == "remove":
            services.collection_item_remove(collection=collection, member=member)
            messages.success(request, _("The practice is removed from the collection."))
        elif action in MOVES:
            services.collection_item_move(
                collection=collection, member=member, offset=MOVES[action]
            )
            messages.success(request, _("The order of the collection is changed."))
        else:
            messages.error(request, _("This change is not possible."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
