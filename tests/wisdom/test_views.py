import pytest
from django.urls import reverse

from products.models import Product
from tests.factories.wisdom import (
    KnowledgeHolderFactory,
    WisdomRecordFactory,
    WisdomVideoFactory,
    fake_image_upload,
    image_upload,
    pdf_upload,
    photo,
)
from wisdom.choices import Status
from wisdom.models import KnowledgeHolder, StatusTransition, WisdomPhoto, WisdomRecord

pytestmark = pytest.mark.django_db


def _titles(response):
    return [r.title_th for r in response.context["object_list"]]


# --- List ---------------------------------------------------------------------------------


def test_it_lists_published_records_only(client):
    WisdomRecordFactory(title_th="เผยแพร่แล้ว")
    WisdomRecordFactory(title_th="ยังเป็นร่าง", status=Status.DRAFT)
    response = client.get(reverse("wisdom:list"))
    assert response.status_code == 200
    assert _titles(response) == ["เผยแพร่แล้ว"]


def test_it_filters_by_category_district_and_video(client):
    WisdomRecordFactory(title_th="ตุ๊กตา", category="handicraft", subdistrict_id="150305")
    drums = WisdomRecordFactory(title_th="กลอง", category="arts", subdistrict_id="150307")
    WisdomRecordFactory(title_th="ข้าว", category="agriculture", subdistrict_id="150505")
    WisdomVideoFactory(record=drums)
    assert _titles(client.get("/wisdom/?category=arts")) == ["กลอง"]
    assert sorted(_titles(client.get("/wisdom/?district=1503"))) == ["กลอง", "ตุ๊กตา"]
    assert _titles(client.get("/wisdom/?has_video=true")) == ["กลอง"]
    assert sorted(_titles(client.get("/wisdom/?has_video=false"))) == ["ข้าว", "ตุ๊กตา"]


def test_it_explains_an_unknown_district_filter_in_thai(client):
    WisdomRecordFactory(title_th="ตุ๊กตา")
    response = client.get("/wisdom/?district=9999")
    assert response.status_code == 200
    assert "ไม่พบอำเภอนี้" in response.content.decode()


def test_it_does_not_count_a_video_the_visitor_may_not_see(client):
    record = WisdomRecordFactory(title_th="พิธี")
    WisdomVideoFactory(record=record, access_level="restricted")
    assert _titles(client.get("/wisdom/?has_video=true")) == []


def test_it_paginates_the_list(client):
    for i in range(14):
        WisdomRecordFactory(title_th=f"ภูมิปัญญา {i:02d}")
    first = client.get("/wisdom/")
    assert len(first.context["object_list"]) == 12
    second = client.get("/wisdom/?page=2")
    assert len(second.context["object_list"]) == 2


def test_it_keeps_list_queries_constant(client, assert_constant_queries, group):
    def grow(n):
        for _ in range(n):
            record = WisdomRecordFactory(owner_group=group)
            photo(record)
            WisdomVideoFactory(record=record)

    grow(3)
    assert_constant_queries(lambda: client.get("/wisdom/"), lambda: grow(27))


def test_it_keeps_list_queries_constant_for_a_producer(client_for, owner, assert_constant_queries, group):
    c = client_for(owner)
    grow = lambda n: [photo(WisdomRecordFactory(owner_group=group)) for _ in range(n)]  # noqa: E731
    grow(3)
    assert_constant_queries(lambda: c.get("/wisdom/"), lambda: grow(27))


# --- Detail -------------------------------------------------------------------------------


