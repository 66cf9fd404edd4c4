"""Limits on what quizdeck reads, and the characters bank text may not hold.

Each limit is documented in the README ("Limits and refusals"); past one, the input is
refused with a diagnostic or a message, never read whole.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from quizdeck.errors import QuizdeckError

MB = 1024 * 1024
# A seed article is about 10 KB; a long feature a few hundred.
MAX_ARTICLE_BYTES = 5 * MB
# A bank of 1,000 questions is about 400 KB.
MAX_BANK_BYTES = 10 * MB
# Nesting of a bank's YAML: a bank needs five levels at most.
MAX_DEPTH = 64
# YAML parse events of a bank (each key, value, list and mapping is one or two): a
# question takes about 20, so 30,000 questions fit (1,000 questions are about 400 KB).
MAX_YAML_EVENTS = 600_000
# Diagnostics shown of one code in one file; past it, one line says how many more.
MAX_PER_CODE = 50
# A typed answer in the self-test.
MAX_ANSWER_CHARS = 1000

# C0 and C1 controls (and DEL), but tab and the line breaks: they change a terminal's
# title or screen and mean nothing in a question.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` safe for a terminal: each control character (ESC, BEL, C1 …) and bidirectional
    control shown as its escape, `\x1b` (finding 15); tab and line breaks kept."""
    return TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


# Unicode format characters (category Cf, Unicode 14: bidirectional overrides and
# isolates, invisible operators, tags …) but the zero-width ones every comparison folds
# away (U+200B-U+200D, U+2060, U+FEFF): a choice "\u202e12\u202c" shows as "21"
# (findings 3 and 9). Then what XML cannot carry: noncharacters (U+FDD0-U+FDEF, the last
# two of every plane) and the lone surrogates an escape could make.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200e\u200f"
    "\u202a-\u202e\u2061-\u2064\u2066-\u206f\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
# What is never printed raw to a terminal.
TERMINAL_UNSAFE = re.compile(f"{CONTROL.pattern}|[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Everything bank text may not hold.
REFUSED_CHARACTER = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}")


def refused_character(char: str) -> str:
    """How a refused character is named: "control character U+0007", "noncharacter U+FFFE"."""

    if CONTROL.match(char):
        return f"control character U+{ord(char):04X}"
    if unicodedata.category(char) == "Cf":
        return f"format character U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"
    if unicodedata.category(char) == "Cs":
        return f"lone surrogate U+{ord(char):04X}"
    return f"noncharacter U+{ord(char):04X}"


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
