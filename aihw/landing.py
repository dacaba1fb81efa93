"""Landing: validate every raw file of the source registry against its contract, then write them as seeds.

The registry and contract is seeds/raw/_raw__seeds.yml: each seed with `meta.source` and `meta.raw_file` is
one raw file, its columns (in order) carry a `raw_type`. Adding a source there needs no change here.
A `meta.raw_file` with a glob pattern (`mlperf_rounds/*.csv`) is a multi-file source: every matching file (in
name order) is checked against the same contract and all land into the one seed, with `_source_file` (the
file's path relative to the raw folder) next to `_row_number` (row within the seed) and `_line_number` (line
within its file); the manifest has one row per file. Adding a file (an MLPerf round) needs no code change.
Every file is checked completely before anything is written, so a bad file leaves the previous seeds and
warehouse untouched. Errors name the file, the physical line, the data row and the column.

Suspect-but-valid rows (duplicates, negative TDP, ...) are NOT errors here: they land and are flagged by
the warehouse's quarantine models.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from aihw.config import Settings, load_raw_sources

ADDED_COLUMNS = ("_row_number", "_line_number")
SOURCE_FILE_COLUMN = "_source_file"  # added to the seed of a multi-file source (a glob raw_file)
GLOB_CHARACTERS = frozenset("*?[")
MANIFEST_SEED = "raw_landing__manifest"
MAX_REPORTED_ERRORS = 20


class LandingError(Exception):
    """A raw file cannot be landed. The message names file, line, row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED_ERRORS]
        more = len(problems) - len(shown)
        text = "\n".join(f"  - {p}" for p in shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(f"raw input rejected ({len(problems)} problem(s)):\n{text}")


@dataclass(frozen=True)
class ColumnContract:
    name: str
    raw_type: str  # text | number | integer | date | timestamp


@dataclass(frozen=True)
class FileContract:
    source: str
    seed_name: str
    file_name: str
    columns: tuple[ColumnContract, ...]

    @property
    def is_multi_file(self) -> bool:
        """A glob raw_file: every matching file lands into the one seed, with a _source_file column."""
        return any(char in self.file_name for char in GLOB_CHARACTERS)

    def paths(self, raw_dir: Path) -> list[Path]:
        """The raw file(s) of this contract: the one named file, or every file the glob matches, in name order."""
        if not self.is_multi_file:
            return [raw_dir / self.file_name]
        return sorted(p for p in raw_dir.glob(self.file_name) if p.is_file())


@dataclass
class ParsedFile:
    contract: FileContract
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (start line, values)
    relative_name: str = ""  # the file's path relative to the raw folder (its _source_file value)


def load_contract(path: Path) -> list[FileContract]:
    """One contract per source of the registry (the landing manifest seed, written by landing, is none)."""
    seeds = {seed["name"]: seed for seed in yaml.safe_load(path.read_text(encoding="utf-8"))["seeds"]}
    contracts = []
    for raw in load_raw_sources(path):
        cols = tuple(
            ColumnContract(c["name"], c["meta"]["raw_type"])
            for c in seeds[raw.seed_name]["columns"]
            if c["name"] not in (*ADDED_COLUMNS, SOURCE_FILE_COLUMN)
        )
        contracts.append(FileContract(raw.source, raw.seed_name, raw.file_name, cols))
    return contracts


def dedupe_header(names: list[str]) -> list[str]:
    """Repeated header names get a _2, _3 ... suffix (the convention dbt's CSV loader uses)."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


# The forms the warehouse casts accept on every engine (staging: cast(trim(x) as double / date / timestamp)),
# so landing rejects up front, with file, line and column, every value a cast would reject later. Python's
# float()/fromisoformat() are wider (Arabic-Indic digits, '2_50', compact dates '20250409'): not used alone.
VALUE_FORMS = {
    "number": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII),
    "integer": re.compile(r"[+-]?\d+(?:\.0*)?", re.ASCII),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII),
    "timestamp": re.compile(
        r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.ASCII
    ),
}
FORM_DESCRIPTIONS = {
    "number": "a number (ASCII digits, optional sign, point and exponent)",
    "integer": "a whole number (ASCII digits)",
    "date": "an ISO date YYYY-MM-DD",
    "timestamp": "an ISO timestamp YYYY-MM-DD HH:MM[:SS][+HH:MM]",
}


# Characters a value may not contain because a seed loader would not read them back as written. dbt-duckdb's
# seed loader (COPY ... FORMAT CSV) sniffs the CSV dialect from the first rows: a doubled quote ("") after
# them is read as an unterminated quote, so dbt seed fails ("unterminated quote") or, worse, depends on where
# the row is. Refused with file, line and column instead.
UNREADABLE_CHARACTERS = {'"': "a double quote (\") (the DuckDB seed loader does not read it back reliably; "
                              "write it as '' or ″)"}


def check_seed_value(raw_type: str, value: str) -> str | None:
    """None when the value can be landed: the seed loader reads it back as written and it fits its type."""
    unreadable = next((why for char, why in UNREADABLE_CHARACTERS.items() if char in value), None)
    return f"contains {unreadable}" if unreadable else check_value(raw_type, value)


def check_value(raw_type: str, value: str) -> str | None:
    """None when the value fits its type (as the warehouse casts will read it), else the reason."""
    v = value.strip()
    if v == "" or raw_type == "text":
        return None
    form = VALUE_FORMS.get(raw_type)
    if form is None:
        return f"has unknown contract type {raw_type}"
    if not form.fullmatch(v):
        return f"is not {FORM_DESCRIPTIONS[raw_type]}"
    try:
        if raw_type in ("number", "integer") and not math.isfinite(float(v)):
            return "is not a finite number"
        if raw_type == "date":
            date.fromisoformat(v)
        elif raw_type == "timestamp":
            datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return f"is not {FORM_DESCRIPTIONS[raw_type]} (no such calendar date or time)"
    return None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise LandingError(
            [f"{path.name}: line {line}: not valid UTF-8 (byte 0x{bad} at offset {exc.start}); "
             "re-save the file as UTF-8"]
        ) from None


def parse_file(path: Path, contract: FileContract) -> ParsedFile:
    """Read and check one raw file completely. Raises LandingError listing every problem found."""
    if not path.is_file():
        raise LandingError([f"{path.name}: file not found in {path.parent}"])
    data = path.read_bytes()
    if not data.strip():
        raise LandingError([f"{path.name}: file is empty"])
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = dedupe_header(next(reader))
    except csv.Error as exc:
        raise LandingError([f"{path.name}: line 1: unreadable header ({exc})"]) from None
    expected = [c.name for c in contract.columns]
    if header != expected:
        missing = [c for c in expected if c not in header]
        unexpected = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {missing}")
        if unexpected:
            detail.append(f"unexpected column(s) {unexpected} (renamed?)")
        if not detail:
            detail.append(f"columns out of order: expected {expected}, found {header}")
        raise LandingError([f"{path.name}: line 1 (header): " + "; ".join(detail)])
    parsed = ParsedFile(contract, header)
    types = [c.raw_type for c in contract.columns]
    row_number = 0
    last_line = reader.line_num
    while True:
        start_line = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{path.name}: line {start_line}: malformed CSV ({exc})")
            break
        last_line = reader.line_num
        if not values:  # a blank line is not a row
            continue
        row_number += 1
        where = f"{path.name}: line {start_line} (row {row_number})"
        if len(values) != len(header):
            problems.append(f"{where}: expected {len(header)} fields, found {len(values)}")
            continue
        for name, raw_type, value in zip(header, types, values, strict=True):  # lengths checked above
            reason = check_seed_value(raw_type, value)
            if reason:
                problems.append(f"{where}, column '{name}': value {value!r} {reason}")
        parsed.rows.append((start_line, values))
    if row_number == 0 and not problems:
        problems.append(f"{path.name}: has a header but no data rows")
    if problems:
        raise LandingError(problems)
    return parsed


# a seed being written: not a `*.csv` name, so a dbt call parsing the project meanwhile (the check runs the other
# engine's job beside it) never reads it as a seed; renamed over the seed when complete
PARTIAL_SEED_NAME = {"prefix": ".landing-", "suffix": ".csv.partial"}


def _write_seed(parsed: ParsedFile | list[ParsedFile], destination: Path) -> None:
    """Write atomically: a temp file in the same folder, then rename over the old seed. A list is the files of a
    multi-file source: one seed, _row_number counting through the files in order, _source_file naming each."""
    files = parsed if isinstance(parsed, list) else [parsed]
    multi = files[0].contract.is_multi_file
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=destination.parent, **PARTIAL_SEED_NAME)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([*ADDED_COLUMNS, *([SOURCE_FILE_COLUMN] if multi else []), *files[0].header])
            row_number = 0
            for one in files:
                for line, values in one.rows:
                    row_number += 1
                    writer.writerow([row_number, line, *([one.relative_name] if multi else []), *values])
        os.chmod(tmp, 0o644)
        os.replace(tmp, destination)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class LandedFile:
    file_name: str
    seed_name: str
    rows: int
    columns: int
    sha256: str


def land(settings: Settings) -> list[LandedFile]:
    """Validate every registered raw file, then (only if all pass) write them as seeds. Returns row counts."""
    raw_dir, seeds_raw_dir = settings.raw_dir, settings.seeds_raw_dir
    contracts = load_contract(settings.raw_contract_path)
    problems: list[str] = []
    parsed_sources: list[list[ParsedFile]] = []
    for contract in contracts:
        paths = contract.paths(raw_dir)
        if not paths:
            problems.append(f"{contract.file_name}: no file matches this pattern in {raw_dir}")
            continue
        parsed_files = []
        for path in paths:
            try:
                parsed = parse_file(path, contract)
            except LandingError as exc:
                problems.extend(exc.problems)
                continue
            parsed.relative_name = path.relative_to(raw_dir).as_posix()
            parsed_files.append(parsed)
        parsed_sources.append(parsed_files)
    if problems:
        raise LandingError(problems)
    landed = []
    for parsed_files in parsed_sources:
        contract = parsed_files[0].contract
        _write_seed(parsed_files, seeds_raw_dir / f"{contract.seed_name}.csv")
        landed.extend(
            LandedFile(parsed.relative_name, contract.seed_name, len(parsed.rows), len(parsed.header),
                       hashlib.sha256((raw_dir / parsed.relative_name).read_bytes()).hexdigest())
            for parsed in parsed_files
        )
    _write_manifest(landed, seeds_raw_dir / f"{MANIFEST_SEED}.csv")
    return landed


def _write_manifest(landed: list[LandedFile], destination: Path) -> None:
    """The landing manifest seed: rows and checksum per file, reconciled against the warehouse by dbt tests."""
    fd, tmp = tempfile.mkstemp(dir=destination.parent, **PARTIAL_SEED_NAME)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["seed_name", "file_name", "data_rows", "columns", "sha256"])
        for f in landed:
            writer.writerow([f.seed_name, f.file_name, f.rows, f.columns, f.sha256])
    os.chmod(tmp, 0o644)
    os.replace(tmp, destination)


def count_raw_rows(settings: Settings) -> dict[str, int]:
    """Data rows per raw file, counted independently of landing (csv module, all fields) for reconciliation."""
    counts = {}
    for contract in load_contract(settings.raw_contract_path):
        counts[contract.seed_name] = 0
        for path in contract.paths(settings.raw_dir):
            text = path.read_bytes().decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            counts[contract.seed_name] += sum(1 for r in rows[1:] if r)
    return counts
