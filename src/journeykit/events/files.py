"""Event files, read lazily: CSV, TSV, Parquet and JSON Lines, compressed or not.

:func:`read` opens a file of events as a lazy frame on polars or DuckDB, so
that the counting of :func:`~journeykit.events.discover`,
:func:`~journeykit.events.aggregate`, :func:`~journeykit.events.refresh` and
:func:`~journeykit.events.compare` runs on that engine, file to counts,
without the events ever coming into Python. The format comes from the name:

- ``.csv``: comma-separated, with a header row;
- ``.tsv``: tab-separated, with a header row;
- ``.jsonl``, ``.ndjson``: JSON Lines, one object a line;
- ``.parquet``, ``.pq``: Parquet;

each of them optionally compressed: ``.gz`` (gzip), ``.zst`` (zstd) or
``.bz2`` (bzip2). Both engines read CSV, TSV and JSON Lines compressed with
gzip or zstd themselves, decompressing as they go.

Neither engine decompresses bzip2, and Parquet needs to seek in its file,
so a ``.bz2`` file and a compressed Parquet file are first decompressed, as
a stream, to a temporary file (in ``TMPDIR``) that is removed when Python
exits; a ``.parquet.zst`` file needs Python 3.14 for that (its
``compression.zstd``). Every other combination works on both engines.

Timestamps: name the ``timestamp`` column and it is read as text and parsed
the same way on both engines: ISO 8601 (``2026-03-01T10:05:00``, with a
space for the ``T``, with fractions of a second, or a date alone; with
``Z`` or an offset such as ``+01:00`` when the first timestamp has one, and
then converted to UTC), or with ``timestamp_format`` (a ``strftime``
format). Values that do not parse become null, which the counting reports as
unreadable timestamps (or drops, with ``on_invalid="drop"``). Without
``timestamp``, each engine's own detection of dates applies.
"""

from __future__ import annotations

import atexit
import bz2
import contextlib
import importlib
import importlib.util
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple

from journeykit import _checks as c
from journeykit._atomic import checked_path
from journeykit.errors import FormatError, JourneyError, MissingDependencyError
from journeykit.events._engine import EventsError, narwhals

