"""A person's entries and reviews are exportable and erasable; the counts stay."""

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.competitions import judging, services
from iite.competitions.models import Entry, TeamMember
from iite.competitions.personal_data import erase_entrant_data, export_entrant_data
from iite.programme.models import Participation

from .factories import make_edition, make_entry

pytestmark = pytest.mark.django_db


def test_export_then_erase_keeps_the_pseudonymous_participation():
    edition = make_edition()
    owner = UserFactory()
    entry = make_entry(edition, owner=owner, submit=False, title="Solar tutor")
    services.team_member_invite(entry=entry, email="friend@example.org")
    assert services.entry_submit(entry=entry) == []
    judging.judge_invite(edition=edition, user=UserFactory())
    data = export_entrant_data(owner)
    assert data["entries"][0]["title"] == "Solar tutor"
    assert data["entries"][0]["status"] == "submitted"
    erase_entrant_data(owner)
    assert not Entry.objects.exists()
    assert not TeamMember.objects.exists()
    assert Participation.objects.filter(activity=edition.activity).count() == 1
