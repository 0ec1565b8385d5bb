"""
The journey map on a slide
==========================

``page="slide"`` lays the map out for a 16:9 slide (1920 × 1080, body text
18 px): the first page is an overview — title, objective, the emotion curve
with its peak, lowest point and sharpest drop named, and the top pain
hotspots — and the pages after it hold the stages, a few at a time.
"""

from pathlib import Path

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
journey = jk.load(EXAMPLES / "coffee-maker.json")

# %%
# ``jk.render`` returns one SVG document a page.
slides = jk.render(journey, page="slide", id_prefix="slide-")
print(f"{len(slides)} slides")
overview = slides[0]

# %%
# The second page carries the first stages, card by card.
first_stages = slides[1]

# %%
# ``jk.save(journey, "deck.pdf", page="slide")`` writes every slide into one PDF;
# ``"deck.svg"`` writes ``deck-1.svg``, ``deck-2.svg``… one file a slide.