__all__ = [
    "COMPRESSIONS",
    "ENGINES",
    "FORMATS",
    "default_engine",
    "errors_of",
    "file_kind",
    "is_aggregate",
    "read",
    "read_mapping",
]

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""Suffix → format of the event files :func:`read` reads."""

COMPRESSIONS: dict[str, str] = {".gz": "gzip", ".zst": "zstd", ".bz2": "bzip2"}
"""Suffix → compression."""

ENGINES = ("polars", "duckdb")
"""The engines that read event files, in the order :func:`default_engine` prefers them."""

AGGREGATE = "aggregate"
"""The kind :func:`file_kind` gives a ``.json`` or ``.json.gz`` file: saved counts."""

_NATIVE = {"gzip", "zstd"}  # compressions both engines read as they go (not for Parquet)
_SEPARATORS = {"csv": ",", "tsv": "\t"}
_CHUNK = 1 << 20

_TIME = r"[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
_NAIVE = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}({_TIME})?$"
_ZONED = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TIME} ?(Z|z|[+-][0-9]{{2}}(:?[0-9]{{2}})?)$"


# -- names and engines ---------------------------------------------------------


def file_kind(path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """The format and compression of an event file, from its name.

    Returns ``("aggregate", None)`` for ``.json`` and ``.json.gz``: counts
    saved by :meth:`~journeykit.events.Aggregate.save`.

    Raises
    ------
    EventsError
        The name ends in no known suffix; the message lists them.

    Examples
    --------
    >>> file_kind("events/2026-03-01.csv.gz")
    ('csv', 'gzip')
    >>> file_kind("counts.json.gz")
    ('aggregate', None)
    """
    name = Path(path).name.lower()
    compression = None
    for suffix, kind in COMPRESSIONS.items():
        if name.endswith(suffix):
            name, compression = name[: -len(suffix)], kind
            break
    if name.endswith(".json") and compression in (None, "gzip"):
        return AGGREGATE, None
    for suffix, kind in FORMATS.items():
        if name.endswith(suffix):
            return kind, compression
    raise EventsError(
        f"{path}: cannot tell the format of the events from the name; use "
        f"{', '.join(FORMATS)}, optionally compressed ({', '.join(COMPRESSIONS)}), "
        "or .json / .json.gz for saved counts"
    )


def is_aggregate(path: str | os.PathLike[str]) -> bool:
    """Whether the name says the file holds saved counts (``.json``, ``.json.gz``)."""
    name = Path(path).name.lower()
    return name.endswith((".json", ".json.gz"))


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def default_engine() -> str:
    """``"polars"`` when it is installed, else ``"duckdb"``.

    Raises
    ------
    MissingDependencyError
        Neither is installed.
    """
    for name in ENGINES:
        if _installed(name):
            return name
    raise MissingDependencyError("polars (or duckdb)", "polars")


def _engine(engine: str | None) -> str:
    if engine is None:
        return default_engine()
    if engine not in ENGINES:
        raise EventsError(
            f"engine: {c.show(engine)} is not one of {', '.join(map(repr, ENGINES))}"
            f"{c.suggest(str(engine), ENGINES)}"
        )
    if not _installed(engine):
        raise MissingDependencyError(engine, engine)
    return engine


# -- errors --------------------------------------------------------------------


@contextlib.contextmanager
def errors_of(name: str) -> Iterator[None]:
    """Put the file's name in front of the events errors raised inside.

    The engines read a lazy frame only when it is counted, so a bad row, a
    missing column or an unreadable timestamp comes up there, in
    :func:`~journeykit.events.aggregate` and the others; this says which
    file it was.
    """
    try:
        yield
    except EventsError as exc:
        text = str(exc)
        if text.startswith(f"{name}: "):
            raise
        raise EventsError(f"{name}: {text}") from None


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return c.show(lines[0], 300).strip("'\"") if lines else type(exc).__name__


@contextlib.contextmanager
def _reading(name: str, engine: str) -> Iterator[None]:
    try:
        yield
    except JourneyError:
        raise
    except Exception as exc:  # the engines raise their own kinds of error
        raise EventsError(
            f"{name}: {engine} cannot read the events: {type(exc).__name__}: {_first_line(exc)}"
        ) from None


# -- temporary copies ----------------------------------------------------------

_SPOOLED: list[str] = []


@atexit.register
def _remove_spooled() -> None:
    while _SPOOLED:
        with contextlib.suppress(OSError):
            os.unlink(_SPOOLED.pop())


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


class _Decompressor:
    """Decompress a stream of chunks, of one or several concatenated members."""

    def __init__(self, compression: str, name: str) -> None:
        self.compression = compression
        self.name = name
        self.inner = self._new()

    def _new(self) -> Any:
        if self.compression == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.compression == "bzip2":
            return bz2.BZ2Decompressor()
        try:  # Python 3.14
            zstd = importlib.import_module("compression.zstd")
        except ImportError:
            raise EventsError(
                f"{self.name}: decompressing zstd here needs Python 3.14; decompress the file "
                "first (zstd -d), or give CSV or JSON Lines as .zst, which the engines read"
            ) from None
        return zstd.ZstdDecompressor()

    def __call__(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        ended = True
        try:
            for chunk in chunks:
                while chunk:
                    yield self.inner.decompress(chunk)
                    ended = self.inner.eof
                    if not ended:
                        break
                    chunk = self.inner.unused_data
                    self.inner = self._new()
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            raise EventsError(f"{self.name}: broken {self.compression} data: {exc}") from None
        if not ended:
            raise EventsError(f"{self.name}: broken {self.compression} data: it ends too soon")


def _spool(chunks: Iterable[bytes], suffix: str, name: str) -> str:
    """Write ``chunks`` to a temporary file, removed when Python exits; its path."""
    fd, path = tempfile.mkstemp(prefix="journeykit-events-", suffix=suffix)
    _SPOOLED.append(path)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
    except OSError as exc:
        raise EventsError(
            f"{name}: cannot copy it to a temporary file in {tempfile.gettempdir()}: "
            f"{exc.strerror or exc}"
        ) from None
    return path


_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\x28\xb5\x2f\xfd": "zstd"}


def _from_stream(stream: IO[bytes], name: str) -> tuple[str, str]:
    """Copy a stream (standard input) to a temporary file; its path and format.

    Compression is told by the first bytes, the format by the first bytes
    once decompressed: ``PAR1`` is Parquet, ``{`` JSON Lines, a first line
    with tabs and no commas TSV, anything else CSV.
    """
    try:
        head = stream.read(_CHUNK)
    except OSError as exc:
        raise EventsError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if not head:
        raise EventsError(f"{name}: no events: the input is empty")

    def all_chunks() -> Iterator[bytes]:
        yield head
        yield from _chunks(stream)

    chunks: Iterable[bytes] = all_chunks()
    for magic, compression in _MAGIC.items():
        if head.startswith(magic):
            chunks = _Decompressor(compression, name)(chunks)
            break
    path = _spool(chunks, ".events", name)
    with open(path, "rb") as spooled:
        start = spooled.read(64 * 1024)
    if start.startswith(b"PAR1"):
        kind = "parquet"
    elif start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        kind = "jsonl"
    else:
        first = start.split(b"\n", 1)[0]
        kind = "tsv" if b"\t" in first and b"," not in first else "csv"
    return path, kind


# -- reading -------------------------------------------------------------------


def read(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    engine: str | None = None,
    timestamp: str | None = None,
    timestamp_format: str | None = None,
    text: Iterable[str] = (),
    numbers: Iterable[str] = (),
) -> Any:
    """A file of events as a lazy frame, to count on its engine.

    Parameters
    ----------
    source : str, path or binary file
        The file; its name gives the format (see :mod:`journeykit.events.files`).
        An open binary file (standard input) is copied to a temporary file
        first; its format and compression are told by its first bytes.
    engine : {"polars", "duckdb"}, optional
        What reads and counts the events: a polars ``LazyFrame`` or a DuckDB
        relation. By default polars when it is installed, else DuckDB.
    timestamp : str, optional
        The column of times, read as text and parsed as ISO 8601 (or with
        ``timestamp_format``) the same way on both engines.
    timestamp_format : str, optional
        A ``strftime`` format for the times (``%z`` reads an offset; the
        times are then in UTC).
    text : iterable of str
        Columns to read as text (ids, names) from CSV and JSON Lines, rather
        than by the type their first rows suggest, so that an id that looks
        like a number at the top and like a word further down reads well.
    numbers : iterable of str
        Columns to read as floating-point numbers from CSV and JSON Lines.

    Returns
    -------
    narwhals.LazyFrame
        Nothing is read yet but the names and types of the columns;
        ``.to_native()`` gives the polars or DuckDB frame.

    Raises
    ------
    EventsError
        An unknown suffix or engine, a file the engine cannot read.
    FormatError
        The file does not exist or cannot be opened.
    MissingDependencyError
        No engine is installed, or not the one asked for.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import journeykit as jk
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "events.csv")
    ...     _ = path.write_text("customer,time,page\\n"
    ...                         "a,2026-03-01T10:00:00,Home\\n"
    ...                         "a,2026-03-01 10:05:00,Pay\\n")
    ...     events = jk.events.read(path, timestamp="time", text=["customer"])
    ...     j = jk.events.discover(events, case="customer", timestamp="time",
    ...                            touchpoint="page")
    >>> [(f.source, f.target, f.count, f.duration.mean) for f in j.flows]
    [('home', 'pay', 1, 300.0)]
    """
    c.require_source(source, "source", "read")
    chosen = _engine(engine)
    name, path, kind = _open(source)
    wanted = _Wanted(timestamp, timestamp_format, tuple(text), tuple(numbers))
    with _reading(name, chosen):
        native = (_polars if chosen == "polars" else _duckdb)(path, kind, wanted)
        return narwhals().from_native(native)


def _open(source: str | os.PathLike[str] | IO[bytes]) -> tuple[str, str, str]:
    """The name to show, a path an engine can read, and its format."""
    if not isinstance(source, str | os.PathLike):
        shown = getattr(source, "name", None)
        name = shown if isinstance(shown, str) else "<stream>"
        path, kind = _from_stream(source, name)
        return name, path, kind
    name = os.fspath(checked_path(source, "source"))
    kind, compression = file_kind(name)
    if kind == AGGREGATE:
        raise EventsError(
            f"{name}: holds saved counts, not events; read it with jk.events.load_aggregate"
        )
    try:
        with open(name, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise FormatError(f"cannot read the events: {exc.strerror or exc}", source=name) from None
    if compression is None or (compression in _NATIVE and kind != "parquet"):
        return name, name, kind

    def decompressed() -> Iterator[bytes]:
        with open(name, "rb") as handle:
            yield from _Decompressor(compression, name)(_chunks(handle))

    return name, _spool(decompressed(), f".{kind}", name), kind


class _Wanted(NamedTuple):
    """How the columns should come out of the file."""

    timestamp: str | None
    timestamp_format: str | None
    text: tuple[str, ...]
    numbers: tuple[str, ...]

    def types(self, text: Any, number: Any) -> dict[str, Any]:
        """Column → the type to read it as, for CSV and JSON Lines."""
        out: dict[str, Any] = dict.fromkeys(self.text, text)
        out.update(dict.fromkeys(self.numbers, number))
        if self.timestamp is not None:
            out[self.timestamp] = text
        return out


def _polars(path: str, kind: str, wanted: _Wanted) -> Any:
    # Reading is the engine's own business: narwhals has no JSON Lines scan, no
    # per-column types on read and no lenient timestamp parsing (an unreadable
    # time must become null, to be counted as an invalid row).
    import polars as pl

    timestamp, timestamp_format = wanted.timestamp, wanted.timestamp_format

    def overrides(names: list[str]) -> dict[str, Any]:
        types = wanted.types(pl.String, pl.Float64)
        return {col: dtype for col, dtype in types.items() if col in names}

    if kind == "parquet":
        frame = pl.scan_parquet(path)
    elif kind == "jsonl":
        names = pl.scan_ndjson(path, infer_schema_length=10_000).collect_schema().names()
        frame = pl.scan_ndjson(path, infer_schema_length=10_000, schema_overrides=overrides(names))
    else:
        sep = _SEPARATORS[kind]
        names = pl.scan_csv(path, separator=sep, infer_schema=False).collect_schema().names()
        frame = pl.scan_csv(
            path,
            separator=sep,
            try_parse_dates=True,
            infer_schema_length=10_000,
            schema_overrides=overrides(names),
        )
    schema = frame.collect_schema()
    if timestamp is None or schema.get(timestamp) != pl.String:
        return frame
    column = pl.col(timestamp).str.strip_chars()
    if timestamp_format is not None:
        parsed = column.str.to_datetime(format=timestamp_format, strict=False, time_unit="us")
    else:
        first = frame.select(column).drop_nulls().head(1).collect()
        zoned = first.height > 0 and re.match(_ZONED, first.item() or "") is not None
        pattern = _ZONED if zoned else _NAIVE
        iso = pl.when(column.str.contains(pattern)).then(column)
        parsed = iso.str.to_datetime(
            strict=False, time_unit="us", time_zone="UTC" if zoned else None
        )
    return frame.with_columns(parsed.alias(timestamp))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_name(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _duckdb(path: str, kind: str, wanted: _Wanted) -> Any:
    import duckdb

    timestamp = wanted.timestamp

    con = duckdb.connect()
    # Its own progress bar would print on standard output, where a journey may go.
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'UTC'")
    if kind == "parquet":
        relation = con.sql(f"SELECT * FROM read_parquet({_sql_text(path)})")
    elif kind == "jsonl":
        relation = con.sql(
            f"SELECT * FROM read_json({_sql_text(path)}, format = 'newline_delimited')"
        )
    else:
        source = (
            f"read_csv({_sql_text(path)}, delim = {_sql_text(_SEPARATORS[kind])}, header = true"
        )
        relation = con.sql(f"SELECT * FROM {source})")
        types = {
            col: t
            for col, t in wanted.types("VARCHAR", "DOUBLE").items()
            if col in relation.columns
        }
        if types:
            spec = ", ".join(f"{_sql_text(col)}: {_sql_text(t)}" for col, t in types.items())
            relation = con.sql(f"SELECT * FROM {source}, types = {{{spec}}})")
    kinds = {col: str(t) for col, t in zip(relation.columns, relation.types, strict=True)}
    replace = []
    for col in wanted.text:
        if kinds.get(col) == "JSON":
            replace.append(f"({_sql_name(col)} ->> '$') AS {_sql_name(col)}")
        elif col in kinds and kinds[col] != "VARCHAR":
            replace.append(f"CAST({_sql_name(col)} AS VARCHAR) AS {_sql_name(col)}")
    for col in wanted.numbers:
        if col in kinds and kinds[col] != "DOUBLE":
            replace.append(f"CAST({_sql_name(col)} AS DOUBLE) AS {_sql_name(col)}")
    if timestamp is not None and kinds.get(timestamp) in ("VARCHAR", "JSON"):
        parsed = _duckdb_time(relation, timestamp, wanted.timestamp_format)
        replace.append(f"{parsed} AS {_sql_name(timestamp)}")
    if replace:
        relation = relation.project(f"* REPLACE ({', '.join(replace)})")
    return relation


def _duckdb_time(relation: Any, column: str, timestamp_format: str | None) -> str:
    value = f"trim(CAST({_sql_name(column)} AS VARCHAR))"
    if timestamp_format is not None:
        return f"try_strptime({value}, {_sql_text(timestamp_format)})"
    first = (
        relation.project(f"{value} AS t").filter("t IS NOT NULL AND t <> ''").limit(1).fetchall()
    )
    zoned = bool(first) and re.match(_ZONED, str(first[0][0])) is not None
    pattern, kind = (_ZONED, "TIMESTAMPTZ") if zoned else (_NAIVE, "TIMESTAMP")
    matches = f"regexp_matches({value}, {_sql_text(pattern)})"
    return f"CASE WHEN {matches} THEN TRY_CAST({value} AS {kind}) END"


# -- option files --------------------------------------------------------------


def read_mapping(path: str | os.PathLike[str]) -> dict[str, str]:
    """A mapping of names from a JSON or YAML file, such as touchpoint → stage.

    The file holds an object of names to names (``{"Home": "Awareness"}``),
    or of names to lists of names, read the other way round
    (``{"Awareness": ["Home", "Search"]}`` is ``Home`` → ``Awareness`` and
    ``Search`` → ``Awareness``); either way in the order the file has them.

    Raises
    ------
    FormatError
        The file cannot be read, is not JSON or YAML, or holds anything else.
    """
    from journeykit.formats._text import decode, parse

    name = os.fspath(checked_path(path))
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise FormatError("a mapping file must be .json, .yaml or .yml", source=name)
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", source=name) from None
    data = parse(decode(raw, name), "json" if suffix == ".json" else "yaml", name)
    if not isinstance(data, Mapping) or not data:
        raise FormatError(f"expected a non-empty mapping, got {c.show(data)}", source=name)
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, str) and isinstance(key, str):
            pairs = [(key, value)]
        elif isinstance(value, list) and isinstance(key, str):
            pairs = [(item, key) for item in value]
        else:
            pairs = [(key, value)]
        for left, right in pairs:
            if not isinstance(left, str) or not isinstance(right, str) or not right.strip():
                raise FormatError(
                    f"expected names mapped to names (or to lists of names), got "
                    f"{c.show(key)}: {c.show(value)}",
                    source=name,
                )
            if left in out and out[left] != right:
                raise FormatError(
                    f"{c.show(left)} is mapped to both {c.show(out[left])} and {c.show(right)}",
                    source=name,
                )
            out[left] = right
    return out
