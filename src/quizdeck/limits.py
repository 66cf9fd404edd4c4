"""Limits on what quizdeck reads, and the characters bank text may not hold.

Each limit is documented in the README ("Limits and refusals"); past one, the input is
refused with a diagnostic or a message, never read whole.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from quizdeck.errors import QuizdeckError

MB = 1024 * 1024
# A seed article is about 10 KB; a long feature a few hundred.
MAX_ARTICLE_BYTES = 5 * MB
# A bank of 1,000 questions is about 400 KB.
MAX_BANK_BYTES = 10 * MB
# Nesting of a bank's YAML: a bank needs five levels at most.
MAX_DEPTH = 64
# A typed answer in the self-test.
MAX_ANSWER_CHARS = 1000

# C0 and C1 controls (and DEL), but tab and the line breaks: they change a terminal's
# title or screen and mean nothing in a question.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def size_problem(size: int, limit: int, what: str) -> str | None:
    """A message when `size` bytes is over `limit`, else None."""
    if size <= limit:
        return None
    return f"{what} of {size / MB:.1f} MB is over the limit of {limit // MB} MB"


def is_web_address(url: str) -> bool:
    """True for the addresses a link may take: http:// and https:// ones."""
    return re.fullmatch(r"https?://\S+", url, re.IGNORECASE) is not None


class InputError(QuizdeckError):
    """An input file that cannot be read: the reason, as shown after "cannot read …: "."""


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is: "a FIFO", "a character device", …"""
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def read_input(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises InputError or TooLarge.

    Devices, FIFOs and the like are refused before they are opened (a FIFO would block,
    /dev/zero never end); a file over the limit is refused after reading `limit` bytes.
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"not a regular file ({file_kind(mode)})")
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(limit + 1)
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError("broken symbolic link") from None
        raise InputError("No such file or directory") from None
    except OSError as problem:
        raise InputError(problem.strerror or str(problem)) from None
    except ValueError as problem:  # a NUL in the name
        raise InputError(str(problem)) from None
    if len(data) > limit:
        raise TooLarge(max(size, len(data)), limit)
    return data


class TooLarge(QuizdeckError):
    """A file over its size limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, over {limit}")
        self.size, self.limit = size, limit

    def refusal(self, what: str) -> str:
        """The refusal, naming the file as `what`."""
        return size_problem(self.size, self.limit, what) or what


def is_file(path: Path) -> bool:
    """Path.is_file, but False instead of an error for names too long or holding a NUL."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
