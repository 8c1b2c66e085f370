"""The monthly ledger task: scheduled on the 1st, computes the month just ended, idempotent."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest

from benefits import tasks
from benefits.models import LedgerEntry
from tests.factories import core as cf
from tests.factories.benefits import agreement, sale
from tests.factories.products import ProductFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory


def _march_agreement():
    group = cf.ProducerGroupFactory(name_th="กลุ่มทดสอบงานบัญชีผลประโยชน์")
    record = WisdomRecordFactory()
    holder = KnowledgeHolderFactory(record=record)
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", shares=[(holder, "100")])
    sale(doll, "2026-03", "2000.00")
    return a


def test_it_is_scheduled_on_the_first_of_the_month():
    from otop_portal.celery import app, gather_beat_schedules

    entry = gather_beat_schedules(app.conf)["benefits-monthly-ledger"]
    assert entry["task"] == "benefits.compute_ledger"
    assert entry["schedule"].day_of_month == {1}
    assert tasks.compute_ledger.name in app.tasks


@pytest.mark.django_db
def test_it_computes_the_month_just_ended_by_default():
    a = _march_agreement()
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 4, 1)):
        result = tasks.compute_ledger.apply().get()
        again = tasks.compute_ledger.apply().get()
    assert result == {"month": "2026-03", "accruals": 1, "adjustments": 0, "unchanged": 0, "agreements": [a.pk]}
    assert again["accruals"] == 0 and again["unchanged"] == 1
    assert LedgerEntry.objects.get(agreement=a).amount == Decimal("100.00")


@pytest.mark.redis
def test_it_runs_through_a_real_worker(celery_worker):
    a = _march_agreement()
    result = tasks.compute_ledger.apply_async(("2026-03",), queue=celery_worker).get(timeout=60)
    assert result["accruals"] == 1
    # a duplicated delivery writes nothing
    assert tasks.compute_ledger.apply_async(("2026-03",), queue=celery_worker).get(timeout=60)["unchanged"] == 1
    assert LedgerEntry.objects.filter(agreement=a).count() == 1


def test_the_nightly_recheck_is_scheduled():
    from otop_portal.celery import app, gather_beat_schedules

    entry = gather_beat_schedules(app.conf)["benefits-nightly-recheck"]
    assert entry["task"] == "benefits.recheck_ledger" and tasks.recheck_ledger.name in app.tasks
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


@pytest.mark.django_db
def test_the_nightly_recheck_turns_a_late_correction_into_an_adjustment():
    """March computed on 1 April (5 % of 2,000.00 = 100.00); in May the March sales are corrected to
    2,300.00: the next night's recheck adds one adjustment of +15.00 (5 % of 300.00), the night after
    nothing; a month never computed is left to the monthly run."""
    a = _march_agreement()
    doll = a.products.get()
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 4, 1)):
        tasks.compute_ledger.apply().get()
    sale(doll, "2026-03", "2300.00")
    sale(doll, "2026-04", "1000.00")  # April was never computed: not the recheck's job
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 5, 20)):
        first = tasks.recheck_ledger.apply().get()
        second = tasks.recheck_ledger.apply().get()
    assert [r["month"] for r in first] == ["2026-03"] and first[0]["adjustments"] == 1
    assert second[0]["adjustments"] == 0 and second[0]["unchanged"] == 1
    lines = list(LedgerEntry.objects.filter(agreement=a).order_by("month", "revision")
                 .values_list("month", "kind", "revision", "amount"))
    assert lines == [(dt.date(2026, 3, 1), "accrual", 0, Decimal("100.00")),
                     (dt.date(2026, 3, 1), "adjustment", 1, Decimal("15.00"))]
