import datetime

import factory
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission

from iite.accounts.models import User
from iite.programme.models import Activity, AggregateParticipation, UnitMembership
from iite.reference.models import Country, PriorityRegion
from iite.strategy.tests.factories import PeriodFactory


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = "KZ"
    iso3 = factory.LazyAttribute(
        lambda o: {"KZ": "KAZ", "KE": "KEN", "EG": "EGY", "FR": "FRA"}.get(o.iso2, o.iso2 + "X")
    )
    name = factory.LazyAttribute(
        lambda o: {
            "en": {"KZ": "Kazakhstan", "KE": "Kenya", "EG": "Egypt", "FR": "France"}.get(
                o.iso2, o.iso2
            ),
            "fr": "Pays " + o.iso2,
        }
    )
    status = "member"
    unesco_region = factory.LazyAttribute(
        lambda o: {
            "KZ": "asia_pacific",
            "KE": "africa",
            "EG": "arab_states",
            "FR": "europe_north_america",
        }.get(o.iso2, "africa")
    )


class PriorityRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityRegion
        django_get_or_create = ("code",)

    code = "africa"
    name = factory.LazyAttribute(lambda o: {"en": o.code.title()})
    tier = "priority"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    code = factory.Sequence(lambda n: f"activity-{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Activity {o.code}"})
    kind = "webinar"
    period = factory.SubFactory(PeriodFactory)
    start_date = datetime.date(2026, 3, 1)
    end_date = datetime.date(2026, 3, 1)
    status = "completed"


class AggregateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AggregateParticipation

    activity = factory.SubFactory(ActivityFactory)
    total = 10
    female = 6
    male = 4


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
