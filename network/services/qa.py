"""Writes for Q&A: producers (and staff, experts) ask, members who can see a question answer it,
the asker (or staff) accepts one answer, and staff moderate (hide or unhide) questions and answers.
The asker changes or deletes their question, an answer's author their answer (staff any)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import permissions
from core.actors import as_user
from core.choices import NotificationEvent
from core.notifications import notify
from core.permissions import Actor

from ..models import Answer, Question


@transaction.atomic
def question_ask(*, actor: Actor, topic: str, title: str, body: str = "", is_demo: bool = False,
                 **fields: Any) -> Question:
    """Producers (and staff, experts) ask a question; partners and anonymous visitors do not.
    The asker is the actor (staff may name another account, as the demo loader does)."""
    if not (permissions.is_producer(actor) or permissions.is_staff_user(actor) or permissions.is_expert(actor)):
        raise PermissionDenied(_("เฉพาะผู้ผลิต/ผู้ประกอบการที่เข้าสู่ระบบเท่านั้นที่ตั้งคำถามได้"))
    asked_by = fields.pop("asked_by", None)
    if asked_by is None or not permissions.is_staff_user(actor):
        asked_by = as_user(actor)
    fields.pop("is_hidden", None)
    q = Question(asked_by=asked_by, topic=topic, title=title.strip(), body=body, is_demo=is_demo, **fields)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def question_update(*, actor: Actor, question: Question, **fields: Any) -> Question:
    """The asker (or staff) changes the topic, title or details; hiding is moderate()'s."""
    if not Question.objects.editable_by(actor).filter(pk=question.pk).exists():
        raise PermissionDenied(_("แก้ไขได้เฉพาะผู้ถามหรือเจ้าหน้าที่"))
    for name in ("asked_by", "is_hidden"):
        fields.pop(name, None)
    for name, value in fields.items():
        setattr(question, name, value.strip() if name == "title" else value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    """The asker (or staff) deletes a question with its answers."""
    if not Question.objects.editable_by(actor).filter(pk=question.pk).exists():
        raise PermissionDenied(_("ลบได้เฉพาะผู้ถามหรือเจ้าหน้าที่"))
    question.delete()


@transaction.atomic
def answer_post(*, actor: Actor, question: Question, body: str, is_demo: bool = False,
                **fields: Any) -> Answer:
    """Any logged-in member who can see the question answers it (experts and peers). The author is
    the actor (staff may name another account, as the demo loader does)."""
    if not Question.objects.visible_to(actor).filter(pk=question.pk).exists():
        raise PermissionDenied(_("คุณไม่สามารถตอบคำถามนี้ได้"))
    if question.is_hidden and not permissions.is_staff_user(actor):
        raise ValidationError(_("คำถามนี้ถูกซ่อนโดยเจ้าหน้าที่"))
    author = fields.pop("author", None)
    if author is None or not permissions.is_staff_user(actor):
        author = as_user(actor)
    for name in ("is_hidden", "is_accepted"):
        fields.pop(name, None)
    answer = Answer(question=question, author=author, body=body.strip(), is_demo=is_demo, **fields)
    answer.full_clean()
    answer.save()
    notify(actor=actor, recipients=[question.asked_by], event=NotificationEvent.QUESTION_ANSWERED, object=question,
           title=_("คำถาม “%(title)s” มีคำตอบใหม่") % {"title": question.title},
           body=f"{answer.author or ''}: {answer.body[:300]}", key=f"answer:{answer.pk}", is_demo=is_demo)
    return answer


def _require_answer_author(actor: Actor, answer: Answer) -> None:
    if not (permissions.is_staff_user(actor) or answer.author_id == getattr(actor, "pk", None)):
        raise PermissionDenied(_("แก้ไขได้เฉพาะผู้ตอบหรือเจ้าหน้าที่"))


@transaction.atomic
def answer_update(*, actor: Actor, answer: Answer, **fields: Any) -> Answer:
    """The author (or staff) changes an answer's text; hiding and accepting have their own steps."""
    _require_answer_author(actor, answer)
    if "body" in fields:
        answer.body = (fields["body"] or "").strip()
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def answer_delete(*, actor: Actor, answer: Answer) -> None:
    """The author (or staff) deletes an answer."""
    _require_answer_author(actor, answer)
    answer.delete()


@transaction.atomic
def moderate(*, actor: Actor, obj: Question | Answer, hidden: bool) -> Question | Answer:
    """Staff hide or unhide a question or an answer."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ซ่อน/แสดงได้"))
    obj.is_hidden = hidden
    obj.save(update_fields=["is_hidden", "updated_at"])
    return obj


@transaction.atomic
def answer_accept(*, actor: Actor, answer: Answer) -> Answer:
    """The asker (or staff) accepts one answer; accepting another replaces the previous choice."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if not (permissions.is_staff_user(actor) or question.asked_by_id == getattr(actor, "pk", None)):
        raise PermissionDenied(_("เฉพาะผู้ถามหรือเจ้าหน้าที่เท่านั้นที่เลือกคำตอบได้"))
    if answer.is_hidden:
        raise ValidationError(_("เลือกคำตอบที่ถูกซ่อนไม่ได้"))
    Answer.objects.filter(question=question, is_accepted=True).exclude(pk=answer.pk).update(is_accepted=False)
    answer.is_accepted = True
    answer.save(update_fields=["is_accepted", "updated_at"])
    return answer
