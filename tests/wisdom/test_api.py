import pytest

from tests.factories.wisdom import (
    KnowledgeHolderFactory,
    WisdomRecordFactory,
    WisdomVideoFactory,
    fake_image_upload,
    image_upload,
    photo,
)
from wisdom.choices import Status
from wisdom.models import StatusTransition, WisdomPhoto, WisdomRecord

pytestmark = pytest.mark.django_db

URL = "/api/v1/wisdom/"


def _ids(response):
    return sorted(r["title_th"] for r in response.json()["results"])


def test_it_filters_by_category_district_code_status_and_video(api_for, staff):
    WisdomRecordFactory(title_th="ตุ๊กตา", category="handicraft", subdistrict_id="150305")
    drums = WisdomRecordFactory(title_th="กลอง", category="arts", subdistrict_id="150307")
    WisdomRecordFactory(title_th="ข้าว", category="agriculture", subdistrict_id="150505", status=Status.DRAFT)
    WisdomVideoFactory(record=drums)
    api = api_for(staff)
    assert _ids(api.get(URL, {"category": "arts"})) == ["กลอง"]
    assert _ids(api.get(URL, {"district": "1503"})) == ["กลอง", "ตุ๊กตา"]
    assert _ids(api.get(URL, {"district": "1505", "status": "draft"})) == ["ข้าว"]
    assert _ids(api.get(URL, {"has_video": "true"})) == ["กลอง"]
    assert _ids(api_for(None).get(URL, {"status": "draft"})) == []


def test_it_lists_area_codes_and_steps(api_for):
    record = WisdomRecordFactory(title_th="กลอง", subdistrict_id="150307")
    record.steps.create(position=1, text="ขุดหุ่นกลอง")
    item = api_for(None).get(URL).json()["results"][0]
    assert item["subdistrict"] == "150307" and item["district"] == "1503"
    assert item["steps"] == ["ขุดหุ่นกลอง"]
    assert "staff_notes" not in item and "market_score" not in item


def test_it_keeps_list_queries_constant(api_for, assert_constant_queries, group):
    api = api_for(None)

    def grow(n):
        for _ in range(n):
            record = WisdomRecordFactory(owner_group=group)
            photo(record)
            record.steps.create(position=1, text="หนึ่ง")

    grow(3)
    assert_constant_queries(lambda: api.get(URL), lambda: grow(27))


def test_it_keeps_detail_queries_constant(api_for, assert_constant_queries, staff):
    record = WisdomRecordFactory()
    api = api_for(staff)

    def grow(n):
        for _ in range(n):
            photo(record)
            KnowledgeHolderFactory(record=record)
            WisdomVideoFactory(record=record)

    grow(3)
    assert_constant_queries(lambda: api.get(f"{URL}{record.pk}/"), lambda: grow(27))


