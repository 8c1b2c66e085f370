"""Demo data of the wisdom registry: a dozen realistic Ang Thong records.

Every row is marked is_demo=True (pages show a "ข้อมูลตัวอย่าง" badge). The crafts
and places are real (DOMAIN.md); the knowledge holders' names, contacts and the
assessment scores are invented for the demonstration and are NOT official data.
Idempotent: records keyed by slug; holders by (record, name); steps replaced;
one generated placeholder photo per record (core.demo_images), added only once. Every row is
written by the wisdom services acting as SYSTEM; a new record walks the workflow up to its status.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from core.actors import SYSTEM
from core.demo import backdate
from core.demo_images import placeholder_image
from core.models import ProducerGroup, Subdistrict, User

from . import services
from .choices import AccessLevel, Category, ConsentScope, Status
from .models import HolderConsent, StatusTransition, WisdomRecord

# What a demo holder consented to: everything (the court dolls' holders, issue 17's demo chain),
# the five scopes the old single "consent granted" covered (G), or nothing yet (P).
ALL = tuple(ConsentScope.values)
G = tuple(s for s in ConsentScope.values if s != ConsentScope.BENEFIT)
P: tuple[str, ...] = ()

RECORDS = [
    {
        "slug": "court-dolls-ban-bang-sadet", "title_th": "ตุ๊กตาชาววังบ้านบางเสด็จ",
        "title_en": "Court Dolls of Ban Bang Sadet", "category": Category.HANDICRAFT,
        "subdistrict": "150305", "village_no": 2, "community_name": "ชุมชนบ้านบางเสด็จ",
        "group": "bang-sadet-court-dolls", "lat": "14.465200", "lng": "100.433800",
        "summary": "ตุ๊กตาดินเหนียวปั้นมือขนาดเล็ก เล่าวิถีชีวิตชาววังและชาวบ้านไทย "
                   "ศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ โครงการในพระราชดำริตั้งแต่ พ.ศ. 2519",
        "background": "เริ่มจากการฝึกอาชีพเสริมให้ชาวบ้านบางเสด็จหลังฤดูน้ำหลาก ภายใต้โครงการศิลปาชีพ "
                      "ช่างรุ่นแรกได้รับการฝึกปั้นตุ๊กตาแบบชาววัง แล้วถ่ายทอดต่อกันในหมู่บ้าน",
        "materials": "ดินเหนียวจากท้องนาริมแม่น้ำเจ้าพระยาในตำบล ผ้าไหมเศษสำหรับตัดชุด สีโปสเตอร์ กาว",
        "sustainability": "ขุดดินเฉพาะหน้าแล้งจากนาของสมาชิก หมุนเวียนแปลง ใช้เศษผ้าเหลือจากร้านตัดเสื้อ",
        "steps": ["นวดดินเหนียวผสมทรายละเอียดจนเนียน", "ปั้นศีรษะ ใบหน้า มือ แยกชิ้น",
                  "ผึ่งลมในร่ม 2–3 วัน", "ประกอบตัวบนโครงลวด", "ตัดเย็บชุดจากผ้าไหมเศษ",
                  "ลงสีใบหน้า และจัดท่าทางตามเรื่องที่เล่า"],
        "transmission": "สอนในศูนย์ตุ๊กตาชาววังทุกวันเสาร์ และรับนักเรียนโรงเรียนในตำบลฝึกงานช่วงปิดภาคเรียน",
        "learners": 18, "threats": "ช่างรุ่นแรกสูงวัย คนรุ่นใหม่ทำงานนอกชุมชน รายได้ต่อชิ้นไม่แน่นอน",
        "measures": "บันทึกวิดีโอขั้นตอน ตั้งกองทุนค่าตอบแทนผู้สอน พัฒนาสินค้าชิ้นเล็กขายนักท่องเที่ยว",
        "restrictions": "", "scores": (5, 5, 3, 4), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นางสมจิตร ปั้นงาม", "ช่างปั้นรุ่นแรก ประธานกลุ่ม", 72, None, ALL),
                    ("นางสาวอรุณี ศรีบางเสด็จ", "ช่างตัดชุดตุ๊กตา", None, 2528, ALL)],
        "color": (184, 134, 11),
    },
    {
        "slug": "ekkarat-drum-making", "title_th": "การทำกลองบ้านเอกราช", "title_en": "Ekkarat Drum Making",
        "category": Category.ARTS, "subdistrict": "150307", "village_no": 6, "community_name": "บ้านเอกราช",
        "group": "ekkarat-drums", "lat": "14.505400", "lng": "100.452100",
        "summary": "หมู่บ้านทำกลองหนังแท้ทุกชนิด กลองยาว กลองทัด โทน รำมะนา สืบทอดมาตั้งแต่ พ.ศ. 2470 "
                   "มีงานเทศกาลกลองประจำปี",
        "background": "ช่างกลองรุ่นแรกอพยพมาตั้งถิ่นฐานริมแม่น้ำน้อย ทำกลองส่งวัดและคณะดนตรีไทยทั่วภาคกลาง",
        "materials": "ไม้ขนุน ไม้มะม่วง ไม้จามจุรี หนังวัวและหนังควายจากโรงฆ่าสัตว์ในจังหวัด หวายสำหรับร้อยหนัง",
        "sustainability": "ใช้ไม้จากต้นที่โค่นตามอายุในสวนของชาวบ้าน ปลูกทดแทนต้นละ 2 ต้น",
        "steps": ["เลือกไม้และตัดเป็นท่อนตามขนาดกลอง", "ขุดเจาะหุ่นกลองและกลึงผิว",
                  "ตากหุ่นให้แห้งสนิท", "ฟอกและขึงหนัง", "ร้อยหนังด้วยหวายหรือเชือก",
                  "ตั้งเสียงและขัดแต่งลงน้ำมัน"],
        "transmission": "ถ่ายทอดในครอบครัวช่าง และเปิดฐานเรียนรู้ให้นักท่องเที่ยวทดลองทำกลองจิ๋ว",
        "learners": 25, "threats": "ไม้เนื้อแข็งหายาก ราคาหนังสูงขึ้น",
        "measures": "ฐานเรียนรู้ชุมชน งานเทศกาลกลองประจำปี", "restrictions": "",
        "scores": (4, 5, 3, 3), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นายบุญส่ง ตีกลอง", "ช่างกลองรุ่นที่ 3", 68, None, G),
                    ("นายประเสริฐ หนังดี", "ช่างขึงหนังกลอง", None, 2512, G)],
        "color": (120, 60, 30),
    },
    {
        "slug": "ekkarat-drum-teacher-rite", "title_th": "พิธีไหว้ครูช่างกลอง", "title_en": "Drum Makers' Teacher Rite",
        "category": Category.BELIEFS, "subdistrict": "150307", "village_no": 6, "community_name": "บ้านเอกราช",
        "group": "ekkarat-drums",
        "summary": "พิธีไหว้ครูของช่างกลองก่อนเริ่มขึ้นหุ่นกลองใบแรกของปี จัดเฉพาะในหมู่ช่าง",
        "background": "สืบทอดคู่กับการทำกลองในหมู่บ้าน ถือเป็นพิธีของช่างโดยเฉพาะ",
        "materials": "เครื่องสังเวยตามตำรา", "sustainability": "",
        "steps": ["จัดเครื่องสังเวย", "กล่าวบูชาครู", "เจิมหุ่นกลองใบแรก"],
        "transmission": "ถ่ายทอดจากครูช่างสู่ศิษย์ที่ผ่านการครอบครูแล้วเท่านั้น", "learners": 6,
        "threats": "ศิษย์รุ่นใหม่น้อย", "measures": "บันทึกไว้เป็นเอกสารภายในชุมชน",
        "restrictions": "ห้ามเผยแพร่บทบูชาและภาพขณะประกอบพิธีต่อสาธารณะ",
        "scores": (1, 5, 2, 4), "status": Status.PUBLISHED, "access": AccessLevel.RESTRICTED,
        "holders": [("นายบุญส่ง ตีกลอง", "ครูช่าง ผู้ประกอบพิธี", 68, None, G)],
        "color": (90, 40, 60),
    },
    {
        "slug": "bang-chao-cha-bamboo-basketry", "title_th": "จักสานไม้ไผ่บ้านบางเจ้าฉ่า",
        "title_en": "Bang Chao Cha Bamboo Basketry", "category": Category.HANDICRAFT,
        "subdistrict": "150414", "village_no": 3, "community_name": "บ้านบางเจ้าฉ่า",
        "group": "bang-chao-cha-basketry", "lat": "14.633300", "lng": "100.383300",
        "summary": "เครื่องจักสานไม้ไผ่ลายละเอียด กระเป๋า ตะกร้า กล่องใส่ของ ภูมิปัญญาที่ขึ้นชื่อของอำเภอโพธิ์ทอง",
        "background": "ชาวบ้านจักสานเครื่องใช้ในครัวเรือนมาแต่เดิม พัฒนาเป็นกระเป๋าและของตกแต่งลายละเอียด",
        "materials": "ไผ่สีสุกและไผ่ป่าจากสวนในตำบล หวาย ยางรัก น้ำมันเคลือบ",
        "sustainability": "ตัดไผ่เฉพาะลำแก่อายุ 3 ปีขึ้นไป เว้นหน่อและลำอ่อนให้กอฟื้นตัว",
        "steps": ["คัดไผ่และตัดเป็นปล้อง", "จักตอกให้บางสม่ำเสมอ", "ย้อมสีตอก (ถ้ามี)",
                  "สานก้นและขึ้นรูปตามแบบ", "เข้าขอบและใส่หูหิ้ว", "เคลือบเงาและผึ่งให้แห้ง"],
        "transmission": "กลุ่มจักสานสอนเยาวชนและผู้สูงอายุในศาลาหมู่บ้าน", "learners": 30,
        "threats": "พลาสติกราคาถูกแทนที่เครื่องจักสาน", "measures": "ออกแบบสินค้าใหม่ร่วมกับมหาวิทยาลัยราชภัฏ",
        "restrictions": "", "scores": (4, 4, 4, 4), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นางละเอียด สานงาม", "ช่างจักสานลายละเอียด", 64, None, G)],
        "color": (160, 130, 60),
    },
    {
        "slug": "ban-phet-jasmine-rice", "title_th": "การปลูกข้าวหอมมะลิปลอดสารบ้านเพชร",
        "title_en": "Ban Phet Chemical-free Jasmine Rice", "category": Category.AGRICULTURE,
        "subdistrict": "150505", "village_no": 7, "community_name": "ชุมชนบ้านเพชร",
        "group": "ban-phet-jasmine-rice", "lat": "14.597700", "lng": "100.246400",
        "summary": "ปลูกข้าวหอมมะลิแบบปลอดสารในแปลงนาชุมชน ศูนย์เรียนรู้เศรษฐกิจพอเพียงและโฮมสเตย์บ้านเพชร",
        "background": "ชุมชนรวมกลุ่มเลิกใช้สารเคมีเพื่อสุขภาพและลดต้นทุน เปิดแปลงนาให้นักท่องเที่ยวเรียนรู้",
        "materials": "เมล็ดพันธุ์คัดเอง ปุ๋ยหมักจากมูลวัวและฟางในหมู่บ้าน น้ำหมักชีวภาพ",
        "sustainability": "ไถกลบตอซังแทนการเผา ใช้น้ำจากคลองชลประทานแบบสลับแห้งสลับเปียก",
        "steps": ["คัดเมล็ดพันธุ์ด้วยการลอยน้ำเกลือ", "ตกกล้าและปักดำ", "ใส่ปุ๋ยหมักและน้ำหมักชีวภาพ",
                  "ควบคุมน้ำแบบสลับแห้งสลับเปียก", "เกี่ยวข้าวและตากให้ความชื้นต่ำ", "สีข้าวและบรรจุสุญญากาศ"],
        "transmission": "ศูนย์เรียนรู้เศรษฐกิจพอเพียงรับคณะดูงานและนักเรียน", "learners": 40,
        "threats": "น้ำแล้ง ราคาข้าวผันผวน", "measures": "ขายตรงผ่านออนไลน์และโฮมสเตย์",
        "restrictions": "", "scores": (4, 3, 5, 4), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นายสมบูรณ์ นาดี", "ประธานวิสาหกิจชุมชน ปราชญ์เกษตร", 59, None, G)],
        "color": (90, 140, 60),
    },
    {
        "slug": "sala-daeng-herbal-soap", "title_th": "สบู่สมุนไพรน้ำมันธรรมชาติศาลาแดง",
        "title_en": "Sala Daeng Herbal Soap", "category": Category.HERBAL,
        "subdistrict": "150103", "village_no": 4, "community_name": "บ้านศาลาแดง",
        "group": "sala-daeng-natural-soap",
        "summary": "สบู่และสบู่เหลวจากน้ำมันมะพร้าวและสมุนไพรท้องถิ่น ขมิ้นชัน มะขาม ใบบัวบก",
        "background": "พัฒนาจากสูตรยาสมุนไพรประจำบ้านของผู้เฒ่าในหมู่บ้าน",
        "materials": "น้ำมันมะพร้าว ขมิ้นชันและมะขามจากสวนสมาชิก ใบบัวบก",
        "sustainability": "ปลูกสมุนไพรเองในแปลงรวม ใช้บรรจุภัณฑ์เติมได้",
        "steps": ["เตรียมสมุนไพรและสกัดด้วยน้ำมัน", "ผสมน้ำมันกับด่างตามสัดส่วน", "กวนจนข้น",
                  "เทลงแม่พิมพ์", "บ่มไว้ 4 สัปดาห์"],
        "transmission": "สอนสมาชิกกลุ่มแม่บ้าน", "learners": 8, "threats": "มาตรฐาน อย. และต้นทุนบรรจุภัณฑ์",
        "measures": "ขอคำแนะนำมาตรฐาน มผช. จากมหาวิทยาลัย", "restrictions": "",
        "scores": (3, 3, 4, 5), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        # One holder has not yet given consent: products built on this record stay unpublished.
        "holders": [("นางทองใบ สมุนไพร", "ผู้คิดค้นสูตรสบู่", 66, None, P)],
        "color": (200, 170, 60),
    },
    {
        "slug": "pa-mok-natural-dye-cloth", "title_th": "ผ้ามัดย้อมสีธรรมชาติป่าโมก",
        "title_en": "Pa Mok Natural-dye Tie-dye Cloth", "category": Category.TEXTILES,
        "subdistrict": "150302", "village_no": 3, "community_name": "ชุมชนริมน้ำป่าโมก", "group": None,
        "summary": "ผ้าฝ้ายมัดย้อมด้วยสีจากเปลือกไม้ ใบหูกวาง และครั่ง ลวดลายจากสายน้ำเจ้าพระยา",
        "background": "ฟื้นฟูการย้อมสีธรรมชาติที่เคยทำในครัวเรือน", "materials": "ผ้าฝ้าย ใบหูกวาง เปลือกมะพูด ครั่ง",
        "sustainability": "เก็บใบไม้ร่วง ไม่ลอกเปลือกต้นที่ยังยืนต้น",
        "steps": ["ต้มสกัดสีจากพืช", "มัดผ้าเป็นลวดลาย", "ย้อมและหมักสี", "ล้างและตากในร่ม"],
        "transmission": "สอนกลุ่มแม่บ้านและผู้สูงอายุ", "learners": 12, "threats": "สีไม่คงทน ตลาดยังเล็ก",
        "measures": "ทดลองสารช่วยติดสีจากธรรมชาติ", "restrictions": "",
        "scores": (None, None, None, None), "status": Status.SUBMITTED, "access": AccessLevel.PUBLIC,
        "holders": [("นางมาลี ย้อมดี", "ช่างย้อมผ้า", 55, None, G)],
        "color": (70, 90, 150),
    },
    {
        "slug": "ban-phran-roasted-chili-paste", "title_th": "น้ำพริกเผาสูตรดั้งเดิมบ้านพราน",
        "title_en": "Ban Phran Roasted Chili Paste", "category": Category.FOOD,
        "subdistrict": "150503", "village_no": 1, "community_name": "บ้านพราน",
        "group": "ban-phran-chili-paste",
        "summary": "น้ำพริกเผาคั่วมือด้วยเตาถ่าน สูตรสืบทอดในครอบครัว ใช้พริกและหอมจากแสวงหา",
        "background": "เริ่มจากทำขายในตลาดนัดหมู่บ้าน จนพัฒนาเป็นโรงเรือนมาตรฐาน",
        "materials": "พริกแห้ง หอมแดง กระเทียม กุ้งแห้ง มะขามเปียก น้ำตาลโตนด",
        "sustainability": "รับซื้อพริกและหอมจากเกษตรกรในอำเภอ",
        "steps": ["คั่วพริก หอม กระเทียมด้วยเตาถ่าน", "โขลกให้ละเอียด", "ผัดกับน้ำมันไฟอ่อน",
                  "ปรุงรสด้วยมะขามเปียกและน้ำตาลโตนด", "บรรจุขวดและฆ่าเชื้อ"],
        "transmission": "ลูกหลานในครอบครัวและลูกจ้างในชุมชน", "learners": 5, "threats": "ต้นทุนวัตถุดิบสูงขึ้น",
        "measures": "ได้มาตรฐาน อย. และ มผช.", "restrictions": "",
        "scores": (5, 3, 4, 4), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นางประไพ พริกหอม", "เจ้าของสูตร", 61, None, G)],
        "color": (170, 40, 30),
    },
    {
        "slug": "thewarat-gem-rings", "title_th": "ช่างแหวนพลอยเทวราช", "title_en": "Thewarat Gem Ring Craft",
        "category": Category.HANDICRAFT, "subdistrict": "150204", "village_no": 2, "community_name": "บ้านเทวราช",
        "group": "thewarat-gem-rings",
        "summary": "งานฝีมือขึ้นตัวเรือนแหวนและฝังพลอยด้วยมือ", "background": "ช่างในหมู่บ้านเคยรับงานจากร้านทองในกรุงเทพฯ",
        "materials": "เงิน ทองเหลือง พลอยสี", "sustainability": "หลอมเศษโลหะกลับมาใช้ใหม่",
        "steps": ["ออกแบบและหล่อตัวเรือน", "ตกแต่งตัวเรือน", "ฝังพลอย", "ขัดเงา"],
        "transmission": "ช่างสอนลูกมือในร้าน", "learners": 4, "threats": "ช่างฝีมือน้อยลง",
        "measures": "อบรมช่างรุ่นใหม่ร่วมกับวิทยาลัยการอาชีพ", "restrictions": "",
        "scores": (3, 3, 2, 3), "status": Status.PUBLISHED, "access": AccessLevel.MEMBERS,
        "holders": [("นายวิชัย ช่างทอง", "ช่างฝังพลอย", 58, None, G)],
        "color": (120, 30, 120),
    },
    {
        "slug": "obthom-riverside-printed-cloth", "title_th": "ผ้าพิมพ์ลายวิถีริมน้ำอบทม",
        "title_en": "Obthom Riverside Printed Cloth", "category": Category.TEXTILES,
        "subdistrict": "150703", "village_no": 5, "community_name": "บ้านอบทม", "group": "obthom-printed-cloth",
        "summary": "ผ้าพิมพ์ลายด้วยแม่พิมพ์ไม้แกะมือ ลวดลายเรือ ปลา และดอกบัวจากวิถีชุมชนริมน้ำ",
        "background": "กลุ่มแม่บ้านออกแบบลายจากภาพวิถีชีวิตที่ผู้สูงอายุเล่าให้ฟัง",
        "materials": "ผ้าฝ้าย สีพิมพ์ผ้า แม่พิมพ์ไม้สัก", "sustainability": "ใช้ไม้เก่าจากบ้านรื้อทำแม่พิมพ์",
        "steps": ["แกะลายบนแม่พิมพ์ไม้", "เตรียมผ้าและขึงโต๊ะ", "พิมพ์ลายทีละสี", "อบผนึกสี"],
        "transmission": "เปิดฐานพิมพ์ผ้าให้นักท่องเที่ยว", "learners": 15, "threats": "คู่แข่งผ้าพิมพ์โรงงาน",
        "measures": "ทำลายเฉพาะของชุมชนและเล่าเรื่องบนป้ายสินค้า", "restrictions": "",
        "scores": (4, 4, 5, 4), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นางสายใจ พิมพ์ลาย", "ผู้ออกแบบลาย", 50, None, G)],
        "color": (30, 110, 140),
    },
    {
        "slug": "san-chao-rong-thong-thai-desserts", "title_th": "ขนมไทยโบราณตลาดศาลเจ้าโรงทอง",
        "title_en": "Old-style Thai Desserts of San Chao Rong Thong Market", "category": Category.FOOD,
        "subdistrict": "150602", "village_no": 1, "community_name": "ตลาดศาลเจ้าโรงทอง", "group": None,
        "summary": "ขนมไทยสูตรดั้งเดิมของตลาดเก่าริมน้ำ อำเภอวิเศษชัยชาญ ขนมชั้น ขนมเปียกปูน ขนมตาล",
        "background": "ตลาดเก่าอายุกว่าร้อยปี แม่ค้ารุ่นเก่าทำขนมขายคู่กับร้านค้าไม้",
        "materials": "แป้งข้าวเจ้า มะพร้าว น้ำตาลโตนด ใบเตย ลูกตาลสุก",
        "sustainability": "ใช้ลูกตาลและมะพร้าวจากสวนในอำเภอ",
        "steps": ["เตรียมแป้งและกะทิ", "ปรุงน้ำตาลโตนด", "นึ่งหรือกวนตามชนิดขนม", "ห่อใบตอง"],
        "transmission": "ทำขายในครอบครัว สอนนักท่องเที่ยวช่วงเทศกาล", "learners": 6,
        "threats": "คนรุ่นใหม่ไม่สืบต่อ", "measures": "บันทึกสูตรและจัดเวิร์กช็อป", "restrictions": "",
        "scores": (4, 3, 4, 5), "status": Status.PUBLISHED, "access": AccessLevel.PUBLIC,
        "holders": [("นางเยาวลักษณ์ ขนมดี", "แม่ค้าขนมรุ่นที่ 2", 70, None, G)],
        "color": (60, 150, 90),
    },
    {
        "slug": "phai-cham-sin-herbal-compress", "title_th": "ลูกประคบสมุนไพรหมอพื้นบ้านไผ่จำศิล",
        "title_en": "Phai Cham Sin Herbal Compress", "category": Category.HERBAL,
        "subdistrict": "150601", "village_no": 4, "community_name": "บ้านไผ่จำศิล", "group": None,
        "summary": "ลูกประคบสมุนไพรสดตามตำราหมอพื้นบ้าน ใช้คู่กับการนวดแผนไทย",
        "background": "หมอพื้นบ้านรักษาอาการปวดเมื่อยของชาวนาในหมู่บ้าน",
        "materials": "ไพล ขมิ้นชัน ตะไคร้ ใบมะขาม การบูร", "sustainability": "ปลูกสมุนไพรหมุนเวียนในแปลงหมอพื้นบ้าน",
        "steps": ["หั่นและตำสมุนไพรสด", "คลุกเกลือและการบูร", "ห่อผ้าและมัดเป็นลูก", "นึ่งก่อนใช้"],
        "transmission": "สอนอาสาสมัครสาธารณสุขประจำหมู่บ้าน", "learners": 10, "threats": "หมอพื้นบ้านสูงวัย",
        "measures": "ขึ้นทะเบียนหมอพื้นบ้านกับโรงพยาบาลส่งเสริมสุขภาพตำบล", "restrictions": "",
        "scores": (3, 2, 5, 5), "status": Status.VERIFIED, "access": AccessLevel.MEMBERS,
        "holders": [("นายสงัด หมอยา", "หมอพื้นบ้าน", 75, None, G)],
        "color": (140, 160, 40),
    },
]


# slug -> (English summary, English community name): what a tourist reads in English mode
RECORDS_EN = {
    "court-dolls-ban-bang-sadet": (
        "Small hand-moulded clay dolls that tell the life of the Thai court and of Thai villagers, made at the "
        "Ban Bang Sadet Court Doll Centre, a royal project since 1976.", "Ban Bang Sadet community"),
    "ekkarat-drum-making": (
        "A village that makes every kind of real-hide drum (long drums, thon, rammana and temple drums), handed "
        "down since 1927, with a drum festival every year.", "Ban Ekkarat"),
    "ekkarat-drum-teacher-rite": (
        "The drum makers' rite of respect for their teachers before the first drum body of the year is "
        "made, held among the makers only.", "Ban Ekkarat"),
    "bang-chao-cha-bamboo-basketry": (
        "Finely woven bamboo handbags, baskets and boxes: the best-known craft of Pho Thong district.",
        "Ban Bang Chao Cha"),
    "ban-phet-jasmine-rice": (
        "Jasmine rice grown without chemicals in the community's fields, with a sufficiency-economy learning "
        "centre and homestays at Ban Phet.", "Ban Phet community"),
    "sala-daeng-herbal-soap": (
        "Bar and liquid soaps of coconut oil with local herbs: turmeric, tamarind and gotu kola.",
        "Ban Sala Daeng"),
    "pa-mok-natural-dye-cloth": (
        "Cotton tie-dyed with colours from tree bark, Indian almond leaves and lac, in patterns of the Chao "
        "Phraya's waters.", "Pa Mok riverside community"),
    "ban-phran-roasted-chili-paste": (
        "Roasted chili paste stirred by hand over charcoal to a family recipe, with chilies and shallots from "
        "Sawaeng Ha.", "Ban Phran"),
    "thewarat-gem-rings": ("Rings made and set with gemstones by hand.", "Ban Thewarat"),
    "obthom-riverside-printed-cloth": (
        "Cloth printed with hand-carved wooden blocks in patterns of boats, fish and lotus from riverside "
        "village life.", "Ban Obthom"),
    "san-chao-rong-thong-thai-desserts": (
        "Thai desserts to the old recipes of a riverside market in Wiset Chai Chan: khanom chan, khanom piak "
        "pun and khanom tan.", "San Chao Rong Thong market"),
    "phai-cham-sin-herbal-compress": (
        "Fresh herbal compresses made to the village healers' texts, used with Thai massage.",
        "Ban Phai Cham Sin"),
}

RECORD_FIELDS = ("title_th", "title_en", "category", "subdistrict", "village_no", "community_name",
                 "community_name_en", "owner_group", "summary", "summary_en", "background", "materials", "sustainability_note", "transmission", "learners_count",
                 "threats", "safeguarding_measures", "customary_restrictions", "compiled_by", "compiled_place",
                 "compiled_on", "lat", "lng", "market_score", "uniqueness_score", "transferability_score",
                 "material_score", "access_level", "created_by", "staff_notes")
WORKFLOW = [(Status.SUBMITTED, services.record_submit), (Status.VERIFIED, services.record_verify),
            (Status.PUBLISHED, services.record_publish)]
PHOTO_STYLES = ("stripes", "circles", "landscape")
# Demo history (issue 17's lineage timeline: recorded → first product → first program → …): the records were
# surveyed in mid 2567 (June–August 2024), one a week in the order above, the holders consenting at the
# survey; each record then walked the workflow within weeks (days after the survey).
SURVEY_START = datetime.date(2024, 6, 3)
WORKFLOW_DAYS = {Status.SUBMITTED: 10, Status.VERIFIED: 30, Status.PUBLISHED: 45}


def surveyed_on(i: int) -> datetime.date:
    return SURVEY_START + datetime.timedelta(days=7 * i)


def _history(record, i) -> None:
    """Created on the survey day, each workflow step and the publication some weeks later (demo rows only,
    the loader's own transitions only; idempotent). Consents the loader once granted on its old fixed day
    (June 2026) move to the survey day."""
    day = surveyed_on(i)
    records = WisdomRecord.objects.filter(pk=record.pk)
    backdate(records, created_at=day)
    backdate(records.filter(published_at__isnull=False),
             published_at=day + datetime.timedelta(days=WORKFLOW_DAYS[Status.PUBLISHED]))
    for status, days in WORKFLOW_DAYS.items():
        at = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(10)))
        (StatusTransition.objects.filter(record=record, record__is_demo=True, to_status=status, actor__isnull=True,
                                         comment="ข้อมูลตัวอย่าง").exclude(created_at=at).update(created_at=at))
    HolderConsent.objects.filter(holder__record=record, is_demo=True, withdrawn_on__isnull=True,
                                 given_on=datetime.date(2026, 6, 1 + i)).update(given_on=day)


def _record_values(data, i, *, groups, compiler) -> dict:
    m, u, t, mat = data["scores"]
    return {
        "title_th": data["title_th"], "title_en": data["title_en"], "category": data["category"],
        "subdistrict": Subdistrict.objects.get(code=data["subdistrict"]), "village_no": data["village_no"],
        "community_name": data["community_name"], "owner_group": groups.get(data["group"] or ""),
        "summary": data["summary"], "background": data["background"],
        "summary_en": RECORDS_EN.get(data["slug"], ("", ""))[0],
        "community_name_en": RECORDS_EN.get(data["slug"], ("", ""))[1],
        "materials": data["materials"], "sustainability_note": data["sustainability"],
        "transmission": data["transmission"], "learners_count": data["learners"],
        "threats": data["threats"], "safeguarding_measures": data["measures"],
        "customary_restrictions": data["restrictions"],
        "compiled_by": "สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง (ข้อมูลตัวอย่าง)",
        "compiled_place": data["community_name"], "compiled_on": surveyed_on(i),
        "lat": Decimal(data["lat"]) if data.get("lat") else None,
        "lng": Decimal(data["lng"]) if data.get("lng") else None,
        "market_score": m, "uniqueness_score": u, "transferability_score": t, "material_score": mat,
        "access_level": data["access"], "created_by": compiler, "staff_notes": "ข้อมูลตัวอย่างเพื่อสาธิตระบบ",
    }


def _holders(record, data, i) -> None:
    existing = {h.name: h for h in record.holders.all()}
    for name, role, age, birth_year, scopes in data["holders"]:
        values = {"role": role, "age": age, "birth_year": birth_year, "contact": "ติดต่อผ่านสำนักงานพัฒนาชุมชนจังหวัดอ่างทอง (ข้อมูลตัวอย่าง)"}
        holder = existing.get(name)
        if holder is None:
            holder = services.holder_add(actor=SYSTEM, record=record, name=name, is_demo=True, **values)
        elif any(getattr(holder, k) != v for k, v in values.items()):
            services.holder_update(actor=SYSTEM, holder=holder, **values)
        recorded = set(HolderConsent.objects.filter(holder=holder).values_list("scope", flat=True))
        for scope in scopes:
            if scope not in recorded:
                services.consent_grant(actor=SYSTEM, holder=holder, scope=scope, given_on=surveyed_on(i),
                                       witness="ผู้ใหญ่บ้าน (ข้อมูลตัวอย่าง)", is_demo=True,
                                       note="ข้อมูลตัวอย่าง: ยินยอมต่อหน้าพยานในเวทีประชาคม")


def load():
    """Through the wisdom services, acting as the portal itself (core.actors.SYSTEM); the compiler
    of each record is its group's demo producer (or the demo staff account)."""
    staff = User.objects.filter(username="staff").first()
    producers = {g: User.objects.filter(producer_groups__slug=g).first()
                 for g in ("bang-sadet-court-dolls", "ekkarat-drums")}
    groups = {g.slug: g for g in ProducerGroup.objects.all()}
    photos = 0
    for i, data in enumerate(RECORDS):
        compiler = producers.get(data["group"]) or staff
        values = _record_values(data, i, groups=groups, compiler=compiler)
        record = WisdomRecord.objects.filter(slug=data["slug"]).first()
        if record is None:
            record = services.record_create(actor=SYSTEM, slug=data["slug"], steps=data["steps"], is_demo=True,
                                            **values)
            for status, service in WORKFLOW if data["status"] != Status.DRAFT else ():
                service(actor=SYSTEM, record=record, comment="ข้อมูลตัวอย่าง")
                if status == data["status"]:
                    break
        else:
            changed = {k: v for k, v in values.items() if getattr(record, k) != v}
            if changed:
                record = services.record_update(actor=SYSTEM, record=record, **changed)
            services.steps_set(actor=SYSTEM, record=record, steps=data["steps"])
        _holders(record, data, i)
        _history(record, i)
        if not record.photos.exists():
            picture = placeholder_image(data["slug"], data["color"], style=PHOTO_STYLES[i % len(PHOTO_STYLES)])
            services.photo_add(actor=SYSTEM, record=record, file=picture,
                               caption=f"{record.title_th} (ภาพตัวอย่าง)", credit="ภาพประกอบสาธิต", is_demo=True)
            photos += 1
    return f"{len(RECORDS)} wisdom records, {photos} placeholder photos"
