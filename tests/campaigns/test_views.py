"""Pages: raising an issue, the thread (escaped), actions, supports, campaign pages, CSV import, QR."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from campaigns import services
from campaigns.choices import IssueStatus
from campaigns.models import CampaignPost, DevelopmentIssue, IssueComment, Support, TrackedLink
from core.actors import SYSTEM
from tests.campaigns.test_permissions import png_upload
from tests.factories.campaigns import CampaignFactory, LinkFactory, PostFactory, assigned_issue


def test_it_lets_a_producer_raise_an_issue_for_their_group_with_an_attachment(client_for, owner, group):
    response = client_for(owner).post("/issues/new/", {
        "title": "ต้องการมาตรฐาน มผช.", "category": "standards", "priority": "high", "group": group.pk,
        "description": "ยังไม่เคยยื่นขอ", "attachment": png_upload()})
    issue = DevelopmentIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/issues/{issue.pk}/"
    assert issue.raised_by == owner and issue.group == group and issue.attachments.count() == 1


def test_it_refuses_a_fake_image_attachment_and_saves_nothing(client_for, owner, group):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client_for(owner).post("/issues/new/", {
        "title": "x", "category": "other", "priority": "normal", "group": group.pk, "attachment": fake})
    assert response.status_code == 200
    assert "แนบได้เฉพาะรูปภาพ" in response.content.decode()
    assert not DevelopmentIssue.objects.exists()


def test_it_does_not_offer_other_groups_to_a_producer(client_for, owner, group, other_group):
    content = client_for(owner).get("/issues/new/").content.decode()
    assert group.name_th in content and other_group.name_th not in content


def test_it_escapes_comments(client_for, owner, group, partner_org):
    issue = assigned_issue(group, partner_org, raised_by=owner)
    c = client_for(owner)
    c.post(f"/issues/{issue.pk}/", {"form": "comment", "kind": "comment",
                                    "body": "<script>alert('x')</script><img src=x onerror=alert(1)>"})
    assert IssueComment.objects.get().body.startswith("<script>")
    content = c.get(f"/issues/{issue.pk}/").content.decode()
    assert "<script>alert(" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(" in content


def test_it_shows_a_partner_the_accept_and_decline_buttons_and_runs_the_step(
        client_for, partner_user, group, partner_org, owner, django_capture_on_commit_callbacks):
    owner.email = "owner@example.org"
    owner.save()
    issue = assigned_issue(group, partner_org, raised_by=owner)
    c = client_for(partner_user)
    content = c.get(f"/issues/{issue.pk}/").content.decode()
    assert 'value="accept"' in content and 'value="decline"' in content and 'value="close"' not in content
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/issues/{issue.pk}/", {"form": "transition", "action": "accept", "note": "รับครับ"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]


def test_it_shows_a_thai_message_for_a_step_not_allowed(client_for, partner_user, group, partner_org):
    issue = assigned_issue(group, partner_org)
    response = client_for(partner_user).post(f"/issues/{issue.pk}/", {"form": "transition", "action": "close"})
    assert response.status_code == 403
    assert "ขั้นตอนนี้ทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชน" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ASSIGNED


def test_it_shows_a_thai_message_when_declining_without_a_reason(client_for, partner_user, group, partner_org):
    issue = assigned_issue(group, partner_org)
    response = client_for(partner_user).post(f"/issues/{issue.pk}/", {"form": "transition", "action": "decline"})
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผลที่ปฏิเสธ" in response.content.decode()


def test_it_lets_staff_assign_from_the_page(client_for, staff, group, partner_org, other_partner_org):
    issue = assigned_issue(group, status=IssueStatus.OPEN)
    response = client_for(staff).post(f"/issues/{issue.pk}/", {
        "form": "transition", "action": "assign", "partners": [partner_org.pk, other_partner_org.pk]})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.ASSIGNED
    assert set(issue.assigned_partners.all()) == {partner_org, other_partner_org}


def test_it_lets_a_partner_record_support_for_their_own_organisation(client_for, partner_user, partner_org,
                                                                      other_partner_org, group):
    response = client_for(partner_user).post("/partner/supports/new/", {
        "partner": other_partner_org.pk, "kind": "design", "title": "ออกแบบกล่องใหม่", "date": "2026-11-20",
        "value": "25000", "group": group.pk, "outcome": "ได้กล่อง 3 แบบ"})
    assert response.status_code == 302
    support = Support.objects.get()
    assert support.partner == partner_org and support.value == 25000 and support.recorded_by == partner_user


def test_it_refuses_a_negative_value_and_a_support_without_recipient(client_for, partner_user):
    c = client_for(partner_user)
    response = c.post("/partner/supports/new/", {"kind": "money", "title": "x", "date": "2026-11-20",
                                                 "value": "-5"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "ผู้รับการสนับสนุน" in content or "มากกว่าหรือเท่ากับ 0" in content
    assert not Support.objects.exists()


def test_it_refuses_support_recording_to_producers(client_for, owner):
    assert client_for(owner).get("/partner/supports/new/").status_code == 403


def test_it_renders_the_campaign_page_with_metrics_charts_and_targets(client_for, staff, group):
    from tests.factories.campaigns import published_product

    product = published_product(group)
    campaign = CampaignFactory(name="เที่ยวอ่างทอง ช้อป OTOP")
    PostFactory(campaign=campaign, reach=1200, channel="facebook")
    PostFactory(campaign=campaign, reach=800, channel="tiktok", video_views=5000)
    link = LinkFactory(campaign=campaign, target=product.get_absolute_url())
    shop = LinkFactory(campaign=campaign, target="https://shopee.co.th/angthong")
    today = timezone.localdate()
    services.click_record(actor=SYSTEM, link=link, day=today)
    services.click_record(actor=SYSTEM, link=link, day=today)
    services.click_record(actor=SYSTEM, link=shop, day=today - dt.timedelta(days=1))
    response = client_for(staff).get(campaign.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert '<figure class="chart' in content and 'class="bar"' in content
    assert ">2,000<" in content  # total reach, with a thousands separator
    for english in ("Reach", "Impressions", "Engagement", "Impr.", "Eng."):
        assert f">{english}<" not in content
    for thai in ("การเข้าถึง (คน)", "การแสดงผล (ครั้ง)", "การมีส่วนร่วม (ครั้ง)", "การเข้าถึงตามช่องทาง",
                 "วันที่ (วัน/เดือน)", '<div class="chart-unit">คลิก</div>', '<div class="chart-unit">คน</div>'):
        assert thai in content
    assert '1,200 คน</span>' in content  # facebook's reach under its bar, with its unit
    assert f'href="/links/{link.code}/card/"' in content and f'src="/links/{link.code}/qr.svg"' in content
    assert product.name_th in content  # the page the links drove traffic to
    metrics = response.context["metrics"]
    assert metrics["click_total"] == 3
    assert metrics["targets"][0] == {"target": product.get_absolute_url(), "clicks": 2,
                                     "kind": "ผลิตภัณฑ์ OTOP", "name": product.name_th, "external": False}
    assert dict(metrics["click_series"])[today] == 2


def test_it_imports_posts_from_csv_on_the_page(client_for, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = CampaignFactory()
    csv_text = ("channel,url,date,reach,impressions,engagement,clicks,video_views\n"
                "facebook,https://facebook.com/p/1,2026-11-20,1000,1500,100,30,0\n"
                "TikTok,https://tiktok.com/@angthong/video/2,24/11/2569,\"2,500\",4000,300,50,9000\n")
    response = client_for(staff).post(campaign.get_absolute_url(), {
        "form": "import", "file": SimpleUploadedFile("posts.csv", csv_text.encode("utf-8-sig"))})
    assert response.status_code == 302
    posts = {p.channel: p for p in CampaignPost.objects.filter(campaign=campaign)}
    assert posts["tiktok"].reach == 2500 and posts["tiktok"].posted_on == dt.date(2026, 11, 24)


def test_it_reports_csv_errors_per_row_and_saves_nothing(client_for, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = CampaignFactory()
    csv_text = ("channel,url,date,reach\n"
                "facebook,https://facebook.com/p/1,2026-11-20,1000\n"
                "myspace,https://x.com/p,2026-11-20,5\n"
                "line,not a url,31/02/2569,-4\n")
    response = client_for(staff).post(campaign.get_absolute_url(), {
        "form": "import", "file": SimpleUploadedFile("posts.csv", csv_text.encode())})
    assert response.status_code == 400
    content = response.content.decode()
    assert "แถวที่ 3" in content and "myspace" in content
    assert "แถวที่ 4" in content and "แถวที่ 2" not in content
    assert not CampaignPost.objects.exists()


def test_it_creates_a_tracked_link_on_the_page_and_refuses_an_evil_one(client_for, staff):
    campaign = CampaignFactory()
    c = client_for(staff)
    r = c.post(campaign.get_absolute_url(), {"form": "link", "channel": "line", "target": "https://evil.com/"})
    assert r.status_code == 400 and "ปลายทาง" in r.content.decode()
    r = c.post(campaign.get_absolute_url(), {"form": "link", "channel": "line", "target": "/products/",
                                             "label": "LINE OA"})
    assert r.status_code == 302
    link = TrackedLink.objects.get()
    assert len(link.code) == 7 and link.created_by == staff


@pytest.mark.parametrize("fmt, content_type, signature", [
    ("png", "image/png", b"\x89PNG"), ("svg", "image/svg+xml", b"<svg")])
def test_it_serves_a_printable_qr_code(client_for, staff, fmt, content_type, signature):
    link = LinkFactory(code="booth1")
    response = client_for(staff).get(f"/links/booth1/qr.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert signature in response.content[:200]
    assert link.code in response["Content-Disposition"]


def test_it_shows_a_printable_a6_qr_card_with_the_link_written_out(client_for, staff):
    LinkFactory(code="booth3", label="บูธงานกาชาด")
    response = client_for(staff).get("/links/booth3/card/")
    assert response.status_code == 200
    content = response.content.decode()
    card = content[content.index('<div class="booth-card"'):]
    assert 'src="/links/booth3/qr.svg"' in card  # the QR itself, scalable
    assert "http://testserver/go/booth3" in card and "บูธงานกาชาด" in card
    assert "data-print" in content and "<script>" not in content  # the print button, no inline script
    css = (Path(settings.BASE_DIR) / "campaigns/static/campaigns/print-card.css").read_text()
    assert "A6" in css


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("owner", 403), ("outsider", 403), ("partner", 403),
                                         ("expert", 403), ("staff", 200)])
def test_it_shows_the_qr_card_to_staff_only(client_for, users, who, status):
    LinkFactory(code="booth4")
    user = users[who]
    assert client_for(user).get("/links/booth4/card/").status_code == status
    if who == "staff":
        assert client_for(user).get("/links/nosuch/card/").status_code == 404


def test_it_answers_404_for_an_unknown_qr_format(client_for, staff):
    LinkFactory(code="booth2")
    assert client_for(staff).get("/links/booth2/qr.gif").status_code == 404


def test_it_lets_staff_create_a_campaign_on_the_page(client_for, staff):
    r = client_for(staff).post("/campaigns/new/", {"name": "ตุ๊กตาชาววังสู่ตลาดออนไลน์", "starts_on": "2026-12-01",
                                                   "ends_on": "2026-11-01", "budget": "1000"})
    assert r.status_code == 200 and "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม" in r.content.decode()
    r = client_for(staff).post("/campaigns/new/", {"name": "ตุ๊กตาชาววังสู่ตลาดออนไลน์", "starts_on": "2026-11-01",
                                                   "ends_on": "2026-12-31", "budget": "1000",
                                                   "channels": ["facebook", "tiktok"]})
    assert r.status_code == 302
    from campaigns.models import Campaign

    campaign = Campaign.objects.get()
    assert campaign.owner == staff and campaign.channels == ["facebook", "tiktok"]


@pytest.mark.parametrize("who, status, expected", [
    ("owner", "open", 302), ("owner", "assigned", 403), ("partner_user", "assigned", 403),
    ("outsider", "open", 404), ("staff", "in_progress", 302),
])
def test_it_lets_only_staff_or_the_raiser_of_an_open_issue_edit_it(request, who, status, expected, group,
                                                                   partner_org, owner, client_for):
    issue = assigned_issue(group, partner_org, status=status, raised_by=owner)
    response = client_for(request.getfixturevalue(who)).post(f"/issues/{issue.pk}/edit/", {
        "title": "หัวข้อใหม่", "category": "packaging", "priority": "urgent", "group": group.pk})
    assert response.status_code == expected
    issue.refresh_from_db()
    assert (issue.title == "หัวข้อใหม่") is (expected == 302)


def test_it_filters_the_partner_portal_by_status_category_and_priority(client_for, partner_user, group,
                                                                       partner_org):
    assigned_issue(group, partner_org, title="กล่องใหม่", category="packaging", priority="high")
    assigned_issue(group, partner_org, title="ขอ อย.", category="standards", priority="low",
                   status=IssueStatus.IN_PROGRESS)
    c = client_for(partner_user)

    def titles(query):
        return [i.title for i in c.get("/partner/" + query).context["issues"]]

    assert sorted(titles("")) == ["กล่องใหม่", "ขอ อย."]
    assert titles("?status=in_progress") == ["ขอ อย."]
    assert titles("?category=packaging") == ["กล่องใหม่"]
    assert titles("?priority=low") == ["ขอ อย."]
    assert titles("?priority=high&status=in_progress") == []


@pytest.mark.parametrize("who, sees", [("staff", True), ("partner_user", True), ("other_partner_user", False),
                                       ("owner", True), ("outsider", False)])
def test_it_lists_supports_on_the_page_by_visibility(request, who, sees, group, partner_org, client_for):
    from tests.factories.campaigns import SupportFactory

    request.getfixturevalue("other_partner_user")
    SupportFactory(partner=partner_org, group=group, title="ออกแบบฉลากใหม่")
    content = client_for(request.getfixturevalue(who)).get("/partner/supports/").content.decode()
    assert ("ออกแบบฉลากใหม่" in content) is sees


def test_it_offers_staff_a_csv_template_that_imports_cleanly(client_for, staff, outsider):
    assert client_for(outsider).get("/campaigns/posts-template.csv").status_code == 404
    response = client_for(staff).get("/campaigns/posts-template.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert services.posts_import_csv(actor=staff, campaign=CampaignFactory(), data=response.content) == 1


def test_it_lets_staff_enter_one_post_and_refuses_a_duplicate_url(client_for, staff):
    campaign = CampaignFactory()
    data = {"form": "post", "channel": "youtube", "url": "https://www.youtube.com/watch?v=abc",
            "posted_on": "2026-11-20", "reach": "500", "impressions": "700", "engagement": "40", "clicks": "12",
            "video_views": "450"}
    c = client_for(staff)
    assert c.post(campaign.get_absolute_url(), data).status_code == 302
    post = CampaignPost.objects.get()
    assert (post.channel, post.video_views) == ("youtube", 450)
    response = c.post(campaign.get_absolute_url(), data)
    assert response.status_code == 400 and "มีโพสต์ลิงก์นี้อยู่แล้ว" in response.content.decode()
    assert CampaignPost.objects.count() == 1
