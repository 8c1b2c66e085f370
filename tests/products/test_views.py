import datetime as dt

import pytest
from django.urls import reverse

from products import services
from products.choices import PublishStatus, Stage
from products.models import Certification, GroupMarketingSkill, Product, ProductPhoto
from tests.factories.products import image_upload
from tests.factories.wisdom import HolderConsentFactory
from wisdom.models import KnowledgeHolder, WisdomRecord

pytestmark = pytest.mark.django_db


def test_it_uses_the_contract_url_names():
    assert reverse("products:list") == "/products/"
    assert reverse("products:detail", kwargs={"slug": "x"}) == "/products/x/"
    assert reverse("products:pipeline") == "/products/pipeline/"


def test_it_shows_the_detail_page_with_gallery_share_and_og_tags(client, owner, product):
    services.product_photo_add(actor=owner, product=product, image=image_upload(), caption="ภาพหน้าปก")
    product.certifications.create(kind="tcps", number="มผช. 1/2560", expires_on="2020-01-01")
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'property="og:title"' in html and 'property="og:image"' in html and "/files/products.productphoto/" in html
    assert "social-plugins.line.me" in html
    assert "หมดอายุแล้ว" in html
    assert product.group.name_th in html


def test_it_shows_only_wisdom_the_viewer_may_see_on_the_page(client_for, owner, group, product):
    restricted = WisdomRecord.objects.create(title_th="ภูมิปัญญาลับของชุมชน", slug="secret", category="beliefs",
                                             subdistrict_id="150305", status="published",
                                             access_level="restricted", owner_group=group)
    product.wisdom_records.add(restricted)
    assert "ภูมิปัญญาลับของชุมชน" not in client_for(None).get(product.get_absolute_url()).content.decode()
    assert "ภูมิปัญญาลับของชุมชน" in client_for(owner).get(product.get_absolute_url()).content.decode()


def test_it_shows_the_quadrant_history_to_the_owner_but_not_the_public(client_for, staff, owner, product):
    services.assessment_record(actor=staff, product=product, fiscal_year=2569, answers="1.3 2.3 3.3 4.4 5.4".split())
    a = services.assessment_record(actor=staff, product=product, fiscal_year=2570,
                                   answers="1.2 2.3 3.3 4.2 5.2".split())
    services.assessment_override(actor=staff, assessment=a, quadrant=a.quadrant.__class__.objects.get(code="C"),
                                 reason="เหตุผลพิเศษของเจ้าหน้าที่")
    owner_html = client_for(owner).get(product.get_absolute_url()).content.decode()
    assert "2569" in owner_html and "2570" in owner_html and "เหตุผลพิเศษของเจ้าหน้าที่" in owner_html
    assert "เหตุผลพิเศษของเจ้าหน้าที่" not in client_for(None).get(product.get_absolute_url()).content.decode()


def test_it_creates_a_product_from_the_form(client_for, owner, group):
    r = client_for(owner).post("/products/new/", {"group": group.pk, "name_th": "กลองทัดจิ๋ว",
                                                   "product_type": "household", "price": "350"})
    assert r.status_code == 302
    p = Product.objects.get(name_th="กลองทัดจิ๋ว")
    assert p.status == PublishStatus.DRAFT and r["Location"] == reverse("products:photos", kwargs={"slug": p.slug})


def test_it_shows_a_thai_message_for_a_duplicate_name_on_the_form(client_for, owner, group, product):
    r = client_for(owner).post("/products/new/", {"group": group.pk, "name_th": product.name_th,
                                                   "product_type": "household"})
    assert r.status_code == 400
    assert "กลุ่มนี้มีผลิตภัณฑ์ชื่อนี้อยู่แล้ว" in r.content.decode()
    assert Product.objects.filter(name_th=product.name_th).count() == 1


def test_it_refuses_a_group_the_producer_does_not_belong_to(client_for, outsider, group):
    r = client_for(outsider).post("/products/new/", {"group": group.pk, "name_th": "x", "product_type": "food"})
    assert r.status_code == 400 and not Product.objects.filter(name_th="x").exists()


def test_it_refuses_a_negative_price_on_the_form(client_for, owner, group):
    r = client_for(owner).post("/products/new/", {"group": group.pk, "name_th": "x", "product_type": "food",
                                                   "price": "-5"})
    assert r.status_code == 400 and not Product.objects.filter(name_th="x").exists()


def test_it_uploads_orders_and_deletes_photos(client_for, owner, product):
    c = client_for(owner)
    url = f"/products/{product.slug}/photos/"
    for i in range(2):
        assert c.post(url, {"image": image_upload(name=f"{i}.jpg"), "caption": f"รูป {i}"}).status_code == 302
    first, second = product.photos.all()
    c.post(url, {"op": "down", "photo": first.pk})
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    c.post(url, {"op": "delete", "photo": second.pk})
    assert list(product.photos.values_list("pk", flat=True)) == [first.pk]


