"""The benchmarks run end to end at a tiny scale, so they never rot.

These tests check that every benchmark runs and returns its figures and that
RESULTS.md renders from them; they never check how fast anything is (speed is
measured by `make bench`, never as a test). The page benchmark runs against the live
test server and a loopback static server with a one-request-at-a-time loader, so no
wrk or nginx is needed here.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from bench import mixed, report, scale, suite

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_benchmark_runs_at_a_tiny_scale(live_server: Any, tmp_path: Path) -> None:
    """Scale data, dashboard, imports, credentials and pages each produce their figures,
    and RESULTS.md renders every section from them."""
    built = scale.build(0.001, progress=False, credentials=3)
    assert built.counts["people"] == 50
    assert built.counts["activities"] == 10
    assert built.counts["participations"] > 0
    assert built.counts["credentials"] >= 1
    with open(os.devnull, "w") as quiet:
        call_command("setup_platform", verbosity=0, stdout=quiet)  # demo data: an event

    dashboard = suite.dashboard(runs=1)
    assert dashboard["indicators"] == 7
    assert dashboard["dimension_tables"] > 0
    assert dashboard["floor_groups"] > 0
    assert dashboard["cold_s"] > 0 and dashboard["warm_s"] > 0 and dashboard["floor_s"] > 0

    imports = suite.imports(rows=120, small=40, isolate=False)
    for kind in ("zoom", "programme"):
        for size in ("40", "120"):
            figures = imports[kind][size]
            assert figures["rows"] == int(size)
            assert figures["seconds"] > 0 and figures["floor_s"] > 0
            assert figures["peak_kib"] >= figures["baseline_kib"] > 0
    assert imports["zoom"]["120"]["matched"] > 0
    assert imports["programme"]["120"]["created"]["participation records"] == 120

    credentials = suite.credentials(cohort=8, verify=3)
    assert credentials["cohort"] == 8
    assert credentials["batch_progress"] == "8/8"
    assert credentials["verify_n"] == 3
    assert credentials["sign_floor_s"] > 0 and credentials["verify_floor_ms"] > 0

    copies = tmp_path / "copies"
    copies.mkdir()
    with suite.static_server(copies) as ceiling:
        pages = suite.pages(
            app_base=live_server.url,
            ceiling_base=ceiling,
            copies_dir=copies,
            loader=suite.single_loader,
            connections=(1,),
            seconds=0.05,
            warmup=0.01,
            worker_pids=lambda: [os.getpid()],
            warm_requests=1,
        )
    assert set(pages["pages"]) == {"home", "catalogue", "event", "summary"}
    for per in pages["pages"].values():
        assert per["1"]["app"]["errors"] == 0
        assert per["1"]["ceiling"]["errors"] == 0
        assert per["1"]["app"]["requests"] >= 1
    assert all(rss > 0 for rss in pages["worker_rss_kib"].values())

    hostile = suite.hostile(
        app_base=live_server.url, seconds=0.5, learners=1, attackers=1, upload_mb=1
    )
    assert hostile["quiet"]["requests"] >= 1 and hostile["hostile"]["requests"] >= 1
    assert hostile["quiet"]["errors"] == 0 and hostile["hostile"]["errors"] == 0
    assert hostile["p99_ratio"] > 0
    assert set(hostile["attacks"]) <= {
        "bomb 422", "bomb 429", "upload 413", "upload 429",
        "upload ConnectionResetError", "upload BrokenPipeError",
    }  # fmt: skip
    assert hostile["attacks"].get("bomb 422", 0) >= 1
    pages["hostile"] = hostile

    # The mixed load: one visitor, one learner and the staff member at once, against a
    # live server that answers one request at a time (the test database's one connection
    # is shared by the server's threads; the import runs inside the request: the
    # immediate task backend).
    with _serial_live_server() as base:
        load = mixed.mixed(
            base=base,
            seconds=4,
            anonymous=1,
            learners=1,
            import_rows=30,
            imports=2,
            limit=120,
            anonymous_rate=20,
            think=0.05,
        )
    assert load["errors"] == 0, (
        {g: load[g]["error_kinds"] for g in ("anonymous", "learners", "sign-in", "staff")},
        load["import_failures"],
    )
    assert load["anonymous"]["requests"] >= 1
    assert (load["anonymous_rate"], load["think"]) == (20, 0.05)
    assert {"course page", "lesson", "complete"} <= set(load["learners"]["steps"])
    assert load["sign-in"]["steps"]["sign-in"]["requests"] == 1
    assert load["completions"] >= 1
    assert load["imports"] == {"done": len(load["imports_s"])} and load["imports_s"]
    assert load["imported_rows"] == 30 * len(load["imports_s"])

    figures = {
        "database_version": "test",
        "scale": {"scale": 0.001, "counts": built.counts, "seconds": built.seconds},
        "dashboard": dashboard,
        "pages": {**pages, "master_rss_kib": 1},
        "imports": imports,
        "credentials": credentials,
        "mixed": load,
        "growth": [
            {**dashboard, "scale": 0.001},
            {**dashboard, "scale": 0.005, "participations": 5 * dashboard["participations"]},
        ],
    }
    text = report.render(
        {"sqlite": figures},
        machine={
            "cpu": "test",
            "cores": "1",
            "memory": "1 GiB",
            "os": "test",
            "python": "3",
            "django": "5",
            "wrk": "wrk",
            "nginx": "nginx",
        },
        args={"scale": 0.001, "seconds": 0.05, "cohort": 8, "rows": 120, "runs": 1},
        total_seconds=1.0,
        when=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
        notes="## Analysis\n\nNotes.",
        reruns=[
            {
                "phases": "imports",
                "backends": ["sqlite"],
                "when": "2026-11-24T09:30:00+00:00",
                "commit": "abc1234",
                "load": 0.5,
            }
        ],
    )
    assert "Measured again after this run: imports (sqlite) on 2026-11-24 09:30 UTC" in text
    for heading in (
        "Goals",
        "Scale data",
        "Dashboard",
        "Pages",
        "Imports",
        "Hostile load",
        "Credentials",
        "Mixed load",
        "Dashboard as the data grows",
        "Analysis",
    ):
        assert heading in text


@contextlib.contextmanager
def _serial_live_server() -> Iterator[str]:
    """Django's live server thread, one request at a time (it closes each connection)."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    class SerialServer(WSGIServer):
        # The thread, not the server, takes the test's connection over (LiveServerThread.run).
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    class Serial(LiveServerThread):
        server_class = SerialServer  # type: ignore[assignment]  # not threaded

    connection = connections["default"]
    shared = connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", bool)()
    thread = Serial(
        "127.0.0.1",
        _StaticFilesHandler,
        connections_override={"default": connection} if shared else None,
    )
    if shared:
        connection.inc_thread_sharing()
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        thread.join()
        if shared:
            connection.dec_thread_sharing()


