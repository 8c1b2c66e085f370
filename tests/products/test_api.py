import datetime as dt

import pytest

from products.choices import PublishStatus, Stage
from products.models import Assessment, Product, ProductPhoto
from tests.factories.products import ProductFactory, image_upload
from tests.factories.wisdom import HolderConsentFactory
from wisdom.models import KnowledgeHolder, WisdomRecord

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_for_the_producers_group(api_for, owner, group):
    r = api_for(owner).post("/api/v1/products/", {"group": group.pk, "name_th": "กลองทัด", "product_type":
                                                   "household", "price": "450.00"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == "draft"
    assert Product.objects.get(pk=r.json()["id"]).group == group


def test_it_refuses_a_product_for_another_group(api_for, outsider, group):
    r = api_for(outsider).post("/api/v1/products/", {"group": group.pk, "name_th": "x", "product_type": "food"},
                               format="json")
    assert r.status_code == 400 and "group" in r.json()
    assert not Product.objects.filter(name_th="x").exists()


def test_it_refuses_a_duplicate_name_with_a_thai_json_message(api_for, owner, group, product):
    r = api_for(owner).post("/api/v1/products/", {"group": group.pk, "name_th": product.name_th,
                                                   "product_type": "household"}, format="json")
    assert r.status_code == 400
    assert "กลุ่มนี้มีผลิตภัณฑ์ชื่อนี้อยู่แล้ว" in str(r.json())


def test_it_refuses_a_negative_price(api_for, owner, product):
    r = api_for(owner).patch(f"/api/v1/products/{product.pk}/", {"price": "-10"}, format="json")
    assert r.status_code == 400
    product.refresh_from_db()
    assert product.price >= 0


def test_it_does_not_let_the_api_publish_by_patching_status(api_for, owner, draft):
    r = api_for(owner).patch(f"/api/v1/products/{draft.pk}/", {"status": "published"}, format="json")
    assert r.status_code == 200
    draft.refresh_from_db()
    assert draft.status == PublishStatus.DRAFT


def test_it_refuses_to_publish_with_pending_consent_and_says_why(api_for, owner, group, draft):
    record = WisdomRecord.objects.create(title_th="การปั้นตุ๊กตาชาววัง", slug="w1", category="handicraft",
                                         subdistrict_id="150305", owner_group=group, status="published")
    holder = KnowledgeHolder.objects.create(record=record, name="ป้าสมใจ")
    draft.wisdom_records.add(record)
    r = api_for(owner).post(f"/api/v1/products/{draft.pk}/publish/", format="json")
    assert r.status_code == 400
    assert "การปั้นตุ๊กตาชาววัง" in str(r.json()) and "ยินยอม" in str(r.json())
    HolderConsentFactory(holder=holder, scope="product", given_on=dt.date(2026, 1, 15))
    assert api_for(owner).post(f"/api/v1/products/{draft.pk}/publish/").json() == {"status": "published"}


def test_it_shows_only_wisdom_the_viewer_may_see(api_for, owner, group, product):
    public = WisdomRecord.objects.create(title_th="สาธารณะ", slug="wp", category="handicraft",
                                         subdistrict_id="150305", status="published")
    restricted = WisdomRecord.objects.create(title_th="จำกัด", slug="wr", category="handicraft",
                                             subdistrict_id="150305", status="published",
                                             access_level="restricted", owner_group=group)
    product.wisdom_records.set([public, restricted])
    assert api_for(None).get(f"/api/v1/products/{product.pk}/").json()["wisdom_records"] == [public.pk]
    assert sorted(api_for(owner).get(f"/api/v1/products/{product.pk}/").json()["wisdom_records"]) == \
        sorted([public.pk, restricted.pk])


def test_it_uploads_photos_and_refuses_non_images(api_for, owner, product):
    api = api_for(owner)
    r = api.post(f"/api/v1/products/{product.pk}/photos/", {"image": image_upload(), "caption": "ด้านหน้า"},
                 format="multipart")
    assert r.status_code == 201 and r.json()["thumbnail_url"].startswith("/files/")
    bad = image_upload().__class__("x.jpg", b"GIF89a-not-really", content_type="image/jpeg")
    r = api.post(f"/api/v1/products/{product.pk}/photos/", {"image": bad}, format="multipart")
    assert r.status_code == 400 and "รูปภาพ" in str(r.json())
    assert ProductPhoto.objects.count() == 1


def test_it_records_assessments_and_lists_them_by_year(api_for, staff, owner, product):
    api = api_for(staff)
    url = f"/api/v1/products/{product.pk}/assessments/"
    assert api.post(url, {"fiscal_year": 2569, "answers": ["1.3", "2.3", "3.3", "4.4", "5.4"]},
                    format="json").json()["quadrant"] == "D"
    r = api.post(url, {"fiscal_year": 2570, "answers": ["1.2", "2.3", "3.3", "4.2", "5.2"]}, format="json")
    assert r.status_code == 201 and r.json()["quadrant"] == "B"
    rows = api_for(owner).get(url).json()
    assert [(a["fiscal_year"], a["quadrant"]) for a in rows] == [(2570, "B"), (2569, "D")]
    assert rows[0]["answer_codes"] == ["1.2", "2.3", "3.3", "4.2", "5.2"]


def test_it_refuses_an_override_without_reason_over_the_api(api_for, staff, product):
    r = api_for(staff).post(f"/api/v1/products/{product.pk}/assessments/",
                            {"fiscal_year": 2570, "answers": ["1.3", "2.3", "3.3", "4.4", "5.4"],
                             "override_quadrant": "C"}, format="json")
    assert r.status_code == 400 and "เหตุผล" in str(r.json())
    assert not Assessment.objects.exists()


def test_it_lists_products_by_quadrant_and_year(api_for, staff, product, other_product):
    api = api_for(staff)
    for p, fy, answers in [(product, 2569, "1.3 2.3 3.3 4.4 5.4"), (product, 2570, "1.2 2.3 3.3 4.2 5.2"),
                           (other_product, 2570, "1.3 2.3 3.3 4.4 5.4")]:
        api.post(f"/api/v1/products/{p.pk}/assessments/", {"fiscal_year": fy, "answers": answers.split()},
                 format="json")

    def slugs(q):
        return sorted(p["slug"] for p in api.get(f"/api/v1/products/?{q}").json()["results"])

    assert slugs("quadrant=D&year=2570") == ["long-drum"]
    assert slugs("quadrant=D&year=2569") == ["court-doll"]
    assert slugs("quadrant=B") == ["court-doll"]  # latest assessment decides
    assert slugs("year=2569") == ["court-doll"]
    summary = api.get("/api/v1/products/quadrant-summary/?year=2570").json()
    assert summary["totals"] == {"A": 0, "B": 1, "C": 0, "D": 1} and summary["moved_out_of_d"] == 1


def test_it_ignores_quadrant_filters_for_the_public(api_for, staff, product, other_product):
    api_for(staff).post(f"/api/v1/products/{product.pk}/assessments/",
                        {"fiscal_year": 2570, "answers": "1.3 2.3 3.3 4.4 5.4".split()}, format="json")
    assert api_for(None).get("/api/v1/products/?quadrant=D&year=2570").json()["count"] == 2


@pytest.mark.parametrize("query, expected", [
    ("product_type=food", ["rice"]),
    ("district=1505", ["rice"]),
    ("price_min=100&price_max=1000", ["doll"]),
    ("stars=4", ["doll"]),
    ("stars=3", ["doll", "rice"]),
    ("standard=tcps", ["doll"]),  # rice's มผช. has expired
    ("standard=fda", ["rice"]),
    ("q=ข้าว", ["rice"]),
])
def test_it_filters_the_catalogue(api_for, staff, query, expected):
    from tests.factories.core import ProducerGroupFactory

    doll = ProductFactory(slug="doll", price=450)
    rice = ProductFactory(slug="rice", name_th="ข้าวหอมมะลิ", price=80, product_type="food",
                          group=ProducerGroupFactory(subdistrict_id="150505"))
    ProductFactory(slug="hidden", status="draft", price=450)
    doll.star_ratings.create(year=2567, stars=5)
    rice.star_ratings.create(year=2567, stars=3)
    doll.certifications.create(kind="tcps", number="1", expires_on=dt.date(2099, 1, 1))
    rice.certifications.create(kind="tcps", number="2", expires_on=dt.date(2020, 1, 1))
    rice.certifications.create(kind="fda", number="3")
    got = sorted(p["slug"] for p in api_for(None).get(f"/api/v1/products/?{query}").json()["results"])
    assert got == expected


class TestMoveStageApi:
    def test_it_answers_a_patch_with_the_fields_of_a_get(self, api_for, owner, new_idea_project):
        """The 200 of an update is read back through the viewset's queryset (is_overdue included)."""
        url = f"/api/v1/development-projects/{new_idea_project.pk}/"
        r = api_for(owner).patch(url, {"idea": "ตะกร้าผักตบลายใหม่"}, format="json")
        assert r.status_code == 200, r.content
        assert set(r.json()) == set(api_for(owner).get(url).json())
        assert r.json()["is_overdue"] is False

    def test_it_refuses_an_unknown_field_in_a_step_and_moves_nothing(self, api_for, owner, new_idea_project):
        stage, records = new_idea_project.stage, new_idea_project.stage_records.count()
        r = api_for(owner).post(f"/api/v1/development-projects/{new_idea_project.pk}/move-stage/",
                                {"stage": "design", "reson": "typo"}, format="json")
        assert r.status_code == 400 and list(r.json()) == ["reson"]
        new_idea_project.refresh_from_db()
        assert (new_idea_project.stage, new_idea_project.stage_records.count()) == (stage, records)

    def test_it_moves_to_the_next_stage_when_ready(self, api_for, owner, new_idea_project):
        r = api_for(owner).post(f"/api/v1/development-projects/{new_idea_project.pk}/move-stage/",
                                {"stage": "design"}, format="json")
        assert r.status_code == 200 and r.json()["stage"] == "design"
        rec = [s for s in r.json()["stage_records"] if s["stage"] == "design"][0]
        assert rec["actual_date"] == dt.date.today().isoformat() or rec["actual_date"]

    def test_it_reports_missing_fields_as_json(self, api_for, owner, new_idea_project):
        api = api_for(owner)
        api.post(f"/api/v1/development-projects/{new_idea_project.pk}/move-stage/", {"stage": "design"},
                 format="json")
        r = api.post(f"/api/v1/development-projects/{new_idea_project.pk}/move-stage/", {"stage": "prototype"},
                     format="json")
        assert r.status_code == 400
        assert "นักออกแบบ" in str(r.json()["stage"])
        new_idea_project.refresh_from_db()
        assert new_idea_project.stage == Stage.DESIGN

    def test_it_needs_a_reason_from_staff_to_skip(self, api_for, staff, new_idea_project):
        url = f"/api/v1/development-projects/{new_idea_project.pk}/move-stage/"
        r = api_for(staff).post(url, {"stage": "launch"}, format="json")
        assert r.status_code == 400 and "เหตุผล" in str(r.json()["reason"])
        r = api_for(staff).post(url, {"stage": "launch", "reason": "ต้นแบบผ่านการทดสอบในโครงการ KBO แล้ว"},
                                format="json")
        assert r.status_code == 200 and r.json()["stage"] == "launch"

    def test_it_refuses_changing_the_stage_by_patch(self, api_for, owner, new_idea_project):
        api_for(owner).patch(f"/api/v1/development-projects/{new_idea_project.pk}/", {"stage": "launch"},
                             format="json")
        new_idea_project.refresh_from_db()
        assert new_idea_project.stage == Stage.ASSESSMENT

    def test_it_refuses_negative_figures_as_json(self, api_for, owner, new_idea_project):
        r = api_for(owner).patch(f"/api/v1/development-projects/{new_idea_project.pk}/",
                                 {"monthly_sales_after": "-1", "price_after": "10"}, format="json")
        assert r.status_code == 400 and "monthly_sales_after" in r.json()
        new_idea_project.refresh_from_db()
        assert new_idea_project.price_after is None

    def test_it_creates_projects_with_all_stage_records(self, api_for, owner, group, product):
        r = api_for(owner).post("/api/v1/development-projects/", {
            "group": group.pk, "product": product.pk, "title": "ใหม่", "fiscal_year": 2570,
            "price_before": "100"}, format="json")
        assert r.status_code == 201, r.json()
        assert [s["stage"] for s in r.json()["stage_records"]] == [s.value for s in Stage]

    def test_it_filters_projects_by_district_and_year(self, api_for, staff, project, other_group):
        from products import services
        services.project_create(actor=staff, group=other_group, title="กลอง", fiscal_year=2569)
        api = api_for(staff)
        assert api.get("/api/v1/development-projects/?fiscal_year=2569").json()["count"] == 1
        assert api.get("/api/v1/development-projects/?district=1503").json()["count"] == 2
        assert api.get("/api/v1/development-projects/?district=1501").json()["count"] == 0


def test_it_publishes_the_checklist_for_api_clients(api_for):
    parts = api_for(None).get("/api/v1/quadrant-checklist/").json()
    assert [p["number"] for p in parts] == [1, 2, 3, 4, 5]
    assert [o["code"] for o in parts[0]["options"]] == ["1.1", "1.2", "1.3"]


class TestMarketingSkillsApi:
    def test_it_ticks_and_clears_items_for_the_own_group(self, api_for, owner, group):
        api = api_for(owner)
        r = api.post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "online_shop",
                                                    "achieved_on": "2026-11-20"}, format="json")
        assert r.status_code == 201, r.json()
        r2 = api.post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "online_shop",
                                                     "achieved_on": "2026-11-21"}, format="json")
        assert r2.json()["id"] == r.json()["id"] and r2.json()["achieved_on"] == "2026-11-21"
        assert api.delete(f"/api/v1/marketing-skills/{r.json()['id']}/").status_code == 204
        assert not group.marketing_skills.exists()

    @pytest.mark.parametrize("role, status", [("outsider", 404), ("partner", 403), ("anonymous", 401),
                                              ("staff", 200), ("owner", 200)])
    def test_it_keeps_other_groups_out(self, api_for, users, staff, group, role, status):
        from products import services
        item = services.marketing_skill_set(actor=staff, group=group, skill="line_oa",
                                            achieved_on=dt.date(2026, 11, 1))
        r = api_for(users[role]).patch(f"/api/v1/marketing-skills/{item.pk}/", {"note": "x"}, format="json")
        assert r.status_code == status

    def test_it_refuses_another_groups_item(self, api_for, outsider, group):
        r = api_for(outsider).post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "line_oa",
                                                                  "achieved_on": "2026-11-20"}, format="json")
        assert r.status_code == 400 and not group.marketing_skills.exists()
