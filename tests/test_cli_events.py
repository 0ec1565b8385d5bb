"""``journeykit discover``, ``refresh`` and ``conform``, run on files of every kind.

Each command is run in-process through :func:`journeykit.cli.main` (one run
through the installed program) on files written to ``tmp_path`` in every
format and compression, and its output compared with the API called on the
same events held in a pandas frame.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import journeykit as jk
from journeykit.cli import _events, main
from journeykit.events import files

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = {"case": "customer", "timestamp": "time", "touchpoint": "page"}
OPTIONS = ["--case", "customer", "--timestamp", "time", "--touchpoint", "page"]

# Customers a–h over two days; "b" runs across midnight; no two events of a
# customer share a time, so every engine orders them alike. "10" and "x7"
# look like a number and a word: read as text, they stay two customers.
EVENTS = [
    ("a", "2026-03-01T09:00:00", "Home", "Web", 4.0),
    ("a", "2026-03-01T09:04:00", "Product", "Web", None),
    ("a", "2026-03-01T09:10:30", "Cart", "Web", None),
    ("a", "2026-03-01T09:12:00", "Pay", "Web", 5.0),
    ("b", "2026-03-01T23:50:00", "Home", "App", 3.0),
    ("b", "2026-03-01T23:58:00", "Product", "App", None),
    ("b", "2026-03-02T00:03:00", "Cart", "App", 2.0),
    ("c", "2026-03-01T12:00:00", "Home", "Web", None),
    ("c", "2026-03-01T12:01:00", "Support", "Phone", 1.0),
    ("10", "2026-03-01T15:00:00", "Home", "Web", None),
    ("10", "2026-03-01T15:20:00", "Product", "Web", 4.0),
    ("10", "2026-03-01T15:25:00", "Pay", "Web", None),
    ("x7", "2026-03-02T08:00:00", "Product", "App", None),
    ("x7", "2026-03-02T08:30:00", "Cart", "App", None),
    ("x7", "2026-03-02T08:31:00", "Pay", "App", 5.0),
    ("e", "2026-03-02T10:00:00", "Home", "Web", None),
    ("e", "2026-03-02T10:02:00", "Support", "Phone", 2.0),
    ("e", "2026-03-02T10:30:00", "Product", "Web", None),
    ("a", "2026-03-02T18:00:00", "Home", "Web", None),
    ("a", "2026-03-02T18:05:00", "Pay", "Web", 4.0),
]

DESIGN = {
    "journeykit": 1,
    "title": "Shop",
    "channels": [{"id": "web", "name": "Web", "kind": "online"}],
    "stages": [
        {
            "id": "look",
            "name": "Look",
            "touchpoints": [
                {"id": "home", "name": "Home", "channel": "web", "reach": 1000},
                {"id": "product", "name": "Product", "channel": "web", "emotion": -0.9},
            ],
        },
        {
            "id": "buy",
            "name": "Buy",
            "touchpoints": [
                {"id": "cart", "name": "Cart", "channel": "web"},
                {"id": "pay", "name": "Pay", "channel": "web"},
                {"id": "gift-wrap", "name": "Gift wrap", "channel": "web"},
            ],
        },
    ],
}


def frame(rows: list[tuple[object, ...]] = EVENTS) -> pd.DataFrame:
    """The events as text, as a file holds them."""
    return pd.DataFrame(rows, columns=["customer", "time", "page", "channel", "score"])


def parsed(rows: list[tuple[object, ...]] = EVENTS) -> pd.DataFrame:
    """The events with real timestamps, for the API."""
    table = frame(rows)
    return table.assign(time=pd.to_datetime(table["time"], format="ISO8601"))


def run(*args: object, stdin: io.TextIOBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err, stdin=stdin)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def stdin(data: bytes) -> io.TextIOWrapper:
    """Standard input holding ``data``, named as ``sys.stdin`` is."""
    raw = io.BytesIO(data)
    raw.name = "<stdin>"  # type: ignore[attr-defined]
    return io.TextIOWrapper(raw)


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- writing files ----------------------------------------------------------------

ZSTD = shutil.which("zstd")


def write_events(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` to ``path`` in the format and compression its name says."""
    name = path.name
    compression = next((s for s in (".gz", ".zst", ".bz2") if name.endswith(s)), "")
    plain = path.with_name(name[: len(name) - len(compression)])
    data = pl.from_pandas(table)
    if plain.suffix in (".csv", ".tsv"):
        data.write_csv(plain, separator="\t" if plain.suffix == ".tsv" else ",")
    elif plain.suffix in (".jsonl", ".ndjson"):
        data.write_ndjson(plain)
    else:
        data.write_parquet(plain)
    if not compression:
        return path
    raw = plain.read_bytes()
    plain.unlink()
    if compression == ".gz":
        path.write_bytes(gzip.compress(raw))
    elif compression == ".bz2":
        path.write_bytes(bz2.compress(raw))
    else:
        assert ZSTD is not None
        subprocess.run([ZSTD, "-q", "-o", str(path)], input=raw, check=True)
    return path


