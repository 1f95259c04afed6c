"""`make bench`: every benchmark on SQLite and, when DATABASE_URL is set, on PostgreSQL
(in a database of its own, created and dropped here), then bench/RESULTS.md.

    python -m bench.run [--scale 1] [--seconds 5] [--cohort 2000] [--rows 100000]
                        [--mixed-seconds 30] [--growth 1,5]

On PostgreSQL the dashboard is also measured on the data of each `--growth` scale (a
database of its own per scale but the main one). `--phases mixed` (or any subset of
PHASES) runs only those phases and writes their figures to a file of its own, leaving
RESULTS.md and results.json alone. Ports: BENCH_PORT_BASE (default 8400) and the next 30.

Each database runs in a child process (`--child`) with its own settings: a temporary
IITE_VAR_DIR (SQLite file, static files, keys) or a DATABASE_URL naming the bench
database. The child migrates, builds the scale data (bench.scale, without its optional
credential phase: issuing is measured by the credential benchmark), loads the demo data
(the event page needs a published event), runs the benchmarks and writes its figures as
JSON; the parent writes RESULTS.md from both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
NOTES = Path(__file__).resolve().parent / "NOTES.md"
FIGURES = Path(__file__).resolve().parent / "results.json"
# Every port the bench listens on is BENCH_PORT_BASE + 0..29 (make stack's 8080, 8001
# and 8002 are never used: the stack may be running).
BASE = int(os.environ.get("BENCH_PORT_BASE", "8400"))
# app server, static ceiling, proxy
PORTS = {"sqlite": (BASE, BASE + 1, BASE + 4), "postgresql": (BASE + 2, BASE + 3, BASE + 5)}
# the mixed load's topology: two app servers, nginx, Redis
STACK_PORTS = {
    "sqlite": (BASE + 10, BASE + 11, BASE + 12, BASE + 13),
    "postgresql": (BASE + 20, BASE + 21, BASE + 22, BASE + 23),
}
SITE = ROOT / "deploy" / "nginx" / "iite.conf"
UPSTREAM = ROOT / "deploy" / "nginx" / "upstream.conf"
PHASES = ("dashboard", "pages", "mixed", "imports", "credentials", "library")


# --- The child: one database ----------------------------------------------------------------


def _wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    from bench.suite import fetch

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            status, _body = fetch(url)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.extend(int(part) for part in task.read_text().split())
    return found


def ensure_tools() -> None:
    """wrk and nginx (Debian packages) for the page benchmark; installed when missing."""
    missing = [
        package
        for package, binary in (("wrk", "wrk"), ("nginx-light", "nginx"))
        if not (shutil.which(binary) or Path(f"/usr/sbin/{binary}").exists())
    ]
    if missing:
        print(f"Installing Debian packages: {' '.join(missing)}", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def run_pages(backend: str, seconds: float, work: Path) -> dict[str, Any]:
    """gunicorn exactly as `make serve` starts it, nginx on saved copies, wrk on both."""
    from bench import suite

    app_port, ceiling_port, proxy_port = PORTS[backend]
    copies = work / "copies"
    nginx_dir = work / "nginx"
    for directory in (work, copies, nginx_dir):
        directory.mkdir(exist_ok=True)
        directory.chmod(0o755)  # nginx's workers run as www-data and read the copies
    env = {**os.environ, "BIND": f"127.0.0.1:{app_port}"}
    with (work / "gunicorn.log").open("wb") as log:
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.py",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    nginx = proxy = None
    try:
        _wait_http(f"http://127.0.0.1:{app_port}/health", gunicorn)
        conf = nginx_dir / "nginx.conf"
        conf.write_text(suite.nginx_config(copies, f"127.0.0.1:{ceiling_port}", nginx_dir))
        nginx = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(nginx_dir),
             "-e", str(nginx_dir / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # The production site file in front of the same app server: the proxy cache.
        proxy_dir = work / "proxy-nginx"
        proxy_dir.mkdir(exist_ok=True)
        proxy_dir.chmod(0o755)
        proxy_conf = proxy_dir / "nginx.conf"
        proxy_conf.write_text(
            suite.proxy_config(
                site=SITE.read_text(),
                listen=f"127.0.0.1:{proxy_port}",
                app=f"127.0.0.1:{app_port}",
                work=proxy_dir,
                static=Path(os.environ.get("IITE_VAR_DIR", ROOT / "var")) / "static",
            )
        )
        proxy = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(proxy_conf), "-p",
             str(proxy_dir), "-e", str(proxy_dir / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_http(f"http://127.0.0.1:{proxy_port}/health", proxy)
        figures = suite.pages(
            app_base=f"http://127.0.0.1:{app_port}",
            ceiling_base=f"http://127.0.0.1:{ceiling_port}",
            proxy_base=f"http://127.0.0.1:{proxy_port}",
            copies_dir=copies,
            loader=suite.wrk_loader,
            seconds=seconds,
            worker_pids=lambda: _children(gunicorn.pid),
            ready=lambda: (
                _wait_http(f"http://127.0.0.1:{ceiling_port}/home.html", nginx) if nginx else None
            ),
        )
        figures["hostile"] = suite.hostile(app_base=f"http://127.0.0.1:{app_port}", seconds=seconds)
        figures["workers"] = len(figures.get("worker_rss_kib", {}))
        figures["master_rss_kib"] = suite.rss_kib(gunicorn.pid)
        return figures
    finally:
        for server in (nginx, proxy):
            if server is not None:
                _stop(server)
        _stop(gunicorn)


def _stack_launcher() -> Any:
    """deploy/stack.py (`make stack`), for the commands its systemd units hold."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("iite_stack", ROOT / "deploy" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wait_redis(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(1)
            try:
                probe.connect(("127.0.0.1", port))
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"redis-server did not answer on {port}")


