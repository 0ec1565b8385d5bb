"""
Pain hotspots
=============

``jk.hotspots`` ranks touchpoints by pain: the severity of their pain points,
how many customers reach them, how negative they feel and whether anything
is planned about it. The view splits each bar into what its score is made of.
"""

from pathlib import Path

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
journey = jk.load(EXAMPLES / "coffee-maker.json")

ranked = jk.hotspots(journey, top=5)
for hotspot in ranked:
    print(f"{hotspot.rank}. {hotspot.name}: {hotspot.score:.3f}")

# %%
hotspot_chart = jk.render(ranked, id_prefix="hotspots-")
