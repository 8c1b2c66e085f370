"""Demo data of the tourism app: three OTOP Nawatwithi communities of Ang Thong with activities,
published programs, fairs, a few bookings and monthly visits.

Realistic (real districts, subdistricts, crafts and places) but NOT official: every row is
is_demo=True. Idempotent: keyed by slug (communities, activities, programs, fairs), by
community+month (visits); bookings are added only when a program has none yet. Products and
wisdom records of the other apps are linked only by looking up rows that already exist (through
their selectors). Every write goes through tourism.services with actor=SYSTEM.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from core.actors import SYSTEM
from core.demo import backdate
from core.demo_images import placeholder_image
from core.models import ProducerGroup, Subdistrict, User
from products.selectors import products_visible_to
from wisdom.choices import ConsentScope
from wisdom.selectors import consent_blockers, records_of_groups

from . import services
from .choices import ActivityType, Language, ProgramDuration, PublishStatus
from .models import Activity, Booking, Fair, Program, Reseller, TourismCommunity
from .octo import selectors as octo_selectors
from .octo import services as octo_services

COMMUNITIES = [
    {
        "slug": "ban-phet-si-bua-thong", "name_th": "ชุมชนท่องเที่ยว OTOP นวัตวิถีบ้านเพชร",
        "name_en": "Ban Phet OTOP Nawatwithi Community", "subdistrict_id": "150505", "village_no": 7,
        "lat": Decimal("14.769000"), "lng": Decimal("100.248000"),
        "address": "ศูนย์เรียนรู้เศรษฐกิจพอเพียงบ้านเพชร หมู่ 7 ต.สีบัวทอง อ.แสวงหา จ.อ่างทอง 14150",
        "story": "หมู่บ้านชาวนาท่ามกลางทุ่งข้าวหอมมะลิของอำเภอแสวงหา ชาวบ้านรวมกลุ่มทำนาปลอดสาร "
                 "เปิดบ้านเป็นโฮมสเตย์ และตั้งศูนย์เรียนรู้เศรษฐกิจพอเพียงให้ผู้มาเยือนได้ลองดำนา "
                 "เกี่ยวข้าว สีข้าว และทำอาหารจากข้าวหอมมะลิของชุมชน",
        "contact_name": "ผู้ใหญ่บ้านหมู่ 7 (ข้อมูลตัวอย่าง)", "contact_phone": "0812345671",
        "contact_line_id": "banphet.homestay", "has_parking": True, "has_toilets": True, "has_homestay": True,
        "wheelchair_access": False, "languages": [Language.THAI, Language.ENGLISH],
        "groups": ["ban-phet-jasmine-rice"], "coordinators": [], "colour": (214, 190, 92),
    },
    {
        "slug": "bang-sadet-pa-khao", "name_th": "ชุมชนท่องเที่ยวตุ๊กตาชาววังบ้านบางเสด็จ–ปะขาว",
        "name_en": "Ban Bang Sadet – Pa Khao Court Doll Community", "subdistrict_id": "150305", "village_no": 3,
        "lat": Decimal("14.461000"), "lng": Decimal("100.473000"),
        "address": "ศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ ต.บางเสด็จ อ.ป่าโมก จ.อ่างทอง 14130",
        "story": "ชุมชนริมแม่น้ำเจ้าพระยาที่ปั้นตุ๊กตาชาววังจากดินเหนียว สืบทอดจากโครงการในพระราชดำริ "
                 "ตั้งแต่ พ.ศ. 2519 นักท่องเที่ยวได้ชมช่างปั้นหน้าตุ๊กตา ตัดชุด และลองปั้นตุ๊กตาของตัวเอง "
                 "ก่อนเดินเล่นบ้านปะขาวและไหว้พระนอนวัดป่าโมกวรวิหาร",
        "contact_name": "ผู้ประสานงานศูนย์ตุ๊กตาชาววัง (ข้อมูลตัวอย่าง)", "contact_phone": "0812345672",
        "contact_line_id": "bangsadet.dolls", "has_parking": True, "has_toilets": True, "has_homestay": False,
        "wheelchair_access": True, "languages": [Language.THAI, Language.ENGLISH, Language.CHINESE],
        "groups": ["bang-sadet-court-dolls", "ekkarat-drums"], "coordinators": ["producer"],
        "colour": (196, 120, 140),
    },
    {
        "slug": "wat-muang-hua-taphan", "name_th": "ชุมชนท่องเที่ยวบ้านวัดม่วง",
        "name_en": "Ban Wat Muang Community", "subdistrict_id": "150613", "village_no": 4,
        "lat": Decimal("14.583000"), "lng": Decimal("100.387000"),
        "address": "ลานวัฒนธรรมหน้าวัดม่วง ต.หัวตะพาน อ.วิเศษชัยชาญ จ.อ่างทอง 14110",
        "story": "ชุมชนรอบวัดม่วง ที่ตั้งของพระพุทธรูปปางมารวิชัยองค์ใหญ่ นักท่องเที่ยวได้ไหว้พระ "
                 "ชมวิถีชาวบ้าน ทำขนมไทยและอาหารพื้นบ้านด้วยผลิตภัณฑ์ OTOP ของอำเภอวิเศษชัยชาญ "
                 "และเลือกซื้อของฝากจากกลุ่มผู้ผลิตในชุมชน",
        "contact_name": "ประธานกลุ่มท่องเที่ยวบ้านวัดม่วง (ข้อมูลตัวอย่าง)", "contact_phone": "0812345673",
        "contact_line_id": "", "has_parking": True, "has_toilets": True, "has_homestay": False,
        "wheelchair_access": True, "languages": [Language.THAI],
        "groups": [], "coordinators": [], "colour": (120, 160, 110),
    },
]

ACTIVITIES = {
    "ban-phet-si-bua-thong": [
        ("ban-phet-rice-planting", "ดำนา เกี่ยวข้าว ในแปลงนาข้าวหอมมะลิ", ActivityType.NATURE_ECO, 120, 150, 2, 30),
        ("ban-phet-sufficiency", "ฐานเรียนรู้เศรษฐกิจพอเพียง", ActivityType.PRODUCTION_VISIT, 90, 100, 5, 40),
        ("ban-phet-rice-cooking", "ทำข้าวต้มมัดและขนมจากข้าวหอมมะลิ", ActivityType.LOCAL_COOKING, 90, 200, 2, 20),
        ("ban-phet-homestay", "พักโฮมสเตย์กับครอบครัวชาวนา", ActivityType.HOMESTAY, 720, 600, 2, 16),
    ],
    "bang-sadet-pa-khao": [
        ("bang-sadet-doll-visit", "ชมการปั้นและแต่งตุ๊กตาชาววัง", ActivityType.PRODUCTION_VISIT, 60, 50, 1, 40),
        ("bang-sadet-doll-workshop", "เวิร์กช็อปปั้นตุ๊กตาชาววังของตัวเอง", ActivityType.CRAFT_WORKSHOP, 120, 350, 2,
         20),
        ("bang-sadet-wat-pa-mok", "ไหว้พระนอนวัดป่าโมกวรวิหาร เดินเล่นบ้านปะขาว", ActivityType.ARTS_CULTURE, 90, 0,
         1, 40),
        ("bang-sadet-doll-shop", "เลือกซื้อตุ๊กตาชาววังที่ศูนย์", ActivityType.SHOPPING, 30, 0, 1, 40),
    ],
    "wat-muang-hua-taphan": [
        ("wat-muang-merit", "ไหว้พระใหญ่วัดม่วง ชมวิหารแก้ว", ActivityType.ARTS_CULTURE, 90, 0, 1, 50),
        ("wat-muang-thai-dessert", "ทำขนมไทยด้วยผลิตภัณฑ์ OTOP", ActivityType.LOCAL_COOKING, 120, 250, 4, 25),
        ("wat-muang-otop-market", "ช้อปปิ้งของฝาก OTOP ในชุมชน", ActivityType.SHOPPING, 45, 0, 1, 50),
    ],
}

# slug, community, title, title_en, duration, price, included, weekdays, min, max, capacity, items(day, hh:mm, activity)
PROGRAMS = [
    ("ban-phet-rice-day", "ban-phet-si-bua-thong", "หนึ่งวันวิถีนาข้าวหอมมะลิบ้านเพชร", "A day in Ban Phet's jasmine rice fields",
     ProgramDuration.ONE_DAY, Decimal("590.00"), "อาหารกลางวันพื้นบ้าน\nอุปกรณ์ดำนา\nข้าวหอมมะลิ 1 กก. เป็นของฝาก",
     [], 5, 30, 40,
     [(1, "09:00", "11:00", "ban-phet-rice-planting"), (1, "11:15", "12:45", "ban-phet-sufficiency"),
      (1, "13:30", "15:00", "ban-phet-rice-cooking")]),
    ("ban-phet-homestay-2d", "ban-phet-si-bua-thong", "สองวันหนึ่งคืน โฮมสเตย์เศรษฐกิจพอเพียงบ้านเพชร",
     "Two days at a Ban Phet homestay", ProgramDuration.TWO_DAYS, Decimal("1490.00"),
     "ที่พักโฮมสเตย์ 1 คืน\nอาหาร 4 มื้อ\nกิจกรรมฐานเรียนรู้ทุกฐาน", [4, 5], 2, 12, 16,
     [(1, "13:00", "14:30", "ban-phet-sufficiency"), (1, "16:00", "18:00", "ban-phet-rice-cooking"),
      (1, "19:00", None, "ban-phet-homestay"), (2, "07:00", "09:00", "ban-phet-rice-planting")]),
    ("bang-sadet-doll-half-day", "bang-sadet-pa-khao", "ครึ่งวันปั้นตุ๊กตาชาววังบ้านบางเสด็จ",
     "Half a day making court dolls at Ban Bang Sadet", ProgramDuration.HALF_DAY, Decimal("450.00"),
     "วัสดุปั้นตุ๊กตา 1 ชุด (นำกลับบ้านได้)\nน้ำดื่มและขนมว่าง\nวิทยากรช่างปั้นในชุมชน", [1, 2, 3, 4, 5, 6], 2, 20, 30,
     [(1, "09:00", "10:00", "bang-sadet-doll-visit"), (1, "10:00", "12:00", "bang-sadet-doll-workshop"),
      (1, "12:00", "12:30", "bang-sadet-doll-shop")]),
    ("bang-sadet-doll-and-temple-day", "bang-sadet-pa-khao", "หนึ่งวันตุ๊กตาชาววังและพระนอนวัดป่าโมก",
     "Court dolls and the reclining Buddha of Wat Pa Mok", ProgramDuration.ONE_DAY, Decimal("790.00"),
     "อาหารกลางวันริมเจ้าพระยา\nวัสดุปั้นตุ๊กตา 1 ชุด\nไกด์ชุมชน", [5, 6], 4, 25, 30,
     [(1, "09:00", "10:00", "bang-sadet-doll-visit"), (1, "10:00", "12:00", "bang-sadet-doll-workshop"),
      (1, "13:30", "15:00", "bang-sadet-wat-pa-mok"), (1, "15:00", "15:30", "bang-sadet-doll-shop")]),
    ("wat-muang-merit-and-dessert", "wat-muang-hua-taphan", "ไหว้พระใหญ่วัดม่วง ทำขนมไทยกับชุมชน",
     "Wat Muang and Thai desserts", ProgramDuration.HALF_DAY, Decimal("350.00"),
     "วัตถุดิบทำขนม\nดอกไม้ธูปเทียน\nน้ำดื่ม", [], 4, 25, 50,
     [(1, "08:30", "10:00", "wat-muang-merit"), (1, "10:15", "12:15", "wat-muang-thai-dessert"),
      (1, "12:15", "13:00", "wat-muang-otop-market")]),
]


# English versions (tourists reading the English pages), keyed by slug.
COMMUNITIES_EN = {
    "ban-phet-si-bua-thong": {
        "address_en": "Ban Phet Sufficiency Economy Learning Centre, Moo 7, Si Bua Thong, Sawaeng Ha, Ang Thong 14150",
        "story_en": "A farming village among the jasmine rice fields of Sawaeng Ha. The villagers grow rice "
                    "without chemicals, open their homes as homestays and run a sufficiency-economy learning "
                    "centre where visitors plant and harvest rice, mill it and cook with the community's "
                    "jasmine rice.",
    },
    "bang-sadet-pa-khao": {
        "address_en": "Ban Bang Sadet Court Doll Centre, Bang Sadet, Pa Mok, Ang Thong 14130",
        "story_en": "A community on the Chao Phraya river that has moulded clay court dolls since a royal project "
                    "began here in 1976. Visitors watch the artisans shape the dolls' faces and sew their "
                    "costumes, mould a doll of their own, then stroll through Ban Pa Khao and pay respect to the "
                    "reclining Buddha of Wat Pa Mok Worawihan.",
    },
    "wat-muang-hua-taphan": {
        "address_en": "Cultural square in front of Wat Muang, Hua Taphan, Wiset Chai Chan, Ang Thong 14110",
        "story_en": "The community around Wat Muang, home of a great Buddha image in the subduing-Mara posture. "
                    "Visitors make merit, see village life, cook Thai desserts and local dishes with OTOP "
                    "products of Wiset Chai Chan and shop for souvenirs from the community's producer groups.",
    },
}

# activity slug: (English title, English description)
ACTIVITIES_EN = {
    "ban-phet-rice-planting": ("Planting and harvesting jasmine rice",
                               "Wade into the paddy with a farmer, plant seedlings and cut ripe rice by hand."),
    "ban-phet-sufficiency": ("Sufficiency-economy learning stations",
                             "Composting, fish ponds and home gardens as the village farms them."),
    "ban-phet-rice-cooking": ("Cooking khao tom mat and jasmine-rice sweets",
                              "Wrap sticky rice with banana in leaves and steam it with the village cooks."),
    "ban-phet-homestay": ("Homestay with a rice-farming family",
                          "Dinner, a night and breakfast in a farming family's house."),
    "bang-sadet-doll-visit": ("Watching the court dolls being made",
                              "See the artisans mould, paint and dress the clay court dolls."),
    "bang-sadet-doll-workshop": ("Workshop: mould your own court doll",
                                 "Shape, paint and dress a small clay doll to take home."),
    "bang-sadet-wat-pa-mok": ("The reclining Buddha of Wat Pa Mok and Ban Pa Khao",
                              "Pay respect at Wat Pa Mok Worawihan and walk the old riverside village."),
    "bang-sadet-doll-shop": ("Shopping for court dolls at the centre", ""),
    "wat-muang-merit": ("The great Buddha of Wat Muang and the glass hall", ""),
    "wat-muang-thai-dessert": ("Making Thai desserts with OTOP products",
                               "Cook two traditional Thai desserts with the community's ingredients."),
    "wat-muang-otop-market": ("OTOP souvenir shopping in the community", ""),
}

# program slug: (English summary, English inclusions, one per line)
PROGRAMS_EN = {
    "ban-phet-rice-day": ("A day with the rice farmers of Ban Phet in Sawaeng Ha: plant rice, visit the "
                          "sufficiency-economy stations and cook with jasmine rice.",
                          "Village-style lunch\nRice-planting gear\n1 kg of jasmine rice to take home"),
    "ban-phet-homestay-2d": ("Two days and a night with a farming family of Ban Phet: learning stations, "
                             "cooking, a homestay night and rice planting at dawn.",
                             "1 night's homestay\n4 meals\nEvery learning station"),
    "bang-sadet-doll-half-day": ("A morning at the court doll centre of Ban Bang Sadet, Pa Mok: watch the "
                                 "artisans, then mould and dress a doll of your own.",
                                 "One doll-making kit (yours to keep)\nDrinking water and snacks\n"
                                 "A local artisan as your teacher"),
    "bang-sadet-doll-and-temple-day": ("Court dolls in the morning, lunch by the Chao Phraya and the reclining "
                                       "Buddha of Wat Pa Mok in the afternoon.",
                                       "Lunch by the Chao Phraya\nOne doll-making kit\nA community guide"),
    "wat-muang-merit-and-dessert": ("Make merit before the great Buddha of Wat Muang in Wiset Chai Chan, then "
                                    "cook Thai desserts with the community.",
                                    "Dessert ingredients\nFlowers, incense and candles\nDrinking water"),
}

# fair slug: (English title, English description, English place)
FAIRS_EN = {
    "ekkarat-drum-festival-demo": ("Ban Ekkarat Drum Festival",
                                   "Watch drum skins being stretched, hear the long drums and buy drums of every "
                                   "kind from the Ban Ekkarat drum makers.",
                                   "Wat Ekkarat grounds, Ekkarat, Pa Mok"),
    "otop-angthong-fair-demo": ("The Best of Ang Thong OTOP Fair",
                                "OTOP products from all seven districts, with court-doll moulding and bamboo "
                                "basketry demonstrations.", "In front of Ang Thong Provincial Hall"),
    "jasmine-rice-harvest-demo": ("Ban Phet Jasmine Rice Harvest",
                                  "Help the village harvest together, taste the new rice and buy jasmine rice "
                                  "straight from the fields.", "Community rice fields, Moo 7, Si Bua Thong"),
}


# Demo history (issue 17's lineage timeline): the day each community joined the portal (its activities a week
# later) and each program was put on it, mid 2568 — after the wisdom surveys (mid 2567) and the first
# products (early 2568); the demo bookings come after (they are dated from the day the demo loads).
COMMUNITY_SINCE = {"ban-phet-si-bua-thong": datetime.date(2025, 4, 7), "bang-sadet-pa-khao": datetime.date(2025, 5, 5),
                   "wat-muang-hua-taphan": datetime.date(2025, 5, 19)}
PROGRAM_SINCE = {"ban-phet-rice-day": datetime.date(2025, 5, 26), "bang-sadet-doll-half-day": datetime.date(2025, 6, 16),
                 "wat-muang-merit-and-dessert": datetime.date(2025, 6, 30),
                 "bang-sadet-doll-and-temple-day": datetime.date(2025, 7, 14)}


def _history(communities, programs) -> None:
    """Backdate the demo communities, their activities and the programs (core.demo.backdate: demo rows
    only, idempotent)."""
    for slug, day in COMMUNITY_SINCE.items():
        if slug in communities:
            backdate(TourismCommunity.objects.filter(pk=communities[slug].pk), created_at=day)
            backdate(Activity.objects.filter(community=communities[slug], slug__in=[a[0] for a in ACTIVITIES[slug]]),
                     created_at=day + datetime.timedelta(days=7))
    for slug, day in PROGRAM_SINCE.items():
        if slug in programs:
            backdate(Program.objects.filter(pk=programs[slug].pk), created_at=day)


def _time(value):
    return datetime.time.fromisoformat(value) if value else None


def _save(model, slug, create, update, **fields):
    """Create the row with `slug` through its create service, or bring it up to date through its
    update service (the demo loader is a caller like any other)."""
    existing = model.objects.filter(slug=slug).first()
    if existing is None:
        return create(actor=SYSTEM, slug=slug, is_demo=True, **fields)
    kwarg = "community" if model is TourismCommunity else model._meta.model_name
    return update(actor=SYSTEM, **{kwarg: existing}, **fields)


def _link_other_apps(community, activities, group_slugs):
    """Only rows that already exist (other apps load their demo data themselves), read through
    those apps' selectors."""
    products = list(products_visible_to(user=SYSTEM).filter(group__slug__in=group_slugs)) if group_slugs else []
    wisdom = list(records_of_groups(slugs=group_slugs)) if group_slugs else []
    blocked = consent_blockers(wisdom, scope=ConsentScope.TOURISM)
    wisdom = [w for w in wisdom if w.pk not in blocked]  # never feature wisdom without its holders' consent
    if wisdom:
        services.community_update(actor=SYSTEM, community=community, wisdom_records=wisdom)
    for activity in activities:
        links = {}
        if activity.activity_type in (ActivityType.PRODUCTION_VISIT, ActivityType.CRAFT_WORKSHOP,
                                      ActivityType.SHOPPING, ActivityType.LOCAL_COOKING) and products:
            links["products"] = products[:4]
        if wisdom and activity.activity_type in (ActivityType.PRODUCTION_VISIT, ActivityType.CRAFT_WORKSHOP):
            links["wisdom_records"] = wisdom[:3]
        if links:
            services.activity_update(actor=SYSTEM, activity=activity, **links)
    return len(products), len(wisdom)


