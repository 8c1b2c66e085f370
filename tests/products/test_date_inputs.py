"""Products forms with the date widget; the pipeline (kanban) filters in plain language:
the group by name (not slug), the fiscal year as "ปีงบประมาณ 2570"."""

import pytest

from products import services
from products.models import Certification, GroupMarketingSkill

pytestmark = pytest.mark.django_db


def test_standards_are_added_with_the_date_widget_and_bad_dates_save_nothing(client_for, owner, product):
    c = client_for(owner)
    url = f"/products/{product.slug}/standards/"
    assert "ปี (พ.ศ.)" in c.get(url).content.decode()
    bad = c.post(
        url,
        {
            "kind": "tcps",
            "number": "มผช. 5/2567",
            "issued_on_0": "30",
            "issued_on_1": "2",
            "issued_on_2": "2026",
        },
    )
    assert bad.status_code == 400 and "ไม่มีวันนี้ในเดือนที่เลือก" in bad.content.decode()
    assert not Certification.objects.exists()
    ok = c.post(
        url,
        {
            "kind": "tcps",
            "number": "มผช. 5/2567",
            "issued_on_0": "15",
            "issued_on_1": "1",
            "issued_on_2": "2026",
            "expires_on_0": "14",
            "expires_on_1": "1",
            "expires_on_2": "2029",
        },
    )
    assert ok.status_code == 302
    cert = Certification.objects.get()
    assert (cert.issued_on.isoformat(), cert.expires_on.isoformat()) == ("2026-01-15", "2029-01-14")


def test_the_marketing_checklist_takes_the_date_widget(client_for, owner, group):
    r = client_for(owner).post(
        f"/products/skills/{group.slug}/",
        {"skill": "line_oa", "achieved_on_0": "1", "achieved_on_1": "11", "achieved_on_2": "2026"},
    )
    assert r.status_code == 302
    assert GroupMarketingSkill.objects.get(group=group).achieved_on.isoformat() == "2026-11-01"


def test_the_pipeline_filters_groups_by_name_and_fiscal_years_in_be(
    client_for, staff, owner, group, other_group
):
    services.project_create(actor=staff, group=group, title="ของกลุ่มแรก", fiscal_year=2570, idea="x")
    services.project_create(actor=staff, group=other_group, title="ของกลุ่มสอง", fiscal_year=2569, idea="y")
    html = client_for(staff).get("/products/pipeline/").content.decode()
    assert "(slug)" not in html
    assert f'<option value="{group.slug}">{group.name_th}</option>' in html
    assert f'<option value="{other_group.slug}">{other_group.name_th}</option>' in html
    assert '<option value="2570">ปีงบประมาณ 2570</option>' in html
    filtered = client_for(staff).get("/products/pipeline/", {"group": group.slug}).content.decode()
    assert "ของกลุ่มแรก" in filtered and "ของกลุ่มสอง" not in filtered
    # a producer is offered only the groups whose projects they may see
    mine = client_for(owner).get("/products/pipeline/").content.decode()
    assert f'value="{group.slug}"' in mine and f'value="{other_group.slug}"' not in mine


def test_the_catalogue_group_filter_is_by_name(client, group):
    html = client.get("/products/").content.decode()
    assert "(slug)" not in html and f'<option value="{group.slug}">{group.name_th}</option>' in html


def test_a_new_project_picks_its_fiscal_year_in_be(client_for, staff):
    from core.thai_dates import current_fiscal_year

    fy = current_fiscal_year()
    html = client_for(staff).get("/products/projects/new/").content.decode()
    assert f'<option value="{fy}" selected>ปีงบประมาณ {fy}</option>' in html
