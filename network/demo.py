"""Demo data of the KBO knowledge network (is_demo=True everywhere; not official records).

Experts (a product designer, an online-marketing coach, a food-standards adviser, a community-tourism
expert), knowledge items on real Ang Thong crafts (court dolls of Ban Bang Sadet, Ekkarat drums,
Bang Chao Cha basketry), past and upcoming events, a mentorship with sessions and a few questions.
Idempotent: rows are keyed by slug (or by their natural key) and updated in place. Event dates are
relative to today so upcoming events stay upcoming. Every write goes through network.services with
actor=SYSTEM (the demo loader is a caller like any other); wisdom records are read through
wisdom.selectors, and only those whose holders have consented are linked to published knowledge.
"""

import datetime as dt

from django.utils import timezone

from core.actors import SYSTEM
from core.demo import backdate
from core.models import ProducerGroup, User
from wisdom.choices import ConsentScope
from wisdom.selectors import consent_blockers, records_visible_to

from . import services
from .choices import (
    Audience,
    ContactPreference,
    EventKind,
    EventStatus,
    Expertise,
    KnowledgeKind,
    KnowledgeStatus,
    RegistrationStatus,
    Visibility,
)
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

EXPERTS = [
    # slug, name, title, expertise, organisation, districts, contact, visibility, bio
    ("wilai-design", "วิไล ออกแบบ", "อาจารย์", [Expertise.DESIGN, Expertise.PACKAGING],
     "มหาวิทยาลัยราชภัฏพระนครศรีอยุธยา", ["1503", "1504", "1501"], ContactPreference.EMAIL, Visibility.PUBLIC,
     "นักออกแบบผลิตภัณฑ์และบรรจุภัณฑ์ ทำงานกับกลุ่มหัตถกรรมในลุ่มเจ้าพระยามากว่า 15 ปี "
     "เน้นการต่อยอดลวดลายจากภูมิปัญญาท้องถิ่นให้เป็นของที่ระลึกร่วมสมัย"),
    ("thanapol-online", "ธนพล การตลาด", "คุณ", [Expertise.ONLINE_MARKETING],
     "ผู้ประกอบการร้านค้าออนไลน์ อ่างทอง", ["1501", "1502", "1503", "1504", "1505", "1506", "1507"],
     ContactPreference.LINE, Visibility.PUBLIC,
     "โค้ชการขายผ่าน LINE OA, Facebook และ TikTok Shop สำหรับสินค้า OTOP เริ่มจากศูนย์จนมีลูกค้าประจำ"),
    ("pranee-food-standards", "ปราณี มาตรฐาน", "ผศ.ดร.", [Expertise.FOOD_STANDARDS, Expertise.PRODUCTION],
     "มหาวิทยาลัยราชภัฏจันทรเกษม", ["1503", "1504", "1506"], ContactPreference.PORTAL, Visibility.MEMBERS,
     "ที่ปรึกษาการขอ มผช. อย. และ GMP สำหรับกลุ่มแปรรูปอาหาร เช่น น้ำพริกและข้าวหอมมะลิ"),
    ("somsak-tourism", "สมศักดิ์ เที่ยวชุมชน", "คุณ", [Expertise.TOURISM],
     "เครือข่ายท่องเที่ยวชุมชนอ่างทอง", ["1503", "1505", "1506"], ContactPreference.PHONE, Visibility.PUBLIC,
     "ออกแบบโปรแกรมท่องเที่ยวชุมชน OTOP นวัตวิถี เชื่อมการทำกิจกรรมกับผลิตภัณฑ์ของชุมชน"),
]

