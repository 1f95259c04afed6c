"""Person records: people the institute knows of, with or without an account."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from iite.accounts.models import User
from iite.accounts.services import account_delete
from iite.accounts.tests.factories import PASSWORD
from iite.programme.models import Participation, Person
from iite.programme.personal_data import person_export, person_record_export
from iite.programme.services import (
    PersonFacts,
    participation_record,
    participation_record_many,
    person_adopt,
    person_erase,
    person_participation_entry,
    person_record_many,
)
from iite.programme.tests.factories import OFFICER_PERMS, ActivityFactory, person, staff

pytestmark = pytest.mark.django_db


def _attend(activity, record):
    participation_record_many(
        entries=[
            person_participation_entry(
                activity_id=activity.pk, person=record, attended=True, source="attendance"
            )
        ]
    )


def test_person_records_are_keyed_by_normalised_email_else_by_name(countries):
    """One record per address whatever its case and spaces; a name keys a person without one;
    a later report fills what the record lacked and never overwrites what it holds."""
    first = person_record_many(
        facts=[
            PersonFacts(email=" Amina.K@Example.ORG ", name="Amina K", sex="female"),
            PersonFacts(name="  Phone   User "),
        ]
    )
    again = person_record_many(
        facts=[
            PersonFacts(
                email="amina.k@example.org",
                name="A. K.",
                sex="male",
                country_id=countries["KE"].pk,
                role="teacher",
            ),
            PersonFacts(name="phone user"),
        ]
    )
    assert Person.objects.count() == 2
    amina = Person.objects.get(email="amina.k@example.org")
    assert (amina.name, amina.sex, amina.country, amina.role) == (
        "Amina K",
        "female",
        countries["KE"],
        "teacher",
    )
    assert first["amina.k@example.org"].person_key == again["amina.k@example.org"].person_key
    phone = Person.objects.get(email="")
    assert (phone.name, phone.name_key) == ("Phone User", "phone user")
    assert first["name:phone user"].pk == again["name:phone user"].pk == phone.pk


def test_a_person_without_an_account_counts_with_what_the_record_holds(framework, countries):
    """The participation carries the record's key, country, sex and role and no account."""
    [record] = person_record_many(
        facts=[PersonFacts(email="x@example.net", country_id=countries["EG"].pk, sex="female")]
    ).values()
    activity = ActivityFactory(period=framework)
    _attend(activity, record)
    participation = Participation.objects.get()
    assert (
        participation.person_id,
        participation.person_key,
        participation.country,
        participation.sex,
        participation.person_role,
        participation.attended,
    ) == (None, record.person_key, countries["EG"], "female", "", True)


def test_the_account_adopts_the_person_and_its_history_counts_once(framework):
    """On adoption the account takes the record's key; a record made under the account's own
    key for the same activity merges with the person's (flags kept), so each counts once."""
    [record] = person_record_many(facts=[PersonFacts(email="lina@example.org")]).values()
    webinar, course = ActivityFactory(period=framework), ActivityFactory(period=framework)
    _attend(webinar, record)
    user = person("LINA@example.org", sex="female", role="student")
    participation_record(activity=webinar, person=user)
    participation_record(activity=course, person=user, completed=True)
    own_key = user.person_key
    assert person_adopt(user=user) == record
    user.refresh_from_db()
    assert user.person_key == record.person_key
    assert not Participation.objects.filter(person_key=own_key).exists()
    rows = {
        p.activity_id: (p.person_id, p.attended, p.completed, p.sex, p.person_role)
        for p in Participation.objects.filter(person_key=record.person_key)
    }
    assert rows == {
        webinar.pk: (user.pk, True, False, "female", "student"),
        course.pk: (user.pk, False, True, "female", "student"),
    }
    record.refresh_from_db()
    assert record.user == user


