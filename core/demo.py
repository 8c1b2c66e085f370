"""Demo data of the shared core: producer groups, partner organisations, one account per role.

Every row is marked is_demo=True (pages show a "ข้อมูลตัวอย่าง" badge): these
are realistic for Ang Thong (real districts, subdistricts, crafts) but are NOT
official records. Idempotent: keyed by slug/username.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .choices import EntrepreneurType, MembershipRole, PartnerType, Role
from .models import District, GroupMembership, PartnerOrganisation, ProducerGroup, User

DEMO_PASSWORD = "demo-otop-2569"

GROUPS = [
    # slug, name_th, name_en, type, subdistrict, village, description
    ("bang-sadet-court-dolls", "กลุ่มตุ๊กตาชาววังบ้านบางเสด็จ", "Ban Bang Sadet Court Doll Group",
     EntrepreneurType.COMMUNITY_GROUP, "150305", 2,
     "ผลิตตุ๊กตาชาววังจากดินเหนียวปั้นมือ ศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ โครงการในพระราชดำริตั้งแต่ พ.ศ. 2519"),
    ("ekkarat-drums", "กลุ่มทำกลองบ้านเอกราช", "Ban Ekkarat Drum Makers",
     EntrepreneurType.COMMUNITY_GROUP, "150307", 6,
     "ทำกลองหนังแท้ทุกชนิด สืบทอดฝีมือมาตั้งแต่ พ.ศ. 2470 มีงานเทศกาลกลองประจำปี"),
    ("bang-chao-cha-basketry", "กลุ่มจักสานไม้ไผ่บ้านบางเจ้าฉ่า", "Bang Chao Cha Bamboo Basketry Group",
     EntrepreneurType.COMMUNITY_GROUP, "150414", 3,
     "เครื่องจักสานไม้ไผ่ลายละเอียด กระเป๋า ตะกร้า กล่องใส่ของ ภูมิปัญญาบ้านบางเจ้าฉ่า"),
    ("ban-phet-jasmine-rice", "วิสาหกิจชุมชนข้าวหอมมะลิบ้านเพชร", "Ban Phet Jasmine Rice Community Enterprise",
     EntrepreneurType.COMMUNITY_GROUP, "150505", 7,
     "ข้าวหอมมะลิปลอดสารจากแปลงนาชุมชน ศูนย์เรียนรู้เศรษฐกิจพอเพียงบ้านเพชร"),
    ("sala-daeng-natural-soap", "กลุ่มสบู่เหลวน้ำมันธรรมชาติศาลาแดง", "Sala Daeng Natural Oil Soap Group",
     EntrepreneurType.SINGLE_OWNER, "150103", 4,
     "สบู่เหลวจากน้ำมันธรรมชาติและสมุนไพรท้องถิ่น"),
    ("ban-phran-chili-paste", "กลุ่มน้ำพริกเผาตาแดงบ้านพราน", "Ban Phran Chili Paste Group",
     EntrepreneurType.SME, "150503", 1, "น้ำพริกเผาสูตรดั้งเดิม ผลิตในโรงเรือนมาตรฐาน"),
    ("thewarat-gem-rings", "กลุ่มแหวนพลอยเทวราช", "Thewarat Gem Ring Group",
     EntrepreneurType.SINGLE_OWNER, "150204", 2, "เครื่องประดับแหวนพลอยงานฝีมือ"),
    ("obthom-printed-cloth", "กลุ่มผ้าพิมพ์ลายอบทม", "Obthom Printed Cloth Group",
     EntrepreneurType.COMMUNITY_GROUP, "150703", 5, "ผ้าพิมพ์ลายมือด้วยลวดลายจากวิถีชุมชนริมน้ำ"),
]

# slug -> the description in English (what a tourist reads on the group's page in English mode)
GROUPS_EN = {
    "bang-sadet-court-dolls": "Hand-moulded clay court dolls from the Ban Bang Sadet Court Doll Centre, a royal "
                              "project since 1976.",
    "ekkarat-drums": "Real-hide drums of every kind, made by hand since 1927, with a drum festival every year.",
    "bang-chao-cha-basketry": "Finely woven bamboo handbags, baskets and boxes: the craft of Ban Bang Chao Cha.",
    "ban-phet-jasmine-rice": "Chemical-free jasmine rice from the community's fields and the Ban Phet "
                             "sufficiency-economy learning centre.",
    "sala-daeng-natural-soap": "Liquid soap of natural oils and local herbs.",
    "ban-phran-chili-paste": "Roasted chili paste to the old recipe, made in a certified kitchen.",
    "thewarat-gem-rings": "Handmade gemstone rings and jewellery.",
    "obthom-printed-cloth": "Hand-printed cloth in patterns of riverside village life.",
}

PARTNERS = [
    ("aru", "มหาวิทยาลัยราชภัฏพระนครศรีอยุธยา", "Phranakhon Si Ayutthaya Rajabhat University", PartnerType.RAJABHAT,
     "ออกแบบผลิตภัณฑ์และบรรจุภัณฑ์ การตลาดออนไลน์ การท่องเที่ยวชุมชน"),
    ("chandra", "มหาวิทยาลัยราชภัฏจันทรเกษม", "Chandrakasem Rajabhat University", PartnerType.RAJABHAT,
     "เทคโนโลยีการผลิตอาหาร มาตรฐาน มผช. และ อย."),
    ("pamok-sao", "องค์การบริหารส่วนตำบลบางเสด็จ", "Bang Sadet Subdistrict Administrative Organisation",
     PartnerType.LOCAL_ADMIN, "สนับสนุนงบประมาณกิจกรรมชุมชนและงานเทศกาล"),
]

USERS = [
    # username, first, last, role, groups, partner
    ("staff", "สมศรี", "ใจดี", Role.STAFF, [], None),
    ("producer", "สมชาย", "ปั้นดี", Role.PRODUCER, ["bang-sadet-court-dolls"], None),
    ("producer2", "บุญมี", "ตีกลอง", Role.PRODUCER, ["ekkarat-drums"], None),
    ("partner", "อาจารย์วิไล", "ออกแบบ", Role.PARTNER, [], "aru"),
    ("expert", "ธนพล", "การตลาด", Role.EXPERT, [], None),
]


# Demo groups are not real shops: one obviously invented number (no such exchange in 035), shown with a
# "ข้อมูลตัวอย่าง" badge and no tel: link (templates/includes/shop_contact.html).
DEMO_SHOP_PHONE = "035-000-000"


def backdate(queryset: QuerySet[Any], **days: dt.date) -> int:
    """Demo history: set date-time fields (``created_at``, ``published_at``…) of the demo rows (is_demo=True)
    in `queryset` to 10:00 local time on the given days, with queryset.update() (an auto_now_add field cannot
    be set through save()), so that timelines read like a history rather than the day the demo loaded.
    Rows that already have those values are left alone: a second load writes nothing. Returns the rows changed."""
    values = {name: timezone.make_aware(dt.datetime.combine(day, dt.time(10))) for name, day in days.items()}
    return queryset.filter(is_demo=True).exclude(**values).update(**values)


def load():
    groups = {}
    for slug, name_th, name_en, etype, sub, village, desc in GROUPS:
        groups[slug], _ = ProducerGroup.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "entrepreneur_type": etype,
                                 "subdistrict_id": sub, "village_no": village, "description": desc,
                                 "description_en": GROUPS_EN.get(slug, ""),
                                 "phone": DEMO_SHOP_PHONE, "is_demo": True})
    partners: dict[str, Any] = {}
    for slug, name_th, name_en, ptype, expertise in PARTNERS:
        partners[slug], _ = PartnerOrganisation.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "org_type": ptype,
                                 "expertise": expertise, "is_demo": True})
    partners["aru"].areas_served.set(District.objects.filter(code__in=["1501", "1502", "1503", "1504", "1505",
                                                                        "1506", "1507"]))
    partners["chandra"].areas_served.set(District.objects.filter(code__in=["1503", "1504", "1506"]))

    admin, created = User.objects.get_or_create(username="admin", defaults={
        "role": Role.STAFF, "is_superuser": True, "first_name": "ผู้ดูแลระบบ", "is_demo": True})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, first, last, role, group_slugs, partner in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "role": role, "is_demo": True,
            "partner_organisation": partners.get(partner) if partner else None})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for slug in group_slugs:
            GroupMembership.objects.get_or_create(user=user, group=groups[slug],
                                                  defaults={"role": MembershipRole.CHAIR})
    _district_officers()
    return f"{len(groups)} groups, {len(partners)} partners, {len(USERS) + 1} accounts (password {DEMO_PASSWORD})"


# district code, phone, LINE id: the demo staff account answers for every district (demo numbers).
DISTRICT_OFFICERS = [(code, "035-611-xxx", "cdd.angthong.demo") for code in
                     ["1501", "1502", "1503", "1504", "1505", "1506", "1507"]]


def _district_officers():
    """The officer producers of each district are told to ask (workspaces): the demo staff account."""
    from .actors import SYSTEM
    from .services import district_officer_set

    officer = User.objects.filter(username="staff").first()
    if officer is None:
        return
    for code, phone, line_id in DISTRICT_OFFICERS:
        district = District.objects.filter(code=code).first()
        if district is not None:
            district_officer_set(actor=SYSTEM, district=district, officer=officer, phone=phone, line_id=line_id,
                                 is_demo=True)
