"""The tourism admin writes only through tourism.services: saves, deletes, inline rows and status
changes (actions). Each test asserts the effect of the service, not just a status code."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.actors import SYSTEM
from evaluation.models import IncomeRecord
from tests.factories import core as cf
from tests.factories.tourism import (
    ActivityFactory,
    BookingFactory,
    CommunityFactory,
    FairFactory,
    MonthlyVisitFactory,
    ProgramFactory,
)
from tourism import services, signals
from tourism.choices import BookingStatus, PublishStatus
from tourism.models import (
    Activity,
    Booking,
    CommunityPhoto,
    Fair,
    MonthlyVisit,
    ProgramItem,
    TourismCommunity,
)

pytestmark = pytest.mark.django_db

MODELS = ["tourismcommunity", "program", "activity", "fair", "monthlyvisit", "booking"]


@pytest.mark.parametrize("model", MODELS)
def test_it_shows_admin_lists_to_staff_only(model, client_for):
    BookingFactory()
    FairFactory()
    MonthlyVisitFactory()
    url = reverse(f"admin:tourism_{model}_changelist")
    assert client_for(cf.staff()).get(url).status_code == 200
    assert client_for(cf.producer()).get(url).status_code == 302  # to the admin login


def test_it_refuses_publishing_in_the_admin_when_the_community_is_not_ready(client_for):
    program = ProgramFactory(community=CommunityFactory(prices_agreed=False), status=PublishStatus.DRAFT)
    c = client_for(cf.staff())
    c.post(reverse("admin:tourism_program_changelist"), {"action": "publish", "_selected_action": [program.pk]})
    program.refresh_from_db()
    assert program.status == PublishStatus.DRAFT


def test_it_lists_my_programs_with_constant_queries(client_for, assert_constant_queries):
    coordinator = cf.producer()

    def grow(n):
        for _i in range(n):
            ProgramFactory(community=CommunityFactory(coordinators=[coordinator]), status=PublishStatus.DRAFT)

    grow(3)
    c = client_for(coordinator)
    assert_constant_queries(lambda: c.get(reverse("tourism:manage_programs")), lambda: grow(27))


def test_it_adds_a_section_to_the_home_page(client, django_assert_max_num_queries):
    ProgramFactory(title_th="ปั้นตุ๊กตาชาววังครึ่งวัน")
    from django.apps import apps
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    with django_assert_max_num_queries(4):  # programs + photos, upcoming fairs, communities for the map
        programs, places = apps.get_app_config("tourism").home_section(request)
    assert [p.title_th for p in programs["programs"]] == ["ปั้นตุ๊กตาชาววังครึ่งวัน"]
    assert places["template"] == "tourism/_home_map.html"
    assert "ปั้นตุ๊กตาชาววังครึ่งวัน" in client.get("/").content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_it_opens_admin_change_pages(model, client_for):
    booking = BookingFactory()
    objects = {"tourismcommunity": booking.program.community, "program": booking.program,
               "activity": booking.program.items.get().activity, "fair": FairFactory(),
               "monthlyvisit": MonthlyVisitFactory(), "booking": booking}
    url = reverse(f"admin:tourism_{model}_change", args=[objects[model].pk])
    assert client_for(cf.staff()).get(url).status_code == 200


# --- Helpers ----------------------------------------------------------------------------------


def _inlines(**prefixes):
    """Management-form data of the inlines: prefix=(total, initial)."""
    data = {}
    for prefix, (total, initial) in prefixes.items():
        data.update({f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def _jpeg(name="village.jpg"):
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (900, 600), "green").save(buf, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def _ok(response):
    assert response.status_code == 302, (response.context["adminform"].form.errors
                                         if response.context and "adminform" in response.context else response)
    return response


def _last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _community_data(community, **changes):
    data = {"name_th": community.name_th, "name_en": community.name_en, "slug": community.slug,
            "subdistrict": community.subdistrict_id, "village_no": community.village_no or "",
            "story": community.story, "lat": community.lat or "", "lng": community.lng or "",
            "address": community.address, "contact_name": community.contact_name,
            "contact_phone": community.contact_phone, "contact_line_id": community.contact_line_id,
            "contact_email": community.contact_email, "languages": ",".join(community.languages),
            **{f: "on" for f in ("has_parking", "has_toilets", "wheelchair_access", "has_homestay",
                                 "safety_briefing", "prices_agreed", "toilets_parking_noted")
               if getattr(community, f)},
            **_inlines(photos=(0, 0))}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _program_data(program, **changes):
    data = {"community": program.community_id, "title_th": program.title_th, "title_en": program.title_en,
            "slug": program.slug, "duration": program.duration, "summary": program.summary,
            "price_per_person": program.price_per_person, "included": program.included,
            "available_weekdays": ",".join(str(d) for d in program.available_weekdays),
            "season_start": "", "season_end": "", "min_group_size": program.min_group_size,
            "max_group_size": program.max_group_size, "daily_capacity": program.daily_capacity}
    items = list(program.items.all())
    data.update(_inlines(items=(len(items), len(items))))
    for i, item in enumerate(items):
        data.update({f"items-{i}-id": item.pk, f"items-{i}-program": program.pk, f"items-{i}-day": item.day,
                     f"items-{i}-order": item.order, f"items-{i}-start_time": item.start_time.strftime("%H:%M"),
                     f"items-{i}-end_time": item.end_time.strftime("%H:%M") if item.end_time else "",
                     f"items-{i}-activity": item.activity_id, f"items-{i}-note": item.note})
    data.update(changes)
    return data


# --- Monthly visits: the admin-recorded month becomes tourism income ---------------------------


def test_it_records_a_month_in_the_admin_through_the_service_and_sends_the_signal(client_for):
    staff = cf.staff()
    community = CommunityFactory()
    month = _last_month()
    received = []

    def receiver(sender, visit, **kwargs):
        received.append((visit.community_id, visit.month, visit.visitors_thai, visit.visitors_foreign,
                         visit.income, visit.recorded_by_id))

    signals.visit_recorded.connect(receiver, dispatch_uid="test-admin-visit")
    try:
        _ok(client_for(staff).post(reverse("admin:tourism_monthlyvisit_add"), {
            "community": community.pk, "month": month.isoformat(), "visitors_thai": "140",
            "visitors_foreign": "12", "income": "48250.75", "note": "จากสมุดเยี่ยมชม"}))
    finally:
        signals.visit_recorded.disconnect(dispatch_uid="test-admin-visit")
    assert received == [(community.pk, month, 140, 12, Decimal("48250.75"), staff.pk)]
    visit = MonthlyVisit.objects.get()
    assert (visit.community, visit.month, visit.visitors_total, visit.recorded_by) == (community, month, 152, staff)


def test_it_makes_the_admin_recorded_month_the_tourism_income_of_the_evaluation(client_for):
    community = CommunityFactory()
    month = _last_month()
    _ok(client_for(cf.staff()).post(reverse("admin:tourism_monthlyvisit_add"), {
        "community": community.pk, "month": month.isoformat(), "visitors_thai": "140", "visitors_foreign": "12",
        "income": "48250.75", "note": ""}))
    record = IncomeRecord.objects.get(tourism_community=community)
    assert (record.month, record.source, record.amount) == (month, "tourism", Decimal("48250.75"))


def test_it_corrects_a_month_in_the_admin_and_the_income_follows(client_for):
    community = CommunityFactory()
    month = _last_month()
    visit = services.visit_record_upsert(actor=SYSTEM, community=community, month=month, visitors_thai=10,
                                         visitors_foreign=0, income=Decimal("1000"))
    _ok(client_for(cf.staff()).post(reverse("admin:tourism_monthlyvisit_change", args=[visit.pk]), {
        "community": community.pk, "month": month.isoformat(), "visitors_thai": "10", "visitors_foreign": "0",
        "income": "2500.00", "note": ""}))
    visit.refresh_from_db()
    assert visit.income == Decimal("2500.00")
    assert IncomeRecord.objects.get(tourism_community=community, month=month).amount == Decimal("2500.00")


def test_it_deletes_a_month_in_the_admin_through_the_service(client_for):
    visit = services.visit_record_upsert(actor=SYSTEM, community=CommunityFactory(), month=_last_month(),
                                         visitors_thai=10, visitors_foreign=0, income=Decimal("1000"))
    deleted = []
    signals.visit_deleted.connect(lambda sender, visit, **kw: deleted.append((visit.community_id, visit.month)),
                                  dispatch_uid="test-admin-visit-deleted", weak=False)
    try:
        _ok(client_for(cf.staff()).post(reverse("admin:tourism_monthlyvisit_delete", args=[visit.pk]),
                                        {"post": "yes"}))
    finally:
        signals.visit_deleted.disconnect(dispatch_uid="test-admin-visit-deleted")
    assert not MonthlyVisit.objects.exists()
    assert deleted == [(visit.community_id, visit.month)]


# --- Programs: the status changes only by the actions (the publish gate) -----------------------


def test_it_shows_the_program_status_read_only_and_ignores_a_posted_status(client_for):
    program = ProgramFactory(community=CommunityFactory(prices_agreed=False), status=PublishStatus.DRAFT)
    c = client_for(cf.staff())
    form = c.get(reverse("admin:tourism_program_change", args=[program.pk])).context["adminform"].form
    assert "status" not in form.fields
    _ok(c.post(reverse("admin:tourism_program_change", args=[program.pk]),
               _program_data(program, status=PublishStatus.PUBLISHED, title_th="ชื่อใหม่")))
    program.refresh_from_db()
    assert (program.title_th, program.status) == ("ชื่อใหม่", PublishStatus.DRAFT)


def test_it_publishes_and_unpublishes_programs_by_the_admin_actions(client_for):
    program = ProgramFactory(status=PublishStatus.DRAFT)
    c = client_for(cf.staff())
    url = reverse("admin:tourism_program_changelist")
    c.post(url, {"action": "publish", "_selected_action": [program.pk]})
    program.refresh_from_db()
    assert program.status == PublishStatus.PUBLISHED
    c.post(url, {"action": "unpublish", "_selected_action": [program.pk]})
    program.refresh_from_db()
    assert program.status == PublishStatus.DRAFT


def test_it_creates_a_program_in_the_admin_as_a_draft_with_its_itinerary(client_for):
    community = CommunityFactory()
    activity = ActivityFactory(community=community)
    data = {"community": community.pk, "title_th": "โปรแกรมจากหลังบ้าน", "title_en": "", "slug": "from-admin",
            "duration": "one_day", "summary": "", "price_per_person": "300", "included": "",
            "available_weekdays": "", "season_start": "", "season_end": "", "min_group_size": "1",
            "max_group_size": "10", "daily_capacity": "10", "status": PublishStatus.PUBLISHED,
            **_inlines(items=(1, 0)), "items-0-day": "1", "items-0-order": "1", "items-0-start_time": "09:00",
            "items-0-end_time": "10:00", "items-0-activity": activity.pk, "items-0-note": ""}
    _ok(client_for(cf.staff()).post(reverse("admin:tourism_program_add"), data))
    program = community.programs.get(slug="from-admin")
    assert program.status == PublishStatus.DRAFT
    assert [(i.order, i.activity) for i in program.items.all()] == [(1, activity)]


def test_it_refuses_an_itinerary_row_with_another_communitys_activity_in_the_admin(client_for):
    program = ProgramFactory()
    foreign = ActivityFactory()  # of another community
    data = _program_data(program)
    n = program.items.count()
    data.update({"items-TOTAL_FORMS": str(n + 1), f"items-{n}-program": program.pk, f"items-{n}-day": "1",
                 f"items-{n}-order": "5", f"items-{n}-start_time": "13:00", f"items-{n}-end_time": "",
                 f"items-{n}-activity": foreign.pk, f"items-{n}-note": ""})
    response = client_for(cf.staff()).post(reverse("admin:tourism_program_change", args=[program.pk]), data)
    assert response.status_code == 200
    assert "ไม่ใช่กิจกรรมของชุมชนนี้" in response.content.decode()
    assert not ProgramItem.objects.filter(activity=foreign).exists()


def test_it_deletes_a_program_in_the_admin_through_the_service(client_for):
    program = ProgramFactory()
    _ok(client_for(cf.staff()).post(reverse("admin:tourism_program_delete", args=[program.pk]), {"post": "yes"}))
    assert not type(program).objects.filter(pk=program.pk).exists()
    assert not ProgramItem.objects.filter(program_id=program.pk).exists()


# --- Communities and their photos ----------------------------------------------------------------


def test_it_creates_a_community_in_the_admin_as_a_draft_with_its_photo_through_the_pipeline(client_for):
    data = _community_data(CommunityFactory.build(slug="from-admin", name_th="ชุมชนจากหลังบ้าน", with_photo=False),
                           status=PublishStatus.PUBLISHED, **_inlines(photos=(1, 0)))
    data.update({"photos-0-image": _jpeg(), "photos-0-caption": "ศาลาหมู่บ้าน", "photos-0-position": "0"})
    _ok(client_for(cf.staff()).post(reverse("admin:tourism_tourismcommunity_add"), data))
    community = TourismCommunity.objects.get(slug="from-admin")
    assert community.status == PublishStatus.DRAFT
    photo = community.photos.get()
    assert photo.caption == "ศาลาหมู่บ้าน" and photo.thumbnail
    with photo.image.open("rb") as f:
        assert not Image.open(f).getexif()


def test_it_deletes_a_community_photo_and_its_files_in_the_admin(client_for, committed):
    community = CommunityFactory(with_photo=False)
    photo = services.community_photo_add(actor=SYSTEM, community=community, image=_jpeg())
    names = [photo.image.name, photo.thumbnail.name]
    assert all(default_storage.exists(n) for n in names)
    data = _community_data(community, **_inlines(photos=(1, 1)))
    data.update({"photos-0-id": photo.pk, "photos-0-community": community.pk, "photos-0-caption": "",
                 "photos-0-position": "0", "photos-0-DELETE": "on"})
    with committed():
        _ok(client_for(cf.staff()).post(reverse("admin:tourism_tourismcommunity_change", args=[community.pk]),
                                        data))
    assert not CommunityPhoto.objects.filter(pk=photo.pk).exists()
    assert not any(default_storage.exists(n) for n in names)


def test_it_deletes_a_community_with_its_photo_files_in_the_admin(client_for, committed):
    community = CommunityFactory(with_photo=False)
    photo = services.community_photo_add(actor=SYSTEM, community=community, image=_jpeg())
    names = [photo.image.name, photo.thumbnail.name]
    with committed():
        _ok(client_for(cf.staff()).post(reverse("admin:tourism_tourismcommunity_delete", args=[community.pk]),
                                        {"post": "yes"}))
    assert not TourismCommunity.objects.filter(pk=community.pk).exists()
    assert not any(default_storage.exists(n) for n in names)


def test_it_publishes_communities_only_by_the_admin_actions(client_for):
    community = CommunityFactory(status=PublishStatus.DRAFT)
    c = client_for(cf.staff())
    _ok(c.post(reverse("admin:tourism_tourismcommunity_change", args=[community.pk]),
               _community_data(community, status=PublishStatus.PUBLISHED, story="เรื่องเล่าใหม่")))
    community.refresh_from_db()
    assert (community.story, community.status) == ("เรื่องเล่าใหม่", PublishStatus.DRAFT)
    c.post(reverse("admin:tourism_tourismcommunity_changelist"),
           {"action": "publish", "_selected_action": [community.pk]})
    community.refresh_from_db()
    assert community.status == PublishStatus.PUBLISHED


# --- Activities, fairs, bookings -------------------------------------------------------------------


def test_it_adds_and_deletes_an_activity_in_the_admin_through_the_services(client_for):
    community = CommunityFactory()
    c = client_for(cf.staff())
    _ok(c.post(reverse("admin:tourism_activity_add"), {
        "community": community.pk, "title_th": "ทอผ้าจากหลังบ้าน", "title_en": "", "slug": "weaving-admin",
        "activity_type": "craft_workshop", "description": "", "duration_minutes": "60", "price_per_person": "100",
        "min_group_size": "1", "max_group_size": "10"}))
    activity = Activity.objects.get(slug="weaving-admin")
    assert activity.community == community
    _ok(c.post(reverse("admin:tourism_activity_delete", args=[activity.pk]), {"post": "yes"}))
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_it_adds_a_fair_as_a_draft_and_publishes_it_by_the_action(client_for):
    c = client_for(cf.staff())
    today = timezone.localdate()
    _ok(c.post(reverse("admin:tourism_fair_add"), {
        "title": "งาน OTOP จากหลังบ้าน", "slug": "fair-admin", "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=2)).isoformat(), "place": "ลานวัด", "subdistrict": "",
        "description": "", "status": PublishStatus.PUBLISHED}))
    fair = Fair.objects.get(slug="fair-admin")
    assert fair.status == PublishStatus.DRAFT
    c.post(reverse("admin:tourism_fair_changelist"), {"action": "publish", "_selected_action": [fair.pk]})
    fair.refresh_from_db()
    assert fair.status == PublishStatus.PUBLISHED


def test_it_keeps_bookings_read_only_in_the_admin(client_for):
    booking = BookingFactory()
    c = client_for(cf.staff())
    assert c.get(reverse("admin:tourism_booking_change", args=[booking.pk])).status_code == 200  # a view page
    assert c.post(reverse("admin:tourism_booking_change", args=[booking.pk]),
                  {"status": BookingStatus.CONFIRMED, "people": 9}).status_code == 403
    assert c.post(reverse("admin:tourism_booking_delete", args=[booking.pk]), {"post": "yes"}).status_code == 403
    booking.refresh_from_db()
    assert (booking.status, booking.people) == (BookingStatus.REQUESTED, 2)
    assert Booking.objects.filter(pk=booking.pk).exists()
