"""Demo data of the products app: realistic Ang Thong OTOP products for the demo groups of
core/demo.py, their standards and stars, quadrant assessments for two fiscal years, online
marketing checklists, and development projects at different stages.

Every row is marked is_demo=True: realistic, NOT official records. Idempotent (keyed by slug,
by (product, year) and by (group, title)). Wisdom records are only looked up (the wisdom app
creates its own demo records); a product is linked to its group's records whose knowledge
holders have consented.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.actors import SYSTEM
from core.demo import backdate
from core.demo_images import placeholder_image
from core.models import PartnerOrganisation, ProducerGroup
from core.thai_dates import current_fiscal_year
from wisdom.choices import ConsentScope
from wisdom.selectors import consent_blockers, records_of_group

from . import services
from .choices import PublishStatus, Stage
from .models import DevelopmentProject, Product

# slug, group slug, name_th, name_en, type, price, unit, description, story, colour
PRODUCTS = [
    ("court-dolls-thai-games", "bang-sadet-court-dolls", "ตุ๊กตาชาววัง ชุดการละเล่นเด็กไทย",
     "Court Dolls: Thai Children's Games", "household", 450, "ชุด",
     "ตุ๊กตาดินเหนียวปั้นมือขนาดจิ๋ว แต่งกายและจัดฉากการละเล่นเด็กไทย เช่น รีรีข้าวสาร มอญซ่อนผ้า ในกล่องไม้ฝาใส",
     "ศิลปะการปั้นตุ๊กตาชาววังสืบทอดที่บ้านบางเสด็จ หมู่ 2 ต.บางเสด็จ อ.ป่าโมก โครงการในพระราชดำริตั้งแต่ พ.ศ. 2519",
     (214, 170, 120)),
    ("court-dolls-loy-krathong", "bang-sadet-court-dolls", "ตุ๊กตาชาววัง ชุดประเพณีลอยกระทง",
     "Court Dolls: Loy Krathong Festival", "household", 650, "ชุด",
     "ฉากประเพณีลอยกระทงริมแม่น้ำเจ้าพระยา ตุ๊กตา 8 ตัว ปั้นและระบายสีด้วยมือทุกชิ้น",
     "เล่าวิถีชุมชนริมน้ำของอ่างทองผ่านตุ๊กตาชาววัง", (230, 196, 140)),
    ("ekkarat-long-drum", "ekkarat-drums", "กลองยาวหนังแท้บ้านเอกราช", "Ekkarat Long Drum", "household", 4500,
     "ใบ", "กลองยาวไม้มะม่วงหุ้มหนังวัวแท้ ขึงเสียงโดยช่างผู้ชำนาญ เหมาะสำหรับวงกลองยาวและงานบุญ",
     "หมู่ 6 ต.เอกราช อ.ป่าโมก ทำกลองสืบต่อกันมาตั้งแต่ พ.ศ. 2470 และมีงานเทศกาลกลองประจำปี", (150, 90, 50)),
    ("ekkarat-mini-drum", "ekkarat-drums", "กลองทัดจิ๋วของที่ระลึก", "Miniature Thai Drum Souvenir", "household",
     350, "ใบ", "กลองทัดขนาด 4 นิ้ว ใช้หนังแท้และไม้จริง ตีได้เสียงจริง บรรจุกล่องของขวัญ",
     "ย่อส่วนกลองทัดของช่างเอกราชให้เป็นของที่ระลึกสำหรับนักท่องเที่ยว", (170, 110, 60)),
    ("bang-chao-cha-bamboo-bag", "bang-chao-cha-basketry", "กระเป๋าจักสานไม้ไผ่บางเจ้าฉ่า",
     "Bang Chao Cha Bamboo Handbag", "household", 1290, "ใบ",
     "กระเป๋าถือสานไม้ไผ่ลายละเอียด ลงรักเงา บุผ้าด้านใน ทนทานใช้งานได้นาน",
     "ภูมิปัญญาจักสานไม้ไผ่บ้านบางเจ้าฉ่า อ.โพธิ์ทอง หนึ่งในสามสิ่งที่คำขวัญจังหวัดอ่างทองกล่าวถึง",
     (190, 160, 90)),
    ("bang-chao-cha-basket", "bang-chao-cha-basketry", "ตะกร้าไม้ไผ่ทรงกลมลายขัด", "Round Bamboo Basket",
     "household", 390, "ใบ", "ตะกร้าสานไม้ไผ่ทรงกลมสำหรับใส่ของ ขนาดกลาง", "", (200, 175, 110)),
    ("ban-phet-jasmine-rice", "ban-phet-jasmine-rice", "ข้าวหอมมะลิบ้านเพชร", "Ban Phet Jasmine Rice", "food",
     80, "ถุง 1 กก.", "ข้าวหอมมะลิปลอดสารจากแปลงนาชุมชน สีใหม่ทุกสัปดาห์ บรรจุถุงสุญญากาศ",
     "ชุมชนบ้านเพชร หมู่ 7 ต.สีบัวทอง อ.แสวงหา ศูนย์เรียนรู้เศรษฐกิจพอเพียงและชุมชนท่องเที่ยวนวัตวิถี",
     (240, 235, 220)),
    ("sala-daeng-herbal-liquid-soap", "sala-daeng-natural-soap", "สบู่เหลวสมุนไพรน้ำมันมะพร้าว",
     "Herbal Coconut-Oil Liquid Soap", "herbal", 120, "ขวด 250 มล.",
     "สบู่เหลวจากน้ำมันมะพร้าวสกัดเย็น ผสมขมิ้นชันและใบบัวบก ไม่มีสารกันเสียสังเคราะห์", "", (120, 180, 120)),
    ("ban-phran-chili-paste", "ban-phran-chili-paste", "น้ำพริกเผาตาแดงบ้านพราน", "Ban Phran Roasted Chili Paste",
     "food", 65, "กระปุก 200 ก.", "น้ำพริกเผาสูตรดั้งเดิม คั่วพริกและหอมกระเทียมบนเตาถ่าน ผลิตในโรงเรือนมาตรฐาน",
     "สูตรน้ำพริกของชุมชนบ้านพราน อ.แสวงหา", (170, 40, 30)),
    ("thewarat-gem-ring", "thewarat-gem-rings", "แหวนพลอยเทวราช", "Thewarat Gemstone Ring", "textile", 1800,
     "วง", "แหวนเงินฝังพลอยงานฝีมือ ออกแบบลายไทยประยุกต์", "", (90, 60, 140)),
    ("obthom-printed-cloth", "obthom-printed-cloth", "ผ้าพิมพ์ลายอบทม", "Obthom Hand-Printed Cloth", "textile",
     350, "ผืน", "ผ้าฝ้ายพิมพ์ลายมือด้วยบล็อกไม้ ลวดลายจากวิถีชุมชนริมน้ำ",
     "ลวดลายจากเรือ บ้านริมน้ำ และดอกบัวของชุมชนอบทม อ.สามโก้", (60, 110, 170)),
]

# product slug -> (English unit, English description, English story): what a tourist reads in English mode
PRODUCTS_EN = {
    "court-dolls-thai-games": (
        "set", "Tiny hand-moulded clay dolls dressed and posed in Thai children's games such as ri ri khao san "
               "and mon son pha, in a wooden box with a clear lid.",
        "Court doll moulding has been handed down at Ban Bang Sadet, Moo 2, Bang Sadet, Pa Mok since a royal "
        "project began here in 1976."),
    "court-dolls-loy-krathong": (
        "set", "A Loy Krathong scene on the Chao Phraya river: eight dolls, each moulded and painted by hand.",
        "Ang Thong's riverside life told through court dolls."),
    "ekkarat-long-drum": (
        "piece", "A mango-wood long drum covered in real cowhide and tuned by a master drum maker, for long-drum "
                 "bands and temple fairs.",
        "Moo 6, Ekkarat, Pa Mok has made drums since 1927 and holds a drum festival every year."),
    "ekkarat-mini-drum": (
        "piece", "A 4-inch thon drum of real hide and wood that really sounds, in a gift box.",
        "The Ekkarat makers' thon drum made small as a souvenir for visitors."),
    "bang-chao-cha-bamboo-bag": (
        "piece", "A finely woven bamboo handbag, lacquered and lined with cloth, made to last.",
        "The bamboo basketry of Ban Bang Chao Cha, Pho Thong, one of the three things Ang Thong's motto names."),
    "bang-chao-cha-basket": ("piece", "A medium round bamboo basket in plain weave.", ""),
    "ban-phet-jasmine-rice": (
        "1 kg bag", "Chemical-free jasmine rice from the community's fields, milled every week and vacuum-packed.",
        "Ban Phet, Moo 7, Si Bua Thong, Sawaeng Ha: a sufficiency-economy learning centre and OTOP Nawatwithi "
        "tourism community."),
    "sala-daeng-herbal-liquid-soap": (
        "250 ml bottle", "Liquid soap of cold-pressed coconut oil with turmeric and gotu kola, without synthetic "
                         "preservatives.", ""),
    "ban-phran-chili-paste": (
        "200 g jar", "Roasted chili paste to the old recipe: chilies, shallots and garlic roasted over charcoal, "
                     "made in a certified kitchen.",
        "The chili-paste recipe of the Ban Phran community, Sawaeng Ha."),
    "thewarat-gem-ring": ("piece", "A handmade silver ring set with gemstones in an applied Thai pattern.", ""),
    "obthom-printed-cloth": (
        "piece", "Cotton cloth hand-printed with wooden blocks in patterns of riverside village life.",
        "Patterns of boats, riverside houses and lotus flowers from the Obthom community, Samko."),
}

# product slug -> [(kind, number, expires (y, m, d) or None)]
CERTIFICATIONS = {
    "court-dolls-thai-games": [("tcps", "มผช. 1012/2564", (2027, 6, 30))],
    "court-dolls-loy-krathong": [("tcps", "มผช. 1012/2561", (2024, 6, 30))],  # expired: flagged
    "ekkarat-long-drum": [("tcps", "มผช. 1302/2565", (2028, 3, 31))],
    "bang-chao-cha-bamboo-bag": [("tcps", "มผช. 1340/2566", (2029, 1, 31))],
    "ban-phet-jasmine-rice": [("fda", "15-2-00665-2-0001", None), ("tcps", "มผช. 1070/2565", (2028, 9, 30))],
    "sala-daeng-herbal-liquid-soap": [("tcps", "มผช. 1224/2569", (2029, 10, 31))],
    "ban-phran-chili-paste": [("fda", "15-1-05563-2-0012", None), ("gmp", "GMP 15-0123", (2027, 12, 31))],
    "thewarat-gem-ring": [("tcps", "มผช. 1251/2569", (2029, 12, 31))],
}

STARS = {"court-dolls-thai-games": [(2565, 4), (2567, 5)], "ekkarat-long-drum": [(2567, 4)],
         "bang-chao-cha-bamboo-bag": [(2565, 3), (2567, 4)], "ban-phet-jasmine-rice": [(2567, 3)],
         "ban-phran-chili-paste": [(2567, 3)], "court-dolls-loy-krathong": [(2562, 3)]}

# product slug -> {fiscal year offset (0 = this year, -1 = last year): answers}
ASSESSMENTS = {
    "court-dolls-thai-games": {-1: "1.2 2.3 3.3 4.2 5.2", 0: "1.2 2.3 3.3 4.2 5.1"},          # B, B
    "ekkarat-long-drum": {-1: "1.2 2.2 3.3 4.2 5.4", 0: "1.2 2.2 3.3 4.2 5.3"},                # B, B
    "ekkarat-mini-drum": {-1: "1.3 2.3 3.3 4.4 5.4", 0: "1.3 2.2 3.3 4.4 5.4"},                # D, D
    "bang-chao-cha-bamboo-bag": {-1: "1.3 2.3 3.3 4.2 5.4", 0: "1.2 2.3 3.3 4.2 5.2"},         # D -> B
    "bang-chao-cha-basket": {0: "1.3 2.2 3.2 4.4 5.4"},                                        # D
    "ban-phet-jasmine-rice": {-1: "1.2 2.2 3.2 4.3 5.3", 0: "1.2 2.2 3.2 4.3 5.3"},            # C, C
    "sala-daeng-herbal-liquid-soap": {-1: "1.3 2.3 3.2 4.4 5.4", 0: "1.2 2.3 3.2 4.4 5.4"},    # D -> C
    "ban-phran-chili-paste": {-1: "1.2 2.2 3.2 4.3 5.3", 0: "1.1 2.1 3.2 4.1 5.1"},            # C -> A
    "thewarat-gem-ring": {-1: "1.3 2.3 3.3 4.2 5.2", 0: "1.2 2.3 3.3 4.2 5.2"},                # D -> B
    "obthom-printed-cloth": {-1: "1.3 2.3 3.3 4.4 5.4", 0: "1.3 2.3 3.3 4.4 5.4"},             # D, D
}

SKILLS = {"sala-daeng-natural-soap": [("online_shop", 40), ("photos_retaken", 35), ("facebook_page", 60),
                                      ("content_posted", 20), ("first_online_order", 10)],
          "obthom-printed-cloth": [("facebook_page", 30), ("photos_retaken", 12)],
          "bang-sadet-court-dolls": [("facebook_page", 300), ("line_oa", 90), ("online_shop", 80),
                                     ("content_posted", 15), ("first_online_order", 60), ("photos_retaken", 100)],
          "ekkarat-drums": [("facebook_page", 200)]}


# Demo history (issue 17's lineage timeline): the day each product was put on the portal, early 2568 (after the
# wisdom surveys of mid 2567, wisdom.demo), published a fortnight later. The two products still in development
# (bang-chao-cha-basket, obthom-printed-cloth) are new: they keep the day the demo loaded.
ON_PORTAL_SINCE = {
    "ban-phet-jasmine-rice": dt.date(2025, 1, 13), "court-dolls-thai-games": dt.date(2025, 1, 20),
    "ekkarat-long-drum": dt.date(2025, 2, 3), "court-dolls-loy-krathong": dt.date(2025, 2, 17),
    "bang-chao-cha-bamboo-bag": dt.date(2025, 2, 24), "sala-daeng-herbal-liquid-soap": dt.date(2025, 3, 3),
    "ban-phran-chili-paste": dt.date(2025, 3, 10), "ekkarat-mini-drum": dt.date(2025, 3, 17),
}


def _history(products: dict[str, Product], projects: list[DevelopmentProject]) -> None:
    """Backdate the demo products (ON_PORTAL_SINCE) and each demo development project to the day its
    assessment stage began (core.demo.backdate: demo rows only, idempotent)."""
    for slug, day in ON_PORTAL_SINCE.items():
        if slug in products:
            rows = Product.objects.filter(pk=products[slug].pk)
            backdate(rows, created_at=day)
            backdate(rows.filter(published_at__isnull=False), published_at=day + dt.timedelta(days=14))
    for project in projects:
        started = project.stage_records.filter(stage=Stage.ASSESSMENT).values_list("actual_date", flat=True).first()
        if started:
            backdate(DevelopmentProject.objects.filter(pk=project.pk), created_at=started)


def _image(colour, label: str):
    """A generated picture (no real photo ships with the demo): core.demo_images."""
    return placeholder_image(label, colour, style="circles")


def _consented_wisdom(group):
    records = list(records_of_group(group=group))
    blocked = consent_blockers(records, scope=ConsentScope.PRODUCT)
    return [r for r in records if r.pk not in blocked]


def _project(group, title, product, *, stage, fields, targets, partner=None):
    existing = DevelopmentProject.objects.filter(group=group, title=title).first()
    if existing:
        return existing
    fy = current_fiscal_year()
    # Demo history: the assessment stage began a month before the first target date.
    project = services.project_create(actor=SYSTEM, group=group, title=title, fiscal_year=fy, product=product,
                                      target_dates=targets, is_demo=True, partner=partner,
                                      started_on=min(targets.values()) - dt.timedelta(days=30), **fields)
    for to_stage in [s.value for s in Stage][1:]:
        if project.stage == stage:
            break
        if to_stage == Stage.MARKET_TEST:
            record = project.stage_records.get(stage=Stage.PROTOTYPE)
            services.stage_attachment_add(actor=SYSTEM, record=record, file=_image((200, 200, 200), "prototype"),
                                          caption="ภาพผลิตภัณฑ์ต้นแบบ", is_demo=True)
        if to_stage == Stage.FOLLOW_UP and product and product.status != PublishStatus.PUBLISHED:
            services.product_publish(actor=SYSTEM, product=product)
        target = targets.get(to_stage)
        reached = min(target, timezone.localdate()) if target else None
        project = services.project_move_stage(actor=SYSTEM, project=project, to_stage=to_stage, actual_date=reached)
    return project


def load():
    groups = {g.slug: g for g in ProducerGroup.objects.filter(is_demo=True)}
    products: dict[str, Product] = {}
    for slug, group_slug, name_th, name_en, ptype, price, unit, desc, story, colour in PRODUCTS:
        group = groups.get(group_slug)
        if group is None:
            continue
        fields = {"name_th": name_th, "name_en": name_en, "product_type": ptype, "price": price, "unit": unit,
                  "description": desc, "story": story, "shop_address": f"ที่ทำการกลุ่ม {group.name_th}",
                  "facebook_url": "https://www.facebook.com/", "line_id": "@otop-angthong"}
        unit_en, desc_en, story_en = PRODUCTS_EN.get(slug, ("", "", ""))
        fields.update(unit_en=unit_en, description_en=desc_en, story_en=story_en)
        existing = Product.objects.filter(slug=slug).first()
        created = existing is None
        if existing is None:
            product = services.product_create(actor=SYSTEM, group=group, slug=slug, is_demo=True,
                                              wisdom_records=_consented_wisdom(group), **fields)
        else:
            product = services.product_update(actor=SYSTEM, product=existing, group=group,
                                              wisdom_records=_consented_wisdom(group), **fields)
        products[slug] = product
        if not product.photos.exists():
            for i in range(2):
                services.product_photo_add(actor=SYSTEM, product=product, image=_image(colour, f"{slug}-{i + 1}"),
                                           caption=name_th if i == 0 else "", is_demo=True)
        for kind, number, expires in CERTIFICATIONS.get(slug, []):
            if not product.certifications.filter(kind=kind, number=number).exists():
                services.certification_add(actor=SYSTEM, product=product, kind=kind, number=number, is_demo=True,
                                           expires_on=dt.date(*expires) if expires else None)
        for year, stars in STARS.get(slug, []):
            services.star_rating_set(actor=SYSTEM, product=product, year=year, stars=stars, is_demo=True)
        if created and slug not in ("bang-chao-cha-basket", "obthom-printed-cloth"):
            services.product_publish(actor=SYSTEM, product=product)

    fy = current_fiscal_year()
    for slug, years in ASSESSMENTS.items():
        if slug in products:
            for offset, answers in years.items():
                services.assessment_record(actor=SYSTEM, product=products[slug], fiscal_year=fy + offset,
                                           answers=answers.split(), is_demo=True,
                                           assessed_on=dt.date(2025 + offset, 11, 15) if offset else None,
                                           notes="ประเมินโดยสำนักงานพัฒนาชุมชนจังหวัดอ่างทอง (ข้อมูลตัวอย่าง)")

    today = timezone.localdate()
    for group_slug, items in SKILLS.items():
        if group_slug in groups:
            for skill, days_ago in items:
                services.marketing_skill_set(actor=SYSTEM, group=groups[group_slug], skill=skill,
                                             achieved_on=today - dt.timedelta(days=days_ago), is_demo=True)

    aru = PartnerOrganisation.objects.filter(slug="aru").first()
    chandra = PartnerOrganisation.objects.filter(slug="chandra").first()

    def targets(*offsets):
        return {s.value: today + dt.timedelta(days=o) for s, o in zip(list(Stage)[1:], offsets, strict=False)}

    made = []
    if "sala-daeng-natural-soap" in groups and "sala-daeng-herbal-liquid-soap" in products:
        made.append(_project(groups["sala-daeng-natural-soap"], "บรรจุภัณฑ์รีฟิลสบู่เหลวสมุนไพร",
                             products["sala-daeng-herbal-liquid-soap"], stage=Stage.FOLLOW_UP, partner=chandra,
                             targets=targets(-150, -110, -80, -50, -10), fields={
                                 "designer_name": "ทีมออกแบบ มรภ.จันทรเกษม", "uses_packaging": True,
                                 "uses_food_safety": True, "uses_digital_tools": True,
                                 "design_ideas": "ขวดปั๊มใช้ซ้ำได้ + ถุงรีฟิล ฉลากเล่าเรื่องสมุนไพรท้องถิ่น",
                                 "technology_notes": "ภูมิปัญญาสมุนไพรขมิ้นชัน + กระบวนการผลิตตามเกณฑ์ มผช. + ขายผ่าน LINE OA",
                                 "market_feedback": "ลูกค้างานโอทอปมิดเยียร์ชอบกลิ่นและขวดรีฟิล", "trial_units_sold": 180,
                                 "price_before": 95, "price_after": 120, "monthly_units_before": 60,
                                 "monthly_units_after": 210, "monthly_sales_before": 5700, "monthly_sales_after": 25200,
                                 "unit_cost_before": 55, "unit_cost_after": 48, "channels_before": 1,
                                 "channels_after": 4}))
    if "obthom-printed-cloth" in groups and "obthom-printed-cloth" in products:
        made.append(_project(groups["obthom-printed-cloth"], "ออกแบบลายผ้าพิมพ์วิถีริมน้ำอบทม",
                             products["obthom-printed-cloth"], stage=Stage.PROTOTYPE, partner=aru,
                             targets=targets(-60, -5, 45, 90, 150), fields={
                                 "designer_name": "อาจารย์วิไล ออกแบบ", "uses_production_technique": True,
                                 "uses_packaging": True,
                                 "design_ideas": "ลายเรือและดอกบัว โทนสีจากธรรมชาติ ตัดเย็บเป็นผ้าพันคอและกระเป๋าผ้า",
                                 "technology_notes": "บล็อกพิมพ์ไม้แบบเดิม + สีย้อมธรรมชาติที่ติดทนด้วยเทคนิคใหม่",
                                 "price_before": 250, "monthly_units_before": 20, "monthly_sales_before": 5000,
                                 "unit_cost_before": 140, "channels_before": 1}))
    if "bang-chao-cha-basketry" in groups and "bang-chao-cha-basket" in products:
        made.append(_project(groups["bang-chao-cha-basketry"], "ตะกร้าไม้ไผ่ดีไซน์ใหม่สำหรับคาเฟ่",
                             products["bang-chao-cha-basket"], stage=Stage.MARKET_TEST, partner=aru,
                             targets=targets(-90, -60, -30, 30, 90), fields={
                                 "designer_name": "นักศึกษาออกแบบผลิตภัณฑ์ มรภ.พระนครศรีอยุธยา",
                                 "uses_production_technique": True, "uses_digital_tools": True,
                                 "design_ideas": "ตะกร้าเสิร์ฟขนมปังและชุดถาดสำหรับร้านกาแฟ",
                                 "price_before": 390, "monthly_units_before": 25, "monthly_sales_before": 9750,
                                 "unit_cost_before": 210, "channels_before": 2}))
    if "ekkarat-drums" in groups:
        made.append(_project(groups["ekkarat-drums"], "พวงกุญแจกลองจิ๋วสำหรับนักท่องเที่ยว", None,
                             stage=Stage.DESIGN, targets=targets(-20, 40, 80, 120, 200), fields={
                                 "idea": "กลองจิ๋วขนาด 2 นิ้วเป็นพวงกุญแจ ขายในงานเทศกาลกลองและร้านของฝาก",
                                 "designer_name": "", "price_before": None}))
    if "bang-sadet-court-dolls" in groups and "court-dolls-loy-krathong" in products:
        made.append(_project(groups["bang-sadet-court-dolls"], "ต่ออายุ มผช. และกล่องบรรจุภัณฑ์ใหม่",
                             products["court-dolls-loy-krathong"], stage=Stage.ASSESSMENT,
                             targets=targets(-7, 30, 60, 90, 150), fields={
                                 "idea": "ยื่นต่ออายุ มผช. และออกแบบกล่องกันกระแทกสำหรับส่งไปรษณีย์"}))
    _history(products, made)
    return f"{len(products)} products, {len(made)} development projects"
