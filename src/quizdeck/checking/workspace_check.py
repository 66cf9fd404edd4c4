"""Every selected bank of a workspace loaded and checked, in bank order, in this process
or in worker processes (the same result either way); checker.check_bank checks one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from quizdeck.banks.loader import load_bank_file
from quizdeck.banks.model import Bank, Diagnostic
from quizdeck.checking.checker import check_bank
from quizdeck.checking.codes import duplicate_bank
from quizdeck.checking.result import CheckedBank, CheckResult
from quizdeck.processes import Pool, pool, workers_for
from quizdeck.sources.articles import Article
from quizdeck.workspace import Workspace


class BankMemo(Protocol):
    """Banks loaded and checked before, reused while unchanged (commands/watch.CheckMemo)."""

    def load(self, path: Path, shown: str) -> tuple[Bank | None, list[Diagnostic]]:
        """The bank at `path` as load_bank_file gives it."""
        ...

    def check(
        self,
        path: Path,
        bank: Bank,
        workspace: Workspace,
        articles: dict[Path, Article | Diagnostic],
    ) -> tuple[CheckedBank | None, list[Diagnostic]]:
        """The bank checked as check_bank does."""
        ...


def check_workspace(
    workspace: Workspace,
    selectors: tuple[str, ...] | list[str] = (),
    memo: BankMemo | None = None,
    jobs: int | None = 1,
    *,
    keep_banks: bool = True,
) -> CheckResult:
    """Load and check the selected banks; raises UsageError for unknown banks.

    With `memo`, banks whose file and article did not change are not checked again.
    With `jobs` other than 1 (None: one per core when there is enough to do), the banks
    are loaded and checked in worker processes; the result is the same, in the same order.
    Without `keep_banks` (`quizdeck check` only reports), the result holds the
    diagnostics and question counts, no banks: worker processes send no bank back.
    """
    tasks = [(workspace, path, workspace.shown(path)) for path in workspace.bank_files(selectors)]
    workers = 1 if memo is not None else workers_for(jobs, sum(_size(t[1]) for t in tasks))
    if workers > 1 and len(tasks) > 1:
        checks: dict[str, _Checked] = {}

        def loaded_in(running: Pool) -> Iterator[_Loaded]:
            jobs = [(*task, keep_banks) for task in tasks]
            for shown, bank_id, found, checked in running.run(_load_and_check, jobs):
                checks[shown] = checked
                yield shown, bank_id, found

        with pool(min(workers, len(tasks))) as running:
            return _assembled(loaded_in(running), checks.__getitem__)
    articles: dict[Path, Article | Diagnostic] = {}
    where = {shown: path for _, path, shown in tasks}
    banks: dict[str, Bank] = {}

    def loaded() -> Iterator[_Loaded]:
        for _, path, shown in tasks:
            bank, found = memo.load(path, shown) if memo else load_bank_file(path, shown)
            if bank is not None:
                banks[shown] = bank
            yield shown, None if bank is None else bank.id, found

    def check(shown: str) -> _Checked:
        bank = banks.pop(shown)
        if memo is not None:
            checked, found = memo.check(where[shown], bank, workspace, articles)
        else:
            checked, found = check_bank(bank, workspace, articles)
        return _counted(bank, checked, found, keep_banks)

    return _assembled(loaded(), check)


# A bank checked: the result (None when it cannot be used, or not kept), its questions
# (None when it cannot be used) and its diagnostics.
_Checked = tuple[CheckedBank | None, int | None, list[Diagnostic]]
# A bank as loaded: where it is shown, its id (None: it could not be), the diagnostics.
_Loaded = tuple[str, str | None, list[Diagnostic]]


def _counted(
    bank: Bank, checked: CheckedBank | None, found: list[Diagnostic], keep: bool
) -> _Checked:
    """What the result keeps of a bank checked."""
    questions = None if checked is None else len(bank.questions)
    return (checked if keep else None), questions, found


def _assembled(loaded: Iterable[_Loaded], check: Callable[[str], _Checked]) -> CheckResult:
    """The banks and diagnostics in bank order; a bank with an earlier bank's id is refused,
    not checked."""
    banks: list[CheckedBank] = []
    questions: list[int] = []
    diagnostics: list[Diagnostic] = []
    bank_paths: dict[str, str] = {}
    for shown, bank_id, found in loaded:
        diagnostics.extend(found)
        if bank_id is None:
            continue
        if bank_id in bank_paths:
            diagnostics.append(duplicate_bank(bank_id, shown, bank_paths[bank_id]))
            continue
        bank_paths[bank_id] = shown
        checked, count, found = check(shown)
        diagnostics.extend(found)
        if count is not None:
            questions.append(count)
        if checked is not None:
            banks.append(checked)
    return CheckResult(tuple(banks), tuple(diagnostics), tuple(questions))


def _load_and_check(
    workspace: Workspace, path: Path, shown: str, keep: bool
) -> tuple[str, str | None, list[Diagnostic], _Checked]:
    """One bank loaded and checked, in a worker process (a bank whose id turns out to be
    taken is checked for nothing); the bank goes back only when the result keeps it."""
    bank, found = load_bank_file(path, shown)
    if bank is None:
        return shown, None, found, (None, None, [])
    checked, diagnostics = check_bank(bank, workspace, {})
    return shown, bank.id, found, _counted(bank, checked, diagnostics, keep)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
