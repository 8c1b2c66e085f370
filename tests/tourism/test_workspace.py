"""Tourism's workspace queues: booking requests awaiting the community (its coordinators), requests
unanswered for 48 hours and draft programs (staff)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.workspace import queues_for
from tests.factories.tourism import BookingFactory, CommunityFactory, ProgramFactory
from tourism import selectors
from tourism.models import Booking

pytestmark = pytest.mark.django_db


def _aged(booking, hours):
    Booking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours))
    return booking


def test_coordinators_see_their_communitys_requests_oldest_first(owner, outsider, expert_user):
    community = CommunityFactory(coordinators=[owner, expert_user])
    program = ProgramFactory(community=community)
    newer = _aged(BookingFactory(program=program), 1)
    older = _aged(BookingFactory(program=program), 5)
    BookingFactory(program=program, status="confirmed")
    BookingFactory()  # another community's
    assert list(selectors.bookings_awaiting_confirmation(user=owner)) == [older, newer]
    assert list(selectors.bookings_awaiting_confirmation(user=outsider)) == []
    # an expert who coordinates a community gets that queue beside their own
    queue = next(q for q in queues_for(expert_user) if q.key == "producer.bookings")
    assert queue.count == 2 and queue.rows[0].url == f"/tourism/manage/bookings/{older.pk}/"


def test_a_member_who_coordinates_nothing_has_no_booking_queue(expert_user, partner_user):
    for user in (expert_user, partner_user):
        assert not any(q.key == "producer.bookings" for q in queues_for(user))


def test_staff_see_requests_unanswered_for_48_hours_and_draft_programs(staff, owner):
    late = _aged(BookingFactory(), 49)
    _aged(BookingFactory(), 47)
    _aged(BookingFactory(status="declined"), 72)
    draft = ProgramFactory(status="draft")
    assert list(selectors.bookings_unanswered(user=staff)) == [late]
    assert list(selectors.programs_awaiting_publication(user=staff)) == [draft]
    assert list(selectors.bookings_unanswered(user=owner)) == []
    assert list(selectors.programs_awaiting_publication(user=owner)) == []


@pytest.mark.parametrize("size", [3, 30])
def test_booking_queues_run_one_query(size, staff, owner, django_assert_num_queries):
    program = ProgramFactory(community=CommunityFactory(coordinators=[owner]))
    for _i in range(size):
        _aged(BookingFactory(program=program), 50)
    with django_assert_num_queries(1):
        assert len(list(selectors.bookings_awaiting_confirmation(user=owner))) == size
    with django_assert_num_queries(1):
        assert len(list(selectors.bookings_unanswered(user=staff))) == size
