"""Sales attributable to a product (issue 17, part 2): a month's product-sales income split by product.
The breakdown is optional and may never exceed the month's total — in the services (the record row
locked), in the database (a trigger), on the page (Thai error), in the API (400) and in the import
(every bad row named, nothing saved)."""

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from core.actors import SYSTEM
from evaluation import selectors, services
from evaluation.models import IncomeRecord, ProductSale
from tests.factories.evaluation import IncomeRecordFactory
from tests.factories.products import ProductFactory
from tests.factories.tourism import BookingFactory, ProgramFactory
from tourism import selectors as tourism_selectors

pytestmark = pytest.mark.django_db

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


@pytest.fixture
def month(group):
    """October's product sales of the group: 1,000 baht; two products of the group, one of another."""
    return IncomeRecordFactory(producer_group=group, month=OCT, amount=Decimal("1000.00"))


@pytest.fixture
def dolls(group):
    return ProductFactory(group=group, name_th="ตุ๊กตาชุดไทย", slug="dolls")


@pytest.fixture
def keyring(group):
    return ProductFactory(group=group, name_th="พวงกุญแจตุ๊กตา", slug="keyring")


@pytest.fixture
def drum(other_group):
    return ProductFactory(group=other_group, name_th="กลองยาว", slug="drum")


# --- The rule ---------------------------------------------------------------------------------


def test_it_attributes_sales_up_to_the_months_total(owner, month, dolls, keyring):
    services.product_sale_upsert(
        actor=owner, record=month, product=dolls, amount=Decimal("600.00"), quantity=12
    )
    services.product_sale_upsert(actor=owner, record=month, product=keyring, amount=Decimal("400.00"))
    assert sorted(month.product_sales.values_list("amount", "quantity")) == [
        (Decimal("400.00"), None),
        (Decimal("600.00"), 12),
    ]
    # Changing a line replaces it (600 → 550), it is not added again.
    services.product_sale_upsert(
        actor=owner, record=month, product=dolls, amount=Decimal("550.00"), quantity=11
    )
    assert month.product_sales.count() == 2
    assert selectors.product_sales_in_month(product_id=dolls.pk, month="2026-10") == Decimal("550.00")


@pytest.mark.parametrize("amount", [Decimal("600.01"), Decimal("1000.00")])
def test_it_refuses_a_breakdown_above_the_total_in_thai_and_saves_nothing(
    owner, month, dolls, keyring, amount
):
    services.product_sale_upsert(actor=owner, record=month, product=dolls, amount=Decimal("400.00"))
    with pytest.raises(ValidationError) as exc:
        services.product_sale_upsert(actor=owner, record=month, product=keyring, amount=amount)
    assert "เกินรายได้จากยอดขายของเดือน" in str(exc.value) and "1,000.00" in str(exc.value)
    assert list(month.product_sales.values_list("amount", flat=True)) == [Decimal("400.00")]


def test_it_replaces_a_whole_breakdown_all_or_nothing(owner, month, dolls, keyring):
    services.product_sales_set(
        actor=owner, record=month, lines=[{"product": dolls, "amount": Decimal("900"), "quantity": 3}]
    )
    # Moving 500 from dolls to keyring passes only because lowered lines are saved first.
    services.product_sales_set(
        actor=owner,
        record=month,
        lines=[{"product": dolls, "amount": Decimal("400")}, {"product": keyring, "amount": Decimal("600")}],
    )
    assert dict(month.product_sales.values_list("product__slug", "amount")) == {
        "dolls": Decimal("400.00"),
        "keyring": Decimal("600.00"),
    }
    with pytest.raises(ValidationError):
        services.product_sales_set(
            actor=owner,
            record=month,
            lines=[
                {"product": dolls, "amount": Decimal("500")},
                {"product": keyring, "amount": Decimal("500.01")},
            ],
        )
    with pytest.raises(ValidationError, match="ซ้ำ"):
        services.product_sales_set(
            actor=owner,
            record=month,
            lines=[{"product": dolls, "amount": Decimal("1")}, {"product": dolls, "amount": Decimal("2")}],
        )
    services.product_sales_set(
        actor=owner, record=month, lines=[{"product": keyring, "amount": Decimal("10")}]
    )
    assert dict(month.product_sales.values_list("product__slug", "amount")) == {"keyring": Decimal("10.00")}


