"""Scale data: years of programme records, for benchmarks.

    python -m bench.scale --scale 1      # ~50,000 people, 10,000 activities,
                                         # 1,000,000 participations, 200,000 enrolments,
                                         # 50,000 signed credentials

Run it against an empty database of its own (`make bench` creates one). People,
activities and participation are distributed over Member States (priority regions
weighted up, as the strategy asks), sexes, roles, languages, pillars and the
half-years of both strategy periods. Rows go in with bulk inserts: Django's
bulk_create for models with logic worth keeping, executemany (COPY on PostgreSQL) for
the big tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

WEIGHTS_SEX = {"female": 56, "male": 40, "another": 1, "not_stated": 3}
WEIGHTS_ROLE = {
    "teacher": 46,
    "school_counsellor": 4,
    "teacher_trainer": 5,
    "policymaker": 8,
    "student": 14,
    "youth": 7,
    "researcher": 6,
    "parent": 2,
    "lifelong_learner": 6,
    "technology_partner": 2,
}
WEIGHTS_AGE = {
    "18_24": 12,
    "25_34": 26,
    "35_44": 27,
    "45_54": 20,
    "55_64": 9,
    "65_plus": 2,
    "under_18": 2,
    "not_stated": 2,
}
# Share of activities by kind, and the typical number of people in one.
KINDS: dict[str, tuple[float, int]] = {
    "webinar": (30, 140),
    "training": (12, 45),
    "course": (12, 220),
    "learning_resource": (6, 60),
    "global_conference": (1.5, 600),
    "regional_convention": (4, 180),
    "round_table": (3, 30),
    "youth_forum": (3, 90),
    "research_report": (4, 6),
    "policy_brief": (4, 4),
    "best_practices": (3, 10),
    "competition": (3, 120),
    "award": (2, 40),
    "policy_advice": (6, 12),
    "platform": (0.5, 300),
    "national_event": (6, 80),
}
LANGUAGES = {"en": 40, "ru": 22, "fr": 10, "ar": 10, "zh-hans": 10, "es": 8}
REGION_WEIGHT = {
    "africa": 3.0,
    "arab_states": 2.5,
    "asia_pacific": 1.4,
    "europe_north_america": 1.2,
    "latin_america_caribbean": 1.0,
}
EECA_BOOST = 2.0
BATCH = 20_000


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert_rows(cursor: Any, table: str, columns: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows into `table`: PostgreSQL's COPY (its bulk path, several times faster
    than an INSERT per row on the million-row table and its indexes), an executemany
    of INSERT elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns.split(",")))
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _progress(total: int, desc: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rows", disable=not enabled, leave=False)


def build(
    scale: float, *, seed: int = 2026, progress: bool = True, credentials: int | None = None
) -> Built:
    """Create the scale data set; the database must hold no earlier scale data.

    `credentials` is how many signed credentials to issue (default: 50,000 x scale; 0
    skips the phase). Issuing is the slow phase (every credential is genuinely signed),
    so `make bench` builds the data without it and measures issuance on its own.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from iite.accounts.models import User
    from iite.programme.models import Activity, Participation
    from iite.reference.models import Country
    from iite.strategy.models import ProgrammePillar, ProgrammeUnit, StrategyPeriod

    rng = random.Random(seed)
    built = Built()
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("setup_platform", no_demo=True, verbosity=0, stdout=quiet)
    built.seconds["reference"] = time.perf_counter() - started
    if User.objects.filter(email__endswith="@scale.iite.example.org").exists():
        raise SystemExit("This database already holds scale data: use an empty database.")

    countries = list(Country.objects.prefetch_related("priority_regions"))
    country_weights = []
    for country in countries:
        weight = REGION_WEIGHT.get(country.unesco_region, 1.0)
        if any(
            region.code in {"eeca", "eastern-europe-central-asia"}
            for region in country.priority_regions.all()
        ):
            weight *= EECA_BOOST
        country_weights.append(weight * (0.2 if country.status == "associate" else 1.0))
    periods = {period.code: period for period in StrategyPeriod.objects.all()}
    current = next(p for p in periods.values() if p.is_current)
    previous = next((p for p in periods.values() if not p.is_current), current)
    pillars = {
        code: list(ProgrammePillar.objects.filter(period=period).values_list("id", flat=True))
        for code, period in periods.items()
    }
    # Every activity belongs to a programme unit of its period.
    units = {
        code: list(ProgrammeUnit.objects.filter(period=period).values_list("id", flat=True))
        for code, period in periods.items()
    }

    # --- People -------------------------------------------------------------------------------
    n_people = max(10, round(50_000 * scale))
    t0 = time.perf_counter()
    sexes = _weighted(rng, WEIGHTS_SEX, n_people)
    roles = _weighted(rng, WEIGHTS_ROLE, n_people)
    ages = _weighted(rng, WEIGHTS_AGE, n_people)
    homes = rng.choices(countries, weights=country_weights, k=n_people)
    languages = _weighted(rng, LANGUAGES, n_people)
    joined = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    people = [
        User(
            email=f"person{i}@scale.iite.example.org",
            password="!",  # noqa: S106  (unusable: nobody signs in as generated people)
            name=f"Person {i}",
            person_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            country_id=homes[i].pk,
            sex=sexes[i],
            age_band=ages[i],
            role=roles[i],
            languages=[languages[i]],
            preferred_language=languages[i],
            date_joined=joined + dt.timedelta(minutes=i),
        )
        for i in range(n_people)
    ]
    bar = _progress(n_people, "people", progress)
    with transaction.atomic():
        for chunk in _chunks(people, 5_000):
            User.objects.bulk_create(chunk, batch_size=5_000)
            bar.update(len(chunk))
    bar.close()
    person_rows = list(
        User.objects.filter(email__endswith="@scale.iite.example.org")
        .order_by("pk")
        .values_list("pk", "person_key", "country_id", "sex", "age_band", "role")
    )
    built.counts["people"] = len(person_rows)
    built.seconds["people"] = time.perf_counter() - t0

    # --- Activities -----------------------------------------------------------------------------
    n_activities = max(10, round(10_000 * scale))
    t0 = time.perf_counter()
    kind_names = list(KINDS)
    kinds = rng.choices(kind_names, weights=[KINDS[k][0] for k in kind_names], k=n_activities)
    if "course" not in kinds:
        kinds[0] = "course"  # tiny scales still get a course, its enrolments and credentials
    today = dt.date(2026, 11, 23)
    activities = []
    for i, kind in enumerate(kinds):
        year = rng.choices(range(2022, 2030), weights=[6, 7, 8, 9, 14, 12, 10, 8])[0]
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        length = 0 if kind in {"webinar", "round_table", "policy_brief"} else rng.randrange(0, 60)
        end = start + dt.timedelta(days=length)
        language = _weighted(rng, LANGUAGES, 1)[0]
        period = current if year >= 2026 else previous
        activities.append(
            Activity(
                code=f"scale-{i:06d}",
                title={"en": f"{kind.replace('_', ' ').title()} {i}", language: f"{kind} {i}"},
                original_language=language,
                kind=kind,
                period=period,
                unit_id=units[period.code][i % len(units[period.code])],  # keeps the rng stream
                start_date=start,
                end_date=end,
                modality=rng.choice(["online", "online", "onsite", "hybrid"]),
                languages=[language],
                status="completed" if end < today else ("ongoing" if start <= today else "planned"),
                is_public=True,
            )
        )
    with transaction.atomic():
        Activity.objects.bulk_create(activities, batch_size=2_000)
    activity_rows = list(
        Activity.objects.filter(code__startswith="scale-")
        .order_by("pk")
        .values_list("pk", "kind", "start_date", "period__code")
    )
    through_pillars = Activity.pillars.through
    through_countries = Activity.target_countries.through
    pillar_links, country_links = [], []
    for pk, _kind, _start, period_code in activity_rows:
        choices = pillars.get(period_code) or []
        if choices:
            pillar_links.append(
                through_pillars(activity_id=pk, programmepillar_id=rng.choice(choices))
            )
        for country in rng.sample(countries, k=rng.choice([0, 1, 1, 2, 3])):
            country_links.append(through_countries(activity_id=pk, country_id=country.pk))
    with transaction.atomic():
        through_pillars.objects.bulk_create(pillar_links, batch_size=5_000)
        through_countries.objects.bulk_create(country_links, batch_size=5_000)
    built.counts["activities"] = len(activity_rows)
    built.seconds["activities"] = time.perf_counter() - t0

    # --- Participation: the big table, through executemany or COPY ---------------------------
    t0 = time.perf_counter()
    target = max(10, round(1_000_000 * scale))
    sizes = [
        max(1, int(rng.lognormvariate(0, 0.7) * KINDS[kind][1])) for _pk, kind, *_ in activity_rows
    ]
    factor = target / sum(sizes)
    sizes = [min(len(person_rows), max(1, round(size * factor))) for size in sizes]
    table = Participation._meta.db_table
    columns = (
        "activity_id, person_id, person_key, role, attended, completed, certified, country_id, "
        "sex, age_band, person_role, source, created_at, updated_at"
    )
    bar = _progress(sum(sizes), "participation", progress)
    rows: list[tuple[Any, ...]] = []
    written = 0
    uuid_as_text = connection.vendor == "sqlite"
    with transaction.atomic(), connection.cursor() as cursor:
        for (pk, kind, start, _period), size in zip(activity_rows, sizes, strict=True):
            when = dt.datetime.combine(start, dt.time(12), tzinfo=dt.UTC)
            is_course = kind in {"course", "learning_resource", "training"}
            for index in rng.sample(range(len(person_rows)), size):
                person_pk, key, home, sex, age, role = person_rows[index]
                attended = rng.random() < 0.8
                completed = is_course and attended and rng.random() < 0.55
                certified = completed and rng.random() < 0.7
                rows.append(
                    (
                        pk, person_pk, key.hex if uuid_as_text else key,
                        "participant" if rng.random() < 0.97 else "speaker",
                        attended, completed, certified, home, sex, age, role,
                        "enrolment" if is_course else "attendance", when, when,
                    )
                )  # fmt: skip
                if len(rows) >= BATCH:
                    _insert_rows(cursor, table, columns, rows)
                    written += len(rows)
                    bar.update(len(rows))
                    rows.clear()
        if rows:
            _insert_rows(cursor, table, columns, rows)
            written += len(rows)
            bar.update(len(rows))
    bar.close()
    built.counts["participations"] = written
    built.seconds["participations"] = time.perf_counter() - t0

    # --- Courses and enrolments ---------------------------------------------------------------
    t0 = time.perf_counter()
    built.counts["enrolments"] = _enrolments(rng, scale, activity_rows, person_rows, progress)
    built.seconds["enrolments"] = time.perf_counter() - t0

    # --- Credentials: genuinely signed, through the batch issuance service ---------------------
    t0 = time.perf_counter()
    wanted = round(50_000 * scale) if credentials is None else credentials
    built.counts["credentials"] = _credentials(wanted, progress) if wanted > 0 else 0
    built.seconds["credentials"] = time.perf_counter() - t0
    built.seconds["total"] = time.perf_counter() - started
    return built