def load():
    today = timezone.localdate()
    communities, linked = {}, [0, 0]
    for spec in COMMUNITIES:
        spec = dict(spec)
        groups, coordinators, colour = spec.pop("groups"), spec.pop("coordinators"), spec.pop("colour")
        slug = spec.pop("slug")
        spec["subdistrict"] = Subdistrict.objects.get(code=spec.pop("subdistrict_id"))
        community = _save(TourismCommunity, slug, services.community_create, services.community_update, **spec,
                          **COMMUNITIES_EN.get(slug, {}),
                          safety_briefing=True, prices_agreed=True, toilets_parking_noted=True,
                          producer_groups=list(ProducerGroup.objects.filter(slug__in=groups)),
                          coordinators=list(User.objects.filter(username__in=coordinators)))
        if community.status != PublishStatus.PUBLISHED:
            community = services.community_publish(actor=SYSTEM, community=community)
        if not community.photos.exists():
            for i in range(2):
                services.community_photo_add(
                    actor=SYSTEM, community=community, position=i, is_demo=True,
                    image=placeholder_image(f"{slug}-{i + 1}", colour, style="landscape", size=(960, 720)),
                    caption=f"{community.name_th} ({i + 1})")
        activities = []
        for a_slug, title, a_type, minutes, price, min_size, max_size in ACTIVITIES[slug]:
            activities.append(_save(Activity, a_slug, services.activity_create, services.activity_update,
                                    community=community, title_th=title, activity_type=a_type,
                                    title_en=ACTIVITIES_EN.get(a_slug, ("", ""))[0],
                                    description_en=ACTIVITIES_EN.get(a_slug, ("", ""))[1],
                                    duration_minutes=minutes, price_per_person=Decimal(price),
                                    min_group_size=min_size, max_group_size=max_size))
        n_products, n_wisdom = _link_other_apps(community, activities, groups)
        linked[0] += n_products
        linked[1] += n_wisdom
        communities[slug] = community

    programs = {}
    for (p_slug, c_slug, title, title_en, duration, price, included, weekdays, min_size, max_size, capacity,
         items) in PROGRAMS:
        itinerary = [{"day": day, "start_time": _time(start), "end_time": _time(end),
                      "activity": Activity.objects.get(slug=a_slug)} for day, start, end, a_slug in items]
        program = _save(Program, p_slug, services.program_create, services.program_update,
                        community=communities[c_slug], title_th=title, title_en=title_en, duration=duration,
                        price_per_person=price, included=included, available_weekdays=weekdays,
                        min_group_size=min_size, max_group_size=max_size, daily_capacity=capacity,
                        summary=f"{title} — {communities[c_slug].story[:120]}…", items=itinerary,
                        summary_en=PROGRAMS_EN.get(p_slug, ("", ""))[0],
                        included_en=PROGRAMS_EN.get(p_slug, ("", ""))[1])
        if program.status != PublishStatus.PUBLISHED:
            program = services.program_publish(actor=SYSTEM, program=program)
        programs[p_slug] = program

    _history(communities, programs)
    _load_fairs(today, communities)
    n_bookings = _load_bookings(today, programs)
    n_bookings += _load_reseller(today, programs)
    _load_visits(today, communities)
    return (f"{len(communities)} communities, {len(programs)} programs, {n_bookings} new bookings, "
            f"linked {linked[0]} products / {linked[1]} wisdom records")


