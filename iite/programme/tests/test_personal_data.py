import pytest

from iite.core.registry import personal_data_handlers
from iite.programme.models import Participation
from iite.programme.personal_data import participation_erase, participation_export
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory, person

pytestmark = pytest.mark.django_db


def test_handler_is_registered():
    """The programme domain declares its personal data."""
    assert any(h.name == "programme.participation" for h in personal_data_handlers)


def test_export_lists_the_persons_records(framework):
    """The export has each participation with activity code, title, role and flags."""
    activity = ActivityFactory(code="gsec-2026", title={"en": "GSEC"}, period=framework)
    someone = person()
    participation_record(activity=activity, person=someone, role="speaker", attended=True)
    participation_record(
        activity=ActivityFactory(period=framework), person=person("other@example.org")
    )
    [row] = participation_export(someone)
    assert (
        row["activity_code"],
        row["activity_title"],
        row["role"],
        row["attended"],
        row["certified"],
    ) == ("gsec-2026", "GSEC", "speaker", True, False)


def test_erase_detaches_but_keeps_the_pseudonymous_record(framework):
    """Erasure removes the link to the account; the record and person_key stay for indicators."""
    someone = person()
    participation_record(activity=ActivityFactory(period=framework), person=someone)
    participation_erase(someone)
    record = Participation.objects.get()
    assert record.person_id is None and record.person_key == someone.person_key
    assert participation_export(someone)[0]["activity_code"] == record.activity.code
