"""The printed quizzes' files (forms, keys, index, form records), published as one set."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizdeck.outputs.publish import publish_files
from quizdeck.writers.templating import RenderedFile


def write_files(files: Sequence[RenderedFile], out_dir: Path) -> list[Path]:
    """Publish rendered pages into `out_dir` (raises OutputRefused, ValueError, OSError)."""
    return publish_files(out_dir, {file.name: file.text.encode("utf-8") for file in files})
