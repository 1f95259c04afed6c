import hashlib

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

# Rows that legitimately differ between runs: sessions and queued task results.
VOLATILE_APPS = {"sessions", "django_tasks_db", "contenttypes"}


def _snapshot() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, ignoring auto-updated timestamps."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in VOLATILE_APPS:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not getattr(field, "auto_now", False) and field.attname != "last_login"
        ]
        rows = model._default_manager.order_by("pk").values_list(*fields)
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        state[model._meta.label] = (model._default_manager.count(), digest)
    return state


@pytest.fixture(autouse=True)
def _scratch_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"


def test_a_second_setup_changes_nothing(capsys):
    """`make run` loads reference, strategy and demo data; running it again writes nothing."""
    call_command("setup_platform")
    first = _snapshot()
    out = capsys.readouterr().out
    assert "Demo administrator: admin@iite.example.org / password: " in out
    call_command("setup_platform")
    second = _snapshot()
    changed = {label for label in first if first[label] != second[label]}
    assert changed == set()
    assert sum(count for count, _digest in first.values()) > 0


def test_the_demo_administrator_can_sign_in(client, settings):
    """The printed login works: the password kept in var/ authenticates the administrator."""
    call_command("setup_platform", no_demo=True)
    call_command("setup_platform")
    password = (settings.VAR_DIR / "demo_admin_password").read_text().strip()
    assert client.login(email="admin@iite.example.org", password=password)