def test_it_takes_only_the_groups_products_and_its_product_sales(owner, group, month, drum, dolls):
    with pytest.raises(ValidationError, match="ผลิตภัณฑ์ของกลุ่มนี้"):
        services.product_sale_upsert(actor=owner, record=month, product=drum, amount=Decimal("1"))
    other = IncomeRecordFactory(producer_group=group, month=OCT, source="tourism", amount=Decimal("500"))
    with pytest.raises(ValidationError, match="เฉพาะรายได้จากยอดขายผลิตภัณฑ์"):
        services.product_sale_upsert(actor=owner, record=other, product=dolls, amount=Decimal("1"))
    with pytest.raises(ValidationError, match="ไม่ติดลบ"):
        services.product_sale_upsert(actor=owner, record=month, product=dolls, amount=Decimal("-1"))
    assert not ProductSale.objects.exists()


def test_it_lets_only_those_who_answer_for_the_group_write(
    owner, colleague, outsider, staff, partner_user, month, dolls
):
    for actor in (outsider, partner_user):
        with pytest.raises(PermissionDenied):
            services.product_sale_upsert(actor=actor, record=month, product=dolls, amount=Decimal("1"))
    for i, actor in enumerate((owner, colleague, staff, SYSTEM), start=1):
        services.product_sale_upsert(actor=actor, record=month, product=dolls, amount=Decimal(i))
    sale = month.product_sales.get()
    with pytest.raises(PermissionDenied):
        services.product_sale_delete(actor=outsider, sale=sale)
    services.product_sale_delete(actor=owner, sale=sale)
    assert not ProductSale.objects.exists()


def test_it_keeps_the_months_total_at_or_above_its_breakdown(owner, group, month, dolls):
    services.product_sale_upsert(actor=owner, record=month, product=dolls, amount=Decimal("800"))
    with pytest.raises(ValidationError) as exc:
        services.income_record_submit(
            actor=owner, producer_group=group, month=OCT, source="product_sales", amount=Decimal("799.99")
        )
    assert "ไม่น้อยกว่ายอดขายรายผลิตภัณฑ์" in str(exc.value)
    with pytest.raises(ValidationError, match="เปลี่ยนแหล่งรายได้"):
        services.income_record_update(actor=owner, record=month, source="tourism")
    services.income_record_submit(
        actor=owner, producer_group=group, month=OCT, source="product_sales", amount=Decimal("800")
    )
    month.refresh_from_db()
    assert month.amount == Decimal("800.00")


# --- The database's own guard -------------------------------------------------------------------


def test_the_database_refuses_a_breakdown_above_the_total_whoever_writes(month, dolls, keyring, drum):
    ProductSale.objects.create(income_record=month, product=dolls, amount=Decimal("700"))
    with pytest.raises(IntegrityError, match="เกินรายได้"), transaction.atomic():
        ProductSale.objects.create(income_record=month, product=keyring, amount=Decimal("300.01"))
    with pytest.raises(IntegrityError, match="เกินรายได้"), transaction.atomic():
        ProductSale.objects.filter(income_record=month).update(amount=Decimal("1000.01"))
    with pytest.raises(IntegrityError, match="น้อยกว่ายอดขาย"), transaction.atomic():
        IncomeRecord.objects.filter(pk=month.pk).update(amount=Decimal("699.99"))
    with pytest.raises(IntegrityError, match="กลุ่มเดียวกับรายได้"), transaction.atomic():
        ProductSale.objects.create(income_record=month, product=drum, amount=Decimal("1"))
    with pytest.raises(IntegrityError, match="เปลี่ยนแหล่งรายได้"), transaction.atomic():
        IncomeRecord.objects.filter(pk=month.pk).update(source="tourism")
    ProductSale.objects.create(income_record=month, product=keyring, amount=Decimal("300"))
    assert sum(month.product_sales.values_list("amount", flat=True)) == Decimal("1000.00")


