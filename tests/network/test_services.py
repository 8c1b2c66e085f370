import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from network import services
from network.choices import Audience, EventStatus, KnowledgeStatus, RegistrationStatus
from network.models import Registration
from tests.factories import core as f
from tests.factories.network import (
    AnswerFactory,
    EventFactory,
    KnowledgeItemFactory,
    MentorshipFactory,
    QuestionFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

MEET = "https://meet.google.com/abc-defg-hij"


def register(event, user=None, **kw):
    return services.registration_register(event=event, user=user, **kw)


# --- capacity, waitlist, duplicates, deadline --------------------------------------------


def test_it_confirms_until_capacity_then_waitlists(group):
    event = EventFactory(capacity=2)
    people = [f.producer(group) for _ in range(4)]
    statuses = [register(event, p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_it_refuses_a_second_registration_by_the_same_account(owner):
    event = EventFactory()
    register(event, owner)
    with pytest.raises(ValidationError, match="ลงทะเบียนกิจกรรมนี้แล้ว"):
        register(event, owner)
    assert Registration.objects.filter(event=event).count() == 1


def test_it_refuses_a_second_anonymous_registration_with_the_same_email_or_phone():
    event = EventFactory(audience=Audience.PUBLIC)
    register(event, name="สมหญิง", email="Somying@Example.org")
    with pytest.raises(ValidationError):
        register(event, name="สมหญิง ซ้ำ", email="somying@example.org ")
    register(event, name="สมปอง", phone="081-234-5678")
    with pytest.raises(ValidationError):
        register(event, name="สมปอง", phone="+66 81 234 5678")
    with pytest.raises(ValidationError):
        register(event, name="สมปอง", phone="0812345678", email="sompong@example.org")
    assert Registration.objects.filter(event=event).count() == 2


def test_it_enforces_one_registration_per_person_in_the_database(owner):
    event = EventFactory()
    RegistrationFactory(event=event, user=owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, user=owner)
    RegistrationFactory(event=event, user=None, contact_key="email:a@b.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, user=None, contact_key="email:a@b.org")


def test_it_requires_a_name_and_a_contact_without_an_account():
    event = EventFactory(audience=Audience.PUBLIC)
    with pytest.raises(ValidationError) as exc:
        register(event, name="", email="", phone="")
    assert set(exc.value.message_dict) == {"name", "phone"}
    assert not Registration.objects.exists()


def test_it_takes_only_producer_accounts_for_producer_events(owner, partner_user):
    event = EventFactory(audience=Audience.PRODUCERS)
    with pytest.raises(ValidationError, match="เฉพาะผู้ผลิต"):
        register(event, name="คนทั่วไป", email="x@example.org")
    with pytest.raises(ValidationError, match="เฉพาะผู้ผลิต"):
        register(event, partner_user)
    reg = register(event, owner)
    assert reg.status == RegistrationStatus.CONFIRMED
    assert reg.group_id == owner.producer_groups.get().pk


def test_it_closes_registration_at_the_deadline(owner):
    deadline = timezone.now() + dt.timedelta(days=2)
    event = EventFactory(registration_deadline=deadline)
    with pytest.raises(ValidationError, match="ปิดรับลงทะเบียนแล้ว"):
        register(event, owner, now=deadline)
    reg = register(event, owner, now=deadline - dt.timedelta(seconds=1))
    assert reg.status == RegistrationStatus.CONFIRMED


def test_it_closes_registration_at_the_start_without_a_deadline(owner):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="ปิดรับลงทะเบียนแล้ว"):
        register(event, owner)


def test_it_refuses_registration_for_draft_or_cancelled_events(owner):
    for status in (EventStatus.DRAFT, EventStatus.CANCELLED):
        with pytest.raises(ValidationError, match="ไม่เปิดรับ"):
            register(EventFactory(status=status), owner)


def test_it_promotes_the_first_waitlisted_when_a_confirmed_place_is_cancelled(group):
    event = EventFactory(capacity=1)
    first, second, third = (f.producer(group) for _ in range(3))
    a = register(event, first)
    b = register(event, second)
    c = register(event, third)
    assert (b.status, c.status) == ("waitlisted", "waitlisted")
    services.registration_cancel(registration=a, by=first)
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == ("confirmed", "waitlisted")


def test_it_does_not_promote_when_a_waitlisted_place_is_cancelled(group):
    event = EventFactory(capacity=1)
    first, second, third = (f.producer(group) for _ in range(3))
    register(event, first)
    b = register(event, second)
    c = register(event, third)
    services.registration_cancel(registration=b, by=second)
    c.refresh_from_db()
    assert c.status == "waitlisted"


def test_it_lets_a_cancelled_person_register_again_at_the_back_of_the_queue(group):
    event = EventFactory(capacity=1)
    first, second = f.producer(group), f.producer(group)
    a = register(event, first)
    register(event, second)
    services.registration_cancel(registration=a, by=first)
    again = register(event, first)
    assert again.pk == a.pk and again.status == "waitlisted"


def test_it_refuses_cancelling_someone_elses_registration(owner, outsider):
    reg = register(EventFactory(), owner)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=reg, by=outsider)


def test_it_fills_new_seats_from_the_waitlist_when_capacity_grows(group, staff):
    event = EventFactory(capacity=1)
    people = [f.producer(group) for _ in range(3)]
    regs = [register(event, p) for p in people]
    services.event_update(event=event, capacity=2)
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == ["confirmed", "confirmed", "waitlisted"]


# --- attendance --------------------------------------------------------------------------


def test_it_lets_only_staff_mark_attendance_after_the_start(staff, owner):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    reg = RegistrationFactory(event=event, user=owner)
    with pytest.raises(PermissionDenied):
        services.registration_mark_attendance(registration=reg, attended=True, by=owner)
    services.registration_mark_attendance(registration=reg, attended=True, by=staff)
    reg.refresh_from_db()
    assert reg.attended is True and reg.attendance_marked_by == staff
    future = RegistrationFactory(event=EventFactory(), user=owner)
    with pytest.raises(ValidationError, match="เมื่อกิจกรรมเริ่มแล้ว"):
        services.registration_mark_attendance(registration=future, attended=True, by=staff)


# --- e-mails and the meeting link ----------------------------------------------------------


def test_it_mails_the_link_only_to_confirmed_participants(django_capture_on_commit_callbacks, group):
    event = EventFactory(capacity=1, online_url=MEET, kind="online_meeting")
    first, second = f.producer(group, email="a@example.org"), f.producer(group, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        a = register(event, first)
        register(event, second)
    confirmed_mail, waitlist_mail = mail.outbox
    assert MEET in confirmed_mail.body
    assert "b@example.org" in waitlist_mail.to and MEET not in waitlist_mail.body
    assert "สำรอง" in waitlist_mail.subject
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=a, by=first)
    promoted = mail.outbox[-1]
    assert promoted.to == ["b@example.org"] and MEET in promoted.body


def test_it_shows_the_link_only_to_staff_and_confirmed_participants(staff, owner, outsider):
    event = EventFactory(online_url=MEET, capacity=1)
    register(event, owner)
    register(event, outsider)  # waitlisted
    assert services.can_see_online_url(event, staff)
    assert services.can_see_online_url(event, owner)
    assert not services.can_see_online_url(event, outsider)
    from django.contrib.auth.models import AnonymousUser

    assert not services.can_see_online_url(event, AnonymousUser())


# --- reminders ------------------------------------------------------------------------------


def _tomorrow_event(**kw):
    now = timezone.localtime()
    start = timezone.make_aware(dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(9, 0)))
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3), **kw)


