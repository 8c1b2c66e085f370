"""Pages and API of the benefit-sharing app: who sees what (one matrix), constant query counts, Thai PDFs."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from benefits import services
from benefits.models import Agreement, LedgerEntry, Payment
from core.actors import SYSTEM
from tests.factories import core as cf
from tests.factories.benefits import agreement, sale
from tests.factories.products import ProductFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder_user(db):
    return cf.UserFactory(username="holder", role="producer")


@pytest.fixture
def world(group, holder_user):
    """The court-doll group's agreement: a holder with an account (60 %) and the fund (40 %), March computed,
    one payment to the holder."""
    record = WisdomRecordFactory(title_th="ตุ๊กตาชาววังทดสอบ", owner_group=group)
    holder = KnowledgeHolderFactory(record=record, name="นางสมศรี ช่างปั้น")
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", title="ข้อตกลงตุ๊กตาชาววัง",
                  shares=[(holder, "60"), (None, "40")])
    mine = a.beneficiaries.get(kind="holder")
    services.beneficiary_update(actor=SYSTEM, beneficiary=mine, account=holder_user)
    fund = a.beneficiaries.get(kind="fund")
    sale(doll, "2026-03", "10000.00")
    services.compute_ledger(actor=SYSTEM, month="2026-03")
    services.record_payment(actor=SYSTEM, beneficiary=mine, paid_on=dt.date(2026, 4, 30), amount=Decimal("100.00"),
                            method="transfer", reference="TRX-1")
    return {"agreement": a, "mine": mine, "fund": fund, "record": record, "doll": doll}


@pytest.fixture
def everyone(users, holder_user):
    return {**users, "holder": holder_user}


def _pages(w):
    a, mine, fund = w["agreement"], w["mine"], w["fund"]
    return {
        "list": reverse("benefits:agreement_list"),
        "detail": reverse("benefits:agreement_detail", args=[a.pk]),
        "ledger": reverse("benefits:agreement_ledger", args=[a.pk]),
        "ledger_pdf": reverse("benefits:agreement_ledger_pdf", args=[a.pk]),
        "statement": reverse("benefits:statement", args=[mine.pk]),
        "statement_pdf": reverse("benefits:statement_pdf", args=[mine.pk]),
        "fund_statement": reverse("benefits:statement", args=[fund.pk]),
        "edit": reverse("benefits:agreement_edit", args=[a.pk]),
        "create": reverse("benefits:agreement_create"),
        "summary": reverse("benefits:summary"),
        "pay": reverse("benefits:payment_create", args=[mine.pk]),
    }


# anonymous → login (302); 404: may not see it; 403: sees it or the page exists, may not use it.
PAGE_MATRIX = {
    #                 anonymous staff owner outsider partner expert holder
    "list":           (302, 200, 200, 200, 200, 200, 200),
    "detail":         (302, 200, 200, 404, 404, 404, 200),
    "ledger":         (302, 200, 200, 404, 404, 404, 200),
    "ledger_pdf":     (302, 200, 200, 404, 404, 404, 200),
    "statement":      (302, 200, 200, 404, 404, 404, 200),
    "statement_pdf":  (302, 200, 200, 404, 404, 404, 200),
    "fund_statement": (302, 200, 200, 404, 404, 404, 404),
    "edit":           (302, 200, 403, 403, 403, 403, 403),
    "create":         (302, 200, 403, 403, 403, 403, 403),
    "summary":        (302, 200, 403, 403, 403, 403, 403),
    "pay":            (302, 200, 403, 403, 403, 403, 403),
}
ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert", "holder"]


@pytest.mark.parametrize("page", list(PAGE_MATRIX))
def test_page_permission_matrix(page, world, everyone, client_for):
    url = _pages(world)[page]
    got = tuple(client_for(everyone[role]).get(url).status_code for role in ROLES)
    assert got == PAGE_MATRIX[page], dict(zip(ROLES, got, strict=True))


def test_the_list_shows_only_what_each_user_may_see(world, everyone, client_for):
    title = "ข้อตกลงตุ๊กตาชาววัง"
    assert title in client_for(everyone["owner"]).get(reverse("benefits:agreement_list")).content.decode()
    assert title not in client_for(everyone["outsider"]).get(reverse("benefits:agreement_list")).content.decode()
    holder_page = client_for(everyone["holder"]).get(reverse("benefits:agreement_list")).content.decode()
    assert "ใบแจ้งยอดผลประโยชน์ของฉัน" in holder_page


def test_the_holder_sees_their_own_share_but_not_the_funds(world, everyone, client_for):
    page = client_for(everyone["holder"]).get(reverse("benefits:agreement_detail", args=[world["agreement"].pk]))
    text = page.content.decode()
    assert "นางสมศรี ช่างปั้น" in text and "กองทุนชุมชนทดสอบ" not in text
    statement = client_for(everyone["holder"]).get(reverse("benefits:statement", args=[world["mine"].pk]))
    # 10,000 × 5 % × 60 % = 300.00; paid 100.00
    assert statement.context["balance"] == {"earned": Decimal("300.00"), "paid": Decimal("100.00"),
                                            "owed": Decimal("200.00"), "overdue": Decimal("200.00")}


def test_writes_from_pages_are_for_staff(world, everyone, client_for):
    a = world["agreement"]
    owner = client_for(everyone["owner"])
    assert owner.post(reverse("benefits:compute", args=[a.pk]), {"c-month": "2026-03"}).status_code == 403
    assert owner.post(reverse("benefits:beneficiary_add", args=[a.pk]), {}).status_code == 403
    staff = client_for(everyone["staff"])
    world["doll"].refresh_from_db()
    sale(world["doll"], "2026-03", "12000.00")
    response = staff.post(reverse("benefits:compute", args=[a.pk]), {"c-month": "2026-03"})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(agreement=a, kind="adjustment").count() == 2
    response = staff.post(reverse("benefits:payment_create", args=[world["fund"].pk]),
                          {"paid_on": "2026-05-02", "amount": "50.00", "method": "cash", "reference": "R-2"})
    assert response.status_code == 302, response.context["form"].errors
    assert Payment.objects.filter(beneficiary=world["fund"]).count() == 1


def test_staff_create_an_agreement_from_the_page(world, everyone, client_for, group):
    product = ProductFactory(group=group)
    response = client_for(everyone["staff"]).post(reverse("benefits:agreement_create"), {
        "title": "ข้อตกลงใหม่", "producer_group": group.pk, "wisdom_record": world["record"].pk,
        "products": [product.pk], "share_basis": "per_unit", "rate": "12.50", "start_date": "2026-06-01"})
    assert response.status_code == 302, response.context["form"].errors
    created = Agreement.objects.get(title="ข้อตกลงใหม่")
    assert list(created.products.all()) == [product]
    assert created.history.count() == 1


# --- API --------------------------------------------------------------------------------------------

API_LIST_COUNTS = {"anonymous": None, "staff": 1, "owner": 1, "outsider": 0, "partner": 0, "expert": 0, "holder": 1}


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_follow_the_same_rule(role, world, everyone, api_for):
    api = api_for(everyone[role])
    response = api.get("/api/v1/benefit-agreements/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200 and response.data["count"] == API_LIST_COUNTS[role]
    entries = api.get("/api/v1/benefit-ledger/").data["count"]
    payments = api.get("/api/v1/benefit-payments/").data["count"]
    expected = {"staff": (2, 1), "owner": (2, 1), "holder": (1, 1)}.get(role, (0, 0))
    assert (entries, payments) == expected
    detail = api.get(f"/api/v1/benefit-agreements/{world['agreement'].pk}/")
    assert detail.status_code == (200 if API_LIST_COUNTS[role] else 404)


@pytest.mark.parametrize("role", ["owner", "outsider", "partner", "expert", "holder"])
def test_api_writes_are_for_staff(role, world, everyone, api_for, group):
    api = api_for(everyone[role])
    assert api.post("/api/v1/benefit-agreements/", {"title": "x"}, format="json").status_code == 403
    assert api.post("/api/v1/benefit-ledger/compute/", {"month": "2026-03"}, format="json").status_code == 403
    assert api.post("/api/v1/benefit-payments/", {"beneficiary": world["mine"].pk, "paid_on": "2026-05-01",
                                                  "amount": "1.00", "method": "cash"},
                    format="json").status_code == 403


def test_api_staff_write_and_unknown_fields_are_a_400(world, everyone, api_for, group):
    api = api_for(everyone["staff"])
    product = ProductFactory(group=group)
    body = {"title": "ข้อตกลงผ่าน API", "producer_group": group.pk, "wisdom_record": world["record"].pk,
            "products": [product.pk], "share_basis": "percent", "rate": "3.00", "start_date": "2026-01-01"}
    assert api.post("/api/v1/benefit-agreements/", {**body, "producer_groups": [group.pk]},
                    format="json").status_code == 400
    created = api.post("/api/v1/benefit-agreements/", body, format="json")
    assert created.status_code == 201, created.data
    assert created.data["products"] == [product.pk] and created.data["document_url"] == ""
    assert api.post("/api/v1/benefit-ledger/compute/", {"month": "2026-03", "typo": 1},
                    format="json").status_code == 400
    run = api.post("/api/v1/benefit-ledger/compute/", {"month": "2026-03"}, format="json")
    assert run.status_code == 200 and run.data["unchanged"] == 2
    paid = api.post("/api/v1/benefit-payments/", {"beneficiary": world["mine"].pk, "paid_on": "2026-05-01",
                                                  "amount": "200.00", "method": "promptpay"}, format="json")
    assert paid.status_code == 201, paid.data
    too_much = api.post("/api/v1/benefit-payments/", {"beneficiary": world["mine"].pk, "paid_on": "2026-05-01",
                                                      "amount": "0.01", "method": "cash"}, format="json")
    assert too_much.status_code == 400
    assert api.post("/api/v1/benefit-payments/", {"beneficiary": world["mine"].pk, "paid_on": "2026-05-01",
                                                  "amount": "1.00", "method": "cash", "amont": 1},
                    format="json").status_code == 400


def test_the_endpoints_are_in_the_openapi_schema(api_for, staff):
    schema = api_for(staff).get("/api/schema/?format=json").json()
    for path in ("/api/v1/benefit-agreements/", "/api/v1/benefit-ledger/", "/api/v1/benefit-ledger/compute/",
                 "/api/v1/benefit-payments/"):
        assert path in schema["paths"]


# --- Query counts ----------------------------------------------------------------------------------


def _grow(group, n):
    def grow():
        for i in range(n):
            record = WisdomRecordFactory()
            holder = KnowledgeHolderFactory(record=record)
            product = ProductFactory(group=group)
            a = agreement(group=group, record=record, products=[product], title=f"ข้อตกลง {i}",
                          shares=[(holder, "50"), (None, "50")])
            sale(product, "2026-03", "1000.00")
            services.compute_ledger(actor=SYSTEM, month="2026-03", agreements=[a])
            services.record_payment(actor=SYSTEM, beneficiary=a.beneficiaries.first(), paid_on=dt.date(2026, 4, 1),
                                    amount=Decimal("1.00"), method="cash")
    return grow


@pytest.mark.parametrize("page", ["summary", "list", "api_ledger", "api_agreements", "api_payments"])
def test_list_pages_keep_a_constant_number_of_queries(page, group, staff, client_for, api_for,
                                                      assert_constant_queries):
    _grow(group, 3)()
    client, api = client_for(staff), api_for(staff)
    urls = {"summary": reverse("benefits:summary"), "list": reverse("benefits:agreement_list"),
            "api_ledger": "/api/v1/benefit-ledger/?page_size=100", "api_agreements": "/api/v1/benefit-agreements/",
            "api_payments": "/api/v1/benefit-payments/"}
    getter = api if page.startswith("api") else client
    assert_constant_queries(lambda: getter.get(urls[page]), _grow(group, 27))


def test_the_agreement_pages_keep_a_constant_number_of_queries(group, staff, client_for, assert_constant_queries):
    record = WisdomRecordFactory()
    holders = [KnowledgeHolderFactory(record=record) for _ in range(3)]
    products = [ProductFactory(group=group) for _ in range(2)]
    a = agreement(group=group, record=record, products=products, shares=[(h, "10") for h in holders])
    months = iter([f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:20])

    def grow():
        for _ in range(4):
            month = next(months)
            for p in products:
                sale(p, month, "1000.00")
            services.compute_ledger(actor=SYSTEM, month=month, agreements=[a])

    grow()
    client = client_for(staff)
    for url in (reverse("benefits:agreement_ledger", args=[a.pk]), reverse("benefits:agreement_detail", args=[a.pk])):
        assert_constant_queries(lambda url=url: client.get(url), grow)
    statement = reverse("benefits:statement", args=[a.beneficiaries.first().pk])
    assert_constant_queries(lambda: client.get(statement), grow)


# --- Thai PDF -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_the_statement_pdf_is_thai_text(world, everyone, client_for):
    response = client_for(everyone["holder"]).get(reverse("benefits:statement_pdf", args=[world["mine"].pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "นางสมศรี ช่างปั้น" in text
    assert "ใบแจ้งยอดผลประโยชน์" in text and "300.00" in text
    agreement_pdf = client_for(everyone["staff"]).get(reverse("benefits:agreement_ledger_pdf",
                                                              args=[world["agreement"].pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=agreement_pdf.content, capture_output=True,
                          check=True).stdout.decode()
    assert "ข้อตกลงตุ๊กตาชาววัง" in text and "กองทุนชุมชนทดสอบ" in text


def test_a_communitys_coordinator_reads_its_agreement_and_nobody_elses(client_for, api_for, owner, outsider):
    from tests.factories.tourism import CommunityFactory, ProgramFactory

    record = WisdomRecordFactory()
    community = CommunityFactory(coordinators=[owner], with_photo=False)
    program = ProgramFactory(community=community)
    a = agreement(community=community, record=record, programs=[program], basis="per_visitor", rate="20.00",
                  shares=[(None, "100")])
    url = reverse("benefits:agreement_detail", args=[a.pk])
    assert client_for(owner).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    assert api_for(owner).get("/api/v1/benefit-agreements/").data["count"] == 1
    assert api_for(owner).patch(f"/api/v1/benefit-agreements/{a.pk}/", {"rate": "1.00"},
                                format="json").status_code == 403


def test_api_beneficiaries_staff_write_holders_read_their_own(world, everyone, api_for):
    staff = api_for(everyone["staff"])
    a = world["agreement"]
    assert staff.post("/api/v1/benefit-beneficiaries/", {"agreement": a.pk, "kind": "fund", "name": "กองทุนสอง",
                                                         "share_percent": "1.00"}, format="json").status_code == 400
    b = world["fund"]
    changed = staff.patch(f"/api/v1/benefit-beneficiaries/{b.pk}/", {"share_percent": "30.00"}, format="json")
    assert changed.status_code == 200, changed.data
    added = staff.post("/api/v1/benefit-beneficiaries/", {"agreement": a.pk, "kind": "fund", "name": "กองทุนสอง",
                                                          "share_percent": "10.00"}, format="json")
    assert added.status_code == 201, added.data
    assert staff.post("/api/v1/benefit-beneficiaries/", {"agreement": a.pk, "kind": "fund", "name": "x",
                                                         "share_percent": "1", "zz": 1}, format="json").status_code == 400
    assert staff.delete(f"/api/v1/benefit-beneficiaries/{added.data['id']}/").status_code == 204
    holder_rows = api_for(everyone["holder"]).get("/api/v1/benefit-beneficiaries/").data
    assert [r["id"] for r in holder_rows["results"]] == [world["mine"].pk]
    assert api_for(everyone["owner"]).get("/api/v1/benefit-beneficiaries/").data["count"] == 2
    assert api_for(everyone["owner"]).patch(f"/api/v1/benefit-beneficiaries/{b.pk}/", {"name": "x"},
                                            format="json").status_code == 403


def test_the_signed_document_is_uploaded_served_to_the_party_and_replaced(world, everyone, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.files import file_url

    a = world["agreement"]
    edit = reverse("benefits:agreement_edit", args=[a.pk])
    form = client_for(everyone["staff"]).get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("document", "products", "programs")}
    data.update({"products": [p.pk for p in a.products.all()], "start_date": "2026-01-01",
                 "document": SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")})
    response = client_for(everyone["staff"]).post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    a.refresh_from_db()
    url = file_url(a, "document")
    assert url.startswith("/files/")
    assert client_for(everyone["owner"]).get(url).status_code == 200
    assert client_for(everyone["holder"]).get(url).status_code == 200
    assert client_for(everyone["outsider"]).get(url).status_code == 404
    assert client_for(everyone["partner"]).get(url).status_code == 404
    fake = {**data, "document": SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")}
    refused = client_for(everyone["staff"]).post(edit, fake)
    assert refused.status_code == 200 and "ไฟล์ต้องเป็น PDF หรือรูปภาพ" in refused.content.decode()


def test_api_agreements_list_only_the_beneficiaries_the_caller_may_see(world, everyone, api_for):
    """A holder with an account reads the agreement they share in, with their own row only — not the fund's
    share; the party and staff see both rows (the same rule as Beneficiary.objects.visible_to)."""
    a, mine, fund = world["agreement"], world["mine"], world["fund"]
    for role, expected in (("holder", [mine.pk]), ("owner", sorted([mine.pk, fund.pk])),
                           ("staff", sorted([mine.pk, fund.pk]))):
        client = api_for(everyone[role])
        listed = client.get("/api/v1/benefit-agreements/").data["results"]
        [row] = [r for r in listed if r["id"] == a.pk]
        assert sorted(b["id"] for b in row["beneficiaries"]) == expected, role
        detail = client.get(f"/api/v1/benefit-agreements/{a.pk}/").data
        assert sorted(b["id"] for b in detail["beneficiaries"]) == expected, role