def _kinds() -> list[object]:
    out: list[object] = []
    for base in ("csv", "tsv", "jsonl", "ndjson", "parquet", "pq"):
        for compression in ("", ".gz", ".zst", ".bz2"):
            if base in ("ndjson", "pq") and compression:
                continue
            marks = []
            if compression == ".zst" and ZSTD is None:
                marks.append(pytest.mark.skip(reason="needs the zstd program"))
            out.append(pytest.param(f"events.{base}{compression}", marks=marks))
    return out


@pytest.fixture
def design(tmp_path: Path) -> Path:
    path = tmp_path / "design.json"
    path.write_text(json.dumps(DESIGN), "utf-8")
    return path


@pytest.fixture
def csv(tmp_path: Path) -> Path:
    return write_events(frame(), tmp_path / "events.csv.gz")


# -- reading files ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
@pytest.mark.parametrize("name", _kinds())
def test_discover_reads_every_format_and_compression(
    tmp_path: Path, name: str, engine: str
) -> None:
    path = write_events(frame(), tmp_path / name)
    out = tmp_path / "journey.json"
    options = ["--channel", "channel", "--sentiment", "score", "--scale", "csat"]
    code, stdout, err = run("discover", path, *OPTIONS, *options, "--engine", engine, "-o", out)
    if name.endswith(".parquet.zst"):  # Parquet must be decompressed first; no zstd module here
        assert code == 2
        assert "zstd" in one_line(err)
        return
    assert (code, stdout) == (0, ""), err
    want = jk.events.discover(
        parsed(), **COLUMNS, channel="channel", sentiment="score", scale="csat"
    )
    assert jk.load(out) == want
    assert one_line(err).startswith(f"{out}: 5 touchpoints in 1 stage, ")
    assert "20 events of 6 customers, 2026-03-01 to 2026-03-02" in err


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_read_gives_a_lazy_frame_on_the_engine(csv: Path, engine: str) -> None:
    events = jk.events.read(csv, engine=engine, timestamp="time", text=["customer"])
    native = events.to_native()
    assert (
        type(native).__module__.split(".")[0]
        in {"polars": ("polars",), "duckdb": ("duckdb", "_duckdb")}[engine]
    )
    assert events.implementation.name.lower() == engine
    journey = jk.events.discover(events, **COLUMNS)
    assert journey == jk.events.discover(parsed(), **COLUMNS)


