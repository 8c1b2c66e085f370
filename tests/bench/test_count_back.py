"""The load test's count-back (bench/_count_back.py) finds every acknowledged write and catches what is wrong:
a write missing, an amount or a status not the acknowledged one, a row nobody was told about."""

import datetime as dt
import importlib
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from evaluation import services as evaluation_services
from evaluation.models import IncomeRecord
from tests.factories.core import ProducerGroupFactory
from tests.factories.core import staff as make_staff
from tests.factories.tourism import ProgramFactory
from tourism import services as tourism_services
from tourism.models import Booking, ProgramDateCapacity

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
count_back_module = importlib.import_module("_count_back")

pytestmark = pytest.mark.django_db


def _income(actor, group, month, amount, source="product_sales"):
    record, created = evaluation_services.income_record_submit(
        actor=actor, producer_group=group, month=month, source=source, amount=Decimal(amount)
    )
    return {
        "kind": "income",
        "outcome": "ok",
        "status": 201 if created else 200,
        "user": actor.username,
        "sent": {"producer_group": group.pk, "month": month, "source": source, "amount": amount},
        "body": {"id": record.pk, "amount": str(record.amount)},
    }


def _booking(program, day, people, name):
    sent = {
        "program": program.slug,
        "date": day.isoformat(),
        "people": people,
        "name": name,
        "phone": "0812345678",
    }
    booking = tourism_services.booking_create(
        actor=AnonymousUser(), program=program, date=day, people=people, name=name, phone=sent["phone"]
    )
    return booking, {
        "kind": "booking",
        "outcome": "ok",
        "status": 201,
        "sent": sent,
        "body": {"code": booking.code, "total_price": str(booking.total_price)},
    }


def _decision(actor, booking, kind, note):
    if kind == "confirm":
        booking = tourism_services.booking_confirm(actor=actor, booking=booking, note=note)
        sent = {"note": note}
    else:
        booking = tourism_services.booking_decline(actor=actor, booking=booking, reason=note)
        sent = {"reason": note}
    return {
        "kind": kind,
        "outcome": "ok",
        "status": 200,
        "user": actor.username,
        "sent": {**sent, "booking": booking.pk, "code": booking.code},
        "body": {"decided_at": booking.decided_at.isoformat()},
    }


@pytest.fixture
def run():
    """A small run through the services, as the simulated users make it, with the records they keep."""
    staff, group = make_staff(), ProducerGroupFactory()
    program = ProgramFactory(daily_capacity=10)
    day = dt.date.today() + dt.timedelta(days=5)
    income_before = count_back_module.income_state()
    bookings_before = count_back_module.booking_state()
    first, first_write = _booking(program, day, 3, "ผู้ทดสอบโหลด 1-1")
    second, second_write = _booking(program, day, 4, "ผู้ทดสอบโหลด 2-1")
    writes = [
        _income(staff, group, "2026-09", "120001.25"),
        _income(staff, group, "2026-08", "120002.50", source="tourism"),
        _income(staff, group, "2026-09", "120003.75"),  # a correction: 200, the last amount stays
        first_write,
        second_write,
        _decision(staff, first, "confirm", "ยืนยันแล้ว 1"),
        _decision(staff, second, "decline", "เต็มแล้ว 2"),
        _decision(staff, first, "decline", "ยกเลิก 3"),  # the later decision is the booking's status
        {"kind": "booking", "outcome": "expected", "status": 400, "sent": {}, "body": {}},  # a full date
    ]
    return {
        "writes": writes,
        "income_before": income_before,
        "bookings_before": bookings_before,
        "first": first,
        "second": second,
        "staff": staff,
        "group": group,
        "program": program,
        "day": day,
    }


def _count(run):
    return count_back_module.count_back(run["writes"], run["income_before"], run["bookings_before"])


def test_it_finds_every_acknowledged_write_exactly(run):
    result = _count(run)

    assert result.clean, (result.missing, result.mismatched, result.unacknowledged)
    assert dict(result.acknowledged) == {"income": 3, "booking": 2, "confirm": 1, "decline": 2}
    assert result.found == result.acknowledged


def test_it_reports_an_amount_changed_by_a_satang(run):
    record_id = run["writes"][2]["body"]["id"]
    IncomeRecord.objects.filter(pk=record_id).update(amount=Decimal("120003.76"))

    result = _count(run)

    assert not result.clean
    assert any("120003.75" in line and "120003.76" in line for line in result.mismatched)


def test_it_reports_a_booking_that_is_gone_and_its_decisions(run):
    code = run["second"].code
    ProgramDateCapacity.objects.filter(program=run["program"], date=run["day"]).update(booked=0)
    Booking.objects.filter(code=code).delete()

    result = _count(run)

    assert not result.clean
    assert any(code in line for line in result.missing)
    assert any(line.startswith("decline of booking") for line in result.missing)


def test_it_reports_a_status_other_than_the_last_acknowledged_decision(run):
    Booking.objects.filter(pk=run["first"].pk).update(status="confirmed")

    result = _count(run)

    assert not result.clean
    assert any(run["first"].code in line for line in result.mismatched)


def test_it_reports_rows_nobody_was_told_about(run):
    # A booking that was made but never acknowledged (the answer was lost) and an income record out of nowhere.
    _booking(run["program"], run["day"], 2, "ผู้ทดสอบโหลด 9-9")
    evaluation_services.income_record_submit(
        actor=run["staff"],
        producer_group=run["group"],
        month="2026-01",
        source="product_sales",
        amount=Decimal("1.00"),
    )

    result = _count(run)

    assert not result.clean
    assert any(
        "appeared unacknowledged" in line and "ผู้ทดสอบโหลด 9-9" in line for line in result.unacknowledged
    )
    assert any("income record" in line and "appeared" in line for line in result.unacknowledged)


def test_it_reports_a_capacity_row_that_does_not_hold_its_bookings(run):
    ProgramDateCapacity.objects.filter(program=run["program"], date=run["day"]).update(booked=9)

    result = _count(run)

    assert not result.clean
    assert any("capacity of program" in line and "booked 9" in line for line in result.mismatched)
