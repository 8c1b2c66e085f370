"""Demo data of the KBO knowledge network (is_demo=True everywhere; not official records).

Experts (a product designer, an online-marketing coach, a food-standards adviser, a community-tourism
expert), knowledge items on real Ang Thong crafts (court dolls of Ban Bang Sadet, Ekkarat drums,
Bang Chao Cha basketry), past and upcoming events, a mentorship with sessions and a few questions.
Idempotent: rows are keyed by slug (or by their natural key) and updated in place. Event dates are
relative to today so upcoming events stay upcoming.
"""

import datetime as dt

from django.utils import timezone

from core.models import ProducerGroup, User

from .choices import (
    Audience,
    ContactPreference,
    EventKind,
    EventStatus,
    Expertise,
    KnowledgeKind,
    KnowledgeStatus,
    MentorshipStatus,
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


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load():
    experts = {}
    expert_user = User.objects.filter(username="expert").first()
    for slug, name, title, expertise, org, districts, contact, visibility, bio in EXPERTS:
        experts[slug], _ = ExpertProfile.objects.update_or_create(slug=slug, defaults={
            "name": name, "title": title, "expertise": expertise, "organisation": org, "bio": bio,
            "contact_preference": contact, "visibility": visibility, "languages": "ไทย",
            "email": f"{slug}@example.org", "is_demo": True})
        experts[slug].districts_served.set(districts)
    if expert_user is not None:
        ExpertProfile.objects.filter(user=expert_user).exclude(slug="thanapol-online").update(user=None)
        ExpertProfile.objects.filter(slug="thanapol-online").update(user=expert_user)

    staff = User.objects.filter(username="staff").first()
    wisdom_model = _optional_model("wisdom", "WisdomRecord")
    for slug, title, kind, summary, body, tags, expert_slugs, keyword, figures, video in KNOWLEDGE:
        fields = {"title": title, "kind": kind, "summary": summary, "body": body, "tags": tags,
                  "status": KnowledgeStatus.PUBLISHED, "video_url": video, "is_demo": True,
                  "author": staff, "reviewed_by": staff}
        if figures:
            fields.update(figure_label=figures[0], figure_unit=figures[1], figure_before=figures[2],
                          figure_after=figures[3])
        item, created = KnowledgeItem.objects.update_or_create(slug=slug, defaults=fields)
        if created or item.published_at is None:
            item.published_at = timezone.now()
            item.save(update_fields=["published_at"])
        item.experts.set([experts[s] for s in expert_slugs])
        if keyword and wisdom_model is not None:
            item.wisdom_records.set(wisdom_model.objects.filter(title_th__icontains=keyword, is_demo=True)[:2])

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
    for slug, title, kind, starts, ends, venue, district, url, audience, capacity, speakers, desc, rec in event_rows:
        events[slug], _ = Event.objects.update_or_create(slug=slug, defaults={
            "title": title, "kind": kind, "starts_at": starts, "ends_at": ends, "venue": venue,
            "district_id": district, "online_url": url, "audience": audience, "capacity": capacity,
            "description": desc, "recording_url": rec, "status": EventStatus.PUBLISHED, "is_demo": True,
            "registration_deadline": starts - dt.timedelta(hours=12) if starts > timezone.now() else None,
            "materials": "สไลด์และแบบฝึกหัดออกแบบฉลาก" if rec else ""})
        events[slug].speakers.set([experts[s] for s in speakers])

    producer = User.objects.filter(username="producer").first()
    producer2 = User.objects.filter(username="producer2").first()
    dolls = ProducerGroup.objects.filter(slug="bang-sadet-court-dolls").first()
    drums = ProducerGroup.objects.filter(slug="ekkarat-drums").first()
    regs = [(events["packaging-workshop-provincial-hall"], producer, dolls, RegistrationStatus.CONFIRMED, True),
            (events["packaging-workshop-provincial-hall"], producer2, drums, RegistrationStatus.CONFIRMED, False),
            (events["line-oa-selling-online-meeting"], producer, dolls, RegistrationStatus.CONFIRMED, None),
            (events["food-standards-training"], producer2, drums, RegistrationStatus.CONFIRMED, None)]
    for event, user, group, status, attended in regs:
        if user is None:
            continue
        Registration.objects.update_or_create(event=event, user=user, defaults={
            "name": user.get_full_name() or user.username, "group": group, "status": status,
            "email": user.email or f"{user.username}@example.org",
            "registered_at": event.starts_at - dt.timedelta(days=7), "attended": attended,
            "attendance_marked_by": staff if attended is not None else None, "is_demo": True})
    Registration.objects.update_or_create(event=events["craft-tourism-forum"], contact_key="phone:0812345678",
                                          defaults={"name": "มาลี ใจงาม", "phone": "081-234-5678", "phone_key": "0812345678",
                                                    "status": RegistrationStatus.CONFIRMED,
                                                    "registered_at": timezone.now(), "is_demo": True})

    mentorships = 0
    if dolls and drums:
        m, _ = Mentorship.objects.update_or_create(
            mentee_group=drums, topic="ออกแบบบรรจุภัณฑ์กลองจิ๋วเป็นของที่ระลึก", defaults={
                "mentor_expert": experts["wilai-design"], "mentor_group": None,
                "started_on": timezone.localdate() - dt.timedelta(days=60), "status": MentorshipStatus.ACTIVE,
                "created_by": staff, "is_demo": True})
        for days, covered, next_step in [
                (55, "สำรวจสินค้าเดิม ราคา และช่องทางขาย", "ร่างแบบกล่อง 3 แบบ"),
                (30, "ทดสอบแบบกล่องกับลูกค้าที่งานเทศกาลกลอง", "สั่งพิมพ์กล่องล็อตแรก 200 ใบ")]:
            MentoringSession.objects.update_or_create(
                mentorship=m, date=timezone.localdate() - dt.timedelta(days=days),
                defaults={"covered": covered, "next_step": next_step, "logged_by": staff, "is_demo": True})
        Mentorship.objects.update_or_create(
            mentee_group=ProducerGroup.objects.filter(slug="bang-chao-cha-basketry").first() or drums,
            topic="เล่าเรื่องผลิตภัณฑ์ให้นักท่องเที่ยว", defaults={
                "mentor_expert": None, "mentor_group": dolls,
                "started_on": timezone.localdate() - dt.timedelta(days=20), "created_by": staff, "is_demo": True})
        mentorships = 2

    questions = 0
    if producer and producer2:
        q1, _ = Question.objects.update_or_create(asked_by=producer2, title="ถ่ายรูปกลองให้สวยด้วยมือถือทำอย่างไร",
                                                  defaults={"topic": Expertise.ONLINE_MARKETING, "is_demo": True,
                                                            "body": "ภาพที่ถ่ายมักมืดและเห็นลายหนังไม่ชัด"})
        answer_author = expert_user or staff
        a1, _ = Answer.objects.update_or_create(question=q1, author=answer_author, defaults={
            "body": "ถ่ายใกล้หน้าต่างช่วงเช้า ใช้กระดาษขาวสะท้อนแสง และถ่ายมุม 45 องศาให้เห็นลายหนัง",
            "is_demo": True})
        Answer.objects.filter(question=q1).exclude(pk=a1.pk).update(is_accepted=False)
        Answer.objects.filter(pk=a1.pk).update(is_accepted=True)
        q2, _ = Question.objects.update_or_create(asked_by=producer, title="ตุ๊กตาชาววังส่งไปรษณีย์อย่างไรไม่ให้แตก",
                                                  defaults={"topic": Expertise.PACKAGING, "is_demo": True})
        Answer.objects.update_or_create(question=q2, author=producer2, defaults={
            "body": "กลุ่มเราใช้กล่องสองชั้นกับกระดาษฝอย และติดป้ายระวังแตกทุกกล่อง", "is_demo": True})
        questions = 2

    return (f"{len(experts)} experts, {len(KNOWLEDGE)} knowledge items, {len(events)} events, "
            f"{mentorships} mentorships, {questions} questions")


def _optional_model(app_label: str, model_name: str):
    from django.apps import apps

    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None