def run_mixed(backend: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The mixed load through the production topology, on the bench's own ports: Redis,
    two app servers and the task worker as deploy/systemd's units start them (as `make
    stack` does), nginx with deploy/nginx/iite.conf and upstream.conf in front."""
    from bench import mixed, suite

    first, second, nginx_port, redis_port = STACK_PORTS[backend]
    stack = _stack_launcher()
    directory = work / "stack"
    # nginx's workers run as www-data: they must reach the cache under the work directory,
    # which the pages phase opened when it ran first (and mkdtemp made 0700).
    for folder in (work, directory):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o755)
    env = {**os.environ, "TASKS_BACKEND": "database", "REQUEST_LOG_LEVEL": "WARNING"}
    processes: list[subprocess.Popen[bytes]] = []
    nginx = None
    redis_server = shutil.which("redis-server")
    try:
        with (directory / "stack.log").open("wb") as log:
            if redis_server:
                redis = subprocess.Popen(
                    [redis_server, "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                     "--appendonly", "no", "--dir", str(directory)],
                    stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
                processes.append(redis)
                _wait_redis(redis_port, redis)
                env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            servers = []
            for port in (first, second):
                command, unit_env, _directory = stack.unit("iite-web@.service", str(port))
                server = subprocess.Popen(
                    command, cwd=ROOT, env={**env, "BIND": unit_env["BIND"]},
                    stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
                processes.append(server)
                servers.append(server)
            command, unit_env, _directory = stack.unit("iite-worker.service")
            processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env={**env, "TASKS_BACKEND": unit_env["TASKS_BACKEND"]},
                    stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        for port, server in zip((first, second), servers, strict=True):
            _wait_http(f"http://127.0.0.1:{port}/health", server, seconds=300)
        conf = directory / "nginx.conf"
        conf.write_text(
            suite.proxy_config(
                site=SITE.read_text(),
                listen=f"127.0.0.1:{nginx_port}",
                app=[f"127.0.0.1:{first}", f"127.0.0.1:{second}"],
                upstream=UPSTREAM.read_text(),
                work=directory,
                static=Path(os.environ.get("IITE_VAR_DIR", ROOT / "var")) / "static",
            )
        )
        nginx = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(directory),
             "-e", str(directory / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_http(f"http://127.0.0.1:{nginx_port}/health", nginx)
        return mixed.mixed(
            base=f"http://127.0.0.1:{nginx_port}",
            seconds=args.mixed_seconds,
            anonymous=args.mixed_clients,
            learners=args.mixed_clients,
            anonymous_rate=args.mixed_rate,
            think=args.mixed_think,
            import_rows=args.mixed_rows,
            topology={
                "app_servers": 2,
                "tasks": "database",
                "redis": bool(redis_server),
                "nginx": "deploy/nginx/iite.conf",
            },
        )
    except Exception:
        # The servers' own account of what went wrong, before the work directory goes.
        for name in ("stack.log", "error.log"):
            if (directory / name).exists():
                log_text = (directory / name).read_text(errors="replace")
                print(f"--- {directory / name} (end) ---\n{log_text[-4000:]}", file=sys.stderr)
        raise
    finally:
        if nginx is not None:
            _stop(nginx)
        for process in reversed(processes):
            _stop(process)


def child(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import scale, suite

    backend = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    work = Path(args.work)
    out: dict[str, Any] = {"backend": backend, "timings": {}}
    started = time.perf_counter()

    out["load_average"] = {}

    def step(name: str) -> None:
        out["timings"][name] = round(time.perf_counter() - started, 1)
        # The machine is shared: the 1-minute load average beside each phase's figures.
        out["load_average"][name] = round(os.getloadavg()[0], 2)
        print(f"[{backend}] {name} done at {out['timings'][name]} s", flush=True)

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    step("migrate")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if backend == "sqlite" else "SHOW server_version")
        out["database_version"] = cursor.fetchone()[0]
    built = scale.build(args.scale, progress=False, credentials=0)
    out["scale"] = {"scale": args.scale, "counts": built.counts, "seconds": built.seconds}
    step("scale data")
    phases = args.phases.split(",")
    if phases != ["dashboard"]:
        with open(os.devnull, "w") as quiet:
            call_command("setup_platform", verbosity=0, stdout=quiet)  # with the demo data
        step("demo data")
    if "dashboard" in phases:
        out["dashboard"] = suite.dashboard(runs=args.runs)
        step("dashboard")
    if "pages" in phases:
        out["pages"] = run_pages(backend, args.seconds, work)
        step("pages")
    if "mixed" in phases:
        out["mixed"] = run_mixed(backend, args, work)
        step("mixed load")
    if "imports" in phases:
        out["imports"] = suite.imports(rows=args.rows, small=args.rows // 10, isolate=True)
        step("imports")
    if "credentials" in phases:
        out["credentials"] = suite.credentials(cohort=args.cohort)
        step("credentials")
    if args.library and "library" in phases:
        from bench import library

        out["library"] = library.run(publications=args.library)
        step("library")
    Path(args.child).write_text(json.dumps(out, indent=1, default=str))


# --- The parent: databases, then RESULTS.md ---------------------------------------------------


def _postgres_database(url: str, name: str, create: bool) -> str:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def run_backend(
    backend: str, args: argparse.Namespace, *, scale: float | None = None, phases: str = ""
) -> dict[str, Any]:
    """One child on a fresh database: the run's phases at the run's scale, or the given
    ones (the dashboard alone at another scale, for the growth table)."""
    work = Path(tempfile.mkdtemp(prefix=f"iite-bench-{backend}-"))
    (work / "var").mkdir()
    env = {**os.environ, "IITE_VAR_DIR": str(work / "var"), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    if not env.get("SECRET_KEY") and not env.get("SECRET_KEY_FILE"):
        env["SECRET_KEY"] = os.urandom(32).hex()
    database = f"iite_bench_{os.getpid()}"
    if backend == "postgresql":
        env["DATABASE_URL"] = _postgres_database(os.environ["DATABASE_URL"], database, True)
    out = work / "figures.json"
    command = [
        sys.executable, "-m", "bench.run", "--child", str(out), "--work", str(work),
        "--scale", str(args.scale if scale is None else scale), "--seconds", str(args.seconds),
        "--cohort", str(args.cohort), "--rows", str(args.rows), "--runs", str(args.runs),
        "--phases", phases or args.phases, "--mixed-seconds", str(args.mixed_seconds),
        "--mixed-clients", str(args.mixed_clients), "--mixed-rows", str(args.mixed_rows),
        "--mixed-rate", str(args.mixed_rate), "--mixed-think", str(args.mixed_think),
        "--library", str(args.library),
    ]  # fmt: skip
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return json.loads(out.read_text())  # type: ignore[no-any-return]
    finally:
        if backend == "postgresql":
            _postgres_database(os.environ["DATABASE_URL"], database, False)
        shutil.rmtree(work, ignore_errors=True)


def run_growth(args: argparse.Namespace, main: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The dashboard on PostgreSQL at each `--growth` scale: the main run's figures for
    its own scale, a database of its own built for each other scale."""
    rows = []
    for text in args.growth.split(","):
        scale = float(text)
        if main is not None and "dashboard" in main and scale == args.scale:
            figures = main["dashboard"]
        else:
            figures = run_backend("postgresql", args, scale=scale, phases="dashboard")["dashboard"]
        rows.append({**figures, "scale": scale})
    return rows


def machine() -> dict[str, str]:
    import django

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    nginx = subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-v"],
        capture_output=True,
        text=True,
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
        "nginx": nginx.stderr.strip(),
    }


def merge_partial(results: dict[str, Any], args: argparse.Namespace) -> None:
    """A phase measured again (after a fix) replaces its figures in the last full run's
    results.json; the rerun is recorded, so RESULTS.md says which figures are newer."""
    saved = json.loads(FIGURES.read_text())
    phases = args.phases.split(",")
    loads = {}
    for backend, figures in results.items():
        kept = saved["results"].setdefault(backend, {})
        # The phases' figures only: the scale data, timings and load averages printed
        # beside them stay the full run's (the rerun's load is recorded with it).
        kept.update({key: value for key, value in figures.items() if key in phases})
        if "growth" in figures:
            kept["growth"] = figures["growth"]
        loads[backend] = figures.get("load_average", {})
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    saved.setdefault("reruns", []).append(
        {
            "phases": args.phases,
            "backends": list(results),
            "when": dt.datetime.now(dt.UTC).isoformat(),
            "commit": commit,
            "load": os.getloadavg()[0],
            "load_average": loads,
        }
    )
    FIGURES.write_text(json.dumps(saved, indent=1, default=str))
    write_results()


def write_results() -> None:
    """RESULTS.md from results.json and NOTES.md (`--render` redoes only this)."""
    from bench.report import render

    saved = json.loads(FIGURES.read_text())
    RESULTS.write_text(
        render(
            saved["results"],
            machine=saved["machine"],
            args=saved["args"],
            total_seconds=saved["total_seconds"],
            when=dt.datetime.fromisoformat(saved["when"]),
            notes=NOTES.read_text() if NOTES.exists() else "",
            reruns=saved.get("reruns", []),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=4.0, help="wrk duration per load")
    parser.add_argument("--cohort", type=int, default=2_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--library", type=int, default=20_000, help="generated publications (0: no library bench)"
    )
    parser.add_argument(
        "--phases", default=",".join(PHASES), help="a subset of " + ",".join(PHASES)
    )
    parser.add_argument("--mixed-seconds", type=float, default=30.0, help="the mixed load's length")
    parser.add_argument(
        "--mixed-clients", type=int, default=8, help="anonymous visitors, and as many learners"
    )
    parser.add_argument("--mixed-rows", type=int, default=5_000, help="rows per staff import")
    parser.add_argument(
        "--mixed-rate",
        type=float,
        default=200.0,
        help="the anonymous visitors' requests per second in all (0: back to back)",
    )
    parser.add_argument(
        "--mixed-think",
        type=float,
        default=1.0,
        help="a learner's seconds on each page before the next request (0: none)",
    )
    parser.add_argument(
        "--growth", default="1,5", help="scales of the PostgreSQL dashboard table ('' for none)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    parser.add_argument(
        "--render", action="store_true", help="rewrite RESULTS.md from results.json and NOTES.md"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="a partial run's figures replace those phases in results.json (the rerun is "
        "named in RESULTS.md with its date and commit)",
    )
    args = parser.parse_args()
    if args.render:
        write_results()
        return
    if args.child:
        child(args)
        return
    ensure_tools()
    started = time.perf_counter()
    results: dict[str, Any] = {}
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL") else [])
    if args.only:
        backends = [args.only]
    unknown = set(args.phases.split(",")) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    if set(args.phases.split(",")) != set(PHASES):
        # A partial run (checking a phase): its figures only, RESULTS.md left alone.
        for backend in backends:
            results[backend] = run_backend(backend, args)
            if backend == "postgresql" and args.growth and "dashboard" in args.phases:
                results[backend]["growth"] = run_growth(args, results[backend])
        partial = Path(tempfile.mkstemp(prefix="iite-bench-partial-", suffix=".json")[1])
        partial.write_text(json.dumps(results, indent=1, default=str))
        print(f"Wrote the figures of {args.phases} to {partial}")
        if args.merge:
            merge_partial(results, args)
            print(f"Merged them into {FIGURES} and rewrote {RESULTS}")
        return
    for backend in backends:
        results[backend] = run_backend(backend, args)
        if backend == "postgresql" and args.growth:
            results[backend]["growth"] = run_growth(args, results[backend])
        total = time.perf_counter() - started
        # Written after each database, so a run cut short still leaves its figures.
        FIGURES.write_text(
            json.dumps(
                {
                    "results": results,
                    "machine": machine(),
                    "args": vars(args),
                    "total_seconds": total,
                    "when": dt.datetime.now(dt.UTC).isoformat(),
                },
                indent=1,
                default=str,
            )
        )
        write_results()
    print(f"Wrote {RESULTS} in {total:.0f} s")


if __name__ == "__main__":
    main()
