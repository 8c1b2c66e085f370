import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.actors import SYSTEM
from core.permissions import ANONYMOUS
from network import services
from network.choices import Audience, EventStatus, KnowledgeStatus, RegistrationStatus
from network.models import Question, Registration
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
    return services.registration_register(actor=user or ANONYMOUS, event=event, **kw)


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
    services.registration_cancel(registration=a, actor=first)
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == ("confirmed", "waitlisted")


def test_it_does_not_promote_when_a_waitlisted_place_is_cancelled(group):
    event = EventFactory(capacity=1)
    first, second, third = (f.producer(group) for _ in range(3))
    register(event, first)
    b = register(event, second)
    c = register(event, third)
    services.registration_cancel(registration=b, actor=second)
    c.refresh_from_db()
    assert c.status == "waitlisted"


def test_it_lets_a_cancelled_person_register_again_at_the_back_of_the_queue(group):
    event = EventFactory(capacity=1)
    first, second = f.producer(group), f.producer(group)
    a = register(event, first)
    register(event, second)
    services.registration_cancel(registration=a, actor=first)
    again = register(event, first)
    assert again.pk == a.pk and again.status == "waitlisted"


def test_it_refuses_cancelling_someone_elses_registration(owner, outsider):
    reg = register(EventFactory(), owner)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=reg, actor=outsider)


def test_it_fills_new_seats_from_the_waitlist_when_capacity_grows(group, staff):
    event = EventFactory(capacity=1)
    people = [f.producer(group) for _ in range(3)]
    regs = [register(event, p) for p in people]
    services.event_update(actor=staff, event=event, capacity=2)
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == ["confirmed", "confirmed", "waitlisted"]


# --- attendance --------------------------------------------------------------------------


def test_it_lets_only_staff_mark_attendance_after_the_start(staff, owner):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    reg = RegistrationFactory(event=event, user=owner)
    with pytest.raises(PermissionDenied):
        services.registration_mark_attendance(registration=reg, attended=True, actor=owner)
    services.registration_mark_attendance(registration=reg, attended=True, actor=staff)
    reg.refresh_from_db()
    assert reg.attended is True and reg.attendance_marked_by == staff
    future = RegistrationFactory(event=EventFactory(), user=owner)
    with pytest.raises(ValidationError, match="เมื่อกิจกรรมเริ่มแล้ว"):
        services.registration_mark_attendance(registration=future, attended=True, actor=staff)


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
        services.registration_cancel(registration=a, actor=first)
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


def test_it_reminds_confirmed_participants_of_tomorrows_events_once(group, committed):
    event = _tomorrow_event(online_url=MEET)
    confirmed = RegistrationFactory(event=event, user=f.producer(group), email="c@example.org")
    RegistrationFactory(event=event, user=f.producer(group), status="waitlisted")
    RegistrationFactory(event=event, user=f.producer(group), status="cancelled")
    RegistrationFactory(event=EventFactory(), user=f.producer(group))  # in 10 days: not yet
    with committed():
        assert services.send_event_reminders(actor=SYSTEM) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["c@example.org"]
    assert MEET in mail.outbox[0].body and "พรุ่งนี้" in mail.outbox[0].subject
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None
    with committed():
        assert services.send_event_reminders(actor=SYSTEM) == 0
    assert len(mail.outbox) == 1


def test_it_sends_no_reminder_twice_for_the_same_registration(group, committed):
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))
    with committed():
        assert services.registration_remind(actor=SYSTEM, registration_id=reg.pk) is True
        assert services.registration_remind(actor=SYSTEM, registration_id=reg.pk) is False
    assert len(mail.outbox) == 1


