"""Reads of the knowledge network: querysets scoped to the user, with their joins designed
(select_related / prefetch_related / annotations) so list pages keep a constant query count."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core import permissions
from core.i18n_content import localized_text
from core.models import GroupMembership
from core.permissions import Actor
from core.querysets import built_once_for_anonymous
from products.selectors import products_visible_to
from wisdom.selectors import records_visible_to

from .choices import EventStatus, KnowledgeStatus, MentorshipStatus, RegistrationStatus
from .models import (
    Answer,
    Event,
    ExpertProfile,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)


@built_once_for_anonymous
def expert_list(*, user: Actor) -> QuerySet[ExpertProfile]:
    return ExpertProfile.objects.visible_to(user).prefetch_related("districts_served")


@built_once_for_anonymous
def knowledge_list(*, user: Actor) -> QuerySet[KnowledgeItem]:
    return KnowledgeItem.objects.visible_to(user).select_related("author").prefetch_related(
        Prefetch("experts", queryset=ExpertProfile.objects.visible_to(user)))


def knowledge_detail(*, user: Actor, slug: str) -> KnowledgeItem:
    """One item with only the linked records, products and experts the user may see."""
    qs = knowledge_list(user=user).prefetch_related(
        Prefetch("wisdom_records", queryset=records_visible_to(user=user)),
        Prefetch("products", queryset=products_visible_to(user=user)),
        "attachments")
    return permissions.get_visible_or_404(qs, user, slug=slug)


@built_once_for_anonymous
def event_list(*, user: Actor) -> QuerySet[Event]:
    return Event.objects.visible_to(user).select_related("district").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    ).prefetch_related(Prefetch("speakers", queryset=ExpertProfile.objects.visible_to(user))).order_by(
        "-starts_at", "pk")


def event_wisdom_prefetch(*, user: Actor, to_attr: str = "visible_wisdom") -> Prefetch:
    """A Prefetch of each event's wisdom records (what it teaches) that `user` may see — never a record the
    wisdom app hides from them — in one query for the whole list (the API)."""
    return Prefetch("wisdom_records", queryset=records_visible_to(user=user).only("pk", "slug", "title_th", "title_en"),
                    to_attr=to_attr)


def event_wisdom(*, user: Actor, event: Event) -> QuerySet[Any]:
    """The wisdom records event `event` teaches that `user` may see (one event, without the Prefetch)."""
    return records_visible_to(user=user).filter(network_events=event)


def wisdom_choices(*, user: Actor) -> QuerySet[Any]:
    """The wisdom records a user may link an event to (those they may see)."""
    return records_visible_to(user=user)


def upcoming_events(*, user: Actor, limit: int = 6) -> QuerySet[Event]:
    return event_list(user=user).filter(ends_at__gte=timezone.now()).order_by("starts_at")[:limit]


def event_detail(*, user: Actor, slug: str) -> Event:
    return permissions.get_visible_or_404(event_list(user=user), user, slug=slug)


def registration_of(*, event: Event, user: Actor) -> Registration | None:
    if not permissions.is_member(user):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def my_registrations(*, user: Actor) -> QuerySet[Registration]:
    return Registration.objects.visible_to(user).filter(user=user).select_related("event").order_by(
        "-event__starts_at")


def event_registrations(*, event: Event, user: Actor) -> QuerySet[Registration]:
    return Registration.objects.visible_to(user).filter(event=event).select_related(
        "event", "user", "group").order_by("status", "registered_at", "pk")


def question_list(*, user: Actor) -> QuerySet[Question]:
    visible_answers = Answer.objects.visible_to(user)
    return Question.objects.visible_to(user).select_related("asked_by").annotate(
        answer_count=Count("answers", filter=Q(answers__in=visible_answers), distinct=True),
        has_accepted=Count("answers", filter=Q(answers__is_accepted=True, answers__is_hidden=False),
                           distinct=True),
    ).order_by("-created_at", "-pk")


def expert_slug_of_author(*, user: Actor) -> Subquery:
    """The slug of the answer author's active expert profile that `user` may see (None when the author
    is no expert): answers by experts carry a badge linking to the profile."""
    return Subquery(ExpertProfile.objects.visible_to(user).filter(user_id=OuterRef("author_id"), is_active=True)
                    .values("slug")[:1])


def question_detail(*, user: Actor, pk: int) -> Question:
    qs = Question.objects.select_related("asked_by").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.visible_to(user).select_related("author")
                 .annotate(expert_slug=expert_slug_of_author(user=user))))
    return permissions.get_visible_or_404(qs, user, pk=pk)


def mentorship_list(*, user: Actor) -> QuerySet[Mentorship]:
    return Mentorship.objects.visible_to(user).select_related(
        "mentor_expert", "mentor_group", "mentee_group").annotate(
        session_count=Count("sessions")).order_by("-started_on", "pk")


def mentorship_detail(*, user: Actor, pk: int) -> Mentorship:
    qs = mentorship_list(user=user).prefetch_related(
        Prefetch("sessions", queryset=MentoringSession.objects.select_related("logged_by")))
    return permissions.get_visible_or_404(qs, user, pk=pk)


def popular_tags(*, limit: int = 20) -> list[str]:
    """Most used tags of published items (one query)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tag, count(*) FROM network_knowledgeitem, unnest(tags) AS tag "
            "WHERE status = 'published' GROUP BY tag ORDER BY count(*) DESC, tag LIMIT %s", [limit])
        return [row[0] for row in cur.fetchall()]