def test_the_parser_names_the_engines_of_the_reader() -> None:
    assert _events.ENGINES == files.ENGINES


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_offsets_make_timestamps_utc_on_both_engines(tmp_path: Path, engine: str) -> None:
    rows = [
        ("a", "2026-03-01T10:00:00Z", "Home", "Web", None),
        ("a", "2026-03-01T10:30:00+01:00", "Cart", "Web", None),  # 09:30 UTC: before Home
        ("a", "2026-03-01 10:45:00.5+0000", "Pay", "Web", None),
    ]
    path = write_events(frame(rows), tmp_path / "events.csv")
    code, out, err = run("discover", path, *OPTIONS, "--engine", engine, "-q", "-o", "-")
    assert (code, err) == (0, "")
    journey = jk.loads(out)
    assert [(f.source, f.target) for f in journey.flows] == [("cart", "home"), ("home", "pay")]
    assert journey.flows[1].duration is not None
    assert journey.flows[1].duration.mean == 2700.5


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_timestamp_format(tmp_path: Path, engine: str) -> None:
    rows = [(c, f"{t[8:10]}/{t[5:7]}/{t[:4]} {t[11:16]}", p, ch, s) for c, t, p, ch, s in EVENTS]
    path = write_events(frame(rows), tmp_path / "events.tsv.bz2")
    code, out, err = run(
        "discover", path, *OPTIONS, "--timestamp-format", "%d/%m/%Y %H:%M",
        "--engine", engine, "-o", "-",
    )  # fmt: skip
    assert code == 0, err
    want = jk.events.discover(parsed(), **COLUMNS)
    got = jk.loads(out)
    assert [tp.reach for tp in got.touchpoints] == [tp.reach for tp in want.touchpoints]
    assert [(f.source, f.target, f.count) for f in got.flows] == [
        (f.source, f.target, f.count) for f in want.flows
    ]


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_unreadable_timestamps_are_counted_or_dropped(tmp_path: Path, engine: str) -> None:
    rows = [*EVENTS, ("z", "01/03/2026 10:00", "Home", "Web", None)]
    path = write_events(frame(rows), tmp_path / "events.jsonl.gz")
    code, out, err = run("discover", path, *OPTIONS, "--engine", engine)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"journeykit: {path}: ")
    assert "1 " in line
    assert "timestamp" in line
    code, out, err = run("discover", path, *OPTIONS, "--engine", engine, "--on-invalid", "drop")
    assert code == 0, err
    assert "1 null or unreadable timestamp" in jk.loads(out).scope


def test_standard_input(tmp_path: Path) -> None:
    raw = write_events(frame(), tmp_path / "events.csv.gz").read_bytes()
    code, out, err = run("discover", "-", *OPTIONS, "-o", "-", "-q", stdin=stdin(raw))
    assert (code, err) == (0, "")
    assert jk.loads(out) == jk.events.discover(parsed(), **COLUMNS)
    lines = frame().to_json(orient="records", lines=True).encode()
    code, out, err = run("discover", "-", *OPTIONS, "-q", stdin=stdin(lines))
    assert (code, err) == (0, "")
    assert jk.loads(out) == jk.events.discover(parsed(), **COLUMNS)


# -- discover -------------------------------------------------------------------------


def test_discover_writes_yaml_and_takes_the_journey_options(tmp_path: Path, csv: Path) -> None:
    stages = tmp_path / "stages.yaml"
    stages.write_text("Look: [Home, Product, Help]\nBuy: [Cart, Pay]\n", "utf-8")
    out = tmp_path / "journey.yaml"
    code, stdout, err = run(
        "discover", csv, *OPTIONS, "--stages-file", stages, "--channel", "channel",
        "--channel-kind", "Phone=offline", "--title", "Seen", "--source", "web logs",
        "--rename", "Support=Help", "-o", out,
    )  # fmt: skip
    assert (code, stdout) == (0, ""), err
    want = jk.events.discover(
        parsed(), **COLUMNS, channel="channel", title="Seen", source="web logs",
        stages={"Home": "Look", "Product": "Look", "Help": "Look", "Cart": "Buy", "Pay": "Buy"},
        rename={"Support": "Help"}, channel_kinds={"Phone": "offline"},
    )  # fmt: skip
    assert jk.load(out) == want
    assert [s.name for s in want.stages] == ["Look", "Buy"]
    code, stdout, err = run(
        "discover", csv, *OPTIONS, "-o", tmp_path / "again.yaml", "--stage-of", "Home=Look",
        "--stage-of", "Product=Look", "--stage-of", "Help=Look", "--stage-of", "Cart=Buy",
        "--stage-of", "Pay=Buy", "--rename", "Support=Help", "--channel", "channel",
        "--channel-kind", "Phone=offline", "--title", "Seen", "--source", "web logs",
    )  # fmt: skip
    assert code == 0, err
    assert jk.load(tmp_path / "again.yaml") == want


def test_discover_sessions(csv: Path) -> None:
    code, out, err = run("discover", csv, *OPTIONS, "--session-gap", "1h")
    assert code == 0, err
    assert jk.loads(out) == jk.events.discover(parsed(), **COLUMNS, session_gap="1h")
    assert "of 7 sessions" in err


def day_files(tmp_path: Path) -> tuple[Path, Path]:
    table = frame()
    first = table[table["time"] < "2026-03-02"]
    second = table[table["time"] >= "2026-03-02"]
    return (
        write_events(first, tmp_path / "2026-03-01.csv.gz"),
        write_events(second, tmp_path / "2026-03-02.parquet"),
    )


