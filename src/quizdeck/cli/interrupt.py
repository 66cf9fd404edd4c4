"""Leaving after Ctrl-C: shared by the console entry point and the command line."""

from __future__ import annotations

import signal
import sys


def interrupted() -> None:
    """Leave after Ctrl-C as typer does inside a command: exit status 130, nothing printed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving
    sys.exit(130)
