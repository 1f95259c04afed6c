import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.utils.html import escape

from iite.accounts.models import User
from iite.strategy.loader import strategy_load_reference
from iite.strategy.models import (
    Initiative,
    LineOfAction,
    ProgrammePillar,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
)
from iite.strategy.selectors import current_period_items
from iite.strategy.tests.factories import ObjectiveFactory, PeriodFactory, PillarFactory

pytestmark = pytest.mark.django_db


def staff_with(*perms):
    user = User.objects.create_user("editor@iite.example.org", "pw", is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def loaded():
    strategy_load_reference()


def test_public_page_shows_the_current_framework(client, loaded):
    """Anyone sees objectives with lines of action, pillars with initiatives, roles, priorities, groups, units."""
    html = client.get("/en/strategy/").content.decode()
    for text in (
        "Medium-Term Strategy 2026–2029",
        "Intersectoral Output 7.4",
        "Policy research and analytical reports",
        "Global Smart Education Conference",
        "Beijing Normal University (BNU)",
        "Capacity Building Pioneer",
        "Priority Africa and SIDS",
        "Students and youth",
        "Unit of ICT in Health Education",
        "Strategy, section III.2",
    ):
        assert text in html, text
    assert "Edit" not in html


def test_public_page_is_translated(client, loaded):
    """In Arabic the titles come from the data file's Arabic text."""
    html = client.get("/ar/strategy/").content.decode()
    assert "الاستراتيجية المتوسطة الأجل للفترة 2026-2029" in html
    assert "المساواة بين الجنسين" in html


def test_lines_of_action_read_in_arabic_with_the_review_note(client, loaded):
    """/ar/strategy/ shows the lines of action in Arabic, none in English, and says the
    translation awaits the institute's review; the English page does not."""
    html = client.get("/ar/strategy/").content.decode()
    assert "البحوث السياساتية والتقارير التحليلية" in html
    assert "Policy research and analytical reports" not in html
    assert 'class="translation-note"' in html
    assert 'class="translation-note"' not in client.get("/en/strategy/").content.decode()


def test_previous_period_can_be_chosen(client, loaded):
    """?period=2022-2025 shows the previous framework and its action areas."""
    html = client.get("/en/strategy/?period=2022-2025").content.decode()
    assert "Action Area 2: Innovative use of ICT in health and wellbeing education" in html
    assert "Output 7.ED3" in html
    assert client.get("/en/strategy/?period=1999").status_code == 404


def test_framework_page_query_count_is_fixed(client, loaded, django_assert_max_num_queries):
    """The page reads the framework in a bounded number of queries whatever its size."""
    with django_assert_max_num_queries(20):
        response = client.get("/en/strategy/")
    assert response.status_code == 200
    html = response.content.decode()
    for model in (StrategicObjective, LineOfAction, ProgrammePillar, Initiative, TargetGroup):
        items = list(model.objects.filter(period__code="2026-2029"))
        assert items, model.__name__
        for item in items:
            assert escape(str(item.title)) in html, (model.__name__, item.code)


def test_editor_sees_edit_links_and_saves_an_item(client, loaded):
    """Staff with change permission edit a pillar; the change is audited."""
    client.force_login(staff_with("strategy.change_programmepillar"))
    pillar = ProgrammePillar.objects.get(period__code="2026-2029", code="P4")
    html = client.get("/en/strategy/").content.decode()
    assert f"/en/strategy/manage/pillars/{pillar.pk}/" in html
    response = client.post(
        f"/en/strategy/manage/pillars/{pillar.pk}/",
        {
            "code": "P4",
            "title_en": "Training, webinars and workshops",
            "title_es": "Formación, seminarios web y talleres",
            "description_en": "Updated.",
            "source_ref": "V, Programme Pillar 4",
            "order": "4",
            "roles": [r.pk for r in pillar.roles.all()],
        },
    )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.title == {
        "en": "Training, webinars and workshops",
        "es": "Formación, seminarios web y talleres",
    }
    assert pillar.objectives.count() == 0
    assert LogEntry.objects.get_for_object(pillar).exists()


def test_form_errors_are_shown_by_field(client, loaded):
    """A duplicate code and an empty title give field errors, nothing saved."""
    client.force_login(staff_with("strategy.change_programmepillar"))
    pillar = ProgrammePillar.objects.get(period__code="2026-2029", code="P4")
    response = client.post(
        f"/en/strategy/manage/pillars/{pillar.pk}/",
        {"code": "P1", "source_ref": "V", "order": "4"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Another item of this period already has this code." in html
    assert "Enter the text in at least one language." in html
    pillar.refresh_from_db()
    assert pillar.code == "P4"


def test_links_are_limited_to_the_same_period(client, loaded):
    """An initiative cannot be attached to a pillar of another period."""
    client.force_login(staff_with("strategy.add_initiative"))
    old_pillar = ProgrammePillar.objects.get(period__code="2022-2025", code="AA1")
    response = client.post(
        "/en/strategy/manage/2026-2029/initiatives/add/",
        {
            "pillar": old_pillar.pk,
            "kind": "platform",
            "code": "P3-NEW",
            "title_en": "New",
            "order": "9",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Initiative.objects.filter(code="P3-NEW").exists()


def test_editor_adds_a_target_group_with_profile_roles(client, loaded):
    """A new target group maps profile roles chosen in the form."""
    client.force_login(staff_with("strategy.add_targetgroup"))
    response = client.post(
        "/en/strategy/manage/2026-2029/target-groups/add/",
        {"code": "parents", "title_en": "Parents", "order": "5", "person_roles": ["parent"]},
    )
    assert response.status_code == 302
    assert TargetGroup.objects.get(code="parents").person_roles == ["parent"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_people_without_permission_cannot_edit(client, loaded, method):
    """Anonymous visitors and staff without the change permission get 403."""
    pillar = ProgrammePillar.objects.get(period__code="2026-2029", code="P1")
    url = f"/en/strategy/manage/pillars/{pillar.pk}/"
    assert getattr(client, method)(url).status_code == 403
    client.force_login(staff_with("strategy.view_programmepillar"))
    assert getattr(client, method)(url, {"code": "Z"}).status_code == 403
    pillar.refresh_from_db()
    assert pillar.code == "P1"


def test_making_a_period_current_unmarks_the_other(client, loaded):
    """Only one period is current after an edit."""
    client.force_login(staff_with("strategy.change_strategyperiod"))
    response = client.post(
        "/en/strategy/manage/period/2022-2025/",
        {
            "title_en": "Medium-Term Strategy 2022–2025",
            "start_year": "2022",
            "end_year": "2025",
            "is_current": "on",
        },
    )
    assert response.status_code == 302
    assert list(StrategyPeriod.objects.filter(is_current=True).values_list("code", flat=True)) == [
        "2022-2025"
    ]


def test_period_years_are_validated(client, loaded):
    """A last year before the first year is a field error."""
    client.force_login(staff_with("strategy.change_strategyperiod"))
    response = client.post(
        "/en/strategy/manage/period/2026-2029/",
        {"title_en": "X", "start_year": "2026", "end_year": "2020"},
    )
    assert "The last year is before the first year." in response.content.decode()


def test_unknown_kind_is_404(client, loaded):
    """A mistyped kind in the address is 404, not 500."""
    client.force_login(staff_with("strategy.change_programmepillar"))
    assert client.get("/en/strategy/manage/widgets/1/").status_code == 404


def test_ui_strings_are_translated(client, loaded):
    """The page's own labels are translated (Russian and Chinese here)."""
    assert "Стратегические цели" in client.get("/ru/strategy/").content.decode()
    assert "目标群体" in client.get("/zh-hans/strategy/").content.decode()


def test_home_page_shows_the_current_periods_pillars_and_objectives(client):
    """The strategy adds its section to the home page through the core's home-section hook."""
    old = PeriodFactory(code="2022-2025", start_year=2022, end_year=2025, is_current=False)
    current = PeriodFactory(code="2026-2029", start_year=2026, end_year=2029, is_current=True)
    PillarFactory(period=old, title={"en": "An old pillar"})
    PillarFactory(period=current, order=1, title={"en": "Research and foresight"})
    ObjectiveFactory(period=current, order=1, title={"en": "Teachers master AI"})
    page = client.get("/en/").content.decode()
    assert "Our programme 2026-2029" in page
    assert "Research and foresight" in page and "Teachers master AI" in page
    assert "An old pillar" not in page


def test_current_period_items_follow_the_period_marked_current_else_the_latest(
    django_assert_num_queries,
):
    """Pillars of the current period; without a period marked current, of the latest one;
    building the queryset runs no query (form fields hold it from import time)."""
    old = PeriodFactory(code="2022-2025", start_year=2022, end_year=2025, is_current=True)
    new = PeriodFactory(code="2026-2029", start_year=2026, end_year=2029, is_current=False)
    old_pillar = PillarFactory(period=old)
    new_pillar = PillarFactory(period=new)
    with django_assert_num_queries(0):
        pillars = current_period_items(ProgrammePillar)
    assert list(pillars) == [old_pillar]
    old.is_current = False
    old.save(update_fields=["is_current"])
    assert list(current_period_items(ProgrammePillar)) == [new_pillar]


def test_edit_links_name_the_item_by_its_title_not_its_code(client, loaded):
    """A screen reader hears "Edit Priority Africa and SIDS", never "Edit africa_sids ·"."""
    client.force_login(staff_with("strategy.change_priority"))
    html = client.get("/en/strategy/").content.decode()
    assert '<span class="visually-hidden" lang="en"> Priority Africa and SIDS</span>' in html
    assert "> africa_sids<" not in html
