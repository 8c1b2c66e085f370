"""Capacity per program and date holds under concurrency (enforced by the database)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.actors import SYSTEM
from tests.factories import core as cf
from tests.factories.tourism import ProgramFactory
from tourism import selectors, services
from tourism.models import Booking, ProgramDateCapacity

DAY = datetime.date.today() + datetime.timedelta(days=14)


def book(program, people, day=DAY, **kw):
    return services.booking_create(actor=SYSTEM, program=program, date=day, people=people, name="ทดสอบ",
                                   phone="0812345678", **kw)


@pytest.mark.usefixtures("transactional_db")
def test_it_lets_exactly_one_of_two_racing_requests_take_the_last_places():
    program = ProgramFactory(daily_capacity=10, max_group_size=10, min_group_size=1)
    book(program, 8)  # 2 places left
    barrier = threading.Barrier(2)
    results = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            results.append(book(program, 2).code)
        except ValidationError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    wins = [r for r in results if isinstance(r, str)]
    losses = [r for r in results if isinstance(r, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1
    assert "เต็มแล้ว" in str(losses[0].message_dict["date"])
    slot = ProgramDateCapacity.objects.get(program=program, date=DAY)
    assert (slot.booked, slot.capacity) == (10, 10)
    assert selectors.holding_people(program, DAY) == 10
    assert Booking.objects.filter(program=program).count() == 2


@pytest.mark.usefixtures("transactional_db")
def test_it_never_overbooks_with_many_concurrent_requests():
    program = ProgramFactory(daily_capacity=10, max_group_size=3, min_group_size=1)
    barrier = threading.Barrier(6)
    won = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            won.append(book(program, 3).people)
        except ValidationError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(won) == 9  # three groups of 3 fit in 10, a fourth does not
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 9


@pytest.mark.django_db
def test_it_says_how_many_places_remain():
    program = ProgramFactory(daily_capacity=10)
    book(program, 7)
    with pytest.raises(ValidationError) as exc:
        book(program, 4)
    assert exc.value.message_dict["date"] == ["วันที่เลือกเหลือที่ว่างเพียง 3 คน"]
    book(program, 3)
    with pytest.raises(ValidationError) as exc:
        book(program, 2)
    assert exc.value.message_dict["date"] == ["วันที่เลือกเต็มแล้ว กรุณาเลือกวันอื่น"]


@pytest.mark.django_db
def test_it_counts_capacity_per_date_and_per_program():
    program = ProgramFactory(daily_capacity=10)
    other = ProgramFactory(daily_capacity=10, community=program.community)
    book(program, 10)
    book(program, 10, day=DAY + datetime.timedelta(days=1))
    book(other, 10)
    assert ProgramDateCapacity.objects.filter(booked=10).count() == 3


@pytest.mark.django_db
def test_it_has_a_database_check_against_overbooking():
    program = ProgramFactory(daily_capacity=5, max_group_size=5)
    slot = ProgramDateCapacity.objects.create(program=program, date=DAY, capacity=5, booked=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramDateCapacity.objects.filter(pk=slot.pk).update(booked=6)


@pytest.mark.django_db
def test_it_releases_places_on_decline_and_rechecks_on_reschedule(django_capture_on_commit_callbacks):
    staff = cf.staff()
    program = ProgramFactory(daily_capacity=10)
    first = book(program, 6)
    other_day = DAY + datetime.timedelta(days=1)
    book(program, 6, day=other_day)
    with pytest.raises(ValidationError) as exc:
        services.booking_reschedule(booking=first, actor=staff, new_date=other_day)
    assert exc.value.message_dict["new_date"] == ["วันที่เลือกเหลือที่ว่างเพียง 4 คน"]
    first.refresh_from_db()
    assert first.date == DAY  # nothing half-saved
    third_day = DAY + datetime.timedelta(days=2)
    services.booking_reschedule(booking=first, actor=staff, new_date=third_day)
    slots = dict(ProgramDateCapacity.objects.filter(program=program).values_list("date", "booked"))
    assert slots == {DAY: 0, other_day: 6, third_day: 6}
    services.booking_decline(booking=first, actor=staff, reason="น้ำท่วมทางเข้าชุมชน")
    assert ProgramDateCapacity.objects.get(program=program, date=third_day).booked == 0


@pytest.mark.django_db
def test_it_follows_a_changed_daily_capacity():
    program = ProgramFactory(daily_capacity=10)
    book(program, 8)
    program.daily_capacity = 12
    program.save()
    book(program, 4)  # 12 now fit
    program.daily_capacity = 10  # lowered below what is held: full, nothing cancelled
    program.save()
    with pytest.raises(ValidationError):
        book(program, 2)
    slot = ProgramDateCapacity.objects.get(program=program, date=DAY)
    assert (slot.booked, slot.capacity) == (12, 12)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.usefixtures("transactional_db")
def test_it_lets_one_of_a_reschedule_and_a_new_request_take_the_last_places():
    staff = cf.staff()
    program = ProgramFactory(daily_capacity=10, max_group_size=10, min_group_size=1)
    other_day = DAY + datetime.timedelta(days=1)
    book(program, 8)
    moving = book(program, 2, day=other_day)
    results = _race(lambda: services.booking_reschedule(booking=moving, actor=staff, new_date=DAY),
                    lambda: book(program, 2))
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 10
    assert selectors.holding_people(program, DAY) == 10
    assert ProgramDateCapacity.objects.get(program=program, date=other_day).booked == \
        selectors.holding_people(program, other_day)


@pytest.mark.usefixtures("transactional_db")
def test_it_swaps_two_bookings_between_dates_without_deadlock():
    staff = cf.staff()
    program = ProgramFactory(daily_capacity=10, max_group_size=5, min_group_size=1)
    other_day = DAY + datetime.timedelta(days=1)
    first, second = book(program, 3), book(program, 4, day=other_day)
    results = _race(lambda: services.booking_reschedule(booking=first, actor=staff, new_date=other_day),
                    lambda: services.booking_reschedule(booking=second, actor=staff, new_date=DAY))
    assert all(isinstance(r, Booking) for r in results), results
    slots = dict(ProgramDateCapacity.objects.filter(program=program).values_list("date", "booked"))
    assert slots == {DAY: 4, other_day: 3}