def test_it_keeps_the_reminder_in_the_outbox_when_sending_fails(group, committed, settings):
    from core.models import OutgoingEmail

    settings.EMAIL_BACKEND = "tests.faults.backends.AlwaysFailingBackend"
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))
    with committed():
        assert services.registration_remind(actor=SYSTEM, registration_id=reg.pk) is True
    reg.refresh_from_db()
    assert reg.reminded_at is not None  # claimed once, with its e-mail queued in the same transaction
    email = OutgoingEmail.objects.get()
    assert email.status == "queued" and email.attempts == 1 and "ConnectionRefusedError" in email.last_error
    assert email.to == [reg.recipient] and not mail.outbox
    assert services.registration_remind(actor=SYSTEM, registration_id=reg.pk) is False  # never queued twice
    assert OutgoingEmail.objects.count() == 1


# --- knowledge review ----------------------------------------------------------------------


def test_it_publishes_knowledge_only_after_staff_review(owner, staff):
    item = services.knowledge_create(actor=owner, title="เทคนิคสานลายขิด", kind="howto", tags="จักสาน, #ไม้ไผ่ ,จักสาน")
    assert item.status == KnowledgeStatus.DRAFT and item.tags == ["จักสาน", "ไม้ไผ่"]
    with pytest.raises(ValidationError):
        services.knowledge_publish(item=item, actor=staff)  # still a draft
    services.knowledge_submit(item=item, actor=owner)
    with pytest.raises(PermissionDenied):
        services.knowledge_publish(item=item, actor=owner)
    services.knowledge_publish(item=item, actor=staff)
    item.refresh_from_db()
    assert item.status == KnowledgeStatus.PUBLISHED and item.reviewed_by == staff and item.published_at


def test_it_requires_before_and_after_figures_for_a_case_study(owner):
    with pytest.raises(ValidationError, match="ก่อนและหลัง"):
        services.knowledge_create(actor=owner, title="เรื่องเล่าความสำเร็จ", kind="case_study")
    item = services.knowledge_create(actor=owner, title="เรื่องเล่าความสำเร็จ", kind="case_study",
                                     figure_label="รายได้ต่อเดือน", figure_unit="บาท",
                                     figure_before=20000, figure_after=35000)
    assert item.figure_change_percent == 75


def test_it_refuses_non_http_links():
    with pytest.raises(ValidationError):
        services.knowledge_create(actor=SYSTEM, title="วิดีโอ", kind="video", video_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        services.event_create(actor=SYSTEM, title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                              ends_at=timezone.now(), online_url="ftp://zoom.us/j/1")
    with pytest.raises(ValidationError, match="Zoom"):
        services.event_create(actor=SYSTEM, title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                              ends_at=timezone.now(), online_url="https://evil.example.com/zoom.us")
    ok = services.event_create(actor=SYSTEM, title="ประชุม", kind="online_meeting", starts_at=timezone.now(),
                               ends_at=timezone.now(), online_url="https://us02web.zoom.us/j/123")
    assert ok.pk


def test_it_blocks_publishing_knowledge_built_on_wisdom_without_consent(staff):
    from wisdom.models import WisdomRecord

    record = WisdomRecord.objects.create(title_th="ภูมิปัญญาทดสอบ", slug="w-test", category="handicraft",
                                         subdistrict_id="150305", status="published")
    item = KnowledgeItemFactory(status=KnowledgeStatus.IN_REVIEW)
    item.wisdom_records.add(record)
    with pytest.raises(ValidationError):
        services.knowledge_publish(item=item, actor=staff)


# --- mentoring -------------------------------------------------------------------------------


def test_it_lets_participants_log_sessions_and_only_staff_close(owner, outsider, staff, group, expert_user):
    from tests.factories.network import ExpertProfileFactory

    m = MentorshipFactory(mentee_group=group, mentor_expert=ExpertProfileFactory(user=expert_user))
    today = timezone.localdate()
    services.mentoring_session_log(mentorship=m, actor=owner, date=today, covered="ปรับสูตรสี")
    services.mentoring_session_log(mentorship=m, actor=expert_user, date=today, covered="ตรวจงาน", next_step="ถ่ายภาพ")
    with pytest.raises(PermissionDenied):
        services.mentoring_session_log(mentorship=m, actor=outsider, date=today, covered="x")
    with pytest.raises(PermissionDenied):
        services.mentorship_close(mentorship=m, actor=owner, outcome="ดี")
    services.mentorship_close(mentorship=m, actor=staff, outcome="ยอดขายเพิ่ม 30%")
    assert m.sessions.count() == 2 and m.status == "completed"
    with pytest.raises(ValidationError):
        services.mentoring_session_log(mentorship=m, actor=owner, date=today, covered="หลังปิด")


def test_it_requires_exactly_one_mentor(group, other_group, staff):
    from tests.factories.network import ExpertProfileFactory

    with pytest.raises(ValidationError):
        services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(), actor=staff)
    with pytest.raises(ValidationError):
        services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(),
                                   mentor_expert=ExpertProfileFactory(), mentor_group=other_group, actor=staff)
    m = services.mentorship_create(mentee_group=group, topic="x", started_on=timezone.localdate(),
                                   mentor_group=other_group, actor=staff)
    assert m.mentor_name == other_group.name_th


