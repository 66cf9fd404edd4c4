"""The build record: what the last build of an output directory was made from, to reuse it.

README: incremental builds. The record lives in the user's cache directory
(platformdirs), one slot per output directory, never in the build itself (a build holds
only its outputs). It names, per bank, a key over everything the bank's outputs depend on
(quizdeck's version, the options, the templates' bytes, the bank's path and bytes), the
article it read with a digest of its bytes, its diagnostics, and the files it wrote; and
the size, inode and times of every file of the build as written. A bank whose key, article
and files all still match is neither checked nor rendered: its files are linked from the
previous build. Anything else (a damaged, foreign or older record, a file touched since)
is ignored, and the record is written anew after the build.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizdeck.banks.model import Diagnostic, Location
from quizdeck.digests import digest, file_digest, tree_parts
from quizdeck.outputs.publish import is_file_name

RECORD_FILE = "record.json"
RECORD_VERSION = 3
# The digest an input has while there is no such file (a bank's statistics, say).
ABSENT = "-"
# Output directories remembered at most: the least recently built is forgotten first.
MAX_SLOTS = 16
# A file as written: inode, size, modification and change times (ns); a later write,
# rename or link changes one of them.
Stat = tuple[int, int, int, int]


def cache_root() -> Path:
    """Where records are kept: quizdeck/builds in the user's cache directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizdeck")) / "builds"


# quizdeck's own code: what a bank's outputs depend on besides its inputs.
PACKAGE = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=4)
def code_digest(package: Path = PACKAGE) -> str:
    """A digest of quizdeck's source files: outputs made by other code are not reused, even
    under the same version number (a checkout between two releases)."""
    return digest(*tree_parts(package))


# A file changed within this long before it was read may have been written again in the
# same tick of the file system's clock as it was read, its stamp unchanged (git's "racily
# clean"): the next build reads it again. A file changed earlier keeps its digest while
# its stamp stays.
SETTLED_NS = 3_000_000_000


def stat_of(path: str | Path, *, follow: bool = False) -> Stat | None:
    """The file's inode, size and times, or None when it is not a plain file: a link is
    none unless `follow` (a build's own files are never links; an input may be one, its
    stamp then its target's: the same stamp, the same bytes, once the file has settled)."""
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass
class BankEntry:
    """What a bank's last build was made from and what it wrote."""

    key: str
    bank_id: str
    language: str
    # Questions in the bank as loaded, and as its outputs hold them.
    total: int
    questions: int
    # The files read besides the bank (its article, its statistics): path and digest.
    inputs: dict[str, str]
    load_diagnostics: list[dict[str, Any]]
    check_diagnostics: list[dict[str, Any]]
    # Per output family (anki, html, lms, live): the file names the bank wrote.
    files: dict[str, list[str]]
    rows: list[dict[str, Any]]
    # The questions its live-quiz files left out: [platform, question, reason].
    left_out: dict[str, int]
    # The digest of the pickled resolved bank, kept for a combined quiz.
    resolved: str
    # The digest of the bank's bytes, and the stamps (stat_of, then when it was taken) the
    # bank file and its inputs had while their digests were taken (a file that changed
    # meanwhile has none).
    data: str = ""
    stamps: dict[str, list[int]] = field(default_factory=dict)

    def still_valid(self, key: str) -> bool:
        """True when `key` matches and every input still has the bytes it had."""
        return self.key == key and all(
            settled(path, self.stamps.get(path)) or (file_digest(Path(path)) or ABSENT) == wanted
            for path, wanted in self.inputs.items()
        )


def taken(path: str | Path) -> list[int] | None:
    """The stamp of `path` and when it was taken, before its bytes are read (see settled)."""
    now = time.time_ns()
    stamp = stat_of(path, follow=True)
    return None if stamp is None else [*stamp, now]


def kept(path: str | Path, stamp: list[int] | None) -> list[int] | None:
    """`stamp`, taken before the file was read, when the file still has it: its bytes read
    are then the stamp's."""
    return stamp if stamp is not None and stat_of(path, follow=True) == tuple(stamp[:4]) else None


