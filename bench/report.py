"""bench/RESULTS.md from the figures of each database (see bench.run)."""

from __future__ import annotations

import datetime as dt
from typing import Any

GOALS = {
    "dashboard_cold_s": 1.0,
    "dashboard_cold_over_floor": 3.0,
    "dashboard_warm_s": 0.050,
    "pages_rps": 1000.0,
    "pages_p99_ms": 250.0,
    "import_ratio": 5.0,
    "credentials_50k_s": 300.0,
    "verify_p99_ms": 50.0,
    "hostile_p99_ms": 1000.0,
    "proxy_over_ceiling": 0.5,
    "proxy_p99_ms": 50.0,
    "mixed_learner_p99_ms": 500.0,
}


def verdict(value: float, goal: float, *, lower_is_better: bool = True) -> str:
    """'met' or 'missed by N% (x.y times the goal)'."""
    if value is None:
        return "not measured"
    met = value <= goal if lower_is_better else value >= goal
    if met:
        return "**met**"
    if lower_is_better:
        return f"**missed** by {value - goal:.3g} ({value / goal:.2f}× the goal)"
    return f"**missed** by {goal - value:.3g} ({value / goal:.2f}× the goal)"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _kib(kib: float) -> str:
    return f"{kib / 1024:,.1f} MiB"


def _dashboard(d: dict[str, Any]) -> list[str]:
    cold, warm, floor = d["cold_s"], d["warm_s"], d["floor_s"]
    return [
        f"Scope: {d['scope']}, all {d['indicators']} indicators ({d['measures']} measures) with "
        f"every disaggregation ({d['dimension_tables']} tables, as the dashboard renders them "
        f"through `selectors.indicator_report`), over {d['participations']:,} participation "
        f"records. Medians of {d['runs']} runs (warm: of {3 * d['runs']}).",
        "",
        "| figure | median | floor | ratio to floor | goal | verdict |",
        "|---|---:|---:|---:|---|---|",
        f"| floor: one `GROUP BY` (country, sex, role; {d['floor_groups']} groups) | "
        f"{_ms(floor)} | | | | |",
        f"| cold (cache invalidated) | {_ms(cold)} | {_ms(floor)} | {cold / floor:.2f}× | "
        f"< 1 s and ≤ 3× floor | time {verdict(cold, GOALS['dashboard_cold_s'])}; "
        f"ratio {verdict(cold / floor, GOALS['dashboard_cold_over_floor'])} |",
        f"| warm (cached) | {_ms(warm)} | {_ms(floor)} | {warm / floor:.3f}× | < 50 ms | "
        f"{verdict(warm, GOALS['dashboard_warm_s'])} |",
        "",
        "Cold runs: "
        + ", ".join(_ms(s) for s in d["cold_runs_s"])
        + "; floor runs: "
        + ", ".join(_ms(s) for s in d["floor_runs_s"])
        + ".",
    ]


def _errors(figures: dict[str, Any]) -> str:
    kinds = figures.get("error_kinds") or {}
    detail = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    return f"{figures['errors']} ({detail})" if detail else str(figures["errors"])


