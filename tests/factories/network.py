import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from network.choices import (
    Audience,
    EventKind,
    EventStatus,
    Expertise,
    KnowledgeKind,
    KnowledgeStatus,
    RegistrationStatus,
    Visibility,
)
from network.models import (
    Answer,
    Event,
    ExpertProfile,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)

from .core import ProducerGroupFactory, UserFactory


class ExpertProfileFactory(DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    name = factory.Sequence(lambda n: f"อาจารย์ทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    expertise = factory.LazyFunction(lambda: [Expertise.DESIGN])
    organisation = "มหาวิทยาลัยราชภัฏพระนครศรีอยุธยา"
    visibility = Visibility.PUBLIC


class KnowledgeItemFactory(DjangoModelFactory):
    class Meta:
        model = KnowledgeItem

    title = factory.Sequence(lambda n: f"เทคนิคการปั้นตุ๊กตาชาววัง {n}")
    slug = factory.Sequence(lambda n: f"knowledge-{n}")
    kind = KnowledgeKind.HOWTO
    summary = "สรุปย่อ"
    body = "เนื้อหา"
    tags = factory.LazyFunction(lambda: ["ตุ๊กตาชาววัง", "ดินไทย"])
    status = KnowledgeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"อบรมออกแบบบรรจุภัณฑ์ {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.WORKSHOP
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    status = EventStatus.PUBLISHED
    venue = "ศาลากลางจังหวัดอ่างทอง"
    capacity = 20
    audience = Audience.PUBLIC


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: str(o.user) if o.user else "ผู้ร่วมงาน")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    status = RegistrationStatus.CONFIRMED
    registered_at = factory.LazyFunction(timezone.now)


class MentorshipFactory(DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor_expert = factory.SubFactory(ExpertProfileFactory)
    mentee_group = factory.SubFactory(ProducerGroupFactory)
    topic = "ออกแบบบรรจุภัณฑ์ใหม่"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class MentoringSessionFactory(DjangoModelFactory):
    class Meta:
        model = MentoringSession

    mentorship = factory.SubFactory(MentorshipFactory)
    date = factory.LazyFunction(timezone.localdate)
    covered = "ทบทวนแบบร่างบรรจุภัณฑ์"
    next_step = "ทำต้นแบบ"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    asked_by = factory.SubFactory(UserFactory)
    topic = Expertise.PACKAGING
    title = factory.Sequence(lambda n: f"ถุงบรรจุน้ำพริกแบบไหนดี {n}")
    body = "รายละเอียดคำถาม"


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "ใช้ถุงซิปล็อกแบบตั้งได้"
