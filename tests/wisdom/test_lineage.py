"""Lineage of a wisdom record (issue 17, part 1): the figures match the rows they come from, hand-computed for
two records; who sees what (page, API); the province table, its xlsx and its query count."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import LinkClickDay
from evaluation.models import ProductSale
from tests.factories.campaigns import CampaignFactory, LinkFactory
from tests.factories.core import ProducerGroupFactory
from tests.factories.evaluation import TargetFactory, income
from tests.factories.network import EventFactory, KnowledgeItemFactory
from tests.factories.products import ProductFactory
from tests.factories.tourism import BookingFactory, CommunityFactory, ProgramFactory
from tests.factories.wisdom import WisdomRecordFactory
from wisdom.lineage import province_ranking, record_lineage

pytestmark = pytest.mark.django_db


def _sale(record, product, amount):
    return ProductSale.objects.create(income_record=record, product=product, amount=Decimal(amount))


def _feature(program, record):
    program.items.get().activity.wisdom_records.add(record)


@pytest.fixture
def world(group, other_group, owner, outsider, staff):
    """Record A (the test court-doll group's) and record B (the drum group's), with everything built on them.

    A: products P1 (published) and P2 (draft) of the group; program X of a community the owner coordinates
    and program Y of a community nobody here coordinates, both with an activity featuring A; bookings of X:
    confirmed 1,000 (2 people, Nov 2026) and 1,500 (3 people, Dec 2026), requested 999 and declined 500 (not
    counted); Y: confirmed 700 (1 person); attributed sales of P1 400 (Oct) + 600 (Nov), of P2 100 (Nov); one
    knowledge item, one training, one campaign featuring P1 with 7 + 5 clicks.
    B: product Q1 of the drum group with attributed sales 250 (Oct); nothing else."""
    a = WisdomRecordFactory(title_th="ภูมิปัญญา ก", slug="wisdom-a", owner_group=group)
    b = WisdomRecordFactory(title_th="ภูมิปัญญา ข", slug="wisdom-b", owner_group=other_group)
    p1 = ProductFactory(group=group, name_th="ผลิตภัณฑ์ ก1")
    p2 = ProductFactory(group=group, name_th="ผลิตภัณฑ์ ก2 ร่าง", status="draft")
    q1 = ProductFactory(group=other_group, name_th="ผลิตภัณฑ์ ข1")
    p1.wisdom_records.add(a)
    p2.wisdom_records.add(a)
    q1.wisdom_records.add(b)
    x = ProgramFactory(community=CommunityFactory(coordinators=[owner]), title_th="โปรแกรม X")
    y = ProgramFactory(community=CommunityFactory(), title_th="โปรแกรม Y")
    _feature(x, a)
    _feature(y, a)
    BookingFactory(program=x, status="confirmed", date=dt.date(2026, 11, 5), people=2, total_price=Decimal("1000"))
    BookingFactory(program=x, status="confirmed", date=dt.date(2026, 12, 10), people=3, total_price=Decimal("1500"))
    BookingFactory(program=x, status="requested", date=dt.date(2026, 11, 6), people=2, total_price=Decimal("999"))
    BookingFactory(program=x, status="declined", date=dt.date(2026, 11, 7), people=1, total_price=Decimal("500"))
    BookingFactory(program=y, status="confirmed", date=dt.date(2026, 11, 8), people=1, total_price=Decimal("700"))
    oct_a, nov_a = income(group, "2026-10", 5000), income(group, "2026-11", 5000)
    _sale(oct_a, p1, "400")
    _sale(nov_a, p1, "600")
    _sale(nov_a, p2, "100")
    _sale(income(other_group, "2026-10", 3000), q1, "250")
    KnowledgeItemFactory(title="องค์ความรู้ ก").wisdom_records.add(a)
    EventFactory(title="อบรม ก").wisdom_records.add(a)
    campaign = CampaignFactory(name="แคมเปญ ก")
    campaign.featured_products.add(p1)
    link = LinkFactory(campaign=campaign)
    LinkClickDay.objects.create(link=link, day=dt.date(2026, 11, 20), count=7)
    LinkClickDay.objects.create(link=link, day=dt.date(2026, 11, 21), count=5)
    return {"a": a, "b": b, "p1": p1, "p2": p2, "q1": q1, "x": x, "y": y}


def _figures(lineage):
    return {f.label: f.value for s in lineage.sections for f in s.figures}


# --- Figures, hand-computed ----------------------------------------------------------------------


def test_it_counts_what_record_a_became_for_staff(world, staff):
    lineage = record_lineage(record=world["a"], user=staff)
    assert lineage.private
    assert lineage.counts == {"products": 2, "programs": 2}
    assert lineage.money == {"booking_value": Decimal("3200"), "sales": Decimal("1100")}
    assert lineage.revenue == Decimal("4300")
    figures = _figures(lineage)
    assert figures["การจองที่ยืนยันแล้ว"] == 3
    assert figures["ผู้เดินทาง (คน)"] == 6
    assert figures["องค์ความรู้"] == 1
    assert figures["กิจกรรม/การอบรม"] == 1
    assert figures["คลิกลิงก์ติดตามผล"] == 12
    assert lineage.monthly["มูลค่าการจอง"] == {dt.date(2026, 11, 1): Decimal("1700"),
                                               dt.date(2026, 12, 1): Decimal("1500")}
    assert lineage.monthly["ยอดขายผลิตภัณฑ์"] == {dt.date(2026, 10, 1): Decimal("400"),
                                                  dt.date(2026, 11, 1): Decimal("700")}
    labels = [m.label for m in lineage.timeline]
    assert "บันทึกภูมิปัญญาครั้งแรก" in labels
    assert [m.day for m in lineage.timeline] == sorted(m.day for m in lineage.timeline)
    assert "การเดินทางที่จองครั้งแรก: โปรแกรม X" in labels


def test_it_counts_what_record_b_became_for_staff(world, staff):
    lineage = record_lineage(record=world["b"], user=staff)
    assert lineage.counts == {"products": 1}
    assert lineage.money == {"sales": Decimal("250")}
    assert [s.key for s in lineage.sections] == ["products", "evaluation"]


def test_it_sums_only_the_rows_the_owner_may_see(world, owner):
    """The owner coordinates X, not Y: Y's booking is not theirs to see, so it is not in their figures."""
    lineage = record_lineage(record=world["a"], user=owner)
    assert lineage.private
    assert lineage.money == {"booking_value": Decimal("2500"), "sales": Decimal("1100")}
    assert "campaigns" not in [s.key for s in lineage.sections]  # campaigns are staff's