def registrations_visible_to(*, user: Actor) -> QuerySet[Registration]:
    """Registrations `user` may see (staff: all; a member: their own), with their event and group."""
    return Registration.objects.visible_to(user).select_related("event", "group")


def confirmed_event_ids(*, user: Actor) -> set[int]:
    """Ids of the events where `user` holds a confirmed place (who may see a meeting link)."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return set()
    return set(Registration.objects.filter(user=user, status=RegistrationStatus.CONFIRMED)
               .values_list("event_id", flat=True))


def sessions_of(*, mentorship: Mentorship) -> QuerySet[MentoringSession]:
    """The logged sessions of a mentorship the caller already may see, by date."""
    return MentoringSession.objects.filter(mentorship=mentorship).order_by("date", "pk")


def expert_profile_of(*, user: Actor) -> ExpertProfile | None:
    """The expert profile linked to `user`'s account that they may edit, or None."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return None
    return ExpertProfile.objects.editable_by(user).filter(user=user).first()


# --- used by campaigns ---


def events_visible_to(*, user: Actor) -> QuerySet[Event]:
    """Events `user` may see, by the network app's own rule, without annotations (callers add their filters)."""
    return Event.objects.visible_to(user)


# --- contributed to products (core.registry, see apps.py) ---


def training_choices(*, user: Actor) -> QuerySet[Event]:
    """Contribution to the products hook ``products.training_choices``: the trainings (events) `user`
    may see, newest first — what a producer may name as the training behind a marketing skill."""
    return Event.objects.visible_to(user).order_by("-starts_at", "pk")


# --- Workspaces (/me/) -------------------------------------------------------------------------


def upcoming_registrations(*, user: Actor, now: Any = None) -> QuerySet[Registration]:
    """The user's registrations (confirmed or waitlisted) for events not yet over, soonest first."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return Registration.objects.none()
    now = now or timezone.now()
    return (Registration.objects.filter(user=user, event__ends_at__gte=now)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("event").order_by("event__starts_at", "pk"))


def knowledge_to_review(*, user: Actor) -> QuerySet[KnowledgeItem]:
    """The staff workspace: knowledge items submitted for review, oldest first. One query."""
    if not permissions.is_staff_user(user):
        return KnowledgeItem.objects.none()
    return KnowledgeItem.objects.filter(status=KnowledgeStatus.IN_REVIEW).select_related("author") \
        .order_by("updated_at", "pk")


def questions_to_moderate(*, user: Actor) -> QuerySet[Question]:
    """The staff workspace: questions shown to members that nobody has answered yet (no answer shown),
    oldest first — staff hide what does not belong, or find someone to answer. One query."""
    if not permissions.is_staff_user(user):
        return Question.objects.none()
    shown_answers = Answer.objects.filter(question_id=OuterRef("pk"), is_hidden=False)
    return (Question.objects.filter(is_hidden=False).exclude(Exists(shown_answers))
            .select_related("asked_by").order_by("created_at", "pk"))


def active_expert_profile(*, user: Actor) -> ExpertProfile | None:
    """The user's own active expert profile with its districts (two queries), or None."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return None
    return (ExpertProfile.objects.filter(user=user, is_active=True)
            .prefetch_related("districts_served").first())


def open_questions_for_expert(*, user: Actor, profile: ExpertProfile) -> QuerySet[Question]:
    """The expert's queue: visible questions on a topic of their expertise, without an accepted answer
    and not yet answered by them, asked by someone else; when the profile names districts served,
    only questions of askers with no group or a group in one of those districts. Oldest first. One query."""
    qs = (Question.objects.visible_to(user).filter(is_hidden=False, topic__in=profile.expertise)
          .exclude(asked_by=user)
          .exclude(Exists(Answer.objects.filter(question_id=OuterRef("pk"), is_accepted=True)))
          .exclude(Exists(Answer.objects.filter(question_id=OuterRef("pk"), author=user))))
    districts = [d.code for d in profile.districts_served.all()]
    if districts:
        memberships = GroupMembership.objects.filter(user_id=OuterRef("asked_by_id"))
        qs = qs.filter(Exists(memberships.filter(group__subdistrict__district_id__in=districts))
                       | ~Exists(memberships))
    return qs.select_related("asked_by").order_by("created_at", "pk")


