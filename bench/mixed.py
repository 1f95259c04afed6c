"""The mixed load: anonymous visitors browse public pages, signed-in learners complete
lessons and a staff member imports participation files, all at once, through nginx.

Each client is a browser of its own: one keep-alive connection, the cookies the site
sets, the CSRF token of each form it posts, redirects followed. Learners sign in through
the sign-in form, open a course, enrol, open each lesson and mark it complete (the
lesson page's form), then follow the redirect to the next step. The staff member (an
Administrator, so staff: TOTP is mandatory) signs in with password and authenticator
code, uploads a participation CSV on the import page and follows the import's page
until it is finished (the task worker imports it on the stack; the immediate backend
inside the request elsewhere). Every request is timed; anything but the answer a
browser expects is an error, counted by kind.

The goal (issue 15, item 7): no error, learners' p99 < 500 ms. Signing in is reported
apart from the learners' steps: a person signs in once per visit, and its password hash
is deliberately slow.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.client
import multiprocessing
import re
import struct
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.suite import Figures, percentile

GOAL_LEARNER_P99_MS = 500.0
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_REFRESH = b'http-equiv="refresh"'


# --- The clients' record ----------------------------------------------------------------------


class Tally:
    """Every request's time by group and step, and every error by group and kind."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, dict[str, list[float]]] = {}
        self.errors: dict[str, Counter[str]] = {}
        self.cache: Counter[str] = Counter()
        self.reconnects = 0

    def record(self, group: str, step: str, seconds: float) -> None:
        with self.lock:
            self.times.setdefault(group, {}).setdefault(step, []).append(seconds)

    def error(self, group: str, kind: str) -> None:
        with self.lock:
            self.errors.setdefault(group, Counter())[kind] += 1

    def figures(self, group: str, seconds: float) -> Figures:
        steps = self.times.get(group, {})
        every = [spent for times in steps.values() for spent in times]
        errors = self.errors.get(group, Counter())
        out: Figures = {
            "requests": len(every),
            "rps": len(every) / seconds if seconds else 0.0,
            "p50_ms": percentile(every, 0.5) * 1000 if every else 0.0,
            "p99_ms": percentile(every, 0.99) * 1000 if every else 0.0,
            "max_ms": max(every) * 1000 if every else 0.0,
            "errors": sum(errors.values()),
            "error_kinds": dict(sorted(errors.items())),
            "steps": {
                step: {
                    "requests": len(times),
                    "p50_ms": percentile(times, 0.5) * 1000,
                    "p99_ms": percentile(times, 0.99) * 1000,
                }
                for step, times in sorted(steps.items())
            },
        }
        return out