def settled(path: str, stamp: list[int] | None) -> bool:
    """True when the file `path` still has `stamp` (kept) and had it SETTLED_NS before the
    stamp was taken: its bytes are those digested then, unread."""
    return (
        stamp is not None
        and len(stamp) == 5
        and stat_of(path, follow=True) == tuple(stamp[:4])
        and stamp[3] < stamp[4] - SETTLED_NS
    )


@dataclass
class Record:
    """The record of one output directory (empty when there was none, or none to trust)."""

    slot: Path
    workspace: str
    out: str
    banks: dict[str, BankEntry] = field(default_factory=dict)
    # The combined quiz: its key, files and index row.
    combined: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Stat] = field(default_factory=dict)
    # The names found as last written in this run: each bank asks for the stamp record,
    # and the whole build is asked for again at the end; a file is looked at once.
    seen: set[str] = field(default_factory=set)

    def unchanged(self, target: Path, names: Iterable[str]) -> bool:
        """True when each of `names` (relative to `target`) is in the build as last written."""
        for name in names:
            if name in self.seen:
                continue
            recorded = self.outputs.get(name)
            if recorded is None or stat_of(f"{target}/{name}") != recorded:
                return False
            self.seen.add(name)
        return True

    def whole(self, target: Path) -> bool:
        """True when the build holds exactly the files last written, untouched."""
        return set(listing(target)) == set(self.outputs) and self.unchanged(target, self.outputs)

    def blob(self, name: str) -> Path:
        """Where a kept blob (a pickled resolved bank) lives."""
        return self.slot / "blobs" / name

    def read_blob(self, name: str) -> bytes | None:
        """A kept blob, only when its bytes still have its digest (its name)."""
        try:
            data = self.blob(name).read_bytes()
        except OSError:
            return None
        return data if digest(data) == name else None


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as the record keeps it."""
    data = dict(vars(diagnostic))
    data["location"] = list(vars(diagnostic.location).values())
    data["hints"] = list(diagnostic.hints)
    return data


def diagnostic_from(data: dict[str, Any]) -> Diagnostic:
    """A diagnostic the record kept; raises TypeError, ValueError or KeyError when damaged."""
    path, line, column = data["location"]
    fields = {**data, "location": Location(str(path), int(line), int(column))}
    fields["hints"] = tuple(str(hint) for hint in data["hints"])
    diagnostic = Diagnostic(**fields)
    strings = (diagnostic.code, diagnostic.severity, diagnostic.message)
    if not all(isinstance(s, str) for s in strings) or diagnostic.severity not in (
        "error",
        "warning",
    ):
        raise TypeError("record diagnostic")
    return diagnostic


def slot_for(target: Path) -> Path:
    """The record's directory for an output directory."""
    return cache_root() / digest(str(target.resolve()))[:32]


def load(target: Path, workspace: Path) -> Record:
    """The record of `target` built from `workspace`; empty if missing, damaged or foreign."""
    slot = slot_for(target)
    empty = Record(slot, str(workspace.resolve()), str(target.resolve()))
    try:
        data = json.loads((slot / RECORD_FILE).read_text(encoding="utf-8"))
        if (
            data["version"] != RECORD_VERSION
            or data["workspace"] != empty.workspace
            or data["out"] != empty.out
        ):
            return empty
        banks = {str(shown): BankEntry(**entry) for shown, entry in data["banks"].items()}
        for entry in banks.values():
            _validate(entry)
            for found in (entry.load_diagnostics, entry.check_diagnostics):
                for kept in found:
                    diagnostic_from(kept)  # raises when damaged; read again where reused
        outputs = {
            str(name): (int(a), int(b), int(c), int(d))
            for name, (a, b, c, d) in data["outputs"].items()
        }
        combined = data["combined"]
        if not isinstance(combined, dict):
            return empty
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return empty
    return Record(slot, empty.workspace, empty.out, banks, combined, outputs)


