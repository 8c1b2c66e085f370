"""The demo's lineage (issue 17): the court-doll record has the full chain — products → a program → bookings →
attributed sales, and a training — and for two demo records every figure matches the rows underneath."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from core.models import User
from evaluation.models import ProductSale
from tourism.models import Booking, Program
from wisdom.lineage import record_lineage
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def _figures(lineage):
    return {f.label: f.value for s in lineage.sections for f in s.figures}


@pytest.mark.parametrize("slug", ["court-dolls-ban-bang-sadet", "ekkarat-drum-making"])
def test_the_demo_lineage_matches_the_rows(demo, slug):
    staff = User.objects.get(username="staff")
    record = WisdomRecord.objects.get(slug=slug)
    lineage = record_lineage(record=record, user=staff)
    programs = Program.objects.filter(items__activity__wisdom_records=record).distinct()
    bookings = Booking.objects.filter(program__in=programs, status="confirmed")
    sales = ProductSale.objects.filter(product__wisdom_records=record)
    assert lineage.counts.get("products", 0) == record.products.count()
    assert lineage.counts.get("programs", 0) == programs.count()
    assert lineage.money.get("booking_value", 0) == (bookings.aggregate(s=Sum("total_price"))["s"] or 0)
    assert lineage.money.get("sales", 0) == (sales.aggregate(s=Sum("amount"))["s"] or 0)
    figures = _figures(lineage)
    assert figures.get("การจองที่ยืนยันแล้ว", 0) == bookings.count()
    assert figures.get("ผู้เดินทาง (คน)", 0) == (bookings.aggregate(s=Sum("people"))["s"] or 0)


def test_the_court_dolls_have_the_full_chain(demo, client):
    record = WisdomRecord.objects.get(slug="court-dolls-ban-bang-sadet")
    lineage = record_lineage(record=record, user=User.objects.get(username="staff"))
    assert lineage.counts["products"] >= 2 and lineage.counts["programs"] >= 1
    assert lineage.money["booking_value"] > 0 and lineage.money["sales"] > 0
    assert _figures(lineage)["กิจกรรม/การอบรม"] >= 1
    labels = " ".join(m.label for m in lineage.timeline)
    for step in ("บันทึกภูมิปัญญาครั้งแรก", "ผลิตภัณฑ์แรก", "โปรแกรมท่องเที่ยวแรก", "การเดินทางที่จองครั้งแรก",
                 "ยอดขายผลิตภัณฑ์ที่ระบุได้ครั้งแรก"):
        assert step in labels
    assert lineage.revenue == lineage.money["booking_value"] + lineage.money["sales"] > Decimal("0")
    response = client.get(f"/wisdom/{record.slug}/lineage/")  # the public version
    body = response.content.decode()
    assert response.context["lineage"].private is False
    assert "ตุ๊กตาชาววัง ชุดการละเล่นเด็กไทย" in body and "มูลค่าการจองโปรแกรมท่องเที่ยว" not in body


def test_the_court_doll_timeline_reads_as_a_history(demo):
    """The demo's dates tell the chain in order (not all on the day the demo loaded): surveyed in mid 2567,
    first product early 2568, first program mid 2568, then the first booking; the benefit agreement starts
    after the products. A second load changes none of those dates."""
    import datetime as dt

    from benefits.models import Agreement

    record = WisdomRecord.objects.get(slug="court-dolls-ban-bang-sadet")
    staff = User.objects.get(username="staff")

    def firsts():
        timeline = record_lineage(record=WisdomRecord.objects.get(pk=record.pk), user=staff).timeline
        return {step: min(m.day for m in timeline if m.label.startswith(step)) for step in (
            "บันทึกภูมิปัญญาครั้งแรก", "เผยแพร่ภูมิปัญญา", "ผลิตภัณฑ์แรก", "โปรแกรมท่องเที่ยวแรก",
            "การเดินทางที่จองครั้งแรก")}

    days = firsts()
    recorded, published, product, program, booking = days.values()
    assert dt.date(2024, 5, 1) <= recorded <= dt.date(2024, 8, 31)  # mid 2567
    assert recorded < published < product and dt.date(2025, 1, 1) <= product <= dt.date(2025, 3, 31)
    assert product < program and dt.date(2025, 5, 1) <= program <= dt.date(2025, 8, 31)
    assert program < booking
    agreement = Agreement.objects.get(wisdom_record=record, is_demo=True)
    assert agreement.start_date > product
    call_command("load_demo", verbosity=0)
    assert firsts() == days
