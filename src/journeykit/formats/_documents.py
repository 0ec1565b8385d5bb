"""JSON and YAML: the file format's tree of plain data, as text."""

from __future__ import annotations

import attrs

from journeykit.errors import ValidationError
from journeykit.formats._convert import from_dict, to_dict
from journeykit.formats._positions import Source, located, mark
from journeykit.formats._scanning import JsonSource, YamlSource
from journeykit.formats._text import dump_json, dump_yaml, parse, without_bom
from journeykit.model import Journey


@attrs.frozen
class TreeFormat:
    """A format that holds the journey's plain-data tree (see docs/format.md)."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str

    def read(self, text: str, source: str | None = None) -> Journey:
        data = parse(text, self.name, source)
        positions: Source = (JsonSource if self.name == "json" else YamlSource)(without_bom(text))
        try:
            return mark(from_dict(data), positions)
        except ValidationError as exc:
            raise ValidationError(located(exc.problems, positions), source=source) from None

    def write(self, journey: Journey) -> str:
        data = to_dict(journey)
        return dump_json(data) if self.name == "json" else dump_yaml(data)


JSON = TreeFormat("json", (".json",), "application/json")
YAML = TreeFormat("yaml", (".yaml", ".yml"), "application/yaml")