def _validate(entry: BankEntry) -> None:
    """Raise TypeError unless the entry has the shapes a record writes."""
    strings = (entry.key, entry.bank_id, entry.language, entry.resolved)
    counts = (entry.questions, entry.total)
    if not all(isinstance(s, str) for s in strings) or not all(isinstance(n, int) for n in counts):
        raise TypeError("record entry")
    if not isinstance(entry.inputs, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in entry.inputs.items()
    ):
        raise TypeError("record inputs")
    if (
        not isinstance(entry.data, str)
        or not isinstance(entry.stamps, dict)
        or not all(
            isinstance(k, str)
            and isinstance(v, list)
            and len(v) == 5
            and all(type(n) is int for n in v)
            for k, v in entry.stamps.items()
        )
    ):
        raise TypeError("record stamps")
    if not isinstance(entry.files, dict) or not all(
        isinstance(names, list) and all(map(is_file_name, names)) for names in entry.files.values()
    ):
        raise TypeError("record files")
    lists = (entry.load_diagnostics, entry.check_diagnostics, entry.rows)
    if not all(isinstance(found, list) for found in lists) or not all(map(valid_row, entry.rows)):
        raise TypeError("record rows")
    left_out = entry.left_out
    if not isinstance(left_out, dict) or not all(
        isinstance(k, str) and type(n) is int for k, n in left_out.items()
    ):
        raise TypeError("record left out")


def valid_row(row: object) -> bool:
    """True for an index row of the shape writers.html.index_rows gives (a record's rows are
    rendered into index.html and the manifest: a damaged one must not get that far)."""
    if not isinstance(row, dict) or set(row) != {
        "id",
        "title",
        "total",
        "banks",
        "record",
        "forms",
    }:
        return False
    strings = (row["id"], row["title"], row["record"])
    return (
        all(isinstance(value, str) for value in strings)
        and type(row["total"]) is int
        and isinstance(row["banks"], list)
        and all(isinstance(bank, str) for bank in row["banks"])
        and isinstance(row["forms"], list)
        and all(
            isinstance(form, list) and len(form) == 4 and all(isinstance(n, str) for n in form)
            for form in row["forms"]
        )
    )


def listing(target: Path) -> Iterator[str]:
    """Every file of a build, relative to it (the manifest and the owned folders' files)."""
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(target), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                for inner in sorted(os.scandir(entry.path), key=lambda e: e.name):
                    yield f"{entry.name}/{inner.name}"
            else:
                yield entry.name


def save(record: Record, target: Path, blobs: Mapping[str, bytes]) -> None:
    """Write the record after a build: the build's files as they now are, the new blobs.

    Blobs no entry names any more are removed, and so are the slots of the output
    directories built least recently beyond MAX_SLOTS: the cache cannot grow without bound.
    A cache directory that cannot be written only costs the next build its reuse.
    """
    record.outputs = {}
    for name in listing(target):
        found = stat_of(target / name)
        if found is not None:
            record.outputs[name] = found
    data = {
        "version": RECORD_VERSION,
        "workspace": record.workspace,
        "out": record.out,
        "banks": {shown: vars(entry) for shown, entry in record.banks.items()},
        "combined": record.combined,
        "outputs": record.outputs,
    }
    try:
        blob_dir = record.slot / "blobs"
        blob_dir.mkdir(parents=True, exist_ok=True)
        wanted = {entry.resolved for entry in record.banks.values()}
        for name, data_ in blobs.items():
            if name in wanted and not record.blob(name).is_file():
                _write(record.blob(name), data_)
        for old in blob_dir.iterdir():
            if old.name not in wanted:
                old.unlink()
        _write(record.slot / RECORD_FILE, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        _forget_old_slots(record.slot)
    except OSError:
        return


def _write(path: Path, data: bytes) -> None:
    """Write `path` whole: a temporary file renamed over it."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _forget_old_slots(current: Path) -> None:
    """Remove the slots of the least recently built output directories beyond MAX_SLOTS."""
    slots = [p for p in current.parent.iterdir() if p.is_dir() and p != current]

    def built(slot: Path) -> float:
        try:
            return (slot / RECORD_FILE).stat().st_mtime
        except OSError:
            return 0.0

    slots.sort(key=built, reverse=True)
    for old in slots[MAX_SLOTS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
