"""The call's eligibility rules, checked when an entry is submitted.

Each broken rule gives one message that names the rule and what the entry or profile
says, in the reader's language, so the applicant knows what to change.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iite.accounts.models import AgeBand, PersonRole, User
from iite.reference.models import UnescoRegion

from .models import Entry, MemberRole


def _labels(choices: Any, values: list[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(value, value)) for value in values)


def _person_problems(edition: Any, person: User, allowed_countries: set[int]) -> list[str]:
    who = person.name or person.email
    problems = []
    if edition.eligible_roles and person.role not in edition.eligible_roles:
        problems.append(
            _(
                "Rule “who may enter”: this call is open to %(allowed)s; the profile of "
                "%(who)s says %(found)s."
            )
            % {
                "allowed": _labels(PersonRole, edition.eligible_roles),
                "who": who,
                "found": _labels(PersonRole, [person.role]) if person.role else _("no role"),
            }
        )
    if edition.eligible_age_bands and person.age_band not in edition.eligible_age_bands:
        problems.append(
            _(
                "Rule “age”: this call is open to ages %(allowed)s; the profile of %(who)s "
                "says %(found)s."
            )
            % {
                "allowed": _labels(AgeBand, edition.eligible_age_bands),
                "who": who,
                "found": _labels(AgeBand, [person.age_band]) if person.age_band else _("no age"),
            }
        )
    if allowed_countries or edition.eligible_regions:
        country = person.country
        in_country = country is not None and country.pk in allowed_countries
        in_region = country is not None and country.unesco_region in edition.eligible_regions
        if not (in_country or in_region):
            problems.append(
                _(
                    "Rule “countries and regions”: this call is open to %(allowed)s; the profile "
                    "of %(who)s says %(found)s."
                )
                % {
                    "allowed": ", ".join(
                        [
                            *(str(c.name) for c in edition.eligible_countries.all()),
                            _labels(UnescoRegion, edition.eligible_regions),
                        ]
                    ).strip(", "),
                    "who": who,
                    "found": str(country.name) if country is not None else _("no country"),
                }
            )
    return problems


def edition_rules(edition: Any) -> dict[str, str]:
    """The call's restrictions as readable lists, for its page."""
    return {
        "roles": _labels(PersonRole, edition.eligible_roles),
        "ages": _labels(AgeBand, edition.eligible_age_bands),
        "places": ", ".join(
            part
            for part in (
                _labels(UnescoRegion, edition.eligible_regions),
                ", ".join(str(country.name) for country in edition.eligible_countries.all()),
            )
            if part
        ),
    }


def entry_problems(entry: Entry, *, now: datetime.datetime | None = None) -> list[str]:
    """Every eligibility rule the entry breaks, as messages naming the rule; [] when eligible."""
    edition = entry.edition
    now = now or timezone.now()
    problems: list[Any] = []
    if not (edition.stage == "open" and edition.opens_at <= now < edition.closes_at):
        problems.append(_("Rule “deadline”: the call for entries is closed."))
    members = list(entry.members.select_related("user__country"))
    # Mentors accompany the team; the rules are about the entrants.
    people = [
        entry.owner,
        *(m.user for m in members if m.user is not None and m.role == MemberRole.MEMBER),
    ]
    allowed_countries = set(edition.eligible_countries.values_list("pk", flat=True))
    for person in people:
        problems.extend(_person_problems(edition, person, allowed_countries))
    size = 1 + sum(1 for m in members if m.role == MemberRole.MEMBER)
    if not edition.team_min <= size <= edition.team_max:
        if edition.team_max == 1:
            problems.append(_("Rule “team size”: this call takes individual entries only."))
        else:
            problems.append(
                ngettext(
                    "Rule “team size”: teams of %(min)s to %(max)s people; "
                    "yours has %(size)s person.",
                    "Rule “team size”: teams of %(min)s to %(max)s people; "
                    "yours has %(size)s people.",
                    size,
                )
                % {"min": edition.team_min, "max": edition.team_max, "size": size}
            )
    if any(person.age_band == AgeBand.UNDER_18 for person in people) and not (
        entry.supervisor_name.strip() and entry.supervisor_email and entry.supervisor_role
    ):
        problems.append(
            _(
                "Rule “minors”: an entry with a member under 18 needs a named supervising "
                "teacher or guardian, with their e-mail address."
            )
        )
    answers = entry.answers or {}
    for question in edition.questions.all():
        if question.required and not str(answers.get(str(question.pk), "")).strip():
            problems.append(
                format_lazy(_("Rule “complete entry”: answer the question “{}”."), question.text)
            )
    if not entry.title.strip():
        problems.append(_("Rule “complete entry”: give the entry a title."))
    return [str(problem) for problem in problems]
