"""Regenerate the matplotlib renderer's baseline images: python tools/make_mpl_baselines.py

Lays out every view × theme of the coffee-maker example with the current
layout, stores each Scene as ``tests/baseline/mpl/<view>-<theme>.scene.json.gz``
and paints it, exactly as ``tests/test_mpl.py`` does, into
``<view>-<theme>.png`` (opaque RGB, losslessly compressed); and writes
``versions.json``: the matplotlib version (major.minor) and FreeType the
images were made with. The test paints the stored scenes, so a change to a
view's layout does not invalidate the images; it compares them only with the
same matplotlib and FreeType (text rasterises differently with others).
After upgrading matplotlib, or to take in a new layout, run this, look at
the images, and commit them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_mpl import (  # noqa: E402
    BASELINE_DPI,
    BASELINES,
    baseline_png,
    cases,
    save_scene,
    scene_of,
    stack,
)


def main() -> None:
    BASELINES.mkdir(parents=True, exist_ok=True)
    for old in [*BASELINES.glob("*.png"), *BASELINES.glob("*.scene.json.gz")]:
        old.unlink()
    total = 0
    for view, theme in cases():
        stored = BASELINES / f"{view}-{theme}.scene.json.gz"
        save_scene(scene_of(view, theme=theme), stored)
        path = BASELINES / f"{view}-{theme}.png"
        baseline_png(view, theme, path)  # painted from the stored scene, as the test does
        with Image.open(path) as image:  # lossless: the same pixels, fewer bytes
            pixels = image.convert("RGB")
        pixels.save(path, optimize=True)
        size = path.stat().st_size + stored.stat().st_size
        total += size
        print(f"{path.relative_to(ROOT)}  {size / 1024:.0f} KiB")
    record = {**stack(), "dpi": str(BASELINE_DPI)}
    (BASELINES / "versions.json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    print(f"{len(cases())} images and scenes, {total / 2**20:.2f} MiB, made with {record}")


if __name__ == "__main__":
    main()