def test_wrk_figures_are_read_from_the_done_hook() -> None:
    """The line the wrk script prints becomes requests/s, p50 and p99 in milliseconds."""
    output = "Running 5s test\nBENCH 5000 5000000 12000 90000 0 1 0 0 2 123456\n"
    figures = suite.parse_wrk(output, 64)
    assert figures["rps"] == pytest.approx(1000.0)
    assert figures["p50_ms"] == pytest.approx(12.0)
    assert figures["p99_ms"] == pytest.approx(90.0)
    assert figures["errors"] == 3
    assert figures["error_kinds"] == {"read": 1, "status": 2}
    with pytest.raises(RuntimeError):
        suite.parse_wrk("wrk: connection refused", 64)


def test_nginx_configuration_serves_the_copies_on_its_own_port(tmp_path: Path) -> None:
    """The ceiling's nginx runs in the foreground with every path in our own directory."""
    text = suite.nginx_config(tmp_path / "copies", "127.0.0.1:8401", tmp_path)
    assert "daemon off;" in text
    assert "listen 127.0.0.1:8401;" in text
    assert f"root {tmp_path / 'copies'};" in text
    assert "/var/" not in text


def test_goal_verdicts_say_by_how_much_a_goal_is_missed() -> None:
    """A figure over its goal is reported with the excess and the ratio to the goal."""
    assert report.verdict(0.5, 1.0) == "**met**"
    assert report.verdict(1.5, 1.0) == "**missed** by 0.5 (1.50× the goal)"
    assert report.verdict(800, 1000, lower_is_better=False) == "**missed** by 200 (0.80× the goal)"