def test_it_explains_a_refused_photo_in_thai(client_for, owner, product):
    bad = image_upload().__class__("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    r = client_for(owner).post(f"/products/{product.slug}/photos/", {"image": bad})
    assert r.status_code == 400 and "ไม่ใช่รูปภาพ" in r.content.decode()
    assert not ProductPhoto.objects.exists()


def test_it_serves_photos_only_while_the_product_is_visible(client_for, owner, product):
    photo = services.product_photo_add(actor=owner, product=product, image=image_upload())
    url = f"/files/products.productphoto/{photo.pk}/thumbnail/"
    assert client_for(None).get(url).status_code == 200
    services.product_unpublish(actor=owner, product=product)
    assert client_for(None).get(url).status_code == 404
    assert client_for(owner).get(url).status_code == 200


def test_it_refuses_publishing_on_the_page_with_the_reason(client_for, owner, group, draft):
    record = WisdomRecord.objects.create(title_th="กลองเอกราช", slug="w-drum", category="handicraft",
                                         subdistrict_id="150307", status="published")
    HolderConsentFactory(holder=KnowledgeHolder.objects.create(record=record, name="ลุงบุญ"), scope="product",
                         given_on=dt.date(2026, 1, 15), withdrawn_on=dt.date(2026, 2, 1))
    draft.wisdom_records.add(record)
    r = client_for(owner).post(f"/products/{draft.slug}/publish/", {"action": "publish"}, follow=True)
    assert "ไม่ได้ยินยอมให้ใช้เพื่อการพัฒนาและจำหน่ายผลิตภัณฑ์" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == PublishStatus.DRAFT


def test_it_adds_standards_and_explains_bad_dates(client_for, owner, product):
    c = client_for(owner)
    url = f"/products/{product.slug}/standards/"
    r = c.post(url, {"kind": "tcps", "number": "มผช. 5/2567", "issued_on": "2026-01-01", "expires_on": "2025-01-01"})
    assert r.status_code == 400 and "วันหมดอายุต้องไม่ก่อนวันที่ได้รับ" in r.content.decode()
    assert c.post(url, {"kind": "gmp", "number": "GMP-1", "expires_on": "2030-01-01"}).status_code == 302
    assert Certification.objects.get().kind == "gmp"


class TestPipelinePages:
    def test_it_shows_the_board_by_stage_with_overdue_highlighted(self, client_for, staff, group, other_group):
        import datetime as dt
        late = services.project_create(actor=staff, group=group, title="โครงการล่าช้า", fiscal_year=2570,
                                       idea="x", target_dates={"design": dt.date(2020, 1, 1)})
        services.project_create(actor=staff, group=other_group, title="โครงการอื่น", fiscal_year=2569, idea="y")
        html = client_for(staff).get("/products/pipeline/").content.decode()
        assert "โครงการล่าช้า" in html and "โครงการอื่น" in html and "board-card overdue" in html
        html = client_for(staff).get("/products/pipeline/?fiscal_year=2569").content.decode()
        assert "โครงการล่าช้า" not in html and "โครงการอื่น" in html
        assert late.stage_records.get(stage="design").is_overdue

    def test_it_shows_a_producer_only_their_projects(self, client_for, staff, owner, group, other_group):
        services.project_create(actor=staff, group=group, title="ของกลุ่มฉัน", fiscal_year=2570, idea="x")
        services.project_create(actor=staff, group=other_group, title="ของกลุ่มอื่น", fiscal_year=2570, idea="y")
        html = client_for(owner).get("/products/pipeline/").content.decode()
        assert "ของกลุ่มฉัน" in html and "ของกลุ่มอื่น" not in html

    def test_it_moves_the_stage_from_the_page(self, client_for, owner, new_idea_project):
        r = client_for(owner).post(f"/products/projects/{new_idea_project.pk}/move-stage/", {"stage": "design"})
        assert r.status_code == 302
        new_idea_project.refresh_from_db()
        assert new_idea_project.stage == Stage.DESIGN

    def test_it_explains_why_a_move_is_refused_on_the_page(self, client_for, owner, new_idea_project):
        c = client_for(owner)
        c.post(f"/products/projects/{new_idea_project.pk}/move-stage/", {"stage": "design"})
        r = c.post(f"/products/projects/{new_idea_project.pk}/move-stage/", {"stage": "prototype"})
        assert r.status_code == 400 and "นักออกแบบ" in r.content.decode()
        r = c.post(f"/products/projects/{new_idea_project.pk}/move-stage/", {"stage": "launch", "reason": "x"})
        assert r.status_code == 403 and "เฉพาะเจ้าหน้าที่" in r.content.decode()

    def test_it_shows_figures_side_by_side(self, client_for, owner, new_idea_project):
        services.project_update(actor=owner, project=new_idea_project, price_before=95, price_after=120,
                                monthly_sales_before=5700, monthly_sales_after=25200)
        html = client_for(owner).get(new_idea_project.get_absolute_url()).content.decode()
        assert "฿95.00" in html and "฿120.00" in html and "฿25,200.00" in html

    def test_it_attaches_a_prototype_photo_from_the_page(self, client_for, owner, new_idea_project):
        record = new_idea_project.stage_records.get(stage="prototype")
        r = client_for(owner).post(f"/products/stages/{record.pk}/", {"op": "attach", "file": image_upload()})
        assert r.status_code == 302 and record.attachments.count() == 1

    def test_it_edits_project_figures_and_refuses_negatives(self, client_for, owner, new_idea_project):
        url = f"/products/projects/{new_idea_project.pk}/edit/"
        data = {"title": "ไอเดียใหม่", "fiscal_year": 2570, "idea": "พวงกุญแจ", "channels_after": "-1"}
        assert client_for(owner).post(url, data).status_code == 400
        data["channels_after"] = "3"
        assert client_for(owner).post(url, data).status_code == 302
        new_idea_project.refresh_from_db()
        assert new_idea_project.channels_after == 3


def test_it_ticks_the_marketing_checklist(client_for, owner, group):
    r = client_for(owner).post(f"/products/skills/{group.slug}/", {"skill": "line_oa", "achieved_on": "2026-11-01"})
    assert r.status_code == 302
    assert GroupMarketingSkill.objects.get(group=group).skill == "line_oa"
    html = client_for(owner).get(f"/products/skills/{group.slug}/").content.decode()
    assert "ทำได้แล้ว 1 จาก 6 ข้อ" in html


def test_it_shows_the_quadrant_chart_with_moves_out_of_d(client_for, staff, product, other_product):
    services.assessment_record(actor=staff, product=product, fiscal_year=2569, answers="1.3 2.3 3.3 4.4 5.4".split())
    services.assessment_record(actor=staff, product=product, fiscal_year=2570, answers="1.2 2.3 3.3 4.2 5.2".split())
    services.assessment_record(actor=staff, product=other_product, fiscal_year=2570,
                               answers="1.3 2.3 3.3 4.4 5.4".split())
    r = client_for(staff).get("/products/quadrants/?year=2570")
    chart = r.context["chart"]
    pamok = next(row for row in chart["rows"] if row["district"].code == "1503")
    assert {c["quadrant"].code: c["count"] for c in pamok["cells"]} == {"A": 0, "B": 1, "C": 0, "D": 1}
    assert pamok["moved_out_of_d"] == 1 and chart["moved_out_of_d"] == 1
    assert "ย้ายออกจากกลุ่ม D" in r.content.decode()


class TestAssessmentPage:
    def answers(self, codes):
        from products.models import ChecklistOption
        return {f"part_{o.part.number}": o.pk for o in ChecklistOption.objects.filter(code__in=codes)
                .select_related("part")}

    def test_it_records_an_assessment_from_the_staff_page(self, client_for, staff, product):
        r = client_for(staff).post(f"/products/{product.slug}/assess/",
                                   {"fiscal_year": 2570, **self.answers(["1.3", "2.1", "3.1", "4.1", "5.1"])})
        assert r.status_code == 302
        assert product.assessments.get(fiscal_year=2570).quadrant.code == "D"

    def test_it_explains_a_missing_override_reason(self, client_for, staff, product):
        from products.models import Quadrant
        r = client_for(staff).post(f"/products/{product.slug}/assess/", {
            "fiscal_year": 2570, "override_quadrant": Quadrant.objects.get(code="A").pk,
            **self.answers(["1.3", "2.1", "3.1", "4.1", "5.1"])})
        assert r.status_code == 400 and "กรุณาระบุเหตุผล" in r.content.decode()
        assert not product.assessments.exists()

    @pytest.mark.parametrize("role, status", [("owner", 403), ("outsider", 403), ("partner", 403),
                                              ("anonymous", 302), ("staff", 200)])
    def test_it_is_for_staff_only(self, client_for, users, product, role, status):
        assert client_for(users[role]).get(f"/products/{product.slug}/assess/").status_code == status


def test_it_hides_other_groups_quadrants_from_a_producer_filter(client_for, staff, outsider, product):
    services.assessment_record(actor=staff, product=product, fiscal_year=2570, answers="1.3 2.3 3.3 4.4 5.4".split())
    r = client_for(outsider).get("/products/?quadrant=D&year=2570")
    assert product.name_th not in r.content.decode()
    assert product.name_th in client_for(staff).get("/products/?quadrant=D&year=2570").content.decode()


def test_it_lists_related_tourism_programs(client, group, product):
    from tourism.models import Program, TourismCommunity
    community = TourismCommunity.objects.create(name_th="ชุมชนบ้านบางเสด็จ", slug="bang-sadet",
                                                subdistrict_id="150305", status="published")
    community.producer_groups.add(group)
    Program.objects.create(community=community, title_th="ปั้นตุ๊กตาชาววังหนึ่งวัน", slug="p1", status="published")
    Program.objects.create(community=community, title_th="โปรแกรมร่าง", slug="p2", status="draft")
    html = client.get(product.get_absolute_url()).content.decode()
    assert "ปั้นตุ๊กตาชาววังหนึ่งวัน" in html and "โปรแกรมร่าง" not in html


def test_it_serves_stage_attachments_only_to_the_project_side(client_for, owner, outsider, new_idea_project):
    a = services.stage_attachment_add(actor=owner, record=new_idea_project.stage_records.first(), file=image_upload())
    url = f"/files/products.stageattachment/{a.pk}/file/"
    assert client_for(owner).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
