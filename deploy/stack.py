"""`make stack` / `make stack-stop`: the production topology on loopback, from the same files.

PostgreSQL 15, Redis, two gunicorn app servers, the task worker and nginx in front, each
started from the files a server uses: the app servers and the worker from the systemd
units in deploy/systemd (their ExecStart, Environment and WorkingDirectory, /srv/iite
read as this work tree), nginx from deploy/nginx. Everything lives under var/stack and
var/nginx; nothing is installed system-wide but the Debian packages the Makefile adds.

    python deploy/stack.py start|stop|status|worker   (worker: start the task worker alone)

Ports (loopback): nginx 8080, app servers 8001 and 8002, PostgreSQL 55433, Redis 56379;
STACK_PG_PORT and STACK_REDIS_PORT move the last two.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / "var" / "stack"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = int(os.environ.get("STACK_PG_PORT", "55433"))
REDIS_PORT = int(os.environ.get("STACK_REDIS_PORT", "56379"))
APP_PORTS = (8001, 8002)
NGINX = ["nginx", "-p", str(ROOT), "-c", "deploy/nginx/stack.conf"]


def environment() -> dict[str, str]:
    """What /etc/iite/env holds on a server, for this loopback stack."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY_FILE": str(ROOT / "var" / "secret_key"),
        "DATABASE_URL": f"postgres://iite:iite@127.0.0.1:{PG_PORT}/iite",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "TASKS_BACKEND": "database",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1:8080",
        "REQUEST_LOG_LEVEL": "WARNING",
    }


def unit(name: str, instance: str = "") -> tuple[list[str], dict[str, str], Path]:
    """The command, environment and directory a systemd unit file describes."""
    command: list[str] = []
    env = environment()
    directory = ROOT
    for line in (ROOT / "deploy" / "systemd" / name).read_text().splitlines():
        line = line.replace("%i", instance).replace("/srv/iite", str(ROOT))
        key, _, value = line.partition("=")
        if key == "ExecStart":
            command = shlex.split(value)
        elif key == "Environment":
            variable, _, setting = value.partition("=")
            env[variable] = setting
        elif key == "WorkingDirectory":
            directory = Path(value)
    if command and command[0].startswith(str(ROOT / ".venv")) and not Path(command[0]).exists():
        command[0] = sys.executable
    return command, env, directory


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer within {seconds:.0f} s; see {STATE}/*.log")
        time.sleep(0.3)


def _alive(name: str) -> bool:
    """Whether the process whose id var/stack/<name>.pid holds still runs."""
    pid_file = STATE / f"{name}.pid"
    try:
        os.kill(int(pid_file.read_text().strip()), 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return False
    return True


def _spawn(name: str, command: list[str], env: dict[str, str], directory: Path) -> None:
    if _alive(name):
        return
    log = open(STATE / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it open
    process = subprocess.Popen(
        command, cwd=directory, env=env, stdout=log, stderr=log, start_new_session=True
    )
    (STATE / f"{name}.pid").write_text(str(process.pid))


def _manage(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment(), check=True
    )


def postgres_start() -> None:
    data = STATE / "pg"
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres", str(data)], check=True)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    running = subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "status"]),
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if running.returncode != 0:
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(data / "server.log"),
                    "-w",
                    "-o",
                    f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {data}",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, "SELECT 1 FROM pg_roles WHERE rolname='iite'"], capture_output=True, text=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run([*psql, "CREATE ROLE iite LOGIN PASSWORD 'iite'"], check=True)
        subprocess.run([*psql, "CREATE DATABASE iite OWNER iite"], check=True)


def redis_start() -> None:
    subprocess.run(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(REDIS_PORT),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            str(STATE),
            "--pidfile",
            str(STATE / "redis.pid"),
            "--logfile",
            str(STATE / "redis.log"),
        ],
        check=True,
    )


def redis_stop() -> None:
    subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"],
        check=False,
        capture_output=True,
    )


def postgres_stop() -> None:
    if (STATE / "pg" / "postmaster.pid").exists():
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(STATE / "pg"), "-m", "fast", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


def worker_start() -> None:
    """The task worker, as iite-worker.service runs it (systemd restarts it on a server)."""
    _spawn("worker", *unit("iite-worker.service"))


def start() -> None:
    STATE.mkdir(parents=True, exist_ok=True)
    for name in ("cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (ROOT / "var" / "nginx" / name).mkdir(parents=True, exist_ok=True)
    postgres_start()
    redis_up = subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True, check=False
    )
    if redis_up.stdout.strip() != "PONG":
        redis_start()
    _manage("migrate", "--noinput", "-v", "0")
    _manage("createcachetable")
    _manage("collectstatic", "--noinput", "-v", "0")
    _manage("setup_platform")
    for port in APP_PORTS:
        _spawn(f"web-{port}", *unit("iite-web@.service", str(port)))
    worker_start()
    for port in APP_PORTS:
        _wait(f"http://127.0.0.1:{port}/health")
    if not _alive("nginx"):
        # Pages cached by an earlier run were built from other code or data: start empty.
        shutil.rmtree(ROOT / "var" / "nginx" / "cache", ignore_errors=True)
        (ROOT / "var" / "nginx" / "cache").mkdir(parents=True)
        subprocess.run(NGINX, cwd=ROOT, check=True)
    _wait("http://127.0.0.1:8080/health")
    print(
        "The stack runs: http://127.0.0.1:8080/ (nginx) -> app servers on 8001 and 8002, "
        f"worker, PostgreSQL on {PG_PORT}, Redis on {REDIS_PORT}. `make stack-stop` ends it."
    )


def _end(name: str) -> None:
    pid_file = STATE / f"{name}.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text())
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(100):
            os.killpg(pid, 0)
            time.sleep(0.1)
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pid_file.unlink(missing_ok=True)


def stop() -> None:
    if (STATE / "nginx.pid").exists():
        subprocess.run([*NGINX, "-s", "quit"], cwd=ROOT, check=False)
    for name in [f"web-{port}" for port in APP_PORTS] + ["worker"]:
        _end(name)
    redis_stop()
    postgres_stop()
    print("The stack is stopped.")


def status() -> None:
    for name, url in [(f"web-{p}", f"http://127.0.0.1:{p}/health") for p in APP_PORTS] + [
        ("nginx", "http://127.0.0.1:8080/health")
    ]:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                print(f"{name}: {response.status}")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            print(f"{name}: down ({exc})")


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    {"start": start, "stop": stop, "status": status, "worker": worker_start}[action]()
