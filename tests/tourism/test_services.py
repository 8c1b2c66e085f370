"""Business rules of tourism.services, with hand-computed cases."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.actors import SYSTEM
from tests.factories import core as cf
from tests.factories.tourism import CommunityFactory, MonthlyVisitFactory, ProgramFactory
from tests.factories.wisdom import HolderConsentFactory
from tourism import services
from tourism.choices import BookingStatus, PublishStatus
from tourism.models import Booking, MonthlyVisit, ProgramDateCapacity
from tourism.validators import normalise_thai_phone

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)  # a Thursday
FRIDAY = datetime.date(2026, 11, 27)
SATURDAY = datetime.date(2026, 11, 28)


def request(program, **overrides):
    data = {"actor": SYSTEM, "program": program, "date": SATURDAY, "people": 4, "name": "คุณมาลี ใจงาม", "phone": "081-234-5678",
            "today": TODAY}
    data.update(overrides)
    return services.booking_create(**data)


# --- Phone formats -------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("0812345678", "0812345678"),
    ("081-234-5678", "0812345678"),
    ("081 234 5678", "0812345678"),
    ("02-123-4567", "021234567"),
    ("035-611-234", "035611234"),
    ("+66812345678", "0812345678"),
    ("+66 81 234 5678", "0812345678"),
    ("+6621234567", "021234567"),
])
def test_it_accepts_thai_phone_formats(raw, expected):
    assert normalise_thai_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "081234567", "08123456789", "0112345678", "abc-def-ghij", "+1 415 555 0100",
                                 "0012345678"])
def test_it_refuses_other_phone_numbers(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_thai_phone(raw)
    assert "เบอร์โทรศัพท์ไม่ถูกต้อง" in exc.value.messages[0]


# --- Booking validation --------------------------------------------------------------


def test_it_creates_a_booking_with_code_price_and_normalised_phone():
    program = ProgramFactory(price_per_person=Decimal("650.00"))
    booking = request(program, people=4)
    assert booking.status == BookingStatus.REQUESTED
    assert booking.total_price == Decimal("2600.00")
    assert booking.phone == "0812345678"
    assert len(booking.code) == 8 and set(booking.code) <= set(services.CODE_ALPHABET)
    assert not set(booking.code) & set("IO01")


def test_it_gives_every_booking_a_different_code():
    program = ProgramFactory(daily_capacity=100, max_group_size=2, min_group_size=1)
    codes = {request(program, people=1).code for _i in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize(("day", "message"), [
    (TODAY, "วันที่เดินทางต้องเป็นวันในอนาคต (ตั้งแต่พรุ่งนี้เป็นต้นไป)"),
    (TODAY - datetime.timedelta(days=3), "วันที่เดินทางต้องเป็นวันในอนาคต (ตั้งแต่พรุ่งนี้เป็นต้นไป)"),
])
def test_it_refuses_dates_not_in_the_future(day, message):
    with pytest.raises(ValidationError) as exc:
        request(ProgramFactory(), date=day)
    assert exc.value.message_dict["date"] == [message]
    assert not Booking.objects.exists()


def test_it_refuses_a_weekday_the_program_is_closed():
    program = ProgramFactory(available_weekdays=[5, 6])  # weekends
    with pytest.raises(ValidationError) as exc:
        request(program, date=FRIDAY)
    assert exc.value.message_dict["date"] == ["โปรแกรมนี้ไม่เปิดรับในวันที่เลือก (เปิดวัน: เสาร์, อาทิตย์)"]
    assert request(program, date=SATURDAY).date == SATURDAY


def test_it_refuses_a_date_outside_the_season():
    program = ProgramFactory(season_start=datetime.date(2026, 12, 1), season_end=datetime.date(2027, 2, 28))
    with pytest.raises(ValidationError) as exc:
        request(program, date=SATURDAY)
    assert "ช่วง 1 ธ.ค. 2569 ถึง 28 ก.พ. 2570" in exc.value.message_dict["date"][0]
    assert request(program, date=datetime.date(2026, 12, 5)).pk


@pytest.mark.parametrize("people", [1, 11])
def test_it_keeps_the_group_size_within_limits(people):
    program = ProgramFactory(min_group_size=2, max_group_size=10)
    with pytest.raises(ValidationError) as exc:
        request(program, people=people)
    assert exc.value.message_dict["people"] == ["จำนวนผู้เดินทางต้องอยู่ระหว่าง 2 ถึง 10 คน"]
    assert not ProgramDateCapacity.objects.filter(booked__gt=0).exists()


def test_it_needs_at_least_one_contact():
    with pytest.raises(ValidationError) as exc:
        request(ProgramFactory(), phone="", line_id="", email="")
    assert exc.value.message_dict["phone"] == [
        "กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง (โทรศัพท์ LINE ID หรืออีเมล)"]
    assert request(ProgramFactory(), phone="", line_id="malee.tour").line_id == "malee.tour"


def test_it_reports_every_broken_rule_at_once():
    with pytest.raises(ValidationError) as exc:
        request(ProgramFactory(), date=TODAY, people=50, name=" ", phone="12", email="not-an-email")
    assert set(exc.value.message_dict) == {"date", "people", "name", "phone", "email"}


def test_it_refuses_bookings_for_a_draft_program():
    with pytest.raises(ValidationError) as exc:
        request(ProgramFactory(status=PublishStatus.DRAFT))
    assert exc.value.messages == ["โปรแกรมนี้ยังไม่เปิดรับจอง"]


# --- Status flow and e-mails -------------------------------------------------------


def test_it_emails_the_tourist_at_every_step(django_capture_on_commit_callbacks):
    coordinator = cf.producer()
    program = ProgramFactory(community=CommunityFactory(coordinators=[coordinator]))
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(program, email="malee@example.com", date=SATURDAY)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["malee@example.com"]
    assert booking.code in mail.outbox[0].subject
    assert f"/tourism/bookings/{booking.code}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(booking=booking, actor=coordinator, note="พบกันที่ศาลาหมู่บ้าน")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.decided_by == coordinator
    assert "ยืนยันการจองแล้ว" in mail.outbox[1].subject and "พบกันที่ศาลาหมู่บ้าน" in mail.outbox[1].body

    new_day = SATURDAY + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(booking=booking, actor=coordinator, new_date=new_day, today=TODAY)
    booking.refresh_from_db()
    assert booking.date == new_day and booking.status == BookingStatus.CONFIRMED
    assert "เลื่อนวันเดินทาง" in mail.outbox[2].subject and "28 พ.ย. 2569" in mail.outbox[2].body

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(booking=booking, actor=coordinator, reason="ชุมชนมีงานบุญ")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert "ไม่สามารถรับการจองได้" in mail.outbox[3].subject and "ชุมชนมีงานบุญ" in mail.outbox[3].body
    assert len(mail.outbox) == 4


def test_it_sends_no_email_when_the_booking_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        request(ProgramFactory(), email="malee@example.com", people=99)
    assert mail.outbox == []


def test_it_only_confirms_requested_bookings():
    staff = cf.staff()
    booking = request(ProgramFactory())
    services.booking_decline(booking=booking, actor=staff, reason="เต็ม")
    with pytest.raises(ValidationError) as exc:
        services.booking_confirm(booking=booking, actor=staff)
    assert exc.value.messages == ["ยืนยันได้เฉพาะคำขอที่รอชุมชนยืนยัน"]
    with pytest.raises(ValidationError):
        services.booking_decline(booking=booking, actor=staff, reason="ซ้ำ")


def test_it_needs_a_reason_to_decline():
    booking = request(ProgramFactory())
    with pytest.raises(ValidationError) as exc:
        services.booking_decline(booking=booking, actor=cf.staff(), reason="  ")
    assert exc.value.message_dict["reason"] == ["กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว"]


def test_it_lets_only_coordinators_and_staff_decide():
    coordinator_b = cf.producer()
    CommunityFactory(coordinators=[coordinator_b])
    booking = request(ProgramFactory())
    for user in (coordinator_b, cf.producer(), cf.partner(), cf.expert()):
        with pytest.raises(PermissionDenied):
            services.booking_confirm(booking=booking, actor=user)


def test_it_rechecks_the_date_rules_when_rescheduling():
    program = ProgramFactory(available_weekdays=[5])
    booking = request(program)
    with pytest.raises(ValidationError) as exc:
        services.booking_reschedule(booking=booking, actor=cf.staff(), new_date=FRIDAY + datetime.timedelta(days=7),
                                    today=TODAY)
    assert "ไม่เปิดรับในวันที่เลือก" in exc.value.message_dict["new_date"][0]


# --- Publishing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "reason"), [
    ({"safety_briefing": False}, "ยังไม่มีการชี้แจงความปลอดภัยแก่นักท่องเที่ยว"),
    ({"contact_name": ""}, "ยังไม่ระบุผู้ประสานงานและช่องทางติดต่อ"),
    ({"contact_phone": ""}, "ยังไม่ระบุผู้ประสานงานและช่องทางติดต่อ"),
    ({"prices_agreed": False}, "ยังไม่ได้ตกลงราคากับสมาชิกชุมชน"),
    ({"toilets_parking_noted": False}, "ยังไม่ได้ระบุข้อมูลห้องน้ำและที่จอดรถ"),
    ({"with_photo": False}, "ยังไม่มีรูปภาพของชุมชน"),
])
def test_it_publishes_a_program_only_when_the_community_is_ready(change, reason):
    community = CommunityFactory(**change)
    program = ProgramFactory(community=community, status=PublishStatus.DRAFT)
    with pytest.raises(ValidationError) as exc:
        services.program_publish(actor=SYSTEM, program=program)
    assert reason in exc.value.messages[0]
    assert exc.value.messages[0].startswith("ยังเผยแพร่โปรแกรมไม่ได้")
    program.refresh_from_db()
    assert program.status == PublishStatus.DRAFT


def test_it_publishes_a_program_of_a_ready_community():
    program = ProgramFactory(status=PublishStatus.DRAFT)
    services.program_publish(actor=SYSTEM, program=program)
    program.refresh_from_db()
    assert program.status == PublishStatus.PUBLISHED


def test_it_lets_only_coordinators_and_staff_publish():
    program = ProgramFactory(status=PublishStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.program_publish(program=program, actor=cf.producer())
    program.community.coordinators.add(coordinator := cf.producer())
    services.program_publish(program=program, actor=coordinator)


# --- Monthly visits ------------------------------------------------------------------------


def test_it_upserts_one_row_per_community_and_month():
    community = CommunityFactory()
    services.visit_record_upsert(actor=SYSTEM, community=community,
                                 month=datetime.date(2026, 10, 17), visitors_thai=100,
                                 visitors_foreign=5, income=Decimal("32000"))
    visit = services.visit_record_upsert(actor=SYSTEM, community=community,
                                         month=datetime.date(2026, 10, 1), visitors_thai=120,
                                         visitors_foreign=6, income=Decimal("35500.50"))
    assert MonthlyVisit.objects.count() == 1
    visit.refresh_from_db()
    assert (visit.month, visit.visitors_total, visit.income) == (datetime.date(2026, 10, 1), 126, Decimal("35500.50"))


def test_it_refuses_negative_visits_and_future_months():
    community = CommunityFactory()
    with pytest.raises(ValidationError) as exc:
        services.visit_record_upsert(actor=SYSTEM, community=community,
                                     month=datetime.date(2099, 1, 1), visitors_thai=-1,
                                     visitors_foreign=0, income=Decimal("-5"))
    assert set(exc.value.message_dict) == {"visitors_thai", "income", "month"}
    assert not MonthlyVisit.objects.exists()


def test_it_lets_only_coordinators_and_staff_record_visits():
    community = CommunityFactory()
    with pytest.raises(PermissionDenied):
        services.visit_record_upsert(community=community, month=datetime.date(2026, 10, 1), visitors_thai=1,
                                     visitors_foreign=0, income=0, actor=cf.producer())


def test_it_keeps_visits_unique_in_the_database():
    from django.db import IntegrityError, transaction

    visit = MonthlyVisitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyVisit.objects.create(community=visit.community, month=visit.month)


# --- Photos -------------------------------------------------------------------------------------


def test_it_stores_photos_without_metadata_and_with_a_thumbnail():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (1600, 1200), "green").save(buf, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("village.jpg", buf.getvalue(), content_type="image/jpeg")
    photo = services.community_photo_add(actor=SYSTEM, community=CommunityFactory(with_photo=False), image=upload)
    with Image.open(photo.image) as img:
        assert not img.getexif()
    with Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) <= 480


def test_it_refuses_a_file_that_is_not_an_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    community = CommunityFactory(with_photo=False)
    with pytest.raises(ValidationError) as exc:
        services.community_photo_add(actor=SYSTEM, community=community,
                                     image=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"))
    assert "ไม่ใช่รูปภาพ" in exc.value.messages[0]
    assert not community.photos.exists()


def test_it_tells_the_coordinators_about_a_new_request(django_capture_on_commit_callbacks):
    coordinator = cf.producer(email="coordinator@example.com")
    community = CommunityFactory(coordinators=[coordinator, cf.producer()], contact_email="village@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(ProgramFactory(community=community), email="")
    assert len(mail.outbox) == 1  # the tourist gave no e-mail: only the community is told
    assert mail.outbox[0].to == ["coordinator@example.com", "village@example.com"]
    assert booking.code in mail.outbox[0].subject
    assert f"/tourism/manage/bookings/{booking.pk}/" in mail.outbox[0].body


def test_it_sums_visits_for_a_period():
    from tourism.selectors import visit_totals

    a, b = CommunityFactory(), CommunityFactory()
    MonthlyVisitFactory(community=a, month=datetime.date(2026, 9, 1), visitors_thai=100, visitors_foreign=10,
                        income=Decimal("1000.50"))
    MonthlyVisitFactory(community=a, month=datetime.date(2026, 10, 1), visitors_thai=50, visitors_foreign=0,
                        income=Decimal("500"))
    MonthlyVisitFactory(community=b, month=datetime.date(2026, 10, 1), visitors_thai=7, visitors_foreign=3,
                        income=Decimal("70"))
    assert visit_totals(start=datetime.date(2026, 10, 1), end=datetime.date(2027, 9, 30)) == {
        "thai": 57, "foreign": 3, "income": Decimal("570.00")}
    assert visit_totals(start=datetime.date(2026, 9, 15), end=datetime.date(2026, 10, 31), community_ids=[a.pk]) == {
        "thai": 150, "foreign": 10, "income": Decimal("1500.50")}


@pytest.mark.parametrize(("consent", "blocked"), [("pending", True), ("withdrawn", True), ("granted", False)])
def test_it_does_not_publish_a_program_featuring_wisdom_without_consent(consent, blocked):
    from wisdom.models import KnowledgeHolder, WisdomRecord

    program = ProgramFactory(status=PublishStatus.DRAFT)
    record = WisdomRecord.objects.create(title_th="การปั้นตุ๊กตาชาววัง", slug="doll-wisdom", category="handicraft",
                                         subdistrict_id="150305")
    holder = KnowledgeHolder.objects.create(record=record, name="ครูช่างปั้น")
    if consent != "pending":
        HolderConsentFactory(holder=holder, scope="tourism", given_on=datetime.date(2026, 1, 15),
                             withdrawn_on=datetime.date(2026, 2, 1) if consent == "withdrawn" else None)
    program.items.get().activity.wisdom_records.add(record)
    if blocked:
        with pytest.raises(ValidationError) as exc:
            services.program_publish(actor=SYSTEM, program=program)
        assert "การปั้นตุ๊กตาชาววัง" in exc.value.messages[0]
        program.refresh_from_db()
        assert program.status == PublishStatus.DRAFT
    else:
        assert services.program_publish(actor=SYSTEM, program=program).status == PublishStatus.PUBLISHED


# --- Writes that the admin, the demo loader and the pages share ------------------------------------


def _jpeg():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(buf, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buf.getvalue(), content_type="image/jpeg")


def test_it_keeps_a_communitys_place_coordinators_and_groups_to_staff():
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator])
    services.community_update(actor=coordinator, community=community, story="เรื่องเล่าใหม่")
    with pytest.raises(PermissionDenied):
        services.community_update(actor=coordinator, community=community, coordinators=[coordinator, cf.producer()])
    services.community_update(actor=cf.staff(), community=community, coordinators=[])
    community.refresh_from_db()
    assert community.story == "เรื่องเล่าใหม่" and not community.coordinators.exists()


def test_it_changes_a_communitys_status_only_through_publish_and_unpublish():
    community = CommunityFactory(status=PublishStatus.DRAFT)
    services.community_update(actor=SYSTEM, community=community, status=PublishStatus.PUBLISHED)
    community.refresh_from_db()
    assert community.status == PublishStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.community_publish(actor=cf.producer(), community=community)
    assert services.community_publish(actor=cf.staff(), community=community).status == PublishStatus.PUBLISHED


def test_it_deletes_a_community_with_its_photo_files_but_not_one_with_programs(committed):
    from django.core.files.storage import default_storage

    community = CommunityFactory(with_photo=False)
    photo = services.community_photo_add(actor=SYSTEM, community=community, image=_jpeg())
    names = [photo.image.name, photo.thumbnail.name]
    busy = ProgramFactory().community
    with pytest.raises(ValidationError):
        services.community_delete(actor=cf.staff(), community=busy)
    with pytest.raises(PermissionDenied):
        services.community_delete(actor=cf.producer(), community=community)
    with committed():
        services.community_delete(actor=cf.staff(), community=community)
    assert not type(community).objects.filter(pk=community.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert type(busy).objects.filter(pk=busy.pk).exists()


def test_it_replaces_a_photos_files_when_a_new_image_is_given(committed):
    from django.core.files.storage import default_storage

    photo = services.community_photo_add(actor=SYSTEM, community=CommunityFactory(with_photo=False), image=_jpeg())
    old = [photo.image.name, photo.thumbnail.name]
    with committed():
        photo = services.community_photo_update(actor=SYSTEM, photo=photo, image=_jpeg(), caption="ใหม่")
    assert photo.caption == "ใหม่" and photo.image.name not in old
    assert default_storage.exists(photo.image.name) and not any(default_storage.exists(n) for n in old)


def test_it_puts_new_photos_after_the_last_one():
    community = CommunityFactory(with_photo=False)
    first = services.community_photo_add(actor=SYSTEM, community=community, image=_jpeg())
    second = services.community_photo_add(actor=SYSTEM, community=community, image=_jpeg())
    assert (first.position, second.position) == (0, 1)


def test_it_refuses_to_delete_a_program_with_bookings_or_an_activity_in_an_itinerary():
    from tests.factories.tourism import BookingFactory

    booking = BookingFactory()
    program = booking.program
    with pytest.raises(ValidationError):
        services.program_delete(actor=SYSTEM, program=program)
    with pytest.raises(ValidationError):
        services.activity_delete(actor=SYSTEM, activity=program.items.get().activity)
    assert type(program).objects.filter(pk=program.pk).exists()


def test_it_lets_only_coordinators_and_staff_unpublish():
    program = ProgramFactory()
    with pytest.raises(PermissionDenied):
        services.program_unpublish(actor=cf.producer(), program=program)
    program.refresh_from_db()
    assert program.status == PublishStatus.PUBLISHED
    assert services.program_unpublish(actor=cf.staff(), program=program).status == PublishStatus.DRAFT


def test_it_moves_a_corrected_month_and_tells_listeners():
    from tourism import signals

    community = CommunityFactory()
    visit = services.visit_record_upsert(actor=SYSTEM, community=community, month=datetime.date(2026, 9, 1),
                                         visitors_thai=10, visitors_foreign=1, income=Decimal("100"))
    events = []
    signals.visit_recorded.connect(lambda sender, visit, **kw: events.append(("recorded", visit.month)),
                                   dispatch_uid="test-move", weak=False)
    signals.visit_deleted.connect(lambda sender, visit, **kw: events.append(("deleted", visit.month)),
                                  dispatch_uid="test-move", weak=False)
    try:
        moved = services.visit_update(actor=SYSTEM, visit=visit, month=datetime.date(2026, 8, 1))
    finally:
        signals.visit_recorded.disconnect(dispatch_uid="test-move")
        signals.visit_deleted.disconnect(dispatch_uid="test-move")
    assert events == [("deleted", datetime.date(2026, 9, 1)), ("recorded", datetime.date(2026, 8, 1))]
    assert list(MonthlyVisit.objects.values_list("month", "visitors_thai")) == [(datetime.date(2026, 8, 1), 10)]
    assert moved.income == Decimal("100")


def test_it_deletes_a_month_only_for_coordinators_and_staff():
    visit = MonthlyVisitFactory()
    with pytest.raises(PermissionDenied):
        services.visit_delete(actor=cf.producer(), visit=visit)
    services.visit_delete(actor=cf.staff(), visit=visit)
    assert not MonthlyVisit.objects.exists()


def test_it_refuses_an_itinerary_step_with_another_communitys_activity():
    from tests.factories.tourism import ActivityFactory

    program = ProgramFactory()
    with pytest.raises(ValidationError):
        services.program_item_create(actor=SYSTEM, program=program, activity=ActivityFactory(),
                                     start_time=datetime.time(13, 0), order=5)
    assert program.items.count() == 1