def test_the_public_version_has_counts_and_no_money(world, outsider):
    lineage = record_lineage(record=world["a"], user=None)
    assert not lineage.private
    assert lineage.counts == {"products": 1, "programs": 2}  # the draft product is not public
    assert lineage.money == {}
    assert lineage.monthly == {}
    assert all(f.kind == "count" for s in lineage.sections for f in s.figures)
    assert [s.key for s in lineage.sections] == ["products", "tourism", "network"]
    assert record_lineage(record=world["a"], user=outsider).private is False


def test_the_fiscal_year_limits_the_money(world, staff):
    rows = {r.record.slug: r for r in province_ranking(records=[world["a"], world["b"]], user=staff,
                                                       fiscal_year=2570)}
    assert (rows["wisdom-a"].booking_value, rows["wisdom-a"].sales) == (Decimal("3200"), Decimal("1100"))
    rows = {r.record.slug: r for r in province_ranking(records=[world["a"], world["b"]], user=staff,
                                                       fiscal_year=2569)}
    assert (rows["wisdom-a"].booking_value, rows["wisdom-a"].sales, rows["wisdom-b"].sales) == (0, 0, 0)


def test_the_income_table_follows_the_evaluation_rule(world, staff, group):
    """The owning group's income, Oct–Nov 2569 vs Oct–Nov 2570 (as of the month before today)."""
    income(group, "2025-10", 4000)
    income(group, "2025-11", 4000)
    TargetFactory(fiscal_year=2570, target_percent=Decimal("10.00"))
    lineage = record_lineage(record=world["a"], user=staff)
    [section] = [s for s in lineage.sections if s.key == "evaluation"]
    headers, rows = section.table
    row = [r for r in rows if r[1] == group.name_th and "2570" in r[0]][0]
    # 10,000 this year against 8,000: +25.00 %, above the 10 % target
    assert (row[3], row[4], row[5], row[6], row[7]) == (Decimal("8000"), Decimal("10000"), Decimal("25.00"),
                                                        Decimal("10.00"), "บรรลุเป้าหมาย")


