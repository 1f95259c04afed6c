"""Factories for the programme's records: every domain's tests take activities and
participation from here."""

import datetime
import uuid

import factory
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission

from iite.accounts.models import User
from iite.programme.models import Activity, AggregateParticipation, Participation, UnitMembership
from iite.reference.tests.factories import CountryFactory  # noqa: F401 (test_demo.py's import)
from iite.strategy.tests.factories import PeriodFactory, UnitFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """A completed webinar of the current period, held on one day."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"activity-{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Activity {o.code}"})
    kind = "webinar"
    period = factory.SubFactory(PeriodFactory)
    # Every activity belongs to a unit; by default one unit of its period no officer is in.
    unit = factory.SubFactory(UnitFactory, period=factory.SelfAttribute("..period"), code="UA")
    start_date = datetime.date(2026, 3, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    status = "completed"
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def pillars(self, create, extracted, **kwargs):
        if create and extracted:
            self.pillars.set(extracted)

    @factory.post_generation
    def target_countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_countries.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A participation record as the programme service writes it (profile copied)."""

    class Meta:
        model = Participation

    activity = factory.SubFactory(ActivityFactory)
    person_key = factory.LazyFunction(uuid.uuid4)
    role = "participant"
    attended = True
    sex = "female"
    person_role = "teacher"


class AggregateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AggregateParticipation
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    total = 10
    female = 6
    male = 4

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


def person(email="p@example.org", **extra):
    return User.objects.create_user(email, "pw", **extra)


def staff(email, *perms, units=()):
    user = User.objects.create_user(email, "pw", is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    for unit in units:
        UnitMembership.objects.create(user=user, unit=unit)
    return User.objects.get(pk=user.pk)


OFFICER_PERMS = (
    "programme.view_activity",
    "programme.view_participation",
    "programme.view_aggregateparticipation",
    "programme.add_activity",
    "programme.change_activity",
    "programme.add_participation",
    "programme.add_aggregateparticipation",
    "programme.import_activities",
)
ADMIN_PERMS = (
    *OFFICER_PERMS,
    "programme.change_any_activity",
    "programme.add_unitmembership",
    "programme.delete_unitmembership",
)
BOARD_PERMS = (
    "programme.view_activity",
    "programme.view_participation",
    "programme.view_aggregateparticipation",
)