class Browser:
    """One visitor: a keep-alive HTTP/1.1 connection, the site's cookies, redirects
    followed; each request timed under `group` and its step's name."""

    def __init__(self, base: str, tally: Tally, group: str, timeout: float = 60.0) -> None:
        parts = urlsplit(base)
        self.base = base.rstrip("/")
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.tally, self.group, self.timeout = tally, group, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.used = False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _exchange(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        # A keep-alive connection the server closed while idle is opened again once, as a
        # browser does; anything else is the request's failure.
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
                self.used = False
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                reused = self.used
                self.close()
                if attempt == 1 and reused:
                    with self.tally.lock:
                        self.tally.reconnects += 1
                    continue
                raise
            self.used = True
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response, data
        raise AssertionError("unreachable")

    def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        expect: int | None = 200,
    ) -> tuple[int, str, bytes]:
        """One request; returns (status, Location, body). An answer other than `expect`
        (when given) or a failure to get one is recorded as an error of this step."""
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Origin"] = self.base
            headers["Referer"] = self.base + path
        started = time.perf_counter()
        try:
            status, response, data = self._exchange(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.tally.record(self.group, step, time.perf_counter() - started)
            self.tally.error(self.group, f"{step}: {type(exc).__name__}")
            self.close()
            return 0, "", b""
        self.tally.record(self.group, step, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        if cache := response.getheader("X-Cache"):
            with self.tally.lock:
                self.tally.cache[f"{self.group} {cache}"] += 1
        if expect is not None and status != expect:
            self.tally.error(self.group, f"{step}: status {status}")
        return status, response.getheader("Location", "") or "", data

    def get(self, step: str, path: str, expect: int = 200) -> tuple[int, str, bytes]:
        return self.request(step, "GET", path, expect=expect)

    def follow(self, location: str, step: str = "redirect", hops: int = 5) -> bytes:
        """GET each Location until a page answers (as a browser follows redirects)."""
        data = b""
        while location and hops:
            path = urlsplit(location)._replace(scheme="", netloc="").geturl() or "/"
            status, location, data = self.request(step, "GET", path, expect=None)
            if status >= 400 or status == 0:
                self.tally.error(self.group, f"{step}: status {status}")
                return b""
            if status < 300:
                return data
            hops -= 1
        return data

    def post_form(
        self, step: str, path: str, fields: dict[str, str], expect: int = 302
    ) -> tuple[int, str, bytes]:
        return self.request(
            step,
            "POST",
            path,
            body=urlencode(fields).encode(),
            content_type="application/x-www-form-urlencoded",
            expect=expect,
        )

    def post_file(
        self, step: str, path: str, fields: dict[str, str], name: str, file: Path
    ) -> tuple[int, str, bytes]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file.name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + file.read_bytes()
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            step,
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
            expect=302,
        )

    def token(self, step: str, page: bytes) -> str:
        found = _CSRF.search(page)
        if not found:
            self.tally.error(self.group, f"{step}: no CSRF token on the page")
            return ""
        return found.group(1).decode()


def totp(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for a base32 secret (RFC 6238)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(browser: Browser, email: str, password: str, secret: str = "") -> bool:
    """The sign-in form (and the authenticator code when asked), as a person fills them."""
    login = "/en/accounts/login/"
    _status, _location, page = browser.get("sign-in form", login)
    fields = {"csrfmiddlewaretoken": browser.token("sign-in form", page)}
    status, location, _page = browser.post_form(
        "sign-in", login, {**fields, "login": email, "password": password}
    )
    if status != 302:
        return False
    if "/2fa/" in location:
        page = browser.follow(location, "sign-in code form")
        path = urlsplit(location).path
        for attempt in (1, 2):
            # A code the server checks after its 30 seconds have passed (a slow answer on
            # a busy machine) is refused with the form again: a person types the next one.
            token = browser.token("sign-in code form", page)
            status, location, page = browser.request(
                "sign-in code",
                "POST",
                path,
                body=urlencode({"csrfmiddlewaretoken": token, "code": totp(secret)}).encode(),
                content_type="application/x-www-form-urlencoded",
                expect=None,
            )
            if status == 200 and attempt == 1:
                time.sleep(30 - time.time() % 30 + 0.5)
                continue
            break
    if status != 302 or "sessionid" not in browser.cookies:
        browser.tally.error(browser.group, "sign-in: no session")
        return False
    browser.follow(location, "sign-in redirect")
    return True


# --- The people and the content the load uses ----------------------------------------------


def prepare(*, learners: int, tag: str, import_rows: int, imports: int, work: Path) -> Figures:
    """Learner accounts (verified e-mail), one Administrator with an authenticator, the
    published courses with lessons, and participation CSVs for fresh activities."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password

    from bench.suite import _bench_activities, _scale_people, page_paths, programme_file
    from iite.accounts.models import User
    from iite.accounts.services import staff_role_assign
    from iite.learning.models import Course, Lesson
    from iite.programme.models import Activity

    password = uuid.uuid4().hex
    hashed = make_password(password)  # once: every account gets the same (slow) hash
    emails = []
    for index in range(learners + 1):
        email = f"mixed-{tag}-{index}@bench.iite.example.org"
        user = User(email=email, name=f"Mixed {index}", password=hashed)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        emails.append(email)
    staff = User.objects.get(email=emails.pop())
    staff_role_assign(user=staff, role="Administrator")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    courses = []
    for course in Course.objects.filter(status="published").exclude(
        slug__startswith="scale-course-"
    ):
        lessons = list(
            Lesson.objects.filter(module__course=course)
            .order_by("module__order", "order", "pk")
            .values_list("pk", flat=True)
        )
        if lessons:
            courses.append((course.slug, lessons))
    if not courses:
        raise RuntimeError("no published course with lessons: load the demo data first")

    people = _scale_people(50_000)
    files = []
    written = 0
    for number in range(imports):
        ids = _bench_activities(f"bench-mixed-{tag}-{number}", max(1, import_rows // 500))
        codes = list(
            Activity.objects.filter(pk__in=ids).order_by("pk").values_list("code", flat=True)
        )
        path = work / f"mixed-{tag}-{number}.csv"
        written = programme_file(path, import_rows, people, codes)
        files.append(path)
    pages = list(page_paths().values())
    pages += ["/en/events/", f"/en/learning/courses/{courses[0][0]}/"]
    return {
        "password": password,
        "learners": emails,
        "staff": staff.email,
        "secret": secret,
        "courses": courses,
        "files": files,
        "file_rows": written,
        "pages": pages,
    }


def outcomes(tag: str, emails: list[str]) -> Figures:
    """What the load wrote, read from the database: the imports' outcome and the
    learners' recorded lesson completions."""
    from iite.learning.models import LessonProgress
    from iite.programme.models import ImportJob

    jobs = list(ImportJob.objects.filter(file_name__startswith=f"mixed-{tag}-"))
    statuses = Counter(job.status for job in jobs)
    failures = [
        f"{job.file_name}: {error.get('message', error)}"
        for job in jobs
        if job.status == ImportJob.Status.FAILED
        for error in (job.errors or [])[:3]
    ]
    return {
        "imports": dict(statuses),
        "imported_rows": sum(job.rows for job in jobs if job.status == ImportJob.Status.DONE),
        "import_failures": failures,
        "completions": LessonProgress.objects.filter(enrolment__user__email__in=emails).count(),
    }


# --- The three kinds of client ----------------------------------------------------------------


def _anonymous(
    base: str, tally: Tally, pages: list[str], stop: Any, first: int, interval: float
) -> None:
    """One visitor: a page every `interval` seconds on a fixed schedule (a late answer is
    not made up for by a burst), or back to back when `interval` is 0."""
    browser = Browser(base, tally, "anonymous")
    index = first
    due = time.perf_counter()
    while not stop.is_set():
        path = pages[index % len(pages)]
        browser.get(path, path)
        index += 1
        if interval:
            due = max(due + interval, time.perf_counter() - interval)
            time.sleep(max(0.0, due - time.perf_counter()))
    browser.close()


def _anonymous_process(
    base: str, pages: list[str], clients: int, stop: Any, out: Any, rate: float = 0.0
) -> None:
    """The anonymous visitors, in a process of their own: pages from nginx's cache come
    back in well under a millisecond, and clients that fast in the learners' process would
    hold its interpreter lock and add their wait to the learners' measured times. `rate`:
    their requests per second in all (0: as fast as they are answered)."""
    tally = Tally()
    started = time.perf_counter()
    interval = clients / rate if rate > 0 else 0.0
    threads = [
        threading.Thread(target=_anonymous, args=(base, tally, pages, stop, index, interval))
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures = tally.figures("anonymous", time.perf_counter() - started)
    out.put({"figures": figures, "cache": dict(tally.cache), "reconnects": tally.reconnects})


class Gate:
    """Everyone signs in first; the measured load starts when all have (or failed to)."""

    def __init__(self) -> None:
        self.signed = threading.Semaphore(0)
        self.go = threading.Event()

    def pass_(self, signed_in: bool) -> bool:
        self.signed.release()
        self.go.wait()
        return signed_in


def _learner(
    base: str,
    tally: Tally,
    email: str,
    password: str,
    courses: list[Any],
    stop: threading.Event,
    gate: Gate,
    think: float = 0.0,
) -> None:
    """One learner, course after course; `think` seconds on each page before the next
    request (reading the course page, the lesson, the next step's page)."""
    browser = Browser(base, tally, "sign-in")
    if not gate.pass_(sign_in(browser, email, password)):
        return
    browser.group = "learners"
    offset = abs(hash(email)) % len(courses)
    while not stop.is_set():
        for slug, lessons in courses[offset:] + courses[:offset]:
            course = f"/en/learning/courses/{slug}/"
            _status, _location, page = browser.get("course page", course)
            stop.wait(think)
            if f'action="{course}enrol/"'.encode() in page:
                token = browser.token("course page", page)
                _status, location, _page = browser.post_form(
                    "enrol", f"{course}enrol/", {"csrfmiddlewaretoken": token}
                )
                browser.follow(location)
                stop.wait(think)
            for lesson in lessons:
                if stop.is_set():
                    break
                path = f"{course}lessons/{lesson}/"
                _status, _location, page = browser.get("lesson", path)
                stop.wait(think)
                token = browser.token("lesson", page)
                _status, location, _page = browser.post_form(
                    "complete", f"{path}complete/", {"csrfmiddlewaretoken": token}
                )
                browser.follow(location, "next step")
                stop.wait(think)
            if stop.is_set():
                break
    browser.close()


def _staff(
    base: str,
    tally: Tally,
    email: str,
    password: str,
    secret: str,
    files: list[Path],
    stop: threading.Event,
    durations: list[float],
    poll: float,
    gate: Gate,
) -> None:
    """Uploads one file after another on the import page and follows each import's page
    until it is finished (the page stops reloading itself)."""
    browser = Browser(base, tally, "staff")
    if not gate.pass_(sign_in(browser, email, password, secret)):
        return
    page_path = "/en/activities/manage/import/"
    for file in files:
        if stop.is_set() and durations:
            break
        started = time.perf_counter()
        _status, _location, page = browser.get("import page", page_path)
        token = browser.token("import page", page)
        status, location, _page = browser.post_file(
            "upload", page_path, {"csrfmiddlewaretoken": token}, "file", file
        )
        if status != 302:
            break
        while location:
            # The job's page while it runs (it reloads itself every few seconds).
            path = urlsplit(location).path
            status, location, page = browser.request("import progress", "GET", path, expect=None)
            if status == 200 and _REFRESH in page:
                time.sleep(poll)
                location = path
            elif status >= 400 or status == 0:
                tally.error("staff", f"import progress: status {status}")
                break
        durations.append(time.perf_counter() - started)
    browser.close()


def mixed(
    *,
    base: str,
    seconds: float = 30.0,
    anonymous: int = 8,
    learners: int = 8,
    anonymous_rate: float = 0.0,
    think: float = 0.0,
    import_rows: int = 5_000,
    imports: int = 10,
    poll: float = 1.0,
    limit: float = 600.0,
    topology: dict[str, Any] | None = None,
) -> Figures:
    """The three kinds of visitor at once against `base` (nginx in front of the app
    servers). The load lasts `seconds` and at least until the staff's first import is
    finished (so imports always overlap the learners), never longer than `limit`.
    `anonymous_rate`: the anonymous visitors' requests per second in all (0: back to back);
    `think`: a learner's seconds on each page before the next request (0: none)."""
    tag = uuid.uuid4().hex[:8]
    work = Path(tempfile.mkdtemp(prefix="iite-bench-mixed-"))
    try:
        setup = prepare(
            learners=learners, tag=tag, import_rows=import_rows, imports=imports, work=work
        )
        tally = Tally()
        stop = threading.Event()
        durations: list[float] = []
        gate = Gate()
        spawn = multiprocessing.get_context("spawn")
        anonymous_stop = spawn.Event()
        anonymous_out = spawn.Queue()
        visitors = spawn.Process(
            target=_anonymous_process,
            args=(base, setup["pages"], anonymous, anonymous_stop, anonymous_out, anonymous_rate),
        )
        visitors.start()
        threads = [
            threading.Thread(
                target=_learner,
                args=(base, tally, email, setup["password"], setup["courses"], stop, gate, think),
            )
            for email in setup["learners"]
        ]
        staff = threading.Thread(
            target=_staff,
            args=(base, tally, setup["staff"], setup["password"], setup["secret"],
                  setup["files"], stop, durations, poll, gate),
        )  # fmt: skip
        for thread in [*threads, staff]:
            thread.start()
        # The measured load starts once every learner and the staff member have signed in.
        deadline = time.perf_counter() + limit
        for _thread in [*threads, staff]:
            gate.signed.acquire(timeout=max(0.0, deadline - time.perf_counter()))
        gate.go.set()
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            if time.perf_counter() - started >= seconds and (durations or not staff.is_alive()):
                break
            time.sleep(0.1)
        stop.set()
        anonymous_stop.set()
        wall = time.perf_counter() - started
        for thread in threads:
            thread.join()
        staff.join(limit)
        seen = anonymous_out.get(timeout=120)
        visitors.join(30)
        found = outcomes(tag, setup["learners"])
    finally:
        with contextlib.suppress(OSError):
            for path in work.iterdir():
                path.unlink()
            work.rmdir()
    groups = {group: tally.figures(group, wall) for group in ("learners", "sign-in", "staff")}
    groups["anonymous"] = seen["figures"]
    tally.cache.update(seen["cache"])
    tally.reconnects += seen["reconnects"]
    failed = {status: n for status, n in found["imports"].items() if status != "done" and n}
    if failed:
        groups["staff"]["error_kinds"].update({f"import {s}": n for s, n in failed.items()})
        groups["staff"]["errors"] += sum(failed.values())
    errors = sum(figures["errors"] for figures in groups.values())
    return {
        "topology": topology or {},
        "seconds": wall,
        "clients": {"anonymous": anonymous, "learners": learners, "staff": 1},
        "anonymous_rate": anonymous_rate,
        "think": think,
        "courses": len(setup["courses"]),
        "lessons": sum(len(lessons) for _slug, lessons in setup["courses"]),
        "import_rows": setup["file_rows"],
        "imports_s": durations,
        "imports": found["imports"],
        "imported_rows": found["imported_rows"],
        "import_failures": found["import_failures"],
        "completions": found["completions"],
        "cache": dict(sorted(tally.cache.items())),
        "reconnects": tally.reconnects,
        **groups,
        "errors": errors,
        "met": errors == 0 and groups["learners"]["p99_ms"] < GOAL_LEARNER_P99_MS,
    }
