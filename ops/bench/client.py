"""The load generator: closed-loop clients, each in a process of its own, over plain HTTP/1.1.

Standard library only, and nothing here imports Django: the client processes must not share
the server's interpreter lock or load its settings. Each client acts as one person in one
browser tab (a session cookie of its own, or an API token), tells the server the request came
over HTTPS as the load balancer in front of it would (`X-Forwarded-Proto`), sends the
`Origin` a browser sends with a form, and keeps only the session and CSRF cookies (so flash
messages, never read because redirects are not followed, do not pile up in a cookie).
"""

from __future__ import annotations

import http.client
import multiprocessing
import queue
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any, Protocol

QUERY_COUNT_HEADER = "x-query-count"
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
# A client gives up after this many failures in a row: the server is down or refusing.
MAX_FAILURES_IN_A_ROW = 20
# How much of an unexpected response is kept to say what went wrong.
EXCERPT_CHARACTERS = 400
REQUEST_TIMEOUT_SECONDS = 60
# How long a prepared client waits for the others before giving up on the scenario.
BARRIER_SECONDS = 300


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def host_header(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Credentials:
    """Who a client is: cookies (a session), headers (an API token), or neither."""

    cookies: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    # The cookies the client keeps when the server sets them (the session and CSRF cookies).
    keep_cookies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sample:
    """One timed request: which row of the report it belongs to and what came back."""

    row: str
    started: float
    latency_ms: float
    status: int
    ok: bool
    queries: int | None
    server_ms: float | None


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Unexpected(Exception):
    """A response the scenario did not expect; the iteration stops there."""


class Client:
    """One simulated person: their credentials, the server, and the samples they record."""

    def __init__(self, *, server: Server, credentials: Credentials) -> None:
        self.server = server
        self.credentials = credentials
        self.cookies = dict(credentials.cookies)
        self.samples: list[Sample] = []
        self.recording = False
        self.first_error: str | None = None
        # Records the client made that the runner tidies away afterwards (referral ids).
        self.created: list[int] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        row: str | None,
        expect: Sequence[int] = (200,),
        form: Sequence[tuple[str, str]] | None = None,
    ) -> Response:
        """Send one request; time it under `row` (if recording); raise if unexpected."""
        headers = {
            "Host": self.server.host_header,
            "X-Forwarded-Proto": "https",
            "User-Agent": "cse-hub-bench",
            "Accept": "text/html,application/json",
            **self.credentials.headers,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | None = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(list(form)).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.server.origin
            headers["Referer"] = self.server.origin + path
        started = time.monotonic()
        status, response_headers, content = 0, {}, b""
        try:
            connection = http.client.HTTPConnection(
                self.server.host, self.server.port, timeout=REQUEST_TIMEOUT_SECONDS
            )
            try:
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
                status = answer.status
                response_headers = {k.lower(): v for k, v in answer.getheaders()}
                self._keep_cookies(answer.msg.get_all("Set-Cookie") or [])
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            content = f"{type(error).__name__}: {error}".encode()
        latency_ms = (time.monotonic() - started) * 1000
        ok = status in expect
        if row is not None and self.recording:
            self.samples.append(
                Sample(
                    row=row,
                    started=started,
                    latency_ms=latency_ms,
                    status=status,
                    ok=ok,
                    queries=_int(response_headers.get(QUERY_COUNT_HEADER)),
                    server_ms=_server_ms(response_headers.get("server-timing")),
                )
            )
        response = Response(status=status, headers=response_headers, body=content)
        if not ok:
            excerpt = response.text[:EXCERPT_CHARACTERS]
            message = (
                f"{method} {path} answered {status or 'nothing'}, expected {expect}: {excerpt}"
            )
            if self.first_error is None:
                self.first_error = message
            raise Unexpected(message)
        return response

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            name, _, rest = header.partition("=")
            if name.strip() in self.credentials.keep_cookies:
                self.cookies[name.strip()] = rest.split(";", 1)[0]


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _server_ms(value: str | None) -> float | None:
    found = SERVER_TIMING.search(value or "")
    return float(found.group(1)) if found else None


# Forms, read from the page as a browser would


@dataclass
class Form:
    """A page's form: what a browser would send unchanged, and the choices on offer."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)

    def first_choice(self, name: str) -> str:
        """The first non-empty choice offered for a select, radios or checkboxes."""
        offered = [value for value in self.choices.get(name, []) if value]
        if not offered:
            raise Unexpected(f"The form offers no choice for {name!r}")
        return offered[0]

    def submission(self, answers: Mapping[str, str | Sequence[str]]) -> list[tuple[str, str]]:
        """The form's own values, with the answers given replacing those of the same names."""
        kept = [(name, value) for name, value in self.fields if name not in answers]
        for name, answer in answers.items():
            values = [answer] if isinstance(answer, str) else list(answer)
            kept += [(name, value) for value in values]
        return kept


class _FormParser(HTMLParser):
    """Every POST form on a page, read the way a browser submits it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_chosen: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(action=a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_chosen, self._select_first = name, None, None
            form.choices.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            form.choices[self._select].append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._select_chosen = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select_chosen if self._select_chosen is not None else self._select_first
            if chosen is not None:
                form.fields.append((self._select, chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_on(page: Response, *, path: str) -> Form:
    """The page's own POST form (the one that posts back to `path`, not the header's sign
    out), with its CSRF token."""
    parser = _FormParser()
    parser.feed(page.text)
    for form in parser.forms:
        if form.action in ("", path) and any(n == "csrfmiddlewaretoken" for n, _ in form.fields):
            return form
    raise Unexpected(f"No form posting to {path} on the page ({page.status})")


# What a client does: a plan, prepared once and then repeated


class Plan(Protocol):
    """What one client does, again and again; `prepare` runs once, before any timing."""

    @property
    def rows(self) -> tuple[str, ...]:
        """The report rows its requests are timed under."""
        ...

    def prepare(self, client: Client) -> Any: ...

    def iterate(self, client: Client, state: Any, number: int) -> None: ...


@dataclass(frozen=True)
class Read:
    """One page or API call, again and again."""

    row: str
    path: str

    @property
    def rows(self) -> tuple[str, ...]:
        return (self.row,)

    def prepare(self, client: Client) -> None:
        return None

    def iterate(self, client: Client, state: None, number: int) -> None:
        client.request("GET", self.path, row=self.row)


@dataclass(frozen=True)
class ColdRead:
    """A page read after its cached copy is deleted, so that every read computes it afresh.

    The deletion is not timed. Only one client may run it: two would fill the cache for each
    other."""

    row: str
    path: str
    redis_url: str
    cache_key: str

    @property
    def rows(self) -> tuple[str, ...]:
        return (self.row,)

    def prepare(self, client: Client) -> Any:
        import redis

        return redis.Redis.from_url(self.redis_url, socket_connect_timeout=2, socket_timeout=5)

    def iterate(self, client: Client, state: Any, number: int) -> None:
        state.delete(self.cache_key)
        client.request("GET", self.path, row=self.row)


@dataclass(frozen=True)
class LogCasework:
    """A spoke worker logs a session on the case: the real form, its CSRF token included.

    The form page is read once (untimed), as a person keeps it open; each post is timed."""

    row: str
    case_id: int
    label: str

    @property
    def rows(self) -> tuple[str, ...]:
        return (self.row,)

    @property
    def path(self) -> str:
        return f"/cases/{self.case_id}/casework/new/"

    def prepare(self, client: Client) -> Form:
        return form_on(client.request("GET", self.path, row=None), path=self.path)

    def iterate(self, client: Client, state: Form, number: int) -> None:
        answers = {
            "kind": state.first_choice("kind"),
            "duration_minutes": "45",
            "summary": f"Benchmark session {self.label}-{number}: talked through a safety plan.",
            "young_persons_voice": "Said the plan made sense.",
            "action": "save",
        }
        client.request(
            "POST", self.path, row=self.row, expect=(302,), form=state.submission(answers)
        )


# Synthetic names for the young people the benchmark refers; no real person.
_FIRST_NAMES = ("Ashton", "Brook", "Carey", "Dale", "Ellis", "Frankie", "Gale", "Harley")
_LAST_NAMES = ("Benchmark", "Loadtest", "Synthetic", "Sample", "Example", "Placeholder")
_REFERRAL_CHECK = re.compile(r"/referrals/(\d+)/check/")


@dataclass(frozen=True)
class SubmitReferral:
    """A practitioner refers a young person: the form saved with "continue", the check
    answers page, then "submit"; each of the three timed under its own row."""

    draft_row: str
    check_row: str
    submit_row: str
    local_authority_id: int
    hub_id: int
    agency_id: int
    # The young people referred are 14 or so (the runner works the year out in London time).
    birth_year: int
    label: str

    @property
    def rows(self) -> tuple[str, ...]:
        return (self.draft_row, self.check_row, self.submit_row)

    def prepare(self, client: Client) -> Form:
        return form_on(client.request("GET", "/referrals/new/", row=None), path="/referrals/new/")

    def iterate(self, client: Client, state: Form, number: int) -> None:
        born = date(self.birth_year, 1 + number % 12, 1 + number % 28)
        answers: dict[str, str | Sequence[str]] = {
            "first_name": _FIRST_NAMES[number % len(_FIRST_NAMES)],
            "last_name": f"{_LAST_NAMES[number % len(_LAST_NAMES)]}-{self.label}-{number}",
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
            "local_authority": str(self.local_authority_id),
            "hubs_for_local_authority": str(self.local_authority_id),
            "hub": str(self.hub_id),
            "indicators": [state.first_choice("indicators")],
            "narrative": "Seen with older adults after school; gifts and a new phone.",
            "urgency": state.first_choice("urgency"),
            "young_person_aware": "yes",
            "young_person_consents": "yes",
            "parents_aware": state.first_choice("parents_aware"),
            "action": "continue",
        }
        if "referrer_agency" in state.choices:
            answers["referrer_agency"] = str(self.agency_id)
        saved = client.request(
            "POST",
            "/referrals/new/",
            row=self.draft_row,
            expect=(302,),
            form=state.submission(answers),
        )
        found = _REFERRAL_CHECK.search(saved.headers.get("location", ""))
        if found is None:
            raise Unexpected(f"The saved referral went to {saved.headers.get('location')!r}")
        client.created.append(int(found.group(1)))
        check_path = found.group(0)
        check = form_on(client.request("GET", check_path, row=self.check_row), path=check_path)
        client.request("POST", check_path, row=self.submit_row, expect=(302,), form=check.fields)


# Running clients


@dataclass(frozen=True)
class Job:
    """One client process's work: its plan and credentials, and how long or how often."""

    plan: Plan
    server: Server
    credentials: Credentials
    warmup: int
    duration: float | None
    iterations: int | None


