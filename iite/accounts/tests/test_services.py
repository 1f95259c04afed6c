import logging

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import translation

from iite.accounts.consent import PROFILE_PROCESSING_VERSION
from iite.accounts.models import Consent, User
from iite.accounts.services import (
    account_delete,
    consent_record,
    profile_update,
    staff_role_assign,
    staff_role_remove,
    staff_roles_sync,
    user_complete_signup,
)
from iite.core import registry
from iite.core.registry import PersonalDataHandler
from iite.programme.models import Participation
from iite.programme.services import participation_record

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signup_stores_the_profile_and_the_consent_with_its_version(countries):
    """Sign-up keeps every profile answer and records consent, its wording version and language."""
    user = User.objects.create_user("new@example.org", "pw")
    with translation.override("fr"):
        user_complete_signup(
            user=user,
            data={
                "name": " Lucie Martin ",
                "country": countries["ES"],
                "sex": "female",
                "age_band": "35_44",
                "role": "school_counsellor",
                "institution": "Lycée Molière",
                "languages": ["fr", "en"],
                "consent": True,
            },
        )
    user.refresh_from_db()
    assert (user.name, user.country_id, user.sex, user.age_band, user.role) == (
        "Lucie Martin",
        countries["ES"].pk,
        "female",
        "35_44",
        "school_counsellor",
    )
    assert user.institution == "Lycée Molière"
    assert user.languages == ["en", "fr"]
    assert user.preferred_language == "fr"
    consent = Consent.objects.get(user=user)
    assert (consent.purpose, consent.version, consent.language) == (
        "profile_processing",
        PROFILE_PROCESSING_VERSION,
        "fr",
    )


def test_recording_the_same_consent_twice_keeps_one_record(person):
    """Consent is recorded once per purpose and wording version."""
    first = consent_record(user=person)
    second = consent_record(user=person)
    assert first.pk == second.pk
    assert Consent.objects.filter(user=person).count() == 1


def test_profile_update_carries_changes_to_participation_records(person, activity, countries):
    """After a profile edit, the person's participation records disaggregate by the new answers."""
    participation_record(activity=activity, person=person)
    changed = profile_update(
        user=person,
        data={
            "country": countries["DE"],
            "sex": "another",
            "role": "researcher",
            "age_band": "45_54",
        },
    )
    assert set(changed) == {"country", "sex", "role", "age_band"}
    record = Participation.objects.get()
    assert (record.country_id, record.sex, record.person_role, record.age_band) == (
        countries["DE"].pk,
        "another",
        "researcher",
        "45_54",
    )


