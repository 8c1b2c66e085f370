"""Who may do what: every role against every page and API endpoint of the evaluation."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.actors import SYSTEM
from evaluation import services
from evaluation.models import Enrollment, Finding, ImprovementAction, IncomeRecord, Report, Target
from tests.factories.evaluation import TargetFactory, TourismCommunityFactory, enroll, income

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert"]
DENIED = "401/403"  # anonymous API calls: 401 or 403 depending on the authentication classes


def api_status(code: int) -> int | str:
    return DENIED if code in (401, 403) else code


@pytest.fixture
def world(group, other_group):
    TargetFactory()
    enroll(group)
    record = income(group, "2026-10", 100)
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    with mock.patch("evaluation.reports.render_pdf", return_value=b"%PDF-1.7 (not rendered in this test)"):
        services.report_generate(actor=SYSTEM, report_id=report.pk)
    finding = Finding.objects.create(report=report, title="ข้อค้นพบ")
    action = ImprovementAction.objects.create(finding=finding, what="งาน", owner="อำเภอ",
                                              due_date=dt.date(2027, 1, 1))
    return {"record": record, "report": report, "finding": finding, "action": action, "group": group,
            "other_group": other_group}


# expected status per role: (anonymous, staff, owner, outsider, partner, expert)
PAGES = [
    ("evaluation:dashboard", None, (302, 200, 302, 302, 403, 403)),
    ("evaluation:income", None, (302, 200, 200, 200, 403, 403)),
    ("evaluation:report_list", None, (302, 200, 403, 403, 403, 403)),
    ("evaluation:report_detail", "report", (302, 200, 403, 403, 403, 403)),
    ("evaluation:report_status", "report", (302, 200, 403, 403, 403, 403)),
    ("unit:group", "group", (302, 200, 200, 404, 404, 404)),
    ("unit:other_group", "other_group", (302, 200, 404, 200, 404, 404)),
]


@pytest.mark.parametrize("name, obj, expected", PAGES, ids=[p[0] + (f"-{p[1]}" if p[1] else "") for p in PAGES])
def test_it_guards_every_page(client_for, users, world, name, obj, expected):
    if name.startswith("unit:"):
        url = reverse("evaluation:unit_detail", args=["producer_group", world[obj].pk])
    elif obj:
        url = reverse(name, args=[world[obj].pk])
    else:
        url = reverse(name)
    got = tuple(client_for(users[role]).get(url).status_code for role in ROLES)
    assert got == expected


@pytest.mark.parametrize("name, obj", [("evaluation:report_request", None), ("evaluation:finding_create", "report"),
                                       ("evaluation:action_create", "report"),
                                       ("evaluation:action_status", "action")])
def test_it_lets_only_staff_post_report_workflow_steps(client_for, users, world, name, obj):
    url = reverse(name, args=[world[obj].pk]) if obj else reverse(name)
    for role in ["owner", "outsider", "partner", "expert"]:
        assert client_for(users[role]).post(url, {"fiscal_year": 2570, "as_of": "2026-10", "title": "x",
                                                  "status": "done"}).status_code == 403
    assert client_for(None).post(url, {}).status_code == 302
    assert Report.objects.count() == 1 and Finding.objects.count() == 1
    assert ImprovementAction.objects.get().status == "open"


def test_it_hides_someone_elses_income_and_community(client_for, api_for, outsider, world):
    community = TourismCommunityFactory()
    url = reverse("evaluation:unit_detail", args=["tourism_community", community.pk])
    assert client_for(outsider).get(url).status_code == 404
    community.coordinators.add(outsider)
    assert client_for(outsider).get(url).status_code == 200
    assert api_for(outsider).get(f"/api/v1/income-records/{world['record'].pk}/").status_code == 404
    assert api_for(outsider).delete(f"/api/v1/income-records/{world['record'].pk}/").status_code == 403  # staff only
    assert IncomeRecord.objects.count() == 1


API_READS = [
    ("/api/v1/income-records/", (DENIED, 200, 200, 200, 200, 200)),
    ("/api/v1/evaluation/enrollments/", (DENIED, 200, 403, 403, 403, 403)),
    ("/api/v1/evaluation/targets/", (DENIED, 200, 200, 200, 200, 200)),
    ("/api/v1/evaluation/results/?fiscal_year=2570&as_of=2026-10", (DENIED, 200, 200, 200, 200, 200)),
    ("/api/v1/evaluation/reports/", (DENIED, 200, 403, 403, 403, 403)),
    ("report-detail", (DENIED, 200, 403, 403, 403, 403)),
    ("/api/v1/evaluation/findings/", (DENIED, 200, 403, 403, 403, 403)),
    ("/api/v1/evaluation/actions/", (DENIED, 200, 403, 403, 403, 403)),
]


@pytest.mark.parametrize("url, expected", API_READS, ids=[a[0] for a in API_READS])
def test_it_guards_every_api_read(api_for, users, world, url, expected):
    if url == "report-detail":
        url = f"/api/v1/evaluation/reports/{world['report'].pk}/"
    got = (api_status(api_for(None).get(url).status_code),
           *(api_for(users[role]).get(url).status_code for role in ROLES[1:]))
    assert got == expected


def test_it_scopes_what_each_role_reads(api_for, users, world):
    def ids(role, url):
        return [r.get("id", r.get("unit_id")) for r in api_for(users[role]).get(url).json()["results"]]

    assert ids("owner", "/api/v1/income-records/") == [world["record"].pk]
    assert ids("outsider", "/api/v1/income-records/") == []
    assert ids("partner", "/api/v1/income-records/") == []
    results = "/api/v1/evaluation/results/?fiscal_year=2570&as_of=2026-10"
    assert ids("owner", results) == [world["group"].pk]
    assert ids("outsider", results) == [] and ids("expert", results) == []
    assert ids("staff", results) == [world["group"].pk]


API_WRITES = [
    ("/api/v1/evaluation/enrollments/", {"fiscal_year": 2570, "project": "kbo", "producer_group": "G"},
     (DENIED, 201, 403, 403, 403, 403), Enrollment),
    ("/api/v1/evaluation/targets/", {"fiscal_year": 2571, "project": "kbo", "target_percent": "5"},
     (DENIED, 201, 403, 403, 403, 403), Target),
    ("/api/v1/evaluation/reports/", {"fiscal_year": 2570, "as_of": "2026-10"},
     (DENIED, 202, 403, 403, 403, 403), Report),
    ("/api/v1/income-records/", {"producer_group": "G", "month": "2026-11", "source": "tourism", "amount": "1"},
     (DENIED, 201, 200, 403, 403, 403), IncomeRecord),
]


@pytest.mark.parametrize("url, payload, expected, model", API_WRITES, ids=[a[0] for a in API_WRITES])
def test_it_guards_every_api_write(api_for, users, world, url, payload, expected, model, published_tasks):
    payload = {k: (world["group"].pk if v == "G" else v) for k, v in payload.items()}
    before = model.objects.count()
    got = (api_status(api_for(None).post(url, payload, format="json").status_code),
           *(api_for(users[role]).post(url, payload, format="json").status_code for role in ROLES[1:]))
    assert got == expected
    assert model.objects.count() == before + 1  # staff created one; the owner's repeat updated it


def test_it_lets_staff_use_the_admin_for_evaluation(client_for, staff, owner, world):
    c = client_for(staff)
    for model in ["incomerecord", "enrollment", "target", "report", "finding", "improvementaction"]:
        assert c.get(reverse(f"admin:evaluation_{model}_changelist")).status_code == 200, model
    assert c.get(reverse("admin:evaluation_report_change", args=[world["report"].pk])).status_code == 200
    response = c.post(reverse("admin:evaluation_report_add"), {"fiscal_year": 2570, "as_of": "2026-10-01"})
    assert response.status_code == 302
    assert list(Report.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    bad = c.post(reverse("admin:evaluation_report_add"), {"fiscal_year": 2570, "as_of": "2027-10-01"})
    assert bad.status_code == 200 and Report.objects.count() == 2
    assert client_for(owner).get(reverse("admin:evaluation_incomerecord_changelist")).status_code == 302


def test_it_keeps_list_pages_at_a_constant_query_count(client_for, staff, owner, group, assert_constant_queries):
    from tests.factories import core as cf

    TargetFactory()
    c_staff, c_owner = client_for(staff), client_for(owner)
    rows = []

    def grow(n):
        for _ in range(n):
            g = cf.ProducerGroupFactory()
            enroll(g)
            income(g, "2026-10", Decimal("10"))
            rows.append(g)
            income(group, f"{2020 + len(rows) // 12}-{len(rows) % 12 + 1:02d}", 5)
        Report.objects.bulk_create([Report(fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=100 + len(rows) + i)
                                    for i in range(n)])

    grow(3)
    # uncached (a write changes the generation anyway; clearing makes the first fetch miss as well)
    assert_constant_queries(lambda: (cache.clear(), c_staff.get("/evaluation/", {"fiscal_year": 2570,
                                                                                 "as_of": "2026-10"})),
                            lambda: grow(27))
    assert_constant_queries(lambda: c_staff.get("/evaluation/reports/"), lambda: grow(27))
    assert_constant_queries(lambda: c_owner.get("/evaluation/income/"), lambda: grow(27))


def test_only_staff_delete_an_income_record_over_the_api(api_for, owner, staff, group):
    from evaluation.models import IncomeRecord

    record = IncomeRecord.objects.create(producer_group=group, month="2026-10-01", source="product_sales",
                                         amount="1000.00")
    assert api_for(owner).delete(f"/api/v1/income-records/{record.pk}/").status_code == 403
    assert IncomeRecord.objects.filter(pk=record.pk).exists()
    assert api_for(staff).delete(f"/api/v1/income-records/{record.pk}/").status_code == 204
    assert not IncomeRecord.objects.filter(pk=record.pk).exists()


def test_it_answers_which_units_a_user_answers_for_in_one_place(users, group, other_group):
    from evaluation.selectors import units_answered_by

    community = TourismCommunityFactory()
    community.coordinators.add(users["outsider"])
    staff = units_answered_by(user=users["staff"])
    assert staff.everything and staff.includes(tourism_community_id=community.pk)
    assert units_answered_by(user=SYSTEM).everything
    owner = units_answered_by(user=users["owner"])
    assert owner.includes(producer_group_id=group.pk) and not owner.includes(producer_group_id=other_group.pk)
    assert not owner.includes(tourism_community_id=community.pk)
    outsider = units_answered_by(user=users["outsider"])  # a producer of other_group who coordinates too
    assert [name for _value, name in outsider.choices()] == [other_group.name_th, community.name_th]
    for role in ("anonymous", "partner", "expert"):
        assert units_answered_by(user=users[role]).choices() == []
    assert set(IncomeRecord.objects.visible_to(users["outsider"])) == set()
