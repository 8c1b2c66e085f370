"""Campaigns' workspace queues: the partner's issues to accept/decline, issues silent for 14 days and
support records to complete; issues raised (producers) and unassigned issues (staff)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import selectors, services
from campaigns.choices import IssueStatus
from campaigns.models import IssueComment, IssueStatusChange, Support
from core.workspace import queues_for
from tests.factories.campaigns import IssueFactory, SupportFactory, assigned_issue

pytestmark = pytest.mark.django_db


def _age(model, pk, days):
    model.objects.filter(pk=pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_issues_awaiting_the_partner_oldest_assignment_first(
    staff, group, partner_org, other_partner_org, partner_user, other_partner_user
):
    first, second = IssueFactory(group=group), IssueFactory(group=group)
    for issue in (second, first):
        services.issue_transition(actor=staff, issue=issue, action="assign", partners=[partner_org])
    elsewhere = IssueFactory(group=group)
    services.issue_transition(actor=staff, issue=elsewhere, action="assign", partners=[other_partner_org])
    accepted = IssueFactory(group=group)
    services.issue_transition(actor=staff, issue=accepted, action="assign", partners=[partner_org])
    services.issue_transition(actor=partner_user, issue=accepted, action="accept")
    assert list(selectors.issues_awaiting_partner(user=partner_user)) == [second, first]
    assert list(selectors.issues_awaiting_partner(user=other_partner_user)) == [elsewhere]


def test_in_progress_issues_silent_for_fourteen_days(staff, group, partner_org, partner_user):
    silent = assigned_issue(group, partner_org, status=IssueStatus.IN_PROGRESS)
    _age(type(silent), silent.pk, 20)
    commented = assigned_issue(group, partner_org, status=IssueStatus.IN_PROGRESS)
    _age(type(commented), commented.pk, 30)
    note = IssueComment.objects.create(issue=commented, author=partner_user, body="ส่งแบบร่างแล้ว")
    _age(IssueComment, note.pk, 3)
    moved = assigned_issue(group, partner_org, status=IssueStatus.IN_PROGRESS)
    _age(type(moved), moved.pk, 30)
    change = IssueStatusChange.objects.create(
        issue=moved, action="accept", from_status="assigned", to_status="in_progress"
    )
    _age(IssueStatusChange, change.pk, 13)
    older = assigned_issue(group, partner_org, status=IssueStatus.IN_PROGRESS)
    _age(type(older), older.pk, 40)
    old_note = IssueComment.objects.create(issue=older, author=partner_user, body="เริ่มแล้ว")
    _age(IssueComment, old_note.pk, 25)
    assert list(selectors.issues_stale(user=partner_user)) == [older, silent]


def test_supports_to_complete_are_the_organisations_without_outcome(
    partner_org, other_partner_org, partner_user, client_for
):
    todo = SupportFactory(partner=partner_org, date=dt.date(2026, 10, 1))
    SupportFactory(partner=partner_org, outcome="กลุ่มเปิดร้านออนไลน์ได้")
    SupportFactory(partner=other_partner_org)
    assert list(selectors.supports_to_complete(user=partner_user)) == [todo]
    queue = next(q for q in queues_for(partner_user) if q.key == "partner.supports")
    assert queue.count == 1 and queue.rows[0].url == reverse("campaigns:support_edit", args=[todo.pk])
    response = client_for(partner_user).post(
        queue.rows[0].url,
        {
            "kind": todo.kind,
            "title": todo.title,
            "date": "2026-10-01",
            "value": "15000",
            "group": todo.group_id,
            "outcome": "กลุ่มได้ตราสินค้าใหม่",
        },
    )
    assert response.status_code == 302
    assert Support.objects.get(pk=todo.pk).outcome == "กลุ่มได้ตราสินค้าใหม่"
    assert selectors.supports_to_complete(user=partner_user).count() == 0


def test_another_organisations_support_cannot_be_opened(
    partner_org, other_partner_org, other_partner_user, client_for, owner
):
    todo = SupportFactory(partner=partner_org)
    url = reverse("campaigns:support_edit", args=[todo.pk])
    assert client_for(other_partner_user).get(url).status_code == 404
    assert client_for(owner).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_producers_see_their_open_issues_staff_the_unassigned(
    group, other_group, owner, outsider, staff, partner_org
):
    mine = IssueFactory(group=group, raised_by=owner)
    IssueFactory(group=group, status=IssueStatus.CLOSED)
    theirs = IssueFactory(group=other_group)
    declined = assigned_issue(group, partner_org, status=IssueStatus.DECLINED)
    assert set(selectors.issues_raised(user=owner)) == {mine, declined}
    assert set(selectors.issues_raised(user=outsider)) == {theirs}
    assert list(selectors.issues_unassigned(user=staff)) == [mine, theirs, declined]
    assert list(selectors.issues_unassigned(user=owner)) == []


@pytest.mark.parametrize("size", [3, 30])
def test_partner_queues_run_one_query_each(size, group, partner_org, partner_user, django_assert_num_queries):
    for _i in range(size):
        assigned_issue(group, partner_org)
        _age(
            type(group.development_issues.first()),
            assigned_issue(group, partner_org, status=IssueStatus.IN_PROGRESS).pk,
            20,
        )
        SupportFactory(partner=partner_org)
    # one per partner queue (3), plus tourism (does the user coordinate a community?) and network (an
    # expert profile?) asking once each
    with django_assert_num_queries(5):
        queues = [q for q in queues_for(partner_user) if q.role == "partner"]
    assert [q.count for q in queues] == [size, size, size]
