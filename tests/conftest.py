"""Shared fixtures: the areas, the standing users, query counting, a real Celery worker.

Standing users (healthchecks style): `staff`, `owner` (a producer in `group`),
`colleague` (another producer in the same `group`), `outsider` (a producer in
`other_group`), `partner_user` (of `partner_org`), `other_partner_user` (of
`other_partner_org`), `expert_user`; anonymous is the plain `client`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import core as f

ROOT = Path(__file__).resolve().parent.parent


DB_FIXTURES = ("db", "transactional_db", "live_server", "django_db_setup")


def ensure_reference_data() -> None:
    """Reference data that migrations or loaders put in a fresh database: Ang Thong's
    areas, the quadrant rule table (products 0003) and the redirect allow-list
    (campaigns 0004). A transactional test empties every table when it ends, so
    this puts them back when they are missing."""
    import importlib

    from django.apps import apps as django_apps

    from core.areas import load_areas
    from core.models import Subdistrict
    from products.models import ChecklistOption, ChecklistPart, Quadrant, QuadrantRule
    from products.quadrant_seed import seed

    if not Subdistrict.objects.filter(code="150305").exists():
        load_areas()
    if not Quadrant.objects.exists():
        seed(Quadrant, ChecklistPart, ChecklistOption, QuadrantRule)
    hosts = importlib.import_module("campaigns.migrations.0004_default_allowed_hosts")
    if not django_apps.get_model("campaigns", "AllowedRedirectHost").objects.exists():
        hosts.add_hosts(django_apps, None)


@pytest.fixture(autouse=True)
def _reference_data_loaded(request, django_db_blocker):
    """Reference data is there for every test that uses the database."""
    if not (request.node.get_closest_marker("django_db") or any(f in request.fixturenames for f in DB_FIXTURES)):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _thai_to_begin_with():
    """Every test starts in the site's language: a request to an /en/ page leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), and it must not leak into the next test."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block queued with transaction.on_commit at its end,
    as the real commit of a request or service would (tests themselves run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def group(db):
    return f.ProducerGroupFactory(name_th="กลุ่มตุ๊กตาชาววังทดสอบ")


@pytest.fixture
def other_group(db):
    return f.ProducerGroupFactory(name_th="กลุ่มกลองทดสอบ", subdistrict_id="150307")


@pytest.fixture
def staff(db):
    return f.staff(username="staff")


@pytest.fixture
def owner(group):
    return f.producer(group, username="owner")


@pytest.fixture
def colleague(group):
    return f.producer(group, username="colleague")


@pytest.fixture
def outsider(other_group):
    return f.producer(other_group, username="outsider")


@pytest.fixture
def partner_org(db):
    return f.PartnerOrganisationFactory(name_th="มหาวิทยาลัยราชภัฏพระนครศรีอยุธยา (ทดสอบ)")


@pytest.fixture
def other_partner_org(db):
    return f.PartnerOrganisationFactory(name_th="มหาวิทยาลัยราชภัฏจันทรเกษม (ทดสอบ)")


@pytest.fixture
def partner_user(partner_org):
    return f.partner(partner_org, username="partner")


@pytest.fixture
def other_partner_user(other_partner_org):
    return f.partner(other_partner_org, username="otherpartner")


@pytest.fixture
def expert_user(db):
    return f.expert(username="expert")


@pytest.fixture
def users(staff, owner, outsider, partner_user, expert_user):
    """Every role by name, None for anonymous — for permission matrices."""
    return {"anonymous": None, "staff": staff, "owner": owner, "outsider": outsider,
            "partner": partner_user, "expert": expert_user}


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as `user` (anonymous for None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for():
    """api_for(user) -> a DRF APIClient authenticated as `user` (anonymous for None)."""
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return make


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


@pytest.fixture
def assert_constant_queries():
    """assert_constant_queries(fetch, grow): the query count of fetch() does not change
    when grow() adds rows (use 3 rows, then 30)."""

    def check(fetch, grow):
        fetch()  # warm caches (content types, sessions)
        before = count_queries(fetch)
        grow()
        after = count_queries(fetch)
        assert after == before, f"queries grew with rows: {before} -> {after}"
        return after

    return check


# --- A real Celery worker -----------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    if db["HOST"].startswith("/"):
        return f"postgres://{db['USER']}@/{db['HOST']}/{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real `celery worker` process on Redis, reading the test database.

    Yields the queue name; tasks must be sent with `queue=`. Skips (with the
    reason) when no Redis answers, unless OTOP_REQUIRE_REDIS=1 (CI), where
    that is a failure."""
    if not getattr(settings, "REDIS_AVAILABLE", False):
        if os.environ.get("OTOP_REQUIRE_REDIS") == "1":
            pytest.fail(f"no Redis answers at {settings.TEST_REDIS_URL} (OTOP_REQUIRE_REDIS=1)")
        pytest.skip(f"no Redis server answers at {settings.TEST_REDIS_URL}")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "otop_portal.settings.base", "DEBUG": "false",
           "DATABASE_URL": _database_url(), "REDIS_URL": settings.TEST_REDIS_URL,
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "EMAIL_URL": "consolemail://"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "otop_portal", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=WARNING",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        from otop_portal.celery import app

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited: {proc.stdout.read()}")
            replies = app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=0.5)
            if replies:
                break
        else:
            pytest.fail("celery worker did not answer within 30 s")
        yield queue
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def published_tasks(monkeypatch):
    """Tasks published through core.tasks_dispatch (the broker stands outside this test): a list of
    (task name, args) in the order they left, so a test asserts what was queued and when."""
    sent: list[tuple[str, list]] = []

    def publish(task_name, *, args, kwargs, task_id, options):
        sent.append((task_name, list(args)))

    monkeypatch.setattr("core.tasks_dispatch._publish", publish)
    return sent