@pytest.mark.usefixtures("transactional_db")
def test_two_racing_lines_cannot_together_exceed_the_total(owner, month, dolls, keyring):
    barrier = threading.Barrier(2)
    results = []

    def attempt(product):
        try:
            barrier.wait(timeout=10)
            results.append(
                services.product_sale_upsert(
                    actor=owner, record=month, product=product, amount=Decimal("600")
                )
            )
        except ValidationError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in (dolls, keyring)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(type(r).__name__ for r in results) == ["ProductSale", "ValidationError"]
    assert list(ProductSale.objects.values_list("amount", flat=True)) == [Decimal("600.00")]


# --- Reads: sales per product and month, booking revenue per program and month --------------------


def test_it_sums_sales_per_product_and_month_by_hand(owner, group, month, dolls, keyring):
    nov = IncomeRecordFactory(producer_group=group, month=NOV, amount=Decimal("2000.00"))
    services.product_sale_upsert(
        actor=owner, record=month, product=dolls, amount=Decimal("600.50"), quantity=12
    )
    services.product_sale_upsert(actor=owner, record=month, product=keyring, amount=Decimal("99.50"))
    services.product_sale_upsert(
        actor=owner, record=nov, product=dolls, amount=Decimal("1500.00"), quantity=30
    )
    assert selectors.product_sales_by_month(product_ids=[dolls.pk, keyring.pk]) == [
        {"product_id": dolls.pk, "month": OCT, "amount": Decimal("600.50"), "quantity": 12},
        {"product_id": dolls.pk, "month": NOV, "amount": Decimal("1500.00"), "quantity": 30},
        {"product_id": keyring.pk, "month": OCT, "amount": Decimal("99.50"), "quantity": None},
    ]
    assert selectors.product_sales_by_month(product_ids=[dolls.pk], start="2026-11", end="2026-11") == [
        {"product_id": dolls.pk, "month": NOV, "amount": Decimal("1500.00"), "quantity": 30}
    ]
    assert selectors.product_sales_in_month(product_id=keyring.pk, month=NOV) == Decimal("0")


def test_booking_revenue_counts_confirmed_bookings_at_their_stored_price():
    program = ProgramFactory(price_per_person=500)
    other = ProgramFactory()
    rows = [  # (program, date, people, stored total, status)
        (program, dt.date(2026, 10, 3), 4, Decimal("2000.00"), "confirmed"),
        (program, dt.date(2026, 10, 20), 2, Decimal("900.00"), "confirmed"),  # an older price, kept as stored
        (program, dt.date(2026, 10, 21), 5, Decimal("2500.00"), "requested"),  # not confirmed: no revenue
        (program, dt.date(2026, 10, 22), 3, Decimal("1500.00"), "declined"),
        (program, dt.date(2026, 11, 2), 6, Decimal("3000.00"), "confirmed"),
        (other, dt.date(2026, 10, 5), 2, Decimal("1000.00"), "confirmed"),
    ]
    for prog, day, people, total, status in rows:
        BookingFactory(program=prog, date=day, people=people, total_price=total, status=status)
    assert tourism_selectors.booking_revenue_by_month(program_ids=[program.pk]) == [
        {"program_id": program.pk, "month": OCT, "bookings": 2, "people": 6, "revenue": Decimal("2900.00")},
        {"program_id": program.pk, "month": NOV, "bookings": 1, "people": 6, "revenue": Decimal("3000.00")},
    ]
    # Completed trips only (confirmed, date passed by `today`), one month at a time.
    assert tourism_selectors.booking_revenue_by_month(
        program_ids=[program.pk], today=dt.date(2026, 10, 10)
    ) == [{"program_id": program.pk, "month": OCT, "bookings": 1, "people": 4, "revenue": Decimal("2000.00")}]
    assert tourism_selectors.booking_revenue_by_month(
        program_ids=[program.pk, other.pk], start=NOV, end=dt.date(2026, 11, 30)
    ) == [{"program_id": program.pk, "month": NOV, "bookings": 1, "people": 6, "revenue": Decimal("3000.00")}]


