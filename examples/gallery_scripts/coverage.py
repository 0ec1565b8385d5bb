"""
Channel coverage
================

``jk.coverage`` counts touchpoints in a channel × stage grid and names the
gaps: a stage served only online, a channel used in one stage alone. Maps
drawn from assumptions are often online-only; this grid shows it at a glance.
"""

from pathlib import Path

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
journey = jk.load(EXAMPLES / "hospital-visit.yaml")

grid = jk.coverage(journey)
for gap in grid.gaps:
    print(gap)

# %%
coverage_grid = jk.render(grid, id_prefix="coverage-")
