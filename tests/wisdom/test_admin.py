import datetime as dt
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.factories.wisdom import HolderConsentFactory, KnowledgeHolderFactory, WisdomRecordFactory
from wisdom.choices import Status
from wisdom.models import KnowledgeHolder, StatusTransition, WisdomRecord
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
    HolderConsentFactory(holder=KnowledgeHolderFactory(record=b, scopes=()), scope="documentation",
                         withdrawn_on=dt.date(2026, 3, 1))
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
    assert (holder.name, holder.role, holder.age, holder.contact, holder.consents.count()) == (
        "นางสมจิตร", "ช่างปั้น", 72, "081-111-1111", 0)


# --- Every admin write goes through the services ---------------------------------------------


def _record_form(record=None, **fields):
    data = {"title_th": "ตุ๊กตา", "category": "handicraft", "access_level": "public", "subdistrict": "150305",
            **_inline_management(["steps", "holders", "photos", "videos", "documents", "transitions"])}
    if record is not None:
        for name in ("title_th", "category", "access_level", "village_no"):
            data[name] = getattr(record, name)
        data["subdistrict"] = record.subdistrict_id
    data.update(fields)
    return data


def test_it_creates_a_record_in_the_admin_through_the_service(client_for, staff):
    response = client_for(staff).post("/admin/wisdom/wisdomrecord/add/", _record_form(
        title_th="กลองเอกราช", title_en="Ekkarat drums", market_score="4",
        **_inline_management(["steps", "holders"], steps=1, holders=1),
        **{"steps-0-position": "1", "steps-0-text": "ขุดหุ่นกลอง", "holders-0-name": "นายบุญส่ง",
           "holders-0-consent_status": "pending"}))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    record = WisdomRecord.objects.get()
    # what record_create does: a draft, compiled by the actor, with a slug of its own
    assert (record.status, record.created_by, record.slug, record.market_score) == (
        "draft", staff, "ekkarat-drums", 4)
    assert [s.text for s in record.steps.all()] == ["ขุดหุ่นกลอง"]
    assert record.holders.get().name == "นายบุญส่ง"


def test_it_shows_a_service_refusal_on_the_admin_form_and_saves_nothing(client_for, staff):
    record = WisdomRecordFactory(title_th="ตุ๊กตา", status=Status.DRAFT)
    response = client_for(staff).post(f"/admin/wisdom/wisdomrecord/{record.pk}/change/", _record_form(
        record, summary="ใหม่", **_inline_management(["holders"], holders=1),
        **{"holders-0-name": "x" * 300, "holders-0-consent_status": "pending"}))
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.summary == "" and not record.holders.exists()