def test_the_daily_loop_equals_discovering_both_days_at_once(tmp_path: Path) -> None:
    day1, day2 = day_files(tmp_path)
    counts = tmp_path / "counts.json.gz"
    out = tmp_path / "journey.json"
    options = [*OPTIONS, "--sentiment", "score", "--scale", "csat", "--channel", "channel"]
    code, _, err = run("discover", day1, *options, "--aggregate", counts, "-o", out)
    assert code == 0, err
    assert "2026-03-01 to 2026-03-01" in err
    code, _, err = run(
        "discover", day2, *options, "--merge-with", counts, "--aggregate", counts, "-o", out
    )
    assert code == 0, err
    columns = {**COLUMNS, "sentiment": "score", "scale": "csat", "channel": "channel"}
    assert jk.load(out) == jk.events.discover(parsed(), **columns)
    assert jk.events.load_aggregate(counts) == jk.events.aggregate(parsed(), **columns)
    assert "20 events of 6 customers, 2026-03-01 to 2026-03-02" in err
    # Running a day again would count it twice: refused, and the counts are left as they were.
    before = counts.read_bytes()
    code, _, err = run(
        "discover", day2, *options, "--merge-with", counts, "--aggregate", counts, "-o", out
    )
    assert code == 2
    assert one_line(err).startswith(f"journeykit: {counts}: customer ")
    assert counts.read_bytes() == before
    # The saved counts alone make the same journey.
    code, stdout, err = run("discover", counts, "-q")
    assert (code, err) == (0, "")
    assert jk.loads(stdout) == jk.load(out)


# -- refresh --------------------------------------------------------------------------


def test_refresh_replaces_what_the_events_measure(tmp_path: Path, design: Path) -> None:
    path = write_events(frame(), tmp_path / "events.ndjson")
    out = tmp_path / "current.json"
    code, stdout, err = run(
        "refresh", design, path, *OPTIONS, "--sentiment", "score", "--scale", "csat", "-o", out
    )
    assert (code, stdout) == (0, ""), err
    designed = jk.load(design)
    want = jk.events.refresh(designed, parsed(), **COLUMNS, sentiment="score", scale="csat")
    got = jk.load(out)
    assert got == want
    assert got.touchpoint("home").reach == 5 != designed.touchpoint("home").reach
    assert [f.count for f in got.flows] == [3, 3, 2, 0]
    assert got.updated is not None
    assert one_line(err) == f"{out}: {design} refreshed from {path}, up to 2026-03-02"


def test_refresh_from_saved_counts_and_with_a_touchpoint_map(
    tmp_path: Path, design: Path, csv: Path
) -> None:
    counts = tmp_path / "counts.json"
    assert (
        run("discover", csv, *OPTIONS, "--aggregate", counts, "-q", "-o", tmp_path / "j.json")[0]
        == 0
    )
    code, out, err = run("refresh", design, counts, "-q", "--touchpoint-map", "Support=gift-wrap")
    assert (code, err) == (0, "")
    want = jk.events.refresh(
        jk.load(design), jk.events.load_aggregate(counts), touchpoints={"Support": "gift-wrap"}
    )
    assert jk.loads(out) == want
    assert want.touchpoint("gift-wrap").reach == 2


def test_refresh_metric_option(tmp_path: Path, design: Path, csv: Path) -> None:
    data = json.loads(design.read_text("utf-8"))
    data["stages"][0]["touchpoints"][0]["metrics"] = [{"name": "Footfall", "value": 1}]
    design.write_text(json.dumps(data), "utf-8")
    code, out, err = run("refresh", design, csv, *OPTIONS, "--metric", "Footfall=reach", "-q")
    assert (code, err) == (0, "")
    assert jk.loads(out).touchpoint("home").metrics[0].value == 5
    code, out, err = run("refresh", design, csv, *OPTIONS, "--metric", "Footfall=visits")
    assert (code, out) == (2, "")
    assert "--metric Footfall=visits" in one_line(err)


# -- conform --------------------------------------------------------------------------


