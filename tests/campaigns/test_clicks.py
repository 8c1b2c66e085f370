"""Clicks are counted per link and day with one atomic upsert, storing no personal data."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from campaigns import services
from campaigns.models import LinkClickDay, LinkSessionDay
from core.actors import SYSTEM
from tests.factories.campaigns import LinkFactory


def test_it_counts_clicks_per_day(db):
    link = LinkFactory()
    day1, day2 = dt.date(2026, 11, 20), dt.date(2026, 11, 21)
    for _ in range(3):
        services.click_record(actor=SYSTEM, link=link, day=day1)
    services.click_record(actor=SYSTEM, link=link, day=day2)
    assert dict(LinkClickDay.objects.filter(link=link).values_list("day", "count")) == {day1: 3, day2: 1}


def test_it_stores_no_personal_data(client, db):
    link = LinkFactory(code="privacy")
    response = client.get("/go/privacy", HTTP_USER_AGENT="Mozilla/5.0 secret-agent", REMOTE_ADDR="203.0.113.7")
    columns = {f.column for f in LinkClickDay._meta.get_fields() if hasattr(f, "column")}
    assert columns == {"id", "link_id", "day", "count"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM campaigns_linkclickday WHERE link_id = %s", [link.pk])
        row = cursor.fetchone()
    assert "203.0.113.7" not in repr(row) and "secret-agent" not in repr(row)
    # No session cookie; the only cookie is the signed attribution cookie (issue 18): link, campaign,
    # channel and time — nothing about the visitor (tests/campaigns/test_attribution.py).
    assert set(response.cookies) == {"otop_src"}
    value = response.cookies["otop_src"].value.split(":")[0]
    assert value.split(".")[:3] == [str(link.pk), str(link.campaign_id), link.channel]
    assert "203.0.113.7" not in response.cookies["otop_src"].value
    assert not client.get("/go/privacy", HTTP_DNT="1").cookies  # Do-Not-Track: no cookie at all


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_clicks_under_concurrent_requests():
    link = LinkFactory(code="burst")
    threads_n, per_thread = 8, 15
    barrier = threading.Barrier(threads_n)
    errors = []

    def hammer():
        try:
            client = Client()
            barrier.wait()
            for _ in range(per_thread):
                assert client.get("/go/burst").status_code == 302
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hammer) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert LinkClickDay.objects.get(link=link).count == threads_n * per_thread
    # Each thread is one browser: its first scan is a visit, the repeats refresh its cookie (atomic upsert too).
    assert LinkSessionDay.objects.get(link=link).count == threads_n