def _enrolments(
    rng: random.Random,
    scale: float,
    activity_rows: list[tuple[Any, ...]],
    person_rows: list[tuple[Any, ...]],
    progress: bool,
) -> int:
    from django.db import connection, transaction

    from iite.credentials.models import Achievement
    from iite.learning.models import Course, Enrolment

    course_activities = [row for row in activity_rows if row[1] == "course"]
    if not course_activities:
        return 0
    achievements = [
        Achievement(
            code=f"scale-course-{pk}",
            name={"en": f"Course {pk}"},
            description={"en": "Completed the course."},
            criteria={"en": "All required lessons and the final quiz passed."},
            activity_id=pk,
        )
        for pk, *_ in course_activities
    ]
    with transaction.atomic():
        Achievement.objects.bulk_create(achievements, batch_size=2_000)
        achievement_ids = dict(
            Achievement.objects.filter(code__startswith="scale-course-").values_list(
                "activity_id", "pk"
            )
        )
        Course.objects.bulk_create(
            [
                Course(
                    slug=f"scale-course-{pk}",
                    title={"en": f"Course {pk}"},
                    summary={"en": "A course of the scale data set."},
                    languages=["en"],
                    topic="ai_competencies",
                    status="published",
                    published_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC),
                    activity_id=pk,
                    achievement_id=achievement_ids[pk],
                )
                for pk, _kind, start, _period in course_activities
            ],
            batch_size=2_000,
        )
    courses = list(
        Course.objects.filter(slug__startswith="scale-course-").values_list("pk", "published_at")
    )
    target = max(1, round(200_000 * scale))
    per_course = max(1, min(len(person_rows), target // len(courses)))
    table = Enrolment._meta.db_table
    columns = "user_id, course_id, enrolled_at, last_activity_at, completed_at"
    written = 0
    bar = _progress(per_course * len(courses), "enrolments", progress)
    with transaction.atomic(), connection.cursor() as cursor:
        rows: list[tuple[Any, ...]] = []
        for course_pk, published_at in courses:
            published = published_at or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            for index in rng.sample(range(len(person_rows)), per_course):
                enrolled = published + dt.timedelta(days=rng.randrange(120))
                done = (
                    enrolled + dt.timedelta(days=rng.randrange(5, 40))
                    if rng.random() < 0.45
                    else None
                )
                rows.append((person_rows[index][0], course_pk, enrolled, done or enrolled, done))
                if len(rows) >= BATCH:
                    _insert_rows(cursor, table, columns, rows)
                    written += len(rows)
                    bar.update(len(rows))
                    rows.clear()
        if rows:
            _insert_rows(cursor, table, columns, rows)
            written += len(rows)
            bar.update(len(rows))
    bar.close()
    return written


def _credentials(target: int, progress: bool) -> int:
    """Signed credentials for completed enrolments, issued through the batch service."""
    from iite.credentials.models import Achievement, Credential, CredentialBatch
    from iite.credentials.services import credential_batch_run
    from iite.learning.models import Enrolment

    completed = (
        Enrolment.objects.filter(
            completed_at__isnull=False, course__slug__startswith="scale-course-"
        )
        .order_by("pk")
        .values_list("course__achievement_id", "user_id")[:target]
    )
    by_achievement: dict[int, list[int]] = {}
    for achievement_id, user_id in completed:
        by_achievement.setdefault(achievement_id, []).append(user_id)
    bar = _progress(sum(len(v) for v in by_achievement.values()), "credentials", progress)
    for achievement_id, user_ids in by_achievement.items():
        batch = CredentialBatch.objects.create(
            achievement=Achievement.objects.get(pk=achievement_id),
            recipient_ids=sorted(user_ids),
            total=len(user_ids),
        )
        credential_batch_run.call(batch.pk)
        bar.update(len(user_ids))
    bar.close()
    return Credential.objects.filter(achievement__code__startswith="scale-course-").count()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--credentials",
        type=int,
        default=None,
        help="signed credentials to issue (default 50,000 x scale; 0 skips the slow phase)",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    built = build(args.scale, seed=args.seed, progress=not args.quiet, credentials=args.credentials)
    for name, count in built.counts.items():
        print(f"{name:>15}: {count:>9,} rows in {built.seconds.get(name, 0):6.1f} s")
    print(f"{'total':>15}: {built.seconds['total']:6.1f} s")


if __name__ == "__main__":
    main()
