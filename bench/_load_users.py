"""The simulated users of `bench/load_test.py` (a locust file; locust runs it in its own process).

Three kinds, in the numbers the load test passes (LOAD_TOURISTS, LOAD_PRODUCERS, LOAD_STAFF):

- tourists browse (home, tourism list and details, communities, search, products, wisdom), book a published
  program through the API for a random open date in the next weeks (a full date is an EXPECTED 400, counted
  apart) and read their booking back by its code;
- producers log in through the login page (each with an account and producer group of its own) and record
  monthly income through the API, each write a (month, source) of their group with a unique amount to the
  satang; some writes correct an amount already sent (an update, 200);
- staff log in and review: the admin's queues (submitted wisdom, requested bookings), the API's booking list,
  and confirm or decline requested bookings (a booking another staff member decided a moment before is an
  EXPECTED 400).

Every write is recorded (what was sent, the answer's status and body), every request (its name, time and
whether it failed) and every error in a user's code; when locust stops, all of it is written as JSON to
LOAD_RESULTS for the figures and the count-back (locust's own CSV files are written once a second and miss
the last requests). What the users need to know about the data (program
slugs and their weekdays, accounts, group ids) comes from the plan file LOAD_PLAN that the load test wrote.
Nothing here imports Django: locust's gevent must not patch the process that counts back.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
from decimal import Decimal

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
# Greenlets of one process: appends do not interleave.
WRITES: list[dict] = []
REQUESTS: list[tuple[str, float, str]] = []  # (name, milliseconds, error or "")
ERRORS: list[str] = []
_producer_accounts = itertools.count()
_staff_accounts = itertools.count()
_tourist_numbers = itertools.count(1)

# The service's messages for the expected refusals (tourism.services): a full date, a booking already decided.
FULL_MESSAGES = ("วันที่เลือกเต็มแล้ว", "วันที่เลือกเหลือที่ว่างเพียง")
DECIDED_MESSAGES = ("ยืนยันได้เฉพาะคำขอที่รอชุมชนยืนยัน", "การจองนี้ถูกปฏิเสธไปแล้ว")
LOAD_NAME_PREFIX = "ผู้ทดสอบโหลด"


def _json(response):
    try:
        return response.json()
    except ValueError:
        return None


def _messages(body) -> str:
    return json.dumps(body, ensure_ascii=False) if body is not None else ""


def _record(kind: str, sent: dict, response, outcome: str, **extra) -> None:
    WRITES.append(
        {
            "kind": kind,
            "sent": sent,
            "status": response.status_code,
            "outcome": outcome,
            "body": _json(response),
            **extra,
        }
    )


@events.request.add_listener
def _count_request(request_type, name, response_time, response_length, exception=None, **_kwargs):
    REQUESTS.append((name, response_time, "" if exception is None else str(exception)[:500]))


@events.user_error.add_listener
def _count_error(user_instance, exception, tb, **_kwargs):
    ERRORS.append(f"{type(user_instance).__name__}: {type(exception).__name__}: {exception}"[:500])


@events.quitting.add_listener
def _write_records(environment, **_kwargs):
    # Fired after the run-time limit stopped every user (each finished its task: --stop-timeout).
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as out:
        json.dump({"writes": WRITES, "requests": REQUESTS, "errors": ERRORS}, out, ensure_ascii=False)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def login(self, username: str) -> None:
        """Log in through the login page (CSRF cookie, form post, redirect to the dashboard)."""
        self.client.get("/accounts/login/", name="GET /accounts/login/")
        with self.client.post(
            "/accounts/login/",
            name="POST /accounts/login/",
            allow_redirects=False,
            data={
                "username": username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {username} answered {response.status_code}")
                raise RuntimeError(f"login of {username} failed")
            response.success()

    def api_post(self, path: str, data: dict, *, name: str, expected: tuple[str, ...] = ()):
        """POST JSON with the session and its CSRF token; returns (response, outcome): `ok` (2xx),
        `expected` (a 400 whose message is one of `expected`) or `unexpected` (marked as a failure)."""
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host + path}
        with self.client.post(path, json=data, headers=headers, name=name, catch_response=True) as response:
            if 200 <= response.status_code < 300:
                outcome = "ok"
                response.success()
            elif response.status_code == 400 and expected and any(m in response.text for m in expected):
                outcome = "expected"
                response.success()  # counted apart by the load test, from the records
            else:
                outcome = "unexpected"
                response.failure(f"{response.status_code}: {response.text[:300]}")
        return response, outcome


class Tourist(PortalUser):
    """Browses the public face and books programs."""

    fixed_count = int(os.environ.get("LOAD_TOURISTS", "0"))

    def on_start(self):
        self.number = next(_tourist_numbers)
        self.bookings: list[dict] = []
        self.static_file()  # every tourist measures the floor at least once (a 10-s smoke may not pick the task)

    @task(3)
    def home(self):
        self.client.get("/", name="GET /")

    @task(3)
    def tourism(self):
        self.client.get("/tourism/", name="GET /tourism/")
        program = random.choice(PLAN["programs"])
        self.client.get(f"/tourism/programs/{program['slug']}/", name="GET /tourism/programs/[slug]/")

    @task(1)
    def communities(self):
        self.client.get("/tourism/communities/", name="GET /tourism/communities/")
        slug = random.choice(PLAN["communities"])
        self.client.get(f"/tourism/communities/{slug}/", name="GET /tourism/communities/[slug]/")

    @task(2)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(PLAN["queries"])}, name="GET /search/?q=")

    @task(2)
    def products(self):
        self.client.get("/products/", name="GET /products/")
        self.client.get(f"/products/{random.choice(PLAN['products'])}/", name="GET /products/[slug]/")

    @task(2)
    def wisdom(self):
        self.client.get("/wisdom/", name="GET /wisdom/")
        self.client.get(f"/wisdom/{random.choice(PLAN['wisdom'])}/", name="GET /wisdom/[slug]/")

    @task(1)
    def static_file(self):
        # The floor: the same server answering a static file (whitenoise, before any view) under the same load.
        self.client.get(PLAN["static_file"], name="GET static file (floor)")

    @task(3)
    def book(self):
        program = random.choice(PLAN["programs"])
        today = dt.date.fromisoformat(PLAN["today"])
        days = [today + dt.timedelta(days=n) for n in range(2, 2 + PLAN["booking_window_days"])]
        days = [d for d in days if not program["weekdays"] or d.weekday() in program["weekdays"]]
        people = random.randint(program["min_group_size"], min(program["max_group_size"], 12))
        sent = {
            "program": program["slug"],
            "date": random.choice(days).isoformat(),
            "people": people,
            "name": f"{LOAD_NAME_PREFIX} {self.number}-{len(self.bookings) + 1}",
            "phone": f"08{random.randint(10_000_000, 99_999_999)}",
        }
        response, outcome = self.api_post(
            "/api/v1/tourism/bookings/", sent, name="POST booking", expected=FULL_MESSAGES
        )
        _record("booking", sent, response, outcome)
        if outcome == "ok":
            self.bookings.append({"code": response.json()["code"], "phone": sent["phone"]})

    @task(1)
    def my_booking(self):
        if not self.bookings:
            return
        booking = random.choice(self.bookings)
        self.client.get(
            f"/api/v1/tourism/bookings/by-code/{booking['code']}/",
            name="GET booking by code",
            headers={"X-Booking-Contact": booking["phone"][-4:]},
        )


class Producer(PortalUser):
    """Records its group's monthly income."""

    fixed_count = int(os.environ.get("LOAD_PRODUCERS", "0"))
    sources = ("product_sales", "tourism")

    def on_start(self):
        self.index = next(_producer_accounts)
        account = PLAN["producers"][self.index % len(PLAN["producers"])]
        self.username, self.unit = account["username"], account["group"]
        self.login(self.username)
        # Every (month, source) of the group once, newest month first, then corrections of sent ones.
        first = dt.date.fromisoformat(PLAN["today"]).replace(day=1)
        months, month = [], first
        for _ in range(240):
            months.append(month)
            month = (month - dt.timedelta(days=1)).replace(day=1)
        self.keys = [(m.strftime("%Y-%m"), s) for m in months for s in self.sources]
        self.sent: list[tuple[str, str]] = []
        self.writes = 0

    def amount(self) -> str:
        # Unique across every write of the run: the account's index, then this write's number, then satang.
        self.writes += 1
        return str(Decimal(f"{self.index + 1}{self.writes:05d}.{random.randint(0, 99):02d}"))

    @task(4)
    def record_income(self):
        if not self.keys:
            return
        month, source = self.keys.pop(0)
        self._submit(month, source)
        self.sent.append((month, source))

    @task(1)
    def correct_income(self):
        if self.sent:
            self._submit(*random.choice(self.sent))

    def _submit(self, month: str, source: str) -> None:
        sent = {"producer_group": self.unit, "month": month, "source": source, "amount": self.amount()}
        response, outcome = self.api_post("/api/v1/income-records/", sent, name="POST income record")
        _record("income", sent, response, outcome, user=self.username)

    @task(2)
    def income_page(self):
        self.client.get("/evaluation/income/", name="GET /evaluation/income/")

    @task(2)
    def income_list(self):
        self.client.get(
            "/api/v1/income-records/",
            params={"producer_group": self.unit},
            name="GET /api/v1/income-records/?producer_group=",
        )

    @task(1)
    def dashboard(self):
        self.client.get("/me/", name="GET /me/")