def test_it_lets_a_producer_create_and_edit_a_draft(api_for, owner, group):
    api = api_for(owner)
    response = api.post(URL, {"title_th": "จักสาน 🎋", "category": "handicraft", "subdistrict": "150414",
                              "owner_group": group.slug, "process_steps": ["จักตอก", "สาน"]}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["steps"] == ["จักตอก", "สาน"]
    record = WisdomRecord.objects.get()
    assert record.created_by == owner
    response = api.patch(f"{URL}{record.pk}/", {"summary": "<b>ตัวหนา</b>"}, format="json")
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.summary == "<b>ตัวหนา</b>"


def test_it_refuses_an_unknown_subdistrict_code_in_thai(api_for, owner):
    response = api_for(owner).post(URL, {"title_th": "x", "category": "handicraft", "subdistrict": "999999"},
                                   format="json")
    assert response.status_code == 400
    assert "ไม่พบตำบลรหัส 999999" in response.json()["subdistrict"][0]
    assert not WisdomRecord.objects.exists()


def test_it_refuses_overlong_titles_in_thai(api_for, owner):
    response = api_for(owner).post(URL, {"title_th": "ก" * 201, "category": "handicraft",
                                         "subdistrict": "150305"}, format="json")
    assert response.status_code == 400
    assert "200" in response.json()["title_th"][0] and "ตัวอักษร" in response.json()["title_th"][0]


def test_it_refuses_producers_scoring_and_other_roles_creating(api_for, owner, partner_user):
    body = {"title_th": "x", "category": "handicraft", "subdistrict": "150305"}
    assert api_for(owner).post(URL, {**body, "market_score": 5}, format="json").status_code == 403
    assert api_for(partner_user).post(URL, body, format="json").status_code == 403
    assert api_for(None).post(URL, body, format="json").status_code in (401, 403)
    assert not WisdomRecord.objects.exists()


def test_it_runs_the_workflow_through_actions(api_for, owner, staff, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    assert api_for(owner).post(f"{URL}{record.pk}/verify/").status_code == 403
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert api_for(owner).post(f"{URL}{record.pk}/submit/").json()["status"] == "submitted"
    assert api_for(staff).post(f"{URL}{record.pk}/publish/").status_code == 400  # not verified yet
    assert api_for(staff).post(f"{URL}{record.pk}/verify/").json()["status"] == "verified"
    response = api_for(staff).post(f"{URL}{record.pk}/send-back/", {"comment": ""}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    response = api_for(staff).post(f"{URL}{record.pk}/send-back/", {"comment": "เพิ่มภาพ"}, format="json")
    assert response.json()["status"] == "draft"
    assert StatusTransition.objects.filter(record=record).count() == 3


def test_it_publishes_through_the_api(api_for, staff):
    record = WisdomRecordFactory(status=Status.VERIFIED)
    response = api_for(staff).post(f"{URL}{record.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"


def test_it_hides_other_groups_drafts_as_404(api_for, outsider, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    api = api_for(outsider)
    assert api.get(f"{URL}{record.pk}/").status_code == 404
    assert api.patch(f"{URL}{record.pk}/", {"summary": "x"}, format="json").status_code == 404
    assert api.post(f"{URL}{record.pk}/submit/").status_code == 404
    assert api.delete(f"{URL}{record.pk}/").status_code == 404
    record.refresh_from_db()
    assert (record.summary, record.status) == ("", Status.DRAFT)


def test_it_adds_videos_and_refuses_unknown_hosts(api_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    api = api_for(owner)
    ok = api.post(f"{URL}{record.pk}/videos/", {"url": "https://youtu.be/dQw4w9WgXcQ"}, format="json")
    assert ok.status_code == 201
    assert ok.json()["embed_url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    bad = api.post(f"{URL}{record.pk}/videos/", {"url": "https://vimeo.com/1"}, format="json")
    assert bad.status_code == 400
    assert "YouTube" in str(bad.json())
    assert record.videos.count() == 1


def test_it_uploads_photos_and_refuses_fakes(api_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    api = api_for(owner)
    ok = api.post(f"{URL}{record.pk}/photos/", {"file": image_upload(), "caption": "ปั้น"}, format="multipart")
    assert ok.status_code == 201 and ok.json()["thumbnail"].startswith("http://testserver/files/")
    bad = api.post(f"{URL}{record.pk}/photos/", {"file": fake_image_upload()}, format="multipart")
    assert bad.status_code == 400 and "ไม่ใช่รูปภาพ" in str(bad.json())
    assert WisdomPhoto.objects.count() == 1


def test_it_adds_holders_and_documents_to_a_draft(api_for, owner, group):
    from tests.factories.wisdom import pdf_upload

    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    api = api_for(owner)
    ok = api.post(f"{URL}{record.pk}/holders/", {"name": "นายบุญส่ง", "contact": "081"}, format="json")
    assert ok.status_code == 201 and "contact" not in ok.json()
    bad = api.post(f"{URL}{record.pk}/holders/", {"name": "ยังใช้ช่องเดิม", "consent_status": "granted"},
                   format="json")
    assert bad.status_code == 400 and "consent_status" in str(bad.json())
    assert record.holders.count() == 1
    doc = api.post(f"{URL}{record.pk}/documents/", {"file": pdf_upload(), "title": "แบบสำรวจ"},
                   format="multipart")
    assert doc.status_code == 201
    notpdf = api.post(f"{URL}{record.pk}/documents/", {"file": image_upload(), "title": "ภาพ"},
                      format="multipart")
    assert notpdf.status_code == 400 and "PDF" in str(notpdf.json())
    assert record.documents.count() == 1


def test_it_refuses_adding_to_a_visible_but_not_editable_record(api_for, outsider):
    record = WisdomRecordFactory(status=Status.PUBLISHED)
    response = api_for(outsider).post(f"{URL}{record.pk}/holders/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert not record.holders.exists()


def test_it_refuses_unknown_fields_in_a_write(api_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    response = api_for(owner).patch(f"{URL}{record.pk}/", {"sumary": "พิมพ์ผิด"}, format="json")
    assert response.status_code == 400 and "sumary" in response.json()


def test_it_refuses_a_delete_of_a_record_visible_but_not_editable(api_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.PUBLISHED)
    assert api_for(owner).delete(f"{URL}{record.pk}/").status_code == 403
    assert WisdomRecord.objects.filter(pk=record.pk).exists()