def _next_weekday(start: datetime.date, weekdays: list[int]) -> datetime.date:
    day = start
    while weekdays and day.weekday() not in weekdays:
        day += datetime.timedelta(days=1)
    return day


def _load_bookings(today, programs) -> int:
    producer = User.objects.filter(username="producer").first()
    specs = [
        ("bang-sadet-doll-half-day", 12, 6, "คุณศิริพร (กลุ่มแม่บ้านจากสุพรรณบุรี)", "0898765432", "", True),
        ("bang-sadet-doll-and-temple-day", 19, 8, "คณะครูโรงเรียนอนุบาลอ่างทอง", "035-611-234", "", False),
        ("ban-phet-rice-day", 10, 15, "ชมรมจักรยานอ่างทอง", "", "angthong.bike", True),
        ("wat-muang-merit-and-dessert", 15, 6, "Emma Clarke", "+66 81 555 0199", "", False),
    ]
    created = 0
    for p_slug, days_ahead, people, name, phone, line_id, confirm in specs:
        program = programs[p_slug]
        if Booking.objects.filter(program=program, is_demo=True).exists():
            continue
        day = _next_weekday(today + datetime.timedelta(days=days_ahead), program.available_weekdays)
        booking = services.booking_create(actor=SYSTEM, program=program, date=day, people=people, name=name,
                                          phone=phone, line_id=line_id, notes="ข้อมูลตัวอย่าง", is_demo=True)
        created += 1
        if confirm:
            if producer and program.community.coordinators.filter(pk=producer.pk).exists():
                services.booking_confirm(actor=producer, booking=booking,
                                         note="ยินดีต้อนรับค่ะ พบกันที่ศูนย์ตุ๊กตาชาววัง")
            else:
                services.booking_confirm(actor=SYSTEM, booking=booking)
    return created


