"""
From a Mermaid journey diagram
==============================

Teams that sketch journeys as Mermaid ``journey`` diagrams keep them:
``jk.from_mermaid`` reads one exactly as Mermaid does — sections become
stages, tasks touchpoints, actors personas and the 1–5 scores emotions — and
every view of journeykit draws it.
"""

import journeykit as jk

diagram = """
journey
    title Renewing a passport
    section Prepare
      Reads the requirements online: 3: Applicant
      Takes a photo booth picture: 2: Applicant
    section Apply
      Fills in the form: 2: Applicant
      Pays the fee: 4: Applicant
    section Receive
      Waits for the letter: 1: Applicant
      Collects the passport: 5: Applicant
"""

journey = jk.from_mermaid(diagram)
print([stage.name for stage in journey.stages])

# %%
mermaid_map = jk.render(journey, id_prefix="mermaid-")

# %%
# And back: ``jk.to_mermaid`` writes a diagram Mermaid draws.
print(jk.to_mermaid(journey))