def test_it_shows_the_record_with_gallery_video_holders_map_and_products(client, group, products_on_wisdom_pages):
    record = WisdomRecordFactory(title_th="ตุ๊กตาชาววัง", owner_group=group, lat="14.465200", lng="100.433800",
                                 summary="ปั้นด้วยมือ")
    pic = photo(record, caption="ขั้นตอนการปั้น")
    WisdomVideoFactory(record=record, url="https://youtu.be/dQw4w9WgXcQ")
    KnowledgeHolderFactory(record=record, name="นางสมจิตร ปั้นงาม", role="ช่างปั้น", age=72)
    published = Product.objects.create(group=group, name_th="ตุ๊กตาชาววังชุดรำไทย", slug="doll-1",
                                       product_type="household", status="published")
    draft = Product.objects.create(group=group, name_th="ตุ๊กตาต้นแบบ", slug="doll-2", product_type="household")
    published.wisdom_records.add(record)
    draft.wisdom_records.add(record)

    html = client.get(record.get_absolute_url()).content.decode()
    assert "ตุ๊กตาชาววัง" in html
    assert reverse("core:file", kwargs={"model": "wisdom.wisdomphoto", "pk": pic.pk, "field": "thumbnail"}) in html
    assert "ขั้นตอนการปั้น" in html
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    assert "นางสมจิตร ปั้นงาม" in html and "ช่างปั้น" in html
    assert "14.4652" in html and "openstreetmap.org/?mlat=14.4652" in html and 'id="wisdom-map"' in html
    assert "ตุ๊กตาชาววังชุดรำไทย" in html
    assert "ตุ๊กตาต้นแบบ" not in html
    assert 'property="og:title" content="ตุ๊กตาชาววัง"' in html
    assert 'property="og:image"' in html
    assert "facebook.com/sharer" in html


def test_it_escapes_html_stored_in_text_fields(client):
    record = WisdomRecordFactory(title_th="<script>alert('x')</script>กลอง", summary="<img src=x onerror=alert(1)>")
    KnowledgeHolderFactory(record=record, name="<b>ปราชญ์</b>")
    html = client.get(record.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x onerror" not in html
    assert "<b>ปราชญ์</b>" not in html


def test_it_keeps_detail_queries_constant(client, assert_constant_queries, group, products_on_wisdom_pages):
    record = WisdomRecordFactory(owner_group=group)

    def grow(n):
        for i in range(n):
            photo(record)
            WisdomVideoFactory(record=record)
            KnowledgeHolderFactory(record=record)
            product = Product.objects.create(group=group, name_th=f"สินค้า {record.photos.count()}-{i}",
                                             slug=f"p-{record.photos.count()}-{i}", product_type="food",
                                             status="published")
            product.wisdom_records.add(record)

    grow(3)
    assert_constant_queries(lambda: client.get(record.get_absolute_url()), lambda: grow(27))


def test_it_shows_no_products_while_no_app_contributes_them(client, api_for, group,
                                                           no_contributions_to_wisdom_pages):
    record = WisdomRecordFactory(title_th="ตุ๊กตาชาววัง", owner_group=group)
    product = Product.objects.create(group=group, name_th="ตุ๊กตาชาววังชุดรำไทย", slug="doll-1",
                                     product_type="household", status="published")
    product.wisdom_records.add(record)
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert "ตุ๊กตาชาววังชุดรำไทย" not in response.content.decode()
    assert api_for(None).get(f"/api/v1/wisdom/{record.pk}/").json()["products"] == []


def test_it_returns_404_for_an_unknown_slug(client):
    assert client.get("/wisdom/ไม่มีอยู่จริง/").status_code == 404


# --- Producer pages --------------------------------------------------------------------


def _form_data(**kw):
    data = {"title_th": "จักสานไม้ไผ่", "category": "handicraft", "subdistrict": "150414", "village_no": "3",
            "access_level": "public", "steps_text": "จักตอก\nสานก้น\n\nเข้าขอบ", "video_urls": "",
            "holders-TOTAL_FORMS": "1", "holders-INITIAL_FORMS": "0", "holders-MIN_NUM_FORMS": "0",
            "holders-MAX_NUM_FORMS": "20", "holders-0-name": "นางละเอียด สานงาม",
            "holders-0-contact": "081-000-0000"}
    data.update(kw)
    return data


def test_it_creates_a_draft_with_several_photos_at_once(client_for, owner, group):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(
        owner_group=group.pk, photos=[image_upload("a.jpg"), image_upload("b.png", fmt="PNG")],
        documents=[pdf_upload()], video_urls="https://youtu.be/dQw4w9WgXcQ"))
    record = WisdomRecord.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert record.status == Status.DRAFT and record.created_by == owner and record.owner_group == group
    assert record.photos.count() == 2
    assert record.documents.count() == 1 and record.videos.count() == 1
    assert [s.text for s in record.steps.all()] == ["จักตอก", "สานก้น", "เข้าขอบ"]
    assert record.holders.get().name == "นางละเอียด สานงาม"


