"""Demo data of the campaigns app: partners' support, development issues at every stage of the
flow, the campaign "เที่ยวอ่างทอง ช้อป OTOP" with posts, tracked links and clicks, and the fair
"งาน OTOP อ่างทอง" at the provincial hall with QR codes, human codes (AT-FAIR-24), visits, bookings made
with the code (credited through the real booking service and its signal) and producers' attributed sales.

Realistic for Ang Thong but NOT official records; every row is_demo=True. Idempotent:
issues are keyed by title, supports by (partner, title), the campaign by slug, posts by URL,
links by code, clicks by (link, day). Builds on core.demo (groups, partners, accounts). Every row is
written through campaigns.services: issues, comments and supports by the demo accounts that act in the
story, the campaign, its posts, links and click counts by SYSTEM; featured items come from the other
apps' selectors (what a visitor may see).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.actors import SYSTEM
from core.models import PartnerOrganisation, ProducerGroup, User
from core.permissions import ANONYMOUS
from network import selectors as network_selectors
from network.choices import EventStatus
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors
from tourism import services as tourism_services
from wisdom import selectors as wisdom_selectors

from . import services
from .choices import Channel, CommentKind
from .models import AttributedSale, Campaign, CampaignPost, Conversion, DevelopmentIssue, Support, TrackedLink

# title, category, priority, group slug, raised by, description, [(action, actor, partners, note)], comments
ISSUES = [
    ("กล่องบรรจุตุ๊กตาชาววังแตกเสียหายระหว่างส่งพัสดุ", "packaging", "high", "bang-sadet-court-dolls", "producer",
     "ตุ๊กตาดินเหนียวแตกหักระหว่างขนส่งประมาณ 1 ใน 10 ชิ้น ต้องการกล่องกันกระแทกที่สวยงามพอจะเป็นของฝากได้",
     [("assign", "staff", ["aru"], "ขอให้สาขาออกแบบผลิตภัณฑ์ มรภ.พระนครศรีอยุธยา ช่วยออกแบบกล่อง"),
      ("accept", "partner", None, "รับดำเนินการ นัดลงพื้นที่บางเสด็จสัปดาห์หน้า")],
     [("partner", CommentKind.PROGRESS, "ลงพื้นที่วัดขนาดตุ๊กตา 5 แบบ และทำต้นแบบกล่องกระดาษลูกฟูกพร้อมถาดรองขึ้นรูปแล้ว"),
      ("producer", CommentKind.COMMENT, "ขอบคุณครับ ขอให้มีช่องใส่เรื่องเล่าประวัติตุ๊กตาชาววังด้วย")]),
    ("ขอคำแนะนำการยื่นขอมาตรฐาน มผช. และ อย. น้ำพริกเผา", "standards", "normal", "ban-phran-chili-paste", "staff",
     "กลุ่มต้องการยื่นขอ มผช. และเลขสารบบอาหาร เพื่อวางขายในร้านของฝากและห้างในกรุงเทพฯ",
     [("assign", "staff", ["chandra"], "ประสานคณะวิทยาศาสตร์และเทคโนโลยี มรภ.จันทรเกษม")], []),
    ("ต้องการช่องทางขายกลองออนไลน์ให้ลูกค้าต่างจังหวัด", "marketing", "normal", "ekkarat-drums", "producer2",
     "ลูกค้าวงดนตรีไทยและโรงเรียนต่างจังหวัดสอบถามทางโทรศัพท์ อยากมีหน้าร้านออนไลน์และการถ่ายภาพสินค้า", [], []),
    ("งบประมาณจัดงานเทศกาลกลองบ้านเอกราชประจำปี", "finance", "normal", "ekkarat-drums", "producer2",
     "ขอสนับสนุนค่าเวที เครื่องเสียง และป้ายประชาสัมพันธ์สำหรับงานเทศกาลกลอง",
     [("assign", "staff", ["pamok-sao"], "ประสาน อบต. ในพื้นที่"),
      ("decline", "pamok-sao-user", None, "งานนี้อยู่นอกเขต อบต.บางเสด็จ แนะนำให้ประสาน อบต.เอกราช")], []),
    ("ผ้าพิมพ์ลายสีตกหลังซัก", "production", "high", "obthom-printed-cloth", "staff",
     "ลูกค้าแจ้งว่าผ้าพิมพ์ลายสีตกหลังซักครั้งแรก ต้องการปรับสูตรสีและขั้นตอนการผนึกสี",
     [("assign", "staff", ["aru"], ""), ("accept", "partner", None, ""),
      ("resolve", "partner", None, "ปรับสูตรสีและการอบผนึกสี ทดสอบซัก 10 รอบสีไม่ตก"),
      ("close", "staff", None, "กลุ่มยืนยันผลแล้ว")],
     [("partner", CommentKind.PROGRESS, "ทดลองสีย้อมเย็น 3 สูตรในห้องปฏิบัติการ")]),
    ("ลายกระเป๋าจักสานใหม่สำหรับลูกค้าวัยทำงาน", "packaging", "normal", "bang-chao-cha-basketry", "staff",
     "ลูกค้าวัยทำงานอยากได้กระเป๋าสานใบเล็กใส่โน้ตบุ๊กได้ กลุ่มต้องการแบบและขนาดมาตรฐาน",
     [("assign", "staff", ["aru"], "ขอสาขาออกแบบผลิตภัณฑ์ช่วยออกแบบ 2-3 แบบ")], []),
]

SUPPORTS = [
    # partner, title, kind, group, days ago, value, outcome, issue title
    ("aru", "ออกแบบกล่องกันกระแทกตุ๊กตาชาววัง 3 ขนาด", "design", "bang-sadet-court-dolls", 12, "35000",
     "ได้ต้นแบบกล่อง 3 ขนาด อยู่ระหว่างทดสอบส่งพัสดุ", ISSUES[0][0]),
    ("aru", "อบรมถ่ายภาพสินค้าด้วยโทรศัพท์มือถือ", "training", "ekkarat-drums", 30, "8000",
     "สมาชิก 12 คนถ่ายภาพสินค้าได้เองและลงขายออนไลน์", None),
    ("chandra", "ตรวจวิเคราะห์คุณภาพน้ำพริกเผาในห้องปฏิบัติการ", "expert_time", "ban-phran-chili-paste", 5, "12000",
     "ทราบค่าความชื้นและค่า aw สำหรับยื่น มผช.", ISSUES[1][0]),
    ("pamok-sao", "สนับสนุนโต๊ะและเต็นท์จัดแสดงสินค้าในงานประจำปี", "equipment", "bang-sadet-court-dolls", 45,
     "15000", "กลุ่มมีพื้นที่ขายหน้างาน ยอดขาย 2 วันประมาณ 40,000 บาท", None),
    ("aru", "ปรับสูตรสีผ้าพิมพ์ลายไม่ให้สีตก", "expert_time", "obthom-printed-cloth", 20, "10000",
     "สีไม่ตกหลังซัก 10 รอบ", ISSUES[4][0]),
]

CAMPAIGN = {
    "slug": "angthong-shop-otop",
    "name": "เที่ยวอ่างทอง ช้อป OTOP",
    "goal": "ให้คนกรุงเทพฯ และจังหวัดใกล้เคียงรู้จักตุ๊กตาชาววัง กลองเอกราช และโปรแกรมท่องเที่ยวชุมชนนวัตวิถี "
            "เพิ่มยอดขายออนไลน์และนักท่องเที่ยวช่วงวันหยุดยาวปลายปี",
    "audience": "ครอบครัวและคนทำงานในกรุงเทพฯ ปริมณฑล อายุ 25-45 ปี ที่ชอบเที่ยววันเดียวและซื้อของฝากงานฝีมือ",
    "channels": [Channel.FACEBOOK, Channel.TIKTOK, Channel.YOUTUBE, Channel.LINE, Channel.PRINT],
    "budget": Decimal("80000"),
}

POSTS = [
    # channel, url, days after start, reach, impressions, engagement, clicks, video views
    (Channel.FACEBOOK, "https://www.facebook.com/angthong.cdd/posts/demo-court-dolls", 1, 18400, 26100, 1320, 410, 0),
    (Channel.TIKTOK, "https://www.tiktok.com/@angthong.otop/video/demo-drum-making", 3, 52300, 61000, 4870, 220,
     48900),
    (Channel.YOUTUBE, "https://www.youtube.com/watch?v=demo-bang-sadet-trip", 6, 7200, 9800, 540, 160, 6100),
    (Channel.LINE, "https://line.me/R/home/public/post?id=demo-angthong-otop", 8, 4100, 4100, 310, 290, 0),
    (Channel.FACEBOOK, "https://www.facebook.com/angthong.cdd/posts/demo-drum-festival", 12, 22800, 30500, 1710,
     530, 0),
]

LINKS = [
    # code, channel, label, target (None: the court-doll group's page)
    ("fb-dolls", Channel.FACEBOOK, "โพสต์ตุ๊กตาชาววัง", None),
    ("tt-drums", Channel.TIKTOK, "คลิปทำกลองเอกราช", "/groups/ekkarat-drums/"),
    ("booth-qr", Channel.PRINT, "QR ที่บูธงาน OTOP City", "/"),
    ("shopee-dolls", Channel.FACEBOOK, "ร้าน Shopee ของกลุ่ม", "https://shopee.co.th/angthong-court-dolls-demo"),
]


def _user(username):
    return User.objects.filter(username=username).first()


def _pamok_sao_user(partners):
    user, created = User.objects.get_or_create(username="partner-sao", defaults={
        "first_name": "ปลัด อบต.", "last_name": "บางเสด็จ", "role": "partner", "is_demo": True,
        "partner_organisation": partners["pamok-sao"]})
    if created:
        from core.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _load_issues(partners, groups, actors) -> int:
    created = 0
    for title, category, priority, group_slug, raiser, description, steps, comments in ISSUES:
        if DevelopmentIssue.objects.filter(title=title, is_demo=True).exists():
            continue
        issue = services.issue_create(actor=actors[raiser], title=title, category=category, priority=priority,
                                      group=groups[group_slug], description=description, is_demo=True)
        comments = list(comments)
        for action, actor, partner_slugs, note in steps:
            issue = services.issue_transition(
                actor=actors[actor], issue=issue, action=action, note=note,
                partners=[partners[s] for s in partner_slugs] if partner_slugs else None)
            if action == "accept":
                for who, kind, body in comments:
                    services.issue_comment(actor=actors[who], issue=issue, body=body, kind=kind, is_demo=True)
                comments = []
        created += 1
    return created


def _load_supports(partners, groups, actors) -> None:
    today = timezone.localdate()
    for slug, title, kind, group_slug, days_ago, value, outcome, issue_title in SUPPORTS:
        issue = DevelopmentIssue.objects.filter(title=issue_title, is_demo=True).first() if issue_title else None
        fields = {"kind": kind, "group": groups[group_slug], "date": today - dt.timedelta(days=days_ago),
                  "value": Decimal(value), "outcome": outcome, "issue": issue}
        # The partner's own user records aru's support (as in the story); staff record the others.
        actor = actors.get("partner") if slug == "aru" else None
        actor = actor or actors.get("staff") or SYSTEM
        existing = Support.objects.filter(partner=partners[slug], title=title).first()
        if existing is None:
            services.support_record(actor=actor, partner=partners[slug], title=title, is_demo=True, **fields)
        else:
            services.support_update(actor=actor, support=existing, **fields)


def _load_campaign(staff) -> Campaign:
    today = timezone.localdate()
    start = today - dt.timedelta(days=21)
    fields = {**{k: v for k, v in CAMPAIGN.items() if k != "slug"}, "starts_on": start,
              "ends_on": today + dt.timedelta(days=45), "owner": staff,
              # Featured items: what a visitor may see of the other apps' demo data.
              "featured_products": list(products_selectors.products_visible_to(user=ANONYMOUS)
                                        .filter(is_demo=True)[:4]),
              "featured_programs": list(tourism_selectors.programs_visible_to(user=ANONYMOUS)
                                        .filter(is_demo=True)[:2]),
              "featured_wisdom": list(wisdom_selectors.records_visible_to(user=ANONYMOUS)
                                      .filter(is_demo=True).order_by("pk")[:2]),
              "featured_events": list(network_selectors.events_visible_to(user=ANONYMOUS)
                                      .filter(status=EventStatus.PUBLISHED, is_demo=True)[:2])}
    campaign = Campaign.objects.filter(slug=CAMPAIGN["slug"]).first()
    if campaign is None:
        campaign = services.campaign_save(actor=SYSTEM, slug=CAMPAIGN["slug"], is_demo=True, **fields)
    else:
        campaign = services.campaign_save(actor=SYSTEM, campaign=campaign, **fields)
    for channel, url, offset, reach, impressions, engagement, clicks, views in POSTS:
        values = {"channel": channel, "posted_on": start + dt.timedelta(days=offset), "reach": reach,
                  "impressions": impressions, "engagement": engagement, "clicks": clicks, "video_views": views}
        post = CampaignPost.objects.filter(campaign=campaign, url=url).first()
        if post is None:
            services.post_save(actor=SYSTEM, campaign=campaign, url=url, is_demo=True, **values)
        else:
            services.post_save(actor=SYSTEM, post=post, **values)
    doll_product = campaign.featured_products.filter(group__slug="bang-sadet-court-dolls").first()
    doll_target = doll_product.get_absolute_url() if doll_product else "/groups/bang-sadet-court-dolls/"
    for i, (code, channel, label, target) in enumerate(LINKS):
        values = {"campaign": campaign, "channel": channel, "label": label, "target": target or doll_target}
        link = TrackedLink.objects.filter(code=code).first()
        if link is None:
            link = services.link_create(actor=SYSTEM, code=code, is_demo=True, **values)
        else:
            link = services.link_update(actor=SYSTEM, link=link, **values)
        services.click_days_set(actor=SYSTEM, link=link, counts={
            start + dt.timedelta(days=d): (d * 7 + i * 13) % 23 + (15 if d in (1, 12) and i == 0 else 0)
            for d in range(21)})
    return campaign


FAIR = {
    "slug": "angthong-otop-fair-provincial-hall",
    "name": "งาน OTOP อ่างทอง ณ ศาลากลางจังหวัดอ่างทอง",
    "goal": "บูธสำนักงานพัฒนาชุมชนจังหวัดในงาน OTOP ประจำปี: แจกการ์ด QR และรหัส AT-FAIR-24 ให้ผู้ชมงาน "
            "จองโปรแกรมท่องเที่ยวชุมชนนวัตวิถีและสั่งซื้อสินค้ากลุ่มหลังจบงาน วัดผลว่าบูธคุ้มค่าหรือไม่",
    "audience": "ผู้ชมงานที่ศาลากลางจังหวัดอ่างทอง ข้าราชการ ครอบครัว และนักท่องเที่ยวจากจังหวัดใกล้เคียง",
    "channels": [Channel.PRINT, Channel.FACEBOOK],
    "budget": Decimal("24000"),
}

FAIR_LINKS = [
    # code, human code, channel, label, target
    ("fair-booth", "AT-FAIR-24", Channel.PRINT, "การ์ด A6 ที่บูธ สพจ.อ่างทอง", "/tourism/"),
    ("fair-doll-label", "AT-DOLL-24", Channel.PRINT, "ฉลาก QR บนกล่องตุ๊กตาชาววัง", None),
    ("fair-fb-live", "", Channel.FACEBOOK, "ไลฟ์ Facebook จากงาน", "/tourism/"),
]

# name, program slug, days after the fair opened (the booking day), people, human code typed, phone
FAIR_BOOKINGS = [
    ("คุณวรรณา (ผู้ชมงาน OTOP)", "bang-sadet-doll-half-day", 0, 4, "AT-FAIR-24", "0861112233"),
    ("คณะข้าราชการบำนาญอ่างทอง", "ban-phet-rice-day", 1, 12, "AT-FAIR-24", "035-612-345"),
    ("คุณธนพล (ครอบครัว)", "bang-sadet-doll-and-temple-day", 2, 5, "AT-DOLL-24", "0897654321"),
]

# group slug, code, days after opening, amount
FAIR_SALES = [
    ("bang-sadet-court-dolls", "AT-DOLL-24", 1, "1850.00"),
    ("bang-sadet-court-dolls", "AT-FAIR-24", 2, "3200.00"),
    ("ekkarat-drums", "AT-FAIR-24", 2, "4500.00"),
]


def _load_fair(staff) -> Campaign:
    """The fair campaign: it opened 3 days ago and runs 2 more days; its bookings were made with the
    booth's code through tourism.services.booking_create, so the signal credits them as in real life."""
    today = timezone.localdate()
    opened = today - dt.timedelta(days=3)
    fields = {**{k: v for k, v in FAIR.items() if k != "slug"}, "starts_on": opened,
              "ends_on": today + dt.timedelta(days=2), "owner": staff}
    campaign = Campaign.objects.filter(slug=FAIR["slug"]).first()
    if campaign is None:
        campaign = services.campaign_save(actor=SYSTEM, slug=FAIR["slug"], is_demo=True, **fields)
    else:
        campaign = services.campaign_save(actor=SYSTEM, campaign=campaign, **fields)
    doll = products_selectors.products_visible_to(user=ANONYMOUS).filter(
        is_demo=True, group__slug="bang-sadet-court-dolls").first()
    links = {}
    for i, (code, human, channel, label, target) in enumerate(FAIR_LINKS):
        values = {"campaign": campaign, "channel": channel, "label": label, "human_code": human,
                  "target": target or (doll.get_absolute_url() if doll else "/products/")}
        link = TrackedLink.objects.filter(code=code).first()
        if link is None:
            link = services.link_create(actor=SYSTEM, code=code, is_demo=True, **values)
        else:
            link = services.link_update(actor=SYSTEM, link=link, **values)
        links[human or code] = link
        days = [opened + dt.timedelta(days=d) for d in range(4)]
        services.click_days_set(actor=SYSTEM, link=link, counts={
            day: (37, 52, 61, 18)[d] // (i + 1) for d, day in enumerate(days)})
        services.session_days_set(actor=SYSTEM, link=link, counts={
            day: (29, 41, 47, 12)[d] // (i + 1) for d, day in enumerate(days)})
    programs = {p.slug: p for p in tourism_selectors.programs_visible_to(user=ANONYMOUS).filter(is_demo=True)}
    for name, slug, _offset, people, code, phone in FAIR_BOOKINGS:
        program = programs.get(slug)
        if program is None or Conversion.objects.filter(link__campaign=campaign, booking__name=name).exists():
            continue
        day = today + dt.timedelta(days=14)
        while not program.is_available_on(day) and day < today + dt.timedelta(days=120):
            day += dt.timedelta(days=1)
        people = max(program.min_group_size, min(people, program.max_group_size))
        try:
            tourism_services.booking_create(actor=SYSTEM, program=program, date=day, people=people, name=name,
                                            phone=phone, notes="ข้อมูลตัวอย่าง: ได้รับการ์ดจากบูธงาน OTOP",
                                            is_demo=True, attribution={"code": code})
        except ValidationError:
            continue  # no place left on any open day: the demo goes on without this booking
    groups = {g.slug: g for g in ProducerGroup.objects.filter(slug__in=[g for g, *_r in FAIR_SALES])}
    for group_slug, code, offset, amount in FAIR_SALES:
        group = groups.get(group_slug)
        sold_on = opened + dt.timedelta(days=offset)
        if group is None or AttributedSale.objects.filter(group=group, link=links[code], sold_on=sold_on,
                                                          amount=Decimal(amount)).exists():
            continue
        services.sale_record(actor=SYSTEM, code=code, group=group, sold_on=sold_on, amount=Decimal(amount),
                             note="ลูกค้าแสดงการ์ดจากบูธ", is_demo=True)
    return campaign


def load():
    partners = {p.slug: p for p in PartnerOrganisation.objects.filter(slug__in=["aru", "chandra", "pamok-sao"])}
    groups = {g.slug: g for g in ProducerGroup.objects.filter(is_demo=True)}
    staff = _user("staff")
    if len(partners) < 3 or staff is None or not groups:
        return "skipped: core demo data missing"
    actors = {"staff": staff, "producer": _user("producer"), "producer2": _user("producer2"),
              "partner": _user("partner"), "pamok-sao-user": _pamok_sao_user(partners)}
    n_issues = _load_issues(partners, groups, actors)
    _load_supports(partners, groups, actors)
    campaign = _load_campaign(staff)
    fair = _load_fair(staff)
    return (f"{n_issues} new issues, {len(SUPPORTS)} supports, campaign “{campaign.name}” with "
            f"{len(POSTS)} posts and {len(LINKS)} tracked links, fair “{fair.name}” with "
            f"{Conversion.objects.filter(link__campaign=fair).count()} attributed bookings")
