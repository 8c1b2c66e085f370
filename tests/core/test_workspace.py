"""The workspaces (/me/) and the menu per role: core assembles the queues the apps contribute
(core.workspace, hook "core.workspace"); the admin's home page shows the staff queues; each district
has a responsible officer whom producers are told to ask."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import navigation, registry
from core import services as core_services
from core.models import District, DistrictOfficer
from core.workspace import HOOK, Queue, Row, queues_for, sections_for
from tests.factories import core as f
from tests.factories.campaigns import assigned_issue
from tests.factories.network import ExpertProfileFactory
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db


def test_each_role_gets_its_own_sections(users, expert_user):
    ExpertProfileFactory(user=expert_user)
    expected = {
        "staff": ["staff"],
        "owner": ["producer"],
        "outsider": ["producer"],
        "partner": ["partner"],
        "expert": ["expert"],
        "anonymous": [],
    }
    for name, user in users.items():
        assert [s["role"] for s in sections_for(user)] == expected[name], name


def test_a_user_with_several_roles_sees_each_section(expert_user):
    from tests.factories.tourism import CommunityFactory

    ExpertProfileFactory(user=expert_user)
    CommunityFactory(coordinators=[expert_user])  # an expert who also coordinates a community
    assert [s["role"] for s in sections_for(expert_user)] == ["producer", "expert"]


def test_a_section_counts_the_rows_of_its_queues(owner):
    def two(*, user):
        return Queue(key="test.two", role="producer", title="t", rows=[Row("a", "/a/"), Row("b", "/b/")])

    registry.contribute(HOOK, two)
    try:
        section = sections_for(owner)[0]
        assert sum(q.count for q in section["queues"]) == section["count"]
        assert next(q for q in queues_for(owner) if q.key == "test.two").count == 2
    finally:
        registry._hooks[HOOK].pop(f"{two.__module__}.{two.__qualname__}")


def test_the_page_needs_a_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _staff_rows(n, group, owner, expert_user, partner_org):
    """n rows in every staff queue."""
    import datetime as dt

    from django.utils import timezone

    from evaluation.models import Report
    from tests.factories.evaluation import enroll
    from tests.factories.network import KnowledgeItemFactory, QuestionFactory
    from tests.factories.products import ProductFactory
    from tests.factories.tourism import BookingFactory, ProgramFactory
    from tourism.models import Booking

    for _i in range(n):
        WisdomRecordFactory(owner_group=group, status="submitted")
        KnowledgeItemFactory(status="in_review", author=expert_user)
        QuestionFactory(asked_by=owner)
        ProductFactory(group=group, status="draft")
        ProgramFactory(status="draft")
        assigned_issue(group, status="open")
        booking = BookingFactory()
        Booking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
        enroll(f.ProducerGroupFactory(), fiscal_year=2570)
        Report.objects.create(
            fiscal_year=2570,
            as_of=dt.date(2026, 10, 1),
            version=Report.objects.count() + 1,
            status="failed",
            finished_at=timezone.now(),
        )


def test_the_staff_workspace_keeps_its_query_count(
    client_for, staff, owner, group, expert_user, partner_org, assert_constant_queries
):
    client = client_for(staff)
    _staff_rows(1, group, owner, expert_user, partner_org)
    queries = assert_constant_queries(
        lambda: client.get(reverse("core:dashboard")),
        lambda: _staff_rows(27, group, owner, expert_user, partner_org),
    )
    html = client.get(reverse("core:dashboard")).content.decode()
    assert html.count('class="queue-title"') >= 8 * 28 and queries <= 25


def test_the_producer_workspace_keeps_its_query_count(client_for, owner, group, assert_constant_queries):
    import datetime as dt

    from django.utils import timezone

    from products.models import Certification
    from tests.factories.campaigns import IssueFactory
    from tests.factories.network import RegistrationFactory
    from tests.factories.products import DevelopmentProjectFactory, ProductFactory
    from tests.factories.tourism import BookingFactory, CommunityFactory, ProgramFactory

    program = ProgramFactory(community=CommunityFactory(coordinators=[owner]))

    def grow(n):
        for _i in range(n):
            IssueFactory(group=group, raised_by=owner)
            product = ProductFactory(group=group)
            DevelopmentProjectFactory(group=group, product=product)
            Certification.objects.create(
                product=product, kind="tcps", expires_on=timezone.localdate() + dt.timedelta(days=30)
            )
            BookingFactory(program=program)
            RegistrationFactory(user=owner)
            f.ProducerGroupFactory().memberships.create(user=owner)

    client = client_for(owner)
    grow(1)  # the officers are looked up only when there is a project: 3 rows, then 30
    assert assert_constant_queries(lambda: client.get(reverse("core:dashboard")), lambda: grow(27)) <= 25


def test_the_admin_home_shows_the_staff_queues(client_for, staff, group):
    record = WisdomRecordFactory(owner_group=group, status="submitted", title_th="ตุ๊กตาชาววังรอตรวจ")
    html = client_for(staff).get(reverse("admin:index")).content.decode()
    assert 'id="workspace-queues"' in html and 'data-queue="staff.wisdom_submitted"' in html
    assert record.title_th in html and record.get_absolute_url() in html


# --- The menu per role --------------------------------------------------------------------------


def _menu(user):
    return {i["url_name"] for i in navigation.member_items(user)}


def test_the_menu_shows_each_role_what_it_uses(staff, owner, partner_user, expert_user):
    assert _menu(owner) == {
        "wisdom:mine",
        "products:mine",
        "products:pipeline",
        "tourism:manage_bookings",
        "network:my_registrations",
        "network:my_questions",
        "network:my_mentoring",
        "evaluation:income",
        "campaigns:issue_list",
    }
    assert _menu(partner_user) == {"products:pipeline", "network:my_registrations", "campaigns:partner_home"}
    assert _menu(expert_user) == {
        "network:my_registrations",
        "network:my_mentoring",
        "network:my_expert_profile",
    }
    assert _menu(staff) == {
        "wisdom:mine",
        "wisdom:lineage_table",
        "products:pipeline",
        "tourism:manage_bookings",
        "evaluation:dashboard",
        "benefits:agreement_list",
        "campaigns:partner_home",
    }


def test_a_partner_page_shows_no_producer_links(client_for, partner_user):
    html = client_for(partner_user).get(reverse("core:dashboard")).content.decode()
    assert reverse("campaigns:partner_home") in html
    for name in ("products:mine", "evaluation:income", "wisdom:mine", "tourism:manage_bookings"):
        assert f'href="{reverse(name)}"' not in html, name


# --- The responsible officer per district -------------------------------------------------------


def test_a_district_has_one_officer_and_only_staff_may_be_named(staff, owner):
    district = District.objects.get(code="1503")
    other = f.staff(username="staff2")
    core_services.district_officer_set(actor=staff, district=district, officer=staff, phone="035-1")
    core_services.district_officer_set(actor=staff, district=district, officer=other)
    row = DistrictOfficer.objects.get(district=district)
    assert (row.officer, row.phone, DistrictOfficer.objects.count()) == (other, "", 1)
    with pytest.raises(ValidationError):
        core_services.district_officer_set(actor=staff, district=district, officer=owner)
    with pytest.raises(PermissionDenied):
        core_services.district_officer_set(actor=owner, district=district, officer=staff)
    with pytest.raises(ValidationError):
        core_services.district_officer_create(actor=staff, district=district, officer=staff)
    assert DistrictOfficer.objects.get(district=district).officer == other


def test_the_contact_falls_back_to_the_officers_account(staff):
    staff.phone, staff.line_id = "035-611-222", "cdd-at"
    staff.save()
    row = core_services.district_officer_set(
        actor=staff, district=District.objects.get(code="1501"), officer=staff, line_id="pamok-cdd"
    )
    assert (row.contact_phone, row.contact_line_id) == ("035-611-222", "pamok-cdd")


def test_officers_are_seen_by_members_only(staff, owner):
    core_services.district_officer_set(actor=staff, district=District.objects.get(code="1501"), officer=staff)
    from django.contrib.auth.models import AnonymousUser

    assert DistrictOfficer.objects.visible_to(owner).count() == 1
    assert DistrictOfficer.objects.visible_to(AnonymousUser()).count() == 0
    assert DistrictOfficer.objects.editable_by(owner).count() == 0


def test_staff_name_an_officer_in_the_admin(client_for, staff, owner):
    client = client_for(staff)
    url = reverse("admin:core_districtofficer_add")
    response = client.post(url, {"district": "1502", "officer": owner.pk, "phone": "", "line_id": ""})
    assert response.status_code == 200 and not DistrictOfficer.objects.exists()  # a producer: refused
    response = client.post(url, {"district": "1502", "officer": staff.pk, "phone": "035-1", "line_id": ""})
    assert response.status_code == 302
    assert DistrictOfficer.objects.get(district_id="1502").officer == staff