# --- The page on the income page -----------------------------------------------------------------


def _url(record):
    return reverse("evaluation:income_products", kwargs={"pk": record.pk})


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 200), ("owner", 200), ("outsider", 404), ("partner", 404), ("expert", 404)]
)
def test_the_breakdown_page_is_for_those_who_answer_for_the_group(
    role, status, users, client_for, month, dolls
):
    assert client_for(users[role]).get(_url(month)).status_code == status
    assert client_for(None).get(_url(month)).status_code == 302


def test_the_page_saves_a_breakdown_and_refuses_one_above_the_total(client_for, owner, month, dolls, keyring):
    client = client_for(owner)
    page = client.get(reverse("evaluation:income")).content.decode()
    assert _url(month) in page
    bad = client.post(_url(month), {f"amount_{dolls.pk}": "700", f"amount_{keyring.pk}": "300.01"})
    assert bad.status_code == 400 and "เกินรายได้จากยอดขายของเดือน" in bad.content.decode()
    assert not ProductSale.objects.exists()
    negative = client.post(_url(month), {f"amount_{dolls.pk}": "-5"})
    assert negative.status_code == 400 and "ยอดขายต้องไม่ติดลบ" in negative.content.decode()
    ok = client.post(
        _url(month), {f"amount_{dolls.pk}": "700", f"quantity_{dolls.pk}": "14", f"amount_{keyring.pk}": ""}
    )
    assert ok.status_code == 302
    assert list(month.product_sales.values_list("product_id", "amount", "quantity")) == [
        (dolls.pk, Decimal("700.00"), 14)
    ]


def test_the_page_reads_in_a_constant_number_of_queries(
    client_for, owner, group, month, assert_constant_queries
):
    client = client_for(owner)

    def grow():
        for i in range(10):
            product = ProductFactory(group=group, name_th=f"สินค้า {i}", slug=f"p-{i}")
            ProductSale.objects.create(income_record=month, product=product, amount=Decimal("10"))

    assert_constant_queries(lambda: client.get(_url(month)), grow)


# --- The spreadsheet import -------------------------------------------------------------------------


def _csv(text):
    return SimpleUploadedFile("sales.csv", text.encode("utf-8"), content_type="text/csv")


