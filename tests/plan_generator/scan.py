"""Turn a rendered PDF into an image-only "scanned" PDF: 150-200 dpi greyscale, slight skew, noise, blur."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter

DPI = 150


def scan(source: Path, target: Path, rng: random.Random, *, quality: int = 45, dpi: int = DPI) -> dict:
    """Write an image-only PDF of ``source`` at ``dpi``; returns what was done (for the gold notes)."""
    angle = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
    pages = []
    pdf = pypdfium2.PdfDocument(str(source))
    for index in range(len(pdf)):
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        # scanner: slightly rotated paper, a little off-centre, soft focus, sensor noise, uneven toner
        image = image.rotate(angle + rng.uniform(-0.15, 0.15), resample=Image.BICUBIC, expand=False, fillcolor=250,
                             translate=(rng.randint(-12, 12), rng.randint(-8, 8)))
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.8)))
        noise = Image.effect_noise(image.size, rng.uniform(14, 22)).filter(ImageFilter.GaussianBlur(0.4))
        image = Image.blend(image, noise, 0.09)
        image = image.point(lambda v: min(255, int(v * 1.04 + 6)))  # greyish paper, lighter ink
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    pdf.close()
    pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=quality)
    return {"angle": round(angle, 2), "pages": len(pages)}
