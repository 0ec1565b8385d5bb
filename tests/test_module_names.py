"""No function hides the module it lives in: every submodule is reachable by import."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import journeykit

MODULES = sorted(m.name for m in pkgutil.walk_packages(journeykit.__path__, "journeykit."))


@pytest.mark.parametrize("name", MODULES)
def test_submodule_is_its_parents_attribute(name: str) -> None:
    module = importlib.import_module(name)
    parent, _, leaf = name.rpartition(".")
    assert getattr(importlib.import_module(parent), leaf) is module


def test_every_analysis_module_is_walked() -> None:
    assert "journeykit.analysis.checking.builtin_rules" in MODULES
    module = importlib.import_module("journeykit.analysis.hotspot_scores")
    assert isinstance(module, types.ModuleType)
