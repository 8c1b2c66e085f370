"""One generator of demo pictures: the demo data ships no real photographs, so every app's
demo loader draws a simple, clearly artificial picture with this helper."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

STYLES = ("stripes", "circles", "landscape")


def placeholder_image(name: str, colour: tuple[int, int, int], *, style: str = "stripes",
                      size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    """A JPEG named `<name>.jpg` in `colour`, drawn in one of STYLES (so galleries differ)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; one of {STYLES}")
    width, height = size
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    light = tuple(min(255, c + 40) for c in colour)
    dark = tuple(max(0, c - 55) for c in colour)
    if style == "stripes":
        for x in range(0, width, 40):
            draw.line([(x, 0), (x + height // 3, height)], fill=light, width=8)
    elif style == "circles":
        for x in range(0, width, width // 10 or 1):
            draw.ellipse([x, height // 3, x + width // 7, height // 3 + width // 7], outline=light, width=6)
        draw.rectangle([width // 20, height * 3 // 4, width * 19 // 20, height * 14 // 15], fill=dark)
    else:
        draw.rectangle([0, height * 2 // 3, width, height], fill=dark)
        draw.ellipse([width * 3 // 4, height // 9, width * 7 // 8, height * 3 // 10], fill=(250, 220, 120))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{name}.jpg", buf.getvalue(), content_type="image/jpeg")