def test_the_proxy_runs_the_production_site_file_as_our_own_process(tmp_path: Path) -> None:
    """deploy/nginx/iite.conf, pointed at the benchmark's app server, port and directories,
    keeps its page cache and is a configuration nginx accepts."""
    import shutil
    import subprocess

    site = (Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "iite.conf").read_text()
    text = suite.proxy_config(
        site=site,
        listen="127.0.0.1:8404",
        app="127.0.0.1:8400",
        work=tmp_path,
        static=tmp_path / "static",
    )
    assert "listen 127.0.0.1:8404;" in text
    assert "server 127.0.0.1:8400;" in text
    assert "proxy_cache iite_pages;" in text
    assert f"proxy_cache_path {tmp_path / 'cache'}" in text
    assert "include upstream.conf" not in text
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_mixed_load_runs_the_production_upstream_of_two_app_servers(tmp_path: Path) -> None:
    """The mixed load's nginx: deploy/nginx/iite.conf with deploy/nginx/upstream.conf, its
    two servers moved to the benchmark's ports and their health checks kept; nginx
    accepts it."""
    import shutil
    import subprocess

    deploy = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
    text = suite.proxy_config(
        site=(deploy / "iite.conf").read_text(),
        listen="127.0.0.1:8422",
        app=["127.0.0.1:8420", "127.0.0.1:8421"],
        upstream=(deploy / "upstream.conf").read_text(),
        work=tmp_path,
        static=tmp_path / "static",
    )
    assert "server 127.0.0.1:8420 max_fails=2" in text
    assert "server 127.0.0.1:8421 max_fails=2" in text
    assert "127.0.0.1:8001" not in text and "127.0.0.1:8002" not in text
    assert "proxy_next_upstream error timeout" in text
    with pytest.raises(ValueError):
        suite.upstream_config((deploy / "upstream.conf").read_text(), ["127.0.0.1:1"])
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_staff_client_signs_in_with_the_code_an_authenticator_app_shows() -> None:
    """The mixed load's staff client computes TOTP codes as allauth checks them."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = "JBSWY3DPEHPK3PXP"
    at = 1_764_000_000.0
    assert mixed.totp(secret, at) == format_hotp_value(hotp_value(secret, int(at // 30)))


def test_a_phase_measured_again_replaces_only_its_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--merge`: the rerun's phases replace the full run's, the other phases and the other
    database keep theirs, and the rerun is recorded for RESULTS.md."""
    from bench import run

    figures = tmp_path / "results.json"
    figures.write_text(
        json.dumps(
            {
                "results": {
                    "sqlite": {
                        "imports": {"zoom": 38},
                        "pages": {"home": 1},
                        "scale": {"seconds": 38},
                    },
                    "postgresql": {"imports": {"zoom": 9}},
                },
                "when": "2026-11-24T09:00:00+00:00",
            }
        )
    )
    monkeypatch.setattr(run, "FIGURES", figures)
    rendered = []
    monkeypatch.setattr(run, "write_results", lambda: rendered.append(True))
    args = argparse.Namespace(phases="imports")
    partial = {"imports": {"zoom": 4}, "scale": {"seconds": 9}, "load_average": {"imports": 0.4}}
    run.merge_partial({"sqlite": partial}, args)
    saved = json.loads(figures.read_text())
    # The rerun's own scale data (built again for it) does not replace the full run's.
    assert saved["results"]["sqlite"] == {
        "imports": {"zoom": 4},
        "pages": {"home": 1},
        "scale": {"seconds": 38},
    }
    assert saved["results"]["postgresql"] == {"imports": {"zoom": 9}}
    [rerun] = saved["reruns"]
    assert rerun["phases"] == "imports" and rerun["backends"] == ["sqlite"]
    assert rerun["load_average"] == {"sqlite": {"imports": 0.4}}
    assert rendered == [True]