KNOWLEDGE = [
    # slug, title, kind, summary, body, tags, experts, wisdom keyword, figures (label, unit, before, after), video
    ("court-doll-clay-technique", "เทคนิคปั้นตุ๊กตาชาววังด้วยดินไทย", KnowledgeKind.HOWTO,
     "ขั้นตอนเตรียมดิน ปั้นหน้า และลงสีตุ๊กตาชาววังแบบบ้านบางเสด็จ",
     "1. นวดดินเหนียวผสมกาวจนเนียน\n2. ปั้นศีรษะและหน้าด้วยแม่พิมพ์ขนาดเล็ก\n3. ตากในที่ร่ม 2 วัน\n"
     "4. ลงสีพื้นและเขียนหน้าด้วยพู่กันเบอร์ 0\n5. แต่งกายด้วยผ้าและประกอบฉากวิถีชีวิตไทย",
     ["ตุ๊กตาชาววัง", "บางเสด็จ", "งานปั้น"], ["wilai-design"], "ตุ๊กตา", None, ""),
    ("ekkarat-drum-case-study", "กลองเอกราช: จากกลองงานบุญสู่ของที่ระลึกขนาดเล็ก", KnowledgeKind.CASE_STUDY,
     "กลุ่มทำกลองบ้านเอกราชพัฒนากลองจิ๋วเป็นของที่ระลึก และขายผ่านออนไลน์",
     "กลุ่มทำกลองบ้านเอกราช หมู่ 6 ต.เอกราช อ.ป่าโมก สืบทอดการทำกลองหนังแท้มาตั้งแต่ พ.ศ. 2470 "
     "เมื่อยอดสั่งกลองใหญ่ลดลง กลุ่มทดลองทำกลองจิ๋วพร้อมบรรจุภัณฑ์ใหม่ และเปิดร้านบน LINE OA",
     ["กลอง", "เอกราช", "ของที่ระลึก", "การตลาดออนไลน์"], ["wilai-design", "thanapol-online"], "กลอง",
     ("รายได้เฉลี่ยต่อเดือนของกลุ่ม", "บาท", 38000, 52000), ""),
    ("bang-chao-cha-basketry-patterns", "ลายจักสานไม้ไผ่บ้านบางเจ้าฉ่า", KnowledgeKind.ARTICLE,
     "ลายสานดั้งเดิมและการประยุกต์เป็นกระเป๋าร่วมสมัย",
     "เครื่องจักสานบ้านบางเจ้าฉ่า อ.โพธิ์ทอง ใช้ไม้ไผ่สีสุกจักตอกเส้นเล็กละเอียด ลายที่นิยมได้แก่ ลายขัด "
     "ลายสอง ลายดอกพิกุล บทความนี้รวบรวมลายพื้นฐานและตัวอย่างการนำไปทำกระเป๋าถือและกล่องใส่ของ",
     ["จักสาน", "ไม้ไผ่", "บางเจ้าฉ่า"], ["wilai-design"], "จักสาน", None, ""),
    ("line-oa-for-otop-video", "บทเรียนวิดีโอ: เปิดร้านบน LINE OA ใน 30 นาที", KnowledgeKind.VIDEO,
     "ตั้งค่าร้าน ถ่ายภาพสินค้าด้วยมือถือ และตอบแชตอัตโนมัติ",
     "บทเรียนสั้นสำหรับผู้ผลิตที่เพิ่งเริ่มขายออนไลน์",
     ["การตลาดออนไลน์", "line oa"], ["thanapol-online"], None, None,
     "https://www.youtube.com/watch?v=demo-line-oa"),
]


# slug -> (English title, English summary)
KNOWLEDGE_EN = {
    "court-doll-clay-technique": ("Moulding court dolls from Thai clay",
                                  "Preparing the clay, moulding the faces and painting court dolls the Ban Bang "
                                  "Sadet way."),
    "ekkarat-drum-case-study": ("Ekkarat drums: from temple-fair drums to small souvenirs",
                                "The Ban Ekkarat drum makers turned a miniature drum into a souvenir and sell it "
                                "online."),
    "bang-chao-cha-basketry-patterns": ("The bamboo weaving patterns of Ban Bang Chao Cha",
                                        "Traditional weaving patterns and how they become modern handbags."),
    "line-oa-for-otop-video": ("Video lesson: open a LINE OA shop in 30 minutes",
                               "Set up the shop, photograph products with a phone and answer chats "
                               "automatically."),
}

# slug -> (English title, English venue, English description)
EVENTS_EN = {
    "packaging-workshop-provincial-hall": (
        "OTOP packaging design workshop", "Meeting room, Ang Thong Provincial Hall",
        "Design labels and boxes for court dolls, drums and basketry, and make real prototypes."),
    "line-oa-selling-online-meeting": (
        "Online meeting: selling OTOP products on LINE OA", "",
        "How to set up a LINE OA shop, broadcast promotions and look after regular customers."),
    "food-standards-training": (
        "Training: Thai Community Product Standard and FDA approval for food processors",
        "Ban Phet Sufficiency Economy Learning Centre, Sawaeng Ha",
        "Get the documents and the kitchen ready to apply for the standards."),
    "craft-tourism-forum": (
        "Forum: handicrafts and community tourism", "Ban Bang Sadet Court Doll Centre, Pa Mok",
        "Entrepreneurs who welcome tourists successfully share what they learned."),
}