def test_it_reminds_confirmed_participants_of_tomorrows_events_once(group):
    event = _tomorrow_event(online_url=MEET)
    confirmed = RegistrationFactory(event=event, user=f.producer(group), email="c@example.org")
    RegistrationFactory(event=event, user=f.producer(group), status="waitlisted")
    RegistrationFactory(event=event, user=f.producer(group), status="cancelled")
    RegistrationFactory(event=EventFactory(), user=f.producer(group))  # in 10 days: not yet
    assert services.send_event_reminders() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["c@example.org"]
    assert MEET in mail.outbox[0].body and "พรุ่งนี้" in mail.outbox[0].subject
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None
    assert services.send_event_reminders() == 0
    assert len(mail.outbox) == 1


def test_it_sends_no_reminder_twice_for_the_same_registration(group):
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))
    assert services.registration_remind(registration_id=reg.pk) is True
    assert services.registration_remind(registration_id=reg.pk) is False
    assert len(mail.outbox) == 1


def test_it_keeps_the_reminder_due_when_sending_fails(group, monkeypatch):
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))

    def boom(*a, **k):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", boom)
    with pytest.raises(OSError):
        services.registration_remind(registration_id=reg.pk)
    reg.refresh_from_db()
    assert reg.reminded_at is None


# --- knowledge review ----------------------------------------------------------------------


