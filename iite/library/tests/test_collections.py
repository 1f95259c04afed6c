"""Best-practice collections: staff gather published practices into a publication."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iite.accounts.tests.factories import UserFactory
from iite.library.models import CollectionItem, Publication, PublicationStatus
from iite.library.practices import collection_members
from iite.library.services import (
    collection_item_add,
    collection_item_move,
    collection_item_remove,
    practice_accept,
    publication_status_set,
)
from iite.monitoring.indicators import Scope, compute

from .factories import make_publication
from .test_practices import moderator, submit

pytestmark = pytest.mark.django_db


def published_practice(title: str, credit_name: str = "") -> Publication:
    submission = practice_accept(
        submission=submit(title=title, credit_name=credit_name), reviewer=moderator()
    )
    assert submission.publication is not None
    return submission.publication


def members(collection: Publication) -> list[str]:
    return [
        str(item.member.title)
        for item in CollectionItem.objects.filter(collection=collection).select_related("member")
    ]


def test_the_services_keep_an_ordered_list_of_published_practices() -> None:
    collection = make_publication(kind="best_practices", title={"en": "Reading practices"})
    first = published_practice("Radio reading")
    second = published_practice("Reading buddies")
    collection_item_add(collection=collection, member=first)
    collection_item_add(collection=collection, member=second)
    assert members(collection) == ["Radio reading", "Reading buddies"]
    collection_item_move(collection=collection, member=second, offset=-1)
    assert members(collection) == ["Reading buddies", "Radio reading"]
    collection_item_move(collection=collection, member=second, offset=-1)  # already first
    assert members(collection) == ["Reading buddies", "Radio reading"]
    assert list(
        CollectionItem.objects.filter(collection=collection).values_list("position", flat=True)
    ) == [0, 1]
    with pytest.raises(ValidationError) as twice:
        collection_item_add(collection=collection, member=first)
    assert twice.value.messages == ["This practice is in the collection already."]
    collection_item_remove(collection=collection, member=second)
    assert members(collection) == ["Radio reading"]


def test_only_published_practices_join_and_only_collections_list_them() -> None:
    collection = make_publication(kind="best_practices")
    practice = published_practice("Radio reading")
    report = make_publication(kind="research_report", status="published")
    for member in (report, collection):
        with pytest.raises(ValidationError) as refused:
            collection_item_add(collection=collection, member=member)
        assert refused.value.message_dict == {
            "member": ["Only a published practice can join a collection."]
        }
    for not_a_collection in (practice, report):
        with pytest.raises(ValidationError) as refused:
            collection_item_add(collection=not_a_collection, member=practice)
        assert "collection" in refused.value.message_dict
    assert not CollectionItem.objects.exists()


def test_staff_create_fill_order_and_publish_a_collection_counted_by_indicator_3(
    client: Any, officer: Any
) -> None:
    """A programme officer creates a collection (a draft publication of kind best
    practices), adds practices, reorders them and publishes it through the publication's
    workflow; its page lists the practices in order with their authors as they chose to
    be credited; each practice's page links to it; key indicator 3 counts it."""
    named = published_practice("Radio reading", credit_name="Awa Sarr")
    anonymous = published_practice("Reading buddies")
    client.force_login(officer)
    assert client.get("/en/library/manage/practices/collections/").status_code == 200
    response = client.post(
        "/en/library/manage/practices/collections/new/",
        {
            "title_en": "Reading practices from schools",
            "title_fr": "Pratiques de lecture des écoles",
            "abstract_en": "Practices that get children reading.",
            "original_language": "en",
            "kind": "best_practices",
            "licence": "CC-BY-SA-3.0-IGO",
        },
    )
    collection = Publication.objects.get(title__en="Reading practices from schools")
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/library/manage/practices/collections/{collection.slug}/"
    )
    assert collection.kind == "best_practices" and collection.status == "draft"
    assert collection.title.get("fr") == "Pratiques de lecture des écoles"
    url = f"/en/library/manage/practices/collections/{collection.slug}/"
    page = client.get(url)
    assert {item.pk for item in page.context["addable"]} == {named.pk, anonymous.pk}
    for member in (named, anonymous):
        assert client.post(url, {"action": "add", "member": member.pk}).status_code == 302
    client.post(url, {"action": "down", "member": named.pk})
    assert members(collection) == ["Reading buddies", "Radio reading"]
    junk = client.post(url, {"action": "add", "member": "nope"}, follow=True)
    assert "Choose a practice." in junk.content.decode()
    edit = client.get(f"/en/library/manage/{collection.slug}/").content.decode()
    assert url in edit  # the publication's staff page leads to its list; a practice's not
    practice_edit = client.get(f"/en/library/manage/{named.slug}/").content.decode()
    assert "/manage/practices/collections/" not in practice_edit
    for status in ("review", "published"):
        client.post(f"/en/library/manage/{collection.slug}/status/", {"status": status})
    collection.refresh_from_db()
    assert collection.status == PublicationStatus.PUBLISHED
    client.logout()
    public = client.get(collection.get_absolute_url()).content.decode()
    assert "Practices in this collection" in public
    assert public.index("Reading buddies") < public.index("Radio reading")
    assert "Awa Sarr" in public
    assert "shared by an author who chose not to be named" in public
    practice_page = client.get(named.get_absolute_url()).content.decode()
    assert "In the collections" in practice_page
    assert collection.get_absolute_url() in practice_page
    assert collection.date_published is not None
    measures = compute(Scope(year=collection.date_published.year)).measures
    counted = measures["research.published"]
    assert counted.dims["kind"]["best_practices"] == 3  # the two practices and the collection
    assert counted.value == 3