def test_conform_reports_findings_and_fails_on_warnings(design: Path, csv: Path) -> None:
    code, out, err = run("conform", design, csv, *OPTIONS)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    want = jk.events.compare(jk.load(design), parsed(), **COLUMNS)
    codes = [f.code for f in want]
    assert {"JK901", "JK902", "JK904", "JK905", "JK906"} <= set(codes)
    assert [
        line.split(": ")[1].split()[0] for line in lines if line.startswith(str(design))
    ] == codes
    assert lines[-2] == f"Found {len(codes)} findings ({len(codes) - 1} warnings, 1 info)."
    assert lines[-1] == (
        f"6 customers in {csv}; {want.following} ({want.share:.1%}) follow the design; "
        f"{want.steps_on_design:.1%} of their steps go along designed flows."
    )


def test_conform_fail_on_error_passes_with_warnings(design: Path, csv: Path) -> None:
    code, out, _ = run("conform", design, csv, *OPTIONS, "--fail-on", "error")
    assert code == 0
    assert "[warning]" in out


def test_conform_json(design: Path, csv: Path) -> None:
    code, out, err = run("conform", design, csv, *OPTIONS, "--format", "json")
    assert (code, err) == (1, "")
    record = json.loads(out)
    want = jk.events.compare(jk.load(design), parsed(), **COLUMNS)
    assert record == {"design": str(design), "events": str(csv), **want.to_dict()}
    assert [f["code"] for f in record["findings"]] == [f.code for f in want]


def test_conform_github_annotations(design: Path, csv: Path) -> None:
    code, out, _ = run("conform", design, csv, *OPTIONS, "--format", "github", "--select", "JK90")
    assert code == 1
    lines = out.splitlines()
    assert lines
    assert all(line.startswith(("::warning file=", "::notice file=")) for line in lines)
    assert any(",title=JK904::" in line for line in lines)


def test_conform_select_ignore_and_thresholds(design: Path, csv: Path) -> None:
    code, out, _ = run(
        "conform", design, csv, *OPTIONS, "--select", "JK904,JK905", "--ignore", "JK905"
    )
    assert code == 1
    found = [line.split(": ")[1][:5] for line in out.splitlines() if line.startswith(str(design))]
    assert found == ["JK904"]
    code, out, _ = run(
        "conform", design, csv, *OPTIONS, "--select", "JK905,JK906", "--min-share", "0",
        "--reach-tolerance", "1000",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == "All checks passed!"


def test_conform_on_saved_counts(tmp_path: Path, design: Path, csv: Path) -> None:
    counts = tmp_path / "counts.json.gz"
    assert (
        run("discover", csv, *OPTIONS, "--aggregate", counts, "-q", "-o", tmp_path / "j.json")[0]
        == 0
    )
    code, out, _ = run("conform", design, counts, "--ignore", "JK906")
    assert code == 1
    assert "JK905" not in out
    assert out.splitlines()[-1].startswith(
        f"6 customers in {counts} (saved counts cannot tell who follows the design); "
    )


# -- bad input ------------------------------------------------------------------------


def test_a_missing_column_lists_the_columns(csv: Path) -> None:
    code, out, err = run("discover", csv)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"journeykit: {csv}: the event table has no column 'case'")
    assert "'customer', 'time', 'page', 'channel', 'score'" in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["discover", "events.txt"], ["events.txt", ".csv, .tsv", ".gz"]),
        (["discover", "missing.csv"], ["missing.csv", "No such file"]),
        (["discover", "{csv}", *OPTIONS, "--session-gap", "soon"], ["session_gap", "'soon'"]),
        (["discover", "{csv}", *OPTIONS, "--engine", "duckdb", "-o", "j.txt"], ["j.txt", ".yaml"]),
        (["discover", "{csv}", *OPTIONS, "--aggregate", "c.csv"], ["c.csv", ".json.gz"]),
        (["discover", "{csv}", *OPTIONS, "-o", "nowhere/j.json"], ["no folder"]),
        (["discover", "{csv}", *OPTIONS, "--aggregate", "c.json", "-o", "c.json"], ["two files"]),
        (["discover", "{csv}", *OPTIONS, "--stage-of", "Home"], ["--stage-of", "TOUCHPOINT=STAGE"]),
        (["discover", "{csv}", *OPTIONS, "--channel-kind", "Web=cloud"], ["online or offline"]),
        (["discover", "{csv}", *OPTIONS, "--stages-file", "s.toml"], [".json, .yaml"]),
        (["conform", "{design}", "{csv}", *OPTIONS, "--select", "JK1"], ["--select", "JK901"]),
        (["conform", "{design}", "{csv}", "--touchpoint-map", "X=kart"], ["'kart'", "'cart'"]),
        (["refresh", "{design}", "missing.json"], ["missing.json", "cannot read"]),
        (["refresh", "{design}", "{counts}", "--case", "id"], ["holds counts", "--case"]),
        (["refresh", "-", "-"], ["only one of DESIGNED and EVENTS"]),
        (["conform", "{design}", "{csv}.txt"], [".txt", "cannot tell the format"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    csv: Path,
    design: Path,
    args: list[str],
    words: list[str],
) -> None:
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps(jk.events.aggregate(parsed(), **COLUMNS).to_dict()), "utf-8")
    monkeypatch.chdir(tmp_path)
    filled = [a.format(csv=csv, design=design, counts=counts) for a in args]
    code, out, err = run(*filled)
    assert (code, out) == (2, "")
    line = one_line(err)
    for word in words:
        assert word in line


