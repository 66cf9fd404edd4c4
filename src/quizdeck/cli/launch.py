"""The console entry point: Ctrl-C at any moment, even while importing, ends quietly."""

from __future__ import annotations

from quizdeck.cli.interrupt import interrupted


def main() -> None:
    """Import the command line (typer, yaml, … take a moment) and run it."""
    try:
        from quizdeck.cli.app import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