def test_the_import_writes_every_row_or_none_with_thai_row_errors(
    client_for, owner, group, other_group, month, dolls, keyring, drum
):
    url = reverse("evaluation:income_products_import")
    IncomeRecordFactory(producer_group=other_group, month=OCT, amount=Decimal("5000"))
    bad = client_for(owner).post(
        url,
        {
            "file": _csv(
                "group,month,product,amount,quantity\n"
                f"{group.slug},2026-10,dolls,600,12\n"
                f"{group.slug},2026-10,keyring,500,\n"  # 600 + 500 > 1,000
                f"{group.slug},2026-10,drum,1,\n"  # another group's product
                f"{other_group.slug},2026-10,drum,1,\n"  # not the producer's group
                f"{group.slug},2026-09,dolls,1,\n"  # no income recorded that month
                f"{group.slug},2026-10,dolls,abc,\n"
            )
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    for row in ("แถวที่ 3", "แถวที่ 4", "แถวที่ 5", "แถวที่ 6", "แถวที่ 7"):
        assert row in text
    assert "แถวที่ 2:" not in text and "เกินรายได้" in text and "ยังไม่มีรายได้" in text
    assert not ProductSale.objects.exists()
    ok = client_for(owner).post(
        url,
        {
            "file": _csv(
                "group,month,product,amount,quantity\n"
                f"{group.slug},2026-10,dolls,600,12\n"
                f"{group.slug},2026-10,keyring,400,\n"
            )
        },
        follow=True,
    )
    assert "นำเข้ายอดขายรายผลิตภัณฑ์ 2 รายการแล้ว" in ok.content.decode()
    assert sorted(month.product_sales.values_list("amount", flat=True)) == [
        Decimal("400.00"),
        Decimal("600.00"),
    ]


def test_the_import_reads_xlsx_and_refuses_a_file_without_the_columns(client_for, owner, group, month, dolls):
    from openpyxl import Workbook

    url = reverse("evaluation:income_products_import")
    wb = Workbook()
    wb.active.append(["group", "month", "product", "amount", "quantity"])
    wb.active.append([group.slug, "2026-10", "dolls", 250.5, 5])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = SimpleUploadedFile("sales.xlsx", buf.getvalue())
    assert client_for(owner).post(url, {"file": xlsx}).status_code == 302
    assert month.product_sales.get().amount == Decimal("250.50")
    missing = client_for(owner).post(url, {"file": _csv("group,month\nx,2026-10\n")})
    assert missing.status_code == 400 and "ไม่มีคอลัมน์" in missing.content.decode()


# --- The API ----------------------------------------------------------------------------------------

API = "/api/v1/product-sales/"


def test_the_api_writes_lines_and_answers_400_above_the_total(api_for, owner, month, dolls, keyring):
    api = api_for(owner)
    made = api.post(
        API,
        {"income_record": month.pk, "product": dolls.pk, "amount": "700.00", "quantity": 14},
        format="json",
    )
    assert made.status_code == 201 and made.json()["month"] == "2026-10"
    changed = api.post(
        API, {"income_record": month.pk, "product": dolls.pk, "amount": "650.00"}, format="json"
    )
    assert changed.status_code == 200 and month.product_sales.get().amount == Decimal("650.00")
    over = api.post(
        API, {"income_record": month.pk, "product": keyring.pk, "amount": "350.01"}, format="json"
    )
    assert over.status_code == 400 and "เกินรายได้" in str(over.json())
    typo = api.post(
        API, {"income_record": month.pk, "product": keyring.pk, "amount": "1", "qty": 1}, format="json"
    )
    assert typo.status_code == 400 and "qty" in str(typo.json())
    assert month.product_sales.count() == 1


@pytest.mark.parametrize(
    ("role", "listed", "post"),
    [
        ("anonymous", None, (401, 403)),
        ("outsider", 0, (404,)),
        ("partner", 0, (404,)),
        ("expert", 0, (404,)),
        ("owner", 1, (200,)),
        ("staff", 1, (200,)),
    ],
)
def test_the_api_shows_and_takes_lines_only_from_those_who_answer_for_the_group(
    role, listed, post, users, api_for, month, dolls
):
    ProductSale.objects.create(income_record=month, product=dolls, amount=Decimal("10"))
    api = api_for(users[role])
    response = api.get(API)
    if listed is None:
        assert response.status_code in (401, 403)
    else:
        assert response.json()["count"] == listed
    r = api.post(API, {"income_record": month.pk, "product": dolls.pk, "amount": "20"}, format="json")
    assert r.status_code in post
    assert month.product_sales.get().amount == (Decimal("20.00") if 200 in post else Decimal("10.00"))


def test_the_api_list_reads_in_a_constant_number_of_queries(
    api_for, staff, group, month, assert_constant_queries
):
    api = api_for(staff)

    def add(start, n):
        for i in range(start, start + n):
            product = ProductFactory(group=group, name_th=f"สินค้า {i}", slug=f"p-{i}")
            ProductSale.objects.create(income_record=month, product=product, amount=Decimal("10"))

    add(0, 3)
    assert_constant_queries(lambda: api.get(API), lambda: add(3, 27))
