"""Who sees which bookings (and drafts, and visits): one matrix over every role.

Community A is coordinated by `owner`, community B by `outsider`; `colleague` is a producer who
coordinates nothing; a tourist holds only the booking's code."""

import datetime

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from tests.factories.tourism import BookingFactory, CommunityFactory, MonthlyVisitFactory, ProgramFactory
from tourism import services
from tourism.choices import PublishStatus

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "coordinator_a", "coordinator_b", "producer_not_coordinator", "partner", "expert"]
MANAGES_A = {"staff", "coordinator_a"}


@pytest.fixture
def world(staff, owner, colleague, outsider, partner_user, expert_user):
    community_a = CommunityFactory(coordinators=[owner])
    community_b = CommunityFactory(coordinators=[outsider])
    booking_a = BookingFactory(program=ProgramFactory(community=community_a), code="AAAA2222")
    booking_b = BookingFactory(program=ProgramFactory(community=community_b), code="BBBB3333")
    draft_a = ProgramFactory(community=community_a, status=PublishStatus.DRAFT)
    visit_a = MonthlyVisitFactory(community=community_a)
    users = {"anonymous": None, "staff": staff, "coordinator_a": owner, "coordinator_b": outsider,
             "producer_not_coordinator": colleague, "partner": partner_user, "expert": expert_user}
    return {"users": users, "booking_a": booking_a, "booking_b": booking_b, "draft_a": draft_a, "visit_a": visit_a}


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_bookings_only_for_the_communitys_coordinators_and_staff(role, world, api_for, client_for):
    user = world["users"][role]
    codes = {b["code"] for b in api_for(user).get("/api/v1/tourism/bookings/").json().get("results", [])}
    expected = {"staff": {"AAAA2222", "BBBB3333"}, "coordinator_a": {"AAAA2222"},
                "coordinator_b": {"BBBB3333"}}.get(role, set())
    assert codes == expected
    page = client_for(user).get(reverse("tourism:manage_bookings"))
    if user is None:
        assert page.status_code == 302
    else:
        assert {b.code for b in page.context["object_list"]} == expected


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_one_booking_to_its_managers_and_404_to_others(role, world, api_for, client_for):
    user, booking = world["users"][role], world["booking_a"]
    api_status = api_for(user).get(f"/api/v1/tourism/bookings/{booking.pk}/").status_code
    page_status = client_for(user).get(reverse("tourism:manage_booking_detail", args=[booking.pk])).status_code
    if role in MANAGES_A:
        assert (api_status, page_status) == (200, 200)
    elif user is None:
        assert (api_status, page_status) == (404, 302)  # login page for the coordinator area
    else:
        assert (api_status, page_status) == (404, 404)


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_managers_change_a_booking(role, world, api_for, client_for):
    user, booking = world["users"][role], world["booking_a"]
    response = api_for(user).post(f"/api/v1/tourism/bookings/{booking.pk}/confirm/", {}, format="json")
    page = client_for(user).post(reverse("tourism:manage_booking_detail", args=[booking.pk]),
                                 {"action": "decline", "reason": "ทดสอบ"})
    booking.refresh_from_db()
    if role in MANAGES_A:
        assert response.status_code == 200 and page.status_code == 302
        assert booking.status == "declined"
    else:
        assert response.status_code == (401 if user is None else 404)
        assert page.status_code == (302 if user is None else 404)
        assert booking.status == "requested"


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_anyone_with_the_code_read_that_booking_only(role, world, api_for, client_for):
    user = world["users"][role]
    api = api_for(user)
    data = api.get("/api/v1/tourism/bookings/by-code/AAAA2222/").json()
    assert data["code"] == "AAAA2222"
    # the tourist's name and contacts: only for the booking's managers (or with the contact proof)
    assert ("name" in data and "phone" in data) == (role in MANAGES_A)
    assert [b["code"] for b in api.get("/api/v1/tourism/bookings/", {"code": "AAAA2222"}).json()["results"]] == [
        "AAAA2222"]
    page = client_for(user).get("/tourism/bookings/AAAA2222/")
    assert page.status_code == 200 and page.context["verified"] == (role in MANAGES_A)
    assert client_for(user).get("/tourism/bookings/AAAA2223/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_draft_programs_only_to_the_communitys_coordinators_and_staff(role, world, api_for, client_for):
    user, draft = world["users"][role], world["draft_a"]
    page = client_for(user).get(draft.get_absolute_url()).status_code
    api = api_for(user).get(f"/api/v1/tourism/programs/{draft.slug}/").status_code
    expected = 200 if role in MANAGES_A else 404
    assert (page, api) == (expected, expected)


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_monthly_visits_only_to_coordinators_and_staff(role, world, api_for):
    user, visit = world["users"][role], world["visit_a"]
    data = api_for(user).get("/api/v1/tourism/visits/").json()
    ids = {v["id"] for v in data.get("results", [])}
    assert ids == ({visit.pk} if role in MANAGES_A else set())
    patch = api_for(user).patch(f"/api/v1/tourism/visits/{visit.pk}/", {"visitors_thai": 999}, format="json")
    visit.refresh_from_db()
    if role in MANAGES_A:
        assert patch.status_code == 200 and visit.visitors_thai == 999
    else:
        assert patch.status_code == (401 if user is None else 404)
        assert visit.visitors_thai == 120
        assert visit.month == datetime.date(2026, 10, 1)


@pytest.mark.parametrize("role", ROLES)
def test_it_serves_community_photos_with_the_community(role, world, client_for):
    draft_community = CommunityFactory(status=PublishStatus.DRAFT, with_photo=False,
                                       coordinators=[world["users"]["coordinator_a"]])
    photo = services.community_photo_add(actor=SYSTEM, community=draft_community, image=png_upload())
    url = reverse("core:file", kwargs={"model": "tourism.communityphoto", "pk": photo.pk, "field": "thumbnail"})
    status = client_for(world["users"][role]).get(url).status_code
    assert status == (200 if role in MANAGES_A else 404)


def png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(buf, format="PNG")
    return SimpleUploadedFile("doll.png", buf.getvalue(), content_type="image/png")
