"""
Views in matplotlib subplots
============================

The matplotlib renderer paints any view into an Axes of your own figure
(``ax=``), so journeykit's charts sit beside your other plots in one figure.
"""

from pathlib import Path

import matplotlib.pyplot as plt

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
journey = jk.load(EXAMPLES / "coffee-maker.json")

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
jk.render(journey, view="emotion", renderer="matplotlib", ax=left)
jk.render(jk.hotspots(journey, top=4), renderer="matplotlib", ax=right)
