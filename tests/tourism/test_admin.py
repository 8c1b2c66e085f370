import pytest
from django.urls import reverse

from tests.factories import core as cf
from tests.factories.tourism import (
    BookingFactory,
    CommunityFactory,
    FairFactory,
    MonthlyVisitFactory,
    ProgramFactory,
)
from tourism.choices import PublishStatus

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


def test_it_refuses_the_published_status_in_the_admin_form_when_not_ready():
    from tourism.admin import ProgramAdminForm

    program = ProgramFactory(community=CommunityFactory(safety_briefing=False), status=PublishStatus.DRAFT)
    data = {f: getattr(program, f) for f in ProgramAdminForm.Meta.fields}
    data.update(community=program.community.pk, status=PublishStatus.PUBLISHED,
                available_weekdays="")
    form = ProgramAdminForm(data, instance=program)
    assert not form.is_valid()
    assert "ยังไม่มีการชี้แจงความปลอดภัย" in str(form.non_field_errors())
