import pytest
from django.core.management import call_command

from iite.competitions.models import Assignment, Conflict, Edition, Entry
from iite.core.i18n import untranslated_texts
from iite.credentials.models import Credential
from iite.demo import competitions, programme
from iite.programme.models import Participation

pytestmark = pytest.mark.django_db


def test_demo_has_the_five_competitions_at_their_stages_and_runs_twice(settings, tmp_path):
    """Each 2026 edition sits on the programme's activity; teams, judges, conflicts and scores
    exist; published results issued credentials; a second run adds nothing."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", no_demo=True, verbosity=0)
    programme.load()
    assert competitions.load() == "5 editions, 19 entries"
    stages = dict(Edition.objects.values_list("competition__slug", "stage"))
    assert stages == {
        "huawei-ict": "results",
        "design-for-the-futures": "judging",
        "creativity-in-schools": "open",
        "smart-education-prize": "results",
        "best-paper-practice": "judging",
    }
    huawei = Edition.objects.get(competition__slug="huawei-ict")
    assert huawei.activity.code == "huawei-ict-mea-ca-2026"
    assert huawei.activity.status == "completed"
    assert Entry.objects.filter(edition=huawei, round__number=2).count() == 3
    assert Conflict.objects.filter(judge__edition=huawei, source="country").exists()
    assert Conflict.objects.filter(judge__edition=huawei, source="judge").exists()
    pairs = set(Assignment.objects.values_list("judge_id", "entry_id"))
    assert not pairs & set(Conflict.objects.values_list("judge_id", "entry_id"))
    assert Assignment.objects.filter(
        round__edition__stage="judging", submitted_at__isnull=True
    ).exists()
    # Four teams with a result, nine people: two winners, an honourable mention, a finalist.
    assert Credential.objects.filter(achievement__activity=huawei.activity).count() == 9
    mentor = Participation.objects.get(
        activity=huawei.activity, person__email="rania.mentor@example.org"
    )
    assert mentor.role == "mentor"
    assert Participation.objects.filter(
        activity=huawei.activity, person__email="sami.entrant@example.org", certified=True
    ).exists()
    # Every text the demo loads, and the credentials' achievements, carry the six languages.
    problems = untranslated_texts()
    assert [p for p in problems if p.startswith(("competitions.", "credentials."))] == []
    assert competitions.load() == "0 editions, 0 entries"
