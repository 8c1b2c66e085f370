"""The admin goes through the same services: assessments computed by the rule, stage moves checked."""

import pytest

from products import services
from products.models import Assessment, ChecklistOption, ChecklistPart, DevelopmentProject, Quadrant

pytestmark = pytest.mark.django_db


def part_data(codes):
    data = {}
    for code in codes:
        option = ChecklistOption.objects.get(code=code)
        data[f"part_{option.part_id}"] = option.pk
    return data


def test_it_computes_the_quadrant_when_staff_save_an_assessment(client_for, staff, product):
    data = {"product": product.pk, "fiscal_year": 2570, "notes": "", "override_reason": "",
            **part_data(["1.2", "2.2", "3.2", "4.3", "5.3"])}
    r = client_for(staff).post("/admin/products/assessment/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Assessment.objects.get(product=product)
    assert a.quadrant.code == "C" and a.computed_quadrant.code == "C" and a.answer_rows.count() == 5


def test_it_shows_the_override_rule_in_the_admin(client_for, staff, product):
    data = {"product": product.pk, "fiscal_year": 2570, "notes": "", "override_reason": "",
            "override_quadrant": Quadrant.objects.get(code="A").pk, **part_data(["1.3", "2.2", "3.2", "4.3", "5.3"])}
    r = client_for(staff).post("/admin/products/assessment/add/", data)
    assert r.status_code == 200  # the form is shown again with the Thai message
    assert "กรุณาระบุเหตุผลที่กำหนดกลุ่มเอง" in r.content.decode()
    assert not Assessment.objects.exists()


def test_it_moves_stages_in_the_admin_through_the_service(client_for, staff, project):
    c = client_for(staff)
    url = f"/admin/products/developmentproject/{project.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("created_at", "updated_at")}
    data.update({"group": project.group_id, "product": project.product_id, "stage": "launch", "move_reason": "",
                 "stage_records-TOTAL_FORMS": 0, "stage_records-INITIAL_FORMS": 0,
                 "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0})
    for key in list(data):
        if isinstance(data[key], bool) and not data[key]:
            data.pop(key)
    c.post(url, data)
    project.refresh_from_db()
    assert project.stage == "assessment"  # no reason: refused
    data["move_reason"] = "ผลิตภัณฑ์ผ่านการทดสอบตลาดในโครงการปีก่อน"
    c.post(url, data)
    project.refresh_from_db()
    assert project.stage == "launch"
    assert project.transitions.get().reason.startswith("ผลิตภัณฑ์ผ่าน")


def test_it_seeds_the_rule_table_from_cdd_criteria():
    assert list(ChecklistPart.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert ChecklistOption.objects.count() == 17
    assert sorted(Quadrant.objects.values_list("code", flat=True)) == ["A", "B", "C", "D"]
    assert Quadrant.objects.get(code="D").name_th == "กลุ่มปรับตัวสู่การพัฒนา"


def test_it_loads_idempotent_demo_data_marked_as_demo():
    from core import demo as core_demo
    from products import demo
    from products.models import Product

    core_demo.load()
    demo.load()
    demo.load()
    products = Product.objects.all()
    assert products.count() == 11 and all(p.is_demo for p in products)
    assert {"ตุ๊กตาชาววัง ชุดการละเล่นเด็กไทย", "กลองยาวหนังแท้บ้านเอกราช", "กระเป๋าจักสานไม้ไผ่บางเจ้าฉ่า",
            "ข้าวหอมมะลิบ้านเพชร", "สบู่เหลวสมุนไพรน้ำมันมะพร้าว", "น้ำพริกเผาตาแดงบ้านพราน"} <= \
        set(products.values_list("name_th", flat=True))
    stages = set(DevelopmentProject.objects.values_list("stage", flat=True))
    assert len(stages) >= 4 and DevelopmentProject.objects.filter(is_demo=False).count() == 0
    assert Assessment.objects.filter(is_demo=True).count() >= 15
    from core.thai_dates import current_fiscal_year
    from products.selectors import quadrant_chart
    assert quadrant_chart(fiscal_year=current_fiscal_year())["moved_out_of_d"] >= 3
    assert services.quadrant_for_answers([]) is None


def test_it_lists_products_by_quadrant_in_a_year_in_the_admin(client_for, staff, product, other_product):
    services.assessment_record(actor=staff, product=product, fiscal_year=2569, answers="1.3 2.3 3.3 4.4 5.4".split())
    services.assessment_record(actor=staff, product=product, fiscal_year=2570, answers="1.2 2.3 3.3 4.2 5.2".split())
    services.assessment_record(actor=staff, product=other_product, fiscal_year=2570,
                               answers="1.3 2.3 3.3 4.4 5.4".split())
    c = client_for(staff)

    def names(q):
        return sorted(p.name_th for p in c.get(f"/admin/products/product/?quadrant_year={q}").context["cl"].result_list)

    assert names("2570:D") == [other_product.name_th]
    assert names("2569:D") == [product.name_th]
    assert names("2570:B") == [product.name_th]


def test_it_creates_a_project_in_the_admin_with_its_stage_records(client_for, staff, group):
    data = {"group": group.pk, "title": "โครงการจากหลังบ้าน", "fiscal_year": 2570, "stage": "assessment",
            "idea": "x", "stage_records-TOTAL_FORMS": 0, "stage_records-INITIAL_FORMS": 0,
            "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0}
    r = client_for(staff).post("/admin/products/developmentproject/add/", data)
    assert r.status_code == 302, r.content.decode()[:1500]
    project = DevelopmentProject.objects.get(title="โครงการจากหลังบ้าน")
    assert project.stage_records.count() == 6 and project.created_by == staff


def test_it_keeps_admin_lists_constant(client_for, staff, group):
    from tests.products.test_queries import add_products, add_projects, counts

    urls = ["/admin/products/product/", "/admin/products/assessment/", "/admin/products/developmentproject/",
            "/admin/products/product/?quadrant_year=2570:D"]
    add_products(group, 3, staff)
    add_projects(group, 3, staff)
    c = client_for(staff)
    before = counts(c, urls)
    add_products(group, 27, staff, start=3)
    add_projects(group, 27, staff, start=3)
    assert counts(c, urls) == before


def test_a_refused_stage_move_in_the_admin_saves_none_of_the_other_edits(client_for, staff, project):
    c = client_for(staff)
    url = f"/admin/products/developmentproject/{project.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("created_at", "updated_at")}
    data.update({"group": project.group_id, "product": project.product_id, "stage": "launch", "move_reason": "",
                 "title": "ชื่อโครงการที่แก้แล้ว",
                 "stage_records-TOTAL_FORMS": 0, "stage_records-INITIAL_FORMS": 0,
                 "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0})
    for key in list(data):
        if isinstance(data[key], bool) and not data[key]:
            data.pop(key)
    response = c.post(url, data)
    assert response.status_code == 200  # the form again, with the service's Thai reason
    assert "กรุณาระบุเหตุผลในการข้ามหรือย้อนขั้นตอน" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == "assessment" and project.title != "ชื่อโครงการที่แก้แล้ว"
