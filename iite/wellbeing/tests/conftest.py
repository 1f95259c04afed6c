from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from iite.accounts.tests.factories import UserFactory
from iite.demo.wellbeing import answers_load
from iite.wellbeing.models import Answer, Helpline

from .reports import REPORTS

DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data" / "wellbeing.toml"


def staff_with(role: str, *perms: str, **fields: Any) -> Any:
    """A staff member in `role` holding `perms`, with TOTP set up (staff need MFA)."""
    group, _created = Group.objects.get_or_create(name=role)
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user: Any = UserFactory(is_staff=True, **fields)
    user.groups.add(group)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def counsellor(db: Any) -> Any:
    return staff_with("Counsellor", "wellbeing.counsel_conversation", name="Cora Counsellor")


@pytest.fixture
def reviewer(db: Any) -> Any:
    return staff_with("Reviewer/Judge", "wellbeing.review_answer", name="Dr Rev")


def bank_load(reviewer: Any, keys: set[str] | None = None) -> list[Answer]:
    """The demo answer bank (or the answers of `keys`), written and approved as the demo does."""
    data = tomllib.loads(DEMO_DATA.read_text(encoding="utf-8"))
    if keys is not None:
        data["answers"] = [spec for spec in data["answers"] if spec["key"] in keys]
    answers_load(data, reviewer)
    return list(Answer.objects.all())


@pytest.fixture
def bank(reviewer: Any) -> list[Answer]:
    return bank_load(reviewer)


@pytest.fixture
def small_bank(reviewer: Any) -> list[Answer]:
    return bank_load(reviewer, {"sleep-better", "exams-anxiety", "where-to-get-help"})


@pytest.fixture
def kyrgyz_helplines(db: Any) -> list[Helpline]:
    return [
        Helpline.objects.create(
            country="KG", name="Детский телефон доверия", phone="111", for_children=True
        ),
        Helpline.objects.create(
            country="KG", name="Second line", phone="", url="https://example.org/chat", order=20
        ),
    ]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the evaluation figures after the run, whether the thresholds held or not."""
    for report in REPORTS:
        terminalreporter.write_line(report)
