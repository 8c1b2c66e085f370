"""The issue status flow: open → assigned → in_progress → resolved → closed, declined → back
to staff; each step logged and e-mailed to those involved; wrong steps refused in Thai."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.choices import IssueStatus
from campaigns.models import DevelopmentIssue, IssueStatusChange
from tests.factories.campaigns import assigned_issue


def _recipients():
    return sorted(addr for m in mail.outbox for addr in m.to)


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """Run one service call, committing, and return the addresses it e-mailed."""

    def run(func, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = func(**kwargs)
        return result, _recipients()

    return run


def test_it_walks_the_whole_flow_emailing_those_involved_at_each_step(
        step, emails, staff, owner, group, partner_user, partner_org):
    issue, to = step(services.issue_create, actor=owner, title="กล่องบรรจุตุ๊กตาแตกระหว่างขนส่ง",
                     category="packaging", priority="high", group=group, description="ต้องการกล่องใหม่")
    assert issue.status == IssueStatus.OPEN
    assert to == ["staff@example.org"]  # a new issue goes to the staff

    issue, to = step(services.issue_transition, actor=staff, issue=issue, action="assign",
                     partners=[partner_org], note="ขอให้ทีมออกแบบช่วย")
    assert issue.status == IssueStatus.ASSIGNED
    assert issue.staff_contact == staff
    assert to == ["owner@example.org", "partner@example.org"]
    assert "มอบหมาย" in mail.outbox[0].subject and "ขอให้ทีมออกแบบช่วย" in mail.outbox[0].body

    issue, to = step(services.issue_transition, actor=partner_user, issue=issue, action="accept")
    assert issue.status == IssueStatus.IN_PROGRESS
    assert to == ["owner@example.org", "staff@example.org"]

    services.issue_comment(actor=partner_user, issue=issue, body="ออกแบบต้นแบบกล่อง 3 แบบแล้ว", kind="progress")

    issue, to = step(services.issue_transition, actor=partner_user, issue=issue, action="resolve",
                     note="ส่งมอบแบบกล่องแล้ว")
    assert issue.status == IssueStatus.RESOLVED
    assert to == ["owner@example.org", "staff@example.org"]

    issue, to = step(services.issue_transition, actor=staff, issue=issue, action="close")
    assert issue.status == IssueStatus.CLOSED
    assert to == ["owner@example.org", "partner@example.org"]

    log = list(IssueStatusChange.objects.filter(issue=issue).values_list("actor__username", "from_status",
                                                                          "to_status"))
    assert log == [("owner", "", "open"), ("staff", "open", "assigned"), ("partner", "assigned", "in_progress"),
                   ("partner", "in_progress", "resolved"), ("staff", "resolved", "closed")]


def test_it_sends_a_declined_issue_back_to_staff_for_reassignment(
        step, emails, staff, owner, group, partner_user, partner_org, other_partner_org, other_partner_user):
    issue = assigned_issue(group, partner_org, raised_by=owner, staff_contact=staff)
    with pytest.raises(ValidationError) as exc:
        services.issue_transition(actor=partner_user, issue=issue, action="decline")
    assert "เหตุผล" in str(exc.value)
    issue, to = step(services.issue_transition, actor=partner_user, issue=issue, action="decline",
                     note="ไม่มีผู้เชี่ยวชาญด้านนี้")
    assert issue.status == IssueStatus.DECLINED
    assert to == ["owner@example.org", "staff@example.org"]
    issue, to = step(services.issue_transition, actor=staff, issue=issue, action="assign",
                     partners=[other_partner_org])
    assert issue.status == IssueStatus.ASSIGNED
    assert set(issue.assigned_partners.all()) == {other_partner_org}
    assert to == ["otherpartner@example.org", "owner@example.org"]
    # the first partner no longer sees it
    assert not DevelopmentIssue.objects.visible_to(partner_user).filter(pk=issue.pk).exists()


def test_it_emails_every_user_of_every_assigned_partner(step, emails, staff, group, partner_org,
                                                         other_partner_org):
    from tests.factories.core import partner

    colleague_at_aru = partner(partner_org, username="aru2", email="aru2@example.org")
    issue = assigned_issue(group, status=IssueStatus.OPEN)
    _, to = step(services.issue_transition, actor=staff, issue=issue, action="assign",
                 partners=[partner_org, other_partner_org])
    assert to == ["aru2@example.org", "otherpartner@example.org", "partner@example.org"]
    assert colleague_at_aru.partner_organisation == partner_org


@pytest.mark.parametrize("actor_name, status, action, error", [
    ("owner", "open", "assign", PermissionDenied),
    ("partner_user", "open", "assign", PermissionDenied),
    ("staff", "assigned", "accept", PermissionDenied),
    ("owner", "assigned", "accept", PermissionDenied),
    ("other_partner_user", "assigned", "accept", PermissionDenied),
    ("partner_user", "resolved", "close", PermissionDenied),
    ("owner", "resolved", "close", PermissionDenied),
    ("staff", "assigned", "close", ValidationError),
    ("staff", "closed", "assign", ValidationError),
    ("partner_user", "in_progress", "accept", ValidationError),
    ("partner_user", "in_progress", "decline", ValidationError),
    ("partner_user", "assigned", "resolve", ValidationError),
    ("staff", "open", "fly", ValidationError),
])
def test_it_refuses_steps_not_allowed_for_the_role_or_state(request, group, partner_org, actor_name, status,
                                                            action, error):
    actor = request.getfixturevalue(actor_name)
    request.getfixturevalue("other_partner_user")
    issue = assigned_issue(group, partner_org, status=status)
    with pytest.raises(error) as exc:
        services.issue_transition(actor=actor, issue=issue, action=action, note="x",
                                  partners=[partner_org])
    message = str(exc.value)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message), message  # a Thai message
    issue.refresh_from_db()
    assert issue.status == status
    assert not IssueStatusChange.objects.filter(issue=issue).exists()


def test_it_lets_staff_resolve_and_partner_record_progress_only_in_progress(group, partner_org, partner_user,
                                                                            staff, owner):
    issue = assigned_issue(group, partner_org, raised_by=owner)
    with pytest.raises(ValidationError):
        services.issue_comment(actor=partner_user, issue=issue, body="เริ่มแล้ว", kind="progress")
    with pytest.raises(PermissionDenied):
        services.issue_comment(actor=owner, issue=issue, body="คืบหน้า", kind="progress")
    services.issue_comment(actor=owner, issue=issue, body="ขอบคุณครับ")
    issue = services.issue_transition(actor=partner_user, issue=issue, action="accept")
    services.issue_comment(actor=partner_user, issue=issue, body="ทำต้นแบบแล้ว", kind="progress")
    issue = services.issue_transition(actor=staff, issue=issue, action="resolve")
    assert issue.status == IssueStatus.RESOLVED


def test_it_refuses_an_issue_for_a_group_the_producer_is_not_in(owner, other_group):
    with pytest.raises(ValidationError) as exc:
        services.issue_create(actor=owner, title="x", category="other", group=other_group)
    assert "group" in exc.value.message_dict
    assert not DevelopmentIssue.objects.exists()


def test_it_refuses_partners_and_experts_raising_issues(partner_user, expert_user, group):
    for actor in (partner_user, expert_user):
        with pytest.raises(PermissionDenied):
            services.issue_create(actor=actor, title="x", category="other", group=group)


class TestApi:
    def test_it_refuses_a_producer_assigning_with_403_json(self, api_for, owner, group, partner_org):
        issue = assigned_issue(group, status=IssueStatus.OPEN, raised_by=owner)
        r = api_for(owner).post(f"/api/v1/issues/{issue.pk}/transition/",
                                {"action": "assign", "partners": [partner_org.pk]}, format="json")
        assert r.status_code == 403
        assert "เจ้าหน้าที่" in r.json()["detail"]
        issue.refresh_from_db()
        assert issue.status == IssueStatus.OPEN and not issue.assigned_partners.exists()

    def test_it_refuses_a_wrong_state_with_400_json(self, api_for, staff, group, partner_org):
        issue = assigned_issue(group, partner_org)
        r = api_for(staff).post(f"/api/v1/issues/{issue.pk}/transition/", {"action": "close"}, format="json")
        assert r.status_code == 400
        assert "ไม่สามารถ" in r.json()["action"][0]
        issue.refresh_from_db()
        assert issue.status == IssueStatus.ASSIGNED

    def test_it_lets_the_assigned_partner_accept_and_comment(self, api_for, partner_user, group, partner_org):
        issue = assigned_issue(group, partner_org)
        api = api_for(partner_user)
        r = api.post(f"/api/v1/issues/{issue.pk}/transition/", {"action": "accept"}, format="json")
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "in_progress"
        assert r.json()["status_log"][-1]["to_status"] == "in_progress"
        r = api.post(f"/api/v1/issues/{issue.pk}/comments/", {"body": "<b>เริ่มงาน</b>", "kind": "progress"},
                     format="json")
        assert r.status_code == 201

    def test_it_refuses_partner_edits_of_the_issue_itself(self, api_for, partner_user, group, partner_org):
        issue = assigned_issue(group, partner_org)
        r = api_for(partner_user).patch(f"/api/v1/issues/{issue.pk}/", {"status": "closed", "title": "x"},
                                        format="json")
        assert r.status_code == 403
        issue.refresh_from_db()
        assert issue.status == IssueStatus.ASSIGNED and issue.title != "x"

    def test_it_hides_another_partners_issue_behind_404(self, api_for, other_partner_user, group, partner_org):
        issue = assigned_issue(group, partner_org)
        api = api_for(other_partner_user)
        assert api.post(f"/api/v1/issues/{issue.pk}/transition/", {"action": "accept"},
                        format="json").status_code == 404
        assert api.post(f"/api/v1/issues/{issue.pk}/comments/", {"body": "x"}, format="json").status_code == 404
        issue.refresh_from_db()
        assert issue.status == IssueStatus.ASSIGNED and not issue.comments.exists()

    def test_it_lets_a_producer_raise_an_issue_through_the_api(self, api_for, owner, group):
        r = api_for(owner).post("/api/v1/issues/", {"title": "ต้องการขอ อย.", "category": "standards",
                                                     "priority": "urgent", "group": group.pk}, format="json")
        assert r.status_code == 201, r.content
        assert r.json()["status"] == "open" and r.json()["raised_by"] == str(owner)

    def test_it_refuses_a_producer_raising_for_another_group(self, api_for, owner, other_group):
        r = api_for(owner).post("/api/v1/issues/", {"title": "x", "category": "other", "group": other_group.pk},
                                format="json")
        assert r.status_code == 400
        assert "group" in r.json()
        assert not other_group.development_issues.exists()