def test_the_ranking_orders_by_revenue(world, staff):
    rows = province_ranking(records=[world["b"], world["a"]], user=staff)
    assert [r.record.slug for r in rows] == ["wisdom-a", "wisdom-b"]
    assert (rows[0].products, rows[0].programs, rows[0].revenue) == (2, 2, Decimal("4300"))
    assert province_ranking(records=[world["a"]], user=None) == []


# --- Who sees what: the page and the API ----------------------------------------------------------


ROLES = ["anonymous", "owner", "outsider", "partner", "expert", "staff"]


@pytest.mark.parametrize("role, status, private", [
    ("anonymous", 200, False), ("owner", 200, True), ("outsider", 200, False), ("partner", 200, False),
    ("expert", 200, False), ("staff", 200, True)])
def test_the_lineage_page_of_a_public_record(world, users, client_for, role, status, private):
    response = client_for(users[role]).get(reverse("wisdom:lineage", args=["wisdom-a"]))
    assert response.status_code == status
    assert response.context["lineage"].private is private
    body = response.content.decode()
    assert "ผลิตภัณฑ์ ก1" in body
    assert ("ผลิตภัณฑ์ ก2 ร่าง" in body) is (role in ("owner", "staff"))  # a draft: its group and staff only
    assert ("มูลค่าการจองโปรแกรมท่องเที่ยว" in body) is private
    assert ("แคมเปญ ก" in body) is (role == "staff")


@pytest.mark.parametrize("role, status", [
    ("anonymous", 404), ("owner", 200), ("outsider", 404), ("partner", 404), ("expert", 404), ("staff", 200)])
@pytest.mark.parametrize("kind", ["restricted", "draft"])
def test_a_restricted_or_unpublished_record_is_hidden(group, users, client_for, api_for, role, status, kind):
    fields = {"access_level": "restricted"} if kind == "restricted" else {"status": "draft"}
    record = WisdomRecordFactory(slug="hidden", owner_group=group, **fields)
    assert client_for(users[role]).get(reverse("wisdom:lineage", args=["hidden"])).status_code == status
    assert api_for(users[role]).get(f"/api/v1/wisdom/{record.pk}/lineage/").status_code == status


@pytest.mark.parametrize("role, private", [
    ("anonymous", False), ("owner", True), ("outsider", False), ("partner", False), ("expert", False),
    ("staff", True)])
def test_the_api_gives_each_caller_their_version(world, users, api_for, role, private):
    response = api_for(users[role]).get(f"/api/v1/wisdom/{world['a'].pk}/lineage/")
    assert response.status_code == 200
    data = response.json()
    assert data["private"] is private
    assert data["record"]["slug"] == "wisdom-a"
    if private:
        expected = Decimal("3200") if role == "staff" else Decimal("2500")
        assert Decimal(str(data["money"]["booking_value"])) == expected
        assert data["revenue"] is not None
    else:
        assert data["money"] == {} and data["revenue"] is None
        assert data["counts"] == {"products": 1, "programs": 2}
        assert all(s["monthly"] == [] and s["table"] is None for s in data["sections"])


def test_the_api_lineage_takes_a_fiscal_year(world, api_for, staff):
    data = api_for(staff).get(f"/api/v1/wisdom/{world['a'].pk}/lineage/?fiscal_year=2569").json()
    assert data["fiscal_year"] == 2569 and data["money"].get("booking_value", 0) == 0
    assert api_for(staff).get(f"/api/v1/wisdom/{world['a'].pk}/lineage/?fiscal_year=abc").status_code == 400
    for bad in ("1", "99999", "-2570"):  # outside the BE years a fiscal year can be (no date error, no 500)
        assert api_for(staff).get(f"/api/v1/wisdom/{world['a'].pk}/lineage/?fiscal_year={bad}").status_code == 400


def test_the_lineage_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/wisdom/{id}/lineage/" in schema


def test_the_detail_page_links_to_the_lineage(world, client):
    body = client.get(world["a"].get_absolute_url()).content.decode()
    assert reverse("wisdom:lineage", args=["wisdom-a"]) in body


# --- The province table ---------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [
    ("anonymous", 302), ("owner", 403), ("outsider", 403), ("partner", 403), ("expert", 403), ("staff", 200)])
def test_only_staff_see_the_province_table(world, users, client_for, role, status):
    c = client_for(users[role])
    assert c.get(reverse("wisdom:lineage_table")).status_code == status
    assert c.get(reverse("wisdom:lineage_xlsx")).status_code == status


