import pytest
from django.core.management import call_command

from iite.accounts.models import User
from iite.programme.models import Participation

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_generator_command_fills_a_small_scale_data_set(settings, tmp_path, capsys):
    """`manage.py generate_scale_data --scale 0.001` creates people and participation."""
    settings.VAR_DIR = tmp_path
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("generate_scale_data", scale=0.001, credentials=0, verbosity=0)
    assert User.objects.filter(email__endswith="@scale.iite.example.org").count() >= 10
    assert Participation.objects.count() >= 10
    assert "participations" in capsys.readouterr().out
