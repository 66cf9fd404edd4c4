"""The console entry point: Ctrl-C at any moment, even while importing, ends quietly."""

from __future__ import annotations

import signal
import sys


def interrupted() -> None:
    """Leave after Ctrl-C as typer does inside a command: exit status 130, nothing printed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving
    sys.exit(130)


def main() -> None:
    """Import the command line (typer, yaml, … take a moment) and run it."""
    try:
        from quizdeck.cli.app import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
