"""The tourism app's part of a wisdom record's lineage: activities, programs and confirmed bookings per month."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.tourism import BookingFactory, CommunityFactory, ProgramFactory
from tests.factories.wisdom import WisdomRecordFactory
from tourism.selectors import communities_featuring_records, wisdom_lineage

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(owner):
    record = WisdomRecordFactory()
    community = CommunityFactory(coordinators=[owner])
    published = ProgramFactory(community=community, title_th="โปรแกรมเผยแพร่")
    draft = ProgramFactory(community=community, title_th="โปรแกรมร่าง", status="draft")
    for program in (published, draft):
        program.items.get().activity.wisdom_records.add(record)
    for status, day, people, price in [("confirmed", dt.date(2026, 11, 3), 2, "900"),
                                       ("confirmed", dt.date(2026, 11, 20), 4, "1800"),
                                       ("requested", dt.date(2026, 11, 21), 2, "900"),
                                       ("cancelled", dt.date(2026, 12, 1), 2, "900")]:
        BookingFactory(program=published, status=status, date=day, people=people, total_price=Decimal(price))
    return record, community


def test_the_coordinator_sees_bookings_per_month(setup, owner):
    record, _community = setup
    section = wisdom_lineage(records=[record], user=owner, private=True)[record.pk]
    assert section.counts == {"programs": 2}
    assert section.money == {"booking_value": Decimal("2700")}
    assert section.monthly == {"มูลค่าการจอง": {dt.date(2026, 11, 1): Decimal("2700")}}
    assert "พฤศจิกายน 2569: 2 การจอง 6 คน 2,700.00 บาท" in section.entries[0].details + section.entries[1].details


def test_visitors_see_the_published_program_and_no_bookings(setup, outsider):
    record, _community = setup
    for user in (None, outsider):
        section = wisdom_lineage(records=[record], user=user, private=False)[record.pk]
        assert [e.title for e in section.entries if "โปรแกรม" in e.meta] == ["โปรแกรมเผยแพร่"]
        assert section.money == {} and section.monthly == {}


def test_it_finds_the_communities_featuring_a_record(setup):
    record, community = setup
    assert communities_featuring_records(record_ids=[record.pk], user=None) == [
        (record.pk, community.pk, community.name_th)]
