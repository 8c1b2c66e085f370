import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from evaluation.models import DistrictTarget, Enrollment, IncomeRecord, Target, UnitTarget
from tourism.models import TourismCommunity


class TourismCommunityFactory(DjangoModelFactory):
    class Meta:
        model = TourismCommunity

    name_th = factory.Sequence(lambda n: f"ชุมชนท่องเที่ยวทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    subdistrict_id = "150307"  # ต.เอกราช อ.ป่าโมก
    status = "published"


class IncomeRecordFactory(DjangoModelFactory):
    class Meta:
        model = IncomeRecord

    month = dt.date(2026, 10, 1)
    source = "product_sales"
    amount = Decimal("1000.00")


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    fiscal_year = 2570
    project = "quadrant_d"


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    fiscal_year = 2570
    project = "all"
    target_percent = Decimal("3.00")


class DistrictTargetFactory(DjangoModelFactory):
    class Meta:
        model = DistrictTarget

    fiscal_year = 2570
    district_id = "1503"  # อ.ป่าโมก
    target_percent = Decimal("6.00")
    reason = "อำเภอมีแหล่งท่องเที่ยวใหม่"


class UnitTargetFactory(DjangoModelFactory):
    class Meta:
        model = UnitTarget

    fiscal_year = 2570
    target_percent = Decimal("8.00")
    reason = "กลุ่มได้รับงบพัฒนาบรรจุภัณฑ์"


def income(unit, month: str, amount, source="product_sales"):
    """income(group_or_community, "2026-10", "1000.00")"""
    y, m = (int(p) for p in month.split("-"))
    key = "tourism_community" if isinstance(unit, TourismCommunity) else "producer_group"
    return IncomeRecordFactory(**{key: unit}, month=dt.date(y, m, 1), amount=Decimal(str(amount)), source=source)


def enroll(unit, project="quadrant_d", fiscal_year=2570):
    key = "tourism_community" if isinstance(unit, TourismCommunity) else "producer_group"
    return EnrollmentFactory(**{key: unit}, project=project, fiscal_year=fiscal_year)
