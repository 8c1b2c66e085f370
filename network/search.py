"""The knowledge network in the portal's search: knowledge items, events and experts as
`visible_to` shows them to a visitor (public) and to any member (members-only experts)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n_content import english_text
from core.search_registry import Adapter, Document, join, register

from .choices import EventStatus
from .models import Event, ExpertProfile, KnowledgeItem


def knowledge_document(obj) -> Document:
    return Document(
        title=obj.title,
        title_en=obj.title_en,
        extra_terms=[english_text(obj, "summary")],
        url=obj.get_absolute_url(),
        body=join(obj.get_kind_display(), obj.summary, obj.body, " ".join(obj.tags)),
    )


def event_document(obj) -> Document:
    return Document(
        title=obj.title,
        title_en=obj.title_en,
        extra_terms=[english_text(obj, "description", "venue")],
        url=obj.get_absolute_url(),
        district_code=obj.district_id,
        body=join(obj.get_kind_display(), obj.description, obj.venue),
    )


def expert_document(obj) -> Document:
    return Document(
        title=obj.name,
        url=obj.get_absolute_url(),
        body=join(obj.title, obj.organisation, " ".join(str(e) for e in obj.expertise_labels()), obj.bio),
    )


register(Adapter(model=KnowledgeItem, kind="knowledge", label=_("คลังความรู้"), build=knowledge_document, order=50))
# A cancelled event keeps its page (visible_to shows it) but search offers only the published ones.
register(Adapter(model=Event, kind="events", label=_("กิจกรรมและการอบรม"), build=event_document, order=60,
                 only=Q(status=EventStatus.PUBLISHED)))
register(Adapter(model=ExpertProfile, kind="experts", label=_("ผู้เชี่ยวชาญ"), build=expert_document, order=70))
