"""The example notebook runs: map, hotspots, an emotion curve beside a chart, saved files.

``examples/coffee-maker.ipynb`` is committed without outputs. The test
executes it with nbclient in a Jupyter kernel from the ``examples/`` folder
(the notebook reads ``coffee-maker.json`` beside it), writes the executed
copy to a temporary folder, and checks that no cell failed and that the
outputs hold the SVG map (shown inline by the journey itself) and PNG images
(the matplotlib figure with the user's Axes, and the saved map).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

# Slow (a real browser, a notebook kernel): .ci/run runs these; the README's command does not.
pytestmark = pytest.mark.soak

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK = EXAMPLES / "coffee-maker.ipynb"


def test_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source[:60]
            assert cell.execution_count is None, cell.source[:60]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client / jupyter_core paths
@pytest.mark.filterwarnings("ignore::ResourceWarning")  # zmq sockets closed at kernel shutdown
def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel picks the inline backend
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, tmp_path / NOTEBOOK.name)  # the executed copy, to look at
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    errors = [out for out in outputs if out.output_type == "error"]
    assert not errors, "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    kinds = [kind for out in outputs for kind in out.get("data", {})]
    assert "image/svg+xml" in kinds  # the map and the hotspot view, inline
    assert kinds.count("image/png") >= 2  # the figure with the user's Axes, the saved map
    assert "text/html" in kinds  # the hotspot table
    printed = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    for name in ("coffee-maker-map.png", "coffee-maker-map.pdf", "emotion-and-conversion.png"):
        assert name in printed
    pngs = [
        base64.b64decode(out["data"]["image/png"])
        for out in outputs
        if "image/png" in out.get("data", {})
    ]
    for number, data in enumerate(pngs):
        assert data.startswith(b"\x89PNG")
        (tmp_path / f"output-{number}.png").write_bytes(data)
