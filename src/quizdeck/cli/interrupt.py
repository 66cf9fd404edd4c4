"""Leaving after Ctrl-C, for the entry point and the commands alike."""

from __future__ import annotations

import signal
import sys


def interrupted() -> None:
    """Leave after Ctrl-C as typer does inside a command: exit status 130, nothing printed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving
    sys.exit(130)
