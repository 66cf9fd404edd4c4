"""The console entry point: Ctrl-C at any moment, even while importing, ends quietly."""

from __future__ import annotations

import sys

from quizdeck.cli.interrupt import interrupted


def main() -> None:
    """Import the command line (typer, yaml, … take a moment) and run it."""
    if sys.argv[1:] == ["--version"]:
        # What `--version` alone prints, without importing the commands it does not run.
        from quizdeck import __version__

        print(f"quizdeck {__version__}", flush=True)
        return
    try:
        from quizdeck.cli.app import main as run
    except KeyboardInterrupt:
        interrupted()
    run()
