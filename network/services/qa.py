"""Writes for Q&A: producers (and staff, experts) ask, members who can see a question answer it,
the asker (or staff) accepts one answer, and staff moderate (hide or unhide) questions and answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import permissions

from ..models import Answer, Question


@transaction.atomic
def question_ask(*, by, topic: str, title: str, body: str = "", is_demo: bool = False) -> Question:
    """Producers (and staff, experts) ask a question; partners and anonymous visitors do not."""
    if not (permissions.is_producer(by) or permissions.is_staff_user(by) or permissions.is_expert(by)):
        raise PermissionDenied(_("เฉพาะผู้ผลิต/ผู้ประกอบการที่เข้าสู่ระบบเท่านั้นที่ตั้งคำถามได้"))
    q = Question(asked_by=by, topic=topic, title=title.strip(), body=body, is_demo=is_demo)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def answer_post(*, question: Question, by, body: str, is_demo: bool = False) -> Answer:
    """Any logged-in member who can see the question answers it (experts and peers)."""
    if not Question.objects.visible_to(by).filter(pk=question.pk).exists():
        raise PermissionDenied(_("คุณไม่สามารถตอบคำถามนี้ได้"))
    if question.is_hidden and not permissions.is_staff_user(by):
        raise ValidationError(_("คำถามนี้ถูกซ่อนโดยเจ้าหน้าที่"))
    answer = Answer(question=question, author=by, body=body.strip(), is_demo=is_demo)
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def moderate(*, obj: Question | Answer, by, hidden: bool) -> Question | Answer:
    """Staff hide or unhide a question or an answer."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ซ่อน/แสดงได้"))
    obj.is_hidden = hidden
    obj.save(update_fields=["is_hidden", "updated_at"])
    return obj


@transaction.atomic
def answer_accept(*, answer: Answer, by) -> Answer:
    """The asker (or staff) accepts one answer; accepting another replaces the previous choice."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if not (permissions.is_staff_user(by) or question.asked_by_id == by.pk):
        raise PermissionDenied(_("เฉพาะผู้ถามหรือเจ้าหน้าที่เท่านั้นที่เลือกคำตอบได้"))
    if answer.is_hidden:
        raise ValidationError(_("เลือกคำตอบที่ถูกซ่อนไม่ได้"))
    Answer.objects.filter(question=question, is_accepted=True).exclude(pk=answer.pk).update(is_accepted=False)
    answer.is_accepted = True
    answer.save(update_fields=["is_accepted", "updated_at"])
    return answer
