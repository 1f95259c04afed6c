"""Harm reported in the community reaches the well-being counsellors; the reporter (or
the young author) is shown the helplines of their country."""

import pytest
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.community import services
from iite.community.models import Flag, ModerationLog, Space
from iite.community.selectors import queue_for
from iite.reference.tests.factories import CountryFactory
from iite.wellbeing.models import Conversation, Helpline, Origin

pytestmark = pytest.mark.django_db


def _visible_post(space, author, text):
    moderator = UserFactory()
    space.moderators.add(moderator)
    post = services.thread_start(
        space=space, author=author, title="Hard week", text=text, language="en"
    )
    services.post_approve(post=post, moderator=moderator)
    return post, moderator


def test_a_harm_flag_opens_one_referral_with_the_post_and_the_moderators_still_see_it():
    space = Space.objects.create(slug="teachers", title={"en": "Teachers"})
    kyrgyzstan = CountryFactory(iso2="KG")
    author = UserFactory(country=kyrgyzstan)
    post, moderator = _visible_post(space, author, "My student told me she is hurt at home.")
    services.post_flag(post=post, user=UserFactory(), reason="spam")
    assert not Conversation.objects.exists()  # not a harm reason
    services.post_flag(post=post, user=UserFactory(), reason="abuse", note="Please help her")
    (conversation,) = Conversation.objects.all()
    assert conversation.origin == Origin.REPORT
    assert conversation.source_url == f"{post.thread.get_absolute_url()}#post-{post.pk}"
    assert (conversation.category, conversation.country, conversation.language) == (
        "abuse",
        "KG",
        "en",
    )
    assert "hurt at home" in conversation.messages.get().text
    post.refresh_from_db()
    assert post.referred_at is not None
    assert ModerationLog.objects.filter(post=post, action="referred", actor=None).exists()
    # A second harm report on the same post does not open a second referral.
    services.post_flag(post=post, user=UserFactory(), reason="self_harm")
    assert Conversation.objects.count() == 1
    assert list(queue_for(moderator)) == [post]
    assert Flag.objects.filter(post=post, resolved=False).count() == 3


def test_the_reporter_is_told_trained_people_know_and_sees_their_countrys_helplines(client):
    space = Space.objects.create(slug="teachers", title={"en": "Teachers"})
    post, _moderator = _visible_post(space, UserFactory(), "I cannot go on like this.")
    kazakhstan = CountryFactory(iso2="KZ")
    Helpline.objects.create(country="KZ", name="Telefon doveriya 150", phone="150")
    Helpline.objects.create(country="KG", name="Another country's line", phone="111")
    reporter = UserFactory(country=kazakhstan)
    client.force_login(reporter)
    response = client.post(
        reverse("community:flag", args=[post.pk]), {"reason": "self_harm", "note": ""}
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('community:support')}?reported={post.pk}"
    assert Conversation.objects.get().category == "self_harm"
    page = client.get(response.url).content.decode()
    assert "Trained counsellors of the well-being service have been told" in page
    assert "Telefon doveriya 150" in page and 'href="tel:150"' in page
    assert "Another country" not in page
    assert f'href="{post.thread.get_absolute_url()}#post-{post.pk}"' in page


def test_an_alarming_post_in_a_youth_space_is_referred_and_its_author_sees_helplines(client):
    youth = Space.objects.create(slug="young", title={"en": "Young voices"}, youth=True)
    young = UserFactory(age_band="under_18")
    client.force_login(young)
    calm = client.post(
        youth.get_absolute_url(),
        {"title": "Exams", "language": "en", "text": "How do you revise for maths exams?"},
    )
    assert calm.status_code == 302 and not Conversation.objects.exists()
    alarming = client.post(
        youth.get_absolute_url(),
        {"title": "Tonight", "language": "en", "text": "I want to kill myself tonight."},
    )
    conversation = Conversation.objects.get()
    assert conversation.crisis and conversation.category == "self_harm"
    assert alarming.url.startswith(reverse("community:support"))
    page = client.get(alarming.url).content.decode()
    assert "A trained counsellor of the well-being service will read your post" in page
    assert "Child Helpline International" in page  # no helpline on record for the country
