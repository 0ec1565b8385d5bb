"""Shared test configuration.

Hypothesis profiles, chosen with the ``HYPOTHESIS_PROFILE`` environment
variable: ``dev`` (the default, 20 examples a property: the README's test
command stays under three minutes on two cores), ``ci`` (150 examples:
``.ci/run`` runs every property test again with it) and ``quick`` (10
examples, for a fast look). Property tests take their number of examples
from the profile, or a share of it, never a fixed number.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# How fast examples are made depends on the load of the shared two-core
# machines, not on the code: the too-slow health check is no verdict there.
_COMMON = {"deadline": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=20, **_COMMON)
settings.register_profile("ci", max_examples=150, **_COMMON)
settings.register_profile("quick", max_examples=10, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def a_share(fraction: float) -> settings:
    """Settings running ``fraction`` of the profile's examples (at least 5), for slow properties.

    ``.ci/run`` runs every property again with the ``ci`` profile, so a slow
    property still gets many examples there.
    """
    return settings(max_examples=max(5, int(settings.default.max_examples * fraction)))


def install_distribution(
    site: Path, dist: str, modules: dict[str, str], group: str, entry_points: dict[str, str]
) -> None:
    """Lay out an installed distribution under ``site``, as pip would.

    Its ``modules`` (name → source) and its ``entry_points`` (name → target)
    in ``group``: what importlib.metadata finds once ``site`` is on sys.path.
    """
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{group}]\n{lines}", encoding="utf-8")
    (info / "RECORD").write_text("", encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _plain_text_commands() -> Iterator[None]:
    """No FORCE_COLOR from the environment: the command's output stays plain unless a test asks."""
    forced = os.environ.pop("FORCE_COLOR", None)
    yield
    if forced is not None:
        os.environ["FORCE_COLOR"] = forced
