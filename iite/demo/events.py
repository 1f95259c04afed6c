"""The events' demo data of data/events.toml, loaded through the events' services.

An event that exists already (by its address) is left as it is. The flagship
conferences' pages attach to the activities the programme recorded and follow their
title, dates and modality.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from iite.events.consultations import consultation_submit
from iite.events.models import (
    ConsultationQuestion,
    Event,
    EventSession,
    EventStatus,
    RegistrationQuestion,
    Speaker,
    Theme,
)
from iite.events.services import (
    event_create,
    event_item_add,
    registration_record,
    session_save,
    theme_ensure,
)
from iite.partners.models import Partner
from iite.programme.models import Activity
from iite.reference.models import PriorityRegion
from iite.strategy.models import ProgrammeUnit, TargetGroup
from iite.strategy.selectors import period_current

from .datafiles import people_ensure, read

# The generated texts of the flagship conferences' pages, in the six languages (the
# platform's translation, pending the institute's review like the data files').
FLAGSHIP_SUMMARY = {
    "en": "{title}: a flagship conference of IITE's Pillar 1.",
    "fr": "{title} : une conférence phare du pilier 1 du programme de l'IITE.",
    "es": "{title}: una conferencia emblemática del pilar 1 del programa del IITE.",
    "ar": "{title}: مؤتمر رئيسي ضمن الركيزة 1 لبرنامج المعهد.",
    "ru": "{title} — флагманская конференция направления 1 программы ИИТО.",
    "zh-hans": "{title}：信息技术教育研究所计划支柱1的旗舰会议。",
}
DAY_PLENARY = {
    "en": "Day {day}: plenary",
    "fr": "Jour {day} : séance plénière",
    "es": "Día {day}: sesión plenaria",
    "ar": "اليوم {day}: الجلسة العامة",
    "ru": "День {day}: пленарное заседание",
    "zh-hans": "第{day}天：全体会议",
}
DAY_PARALLEL = {
    "en": "Day {day}: parallel sessions",
    "fr": "Jour {day} : sessions parallèles",
    "es": "Día {day}: sesiones paralelas",
    "ar": "اليوم {day}: الجلسات الموازية",
    "ru": "День {day}: параллельные сессии",
    "zh-hans": "第{day}天：平行会议",
}


class _Loader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.themes: dict[str, Theme] = {
            slug: theme_ensure(slug=slug, name=name) for slug, name in data["themes"].items()
        }
        self.regions = {region.code: region for region in PriorityRegion.objects.all()}
        period = period_current()
        self.groups = list(TargetGroup.objects.filter(period=period)) if period else []
        self.units = {unit.code: unit for unit in ProgrammeUnit.objects.filter(period=period)}
        people = people_ensure(data["people"])
        self.people = {person.email: person for person in people}
        self.created = 0

    def audience(self, roles: list[str]) -> list[TargetGroup]:
        """The current period's target groups that include any of these profile roles."""
        return [group for group in self.groups if set(group.person_roles or []) & set(roles)]

    def event(self, spec: dict[str, Any], **values: Any) -> Event | None:
        """Create the event `spec` describes, or None when its address is taken."""
        if Event.objects.filter(slug=spec["slug"]).exists():
            return None
        names = (
            "sessions",
            "consultation",
            "responses",
            "audiences",
            "regions",
            "themes",
            "registrants",
        )
        fields = {key: value for key, value in spec.items() if key not in names}
        fields["unit"] = self.units[spec["unit"]]
        event = event_create(
            status=EventStatus.PUBLISHED,
            themes=[self.themes[slug] for slug in spec.get("themes", [])],
            target_regions=[self.regions[c] for c in spec.get("regions", []) if c in self.regions],
            target_groups=self.audience(spec.get("audiences", [])),
            **fields,
            **values,
        )
        self.created += 1
        for session in spec.get("sessions", []):
            session_save(session=EventSession(event=event, **session))
        return event

    def series(self) -> Event:
        spec = self.data["series"]
        return self.event(spec) or Event.objects.get(slug=spec["slug"])

    def webinars(self, series: Event) -> None:
        common = self.data["webinar"]
        now = timezone.now()
        for spec in self.data["webinars"]:
            starts = spec["starts_at"]
            ends = starts + timedelta(minutes=spec["minutes"])
            event = self.event(
                {key: value for key, value in spec.items() if key not in ("language", "minutes")}
                | {"audiences": common["audiences"]},
                kind="webinar",
                original_language=spec["language"],
                modality="online",
                languages=[spec["language"]],
                ends_at=ends,
                series=series,
                capacity=common["capacity"],
                joining_url=common["joining_url"],
                captions=common["captions"],
                accessible_materials=common["accessible_materials"],
                summary=spec["title"],
            )
            if event is None:
                continue
            session_save(
                session=EventSession(
                    event=event,
                    title=spec["title"],
                    original_language=spec["language"],
                    starts_at=starts,
                    ends_at=ends,
                    language=spec["language"],
                )
            )
            event_item_add(event=event, item=Speaker(**common["speaker"]))
            event_item_add(event=event, item=RegistrationQuestion(**common["question"]))
            held = event.ends_at < now
            for email in spec["registrants"]:
                registration_record(
                    event=event,
                    user=self.people[email],
                    attended_minutes=common["attended_minutes"] if held else None,
                )

    def youth_forum(self) -> None:
        spec = self.data["youth_forum"]
        forum = self.event(spec)
        if forum is None:
            return
        questions = [
            event_item_add(event=forum, item=ConsultationQuestion(order=order, **question))
            for order, question in enumerate(spec["consultation"], start=1)
        ]
        for response in spec["responses"]:
            person = self.people[response["person"]]
            consultation_submit(
                event=forum,
                user=person,
                answers={
                    question.pk: answer
                    for question, answer in zip(questions, response["answers"], strict=True)
                },
                language=person.preferred_language,
            )

    def flagships(self) -> None:
        """The conferences' pages, around the activities the programme recorded."""
        for spec in self.data["flagships"]:
            if Event.objects.filter(slug=spec["code"]).exists():
                continue
            activity = Activity.objects.filter(code=spec["code"]).first()
            zone = spec["time_zone"]
            starts = datetime.combine(spec["starts_on"], time(1), tzinfo=UTC)
            days = spec["days"]
            title = {"en": spec["title"]}
            modality = "hybrid"
            languages = ["en", "zh-hans"] if zone == "Asia/Shanghai" else ["en", "fr"]
            extra: dict[str, Any] = {}
            if activity is not None:
                # The programme recorded this conference first: the event page follows its
                # title, dates and modality instead of rewriting them.
                starts = datetime.combine(activity.start_date, time(9), tzinfo=ZoneInfo(zone))
                days = (activity.end_date - activity.start_date).days + 1
                title = activity.title.stored()
                modality = activity.modality
                languages = list(activity.languages) or languages
                if activity.description:
                    extra["description"] = activity.description.stored()
            event = event_create(
                slug=spec["code"],
                activity=activity,
                title=title,
                kind="global_conference",
                original_language="en",
                modality=modality,
                languages=languages,
                starts_at=starts,
                ends_at=starts + timedelta(days=days - 1, hours=9),
                time_zone=zone,
                venue=spec["venue"],
                status=EventStatus.PUBLISHED,
                captions=True,
                summary={
                    code: FLAGSHIP_SUMMARY[code].format(title=text)
                    for code, text in title.items()
                    if code in FLAGSHIP_SUMMARY
                }
                | {"_pending": True},
                themes=[self.themes[slug] for slug in spec["themes"]],
                partners=list(Partner.objects.filter(slug__in=spec["partners"])),
                target_groups=self.audience(["policymaker", "teacher", "researcher"]),
                unit=self.units[spec["unit"]],
                **extra,
            )
            self.created += 1
            for offset in range(days):
                start = starts + timedelta(days=offset)
                for titles, begin, hours, room in (
                    (DAY_PLENARY, 0, 3, "Plenary hall"),
                    (DAY_PARALLEL, 5, 4, "Rooms 1–4"),
                ):
                    session_save(
                        session=EventSession(
                            event=event,
                            title={
                                code: text.format(day=offset + 1) for code, text in titles.items()
                            }
                            | {"_pending": True},
                            starts_at=start + timedelta(hours=begin),
                            ends_at=start + timedelta(hours=begin + hours),
                            room=room,
                            language="en",
                        )
                    )


def load() -> str:
    if period_current() is None:
        return "skipped: no strategy period is current"
    loader = _Loader(read("events"))
    loader.webinars(loader.series())
    loader.event(loader.data["training"])
    loader.youth_forum()
    loader.flagships()
    return f"{loader.created} events created"
