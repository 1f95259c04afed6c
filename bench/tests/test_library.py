"""The library benchmark runs end to end at a tiny size, so it never rots.

It checks that the generated library is searchable and harvestable and that the figures
and their floors come back and render; never how fast anything is.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import library, report
from iite.library import oai
from iite.strategy.tests.factories import PeriodFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_the_library_benchmark_runs_at_a_tiny_size(monkeypatch: Any) -> None:
    """Twelve generated publications are searched in several languages and harvested over
    three OAI-PMH pages; the figures stand beside their floors and render in RESULTS.md."""
    UnitFactory(period=PeriodFactory())
    monkeypatch.setattr(oai, "PAGE_SIZE", 5)
    figures = library.run(publications=12, chunks=3, queries=4)

    assert figures["build"]["publications"] == 12
    assert figures["build"]["chunks"] == 36
    found = figures["search"]
    assert found["queries"] == 4
    assert found["passages"] >= 36
    assert found["mean_results"] > 0
    assert found["p95_ms"] > 0 and found["floor"]["p95_ms"] > 0 and found["p95_ratio"] > 0
    harvest = figures["harvest"]
    assert harvest["records"] == 12
    assert harvest["pages"] == 3
    assert harvest["floor_rows"] == 12
    assert harvest["ratio"] > 0 and harvest["last_over_first"] > 0

    lines = "\n".join(report._library(figures))
    assert "12 generated publications, 36 passages" in lines
    assert "OAI-PMH ListRecords, whole harvest (12 records, 3 pages)" in lines
