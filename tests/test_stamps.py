"""outputs/stamps.py: the stamp record's file, written fast and read back as it was."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.outputs.stamps import StampRecord


def dumped(record: StampRecord) -> bytes:
    """The record's file as json.dumps writes each key and entry (the format's definition)."""
    lines = [
        f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(list(entry))}"
        for key, entry in sorted(record.entries.items())
    ]
    return ('{"version": 1, "stamps": {\n' + ",\n".join(lines) + "\n}}\n").encode("utf-8")


TRICKY = ['bank/"quoted"', "back\\slash", "tab\there", "bell\x07", "줄\u2028바꿈", "🙂/é", "\x7f"]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.text(max_size=12), st.sampled_from(TRICKY)),
        st.tuples(st.text(max_size=8), st.integers(0, 253_402_300_799)),
        max_size=8,
    )
)
def test_the_file_is_what_json_dumps_writes(entries: dict[str, tuple[str, int]]) -> None:
    record = StampRecord(Path(), dict(entries))
    assert record.to_bytes() == dumped(record)


def test_the_file_reads_back_as_it_was(tmp_path: Path) -> None:
    entries = {key: (f"digest {key}", n) for n, key in enumerate(TRICKY)}
    path = tmp_path / ".stamps.json"
    path.write_bytes(StampRecord(path, dict(entries)).to_bytes())
    assert StampRecord.load(path).entries == entries