# --- Q&A ----------------------------------------------------------------------------------------


def test_it_lets_the_asker_or_staff_accept_one_answer(owner, outsider, staff):
    q = QuestionFactory(asked_by=owner)
    a1, a2 = AnswerFactory(question=q), AnswerFactory(question=q)
    with pytest.raises(PermissionDenied):
        services.answer_accept(answer=a1, actor=outsider)
    services.answer_accept(answer=a1, actor=owner)
    services.answer_accept(answer=a2, actor=staff)
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.is_accepted, a2.is_accepted) == (False, True)


def test_it_lets_only_staff_hide_and_unhide(owner, staff, outsider):
    q = QuestionFactory(asked_by=owner)
    with pytest.raises(PermissionDenied):
        services.moderate(obj=q, actor=owner, hidden=True)
    services.moderate(obj=q, actor=staff, hidden=True)
    from network.models import Question

    assert not Question.objects.visible_to(outsider).filter(pk=q.pk).exists()
    assert Question.objects.visible_to(owner).filter(pk=q.pk).exists()
    services.moderate(obj=q, actor=staff, hidden=False)
    assert Question.objects.visible_to(outsider).filter(pk=q.pk).exists()


def test_it_refuses_questions_from_partners_and_anonymous(partner_user):
    from django.contrib.auth.models import AnonymousUser

    for user in (partner_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.question_ask(actor=user, topic="packaging", title="?")


def test_it_queues_the_registration_mail_after_commit_and_sends_it_in_process_when_the_broker_is_down(
        owner, monkeypatch, settings, django_capture_on_commit_callbacks):
    from core import tasks
    from core.models import OutgoingEmail

    settings.EMAIL_DELIVER_INLINE = False  # as in production: the outbox hands the row to Celery
    owner.email = "owner@example.org"
    owner.save()
    calls = []
    monkeypatch.setattr(tasks.deliver_email, "delay", lambda *a: calls.append(a))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reg = register(EventFactory(), owner)
    email = OutgoingEmail.objects.get()
    assert email.key.startswith(f"registration:{reg.pk}:") and email.to == ["owner@example.org"]
    assert not calls  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert calls == [(email.pk,)] and not mail.outbox

    def down(*a):
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.deliver_email, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        register(EventFactory(), owner)
    assert mail.outbox[0].to == ["owner@example.org"]
    assert OutgoingEmail.objects.filter(status="sent").count() == 1


def test_it_tells_registrants_when_staff_cancel_an_event_without_the_link(
        staff, owner, group, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, online_url=MEET)
    a = RegistrationFactory(event=event, user=owner, email="a@example.org")
    RegistrationFactory(event=event, user=f.producer(group), email="b@example.org", status="waitlisted")
    RegistrationFactory(event=event, user=f.producer(group), email="c@example.org", status="cancelled")
    with pytest.raises(PermissionDenied):
        services.event_cancel(event=event, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, actor=staff)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(MEET not in m.body and "ยกเลิก" in m.subject for m in mail.outbox)
    with pytest.raises(ValidationError, match="ไม่เปิดรับ"):
        register(event, f.producer(group))
    event.refresh_from_db()
    assert not services.can_see_online_url(event, owner, a)


# --- actors, and the writes the admin and the API delete through --------------------------------


def test_it_lets_an_expert_edit_their_profile_but_not_its_account_link_or_activation(expert_user, staff):
    from tests.factories.network import ExpertProfileFactory

    profile = ExpertProfileFactory(user=expert_user)
    services.expert_update(actor=expert_user, expert=profile, bio="ประวัติใหม่")
    with pytest.raises(PermissionDenied):
        services.expert_update(actor=expert_user, expert=profile, is_active=False)
    with pytest.raises(PermissionDenied):
        services.expert_update(actor=expert_user, expert=ExpertProfileFactory(), bio="x")
    profile.refresh_from_db()
    assert profile.bio == "ประวัติใหม่" and profile.is_active
    services.expert_update(actor=staff, expert=profile, is_active=False)
    profile.refresh_from_db()
    assert not profile.is_active


def test_it_registers_someone_else_only_for_staff(owner, outsider, staff):
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        services.registration_register(actor=outsider, event=event, user=owner)
    reg = services.registration_register(actor=staff, event=event, user=owner)
    assert reg.user == owner and Registration.objects.count() == 1


def test_it_records_who_acted_and_nobody_for_the_system(owner, staff, group):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    reg = RegistrationFactory(event=event, user=owner)
    assert services.registration_mark_attendance(actor=staff, registration=reg,
                                                 attended=True).attendance_marked_by == staff
    assert services.registration_mark_attendance(actor=SYSTEM, registration=reg,
                                                 attended=False).attendance_marked_by is None
    m = services.mentorship_create(actor=SYSTEM, mentee_group=group, topic="x", started_on=timezone.localdate(),
                                   mentor_group=f.ProducerGroupFactory())
    assert m.created_by is None


def test_it_replaces_and_removes_attachment_files_after_commit(owner, outsider,
                                                               django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = KnowledgeItemFactory(author=owner, status=KnowledgeStatus.DRAFT, published_at=None)
    with pytest.raises(PermissionDenied):
        services.knowledge_attachment_add(actor=outsider, item=item, title="x",
                                          file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"))
    with django_capture_on_commit_callbacks(execute=True):
        att = services.knowledge_attachment_add(actor=owner, item=item, title="คู่มือ",
                                                file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"))
    storage, first = att.file.storage, att.file.name
    with django_capture_on_commit_callbacks(execute=True):
        att = services.knowledge_attachment_update(actor=owner, attachment=att,
                                                   file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"))
    assert not storage.exists(first) and storage.exists(att.file.name)
    second = att.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.knowledge_attachment_delete(actor=owner, attachment=att)
    assert not storage.exists(second) and not item.attachments.exists()


def test_it_lets_the_asker_or_staff_change_and_delete_questions_and_authors_their_answers(owner, outsider, staff):
    q = QuestionFactory(asked_by=owner)
    a = AnswerFactory(question=q, author=outsider)
    with pytest.raises(PermissionDenied):
        services.question_update(actor=outsider, question=q, title="แก้")
    with pytest.raises(PermissionDenied):
        services.answer_update(actor=owner, answer=a, body="แก้")
    services.answer_update(actor=outsider, answer=a, body="คำตอบที่แก้")
    services.question_update(actor=owner, question=q, title="หัวข้อใหม่", is_hidden=True)
    q.refresh_from_db()
    a.refresh_from_db()
    assert (q.title, q.is_hidden, a.body) == ("หัวข้อใหม่", False, "คำตอบที่แก้")  # hiding is moderate()'s
    services.answer_delete(actor=staff, answer=a)
    services.question_delete(actor=owner, question=q)
    assert not Question.objects.exists()


def test_it_sends_reminders_only_as_staff_or_the_system(owner, group):
    reg = RegistrationFactory(event=_tomorrow_event(), user=f.producer(group))
    with pytest.raises(PermissionDenied):
        services.registration_remind(actor=owner, registration_id=reg.pk)
    assert services.registration_remind(actor=SYSTEM, registration_id=reg.pk) is True
