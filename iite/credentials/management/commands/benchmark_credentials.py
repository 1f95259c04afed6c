"""Measure batch issuance and single verification. Run it against a scratch database.

It creates `--count` throw-away accounts (emails @bench.invalid) and an achievement,
issues the batch through the same task the platform uses, verifies a sample of the
credentials one by one, prints the timings, then deletes everything it created.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from iite.credentials import services
from iite.credentials.models import Achievement, Credential, CredentialBatch
from iite.credentials.verification import verify_document

BENCH_DOMAIN = "bench.invalid"


class Command(BaseCommand):
    help = "Issue --count credentials as one batch and time single verifications (scratch DB)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--verify-sample", type=int, default=200)

    def handle(self, *args: Any, count: int, verify_sample: int, **options: Any) -> None:
        User = get_user_model()
        achievement, _created = Achievement.objects.get_or_create(
            code="benchmark-achievement",
            defaults={
                "name": {"en": "Benchmark achievement"},
                "description": {"en": "Issued by the benchmark."},
                "criteria": {"en": "Be part of the benchmark."},
            },
        )
        started = time.perf_counter()
        with transaction.atomic():
            User.objects.bulk_create(
                [
                    User(email=f"learner{n}@{BENCH_DOMAIN}", password="!")  # noqa: S106
                    for n in range(count)
                ],
                batch_size=2000,
                ignore_conflicts=True,
            )
        people = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
        self.stdout.write(f"{count} accounts in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        batch = CredentialBatch.objects.create(
            achievement=achievement,
            recipient_ids=list(people.values_list("pk", flat=True)),
            total=count,
        )
        issued = services.credential_batch_run.call(batch.pk)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Batch: {issued} credentials in {elapsed:.1f} s "
            f"({1000 * elapsed / max(issued, 1):.2f} ms each)"
        )

        key = Ed25519PrivateKey.generate()
        message = b"\0" * 64
        started = time.perf_counter()
        for _ in range(issued):
            key.sign(message)
        floor = time.perf_counter() - started
        self.stdout.write(f"Floor (bare Ed25519 signing of {issued} messages): {floor:.1f} s")

        sample = list(
            Credential.objects.filter(achievement=achievement).values_list("document", flat=True)[
                :verify_sample
            ]
        )
        timings = []
        for document in sample:
            started = time.perf_counter()
            assert verify_document(document).valid
            timings.append(1000 * (time.perf_counter() - started))
        timings.sort()
        if timings:
            p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
            self.stdout.write(
                f"Verify ({len(timings)}): median {statistics.median(timings):.1f} ms, "
                f"p99 {p99:.1f} ms"
            )

        with transaction.atomic():
            Credential.objects.filter(achievement=achievement).delete()
            CredentialBatch.objects.filter(achievement=achievement).delete()
            achievement.delete()
            people.delete()
        self.stdout.write("Removed the benchmark's accounts and credentials.")