def test_it_shows_thai_errors_and_saves_nothing_for_a_fake_photo(client_for, owner):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(
        photos=[image_upload("ok.jpg"), fake_image_upload("virus.jpg")]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "virus.jpg" in html and "ไม่ใช่รูปภาพ" in html
    assert not WisdomRecord.objects.exists() and not WisdomPhoto.objects.exists()
    assert not KnowledgeHolder.objects.exists()


def test_it_refuses_a_decompression_bomb_on_the_form(client_for, owner, settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(
        photos=[image_upload("huge.png", fmt="PNG", size=(3000, 3000))]))
    assert response.status_code == 200
    assert "huge.png" in response.content.decode() and "พิกเซล" in response.content.decode()
    assert not WisdomRecord.objects.exists() and not WisdomPhoto.objects.exists()


def test_it_keeps_detail_queries_constant_for_staff(client_for, staff, assert_constant_queries):
    record = WisdomRecordFactory(status=Status.SUBMITTED)
    c = client_for(staff)

    def grow(n):
        for _ in range(n):
            photo(record)
            KnowledgeHolderFactory(record=record)
            record.transitions.create(from_status="draft", to_status="submitted", actor=staff)

    grow(3)
    assert_constant_queries(lambda: c.get(record.get_absolute_url()), lambda: grow(27))


def test_it_refuses_an_unknown_video_host_in_thai(client_for, owner):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(video_urls="https://vimeo.com/1"))
    assert response.status_code == 200
    assert "รองรับเฉพาะลิงก์วิดีโอจาก YouTube หรือ Facebook" in response.content.decode()
    assert not WisdomRecord.objects.exists()


def test_it_refuses_an_unknown_area_in_thai(client_for, owner):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(subdistrict="999999"))
    assert response.status_code == 200
    assert "ไม่พบตำบลนี้ในจังหวัดอ่างทอง" in response.content.decode()
    assert not WisdomRecord.objects.exists()


def test_it_refuses_another_groups_owner_in_thai(client_for, owner, other_group):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(owner_group=other_group.pk))
    assert response.status_code == 200
    assert "เลือกได้เฉพาะกลุ่มที่คุณเป็นสมาชิก" in response.content.decode()


def test_it_gives_a_thai_message_for_overlong_text_and_keeps_emoji(client_for, owner):
    c = client_for(owner)
    response = c.post(reverse("wisdom:create"), _form_data(title_th="ก" * 201))
    assert response.status_code == 200
    assert "200" in response.content.decode() and "ตัวอักษร" in response.content.decode()
    assert not WisdomRecord.objects.exists()
    c.post(reverse("wisdom:create"), _form_data(title_th="ข้าวหอม 🌾 บ้านเพชร"))
    assert WisdomRecord.objects.get().title_th == "ข้าวหอม 🌾 บ้านเพชร"


def test_it_refuses_a_holder_name_too_long_and_saves_nothing(client_for, owner):
    response = client_for(owner).post(reverse("wisdom:create"), _form_data(**{"holders-0-name": "x" * 300}))
    assert response.status_code == 200
    assert "ยาวเกินไป" in response.content.decode()
    assert not WisdomRecord.objects.exists()