def test_it_publishes_knowledge_only_after_staff_review(owner, staff):
    item = services.knowledge_create(title="เทคนิคสานลายขิด", kind="howto", author=owner, tags="จักสาน, #ไม้ไผ่ ,จักสาน")
    assert item.status == KnowledgeStatus.DRAFT and item.tags == ["จักสาน", "ไม้ไผ่"]
    with pytest.raises(ValidationError):
        services.knowledge_publish(item=item, by=staff)  # still a draft
    services.knowledge_submit(item=item, by=owner)
    with pytest.raises(PermissionDenied):
        services.knowledge_publish(item=item, by=owner)
    services.knowledge_publish(item=item, by=staff)
    item.refresh_from_db()
    assert item.status == KnowledgeStatus.PUBLISHED and item.reviewed_by == staff and item.published_at


def test_it_requires_before_and_after_figures_for_a_case_study(owner):
    with pytest.raises(ValidationError, match="ก่อนและหลัง"):
        services.knowledge_create(title="เรื่องเล่าความสำเร็จ", kind="case_study", author=owner)
    item = services.knowledge_create(title="เรื่องเล่าความสำเร็จ", kind="case_study", author=owner,
                                     figure_label="รายได้ต่อเดือน", figure_unit="บาท",
                                     figure_before=20000, figure_after=35000)
    assert item.figure_change_percent == 75


def test_it_refuses_non_http_links():
    with pytest.raises(ValidationError):
        services.knowledge_create(title="วิดีโอ", kind="video", video_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        services.event_create(title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                              ends_at=timezone.now(), online_url="ftp://zoom.us/j/1")
    with pytest.raises(ValidationError, match="Zoom"):
        services.event_create(title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                              ends_at=timezone.now(), online_url="https://evil.example.com/zoom.us")
    ok = services.event_create(title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                               ends_at=timezone.now(), online_url="https://us02web.zoom.us/j/123")
    assert ok.pk


def test_it_blocks_publishing_knowledge_built_on_wisdom_without_consent(staff):
    from wisdom.models import WisdomRecord

    record = WisdomRecord.objects.create(title_th="ภูมิปัญญาทดสอบ", slug="w-test", category="handicraft",
                                         subdistrict_id="150305", status="published")
    item = KnowledgeItemFactory(status=KnowledgeStatus.IN_REVIEW)
    item.wisdom_records.add(record)
    with pytest.raises(ValidationError):
        services.knowledge_publish(item=item, by=staff)


# --- mentoring -------------------------------------------------------------------------------


def test_it_lets_participants_log_sessions_and_only_staff_close(owner, outsider, staff, group, expert_user):
    from tests.factories.network import ExpertProfileFactory

    m = MentorshipFactory(mentee_group=group, mentor_expert=ExpertProfileFactory(user=expert_user))
    today = timezone.localdate()
    services.mentoring_session_log(mentorship=m, by=owner, date=today, covered="ปรับสูตรสี")
    services.mentoring_session_log(mentorship=m, by=expert_user, date=today, covered="ตรวจงาน", next_step="ถ่ายภาพ")
    with pytest.raises(PermissionDenied):
        services.mentoring_session_log(mentorship=m, by=outsider, date=today, covered="x")
    with pytest.raises(PermissionDenied):
        services.mentorship_close(mentorship=m, by=owner, outcome="ดี")
    services.mentorship_close(mentorship=m, by=staff, outcome="ยอดขายเพิ่ม 30%")
    assert m.sessions.count() == 2 and m.status == "completed"
    with pytest.raises(ValidationError):
        services.mentoring_session_log(mentorship=m, by=owner, date=today, covered="หลังปิด")


def test_it_requires_exactly_one_mentor(group, other_group, staff):
    from tests.factories.network import ExpertProfileFactory

    with pytest.raises(ValidationError):
        services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(), created_by=staff)
    with pytest.raises(ValidationError):
        services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(),
                                   mentor_expert=ExpertProfileFactory(), mentor_group=other_group, created_by=staff)
    m = services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(),
                                   mentor_group=other_group, created_by=staff)
    assert m.mentor_name == other_group.name_th


