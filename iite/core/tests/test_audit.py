"""A record's change history is for those who may see the record's own fields.

Reproduction 2: any staff role read the history of any record (budget lines, every
account's e-mail address, attendee e-mails). Each tracked model now names who may read
its history; the walk below covers every model the trail records.
"""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from iite.accounts.models import User
from iite.accounts.services import staff_role_assign, staff_roles_sync
from iite.accounts.tests.factories import StaffFactory, UserFactory, give_totp
from iite.core.audit import can_view_history, history_permissions, tracked_models
from iite.partners.tests.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db

TRACKED = tracked_models()


def _history_url(model: type[Model], object_id: object) -> str:
    content_type = ContentType.objects.get_for_model(model)
    return reverse("core:audit_history", args=[content_type.pk, object_id])


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _staff(email: str) -> User:
    """A staff member signed in with both factors (force_login), TOTP set up."""
    StaffFactory(email=email)
    staff = User.objects.get(email=email)
    give_totp(staff)
    return staff


def _client_for_role(client: Client, role: str) -> Client:
    """`client` signed in as a new staff member holding `role` alone."""
    reader = _staff(f"{role.split()[0].lower().strip('/')}@iite.example.org")
    staff_role_assign(user=reader, role=role)
    client.force_login(reader)
    return client


def test_the_walk_covers_every_domain_s_records():
    """The models below are every model the trail records, the sensitive ones among them."""
    labels = {model._meta.label for model in TRACKED}
    assert len(labels) > 40
    assert {
        "accounts.User",
        "partners.BudgetLine",
        "partners.InKindContribution",
        "events.Registration",
        "events.Certificate",
        "credentials.Credential",
    } <= labels
    assert history_permissions(User) == ("accounts.change_user",)


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_no_other_permission_opens_a_model_s_history(client, model):
    """Staff holding every permission but the model's own history ones get 403."""
    staff = _staff("everything-else@iite.example.org")
    opening = {_permission(name).pk for name in history_permissions(model)}
    assert opening, "a tracked model names who may read its history"
    staff.user_permissions.set(Permission.objects.exclude(pk__in=opening))
    staff = User.objects.get(pk=staff.pk)  # a fresh permission cache
    assert not can_view_history(staff, model)
    client.force_login(staff)
    assert client.get(_history_url(model, 1)).status_code == 403


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_each_history_permission_opens_it(client, model):
    """Any one of the model's history permissions lets staff in (404: no such record)."""
    for name in history_permissions(model):
        staff = _staff(f"{name}@iite.example.org")
        staff.user_permissions.add(_permission(name))
        client.force_login(staff)
        assert client.get(_history_url(model, 999_999)).status_code == 404, name


def test_people_who_are_not_staff_never_read_a_history(client):
    """A permission held by someone who is not staff does not open a history."""
    person = UserFactory(email="learner@example.org")
    person.user_permissions.add(_permission("accounts.change_user"))
    client.force_login(person)
    assert client.get(_history_url(User, person.pk)).status_code == 403


def test_account_histories_are_for_account_administrators_only(client):
    """A content editor and a programme officer (who may list users) are refused; the
    Administrator role reads the old and new e-mail address."""
    staff_roles_sync()
    account = UserFactory(email="old.address@example.org")
    with set_actor(None):
        account.email = "new.address@example.org"
        account.save()
    url = _history_url(User, account.pk)
    for role in ("Content editor", "Programme officer", "Reviewer/Judge"):
        assert _client_for_role(client, role).get(url).status_code == 403, role
    _client_for_role(client, "Administrator")
    response = client.get(url)
    assert response.status_code == 200
    assert "old.address@example.org" in response.content.decode()


def test_budget_line_histories_are_for_readers_of_the_financial_figures(client):
    """The reproduction: a content editor read a budget line's history; now only the
    roles that see financial figures do."""
    staff_roles_sync()
    line = BudgetLineFactory()
    url = _history_url(type(line), line.pk)
    assert _client_for_role(client, "Content editor").get(url).status_code == 403
    _client_for_role(client, "Governing Board member")
    response = client.get(url)
    assert response.status_code == 200
    assert "1000" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(_history_url(User, 1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
