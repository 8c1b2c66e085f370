"""The two channels share one capacity row under concurrency; an expired hold is released exactly once."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tourism import selectors, services
from tourism.models import Booking, ProgramDateCapacity
from tourism.octo import services as octo_services
from tourism.tasks import BEAT_SCHEDULE, expire_octo_holds

from .conftest import DAY, avail_id


def _run_together(*funcs):
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)

    def run(n, func):
        try:
            barrier.wait(timeout=10)
            results[n] = func()
        except Exception as exc:  # noqa: BLE001 - the loser's refusal is the result
            results[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.usefixtures("transactional_db")
@pytest.mark.parametrize("round_", range(3))
def test_an_octo_reserve_and_a_portal_booking_race_for_the_last_places(round_):
    program = ProgramFactory(daily_capacity=10, max_group_size=10, min_group_size=1)
    reseller = octo_services.reseller_create(actor=SYSTEM, name=f"Racer {round_}", programs=[program])
    services.booking_create(
        actor=SYSTEM, program=program, date=DAY, people=8, name="ก่อนหน้า", phone="0812345678"
    )

    results = _run_together(
        lambda: octo_services.octo_reserve(
            actor=reseller,
            reseller=reseller,
            program=program,
            uuid=uuid.uuid4(),
            availability_id=avail_id(),
            unit_items=[{"unitId": "adult"}, {"unitId": "adult"}],
        ),
        lambda: services.booking_create(
            actor=SYSTEM, program=program, date=DAY, people=2, name="หน้าเว็บ", phone="0812345679"
        ),
    )
    wins = [r for r in results if isinstance(r, Booking)]
    losses = [r for r in results if isinstance(r, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1, results
    slot = ProgramDateCapacity.objects.get(program=program, date=DAY)
    assert (slot.booked, slot.capacity) == (10, 10)
    assert selectors.holding_people(program, DAY) == 10
    assert Booking.objects.filter(program=program).count() == 2


@pytest.mark.usefixtures("transactional_db")
def test_the_same_uuid_sent_twice_at_once_makes_one_booking():
    program = ProgramFactory(daily_capacity=10, max_group_size=10, min_group_size=1)
    reseller = octo_services.reseller_create(actor=SYSTEM, name="Retrier", programs=[program])
    booking_uuid = uuid.uuid4()

    def reserve():
        return octo_services.octo_reserve(
            actor=reseller,
            reseller=reseller,
            program=program,
            uuid=booking_uuid,
            availability_id=avail_id(),
            unit_items=[{"unitId": "adult"}] * 3,
        )

    results = _run_together(reserve, reserve, reserve)
    assert all(isinstance(r, Booking) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 3


def _expired_hold(program, reseller, people=3):
    past = timezone.now() - datetime.timedelta(minutes=31)
    booking = octo_services.octo_reserve(
        actor=SYSTEM,
        reseller=reseller,
        program=program,
        uuid=uuid.uuid4(),
        availability_id=avail_id(),
        unit_items=[{"unitId": "adult"}] * people,
        expiration_minutes=30,
        now=past,
    )
    assert booking.hold_expires_at < timezone.now()
    return booking


@pytest.mark.usefixtures("transactional_db")
def test_an_expired_hold_is_released_exactly_once_by_racing_expirers():
    program = ProgramFactory(daily_capacity=10, max_group_size=10, min_group_size=1)
    reseller = octo_services.reseller_create(actor=SYSTEM, name="Slow payer", programs=[program])
    services.booking_create(actor=SYSTEM, program=program, date=DAY, people=2, name="อื่น", phone="0812345678")
    booking = _expired_hold(program, reseller)
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 5

    results = _run_together(*[lambda: octo_services.holds_expire(actor=SYSTEM)] * 4)
    assert sorted(results) == [0, 0, 0, 1]
    booking.refresh_from_db()
    assert booking.status == "expired"
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 2
    assert octo_services.holds_expire(actor=SYSTEM) == 0
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 2


@pytest.mark.django_db
def test_an_expired_hold_is_released_lazily_on_read_and_cannot_be_confirmed(octo, reseller, program):
    booking = _expired_hold(program, reseller, people=4)
    body = octo.get(f"bookings/{booking.uuid}").json()
    assert body["status"] == "EXPIRED" and body["utcExpiresAt"] is None
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 0
    assert octo.get(f"bookings/{booking.uuid}").json()["status"] == "EXPIRED"
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 0  # not twice

    response = octo.confirm(booking.uuid)
    assert response.status_code == 400 and response.json()["error"] == "INVALID_BOOKING_UUID"
    assert octo.post(f"bookings/{booking.uuid}/extend", {}).json()["error"] == "INVALID_BOOKING_UUID"
    assert octo.post(f"bookings/{booking.uuid}/cancel", {}).json()["error"] == "UNPROCESSABLE_ENTITY"
    booking.refresh_from_db()
    assert booking.status == "expired"


@pytest.mark.django_db
def test_confirming_a_hold_that_ran_out_but_was_not_yet_expired_releases_it_and_refuses(
    octo, reseller, program
):
    booking = _expired_hold(program, reseller, people=2)
    response = octo.confirm(booking.uuid)
    assert response.json()["error"] == "INVALID_BOOKING_UUID"
    booking.refresh_from_db()
    assert booking.status == "expired"
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 0


@pytest.mark.django_db
def test_availability_reads_expire_due_holds_first(octo, reseller, program):
    _expired_hold(program, reseller, people=10)
    body = octo.post(
        "availability", {"productId": str(program.pk), "optionId": "DEFAULT", "availabilityIds": [avail_id()]}
    ).json()
    assert (body[0]["status"], body[0]["vacancies"]) == ("AVAILABLE", 10)


@pytest.mark.django_db
def test_the_beat_task_expires_holds(reseller, program):
    booking = _expired_hold(program, reseller)
    assert BEAT_SCHEDULE["tourism-expire-octo-holds"]["task"] == "tourism.expire_octo_holds"
    assert expire_octo_holds() == 1
    assert expire_octo_holds() == 0
    booking.refresh_from_db()
    assert booking.status == "expired"
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 0


@pytest.mark.django_db
def test_a_hold_still_running_is_not_expired(reseller, program):
    booking = octo_services.octo_reserve(
        actor=SYSTEM,
        reseller=reseller,
        program=program,
        uuid=uuid.uuid4(),
        availability_id=avail_id(),
        unit_items=[{"unitId": "adult"}] * 2,
    )
    assert octo_services.holds_expire(actor=SYSTEM) == 0
    booking.refresh_from_db()
    assert booking.status == "on_hold"