def _load_fairs(today, communities):
    fairs = [
        ("ekkarat-drum-festival-demo", "เทศกาลกลองบ้านเอกราช", 30, 3, "ลานวัดเอกราช ต.เอกราช อ.ป่าโมก", "150307",
         "ชมการขึงหนังกลอง ตีกลองยาว และเลือกซื้อกลองทุกชนิดจากช่างบ้านเอกราช", ["ekkarat-drums"],
         ["bang-sadet-pa-khao"]),
        ("otop-angthong-fair-demo", "งาน OTOP ของดีเมืองอ่างทอง", 45, 7, "ลานหน้าศาลากลางจังหวัดอ่างทอง", "150101",
         "ตลาดผลิตภัณฑ์ OTOP จากทั้ง 7 อำเภอ การสาธิตปั้นตุ๊กตาชาววังและจักสานไม้ไผ่",
         ["bang-sadet-court-dolls", "bang-chao-cha-basketry", "ban-phet-jasmine-rice", "ban-phran-chili-paste"],
         ["bang-sadet-pa-khao", "ban-phet-si-bua-thong", "wat-muang-hua-taphan"]),
        ("jasmine-rice-harvest-demo", "งานเกี่ยวข้าวหอมมะลิบ้านเพชร", 70, 2, "แปลงนาชุมชน หมู่ 7 ต.สีบัวทอง", "150505",
         "ลงแขกเกี่ยวข้าว ชิมข้าวใหม่ และซื้อข้าวหอมมะลิจากนา", ["ban-phet-jasmine-rice"], ["ban-phet-si-bua-thong"]),
    ]
    for slug, title, in_days, length, place, sub, desc, groups, comms in fairs:
        start = today + datetime.timedelta(days=in_days)
        fair = _save(Fair, slug, services.fair_create, services.fair_update, title=title, starts_on=start,
                     ends_on=start + datetime.timedelta(days=length - 1), place=place,
                     subdistrict=Subdistrict.objects.get(code=sub), description=desc,
                     title_en=FAIRS_EN.get(slug, ("", "", ""))[0], description_en=FAIRS_EN.get(slug, ("", "", ""))[1],
                     place_en=FAIRS_EN.get(slug, ("", "", ""))[2],
                     participating_groups=list(ProducerGroup.objects.filter(slug__in=groups)),
                     communities=[communities[c] for c in comms])
        if fair.status != PublishStatus.PUBLISHED:
            services.fair_publish(actor=SYSTEM, fair=fair)


