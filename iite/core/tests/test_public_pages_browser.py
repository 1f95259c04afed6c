"""Every public page, as a visitor's browser loads it: accessible, and self-contained."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_platform(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", verbosity=0)


def _public_paths(language: str) -> list[str]:
    """The public pages of every domain, with one record page each from the demo data."""
    from iite.community.models import Space
    from iite.competitions.selectors import editions_public
    from iite.credentials.models import Credential
    from iite.events.models import Event
    from iite.learning.models import Course, Platform
    from iite.library.selectors import published as publications_public
    from iite.observatory.selectors import tools_public
    from iite.partners.models import Partner
    from iite.programme.models import Activity
    from iite.readiness.models import Framework

    with translation.override(language):
        paths = [
            reverse("core:home"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("reference:country_list"),
            reverse("strategy:framework"),
            reverse("programme:activity_list"),
            reverse("monitoring:summary"),
            reverse("partners:public_list"),
            reverse("events:catalogue"),
            reverse("learning:catalogue"),
            reverse("credentials:verify"),
            reverse("readiness:index"),
            reverse("readiness:access"),
            reverse("community:index"),
            reverse("library:catalogue"),
            reverse("observatory:catalogue"),
            reverse("wellbeing:assistant"),
            reverse("competitions:list"),
        ]
        activity = Activity.objects.filter(is_public=True).order_by("code").first()
        event = Event.objects.filter(activity__is_public=True).order_by("pk").first()
        course = Course.objects.filter(status="published").order_by("slug").first()
        platform = Platform.objects.order_by("slug").first()
        partner = Partner.objects.filter(is_public=True).order_by("slug").first()
        credential = Credential.objects.order_by("pk").first()
        framework = Framework.objects.order_by("pk").first()
        space = (
            Space.objects.filter(visibility="public", youth=False, threads__isnull=False)
            .order_by("slug")
            .first()
        )
        thread = space.threads.order_by("pk").first() if space else None
        publication = publications_public().order_by("slug").first()
        tool = tools_public().order_by("slug").first()
        edition = editions_public().first()
        for record in (
            activity,
            event,
            course,
            platform,
            partner,
            credential,
            framework,
            space,
            thread,
            publication,
            tool,
            edition,
        ):
            if record is not None and hasattr(record, "get_absolute_url"):
                paths.append(record.get_absolute_url())
        if partner is not None:
            paths.append(reverse("partners:public_profile", args=[partner.slug]))
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_public_page_is_accessible_and_requests_nothing_elsewhere(
    page, axe, live_server, demo_platform, language
):
    """axe-core finds no serious or critical violation; every request stays on our host."""
    own_host = urlsplit(live_server.url).netloc
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).netloc not in {own_host, ""}
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    failures = {}
    paths = _public_paths(language)
    assert len(paths) >= 15
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe(page)
        if violations:
            failures[path] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
    assert failures == {}
    assert foreign == []