# --- Q&A ----------------------------------------------------------------------------------------


def test_it_lets_the_asker_or_staff_accept_one_answer(owner, outsider, staff):
    q = QuestionFactory(asked_by=owner)
    a1, a2 = AnswerFactory(question=q), AnswerFactory(question=q)
    with pytest.raises(PermissionDenied):
        services.answer_accept(answer=a1, by=outsider)
    services.answer_accept(answer=a1, by=owner)
    services.answer_accept(answer=a2, by=staff)
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.is_accepted, a2.is_accepted) == (False, True)


def test_it_lets_only_staff_hide_and_unhide(owner, staff, outsider):
    q = QuestionFactory(asked_by=owner)
    with pytest.raises(PermissionDenied):
        services.moderate(obj=q, by=owner, hidden=True)
    services.moderate(obj=q, by=staff, hidden=True)
    from network.models import Question

    assert not Question.objects.visible_to(outsider).filter(pk=q.pk).exists()
    assert Question.objects.visible_to(owner).filter(pk=q.pk).exists()
    services.moderate(obj=q, by=staff, hidden=False)
    assert Question.objects.visible_to(outsider).filter(pk=q.pk).exists()


def test_it_refuses_questions_from_partners_and_anonymous(partner_user):
    from django.contrib.auth.models import AnonymousUser

    for user in (partner_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.question_ask(by=user, topic="packaging", title="?")


def test_it_queues_the_registration_mail_and_falls_back_when_the_broker_is_down(
        owner, monkeypatch, django_capture_on_commit_callbacks):
    from network import tasks

    owner.email = "owner@example.org"
    owner.save()
    calls = []
    monkeypatch.setattr(tasks.registration_notify, "delay", lambda *a: calls.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        reg = register(EventFactory(), owner)
    assert calls == [(reg.pk, "registered")] and not mail.outbox

    def down(*a):
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.registration_notify, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        register(EventFactory(), owner)
    assert mail.outbox[0].to == ["owner@example.org"]


def test_it_tells_registrants_when_staff_cancel_an_event_without_the_link(
        staff, owner, group, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, online_url=MEET)
    a = RegistrationFactory(event=event, user=owner, email="a@example.org")
    RegistrationFactory(event=event, user=f.producer(group), email="b@example.org", status="waitlisted")
    RegistrationFactory(event=event, user=f.producer(group), email="c@example.org", status="cancelled")
    with pytest.raises(PermissionDenied):
        services.event_cancel(event=event, by=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=staff)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(MEET not in m.body and "ยกเลิก" in m.subject for m in mail.outbox)
    with pytest.raises(ValidationError, match="ไม่เปิดรับ"):
        register(event, f.producer(group))
    event.refresh_from_db()
    assert not services.can_see_online_url(event, owner, a)