class Staff(PortalUser):
    """Reviews the queues and decides booking requests."""

    fixed_count = int(os.environ.get("LOAD_STAFF", "0"))
    wait_time = between(0.2, 1.0)  # staff work through the queue (and a 10-s smoke still decides some)

    def on_start(self):
        self.username = PLAN["staff"][next(_staff_accounts) % len(PLAN["staff"])]
        self.login(self.username)
        self.decisions = 0

    @task(1)
    def wisdom_queue(self):
        self.client.get(
            "/admin/wisdom/wisdomrecord/",
            params={"status__exact": "submitted"},
            name="GET admin submitted wisdom",
        )

    @task(1)
    def booking_queue(self):
        self.client.get(
            "/admin/tourism/booking/",
            params={"status__exact": "requested"},
            name="GET admin requested bookings",
        )

    @task(1)
    def admin_index(self):
        self.client.get("/admin/", name="GET /admin/")

    @task(6)
    def decide(self):
        response = self.client.get(
            "/api/v1/tourism/bookings/",
            params={"status": "requested", "page_size": 50},
            name="GET /api/v1/tourism/bookings/?status=requested",
        )
        requested = [
            b for b in (_json(response) or {}).get("results", []) if b["name"].startswith(LOAD_NAME_PREFIX)
        ]
        if not requested:
            return
        booking = random.choice(requested)
        self.decisions += 1
        note = f"{self.username} #{self.decisions} {random.randint(0, 10**9)}"
        if random.random() < 0.75:
            action, sent = "confirm", {"note": note}
        else:
            action, sent = "decline", {"reason": note}
        response, outcome = self.api_post(
            f"/api/v1/tourism/bookings/{booking['id']}/{action}/",
            sent,
            name=f"POST booking {action}",
            expected=DECIDED_MESSAGES,
        )
        _record(
            action,
            {**sent, "booking": booking["id"], "code": booking["code"]},
            response,
            outcome,
            user=self.username,
        )
