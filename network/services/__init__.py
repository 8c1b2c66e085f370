"""Writes of the KBO knowledge network. Views, the API, the admin and Celery tasks call these.

One module per subject; every public function is re-exported here, so callers keep writing
``from network import services`` and ``services.registration_register(...)``:

- ``experts``: expert profiles;
- ``knowledge``: knowledge items, tags and the staff review (draft → in review → published);
- ``events``: events, registrations (capacity and waitlist under the event lock) and attendance;
- ``emails``: registration e-mails, the day-before reminders, who may see the meeting link;
- ``mentoring``: mentor pairings, logged sessions, closing with an outcome;
- ``qa``: questions, answers, the accepted answer and moderation.

Every write takes a required keyword ``actor`` (the user acting, or ``core.actors.SYSTEM`` for the
beat task and the demo loader).

Rules implemented here (each function's docstring states its rule):
- event capacity and the waitlist hold under concurrent registration (the event row is locked);
- one registration per person per event (also database constraints);
- registration closes at the deadline (or the start when no deadline);
- cancelling a confirmed place promotes the first on the waitlist;
- the online meeting link goes only to confirmed participants (emails included);
- one reminder per registration, the day before the event (reminded_at, conditional UPDATE);
- knowledge is published only after staff review; Q&A moderation by staff.
"""

from .emails import (
    can_see_online_url,
    registration_notify,
    registration_remind,
    reminders_due,
    send_event_reminders,
)
from .events import (
    contact_key_for,
    event_cancel,
    event_create,
    event_delete,
    event_fill_free_seats,
    event_update,
    phone_digits,
    registration_cancel,
    registration_delete,
    registration_is_open,
    registration_mark_attendance,
    registration_register,
    registration_update,
)
from .experts import expert_create, expert_delete, expert_update
from .knowledge import (
    knowledge_attachment_add,
    knowledge_attachment_delete,
    knowledge_attachment_update,
    knowledge_create,
    knowledge_delete,
    knowledge_publish,
    knowledge_return,
    knowledge_submit,
    knowledge_unpublish_for_withdrawn_consent,
    knowledge_update,
    normalise_tags,
)
from .mentoring import (
    can_log_session,
    mentoring_session_delete,
    mentoring_session_log,
    mentoring_session_update,
    mentorship_close,
    mentorship_create,
    mentorship_delete,
    mentorship_update,
)
from .qa import (
    answer_accept,
    answer_delete,
    answer_post,
    answer_update,
    moderate,
    question_ask,
    question_delete,
    question_update,
)

__all__ = [
    # experts
    "expert_create",
    "expert_update",
    "expert_delete",
    # knowledge
    "normalise_tags",
    "knowledge_create",
    "knowledge_update",
    "knowledge_delete",
    "knowledge_submit",
    "knowledge_unpublish_for_withdrawn_consent",
    "knowledge_publish",
    "knowledge_return",
    "knowledge_attachment_add",
    "knowledge_attachment_update",
    "knowledge_attachment_delete",
    # events, registrations, attendance
    "event_create",
    "event_update",
    "event_delete",
    "phone_digits",
    "contact_key_for",
    "registration_is_open",
    "registration_register",
    "event_cancel",
    "event_fill_free_seats",
    "registration_cancel",
    "registration_mark_attendance",
    "registration_update",
    "registration_delete",
    # e-mails and the meeting link
    "can_see_online_url",
    "registration_notify",
    "reminders_due",
    "registration_remind",
    "send_event_reminders",
    # mentoring
    "mentorship_create",
    "mentorship_update",
    "mentorship_delete",
    "can_log_session",
    "mentoring_session_log",
    "mentoring_session_update",
    "mentoring_session_delete",
    "mentorship_close",
    # Q&A
    "question_ask",
    "question_update",
    "question_delete",
    "answer_post",
    "answer_update",
    "answer_delete",
    "moderate",
    "answer_accept",
]