def _pages(p: dict[str, Any]) -> list[str]:
    lines = [
        "| page | path | bytes | conns | app req/s | app p50 | app p99 | proxy req/s | "
        "proxy p50 | proxy p99 | nginx req/s | nginx p50 | nginx p99 | app/nginx | "
        "proxy/nginx | errors (app, proxy) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, per in p["pages"].items():
        for count, figures in per.items():
            if count == "bytes":
                continue
            app, ceiling = figures["app"], figures["ceiling"]
            proxy = figures.get("proxy")
            proxy_cells = (
                f"{proxy['rps']:,.0f} | {proxy['p50_ms']:.2f} ms | {proxy['p99_ms']:.2f} ms"
                if proxy
                else "not measured | | "
            )
            ratio = f"{figures['proxy_over_ceiling']:.2f}" if proxy else ""
            lines.append(
                f"| {name} | `{p['paths'][name]}` | {per['bytes']:,} | {count} | "
                f"{app['rps']:,.0f} | {app['p50_ms']:.1f} ms | {app['p99_ms']:.1f} ms | "
                f"{proxy_cells} | {ceiling['rps']:,.0f} | {ceiling['p50_ms']:.2f} ms | "
                f"{ceiling['p99_ms']:.2f} ms | {figures['rps_over_ceiling']:.3f} | {ratio} | "
                f"{_errors(app)}, {_errors(proxy) if proxy else '-'} |"
            )
    rss = p.get("worker_rss_kib", {})
    anon = p.get("worker_anon_kib", {})
    lines += [
        "",
        f"**Memory** after the page benchmark, {len(rss)} gunicorn workers: VmRSS "
        + ", ".join(_kib(v) for v in rss.values())
        + "; of which anonymous (RssAnon: the Python heap; on SQLite the rest is mostly "
        "database file pages mapped by `PRAGMA mmap_size`, shared between workers) "
        + ", ".join(_kib(v) for v in anon.values())
        + f"; master VmRSS {_kib(p.get('master_rss_kib', 0))}.",
    ]
    return lines


def _imports(i: dict[str, Any]) -> list[str]:
    small, large = (str(size) for size in i["sizes"])
    lines = [
        "| import | rows | file | time | floor (executemany) | ratio | goal ≤ 5× | "
        "heap growth (RssAnon) | per 1,000 rows |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for kind, label in (("zoom", "Zoom report (events)"), ("programme", "participation CSV")):
        for size in (small, large):
            f = i[kind][size]
            lines.append(
                f"| {label} | {f['rows']:,} | {f['bytes'] / 1024 / 1024:.1f} MiB | "
                f"{f['seconds']:.2f} s | {f['floor_s']:.2f} s | {f['ratio']:.1f}× | "
                f"{verdict(f['ratio'], GOALS['import_ratio'])} | {_kib(f['growth_kib'])} | "
                f"{f['growth_kib'] / max(1, f['rows']) * 1000:,.0f} KiB |"
            )
    for size in (small, large):
        f = i["zoom"][size]
        if "floor_written_s" in f:
            lines.append(
                f"\nZoom at {f['rows']:,} rows against a second floor, a bare executemany of every "
                f"row the import writes (staged joins, attendees, person records, participation, "
                f"registrations' update): {f['floor_written_s']:.2f} s, ratio "
                f"{f['ratio_written']:.1f}×."
            )
    for kind, label in (("zoom", "Zoom"), ("programme", "Participation CSV")):
        a, b = i[kind][small], i[kind][large]
        flat = b["growth_kib"] <= max(3 * a["growth_kib"], 16 * 1024)
        lines.append(
            f"\n{label}: heap growth at {b['rows']:,} rows is {_kib(b['growth_kib'])} against "
            f"{_kib(a['growth_kib'])} at {a['rows']:,} rows (×{b['rows'] / max(1, a['rows']):.0f} "
            f"rows): {'flat (goal met)' if flat else '**grows with the file (goal missed)**'} "
            "(flat: at most 3× the smaller file's growth, or under 16 MiB)."
        )
    return lines


def _credentials(c: dict[str, Any]) -> list[str]:
    return [
        "| figure | value | floor | ratio | goal | verdict |",
        "|---|---:|---:|---:|---|---|",
        f"| batch of {c['cohort']:,} (background task, progress {c['batch_progress']}, "
        f"{c['batch_status']}) | {c['issue_s']:.2f} s ({c['issue_per_credential_ms']:.2f} ms "
        f"each) | {c['sign_floor_s']:.3f} s | {c['issue_over_floor']:.0f}× | | |",
        f"| 50,000 (extrapolated linearly from the batch) | {c['issue_50k_s']:.0f} s | "
        f"{c['sign_floor_s'] / c['cohort'] * 50_000:.1f} s | {c['issue_over_floor']:.0f}× | "
        f"< 300 s | {verdict(c['issue_50k_s'], GOALS['credentials_50k_s'])} |",
        f"| verification p50 ({c['verify_n']} credentials, one at a time) | "
        f"{c['verify_p50_ms']:.1f} ms | {c['verify_floor_ms']:.3f} ms | "
        f"{c['verify_p50_over_floor']:.0f}× | | |",
        f"| verification p99 | {c['verify_p99_ms']:.1f} ms | {c['verify_floor_ms']:.3f} ms | "
        f"{c['verify_p99_ms'] / c['verify_floor_ms']:.0f}× | < 50 ms | "
        f"{verdict(c['verify_p99_ms'], GOALS['verify_p99_ms'])} |",
    ]


def _hostile(h: dict[str, Any]) -> list[str]:
    quiet, under = h["quiet"], h["hostile"]
    attacks = ", ".join(f"{key}: {n:,}" for key, n in h["attacks"].items()) or "none"
    return [
        f"{h['learners']} learners browse the four anonymous pages one request at a time, "
        f"alone and then while {h['attackers']} attackers alternate verification bombs "
        f"(3,000 objects) and {h['upload_mb']} MB uploads to the public verifier.",
        "",
        "| learners | requests | errors | p50 | p99 | goal | verdict |",
        "|---|---:|---:|---:|---:|---|---|",
        f"| alone | {quiet['requests']:,} | {quiet['errors']} | {quiet['p50_ms']:.0f} ms | "
        f"{quiet['p99_ms']:.0f} ms | | |",
        f"| under attack | {under['requests']:,} | {under['errors']} | {under['p50_ms']:.0f} ms | "
        f"{under['p99_ms']:.0f} ms | no error, p99 < 1 s | "
        f"{verdict(under['p99_ms'], GOALS['hostile_p99_ms']) if not under['errors'] else '**missed**'} |",
        "",
        f"p99 under attack over p99 alone: {h['p99_ratio']:.2f}×. Attackers' answers: {attacks}.",
    ]


def _library(lib: dict[str, Any]) -> list[str]:
    built, found, harvest = lib["build"], lib["search"], lib["harvest"]
    floor = found["floor"]
    return [
        f"{built['publications']:,} generated publications, {built['chunks']:,} passages "
        f"(built in {built['seconds']:.0f} s); {found['queries']} queries in six languages, "
        f"{found['mean_results']:.0f} results each on average.",
        "",
        "| figure | value | floor | ratio | goal | verdict |",
        "|---|---:|---:|---:|---|---|",
        f"| search p50 (FTS + embeddings fused, facets, passages) | {found['p50_ms']:.0f} ms | "
        f"{floor['p50_ms']:.0f} ms | {found['p50_ms'] / max(floor['p50_ms'], 1e-6):.1f}× | | |",
        f"| search p95 | {found['p95_ms']:.0f} ms | {floor['p95_ms']:.0f} ms | "
        f"{found['p95_ratio']:.1f}× | ≤ 3× the floor | {verdict(found['p95_ratio'], 3.0)} |",
        f"| search, first query (vectors loaded) | {found['cold_ms']:.0f} ms | | | | |",
        f"| OAI-PMH ListRecords, whole harvest ({harvest['records']:,} records, "
        f"{harvest['pages']:,} pages) | {harvest['seconds']:.1f} s | {harvest['floor_s']:.2f} s | "
        f"{harvest['ratio']:.0f}× | | |",
        f"| last page over first page | {harvest['last_page_ms']:.0f} ms / "
        f"{harvest['first_page_ms']:.0f} ms | | {harvest['last_over_first']:.2f}× | ≤ 2× | "
        f"{verdict(harvest['last_over_first'], 2.0)} |",
        "",
        "Floors: the query's embedding, one matrix-vector top-k over every passage and one bare "
        "full-text match (search); a bare keyset-paged SELECT of the same rows (harvest).",
    ]


def _mixed(m: dict[str, Any]) -> list[str]:
    t = m.get("topology") or {}
    where = (
        f"nginx (`deploy/nginx/iite.conf`, its page cache, upstream of {t.get('app_servers', '?')} "
        f"gunicorn instances), the task worker ({t.get('tasks', '?')} task backend), "
        + (
            "Redis for cache and sessions"
            if t.get("redis")
            else "no Redis (cache per process, sessions in the database)"
        )
        if t
        else "the server at hand"
    )
    clients = m["clients"]
    rate, think = m.get("anonymous_rate") or 0, m.get("think") or 0
    pace = (
        f" (at {rate:,.0f} requests per second in all, on a fixed schedule)"
        if rate
        else " (back to back, as fast as they are answered)"
    )
    reading = (
        f", staying {think:g} s on each page before the next request"
        if think
        else ", with no pause between requests"
    )
    lines = [
        f"Through {where}: {clients['anonymous']} anonymous visitors browse public pages{pace}, "
        f"{clients['learners']} learners sign in and complete lessons{reading} "
        f"({m['courses']} published "
        f"courses, {m['lessons']} lessons: course page, enrol, lesson, mark complete, then the "
        f"redirect to the next step, with their session and each form's CSRF token) and one "
        f"staff member (Administrator, password and authenticator code) uploads participation "
        f"CSVs of {m['import_rows']:,} rows on the import page and follows each import's page "
        f"until it is finished, all at once for {m['seconds']:.1f} s from the moment everyone "
        "has signed in (at least until the first import is done). Every client is one "
        "keep-alive connection; the anonymous visitors run in a process of their own.",
        "",
        "| clients | requests | req/s | p50 | p99 | max | errors (by kind) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for group, label in (
        ("anonymous", "anonymous visitors"),
        ("learners", "learners (after signing in)"),
        ("sign-in", "learners signing in (once each)"),
        ("staff", "staff (sign-in, upload, import progress)"),
    ):
        g = m[group]
        lines.append(
            f"| {label} | {g['requests']:,} | {g['rps']:,.1f} | {g['p50_ms']:.0f} ms | "
            f"{g['p99_ms']:.0f} ms | {g['max_ms']:.0f} ms | {_errors(g)} |"
        )
    steps = ", ".join(
        f"{step} {s['requests']:,} (p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms)"
        for step, s in m["learners"]["steps"].items()
    )
    imports = ", ".join(f"{n} {status}" for status, n in m["imports"].items()) or "none"
    durations = ", ".join(f"{s:.1f} s" for s in m["imports_s"]) or "none"
    cache = ", ".join(f"{key}: {n:,}" for key, n in m["cache"].items()) or "none"
    learners = m["learners"]
    lines += [
        "",
        f"Learners' steps: {steps}. Lesson completions recorded: {m['completions']:,}.",
        f"Imports: {imports} ({m['imported_rows']:,} rows imported); upload to finished: "
        f"{durations}."
        + (" Failures: " + "; ".join(m["import_failures"]) + "." if m.get("import_failures") else ""),
        f"nginx cache status (X-Cache): {cache}. Idle keep-alive connections reopened: "
        f"{m['reconnects']}.",
        "",
        f"Goal: no error and learners' p99 < 500 ms: errors {m['errors']}, learners' p99 "
        f"{learners['p99_ms']:.0f} ms: "
        + (verdict(learners["p99_ms"], GOALS["mixed_learner_p99_ms"]) if not m["errors"]
           else "**missed** (errors)")
        + ".",
    ]  # fmt: skip
    return lines


def _growth(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "The cold dashboard (cache invalidated), its floor (one `GROUP BY`) and the warm "
        "dashboard on data sets of each scale, each built by `bench.scale` in a database "
        f"of its own; medians of {rows[0]['runs']} runs.",
        "",
        "| scale | participation rows | rows in the year | cold | floor | cold/floor | warm | "
        "verdict (≤ 3× floor; warm < 50 ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for d in rows:
        ratio = d["cold_s"] / d["floor_s"]
        lines.append(
            f"| {d['scale']:g} | {d['participations']:,} | {d.get('scope_participations', 0):,} "
            f"| {_ms(d['cold_s'])} | {_ms(d['floor_s'])} | {ratio:.2f}× | {_ms(d['warm_s'])} | "
            f"{verdict(ratio, GOALS['dashboard_cold_over_floor'])}; "
            f"{verdict(d['warm_s'], GOALS['dashboard_warm_s'])} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        data = last["participations"] / max(1, first["participations"])
        lines += [
            "",
            f"From scale {first['scale']:g} to {last['scale']:g}: rows ×{data:.2f}, cold "
            f"×{last['cold_s'] / first['cold_s']:.2f}, floor ×{last['floor_s'] / first['floor_s']:.2f}, "
            f"warm ×{last['warm_s'] / first['warm_s']:.2f}.",
        ]
    return lines


def _growth_goals(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    out = []
    for d in rows:
        ratio = d["cold_s"] / d["floor_s"]
        out.append(
            (f"dashboard at scale {d['scale']:g}: cold ≤ 3× the floor, warm < 50 ms",
             f"{ratio:.2f}×, {_ms(d['warm_s'])}",
             verdict(ratio, GOALS["dashboard_cold_over_floor"]) + "; "
             + verdict(d["warm_s"], GOALS["dashboard_warm_s"]))
        )  # fmt: skip
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        data = last["participations"] / max(1, first["participations"])
        cold = last["cold_s"] / first["cold_s"]
        out.append(
            (f"dashboard cold grows no faster than the rows (scale {first['scale']:g} → "
             f"{last['scale']:g})", f"×{cold:.2f} for ×{data:.2f} rows", verdict(cold, data))
        )  # fmt: skip
    return out


def _scale(s: dict[str, Any], backend: str = "sqlite") -> list[str]:
    lines = ["| phase | rows | seconds |", "|---|---:|---:|"]
    seconds = s["seconds"]
    lines.append(f"| reference data and strategy (setup_platform) | | {seconds['reference']:.1f} |")
    for name, count in s["counts"].items():
        lines.append(f"| {name} | {count:,} | {seconds.get(name, 0):.1f} |")
    data = seconds["total"] - seconds.get("credentials", 0)
    lines.append(f"| **total** | | {seconds['total']:.1f} |")
    lines.append(
        f"\nData phases (everything but credentials): {data:.0f} s; goal under 180 s at scale 1 "
        + (
            f"on SQLite: {verdict(data, 180)}."
            if backend == "sqlite"
            else "on SQLite (none set for PostgreSQL)."
        )
    )
    return lines


def _goals(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(goal, figure, verdict) for each goal of the issue."""
    rows: list[tuple[str, str, str]] = []
    data = r["scale"]["seconds"]["total"] - r["scale"]["seconds"].get("credentials", 0)
    if r.get("backend", "sqlite") == "sqlite":  # the goal is SQLite's (issue 7)
        rows.append(("scale-1 data under 3 minutes", f"{data:.0f} s", verdict(data, 180)))
    d = r["dashboard"]
    rows.append(("dashboard cold < 1 s", _ms(d["cold_s"]), verdict(d["cold_s"], 1.0)))
    ratio = d["cold_s"] / d["floor_s"]
    rows.append(("dashboard cold ≤ 3× the floor", f"{ratio:.2f}×", verdict(ratio, 3.0)))
    rows.append(("dashboard warm < 50 ms", _ms(d["warm_s"]), verdict(d["warm_s"], 0.05)))
    for name, page in r["pages"]["pages"].items():
        most = max((key for key in page if key != "bytes"), key=int)  # 64 in make bench
        app = page[most]["app"]
        rps, p99 = app["rps"], app["p99_ms"]
        if app["errors"]:
            for goal in ("≥ 1,000 req/s", "p99 < 250 ms"):
                rows.append(
                    (
                        f"{name}, app alone: {goal} at {most} connections",
                        f"{app['errors']} errors",
                        "not judged",
                    )
                )
        else:
            rows.append(
                (f"{name}, app alone: ≥ 1,000 req/s at {most} connections", f"{rps:,.0f} req/s",
                 verdict(rps, 1000, lower_is_better=False))
            )  # fmt: skip
            rows.append(
                (f"{name}, app alone: p99 < 250 ms at {most} connections", f"{p99:.0f} ms",
                 verdict(p99, 250))
            )  # fmt: skip
        proxy = page[most].get("proxy")
        if proxy:
            share = page[most]["proxy_over_ceiling"]
            rows.append(
                (f"{name}, through the nginx page cache: ≥ 0.5× the nginx ceiling, p99 < 50 ms",
                 f"{share:.2f}×, {proxy['p99_ms']:.1f} ms, {proxy['errors']} errors",
                 verdict(share, 0.5, lower_is_better=False) + "; "
                 + verdict(proxy["p99_ms"], 50.0) if not proxy["errors"] else "**missed**")
            )  # fmt: skip
    imports = r["imports"]
    large = str(imports["sizes"][1])
    for kind, label in (("zoom", "Zoom import"), ("programme", "participation CSV import")):
        f = imports[kind][large]
        rows.append(
            (f"{label} ≤ 5× the floor ({f['rows']:,} rows)", f"{f['ratio']:.1f}×",
             verdict(f["ratio"], 5.0))
        )  # fmt: skip
    c = r["credentials"]
    rows.append(("50,000 credentials < 5 minutes", f"{c['issue_50k_s']:.0f} s (extrapolated)",
                 verdict(c["issue_50k_s"], 300)))  # fmt: skip
    rows.append(("verification p99 < 50 ms", f"{c['verify_p99_ms']:.1f} ms",
                 verdict(c["verify_p99_ms"], 50)))  # fmt: skip
    hostile = r["pages"].get("hostile")
    if hostile:
        under = hostile["hostile"]
        rows.append(("hostile load: learners without error, p99 < 1 s",
                     f"{under['errors']} errors, {under['p99_ms']:.0f} ms",
                     verdict(under["p99_ms"], 1000) if not under["errors"] else "**missed**"))  # fmt: skip
    m = r.get("mixed")
    if m:
        p99 = m["learners"]["p99_ms"]
        rows.append(("mixed load through nginx: no error, learners' p99 < 500 ms",
                     f"{m['errors']} errors, {p99:.0f} ms",
                     verdict(p99, GOALS["mixed_learner_p99_ms"]) if not m["errors"]
                     else "**missed**"))  # fmt: skip
    if r.get("growth"):
        rows += _growth_goals(r["growth"])
    return rows


def render(
    results: dict[str, Any],
    *,
    machine: dict[str, str],
    args: dict[str, Any],
    total_seconds: float,
    when: dt.datetime,
    notes: str = "",
    reruns: list[dict[str, Any]] | None = None,
) -> str:
    versions = ", ".join(f"{name} {r.get('database_version', '?')}" for name, r in results.items())
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench.run`); do not edit by hand: the analysis "
        "below the figures is kept in `bench/NOTES.md` and copied in (`python -m bench.run "
        "--render` redoes this page from `bench/results.json`, the figures of the last run).",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC; whole run {total_seconds / 60:.1f} minutes.",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']} memory; "
        f"{machine['os']}. Shared with other jobs while measured: absolute times drift, so every "
        "figure stands beside a floor or ceiling measured in the same run.",
        f"- Python {machine['python']}, Django {machine['django']}; databases: {versions}; "
        f"{machine['wrk']}; {machine['nginx']}.",
        f"- Command: `make bench` (scale {args['scale']}, wrk {args['seconds']:g} s per load after a "
        f"warm-up, credential cohort {args['cohort']:,}, imports {args['rows']:,} rows, "
        f"{args['runs']} dashboard runs). PostgreSQL: "
        + (
            "`DATABASE_URL=... make bench` (a database `iite_bench_<pid>` created and dropped)."
            if "postgresql" in results
            else "not run (DATABASE_URL not set)."
        ),
    ]
    for rerun in reruns or []:
        moment = dt.datetime.fromisoformat(rerun["when"])
        out.append(
            f"- Measured again after this run: {rerun['phases']} "
            f"({', '.join(rerun['backends'])}) on {moment:%Y-%m-%d %H:%M} UTC at commit "
            f"{rerun['commit']}, load average {rerun['load']:.1f}; those figures replace "
            "the run's own below."
        )
    out.append("")
    out += ["## Goals", "", "| goal | " + " | ".join(results) + " |"]
    out.append("|---|" + "---|" * len(results))
    # One row per goal, in the order first seen; a goal one database has no figure for
    # (the dashboard's growth is measured on PostgreSQL only) has an empty cell there.
    per = {
        backend: {goal: f"{figure}: {mark}" for goal, figure, mark in _goals(r)}
        for backend, r in results.items()
    }
    names = list(dict.fromkeys(goal for cells in per.values() for goal in cells))
    for goal in names:
        out.append(
            f"| {goal} | " + " | ".join(cells.get(goal, "") for cells in per.values()) + " |"
        )
    out += [
        "",
        f"Whole run (both databases, including migrations): {total_seconds / 60:.1f} minutes; "
        f"goal under 15: {verdict(total_seconds, 900)}.",
        "",
    ]
    for backend, r in results.items():
        title = "SQLite" if backend == "sqlite" else "PostgreSQL"
        out += [f"## {title} {r.get('database_version', '')}", ""]
        out += ["### 1. Scale data (bench/scale.py)", "", *_scale(r["scale"], backend), ""]
        out += ["### 3. Dashboard", "", *_dashboard(r["dashboard"]), ""]
        if r.get("growth"):
            out += ["### 3b. Dashboard as the data grows", "", *_growth(r["growth"]), ""]
        out += [
            "### 4. Pages (gunicorn as `make run` serves them alone; the same behind "
            "nginx with `deploy/nginx/iite.conf`'s page cache; nginx on saved copies, the "
            "ceiling) and 7. memory",
            "",
            *_pages(r["pages"]),
            "",
        ]
        if r["pages"].get("hostile"):
            out += ["### 4b. Hostile load", "", *_hostile(r["pages"]["hostile"]), ""]
        if r.get("mixed"):
            out += ["### 4c. Mixed load through nginx", "", *_mixed(r["mixed"]), ""]
        out += ["### 5. Imports", "", *_imports(r["imports"]), ""]
        out += ["### 6. Credentials", "", *_credentials(r["credentials"]), ""]
        if r.get("library"):
            out += ["### 8. Library search and OAI-PMH harvest", "", *_library(r["library"]), ""]
        out += [
            "Child process timeline (s since start): "
            + ", ".join(f"{k} {v}" for k, v in r.get("timings", {}).items()),
            "",
        ]
        if r.get("load_average"):
            out += [
                "Load average (1 minute, 2 cores shared with other jobs) at the end of each "
                "phase: " + ", ".join(f"{k} {v}" for k, v in r["load_average"].items()) + ".",
                "",
            ]
    if notes:
        out += [notes.strip(), ""]
    return "\n".join(out)