def _load_visits(today, communities):
    base = {"ban-phet-si-bua-thong": (180, 6, Decimal("52000")), "bang-sadet-pa-khao": (420, 35, Decimal("138000")),
            "wat-muang-hua-taphan": (650, 12, Decimal("96000"))}
    month = today.replace(day=1)
    for back in range(1, 7):
        month = (month - datetime.timedelta(days=1)).replace(day=1)  # the month before
        factor = Decimal(100 + (back * 7) % 23) / 100
        for slug, (thai, foreign, income) in base.items():
            services.visit_record_upsert(actor=SYSTEM, community=communities[slug], month=month,
                                         visitors_thai=int(thai * factor), visitors_foreign=int(foreign * factor),
                                         income=(income * factor).quantize(Decimal("1.00")), is_demo=True,
                                         note="ข้อมูลตัวอย่าง")


DEMO_RESELLER = "Siam Village Journeys (ตัวแทนจำหน่ายตัวอย่าง)"


def _load_reseller(today, programs) -> int:
    """One demo travel seller on the OCTO API, every demo program opened to it, and a few of its bookings:
    a traveller the community already accepted (CONFIRMED), one waiting for the community (PENDING) and a
    hold still being paid for (ON_HOLD, a day long). Keyed by fixed uuids: loading again adds nothing.
    It gets no API key here: staff make one on its page (the key is shown once)."""
    reseller = Reseller.objects.filter(name=DEMO_RESELLER).first()
    if reseller is None:
        reseller = octo_services.reseller_create(
            actor=SYSTEM, name=DEMO_RESELLER, contact_name="ฝ่ายสัญญาผู้ให้บริการ (ข้อมูลตัวอย่าง)",
            contact_email="supply@siam-village-journeys.example", contact_phone="021234567",
            website="https://siam-village-journeys.example", programs=list(programs.values()), is_demo=True)
    specs = [
        ("bang-sadet-doll-half-day", 23, ["adult", "adult", "child"], "SVJ-24001", "Lukas Schneider", "confirmed"),
        ("ban-phet-rice-day", 17, ["adult", "adult", "adult", "child", "child"], "SVJ-24002", "Aiko Tanaka", "pending"),
        ("wat-muang-merit-and-dessert", 29, ["adult"] * 4, "SVJ-24003", "", "on_hold"),
    ]
    created = 0
    for p_slug, days_ahead, units, reference, traveller, outcome in specs:
        program = programs[p_slug]
        booking_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"otop-angthong-demo/{reference}")
        if Booking.objects.filter(reseller=reseller, uuid=booking_uuid).exists():
            continue
        day = _next_weekday(today + datetime.timedelta(days=days_ahead), program.available_weekdays)
        schedule = octo_selectors.schedule_of(program)
        booking = octo_services.octo_reserve(
            actor=SYSTEM, reseller=reseller, program=program, uuid=booking_uuid,
            availability_id=schedule.availability_id(day), unit_items=[{"unitId": u} for u in units],
            expiration_minutes=24 * 60, reseller_reference=reference, notes="ข้อมูลตัวอย่าง", is_demo=True)
        created += 1
        if outcome == "on_hold":
            continue
        booking = octo_services.octo_confirm(
            actor=SYSTEM, reseller=reseller, booking=booking,
            contact={"fullName": traveller, "emailAddress": f"{traveller.split()[0].lower()}@example.com",
                     "locales": ["en"]})
        if outcome == "confirmed":
            services.booking_confirm(actor=SYSTEM, booking=booking, note="See you at the court-doll centre")
    return created
