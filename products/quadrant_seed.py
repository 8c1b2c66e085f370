"""CDD's segment criteria (เกณฑ์การพิจารณาผลิตภัณฑ์ตาม Segment, otop.cdd.go.th) as seed data.

Copied into the app (not read from ../shared at run time). The option texts are a
working summary of the department's five-part checklist; staff edit them (and the
rules) in the admin when the department revises its criteria. Used by the data
migration 0003 and by tests that need a fresh table.
"""

QUADRANTS = [
    ("A", "กลุ่มดาวเด่นสู่สากล (Star)", "คุณภาพสูง ผลิตต่อเนื่องปริมาณมาก จำหน่ายในและต่างประเทศ มีศักยภาพส่งออก"),
    ("B", "กลุ่มเอกลักษณ์สร้างคุณค่า (Unique)", "คุณภาพสูง ผลิตจำนวนน้อย งานหัตถกรรมฝีมือประณีตซับซ้อน มีอัตลักษณ์"),
    ("C", "กลุ่มพัฒนาสร้างสรรค์ (Standard)", "ได้มาตรฐานตามกฎหมาย กระบวนการผลิตไม่ซับซ้อน ผลิตได้ปริมาณมากขึ้น"),
    ("D", "กลุ่มปรับตัวสู่การพัฒนา", "ยังไม่มีมาตรฐานผลิตภัณฑ์ ต้องปรับตัวเพื่อพัฒนา"),
]

PARTS = [
    (1, "มาตรฐานผลิตภัณฑ์", [
        ("1.1", "มีมาตรฐานระดับสากล/ส่งออก (เช่น GMP, HACCP, ฮาลาล)"),
        ("1.2", "มีมาตรฐานตามกฎหมายในประเทศ (เช่น มผช., อย.)"),
        ("1.3", "ยังไม่มีมาตรฐานผลิตภัณฑ์"),
    ]),
    (2, "ศักยภาพการผลิต", [
        ("2.1", "ผลิตได้ต่อเนื่องในปริมาณมาก"),
        ("2.2", "ผลิตได้ปริมาณปานกลาง"),
        ("2.3", "ผลิตได้จำนวนน้อย/ตามคำสั่งซื้อ"),
    ]),
    (3, "กระบวนการผลิต/เทคโนโลยี", [
        ("3.1", "ใช้เทคโนโลยีและเครื่องจักรในการผลิต"),
        ("3.2", "กระบวนการผลิตไม่ซับซ้อน ใช้เครื่องมือร่วมกับแรงงาน"),
        ("3.3", "งานหัตถกรรมฝีมือประณีต กระบวนการซับซ้อน"),
    ]),
    (4, "การพัฒนาผลิตภัณฑ์", [
        ("4.1", "พัฒนาผลิตภัณฑ์ใหม่อย่างต่อเนื่องเพื่อตลาดสากล"),
        ("4.2", "พัฒนาโดยรักษาเอกลักษณ์และภูมิปัญญาดั้งเดิม"),
        ("4.3", "พัฒนาตามความต้องการของตลาด"),
        ("4.4", "ปรับปรุงบรรจุภัณฑ์/รูปแบบเล็กน้อย"),
    ]),
    (5, "ตลาด", [
        ("5.1", "ตลาดต่างประเทศ/ส่งออก"),
        ("5.2", "ตลาดเฉพาะกลุ่ม (ของสะสม ของที่ระลึกระดับสูง)"),
        ("5.3", "ตลาดในประเทศทั่วไป"),
        ("5.4", "ตลาดท้องถิ่น/ชุมชน"),
    ]),
]

# quadrant, priority, option codes (a part with no code listed = "whatever"), description
RULES = [
    ("D", 10, ["1.3"], "D: ยังไม่มีมาตรฐาน (1.3) ไม่ว่าข้ออื่นเป็นอย่างไร"),
    ("A", 20, ["1.1", "1.2", "2.1", "3.1", "3.2", "4.1", "5.1"], "A: 1.1|1.2, 2.1, 3.1|3.2, 4.1, 5.1"),
    ("B", 30, ["1.1", "1.2", "2.2", "2.3", "3.3", "4.2", "5.1", "5.2", "5.3", "5.4"],
     "B: 1.1|1.2, 2.2|2.3, 3.3, 4.2, 5.1–5.4"),
    ("C", 40, ["1.1", "1.2", "2.2", "2.3", "3.2", "4.3", "4.4", "5.1", "5.3", "5.4"],
     "C: 1.1|1.2, 2.2|2.3, 3.2, 4.3|4.4, 5.1|5.3|5.4"),
]


def seed(Quadrant, ChecklistPart, ChecklistOption, QuadrantRule) -> None:
    """Create the tables if empty (idempotent; never overwrites staff's edits)."""
    quadrants = {}
    for code, name, desc in QUADRANTS:
        quadrants[code], _ = Quadrant.objects.get_or_create(code=code, defaults={"name_th": name,
                                                                                   "description": desc})
    options = {}
    for number, name, opts in PARTS:
        part, _ = ChecklistPart.objects.get_or_create(number=number, defaults={"name_th": name})
        for i, (code, text) in enumerate(opts):
            options[code], _ = ChecklistOption.objects.get_or_create(
                code=code, defaults={"part": part, "text_th": text, "position": i})
    if not QuadrantRule.objects.exists():
        for code, priority, option_codes, desc in RULES:
            rule = QuadrantRule.objects.create(quadrant=quadrants[code], priority=priority, description=desc)
            rule.options.set([options[c] for c in option_codes])