def test_an_unpublished_member_is_not_listed_to_readers() -> None:
    collection = make_publication(
        kind="best_practices", status="published", date_published=datetime.date(2026, 5, 1)
    )
    practice = published_practice("Radio reading")
    collection_item_add(collection=collection, member=practice)
    publication_status_set(publication=practice, status="withdrawn")
    assert collection_members(collection) == []
    assert collection_members(collection, public=False) == [practice]


def test_collection_pages_are_for_library_staff(client: Any, reviewer: Any) -> None:
    """A signed-in reader gets 403; a reviewer (no right to add publications) may not
    create a collection; staff who may not edit a publication may not change its list."""
    collection = make_publication(kind="best_practices")
    practice = published_practice("Radio reading")
    url = f"/en/library/manage/practices/collections/{collection.slug}/"
    client.force_login(UserFactory())
    for address in ("/en/library/manage/practices/collections/", url):
        assert client.get(address).status_code == 403
    client.force_login(reviewer)
    assert client.get("/en/library/manage/practices/collections/").status_code == 200
    assert client.get("/en/library/manage/practices/collections/new/").status_code == 403
    reader_staff: Any = UserFactory(is_staff=True)
    reader_staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="library", codename="change_publication")
    )
    Authenticator.objects.create(
        user=reader_staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(reader_staff)
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_edit"] is False
    assert client.post(url, {"action": "add", "member": practice.pk}).status_code == 403
    assert not CollectionItem.objects.exists()
    # A practice's own publication is not a collection: no collection page for it.
    assert (
        client.get(f"/en/library/manage/practices/collections/{practice.slug}/").status_code == 404
    )


def test_a_collection_page_lists_its_practices_in_a_fixed_number_of_queries(
    client: Any,
) -> None:
    """A collection of four practices costs the page no more queries than one of one."""
    practices = [published_practice(f"Practice {n}", credit_name=f"Author {n}") for n in range(4)]
    small, large = (
        make_publication(
            kind="best_practices", status="published", date_published=datetime.date(2026, 5, 1)
        )
        for _n in range(2)
    )
    collection_item_add(collection=small, member=practices[0])
    for practice in practices:
        collection_item_add(collection=large, member=practice)
    counts = []
    for collection in (small, large):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(collection.get_absolute_url())
        assert page.status_code == 200
        counts.append(len(queries))
    assert "Author 3" in page.content.decode()
    assert counts[0] == counts[1]
