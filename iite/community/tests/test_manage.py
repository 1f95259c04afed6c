"""Staff pages for spaces, their moderators and members, and the watched words."""

import pytest
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.community import services
from iite.community.models import Space, WatchedWord
from iite.community.selectors import spaces_for
from iite.learning.tests.factories import make_platform, user_with_perms

pytestmark = pytest.mark.django_db


def _staff(*perms):
    user = user_with_perms(*perms)
    give_totp(user)
    return user


def _space_data(**values):
    data = {
        "slug": "gsenet-teachers",
        "title_en": "GSENET teachers",
        "description_en": "For the network",
        "original_language": "en",
        "languages": ["en", "ru"],
        "kind": "discussion",
        "visibility": "members",
        "network": "GSENET",
        "moderator_emails": "",
    }
    data.update(values)
    return data


def test_only_staff_who_may_change_spaces_reach_the_space_pages(client):
    client.force_login(UserFactory())
    assert client.get(reverse("community:manage_spaces")).status_code == 403
    assert client.post(reverse("community:manage_space_new"), _space_data()).status_code == 403
    assert not Space.objects.exists()
    client.force_login(_staff("community.moderate_space"))
    assert client.get(reverse("community:manage_spaces")).status_code == 403
    assert client.get(reverse("community:manage_words")).status_code == 200


def test_a_space_is_created_with_its_moderators_and_bad_input_names_the_field(client):
    staff = _staff("community.change_space")
    moderator = UserFactory(email="fatou@example.org")
    client.force_login(staff)
    platform = make_platform()
    page = client.post(
        reverse("community:manage_space_new"),
        _space_data(network="", moderator_emails="fatou@example.org\nnobody@example.org"),
    )
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert errors["moderator_emails"] == ["No account has this e-mail address: nobody@example.org"]
    assert not Space.objects.exists()
    page = client.post(
        reverse("community:manage_space_new"),
        _space_data(platform=platform.pk, moderator_emails="fatou@example.org"),
    )
    assert page.status_code == 400
    assert page.context["form"].errors["platform"] == [
        "Attach the space to one platform, course, event series or network."
    ]
    page = client.post(
        reverse("community:manage_space_new"),
        _space_data(slug="manage", moderator_emails="fatou@example.org"),
    )
    assert page.context["form"].errors["slug"] == [
        "This address is taken by the community's pages."
    ]
    page = client.post(
        reverse("community:manage_space_new"),
        _space_data(moderator_emails="FATOU@example.org"),
    )
    space = Space.objects.get()
    assert page.status_code == 302 and page.url == reverse(
        "community:manage_space", args=[space.slug]
    )
    assert list(space.moderators.all()) == [moderator]
    assert space.network == "GSENET" and space.visibility == "members"
    assert str(space.title) == "GSENET teachers"


def test_staff_edit_a_space_add_and_remove_members_and_archive_it(client):
    staff = _staff("community.change_space")
    client.force_login(staff)
    client.post(reverse("community:manage_space_new"), _space_data())
    space = Space.objects.get()
    edit = reverse("community:manage_space", args=[space.slug])
    page = client.post(edit, _space_data(title_en="", visibility="public"))
    assert page.status_code == 400 and "title" in page.context["form"].errors
    space.refresh_from_db()
    assert space.visibility == "members"
    client.post(edit, _space_data(title_en="GSENET circle", visibility="public"))
    space.refresh_from_db()
    assert str(space.title) == "GSENET circle" and space.visibility == "public"

    teacher = UserFactory(email="teacher@example.org")
    add = reverse("community:manage_member_add", args=[space.slug])
    page = client.post(add, {"email": "ghost@example.org"})
    assert page.status_code == 400
    assert page.context["member_form"].errors["email"] == [
        "No account has this e-mail address: ghost@example.org"
    ]
    client.post(add, {"email": "teacher@example.org"})
    assert list(space.members.all()) == [teacher]
    assert "teacher@example.org" in client.get(edit).content.decode()
    client.post(reverse("community:manage_member_remove", args=[space.slug, teacher.pk]))
    assert not space.members.exists()

    space.members.add(teacher)
    client.post(reverse("community:manage_space_archive", args=[space.slug]), {"archived": "1"})
    space.refresh_from_db()
    assert space.archived_at is not None
    assert space not in spaces_for(teacher)
    with pytest.raises(Exception, match="cannot post"):
        services.thread_start(space=space, author=teacher, title="Hi", text="x", language="en")
    client.post(reverse("community:manage_space_archive", args=[space.slug]), {"archived": "0"})
    space.refresh_from_db()
    assert space.archived_at is None and space in spaces_for(teacher)


def test_moderators_add_edit_and_remove_watched_words_per_language(client):
    client.force_login(UserFactory())
    assert client.get(reverse("community:manage_words")).status_code == 403
    client.force_login(_staff("community.moderate_space"))
    url = reverse("community:manage_words")
    empty = client.post(url, {"language": "ru", "word": "", "action": "hold"})
    assert empty.status_code == 400 and "word" in empty.context["form"].errors
    client.post(url, {"language": "ru", "word": " казино ", "action": "hold"})
    item = WatchedWord.objects.get()
    assert (item.language, item.word, item.action) == ("ru", "казино", "hold")
    again = client.post(url, {"language": "ru", "word": "Казино", "action": "block"})
    assert again.status_code == 400
    assert again.context["form"].errors["word"] == [
        "This word is already watched in this language: Казино"
    ]
    assert WatchedWord.objects.count() == 1
    client.post(url, {"language": "", "word": "казино", "action": "hold"})  # every language
    assert WatchedWord.objects.count() == 2
    client.post(
        reverse("community:manage_word", args=[item.pk]),
        {"language": "ru", "word": "казино", "action": "block"},
    )
    item.refresh_from_db()
    assert item.action == "block"
    assert "казино" in client.get(url).content.decode()
    client.post(reverse("community:manage_word_remove", args=[item.pk]))
    assert not WatchedWord.objects.filter(pk=item.pk).exists()


def test_the_staff_menu_lists_the_community_pages_for_those_who_may_use_them():
    from iite.core.registry import visible_nav

    admin = _staff("community.change_space", "community.moderate_space")
    names = [item.url_name for item in visible_nav(admin, "staff")]
    assert "community:manage_spaces" in names and "community:manage_words" in names
    assert "community:manage_spaces" not in [
        item.url_name for item in visible_nav(UserFactory(), "staff")
    ]
