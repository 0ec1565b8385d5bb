"""
Emotion curves per persona
==========================

The emotion view draws the journey's emotion, touchpoint by touchpoint, with
one line per persona when touchpoints carry ``emotions`` for each, and names
the moments of truth: the peak, the lowest point and the sharpest drop.
"""

from pathlib import Path

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
journey = jk.load(EXAMPLES / "hospital-visit.yaml")
print([persona.name for persona in journey.personas])

# %%
# The curve is an analysis result before it is a picture.
curve = jk.emotion_curve(journey)
for moment in curve.moments:
    print(moment)

# %%
# ``jk.render`` draws a result as its own view.
emotion = jk.render(curve, id_prefix="emotion-")

# %%
# ``persona=`` draws the curve of one persona alone.
carer = jk.render(journey, view="emotion", persona=journey.personas[1].id, id_prefix="carer-")