# Demo history (issue 17's lineage timeline): the day each knowledge item was written, published a week later —
# after the wisdom surveys of mid 2567 and the first products of early 2568. The events are dated from the day
# the demo loads (one just past, others to come).
KNOWLEDGE_SINCE = {"court-doll-clay-technique": dt.date(2025, 3, 24), "ekkarat-drum-case-study": dt.date(2025, 4, 21),
                   "bang-chao-cha-basketry-patterns": dt.date(2025, 5, 12), "line-oa-for-otop-video": dt.date(2025, 8, 4)}


def _knowledge_history() -> None:
    """core.demo.backdate: demo rows only, idempotent."""
    for slug, day in KNOWLEDGE_SINCE.items():
        items = KnowledgeItem.objects.filter(slug=slug)
        backdate(items, created_at=day)
        backdate(items.filter(published_at__isnull=False), published_at=day + dt.timedelta(days=7))


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _save(model, slug, create, update, kwarg, **fields):
    """Create the row with `slug` through its create service, or bring it up to date through its
    update service."""
    existing = model.objects.filter(slug=slug).first()
    if existing is None:
        return create(actor=SYSTEM, slug=slug, is_demo=True, **fields)
    return update(actor=SYSTEM, **{kwarg: existing}, **fields)


def _consented_wisdom(keyword):
    """Up to two demo wisdom records matching `keyword` whose knowledge holders have consented."""
    if not keyword:
        return []
    candidates = list(records_visible_to(user=SYSTEM).filter(title_th__icontains=keyword, is_demo=True)[:5])
    blocked = consent_blockers(candidates, scope=ConsentScope.EDUCATION)
    return [r for r in candidates if r.pk not in blocked][:2]


def _load_experts(expert_user):
    experts = {}
    for slug, name, title, expertise, org, districts, contact, visibility, bio in EXPERTS:
        experts[slug] = _save(
            ExpertProfile, slug, services.expert_create, services.expert_update, "expert",
            name=name, title=title, expertise=expertise, organisation=org, bio=bio, contact_preference=contact,
            visibility=visibility, languages="ไทย", email=f"{slug}@example.org", districts_served=districts)
    if expert_user is not None:
        for other in ExpertProfile.objects.filter(user=expert_user).exclude(slug="thanapol-online"):
            services.expert_update(actor=SYSTEM, expert=other, user=None)
        experts["thanapol-online"] = services.expert_update(actor=SYSTEM, expert=experts["thanapol-online"],
                                                            user=expert_user)
    return experts


def _load_knowledge(experts, staff):
    for slug, title, kind, summary, body, tags, expert_slugs, keyword, figures, video in KNOWLEDGE:
        fields = {"title": title, "kind": kind, "summary": summary, "body": body, "tags": tags, "video_url": video,
                  "experts": [experts[s] for s in expert_slugs], "wisdom_records": _consented_wisdom(keyword)}
        title_en, summary_en = KNOWLEDGE_EN.get(slug, ("", ""))
        fields.update(title_en=title_en, summary_en=summary_en)
        if figures:
            fields.update(figure_label=figures[0], figure_unit=figures[1], figure_before=figures[2],
                          figure_after=figures[3])
        existing = KnowledgeItem.objects.filter(slug=slug).first()
        if existing is None:
            services.knowledge_create(actor=SYSTEM, slug=slug, is_demo=True, author=staff, reviewed_by=staff,
                                      status=KnowledgeStatus.PUBLISHED, **fields)
            continue
        item = services.knowledge_update(actor=SYSTEM, item=existing, **fields)
        if item.status == KnowledgeStatus.DRAFT:
            item = services.knowledge_submit(actor=SYSTEM, item=item)
        if item.status == KnowledgeStatus.IN_REVIEW:
            services.knowledge_publish(actor=SYSTEM, item=item)


def _register(event, user, group, attended=None, **contact):
    """One demo registration a week before the event (through registration_register, without e-mails);
    attendance recorded for past events."""
    reg = (Registration.objects.filter(event=event, user=user).first() if user is not None
           else Registration.objects.filter(event=event, contact_key=services.contact_key_for(
               email=contact.get("email", ""), phone=contact.get("phone", ""))).first())
    if reg is None or reg.status == RegistrationStatus.CANCELLED:
        reg = services.registration_register(actor=SYSTEM, event=event, user=user, group=group, notify=False, is_demo=True,
                                             now=event.starts_at - dt.timedelta(days=7), **contact)
    if attended is not None and reg.attended != attended and reg.status == RegistrationStatus.CONFIRMED:
        services.registration_mark_attendance(actor=SYSTEM, registration=reg, attended=attended)
    return reg


