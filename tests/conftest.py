"""Shared test configuration.

Hypothesis profiles, chosen with the ``HYPOTHESIS_PROFILE`` environment
variable: ``dev`` (the default, 100 examples), ``ci`` (500 examples) and
``quick`` (10 examples, for a fast look).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("ci", max_examples=500, deadline=None, print_blob=True)
settings.register_profile("quick", max_examples=10, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