@dataclass
class Outcome:
    samples: list[Sample]
    created: list[int]
    error: str | None
    iterations: int


def _run(job: Job, barrier: Any, results: Any) -> None:
    client = Client(server=job.server, credentials=job.credentials)
    error: str | None = None
    done = 0
    try:
        state = job.plan.prepare(client)
        for number in range(job.warmup):
            _attempt(job.plan, client, state, -1 - number)
    except Exception as failure:  # noqa: BLE001 - reported to the runner, not raised here
        error = f"could not prepare: {failure}"
    try:
        barrier.wait(timeout=BARRIER_SECONDS)
    except threading.BrokenBarrierError:
        error = error or "another client failed to start"
    if error is None:
        client.recording = True
        stop_at = time.monotonic() + job.duration if job.duration is not None else None
        failures = 0
        while (job.iterations is None or done < job.iterations) and (
            stop_at is None or time.monotonic() < stop_at
        ):
            failures = 0 if _attempt(job.plan, client, state, done) else failures + 1
            done += 1
            if failures >= MAX_FAILURES_IN_A_ROW:
                error = f"gave up after {failures} failures in a row"
                break
    results.put(
        Outcome(
            samples=client.samples,
            created=client.created,
            error=error or client.first_error,
            iterations=done,
        )
    )


def _attempt(plan: Plan, client: Client, state: Any, number: int) -> bool:
    try:
        plan.iterate(client, state, number)
    except Unexpected as error:
        client.first_error = client.first_error or str(error)
        return False
    return True


def run_clients(jobs: Sequence[Job], *, timeout: float) -> list[Outcome]:
    """Start every client, release them together once all are prepared, and collect what
    each recorded."""
    context = multiprocessing.get_context()
    barrier = context.Barrier(len(jobs))
    results = context.Queue()
    processes = [context.Process(target=_run, args=(job, barrier, results)) for job in jobs]
    for process in processes:
        process.start()
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + timeout
    try:
        while len(outcomes) < len(processes):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"clients did not finish within {timeout:.0f} s")
            try:
                outcomes.append(results.get(timeout=min(remaining, 1.0)))
            except queue.Empty:
                if all(not p.is_alive() for p in processes) and results.empty():
                    raise RuntimeError("a client process died without reporting") from None
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    return outcomes
