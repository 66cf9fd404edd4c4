"""The workspace: where seeds, banks, templates and outputs live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from quizdeck.errors import QuizdeckError
from quizdeck.limits import is_file

BANK_SUFFIXES = (".yaml", ".yml")
# The first line `init` gives its example bank: a bank starting so is left out of every
# command once questions/ holds a bank without it (README: "Your own workspace").
EXAMPLE_MARK = "# quizdeck example:"


class UsageError(QuizdeckError):
    """A command-line problem: unknown bank, missing directory (exit status 2)."""


def default_template_dirs() -> list[Path]:
    """The templates quizdeck ships: a source checkout's, then the packaged copy."""
    # The package's own folder (importlib.resources would import its readers for this).
    packaged = Path(__file__).resolve().parent / "templates"
    source_tree = Path(__file__).resolve().parents[2] / "templates"
    # A source checkout's templates/ beats the packaged copy: an editable install's
    # copy is a snapshot taken at install time and goes stale as templates are edited.
    return [p for p in (source_tree, packaged) if p.is_dir()]


def is_example(path: Path) -> bool:
    """A bank that starts with `init`'s example mark (one that cannot be read is not)."""
    mark = EXAMPLE_MARK.encode()
    if not is_file(path):
        return False  # a FIFO or a device named like a bank: never opened (it may block)
    try:
        with path.open("rb") as file:
            return file.read(len(mark)) == mark
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Workspace:
    """A workspace root with the README's layout (seeds/, questions/, templates/)."""

    root: Path

    @cached_property
    def resolved_root(self) -> Path:
        """The root with its links followed, found once (every path shown is measured
        against it)."""
        return self.root.resolve()

    @property
    def seeds(self) -> Path:
        """The directory of source articles."""
        return self.root / "seeds"

    @property
    def questions(self) -> Path:
        """The directory of question banks."""
        return self.root / "questions"

    @cached_property
    def _folders(self) -> dict[Path, Path]:
        """Folders resolved so far (the banks of questions/ share one)."""
        return {}

    def _resolved_folder(self, folder: Path) -> Path:
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = folder.resolve()
        return found

    def shown(self, path: Path) -> str:
        """A path as shown in messages: relative to the root when inside it."""
        try:
            # The name as written (a link, even broken or looping, is shown as itself).
            resolved = self._resolved_folder(path.absolute().parent) / path.name
            return resolved.relative_to(self.resolved_root).as_posix()
        except ValueError:
            return str(path)

    def escapes(self, path: Path) -> Path | None:
        """Where `path` resolves when that is outside the workspace (a symlink out), else None."""
        try:
            if os.path.islink(path) or path.name in ("", ".", ".."):
                target = path.resolve()
            else:
                # Not a link itself: it resolves where its folder does.
                target = self._resolved_folder(path.absolute().parent) / path.name
            root = self.resolved_root
        except (OSError, RuntimeError):
            return None  # a loop or an unreadable path: its reader says so
        return None if target.is_relative_to(root) else target

    def refuse_escape(self, path: Path) -> None:
        """Raise UsageError when `path` resolves outside the workspace (finding 6)."""
        target = self.escapes(path)
        if target is not None:
            raise UsageError(
                f"{self.shown(path)} links outside the workspace (to {target}): refused"
            )

    def template_dirs(self) -> list[Path]:
        """Template search path: the workspace's templates/, then the shipped ones."""
        self.refuse_escape(self.root / "templates")
        dirs = [self.root / "templates"]
        dirs += [p for p in default_template_dirs() if p not in dirs]
        return [p for p in dirs if p.is_dir()]

    def bank_files(
        self, selectors: tuple[str, ...] | list[str] = (), examples: bool = False
    ) -> list[Path]:
        """The bank files named by ids or paths; every bank in questions/ when none is named
        (but `init`'s example once there is another, unless `examples`)."""
        if not selectors:
            if not self.questions.is_dir():
                raise UsageError(f"no questions/ directory in {self.root}")
            self.refuse_escape(self.questions)
            try:
                # Every entry named like a bank: one that can't be read (a broken link,
                # a device) is reported by the checker, not skipped in silence.
                found = sorted(p for p in self.questions.iterdir() if p.suffix in BANK_SUFFIXES)
            except OSError as problem:
                raise UsageError(f"cannot read {self.questions}: {problem.strerror}") from None
            for path in found:
                if is_file(path):  # what is no regular file, the checker reports
                    self.refuse_escape(path)
            own = [p for p in found if not is_example(p)]
            return found if examples else own or found
        files: list[Path] = []
        for selector in selectors:
            path = self._resolve(selector)
            if path not in files:
                files.append(path)
        return files

    def _resolve(self, selector: str) -> Path:
        as_path = Path(selector)
        candidates = [as_path, self.root / as_path]
        if as_path.suffix not in BANK_SUFFIXES and "/" not in selector:
            candidates = [
                self.questions / f"{selector}{suffix}" for suffix in BANK_SUFFIXES
            ] + candidates
        for candidate in candidates:
            if is_file(candidate):
                return candidate
        known = ", ".join(p.stem for p in self.bank_files()) if self.questions.is_dir() else "none"
        raise UsageError(f"no bank '{selector}' (banks in questions/: {known})")