def mentoring_due(*, profile: ExpertProfile, days: int = 30, today: Any = None) -> QuerySet[Mentorship]:
    """The expert's queue: their active mentorships with no session logged in the last `days` days
    (``last_session`` annotated; none yet counts as due), longest waiting first. One query."""
    import datetime as dt

    today = today or timezone.localdate()
    return (Mentorship.objects.filter(mentor_expert=profile, status=MentorshipStatus.ACTIVE)
            .annotate(last_session=Max("sessions__date"))
            .filter(Q(last_session__isnull=True) | Q(last_session__lt=today - dt.timedelta(days=days)))
            .select_related("mentee_group")
            .order_by(F("last_session").asc(nulls_first=True), "started_on", "pk"))


def events_speaking(*, profile: ExpertProfile, now: Any = None) -> QuerySet[Event]:
    """The expert's queue: published events not yet over where they speak, soonest first. One query."""
    now = now or timezone.now()
    return (Event.objects.filter(speakers=profile, status=EventStatus.PUBLISHED, ends_at__gte=now)
            .order_by("starts_at", "pk"))


# --- Lineage of a wisdom record (issue 17; hook ``wisdom.lineage``, see wisdom/lineage.py) ----------


def wisdom_lineage(*, records: list[Any], user: Actor, private: bool,
                   fiscal_year: int | None = None) -> dict[int, Any]:
    """The knowledge items about each record and the events/trainings that taught it, as far as `user`
    may see them (items: published ones, or the author's and staff's; events: published and cancelled
    ones, drafts for staff), existing by the end of `fiscal_year`; with `private`, the confirmed
    participants of those events. Four queries."""
    from django.utils.translation import gettext as _

    from core.thai_dates import format_date
    from wisdom.lineage import Entry, Figure, LineageSection, Milestone, fiscal_year_bounds

    ids = [r.pk for r in records]
    _start, end = fiscal_year_bounds(fiscal_year)
    items_qs = KnowledgeItem.objects.visible_to(user)
    events_qs = Event.objects.visible_to(user)
    if end is not None:
        items_qs = items_qs.filter(created_at__date__lte=end)
        events_qs = events_qs.filter(starts_at__date__lte=end)
    item_links = list(KnowledgeItem.wisdom_records.through.objects.filter(
        wisdomrecord_id__in=ids, knowledgeitem__in=items_qs).values_list("wisdomrecord_id", "knowledgeitem_id"))
    event_through: Any = Event.wisdom_records.through  # its own model (django-stubs cannot type it)
    event_links = list(event_through.objects.filter(
        wisdomrecord_id__in=ids, event__in=events_qs).values_list("wisdomrecord_id", "event_id"))
    if not item_links and not event_links:
        return {}
    items = {i.pk: i for i in KnowledgeItem.objects.filter(pk__in={pk for _r, pk in item_links})}
    confirmed = Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    events = {e.pk: e for e in Event.objects.filter(pk__in={pk for _r, pk in event_links})
              .annotate(lineage_confirmed=confirmed)}
    out: dict[int, Any] = {}
    for record_id in ids:
        its = sorted((items[pk] for r, pk in item_links if r == record_id), key=lambda i: (i.created_at, i.pk))
        evs = sorted((events[pk] for r, pk in event_links if r == record_id), key=lambda e: (e.starts_at, e.pk))
        if not its and not evs:
            continue
        entries = [Entry(title=localized_text(i, "title"), url=i.get_absolute_url(), meta=f"{i.get_kind_display()} · "
                         f"{i.get_status_display()}") for i in its]
        entries += [Entry(title=localized_text(e, "title"), url=e.get_absolute_url(),
                          meta=f"{e.get_kind_display()} · {format_date(e.starts_at)} · {e.get_status_display()}"
                               + (" · " + _("ผู้เข้าร่วม %(n)s คน") % {"n": e.lineage_confirmed} if private else ""))
                    for e in evs]
        milestones = []
        if its:
            milestones.append(Milestone(day=timezone.localtime(its[0].published_at or its[0].created_at).date(),
                                        label=_("องค์ความรู้แรก: %(t)s") % {"t": its[0].title},
                                        url=its[0].get_absolute_url()))
        if evs:
            milestones.append(Milestone(day=timezone.localtime(evs[0].starts_at).date(),
                                        label=_("การอบรม/กิจกรรมถ่ายทอดครั้งแรก: %(t)s") % {"t": evs[0].title},
                                        url=evs[0].get_absolute_url()))
        figures = [Figure(label=_("องค์ความรู้"), value=len(its)), Figure(label=_("กิจกรรม/การอบรม"), value=len(evs))]
        if private:
            figures.append(Figure(label=_("ผู้เข้าร่วมการอบรม (ยืนยันแล้ว)"),
                                  value=sum(e.lineage_confirmed for e in evs), kind="private_count"))
        out[record_id] = LineageSection(key="network", title=_("เครือข่ายองค์ความรู้ (KBO)"), order=30,
                                        entries=entries, figures=figures, milestones=milestones)
    return out
