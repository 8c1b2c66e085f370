"""Products' workspace queues: development projects with what the next stage needs and whom to ask,
standards expiring within 90 days (producers), draft products (staff)."""

import datetime as dt

import pytest
from django.utils import timezone

from core import services as core_services
from core.models import District
from core.workspace import queues_for
from products import selectors
from products.models import Certification
from tests.factories import core as f
from tests.factories.products import DevelopmentProjectFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _queue(user, key):
    return next(q for q in queues_for(user) if q.key == key)


def test_the_next_stage_needs_and_the_officer_to_ask(owner, group, staff):
    staff.phone, staff.line_id = "035-611-222", "cdd-pamok"
    staff.save()
    core_services.district_officer_set(actor=staff, district=District.objects.get(code="1503"), officer=staff)
    product = ProductFactory(group=group, status="draft")
    waiting = DevelopmentProjectFactory(group=group, product=product, title="กล่องตุ๊กตาใหม่")
    ready = DevelopmentProjectFactory(group=group, title="ไอเดียพวงกุญแจ", idea="ตุ๊กตาจิ๋วเป็นพวงกุญแจ")
    DevelopmentProjectFactory(group=group, stage="follow_up")  # the last stage: nothing next
    DevelopmentProjectFactory()  # another group's
    queue = _queue(owner, "producer.projects")
    assert [r.title for r in queue.rows] == ["กล่องตุ๊กตาใหม่", "ไอเดียพวงกุญแจ"] and queue.count == 2
    first, second = queue.rows
    assert first.extra["needs"] == ["ผลิตภัณฑ์ยังไม่มีผลการประเมินกลุ่ม (Quadrant)"]
    assert first.extra["staff_step"] and first.extra["officer"].officer == staff
    assert second.extra["needs"] == [] and not second.extra["staff_step"] and second.action
    assert waiting.pk and ready.pk


def test_the_workspace_page_names_the_officer_with_phone_and_line(client_for, owner, group, staff):
    staff.phone = "035-611-222"
    staff.save()
    core_services.district_officer_set(
        actor=staff, district=District.objects.get(code="1503"), officer=staff, line_id="cdd-pamok"
    )
    DevelopmentProjectFactory(group=group, product=ProductFactory(group=group))
    html = client_for(owner).get("/me/").content.decode()
    assert "035-611-222" in html and "cdd-pamok" in html and str(staff) in html


def test_without_an_officer_the_district_office_is_named(client_for, owner, group):
    DevelopmentProjectFactory(group=group, product=ProductFactory(group=group))
    html = client_for(owner).get("/me/").content.decode()
    assert "สำนักงานพัฒนาชุมชนอำเภอป่าโมก" in html


def test_standards_expiring_within_90_days(owner, group, other_group):
    today = timezone.localdate()
    product = ProductFactory(group=group)
    soon = Certification.objects.create(
        product=product, kind="tcps", expires_on=today + dt.timedelta(days=10)
    )
    edge = Certification.objects.create(product=product, kind="fda", expires_on=today + dt.timedelta(days=90))
    Certification.objects.create(product=product, kind="gmp", expires_on=today + dt.timedelta(days=91))
    Certification.objects.create(product=product, kind="halal", expires_on=today - dt.timedelta(days=1))
    Certification.objects.create(product=product, kind="gi")  # no expiry
    Certification.objects.create(
        product=ProductFactory(group=other_group), kind="tcps", expires_on=today + dt.timedelta(days=5)
    )
    assert list(selectors.standards_expiring(user=owner)) == [soon, edge]
    assert _queue(owner, "producer.standards_expiring").count == 2


def test_staff_see_draft_products_oldest_first(staff, owner, group):
    old = ProductFactory(group=group, status="draft")
    new = ProductFactory(group=group, status="draft")
    ProductFactory(group=group)
    assert list(selectors.products_awaiting_publication(user=staff)) == [old, new]
    assert list(selectors.products_awaiting_publication(user=owner)) == []


@pytest.mark.parametrize("size", [3, 30])
def test_project_queue_keeps_its_query_count(size, owner, group, staff, django_assert_num_queries):
    core_services.district_officer_set(actor=staff, district=District.objects.get(code="1503"), officer=staff)
    for i in range(size):
        DevelopmentProjectFactory(
            group=group,
            product=ProductFactory(group=group),
            stage=["assessment", "design", "prototype", "market_test"][i % 4],
        )
    f.producer(group, username="x")
    from core import permissions

    permissions.producer_group_ids(owner)
    from products import workspace

    # the projects (1), the district officers (1), the expiring standards (1)
    with django_assert_num_queries(3):
        queues = workspace.producer_queues(user=owner)
    assert queues[0].count == size