def test_a_bad_row_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    body = "".join(f"c{i},2026-03-01T10:{i % 60:02d}:00,Home\n" for i in range(30))
    path.write_text(f"customer,time,page\n{body}c9,2026-03-01T11:00:00,Pay,extra,more\n")
    for engine in ("polars", "duckdb"):
        code, _, err = run("discover", path, *OPTIONS, "--engine", engine)
        assert code == 2
        assert one_line(err).startswith(f"journeykit: {path}: "), err


def test_broken_compressed_data(tmp_path: Path) -> None:
    whole = write_events(frame(), tmp_path / "events.csv.bz2").read_bytes()
    cut = tmp_path / "cut.csv.bz2"
    cut.write_bytes(whole[: len(whole) // 2])
    code, _, err = run("discover", cut, *OPTIONS)
    assert code == 2
    assert one_line(err) == f"journeykit: {cut}: broken bzip2 data: it ends too soon"
    raw = gzip.compress(b"customer,time,page\n" * 1000)
    code, _, err = run("discover", "-", stdin=stdin(raw[:-20]))
    assert code == 2
    assert one_line(err).startswith("journeykit: <stdin>: broken gzip data")


def test_no_engine_names_the_extra(monkeypatch: pytest.MonkeyPatch, csv: Path) -> None:
    monkeypatch.setattr(files, "_installed", lambda name: False)
    code, _, err = run("discover", csv, *OPTIONS)
    assert code == 2
    assert 'pip install "journeykit[polars]"' in one_line(err)


# -- progress -------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_on_terminal(*args: object) -> str:
    err = Terminal()
    code = main([str(a) for a in args], stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    return err.getvalue()


def test_progress_shows_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, csv: Path
) -> None:
    monkeypatch.setattr(_events, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(_events, "_width", lambda stream: 300)
    slow = jk.events.aggregate

    def aggregate(*args: object, **kwargs: object) -> jk.events.Aggregate:
        import time

        time.sleep(0.4)
        return slow(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jk.events, "aggregate", aggregate)
    shown = run_on_terminal("discover", csv, *OPTIONS, "-o", tmp_path / "j.json")
    assert f"\rjourneykit: counting {csv} (0:00)" in shown
    status, summary = shown.rsplit("\r", 1)
    assert status.endswith(" ")  # the line is cleared before the summary
    assert summary.startswith(f"{tmp_path / 'j.json'}: 5 touchpoints")
    for quiet in ("--no-progress", "--quiet"):
        shown = run_on_terminal("discover", csv, *OPTIONS, "-o", tmp_path / "j.json", quiet)
        assert "\r" not in shown
    assert shown == ""
    # Not a terminal: the summary alone.
    code, _, err = run("discover", csv, *OPTIONS, "-o", tmp_path / "j.json")
    assert code == 0
    assert "\r" not in err
    assert len(err.splitlines()) == 1


def test_help_of_each_command(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("discover", "refresh", "conform"):
        code, out, _ = run(command, "--help")
        printed = out + capsys.readouterr().out
        assert code == 0
        assert f"usage: journeykit {command}" in printed
        assert ".jsonl" in printed
        assert "--engine" in printed


def test_the_installed_program(tmp_path: Path, csv: Path, design: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "conform", str(design), str(csv), *OPTIONS],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert "JK904" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "discover", str(csv)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