def test_it_edits_a_draft_holders_and_removes_photos(client_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    pic = photo(record)
    holder = KnowledgeHolderFactory(record=record, name="ชื่อเดิม")
    data = _form_data(**{
        "holders-TOTAL_FORMS": "2", "holders-INITIAL_FORMS": "1", "holders-0-id": holder.pk,
        "holders-0-name": "ชื่อใหม่", "holders-0-record": record.pk,
        "holders-1-name": "คนที่สอง", "remove_photos": [pic.pk]})
    response = client_for(owner).post(reverse("wisdom:edit", args=[record.slug]), data)
    assert response.status_code == 302
    assert sorted(record.holders.values_list("name", flat=True)) == ["คนที่สอง", "ชื่อใหม่"]
    assert not record.photos.exists()
    record.refresh_from_db()
    assert record.title_th == "จักสานไม้ไผ่"


def test_it_submits_a_draft_from_its_page(client_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    page = client_for(owner).get(record.get_absolute_url()).content.decode()
    assert reverse("wisdom:submit", args=[record.slug]) in page
    response = client_for(owner).post(reverse("wisdom:submit", args=[record.slug]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED
    assert StatusTransition.objects.get(record=record).actor == owner


def test_it_refuses_submitting_someone_elses_draft(client_for, outsider, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    assert client_for(outsider).post(reverse("wisdom:submit", args=[record.slug])).status_code == 404


def test_it_lists_my_records_in_every_status(client_for, owner, group, other_group):
    WisdomRecordFactory(title_th="ร่างของกลุ่ม", owner_group=group, status=Status.DRAFT)
    WisdomRecordFactory(title_th="ส่งแล้ว", owner_group=group, status=Status.SUBMITTED)
    WisdomRecordFactory(title_th="ของกลุ่มอื่น", owner_group=other_group)
    html = client_for(owner).get(reverse("wisdom:mine")).content.decode()
    assert "ร่างของกลุ่ม" in html and "ส่งแล้ว" in html and "ของกลุ่มอื่น" not in html


def test_it_adds_the_registry_to_the_menu_and_home_page(client):
    WisdomRecordFactory(title_th="ภูมิปัญญาหน้าแรก")
    html = client.get("/").content.decode()
    assert reverse("wisdom:list") in html
    assert "ภูมิปัญญาหน้าแรก" in html


def test_it_lets_staff_review_from_the_page(client_for, staff):
    record = WisdomRecordFactory(status=Status.SUBMITTED)
    c = client_for(staff)
    assert 'value="verify"' in c.get(record.get_absolute_url()).content.decode()
    c.post(reverse("wisdom:review", args=[record.slug]), {"action": "verify"})
    record.refresh_from_db()
    assert record.status == Status.VERIFIED
    response = c.post(reverse("wisdom:review", args=[record.slug]), {"action": "send_back", "comment": ""},
                      follow=True)
    assert "กรุณาระบุเหตุผล" in response.content.decode()
    c.post(reverse("wisdom:review", args=[record.slug]), {"action": "send_back", "comment": "เพิ่มภาพ"})
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert record.transitions.last().comment == "เพิ่มภาพ"


@pytest.mark.parametrize("role", ["owner", "outsider", "partner", "expert"])
def test_it_keeps_review_to_staff(role, users, client_for, group):
    record = WisdomRecordFactory(status=Status.SUBMITTED, owner_group=group)
    response = client_for(users[role]).post(reverse("wisdom:review", args=[record.slug]), {"action": "verify"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


def test_it_lists_only_public_published_records_in_the_sitemap():
    from wisdom.sitemaps import WisdomRecordSitemap

    shown = WisdomRecordFactory(title_th="สาธารณะ")
    WisdomRecordFactory(access_level="members")
    WisdomRecordFactory(access_level="restricted")
    WisdomRecordFactory(status=Status.DRAFT)
    assert list(WisdomRecordSitemap().items()) == [shown]


def test_the_form_offers_a_map_to_tap_beside_the_typed_coordinates(client_for, owner):
    html = client_for(owner).get(reverse("wisdom:create")).content.decode()
    assert 'name="lat"' in html and 'name="lng"' in html
    assert 'data-map-picker data-lat-input="lat" data-lng-input="lng"' in html
    assert "/static/js/map_picker.js" in html and "/static/vendor/leaflet/leaflet.css" in html
