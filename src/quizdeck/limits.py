"""Limits on what quizdeck reads, and the characters bank text may not hold.

Each limit is documented in the README ("Limits and refusals"); past one, the input is
refused with a diagnostic or a message, never read whole.
"""

from __future__ import annotations

import re

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
    return re.match(r"https?://[^\s]", url, re.IGNORECASE) is not None
