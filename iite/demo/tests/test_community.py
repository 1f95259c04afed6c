import pytest

from iite.community.models import Flag, Post, Space
from iite.demo import community, learning
from iite.demo.tests.test_learning import _period_with_units
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_demo_spaces_on_each_platform_with_a_pending_and_a_flagged_post_run_twice():
    _period_with_units()
    for iso2, iso3 in (("MA", "MAR"), ("KZ", "KAZ"), ("SN", "SEN"), ("CN", "CHN"), ("PE", "PER")):
        CountryFactory(iso2=iso2, iso3=iso3)
    learning.load()
    assert community.load() == "6 community spaces"
    assert community.load() == "0 community spaces"
    assert set(Space.objects.exclude(platform=None).values_list("platform__slug", flat=True)) == {
        "e-library",
        "iioe",
        "health-well-being",
        "creativity-in-education",
    }
    assert Space.objects.filter(youth=True).count() == 1
    assert Post.objects.filter(status="pending").count() == 1
    assert Flag.objects.filter(resolved=False).count() == 1
    assert {post.thread.language for post in Post.objects.all()} >= {"ar", "ru", "en"}
    shared = Post.objects.exclude(resource_licence="").get()
    assert shared.resource_licence == "CC-BY-4.0"