def test_the_table_filters_by_district_and_category(world, client_for, staff):
    c = client_for(staff)
    rows = c.get(reverse("wisdom:lineage_table")).context["rows"]
    assert [r.record.slug for r in rows] == ["wisdom-a", "wisdom-b"]
    world["b"].subdistrict_id = "150101"  # อ.เมืองอ่างทอง
    world["b"].category = "food"
    world["b"].save()
    rows = c.get(reverse("wisdom:lineage_table"), {"district": "1501"}).context["rows"]
    assert [r.record.slug for r in rows] == ["wisdom-b"]
    rows = c.get(reverse("wisdom:lineage_table"), {"category": "handicraft", "fiscal_year": "2570"}).context["rows"]
    assert [r.record.slug for r in rows] == ["wisdom-a"]


def test_the_xlsx_holds_the_table(world, client_for, staff):
    from openpyxl import load_workbook

    response = client_for(staff).get(reverse("wisdom:lineage_xlsx"), {"fiscal_year": "2570"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["ภูมิปัญญา"]
    assert [c.value for c in ws[1]][:3] == ["อันดับ", "ภูมิปัญญา", "หมวดหมู่"]
    first = [c.value for c in ws[2]]
    assert first[1] == "ภูมิปัญญา ก"
    assert first[7:12] == [2, 2, 3200, 1100, 4300]
    assert ws.freeze_panes == "A2"
    assert ws.cell(row=2, column=10).number_format == '#,##0.00 "บาท"'
    about = {row[0].value: row[1].value for row in wb["เกี่ยวกับรายงานนี้"].iter_rows(min_row=2)}
    assert "2570" in about["ปีงบประมาณ"]
    assert about["สร้างโดย"]


def _grow(n):
    def grow():
        for _i in range(n):
            g = ProducerGroupFactory()
            record = WisdomRecordFactory(owner_group=g)
            product = ProductFactory(group=g)
            product.wisdom_records.add(record)
            program = ProgramFactory()
            _feature(program, record)
            BookingFactory(program=program, status="confirmed", total_price=Decimal("100"))
            KnowledgeItemFactory().wisdom_records.add(record)
            EventFactory().wisdom_records.add(record)
            CampaignFactory().featured_wisdom.add(record)
            _sale(income(g, "2026-10", 1000), product, "1")
    return grow


def test_the_table_runs_a_constant_number_of_queries(db, client_for, staff, assert_constant_queries):
    c = client_for(staff)
    _grow(3)()
    assert_constant_queries(lambda: c.get(reverse("wisdom:lineage_table"), {"fiscal_year": "2570"}), _grow(27))


def test_the_lineage_page_runs_a_constant_number_of_queries(group, client_for, staff, owner,
                                                            assert_constant_queries):
    record = WisdomRecordFactory(owner_group=group, slug="grows")
    c = client_for(staff)

    def grow(n):
        def add():
            for i in range(n):
                product = ProductFactory(group=group)
                product.wisdom_records.add(record)
                program = ProgramFactory(community=CommunityFactory(coordinators=[owner]))
                _feature(program, record)
                BookingFactory(program=program, status="confirmed", date=dt.date(2026, 1 + i % 12, 1),
                               total_price=Decimal("100"))
                KnowledgeItemFactory().wisdom_records.add(record)
                EventFactory().wisdom_records.add(record)
        return add

    grow(3)()
    assert_constant_queries(lambda: c.get(reverse("wisdom:lineage", args=["grows"])), grow(27))
    api = f"/api/v1/wisdom/{record.pk}/lineage/"
    assert_constant_queries(lambda: c.get(api), grow(3))


# --- The other side: a product's and a program's page -------------------------------------------------


def test_product_and_program_pages_name_their_wisdom_and_credit_consenting_holders(world, client):
    from tests.factories.wisdom import KnowledgeHolderFactory

    KnowledgeHolderFactory(record=world["a"], name="ครูผู้ยินยอม")  # every scope, naming included
    KnowledgeHolderFactory(record=world["a"], name="ครูไม่ประสงค์ออกนาม",
                           scopes=["documentation", "education", "product", "tourism"])
    lineage_url = reverse("wisdom:lineage", args=["wisdom-a"])
    for url in (world["p1"].get_absolute_url(), world["x"].get_absolute_url()):
        body = client.get(url).content.decode()
        assert "ภูมิปัญญา ก" in body and lineage_url in body
        assert "ครูผู้ยินยอม" in body and "ครูไม่ประสงค์ออกนาม" not in body
