"""The products app's part of a wisdom record's lineage: products with their quadrant per year and their
development projects, each only where the viewer may see it."""

import datetime as dt

import pytest

from products.models import Assessment, Quadrant, StageRecord
from products.selectors import wisdom_lineage
from tests.factories.products import DevelopmentProjectFactory, ProductFactory
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(group):
    record = WisdomRecordFactory(owner_group=group)
    product = ProductFactory(group=group, name_th="ตุ๊กตาชุดรำ")
    product.wisdom_records.add(record)
    ProductFactory(group=group, name_th="ตุ๊กตาร่าง", status="draft").wisdom_records.add(record)
    quadrant = Quadrant.objects.get_or_create(code="B", defaults={"name_th": "กลุ่ม B"})[0]
    Assessment.objects.create(product=product, fiscal_year=2569, quadrant=quadrant)
    project = DevelopmentProjectFactory(group=group, product=product, title="กล่องใหม่", stage="design")
    StageRecord.objects.create(project=project, stage="assessment", actual_date=dt.date(2026, 10, 30))
    return record


def _titles(section):
    return [e.title for e in section.entries]


def test_the_owner_sees_quadrants_and_projects(record, owner):
    section = wisdom_lineage(records=[record], user=owner, private=True)[record.pk]
    assert _titles(section) == ["ตุ๊กตาชุดรำ", "ตุ๊กตาร่าง"]
    details = " ".join(section.entries[0].details)
    assert "กลุ่ม B ปีงบประมาณ 2569" in details and "กล่องใหม่" in details and "30 ต.ค. 2569" in details
    assert section.counts == {"products": 2}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner", "expert"])
def test_others_see_published_products_without_internal_details(record, users, role):
    section = wisdom_lineage(records=[record], user=users[role], private=False)[record.pk]
    assert _titles(section) == ["ตุ๊กตาชุดรำ"]
    assert section.entries[0].details == []  # assessments and projects are internal


def test_it_counts_only_products_existing_by_the_fiscal_years_end(record, staff):
    assert wisdom_lineage(records=[record], user=staff, private=True, fiscal_year=2560) == {}