def load():
    expert_user = User.objects.filter(username="expert").first()
    experts = _load_experts(expert_user)

    staff = User.objects.filter(username="staff").first()
    _load_knowledge(experts, staff)
    _knowledge_history()

    events = {}
    event_rows = [
        ("packaging-workshop-provincial-hall", "เวิร์กช็อปออกแบบบรรจุภัณฑ์สินค้า OTOP", EventKind.WORKSHOP,
         _at(-20, 9), _at(-20, 16), "ห้องประชุมศาลากลางจังหวัดอ่างทอง", "1501", "", Audience.PRODUCERS, 30,
         ["wilai-design"], "ฝึกออกแบบฉลากและกล่องสำหรับตุ๊กตาชาววัง กลอง และเครื่องจักสาน ลงมือทำต้นแบบจริง",
         "https://www.youtube.com/watch?v=demo-packaging"),
        ("line-oa-selling-online-meeting", "ประชุมออนไลน์: ขายสินค้า OTOP ผ่าน LINE OA", EventKind.ONLINE_MEETING,
         _at(1, 19), _at(1, 20, 30), "", None, "https://meet.google.com/demo-otop-line", Audience.PUBLIC, 100,
         ["thanapol-online"], "แบ่งปันวิธีตั้งร้านบน LINE OA บรอดแคสต์โปรโมชัน และดูแลลูกค้าประจำ", ""),
        ("food-standards-training", "อบรมการขอมาตรฐาน มผช. และ อย. สำหรับกลุ่มแปรรูปอาหาร", EventKind.TRAINING,
         _at(14, 9), _at(14, 16), "ศูนย์เรียนรู้เศรษฐกิจพอเพียงบ้านเพชร อ.แสวงหา", "1505", "", Audience.PRODUCERS, 2,
         ["pranee-food-standards"], "เตรียมเอกสารและสถานที่ผลิตให้พร้อมยื่นขอมาตรฐาน", ""),
        ("craft-tourism-forum", "เวทีแลกเปลี่ยน: หัตถกรรมกับการท่องเที่ยวชุมชน", EventKind.FORUM,
         _at(30, 13), _at(30, 16), "ศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ อ.ป่าโมก", "1503", "", Audience.PUBLIC, 60,
         ["somsak-tourism", "wilai-design"], "ผู้ประกอบการที่ประสบความสำเร็จเล่าประสบการณ์การรับนักท่องเที่ยว", ""),
    ]
    # The wisdom each event taught (issue 17: a wisdom record's lineage lists its trainings).
    taught = {"packaging-workshop-provincial-hall": "ตุ๊กตา", "craft-tourism-forum": "ตุ๊กตา"}
    for slug, title, kind, starts, ends, venue, district, url, audience, capacity, speakers, desc, rec in event_rows:
        events[slug] = _save(
            Event, slug, services.event_create, services.event_update, "event",
            title=title, kind=kind, starts_at=starts, ends_at=ends, venue=venue, district_id=district,
            online_url=url, audience=audience, capacity=capacity, description=desc, recording_url=rec,
            title_en=EVENTS_EN.get(slug, ("", "", ""))[0], venue_en=EVENTS_EN.get(slug, ("", "", ""))[1],
            description_en=EVENTS_EN.get(slug, ("", "", ""))[2],
            status=EventStatus.PUBLISHED, speakers=[experts[s] for s in speakers],
            wisdom_records=_consented_wisdom(taught.get(slug, "")),
            registration_deadline=starts - dt.timedelta(hours=12) if starts > timezone.now() else None,
            materials="สไลด์และแบบฝึกหัดออกแบบฉลาก" if rec else "")

    producer = User.objects.filter(username="producer").first()
    producer2 = User.objects.filter(username="producer2").first()
    dolls = ProducerGroup.objects.filter(slug="bang-sadet-court-dolls").first()
    drums = ProducerGroup.objects.filter(slug="ekkarat-drums").first()
    regs = [(events["packaging-workshop-provincial-hall"], producer, dolls, True),
            (events["packaging-workshop-provincial-hall"], producer2, drums, False),
            (events["line-oa-selling-online-meeting"], producer, dolls, None),
            (events["food-standards-training"], producer2, drums, None)]
    for event, user, group, attended in regs:
        if user is not None:
            _register(event, user, group, attended, email=user.email or f"{user.username}@example.org")
    _register(events["craft-tourism-forum"], None, None, name="มาลี ใจงาม", phone="081-234-5678")

    mentorships = 0
    if dolls and drums:
        m = _mentorship(mentee_group=drums, topic="ออกแบบบรรจุภัณฑ์กลองจิ๋วเป็นของที่ระลึก",
                        mentor_expert=experts["wilai-design"], mentor_group=None,
                        started_on=timezone.localdate() - dt.timedelta(days=60))
        for days, covered, next_step in [
                (55, "สำรวจสินค้าเดิม ราคา และช่องทางขาย", "ร่างแบบกล่อง 3 แบบ"),
                (30, "ทดสอบแบบกล่องกับลูกค้าที่งานเทศกาลกลอง", "สั่งพิมพ์กล่องล็อตแรก 200 ใบ")]:
            day = timezone.localdate() - dt.timedelta(days=days)
            session = MentoringSession.objects.filter(mentorship=m, date=day).first()
            if session is None:
                services.mentoring_session_log(actor=SYSTEM, mentorship=m, date=day, covered=covered,
                                               next_step=next_step, is_demo=True)
            else:
                services.mentoring_session_update(actor=SYSTEM, session=session, covered=covered,
                                                  next_step=next_step)
        _mentorship(mentee_group=ProducerGroup.objects.filter(slug="bang-chao-cha-basketry").first() or drums,
                    topic="เล่าเรื่องผลิตภัณฑ์ให้นักท่องเที่ยว", mentor_expert=None, mentor_group=dolls,
                    started_on=timezone.localdate() - dt.timedelta(days=20))
        mentorships = 2

    questions = 0
    if producer and producer2:
        q1 = _question(producer2, "ถ่ายรูปกลองให้สวยด้วยมือถือทำอย่างไร", Expertise.ONLINE_MARKETING,
                       "ภาพที่ถ่ายมักมืดและเห็นลายหนังไม่ชัด")
        a1 = _answer(q1, expert_user or staff,
                     "ถ่ายใกล้หน้าต่างช่วงเช้า ใช้กระดาษขาวสะท้อนแสง และถ่ายมุม 45 องศาให้เห็นลายหนัง")
        if not a1.is_accepted:
            services.answer_accept(actor=SYSTEM, answer=a1)
        q2 = _question(producer, "ตุ๊กตาชาววังส่งไปรษณีย์อย่างไรไม่ให้แตก", Expertise.PACKAGING, "")
        _answer(q2, producer2, "กลุ่มเราใช้กล่องสองชั้นกับกระดาษฝอย และติดป้ายระวังแตกทุกกล่อง")
        # Still open in the online-marketing expert's queue (workspaces).
        _question(producer, "ควรเริ่มขายตุ๊กตาชาววังบน TikTok Shop หรือ LINE OA ก่อนดี", Expertise.ONLINE_MARKETING,
                  "กลุ่มมีคนดูแลร้านออนไลน์ได้ 1 คน อยากเลือกช่องทางเดียวที่ได้ลูกค้าประจำ")
        questions = 3

    return (f"{len(experts)} experts, {len(KNOWLEDGE)} knowledge items, {len(events)} events, "
            f"{mentorships} mentorships, {questions} questions")


def _mentorship(*, mentee_group, topic, **fields):
    existing = Mentorship.objects.filter(mentee_group=mentee_group, topic=topic).first()
    if existing is None:
        return services.mentorship_create(actor=SYSTEM, mentee_group=mentee_group, topic=topic, is_demo=True,
                                          **fields)
    return services.mentorship_update(actor=SYSTEM, mentorship=existing, **fields)


def _question(asked_by, title, topic, body):
    existing = Question.objects.filter(asked_by=asked_by, title=title).first()
    if existing is None:
        return services.question_ask(actor=SYSTEM, asked_by=asked_by, title=title, topic=topic, body=body,
                                     is_demo=True)
    return services.question_update(actor=SYSTEM, question=existing, topic=topic, body=body)


def _answer(question, author, body):
    existing = Answer.objects.filter(question=question, author=author).first()
    if existing is None:
        return services.answer_post(actor=SYSTEM, question=question, author=author, body=body, is_demo=True)
    return services.answer_update(actor=SYSTEM, answer=existing, body=body)
