"""
What changed between two versions
=================================

Journeys are data, so two versions of one can be compared: ``jk.diff`` lists
what was added, removed and changed, how emotions and metrics moved, and
which findings of the rules were fixed or are new. The rules that look at
dates take ``today=``, so the picture does not change with the day it is drawn.
"""

from datetime import date
from pathlib import Path

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
before = jk.load(EXAMPLES / "coffee-maker.json")

# %%
# The next version: comparing models got easier, the checkout harder, and the
# care email went.
after = (
    before.replace_touchpoint("compare", emotion=0.2)
    .replace_touchpoint("checkout", emotion=-0.6)
    .remove_touchpoint("care-email")
)

changes = jk.diff(before, after, findings=True, today=date(2026, 11, 1))
for change in changes.changes:
    print(change)

# %%
diff_view = jk.render(changes, id_prefix="diff-")