def test_it_keeps_the_status_read_only_in_the_admin(client_for, staff):
    record = WisdomRecordFactory(status=Status.SUBMITTED)
    response = client_for(staff).post(f"/admin/wisdom/wisdomrecord/{record.pk}/change/",
                                      _record_form(record, status="published", summary="ตรวจแล้ว"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.summary) == ("submitted", "ตรวจแล้ว")
    assert not StatusTransition.objects.exists()


def test_it_changes_and_deletes_inline_rows_through_the_services(client_for, staff,
                                                                django_capture_on_commit_callbacks):
    from tests.factories.wisdom import photo

    record = WisdomRecordFactory(status=Status.DRAFT)
    holder = KnowledgeHolderFactory(record=record, name="ชื่อเดิม", scopes=())
    pic = photo(record)
    stored = [pic.original.name, pic.image.name, pic.thumbnail.name]
    storage = pic.image.storage
    data = _record_form(record, **_inline_management(["holders", "photos"], holders=1, photos=1))
    data.update({"holders-INITIAL_FORMS": "1", "holders-0-id": holder.pk, "holders-0-record": record.pk,
                 "holders-0-name": "ชื่อใหม่", "holders-0-role": "ช่างปั้น",
                 "photos-INITIAL_FORMS": "1", "photos-0-id": pic.pk, "photos-0-record": record.pk,
                 "photos-0-access_level": "public", "photos-0-position": "0", "photos-0-DELETE": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/wisdom/wisdomrecord/{record.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    holder.refresh_from_db()
    assert (holder.name, holder.role) == ("ชื่อใหม่", "ช่างปั้น")
    assert not record.photos.exists()
    assert not any(storage.exists(name) for name in stored)  # photo_delete removed every copy


def test_it_deletes_a_record_and_its_files_in_the_admin(client_for, staff, django_capture_on_commit_callbacks):
    from tests.factories.wisdom import photo

    record = WisdomRecordFactory()
    pic = photo(record)
    stored, storage = [pic.original.name, pic.image.name, pic.thumbnail.name], pic.image.storage
    from core.actors import SYSTEM
    from wisdom import services

    services.record_submit(actor=SYSTEM, record=WisdomRecordFactory(status=Status.DRAFT))  # a log elsewhere
    services.record_send_back(actor=staff, record=record, comment="ตรวจใหม่")  # this record has a log too
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/wisdom/wisdomrecord/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not WisdomRecord.objects.filter(pk=record.pk).exists()
    assert not any(storage.exists(name) for name in stored)
    assert StatusTransition.objects.count() == 1


def test_it_deletes_records_in_bulk_through_the_service(client_for, staff, django_capture_on_commit_callbacks):
    from tests.factories.wisdom import photo

    records = [WisdomRecordFactory(), WisdomRecordFactory()]
    pics = [photo(r) for r in records]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post("/admin/wisdom/wisdomrecord/", {
            "action": "delete_selected", "_selected_action": [r.pk for r in records], "post": "yes"})
    assert not WisdomRecord.objects.exists()
    assert not any(p.image.storage.exists(p.image.name) for p in pics)


def test_it_edits_and_deletes_knowledge_holders_in_their_admin(client_for, staff):
    holder = KnowledgeHolderFactory(name="เดิม", scopes=())
    admin = client_for(staff)
    url = f"/admin/wisdom/knowledgeholder/{holder.pk}/change/"
    response = admin.post(url, {"record": holder.record_id, "name": "x" * 300})
    assert response.status_code == 200  # holder_update refuses a name too long
    holder.refresh_from_db()
    assert holder.name == "เดิม"
    response = admin.post(url, {"record": holder.record_id, "name": "ใหม่"})
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.name == "ใหม่"
    assert admin.post(f"/admin/wisdom/knowledgeholder/{holder.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not KnowledgeHolder.objects.filter(pk=holder.pk).exists()


def test_it_keeps_the_workflow_log_read_only(client_for, staff):
    from core.actors import SYSTEM
    from wisdom import services

    record = services.record_submit(actor=SYSTEM, record=WisdomRecordFactory(status=Status.DRAFT))
    entry = StatusTransition.objects.get(record=record)
    admin = client_for(staff)
    assert admin.post(f"/admin/wisdom/statustransition/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StatusTransition.objects.filter(pk=entry.pk).exists()


def test_it_updates_a_matched_row_through_the_record_service(staff):
    record = WisdomRecordFactory(title_th="ตุ๊กตา", slug="dolls", status=Status.PUBLISHED, summary="เดิม")
    data = tablib.Dataset(["dolls", "ตุ๊กตา", "handicraft", "150305", "ใหม่"],
                          headers=["slug", "title_th", "category", "subdistrict_code", "summary"])
    result = WisdomRecordResource().import_data(data, dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    record.refresh_from_db()
    assert (record.summary, record.status) == ("ใหม่", "published")
    assert record.history.first().history_user == staff


def test_it_refuses_an_import_row_the_importer_may_not_write(owner):
    result = WisdomRecordResource().import_data(_dataset(GOOD), dry_run=False, user=owner)
    assert result.has_errors()  # record_create: producers may not score
    assert not WisdomRecord.objects.exists()
