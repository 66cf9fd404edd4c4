"""The stamp record: each note's content hash and the stamp it was last built with.

Anki takes an incoming note only when it is newer than the one it has, and genanki
stamps every note with one build time. The record keeps a note's stamp until its
content changes, so an unchanged rebuild is byte-identical and an edited note
always arrives newer than before.
"""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from pathlib import Path

RECORD_NAME = ".stamps.json"
_VERSION = 1
# Anki keeps a note's time in a signed 64-bit integer; a stamp past the year 9999
# (or before 1970) comes from a damaged or forged record and is set aside.
_LATEST = 253_402_300_799
# What json.dumps writes as an escape: with ensure_ascii=False, and with it (all but
# printable ASCII).
_ESCAPED = re.compile(r'[\x00-\x1f"\\]')
_ESCAPED_ASCII = re.compile(r"[^ !#-\[\]-~]")


class StampRecord:
    """Content hash and stamp (whole seconds since the epoch) per key, kept in a JSON file."""

    def __init__(self, path: Path, entries: MutableMapping[str, tuple[str, int]]) -> None:
        self.path = path
        self.entries = entries
        self.changed: set[str] = set()

    @classmethod
    def load(cls, path: Path) -> StampRecord:
        """The record at `path`; empty when missing or unreadable (every stamp then moves once)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stamps = data["stamps"] if data.get("version") == _VERSION else {}
            entries = {
                str(key): (str(digest), int(stamp))
                for key, (digest, stamp) in stamps.items()
                if 0 <= int(stamp) <= _LATEST
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            entries = {}
        return cls(path, entries)

    def stamp(self, key: str, digest: str, now: int) -> int:
        """The stamp for `key`: kept while `digest` is unchanged, else `now` and strictly newer."""
        previous = self.entries.get(key)
        if previous is not None and previous[0] == digest:
            return previous[1]
        stamp = now if previous is None else max(now, previous[1] + 1)
        self.entries[key] = (digest, stamp)
        self.changed.add(key)
        return stamp

    def to_bytes(self) -> bytes:
        """The record as its file holds it, published with the decks it stamps."""
        # One entry a line, sorted: small diffs, easy to read. A whole workspace's notes
        # are written after each edit: a text json.dumps would leave as it is is not
        # passed through it (the same bytes, tests/test_stamps.py).
        lines = [
            f"{_json_text(key)}: [{_json_text(digest, ascii_only=True)}, {int(stamp)}]"
            for key, (digest, stamp) in sorted(self.entries.items())
        ]
        text = f'{{"version": {_VERSION}, "stamps": {{\n' + ",\n".join(lines) + "\n}}\n"
        return text.encode("utf-8")


def _json_text(text: str, *, ascii_only: bool = False) -> str:
    """`text` as json.dumps(text, ensure_ascii=ascii_only) writes it."""
    # ensure_ascii escapes all but printable ASCII (and the quote and backslash).
    plain = not ascii_only or (text.isascii() and text.isprintable())
    if plain and _ESCAPED.search(text) is None:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=ascii_only)
