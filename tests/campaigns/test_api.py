"""API endpoints beyond visibility: supports, campaigns with posts/CSV/metrics, links, attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import services
from campaigns.models import Campaign, IssueAttachment, TrackedLink
from core.actors import SYSTEM
from tests.campaigns.test_permissions import png_upload
from tests.factories.campaigns import CampaignFactory, LinkFactory, assigned_issue


def test_it_lets_a_partner_record_support_on_the_api_for_their_organisation(api_for, partner_user, partner_org,
                                                                            other_partner_org, group):
    r = api_for(partner_user).post("/api/v1/supports/", {
        "partner": other_partner_org.pk, "kind": "training", "title": "อบรมการตลาดออนไลน์", "group": group.pk,
        "date": "2026-11-15", "value": "9000.00", "outcome": "สมาชิกเปิดร้านออนไลน์ 5 ร้าน"}, format="json")
    assert r.status_code == 403  # not their organisation
    assert not other_partner_org.supports.exists()
    r = api_for(partner_user).post("/api/v1/supports/", {
        "kind": "training", "title": "อบรมการตลาดออนไลน์", "group": group.pk, "date": "2026-11-15",
        "value": "9000.00"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["partner"] == partner_org.pk and r.json()["value"] == "9000.00"


def test_it_refuses_a_negative_support_value_on_the_api(api_for, staff, partner_org, group):
    r = api_for(staff).post("/api/v1/supports/", {"partner": partner_org.pk, "kind": "money", "title": "x",
                                                  "group": group.pk, "date": "2026-11-15", "value": "-1"},
                            format="json")
    assert r.status_code == 400 and "value" in r.json()
    assert not partner_org.supports.exists()


def test_it_lets_staff_manage_a_campaign_with_posts_csv_and_metrics(api_for, staff):
    api = api_for(staff)
    r = api.post("/api/v1/campaigns/", {"name": "เที่ยวอ่างทอง ช้อป OTOP", "starts_on": "2026-11-01",
                                        "ends_on": "2026-12-31", "budget": "80000",
                                        "channels": ["facebook", "tiktok"]}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert Campaign.objects.get(pk=pk).owner == staff
    r = api.post(f"/api/v1/campaigns/{pk}/posts/", {"channel": "facebook", "url": "https://facebook.com/p/1",
                                                     "posted_on": "2026-11-02", "reach": 100}, format="json")
    assert r.status_code == 201, r.content
    csv_file = SimpleUploadedFile("p.csv", b"channel,url,date,reach\ntiktok,https://tiktok.com/v/1,2026-11-03,250\n")
    r = api.post(f"/api/v1/campaigns/{pk}/import-posts/", {"file": csv_file}, format="multipart")
    assert r.status_code == 201 and r.json() == {"imported": 1}
    bad = SimpleUploadedFile("p.csv", b"channel,url,date,reach\nfax,https://x/1,2026-11-03,1\n")
    r = api.post(f"/api/v1/campaigns/{pk}/import-posts/", {"file": bad}, format="multipart")
    assert r.status_code == 400 and r.json()["non_field_errors"][0].startswith("แถวที่ 2")
    assert api.get(f"/api/v1/campaigns/{pk}/posts/").json()["count"] == 2
    link = services.link_create(actor=staff, campaign=Campaign.objects.get(pk=pk), channel="print", target="/")
    services.click_record(actor=SYSTEM, link=link)
    metrics = api.get(f"/api/v1/campaigns/{pk}/metrics/").json()
    assert metrics["totals"]["reach"] == 350 and metrics["click_total"] == 1


def test_it_refuses_a_campaign_ending_before_it_starts(api_for, staff):
    r = api_for(staff).post("/api/v1/campaigns/", {"name": "x", "starts_on": "2026-12-01", "ends_on": "2026-11-01"},
                            format="json")
    assert r.status_code == 400
    assert "วันสิ้นสุด" in str(r.json())
    assert not Campaign.objects.exists()


def test_it_lets_staff_create_links_and_reports_clicks(api_for, staff):
    campaign = CampaignFactory()
    r = api_for(staff).post("/api/v1/links/", {"campaign": campaign.pk, "channel": "line", "code": "line-oa",
                                               "target": "https://line.me/R/ti/p/@angthong"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["short_url"] == "http://testserver/go/line-oa"
    assert r.json()["total_clicks"] == 0  # never clicked: 0, not null
    link = TrackedLink.objects.get(code="line-oa")
    for _ in range(3):
        services.click_record(actor=SYSTEM, link=link)
    assert api_for(staff).get(f"/api/v1/links/{link.pk}/").json()["total_clicks"] == 3


def test_it_refuses_a_link_update_to_an_evil_target(api_for, staff):
    link = LinkFactory()
    r = api_for(staff).patch(f"/api/v1/links/{link.pk}/", {"target": "https://evil.com"}, format="json")
    assert r.status_code == 400
    link.refresh_from_db()
    assert link.target == "/products/"


@pytest.mark.parametrize("who, status", [("owner", 201), ("partner_user", 201), ("other_partner_user", 404),
                                         ("outsider", 404)])
def test_it_accepts_attachments_from_those_who_see_the_issue(request, who, status, api_for, group, partner_org,
                                                             owner):
    request.getfixturevalue("other_partner_user")
    issue = assigned_issue(group, partner_org, raised_by=owner)
    r = api_for(request.getfixturevalue(who)).post(f"/api/v1/issues/{issue.pk}/attachments/",
                                                   {"file": png_upload(), "caption": "รูปกล่องที่แตก"},
                                                   format="multipart")
    assert r.status_code == status
    assert IssueAttachment.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        assert r.json()["url"].startswith("/files/campaigns.issueattachment/")


def test_it_refuses_a_non_pdf_document_attachment(api_for, owner, group):
    issue = assigned_issue(group, status="open", raised_by=owner)
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = api_for(owner).post(f"/api/v1/issues/{issue.pk}/attachments/", {"file": fake_pdf}, format="multipart")
    assert r.status_code == 400 and "PDF" in str(r.json())
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf")
    r = api_for(owner).post(f"/api/v1/issues/{issue.pk}/attachments/", {"file": pdf}, format="multipart")
    assert r.status_code == 201


def test_it_lets_the_raising_producer_edit_an_open_issue_but_not_later(api_for, owner, group, partner_org):
    issue = assigned_issue(group, status="open", raised_by=owner)
    api = api_for(owner)
    assert api.patch(f"/api/v1/issues/{issue.pk}/", {"priority": "urgent"}, format="json").status_code == 200
    issue.refresh_from_db()
    assert issue.priority == "urgent"
    issue = assigned_issue(group, partner_org, raised_by=owner)
    assert api.patch(f"/api/v1/issues/{issue.pk}/", {"priority": "urgent"}, format="json").status_code == 403
    issue.refresh_from_db()
    assert issue.priority != "urgent"