def test_profile_update_without_change_writes_nothing(person, django_assert_max_num_queries):
    """Saving an unchanged profile neither saves the user nor touches participation."""
    with django_assert_max_num_queries(2) as captured:
        changed = profile_update(user=person, data={"name": person.name, "sex": person.sex})
    assert changed == []
    assert not [q for q in captured.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_account_delete_erases_the_person_and_keeps_participation_anonymous(
    person, activity, monkeypatch
):
    """Every eraser runs, allauth data and consents go, the participation stays with its key only."""
    erased = []
    monkeypatch.setattr(
        registry,
        "personal_data_handlers",
        [
            *registry.personal_data_handlers,
            PersonalDataHandler("test", lambda u: {}, erased.append),
        ],
    )
    monkeypatch.setattr(
        "iite.accounts.services.personal_data_handlers", registry.personal_data_handlers
    )
    consent_record(user=person)
    participation_record(activity=activity, person=person, attended=True)
    key = person.person_key
    account_delete(user=person)
    assert erased == [person]
    assert not User.objects.filter(email="amina@example.org").exists()
    assert not EmailAddress.objects.filter(email="amina@example.org").exists()
    assert not Consent.objects.exists()
    record = Participation.objects.get()
    assert record.person is None
    assert record.person_key == key
    assert record.attended is True


def test_account_delete_is_all_or_nothing(person, monkeypatch):
    """If one domain's eraser fails, nothing is deleted."""

    def failing(user):
        raise RuntimeError("eraser failed")

    handlers = [PersonalDataHandler("broken", lambda u: {}, failing)]
    monkeypatch.setattr("iite.accounts.services.personal_data_handlers", handlers)
    consent_record(user=person)
    with pytest.raises(RuntimeError):
        account_delete(user=person)
    assert User.objects.filter(pk=person.pk).exists()
    assert Consent.objects.filter(user=person).exists()
    assert EmailAddress.objects.filter(user=person).exists()


def test_staff_roles_sync_creates_six_groups_with_exactly_their_permissions(monkeypatch, caplog):
    """Each role gets exactly its registered permissions; unknown names are logged and skipped."""
    roles = {role: set() for role in registry.STAFF_ROLES}
    roles["Administrator"] = {"accounts.view_user", "accounts.change_user"}
    roles["Reviewer/Judge"] = {"accounts.view_user", "nowhere.do_magic"}
    monkeypatch.setattr("iite.accounts.services.role_permissions", roles)
    stale = Group.objects.create(name="Content editor")
    from django.contrib.auth.models import Permission

    stale.permissions.add(Permission.objects.get(codename="delete_user"))
    with caplog.at_level(logging.WARNING, logger="iite.accounts.services"):
        summary = staff_roles_sync()
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(registry.STAFF_ROLES)
    admin = Group.objects.get(name="Administrator")
    assert sorted(admin.permissions.values_list("codename", flat=True)) == [
        "change_user",
        "view_user",
    ]
    assert list(
        Group.objects.get(name="Reviewer/Judge").permissions.values_list("codename", flat=True)
    ) == ["view_user"]
    assert not Group.objects.get(name="Content editor").permissions.exists()
    assert "nowhere.do_magic" in caplog.text
    assert "skipped unknown: nowhere.do_magic" in summary


def test_staff_roles_sync_is_idempotent():
    """A second run changes nothing: same groups, same permissions."""
    staff_roles_sync()
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    staff_roles_sync()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after
    assert Group.objects.count() == 7


def test_registered_administrator_permissions_include_user_management():
    """The accounts app registers user management for the Administrator role."""
    staff_roles_sync()
    admin = UserFactory(email="boss@example.org")
    staff_role_assign(user=admin, role="Administrator")
    admin = User.objects.get(pk=admin.pk)
    assert admin.has_perm("accounts.change_user")
    assert admin.has_perm("accounts.view_user")


def test_assigning_a_staff_role_makes_staff_and_removing_the_last_one_undoes_it(person):
    """A staff role makes the person staff (so MFA applies); without roles they are not staff."""
    staff_role_assign(user=person, role="Programme officer")
    person.refresh_from_db()
    assert person.is_staff
    assert list(person.groups.values_list("name", flat=True)) == ["Programme officer"]
    staff_role_remove(user=person, role="Programme officer")
    person.refresh_from_db()
    assert not person.is_staff
    with pytest.raises(ValueError):
        staff_role_assign(user=person, role="Emperor")


def test_account_delete_removes_the_person_from_the_audit_trail(person, activity):
    """Entries about the user go; entries for their own changes stay without their identity."""
    from auditlog.context import set_actor
    from auditlog.models import LogEntry

    with set_actor(person, remote_addr="203.0.113.9"):
        profile_update(user=person, data={"institution": "Lycée 12"})
        activity.code = "webinar-ai-renamed"
        activity.save()
    assert LogEntry.objects.get_for_object(person).exists()
    account_delete(user=person)
    assert not LogEntry.objects.filter(object_repr__contains="Amina").exists()
    assert not LogEntry.objects.filter(actor_email="amina@example.org").exists()
    assert not LogEntry.objects.filter(remote_addr="203.0.113.9").exists()
    activity_entry = LogEntry.objects.get_for_object(activity).latest()
    assert activity_entry.actor is None
    assert "webinar-ai-renamed" in str(activity_entry.changes)


@pytest.mark.django_db
def test_partner_focal_point_role_does_not_make_staff():
    """A partner's focal point gets the role but is not IITE staff, so no mandatory TOTP."""
    from iite.accounts.services import staff_role_assign

    user = User.objects.create_user("focal@partner.example.org", "pw")
    staff_role_assign(user=user, role="Partner focal point")
    user.refresh_from_db()
    assert user.groups.filter(name="Partner focal point").exists()
    assert user.is_staff is False


@pytest.mark.django_db
def test_user_create_many_creates_accounts_nobody_can_sign_in_to_and_keeps_existing_ones():
    """People known from records get accounts without a usable password; an existing one stays."""
    from iite.accounts.services import user_create_many

    existing = User.objects.create_user("Kofi@Example.org", "a-long-password-1", name="Kofi")
    accounts = user_create_many(
        people=[
            {"email": "kofi@example.org", "name": "Someone else"},
            {"email": "Amina@Example.org", "name": "Amina", "sex": "female", "role": "teacher"},
        ]
    )
    assert set(accounts) == {"kofi@example.org", "amina@example.org"}
    assert accounts["kofi@example.org"].pk == existing.pk
    assert User.objects.get(pk=existing.pk).name == "Kofi"
    assert accounts["kofi@example.org"].check_password("a-long-password-1")
    amina = User.objects.get(email="amina@example.org")
    assert (amina.name, amina.sex, amina.role) == ("Amina", "female", "teacher")
    assert not amina.has_usable_password()
