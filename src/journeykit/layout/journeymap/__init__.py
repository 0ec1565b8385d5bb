"""The parts of the journey map view (:mod:`journeykit.layout.views.map`).

- :mod:`.grid`: columns of touchpoints under their stages; rows laid out once,
  at their own top, and placed by moving their group;
- :mod:`.cells`: what each row holds in a column (touchpoint cards, actions,
  pain points, metrics…);
- :mod:`.hero`: the emotion curve, the map's hero row.
"""
