"""Factories for other domains' tests: a country or priority region without loading the file."""

from __future__ import annotations

import factory

from iite.reference.models import Country, MembershipStatus, PriorityRegion, UnescoRegion


class PriorityRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityRegion
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.code.replace("-", " ").title()})
    tier = PriorityRegion.Tier.PRIORITY
    order = factory.Sequence(lambda n: n)


def _letters(n: int, width: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    for _ in range(width):
        n, index = divmod(n, 26)
        text = alphabet[index] + text
    return text


class CountryFactory(factory.django.DjangoModelFactory):
    """A fictitious Member State with codes XA–XZ and XAA–XZZ, which ISO 3166-1 leaves to
    users, so they do not meet the real countries of the loaded file.

    Every domain's tests draw from this one sequence, so it cycles inside the X range
    rather than running on into real codes (LB, Lebanon) late in a long run; a test gets
    26 distinct default countries before the codes repeat.
    """

    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: _letters(23 * 26 + n % 26, 2))
    iso3 = factory.Sequence(lambda n: _letters(23 * 26 * 26 + n % (26 * 26), 3))
    m49_code = ""
    name = factory.LazyAttribute(
        lambda o: {"en": f"Testland {o.iso2}", "fr": f"Testlande {o.iso2}"}
    )
    status = MembershipStatus.MEMBER_STATE
    unesco_region = UnescoRegion.AFRICA
    electoral_group = "Va"
