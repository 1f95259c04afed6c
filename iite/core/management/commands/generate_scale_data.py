"""Fill an empty database with years of programme records, for benchmarks (bench/scale.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Creates the benchmark data set: at --scale 1 about 50,000 people, 10,000 activities, "
        "1,000,000 participation records, 200,000 enrolments and 50,000 signed credentials, "
        "with a progress bar. Use an empty database of its own."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--credentials",
            type=int,
            default=None,
            help="How many signed credentials to issue (default 50,000 × scale; 0 skips them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from bench.scale import build  # noqa: PLC0415 - the benchmark kit, loaded only here

        built = build(
            options["scale"],
            seed=options["seed"],
            progress=options["verbosity"] > 0,
            credentials=options["credentials"],
        )
        for name, count in built.counts.items():
            seconds = built.seconds.get(name, 0.0)
            self.stdout.write(f"{name:>15}: {count:>9,} rows in {seconds:6.1f} s")
        self.stdout.write(f"{'total':>15}: {built.seconds['total']:6.1f} s")
