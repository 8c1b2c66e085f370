import datetime

import factory
from factory.django import DjangoModelFactory

from tourism.choices import ActivityType, ProgramDuration, PublishStatus
from tourism.models import (
    Activity,
    Booking,
    CommunityPhoto,
    Fair,
    MonthlyVisit,
    Program,
    ProgramItem,
    TourismCommunity,
)


class CommunityFactory(DjangoModelFactory):
    """A published community whose readiness checklist is complete (with one photo row)."""

    class Meta:
        model = TourismCommunity
        skip_postgeneration_save = True

    name_th = factory.Sequence(lambda n: f"ชุมชนท่องเที่ยวทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    subdistrict_id = "150305"
    village_no = 3
    status = PublishStatus.PUBLISHED
    lat = "14.690000"
    lng = "100.440000"
    contact_name = "ผู้ประสานงานทดสอบ"
    contact_phone = "0812345678"
    safety_briefing = True
    prices_agreed = True
    toilets_parking_noted = True
    has_parking = True
    has_toilets = True

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        for user in extracted or []:
            self.coordinators.add(user)

    @factory.post_generation
    def with_photo(self, create, extracted, **kwargs):
        if extracted is not False:
            CommunityPhoto.objects.create(community=self, image="tourism/photos/test.jpg",
                                          thumbnail="tourism/thumbs/test.jpg", caption="ภาพทดสอบ")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    community = factory.SubFactory(CommunityFactory)
    title_th = factory.Sequence(lambda n: f"กิจกรรมทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    activity_type = ActivityType.CRAFT_WORKSHOP
    duration_minutes = 90
    price_per_person = 150


class ProgramFactory(DjangoModelFactory):
    """A published one-day program, every day, groups of 2-10, 10 places a day, 500 baht a person."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title_th = factory.Sequence(lambda n: f"โปรแกรมทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    status = PublishStatus.PUBLISHED
    duration = ProgramDuration.ONE_DAY
    price_per_person = 500
    min_group_size = 2
    max_group_size = 10
    daily_capacity = 10

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if extracted is False:
            return
        activity = ActivityFactory(community=self.community)
        ProgramItem.objects.create(program=self, activity=activity, order=1, start_time=datetime.time(9, 0),
                                   end_time=datetime.time(10, 30))


class BookingFactory(DjangoModelFactory):
    """A booking row made directly (no capacity accounting): for visibility tests."""

    class Meta:
        model = Booking

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"TST{n:05d}")
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    people = 2
    name = "นักท่องเที่ยวทดสอบ"
    phone = "0812345678"
    email = "tourist@example.com"


class FairFactory(DjangoModelFactory):
    class Meta:
        model = Fair

    title = factory.Sequence(lambda n: f"งาน OTOP ทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"fair-{n}")
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=5))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=9))
    place = "ศาลากลางจังหวัดอ่างทอง"
    status = PublishStatus.PUBLISHED


class MonthlyVisitFactory(DjangoModelFactory):
    class Meta:
        model = MonthlyVisit

    community = factory.SubFactory(CommunityFactory)
    month = datetime.date(2026, 10, 1)
    visitors_thai = 120
    visitors_foreign = 8
    income = 45000
