"""The evaluation PDF prints Thai chart labels as a browser does (issue 15, item 4).

WeasyPrint lays out SVG ``<text>`` glyph by glyph, so in the old SVG charts "ป่าโมก" printed as "ปาโมก"
(the tone mark lost) and the marks of "โพธิ์ทอง" collided, although the PDF's text layer still said
"ป่าโมก". So this test looks at the ink: it renders the report's PDF page to pixels (pdftoppm), cuts
out the chart's label, and compares it with the same label in the same font drawn by Chromium —
glyph by glyph, as connected blots of ink: as many of them, each in the same place (the tone mark
over ป, ◌ิ and ◌์ stacked apart). On the old renderer it fails ("ป่าโมก": 5 blots instead of 6).
"""

from __future__ import annotations

import base64
import concurrent.futures
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from evaluation import reports

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                       reason="poppler-utils (scripts/system_deps.py) not installed"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]

DPI = 600
INK = 128  # a pixel darker than this is ink
LABELS = ["ป่าโมก", "โพธิ์ทอง", "เมืองอ่างทอง"]
LONG = "ท่องเที่ยวชุมชน OTOP นวัตวิถี"


def snapshot() -> dict:
    """A report's snapshot (the PDF's only input) with the issue's district names and a long project."""
    agg = {"current": "1100.00", "baseline": "1000.00", "met": 1, "not_met": 0, "no_baseline": 0,
           "met_share": "100.00", "units": 1}
    return {
        "fiscal_year": 2570, "as_of": "2026-10", "generated_at": "2026-11-01T01:00:00+07:00",
        "targets": {"all": "3.00", "nawatwithi": "5.00"},
        "summary": {**agg, "increase_percent": "10.00"},
        "districts": [{**agg, "key": f"150{i}", "key_name": name, "increase_percent": pct}
                      for i, (name, pct) in enumerate(zip(LABELS, ["10.00", "0.00", "2.00"], strict=True))],
        "projects": [{**agg, "key": "nawatwithi", "increase_percent": "4.00"}],
        "trend": [{"month": "2026-10", "baseline": "1000.00", "current": "1100.00"}],
        "units": [],
    }


def words(pdf: bytes) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Every word of the PDF's text layer: (page, text, (x0, y0, x1, y1) in points)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    found, page = [], 0
    for line in html.decode().splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            found.append((page, m.group(5), tuple(float(v) for v in m.groups()[:4])))
    return found


def pdf_label(pdf: bytes, text: str) -> Image.Image:
    """The first occurrence of ``text`` in the PDF (the chart comes before its table) as pixels."""
    page, _text, (x0, y0, x1, y1) = next(w for w in words(pdf) if w[1] == text)
    scale = DPI / 72
    pad_y = (y1 - y0) * 0.15
    box = [round((x0 - 0.5) * scale), round((y0 - pad_y) * scale), round((x1 + 0.5) * scale),
           round((y1 + pad_y) * scale)]
    png = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-x", str(box[0]),
                          "-y", str(box[1]), "-W", str(box[2] - box[0]), "-H", str(box[3] - box[1]), "-png", "-"],
                         input=pdf, capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def chromium_labels(texts: list[str], px: int = 80) -> dict[str, Image.Image]:
    """Each text drawn by Chromium in the PDF's font (the same Sarabun files), black on white."""
    from playwright.sync_api import sync_playwright

    faces = "".join(
        f'@font-face {{ font-family: "{family}"; src: url(data:font/woff2;base64,'
        f'{base64.b64encode((reports.FONT_DIR / file).read_bytes()).decode()}) format("woff2"); }}'
        for family, file in (("Sarabun Thai", "sarabun-thai-400-normal.woff2"),
                             ("Sarabun Latin", "sarabun-latin-400-normal.woff2")))
    spans = "".join(f"<p><span>{t}</span></p>" for t in texts)
    html = (f"<!doctype html><html><head><meta charset='utf-8'><style>{faces} body {{ margin: 20px; "
            f"background: #fff; color: #000; font: {px}px 'Sarabun Latin', 'Sarabun Thai'; }} p {{ margin: 0 0 "
            f"{px}px; }} span {{ padding: {px // 3}px 4px; display: inline-block; }}</style></head>"
            f"<body>{spans}</body></html>")
    def shoot() -> dict[str, bytes]:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                page.set_content(html)
                page.evaluate("document.fonts.ready.then(() => true)")
                return {t: page.locator("span").nth(i).screenshot() for i, t in enumerate(texts)}
            finally:
                browser.close()

    # In a thread of its own: after the browser tests, pytest-playwright's asyncio loop runs in this one,
    # where Playwright's sync API refuses to start.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        shots = pool.submit(shoot).result()
    return {t: Image.open(io.BytesIO(png)).convert("L") for t, png in shots.items()}


