"""The notification matrix: each workflow event × each recipient role × each channel (portal, e-mail, LINE),
run through the apps' real services against the local fake of the LINE Messaging API.

Every standing user has an e-mail address and a linked LINE account, so what each receives is decided by
the event's rules alone. After every event: exactly one LINE push per notified linked user, and no
notification of an object its recipient may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.actors import SYSTEM
from core.models import LineAccount, Notification, NotificationDelivery
from core.notifications import may_see
from tests.factories import core as f
from tests.factories.campaigns import IssueFactory, assigned_issue
from tests.factories.network import EventFactory, QuestionFactory, RegistrationFactory
from tests.factories.products import ProductFactory
from tests.factories.tourism import BookingFactory, CommunityFactory, ProgramFactory
from tests.factories.wisdom import WisdomRecordFactory
from wisdom.choices import AccessLevel, Status

pytestmark = pytest.mark.django_db

ROLES = ("owner", "colleague", "outsider", "partner", "other_partner", "expert", "staff", "staff2")
ALL = {"portal", "email", "line"}
NO_EMAIL = {
    "portal",
    "line",
}  # the e-mail is the app's own (sent before notifications existed), or off by default


@pytest.fixture
def people(owner, colleague, outsider, partner_user, other_partner_user, expert_user, staff):
    users = {
        "owner": owner,
        "colleague": colleague,
        "outsider": outsider,
        "partner": partner_user,
        "other_partner": other_partner_user,
        "expert": expert_user,
        "staff": staff,
        "staff2": f.staff(username="staff2"),
    }
    for name, user in users.items():
        user.email = f"{name}@example.com"
        user.save(update_fields=["email"])
        LineAccount.objects.create(user=user, line_user_id=f"U{name}", linked_at=timezone.now())
    return users


def received(people) -> dict[str, set[str]]:
    """{role: channels} of everyone notified (portal: a notification; e-mail/LINE: a delivery sent)."""
    by_pk = {u.pk: name for name, u in people.items()}
    got: dict[str, set[str]] = {}
    for n in Notification.objects.all():
        got.setdefault(by_pk[n.recipient_id], set()).add("portal")
    for d in NotificationDelivery.objects.filter(status="sent").select_related("notification"):
        got.setdefault(by_pk[d.notification.recipient_id], set()).add(d.channel)
    return got


# --- the events, each run through its app's service ---------------------------------------------------


def wisdom_sent_back(p, group):
    from wisdom import services

    record = WisdomRecordFactory(
        owner_group=group, created_by=p["owner"], status=Status.SUBMITTED, access_level=AccessLevel.RESTRICTED
    )
    services.record_send_back(actor=p["staff"], record=record, comment="เพิ่มภาพขั้นตอน")
    return {"owner": ALL, "colleague": ALL}


def wisdom_published(p, group):
    from wisdom import services

    record = WisdomRecordFactory(owner_group=group, created_by=p["owner"], status=Status.VERIFIED)
    services.record_publish(actor=p["staff"], record=record)
    return {"owner": ALL, "colleague": ALL}


def booking_requested(p, group):
    from tourism import services

    program = ProgramFactory(
        community=CommunityFactory(coordinators=[p["owner"]]),
        daily_capacity=10,
        max_group_size=10,
        min_group_size=1,
    )
    services.booking_create(
        actor=SYSTEM,
        program=program,
        date=dt.date.today() + dt.timedelta(days=14),
        people=2,
        name="นักท่องเที่ยว",
        phone="0812345678",
        email="tourist@example.org",
    )
    return {"owner": NO_EMAIL}


def booking_confirmed(p, group):
    from tourism import services

    community = CommunityFactory(coordinators=[p["owner"], p["colleague"]])
    booking = BookingFactory(program=ProgramFactory(community=community))
    services.booking_confirm(actor=p["owner"], booking=booking)
    return {"colleague": ALL}  # the other coordinator; the tourist is e-mailed by tourism itself


def booking_declined(p, group):
    from tourism import services

    community = CommunityFactory(coordinators=[p["owner"], p["colleague"]])
    booking = BookingFactory(program=ProgramFactory(community=community))
    services.booking_decline(actor=p["colleague"], booking=booking, reason="วันนั้นชุมชนมีงานบุญ")
    return {"owner": ALL}


def issue_assigned(p, group):
    from campaigns import services

    issue = IssueFactory(group=group, raised_by=p["owner"], staff_contact=p["staff"])
    services.issue_transition(
        actor=p["staff"], issue=issue, action="assign", partners=[p["partner"].partner_organisation]
    )
    return {"owner": ALL, "partner": ALL}


def issue_accepted(p, group):
    from campaigns import services

    issue = assigned_issue(
        group, p["partner"].partner_organisation, raised_by=p["owner"], staff_contact=p["staff"]
    )
    services.issue_transition(actor=p["partner"], issue=issue, action="accept")
    return {"owner": ALL, "staff": ALL}


def issue_commented(p, group):
    from campaigns import services

    issue = assigned_issue(
        group, p["partner"].partner_organisation, raised_by=p["owner"], staff_contact=p["staff"]
    )
    services.issue_comment(actor=p["partner"], issue=issue, body="จะเข้าไปดูพื้นที่สัปดาห์หน้า")
    return {"owner": NO_EMAIL, "staff": NO_EMAIL}


def question_answered(p, group):
    from network.services import qa

    question = QuestionFactory(asked_by=p["owner"])
    qa.answer_post(actor=p["expert"], question=question, body="ใช้ถุงซิปล็อกแบบตั้งได้")
    return {"owner": ALL}


def event_cancelled(p, group):
    from network.services import events

    event = EventFactory()
    RegistrationFactory(event=event, user=p["owner"], email="owner@example.com")
    RegistrationFactory(
        event=event, user=None, name="ผู้ไม่มีบัญชี", email="guest@example.org", contact_key="guest@example.org"
    )
    events.event_cancel(actor=p["staff"], event=event)
    return {"owner": NO_EMAIL}


def event_reminder(p, group):
    from network.services import emails

    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=1))
    reg = RegistrationFactory(event=event, user=p["colleague"], email="colleague@example.com")
    emails.registration_remind(actor=SYSTEM, registration_id=reg.pk)
    return {"colleague": NO_EMAIL}


def report_ready(p, group):
    from evaluation import services

    report = services.report_request(actor=p["staff"], fiscal_year=2569, as_of="2026-03", queue=False)
    services.report_generate(actor=SYSTEM, report_id=report.pk)
    return {"staff": ALL}


def income_missing(p, group):
    from evaluation import services
    from tests.factories.evaluation import enroll

    enroll(group, fiscal_year=2570)
    services.income_missing_notify(actor=SYSTEM, today=dt.date(2026, 12, 5))
    return {"owner": ALL, "colleague": ALL}


def standard_expiring(p, group):
    from products import services

    product = ProductFactory(group=group)
    services.certification_add(
        actor=SYSTEM,
        product=product,
        kind="tcps",
        number="มผช. 1/2569",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    services.standard_expiry_notify(actor=SYSTEM)
    return {"owner": ALL, "colleague": ALL}


EVENTS = [
    wisdom_sent_back,
    wisdom_published,
    booking_requested,
    booking_confirmed,
    booking_declined,
    issue_assigned,
    issue_accepted,
    issue_commented,
    question_answered,
    event_cancelled,
    event_reminder,
    report_ready,
    income_missing,
    standard_expiring,
]


@pytest.mark.parametrize("event", EVENTS, ids=[e.__name__ for e in EVENTS])
def test_each_event_reaches_exactly_the_right_roles_on_the_right_channels(
    event, fake_line, committed, people, group
):
    with committed():
        expected = event(people, group)
    got = received(people)
    assert got == expected
    # exactly one LINE push per notified, linked user
    assert sorted(p["to"] for p in fake_line.pushes) == sorted(
        f"U{name}" for name, ch in expected.items() if "line" in ch
    )
    # no notification leaks an object to someone who may not see it
    for n in Notification.objects.select_related("recipient", "content_type"):
        assert may_see(n.recipient, n.content_type.get_object_for_this_type(pk=n.object_id)), n
    # notified again (a retried service or task): nothing more
    pushes, mails = len(fake_line.pushes), len(mail.outbox)
    with committed():
        for item in Notification.objects.all():
            from core.notifications import notify

            notify(
                actor=SYSTEM,
                recipients=[item.recipient],
                event=item.event,
                object=None,
                title="x",
                key=item.key,
            )
    assert (len(fake_line.pushes), len(mail.outbox)) == (pushes, mails)


def test_a_restricted_record_is_never_told_to_those_outside_its_community(
    fake_line, committed, people, group
):
    """The restricted draft is sent back: outsiders, partners, experts and the other staff member are not
    told, whatever their channels."""
    wisdom_sent_back(people, group)
    with committed():
        pass
    assert set(received(people)) == {"owner", "colleague"}


def test_tourists_without_an_account_get_e_mail_only(fake_line, committed, people):
    from tourism import services

    booking = BookingFactory(
        program=ProgramFactory(community=CommunityFactory(coordinators=[people["owner"]])),
        email="tourist@example.org",
        line_id="tourist-line",
    )
    with committed():
        services.booking_confirm(actor=people["owner"], booking=booking)
    assert [m.to for m in mail.outbox] == [["tourist@example.org"]]
    assert fake_line.pushes == [] and not Notification.objects.exists()
