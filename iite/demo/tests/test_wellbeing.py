import pytest

from iite.accounts.models import User
from iite.accounts.services import staff_roles_sync
from iite.demo import wellbeing
from iite.wellbeing.models import Answer, AnswerStatus, Helpline

pytestmark = pytest.mark.django_db


def test_demo_has_about_sixty_vetted_answers_helplines_and_a_counsellor(tmp_path, settings):
    """Answers approved in nine languages, the priority region's helplines, a counsellor who can sign in; a second run adds nothing."""
    settings.VAR_DIR = tmp_path
    staff_roles_sync()
    first = wellbeing.load()
    assert first.startswith("69 vetted answers, 19 helplines")
    assert wellbeing.load().startswith("0 vetted answers, 0 helplines")
    assert Answer.objects.exclude(status=AnswerStatus.APPROVED).count() == 0
    assert set(Answer.objects.values_list("language", flat=True)) == {
        "en",
        "fr",
        "es",
        "ar",
        "ru",
        "zh-hans",
        "kk",
        "ky",
        "uz",
    }
    assert {"KZ", "KG", "RU", "UA", "KE", "EG"} <= set(
        Helpline.objects.values_list("country", flat=True)
    )
    counsellor = User.objects.get(email="counsellor@demo.iite.example.org")
    assert counsellor.has_perm("wellbeing.counsel_conversation")
    assert counsellor.check_password((tmp_path / "demo_counsellor_password").read_text().strip())


def test_demo_helplines_are_unverified_until_a_person_checks_them(tmp_path, settings):
    """The demo cannot vouch for a phone number: every demo helpline starts unchecked."""
    settings.VAR_DIR = tmp_path
    staff_roles_sync()
    wellbeing.load()
    assert Helpline.objects.exists()
    assert not Helpline.objects.filter(verified_on__isnull=False).exists()