def blots(image: Image.Image) -> list[tuple[float, float, int]]:
    """The connected blots of ink (8-connected), left to right, each as its centre relative to the
    whole ink's box (0-1 across, 0-1 down) and its size in pixels; specks below 0.3 % of the ink
    (antialiasing dust) are left out."""
    w, h = image.size
    px = image.load()
    ink = {(x, y) for y in range(h) for x in range(w) if px[x, y] < INK}
    if not ink:
        return []
    xs, ys = [x for x, _y in ink], [y for _x, y in ink]
    left, top, width, height = min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    seen: set[tuple[int, int]] = set()
    found = []
    for start in ink:
        if start in seen:
            continue
        stack, members = [start], []
        seen.add(start)
        while stack:
            x, y = stack.pop()
            members.append((x, y))
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    n = (x + dx, y + dy)
                    if n in ink and n not in seen:
                        seen.add(n)
                        stack.append(n)
        cx = sum(x for x, _y in members) / len(members)
        cy = sum(y for _x, y in members) / len(members)
        found.append(((cx - left) / width, (cy - top) / height, len(members)))
    dust = 0.003 * len(ink)
    return sorted((b for b in found if b[2] >= dust), key=lambda b: b[0])


def assert_same_glyphs(text: str, printed: Image.Image, reference: Image.Image) -> None:
    got, want = blots(printed), blots(reference)
    assert len(got) == len(want), f"{text}: {len(got)} blots of ink in the PDF, {len(want)} in Chromium"
    unmatched = list(got)
    for wx, wy, _wn in want:  # each of Chromium's glyphs has one in the PDF at the same place
        gx, gy, gn = min(unmatched, key=lambda b: (b[0] - wx) ** 2 + (b[1] - wy) ** 2)
        assert abs(gx - wx) < 0.06 and abs(gy - wy) < 0.1, \
            f"{text}: the glyph at ({wx:.2f}, {wy:.2f}) is at ({gx:.2f}, {gy:.2f}) in the PDF"
        unmatched.remove((gx, gy, gn))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return reports.render_pdf(snapshot())


@pytest.fixture(scope="module")
def reference() -> dict[str, Image.Image]:
    return chromium_labels(LABELS)


@pytest.mark.parametrize("text", LABELS)
def test_it_prints_the_chart_labels_with_their_thai_marks_where_chromium_puts_them(pdf, reference, text):
    assert_same_glyphs(text, pdf_label(pdf, text), reference[text])


def test_the_comparison_sees_a_lost_tone_mark(reference):
    """The check itself: "ปาโมก" (what the old charts printed) is not "ป่าโมก"."""
    wrong = chromium_labels(["ปาโมก"])["ปาโมก"]
    with pytest.raises(AssertionError, match="5 blots of ink in the PDF, 6 in Chromium"):
        assert_same_glyphs("ป่าโมก", wrong, reference["ป่าโมก"])


def test_it_prints_long_labels_whole(pdf):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    lines = " ".join(text.decode().split())
    assert "นวัตวิถี" in lines and "นวัตวิถ " not in lines  # the project chart's label, not cut at 28 letters
    assert "เป้าหมาย 3.00%" in lines and "เป้าหมาย 5.00%" in lines  # the target line and the row's own target
