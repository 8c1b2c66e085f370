import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory
from wisdom.choices import Status
from wisdom.models import StatusTransition, WisdomRecord
from wisdom.resources import WisdomRecordResource

pytestmark = pytest.mark.django_db

HEADERS = ["title_th", "title_en", "category", "subdistrict_code", "village_no", "owner_group", "summary",
           "market_score"]
GOOD = ["ตุ๊กตาชาววัง", "Court dolls", "handicraft", "150305", 2, "", "ปั้นมือ", 5]
GOOD_THAI_LABEL = ["กลองเอกราช", "", "ศิลปะ ดนตรี การแสดง", 150307.0, 6, "", "", ""]
BAD_AREA = ["ผิดตำบล", "", "handicraft", "159999", 1, "", "", ""]
BAD_SCORE = ["คะแนนเกิน", "", "handicraft", "150305", 1, "", "", 9]
BAD_CATEGORY = ["ผิดหมวด", "", "ไม่มีหมวดนี้", "150305", 1, "", "", ""]


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_it_imports_good_rows_as_drafts_by_the_importer(staff):
    result = WisdomRecordResource().import_data(_dataset(GOOD, GOOD_THAI_LABEL), dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    dolls = WisdomRecord.objects.get(title_th="ตุ๊กตาชาววัง")
    assert (dolls.status, dolls.created_by, dolls.subdistrict_id, dolls.market_score) == ("draft", staff,
                                                                                          "150305", 5)
    assert WisdomRecord.objects.get(title_th="กลองเอกราช").category == "arts"


def test_it_reports_bad_rows_one_by_one_in_thai_and_imports_nothing(staff):
    result = WisdomRecordResource().import_data(_dataset(GOOD, BAD_AREA, BAD_SCORE, BAD_CATEGORY),
                                                dry_run=True, user=staff)
    assert result.has_validation_errors()
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(invalid) == [2, 3, 4]
    assert "ไม่พบตำบลรหัส 159999" in str(invalid[2]["subdistrict"])
    assert "market_score" in invalid[3]
    assert "หมวดหมู่" in str(invalid[4]["category"])
    assert not WisdomRecord.objects.exists()


def test_it_previews_an_xlsx_import_with_row_errors_in_the_admin(client_for, staff):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(GOOD)
    ws.append(BAD_AREA)
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("survey.xlsx", buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = client_for(staff).post("/admin/wisdom/wisdomrecord/import/",
                                      {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่พบตำบลรหัส 159999" in html
    assert not WisdomRecord.objects.exists()


def test_it_previews_a_csv_import(client_for, staff):
    csv = ",".join(HEADERS) + "\n" + ",".join(str(v) for v in GOOD) + "\n"
    upload = SimpleUploadedFile("survey.csv", csv.encode("utf-8"), content_type="text/csv")
    response = client_for(staff).post("/admin/wisdom/wisdomrecord/import/",
                                      {"import_file": upload, "format": "1", "resource": "0"})
    assert response.status_code == 200
    assert "ตุ๊กตาชาววัง" in response.content.decode()
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_validation_errors()
    assert not WisdomRecord.objects.exists()  # a preview writes nothing


def test_it_exports_the_registry_as_xlsx(client_for, staff):
    WisdomRecordFactory(title_th="จักสานบางเจ้าฉ่า", subdistrict_id="150414")
    response = client_for(staff).post("/admin/wisdom/wisdomrecord/export/",
                                      {"format": "0", "resource": "0", "export_items": [],
                                       **{f"wisdomrecordresource_{f}": "on" for f in
                                          ("title_th", "subdistrict", "status", "category")}})
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert "จักสานบางเจ้าฉ่า" in rows[1] and "150414" in rows[1]


def test_it_verifies_and_publishes_in_bulk_and_reports_failures(client_for, staff):
    a = WisdomRecordFactory(title_th="ก", status=Status.SUBMITTED)
    b = WisdomRecordFactory(title_th="ข", status=Status.SUBMITTED)
    c = WisdomRecordFactory(title_th="ค", status=Status.DRAFT)
    admin = client_for(staff)
    response = admin.post("/admin/wisdom/wisdomrecord/", {"action": "verify_selected",
                                                          "_selected_action": [a.pk, b.pk, c.pk]}, follow=True)
    assert response.status_code == 200
    assert sorted(WisdomRecord.objects.filter(status="verified").values_list("title_th", flat=True)) == ["ก", "ข"]
    assert "ค:" in response.content.decode()
    KnowledgeHolderFactory(record=b, consent_status="withdrawn", consent_date=None)
    admin.post("/admin/wisdom/wisdomrecord/", {"action": "publish_selected", "_selected_action": [a.pk, b.pk]})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("published", "verified")
    assert StatusTransition.objects.filter(actor=staff).count() == 3


@pytest.mark.parametrize("role", ["owner", "partner", "expert"])
def test_it_keeps_the_admin_to_staff(role, users, client_for):
    response = client_for(users[role]).get("/admin/wisdom/wisdomrecord/")
    assert response.status_code in (302, 403)


def test_it_renders_the_admin_pages(client_for, staff):
    record = WisdomRecordFactory()
    KnowledgeHolderFactory(record=record)
    admin = client_for(staff)
    for url in ("/admin/wisdom/wisdomrecord/", f"/admin/wisdom/wisdomrecord/{record.pk}/change/",
                "/admin/wisdom/wisdomrecord/add/", "/admin/wisdom/knowledgeholder/",
                "/admin/wisdom/statustransition/", "/admin/wisdom/wisdomrecord/?q=ภูมิ&status=published"):
        assert admin.get(url).status_code == 200, url


def _inline_management(prefixes, **totals):
    data = {}
    for p in prefixes:
        data.update({f"{p}-TOTAL_FORMS": str(totals.get(p, 0)), f"{p}-INITIAL_FORMS": "0",
                     f"{p}-MIN_NUM_FORMS": "0", f"{p}-MAX_NUM_FORMS": "1000"})
    return data


def test_it_strips_exif_from_photos_uploaded_in_the_admin(client_for, staff):
    from PIL import Image

    from tests.factories.wisdom import image_upload

    record = WisdomRecordFactory(title_th="ตุ๊กตา")
    data = {"title_th": "ตุ๊กตา", "category": "handicraft", "access_level": "public", "subdistrict": "150305",
            **_inline_management(["steps", "holders", "photos", "videos", "documents", "transitions"], photos=1),
            "photos-0-original": image_upload(exif_gps=True), "photos-0-caption": "จากหลังบ้าน",
            "photos-0-access_level": "public", "photos-0-position": "0", "photos-0-record": record.pk}
    response = client_for(staff).post(f"/admin/wisdom/wisdomrecord/{record.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    pic = record.photos.get()
    with pic.image.open("rb") as f:
        assert not Image.open(f).getexif()
    assert pic.thumbnail


def test_it_imports_a_knowledge_holder_per_row_with_consent_pending(staff):
    data = tablib.Dataset(["ตุ๊กตา", "handicraft", "150305", "นางสมจิตร", "ช่างปั้น", 72, "081-111-1111"],
                          headers=["title_th", "category", "subdistrict_code", "holder_name", "holder_role",
                                   "holder_age", "holder_contact"])
    result = WisdomRecordResource().import_data(data, dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    holder = WisdomRecord.objects.get().holders.get()
    assert (holder.name, holder.role, holder.age, holder.contact, holder.consent_status) == (
        "นางสมจิตร", "ช่างปั้น", 72, "081-111-1111", "pending")