def test_signing_up_with_the_address_in_any_case_makes_the_account_that_person(client, framework):
    """Someone counted from a report signs up later with the same address (other case,
    spaces): once the address is confirmed, the account is that person, counted once."""
    [record] = person_record_many(facts=[PersonFacts(email="Omar.Demo@example.net")]).values()
    webinar = ActivityFactory(period=framework)
    _attend(webinar, record)
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Omar",
            "email": "  OMAR.demo@Example.NET ",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "country": "",
            "sex": "male",
            "age_band": "25_34",
            "role": "teacher",
            "institution": "",
            "languages": ["en"],
            "consent": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="omar.demo@example.net")
    assert user.person_key != record.person_key  # not before the address is confirmed
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link.split("testserver", 1)[-1])
    assert EmailAddress.objects.get(user=user).verified
    user.refresh_from_db()
    assert user.person_key == record.person_key
    participation = Participation.objects.get(activity=webinar)
    assert (participation.person_id, participation.sex, participation.person_role) == (
        user.pk,
        "male",
        "teacher",
    )
    assert Participation.objects.values("person_key").distinct().count() == 1


def test_a_person_record_is_exported_and_erased_like_any_personal_data(framework):
    """The export holds what the record says and what it counted; erasure removes the record
    and keeps the participation, pseudonymous, for the indicators."""
    [record] = person_record_many(
        facts=[PersonFacts(email="erase.me@example.net", name="Erase Me", role="teacher")]
    ).values()
    activity = ActivityFactory(code="webinar-erase", period=framework)
    _attend(activity, record)
    data = person_record_export(record)
    assert (data["email"], data["name"], data["role"], data["has_account"]) == (
        "erase.me@example.net",
        "Erase Me",
        "teacher",
        False,
    )
    assert [(row["activity_code"], row["attended"]) for row in data["participation"]] == [
        ("webinar-erase", True)
    ]
    person_erase(person=record)
    assert not Person.objects.exists()
    participation = Participation.objects.get()
    assert (participation.person_key, participation.person_role) == (record.person_key, "teacher")


def test_the_accounts_person_record_goes_with_the_account(framework):
    """The account's export shows the record it adopted; deleting the account erases it."""
    [record] = person_record_many(facts=[PersonFacts(email="kai@example.org", name="Kai")]).values()
    user = person("kai@example.org")
    assert person_adopt(user=user) == record
    assert person_export(user)["name"] == "Kai"
    account_delete(user=user)
    assert not Person.objects.exists()


def test_an_administrator_finds_downloads_and_erases_a_person_record(client, framework):
    """On a person's request: found by exact address (any case), downloaded as JSON, erased
    once the box is ticked; the participation stays, pseudonymous."""
    [record] = person_record_many(
        facts=[PersonFacts(email="ask.me@example.net", name="Ask Me")]
    ).values()
    _attend(ActivityFactory(code="webinar-ask", period=framework), record)
    admin = staff("privacy@iite.example.org", "programme.view_person", "programme.delete_person")
    client.force_login(admin)
    url = reverse("programme:people")
    assert "Ask Me" not in client.get(url, {"q": "ask"}).content.decode()
    body = client.get(url, {"q": " ASK.me@example.net "}).content.decode()
    assert "Ask Me" in body and '<td class="num">1</td>' in body
    download = client.get(reverse("programme:person_download", args=[record.person_key]))
    data = json.loads(download.content)
    assert (data["email"], data["participation"][0]["activity_code"]) == (
        "ask.me@example.net",
        "webinar-ask",
    )
    erase = reverse("programme:person_erase", args=[record.person_key])
    client.post(erase)
    assert Person.objects.exists()
    assert client.post(erase, {"confirm": "on"}).status_code == 302
    assert not Person.objects.exists()
    assert Participation.objects.get().person_key == record.person_key


def test_person_records_are_for_those_who_hold_the_permission(client, framework):
    """A programme officer (no person permission) gets 403 on the page and the download."""
    [record] = person_record_many(facts=[PersonFacts(email="z@example.net")]).values()
    client.force_login(staff("officer@iite.example.org", *OFFICER_PERMS))
    assert client.get(reverse("programme:people"), {"q": "z@example.net"}).status_code == 403
    download = reverse("programme:person_download", args=[record.person_key])
    assert client.get(download).status_code == 403
    erase = reverse("programme:person_erase", args=[record.person_key])
    assert client.post(erase, {"confirm": "on"}).status_code == 403
    assert Person.objects.exists()
