"""Drill: Redis stops while the portal is in use.

A private redis-server (never the machine's) is the portal's cache, throttle store, Celery broker and result
backend. It is killed while pages and the API are used: every public page, a login, an API list, an anonymous
booking and an event registration still answer as they should (never a 500, never a stall), the throttles
still limit, and a task queued during the outage is kept and runs once Redis is back.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import core as cf
from tests.factories.campaigns import published_product, published_wisdom
from tests.factories.network import EventFactory
from tests.factories.tourism import CommunityFactory, ProgramFactory

from .conftest import ROOT, database_url_of, wait_for, worker_command

pytestmark = pytest.mark.faults

FUTURE = datetime.date.today() + datetime.timedelta(days=20)
PASSWORD = "drill-pass-2569"


def _world():
    from network.models import Event  # noqa: F401  (the factories' models are loaded)

    group = cf.ProducerGroupFactory(name_th="กลุ่มตุ๊กตาชาววังซ้อมเหตุขัดข้อง")
    product = published_product(group)
    wisdom = published_wisdom()
    community = CommunityFactory()
    program = ProgramFactory(community=community, daily_capacity=100, max_group_size=10)
    event = EventFactory(capacity=50)
    user = cf.producer(group, username="drill-producer")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return {
        "product": product,
        "wisdom": wisdom,
        "community": community,
        "program": program,
        "event": event,
        "user": user,
    }


def _public_pages(world) -> list[str]:
    return [
        "/",
        "/accounts/login/",
        "/groups/",
        "/wisdom/",
        "/products/",
        "/network/",
        "/network/experts/",
        "/network/knowledge/",
        "/network/events/",
        "/tourism/",
        "/tourism/communities/",
        "/tourism/fairs/",
        "/tourism/bookings/",
        "/search/?" + urlencode({"q": "ตุ๊กตา"}),
        "/sitemap.xml",
        world["product"].get_absolute_url(),
        world["wisdom"].get_absolute_url(),
        world["community"].get_absolute_url(),
        world["program"].get_absolute_url(),
        world["event"].get_absolute_url(),
        f"/network/events/{world['event'].slug}/register/",
        "/api/v1/products/",
        "/api/v1/tourism/programs/",
        "/api/v1/events/",
    ]


def _use_the_portal(portal, world, *, round_no: int) -> dict[str, int]:
    """Every public page, a login, an API list, an anonymous booking (page) and event registrations (page and
    API). Returns what each answered; each must answer within 5 s (no stall on a dead Redis)."""
    answers: dict[str, int] = {}

    def timed(label, call):
        started = time.monotonic()
        response = call()
        elapsed = time.monotonic() - started
        assert elapsed < 5, f"{label} took {elapsed:.1f} s"
        answers[label] = response.status
        return response

    for path in _public_pages(world):
        timed(path, lambda path=path: portal.request("GET", path))

    visitor = portal.browser()
    login = timed(
        "login",
        lambda: visitor.post_form(
            "/accounts/login/", {"username": world["user"].username, "password": PASSWORD}
        ),
    )
    assert login.headers.get("location") == "/me/", login.text[:500]
    timed("dashboard after login", lambda: visitor.get("/me/"))

    tourist = portal.browser()
    program_url = world["program"].get_absolute_url()
    timed(
        "anonymous booking",
        lambda: tourist.post_form(
            program_url,
            {
                "date": FUTURE.isoformat(),
                "people": 2,
                "name": f"นักท่องเที่ยวซ้อม {round_no}",
                "line_id": f"drill{round_no}",
            },
        ),
    )

    attendee = portal.browser()
    register_url = f"/network/events/{world['event'].slug}/register/"
    timed(
        "event registration (page)",
        lambda: attendee.post_form(
            register_url, {"name": f"ผู้เข้าร่วมซ้อม {round_no}", "phone": f"08123456{round_no:02d}"}
        ),
    )
    timed(
        "event registration (API)",
        lambda: portal.request(
            "POST",
            f"/api/v1/events/{world['event'].pk}/register/",
            json_body={"name": f"ผู้เข้าร่วม API {round_no}", "phone": f"08765432{round_no:02d}"},
        ),
    )
    return answers


EXPECTED = {
    "login": 302,
    "dashboard after login": 200,
    "anonymous booking": 302,
    "event registration (page)": 302,
    "event registration (API)": 201,
}


def test_it_keeps_pages_and_the_api_working_while_redis_is_down(
    transactional_db, private_redis, start_portal
):
    from django.db import connection

    from network.models import Registration
    from tourism.models import Booking

    world = _world()
    portal = start_portal(
        env={
            "REDIS_URL": private_redis.url,
            "DATABASE_URL": database_url_of(connection.settings_dict),
            "CONN_MAX_AGE": "0",
        }
    )

    before = _use_the_portal(portal, world, round_no=1)
    unexpected = {label: status for label, status in before.items() if status != EXPECTED.get(label, 200)}
    assert not unexpected, f"with Redis up: {unexpected}"

    private_redis.kill()
    during = _use_the_portal(portal, world, round_no=2)
    assert during == before, "with Redis down every request answers as it did with Redis up"
    assert Booking.objects.filter(name="นักท่องเที่ยวซ้อม 2").count() == 1
    assert Registration.objects.filter(name__in=["ผู้เข้าร่วมซ้อม 2", "ผู้เข้าร่วม API 2"]).count() == 2
    assert "Internal Server Error" not in portal.log_text(tail=None)
    assert "Redis unavailable" in portal.log_text(tail=None), "the outage is logged as a warning"

    private_redis.start()
    time.sleep(5.5)  # the caches leave a dead Redis alone for RETRY_AFTER (5 s), then use it again
    after = _use_the_portal(portal, world, round_no=3)
    assert after == before
    assert "Internal Server Error" not in portal.log_text(tail=None)


@pytest.fixture
def throttles_on(private_redis, monkeypatch):
    """The "default", "throttles" and "pages" caches on the private Redis, as settings make them with REDIS_URL, and
    anonymous submissions limited to 3 a minute."""
    from core.throttles import AnonSubmissionThrottle

    monkeypatch.setattr(AnonSubmissionThrottle, "rate", "3/minute", raising=False)
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "RETRY_AFTER": 5}
    caches_setting = {
        "default": {
            "BACKEND": "core.cache.SafeRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": options,
        },
        "throttles": {
            "BACKEND": "core.cache.SafeRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "throttle",
            "OPTIONS": {**options, "LOCAL_FALLBACK": True},
        },
        "pages": {
            "BACKEND": "core.cache.SafeRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "pages",
            "OPTIONS": options,
        },
    }
    with override_settings(CACHES=caches_setting):
        yield private_redis


def _register(api, event, n):
    return api.post(
        f"/api/v1/events/{event.pk}/register/",
        {"name": f"ผู้ลงทะเบียน {n}", "phone": f"081000{n:04d}"},
        format="json",
    ).status_code


def test_it_keeps_throttling_with_a_local_counter_while_redis_is_down(db, throttles_on, api_for, caplog):
    from network.models import Registration

    api = api_for(None)
    with_redis = [_register(api, EventFactory(capacity=50), n) for n in range(4)]
    assert (
        caches["throttles"].is_available()
        and caches["throttles"].fallback.get("throttle_anon_booking_127.0.0.1") is None
    ), "counted in Redis, not locally"
    assert with_redis == [201, 201, 201, 429]

    throttles_on.kill()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        event = EventFactory(capacity=50)
        without_redis = [_register(api, event, 10 + n) for n in range(4)]
    assert without_redis == [201, 201, 201, 429], "the limit holds, counted in this process, and no 500"
    assert Registration.objects.filter(event=event).count() == 3
    assert "Redis unavailable" in caplog.text


def test_it_does_not_stall_on_a_hung_redis(throttles_on):
    cache = caches["default"]
    cache.set("greeting", "สวัสดี")
    assert cache.get("greeting") == "สวัสดี"

    throttles_on.freeze()  # the port still accepts connections, nothing answers
    try:
        started = time.monotonic()
        assert cache.get("greeting", "miss") == "miss"
        first = time.monotonic() - started
        started = time.monotonic()
        for _n in range(20):
            assert cache.get("greeting") is None
            cache.set("greeting", "ลาก่อน")
        later = time.monotonic() - started
    finally:
        throttles_on.thaw()
    assert first < 1.0, f"one socket timeout (0.25 s), not a stall: {first:.2f} s"
    assert later < 0.2, f"then Redis is left alone for RETRY_AFTER: {later:.2f} s for 40 calls"


def test_it_keeps_a_task_queued_during_the_outage_and_runs_it_when_redis_returns(
    transactional_db, private_redis
):
    """A write commits while the broker is down: the task is kept as a PendingTask row (no error for the
    user); when Redis is back a worker starting up sends it and runs it, with the same task id."""
    import redis
    from django.db import connection

    from core.models import PendingTask

    queue = f"drill-{uuid.uuid4().hex[:8]}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "otop_portal.settings.base",
        "DEBUG": "false",
        "AXES_VERBOSE": "false",
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "REDIS_URL": private_redis.url,
        "EMAIL_URL": "consolemail://",
    }
    private_redis.kill()

    queue_it = (
        "import time\n"
        "from django.db import transaction\n"
        "from core.tasks import ping\n"
        "from core.tasks_dispatch import enqueue_after_commit\n"
        "started = time.monotonic()\n"
        "with transaction.atomic():\n"
        f"    task_id = enqueue_after_commit(ping, options={{'queue': {queue!r}}})\n"
        "print('TASK', task_id, time.monotonic() - started)\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", queue_it],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    task_id, seconds = done.stdout.split("TASK", 1)[1].split()[:2]
    assert float(seconds) < 3, f"the commit waited {float(seconds):.1f} s for a dead broker"
    assert "broker unavailable" in done.stderr
    kept = PendingTask.objects.get()
    assert (kept.task_name, kept.task_id, kept.options) == ("core.ping", task_id, {"queue": queue})

    private_redis.start()
    worker = subprocess.Popen(
        worker_command(queue, f"{queue}@%h"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        results = redis.Redis.from_url(private_redis.url)

        def result():
            if worker.poll() is not None:
                pytest.fail(f"celery worker exited: {worker.stdout.read()}")
            return results.get(f"celery-task-meta-{task_id}")

        import json

        meta = json.loads(wait_for(result, timeout=45, what="the kept task did not run", interval=0.3))
        assert meta["status"] == "SUCCESS" and meta["result"] == {"pong": True, "districts": 7}
        assert not PendingTask.objects.exists()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
