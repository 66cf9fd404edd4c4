"""`quizdeck build`: check, then every output, staged and moved into place at once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import SAMPLE_BANK, WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.outputs import build as build_module
from quizdeck.outputs import combined as combined_module
from quizdeck.outputs.build import STAGES, build
from quizdeck.outputs.combined import combined_title
from quizdeck.outputs.publish import remove_owned
from quizdeck.workspace import Workspace


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


SAMPLE_FILES = [
    ".quizdeck-files",
    "anki/.quizdeck-files",
    "anki/.stamps.json",
    "anki/sample.apkg",
    "anki/second.apkg",
    "html/.quizdeck-files",
    "html/index.html",
    "html/sample-A-key.html",
    "html/sample-A-sheet.html",
    "html/sample-A.html",
    "html/sample-B-key.html",
    "html/sample-B-sheet.html",
    "html/sample-B.html",
    "html/sample.forms.json",
    "html/second-A-key.html",
    "html/second-A-sheet.html",
    "html/second-A.html",
    "html/second-B-key.html",
    "html/second-B-sheet.html",
    "html/second-B.html",
    "html/second.forms.json",
    "html/테스트-A-key.html",
    "html/테스트-A-sheet.html",
    "html/테스트-A.html",
    "html/테스트-B-key.html",
    "html/테스트-B-sheet.html",
    "html/테스트-B.html",
    "html/테스트.forms.json",
    "live/.quizdeck-files",
    "live/sample.blooket.csv",
    "live/sample.kahoot.xlsx",
    "live/sample.quizlet.txt",
    "live/sample.wayground.xlsx",
    "live/second.blooket.csv",
    "live/second.kahoot.xlsx",
    "live/second.quizlet.txt",
    "live/second.wayground.xlsx",
    "lms/.quizdeck-files",
    "lms/sample.gift",
    "lms/sample.moodle.xml",
    "lms/sample.qti.zip",
    "lms/second.gift",
    "lms/second.moodle.xml",
    "lms/second.qti.zip",
]


def two_banks(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("second", SAMPLE_BANK.replace('deck: "테스트::시장"', 'deck: "테스트::둘째"'))


def test_build_writes_every_output_and_a_summary(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    result = workspace.run("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "  sample                       6 questions\n"
        "  second                       6 questions\n"
        "2 bank(s), 12 question(s): 2 Anki deck(s) in build/anki, 19 HTML file(s) in build/html "
        "(open build/html/index.html)\n"
        "6 learning-platform file(s) in build/lms (Moodle XML, GIFT, Canvas QTI)\n"
        "8 live-quiz file(s) in build/live (Kahoot, Wayground, Blooket, Quizlet)\n"
    )
    # Per bank: short, numeric and cloze have no Kahoot or Blooket form; Wayground asks
    # one blank per Fill-in-the-Blank (the cloze has two).
    assert result.stderr.endswith(
        "left out where the platform cannot hold them: kahoot 6, wayground 2, blooket 6 "
        "(quizdeck export PLATFORM names each)\n"
    )
    assert list(tree(workspace.root / "build")) == SAMPLE_FILES
    index = (workspace.root / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert quote("테스트-A.html") in index and "second-B-key.html" in index
    # Every output is readable like any other file (temporary files start private).
    modes = {
        oct(p.stat().st_mode & 0o777) for p in (workspace.root / "build").rglob("*") if p.is_file()
    }
    assert modes == {"0o644"}
    # Nothing of the staging is left beside the build.
    assert sorted(p.name for p in workspace.root.iterdir()) == ["build", "questions", "seeds"]


def test_rebuilding_unchanged_input_gives_the_same_bytes(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    first = tree(workspace.root / "build")
    assert workspace.run("build").exit_code == 0
    assert tree(workspace.root / "build") == first


def test_an_edit_moves_only_that_notes_stamp(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    record = workspace.root / "build" / "anki" / ".stamps.json"
    before = json.loads(record.read_text(encoding="utf-8"))["stamps"]
    bank = workspace.root / "questions" / "sample.yaml"
    edited = bank.read_text(encoding="utf-8").replace(
        'explanation: "미국에 이어 세계 2위다."',
        'explanation: "기사에 따르면 미국에 이어 세계 2위다."',
    )
    bank.write_text(edited, encoding="utf-8")
    assert workspace.run("check").exit_code == 0
    assert workspace.run("build").exit_code == 0
    after = json.loads(record.read_text(encoding="utf-8"))["stamps"]
    moved = sorted(key for key in after if after[key] != before.get(key))
    assert len(moved) == 1
    assert after[moved[0]][1] > before[moved[0]][1]


def test_check_errors_write_nothing_and_keep_the_old_build(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    old = tree(workspace.root / "build")
    workspace.bank("second", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "415억 위안"'))
    result = workspace.run("build")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "questions/second.yaml:16:13: error[answer-not-in-choices] market-size: answer '415억 위안' "
        "is not among the choices\n"
        "    did you mean '414억 위안'?\n"
        "questions/second.yaml:16:13: error[number-not-in-evidence] market-size: the number "
        "41,500,000,000 in the answer '415억 위안' is not in the evidence\n"
        "quizdeck: check failed: nothing written\n"
    )
    assert tree(workspace.root / "build") == old


def test_a_failure_midway_leaves_the_old_build_whole(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    old = tree(workspace.root / "build")
    broken = workspace.root / "templates" / "html" / "key.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("{{ form.nothing_here }}", encoding="utf-8")
    result = workspace.run("build")
    assert result.exit_code == 2
    assert result.stderr.startswith("quizdeck: ")
    assert "templates/html/key.html:1:" in result.stderr
    assert tree(workspace.root / "build") == old
    assert sorted(p.name for p in workspace.root.iterdir()) == [
        "build",
        "questions",
        "seeds",
        "templates",
    ]


def test_out_must_not_hold_foreign_files(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("build", "--out", str(workspace.root))
    assert result.exit_code == 2
    assert result.stderr == (
        f"quizdeck: --out {workspace.root} holds files quizdeck did not write (questions, seeds); "
        "build replaces the whole directory, so choose an empty or new one\n"
    )
    assert sorted(p.name for p in workspace.root.iterdir()) == ["questions", "seeds"]


def test_a_bank_selection_builds_only_those_and_one_bank_is_not_combined(
    workspace: WorkspaceBuilder,
) -> None:
    two_banks(workspace)
    out = workspace.root / "elsewhere"
    result = workspace.run("build", "second", "--out", str(out))
    assert result.exit_code == 0
    # No combined quiz: it would only repeat the one bank.
    assert sorted(tree(out)) == [
        ".quizdeck-files",
        "anki/.quizdeck-files",
        "anki/.stamps.json",
        "anki/second.apkg",
        "html/.quizdeck-files",
        "html/index.html",
        "html/second-A-key.html",
        "html/second-A-sheet.html",
        "html/second-A.html",
        "html/second-B-key.html",
        "html/second-B-sheet.html",
        "html/second-B.html",
        "html/second.forms.json",
        "live/.quizdeck-files",
        "live/second.blooket.csv",
        "live/second.kahoot.xlsx",
        "live/second.quizlet.txt",
        "live/second.wayground.xlsx",
        "lms/.quizdeck-files",
        "lms/second.gift",
        "lms/second.moodle.xml",
        "lms/second.qti.zip",
    ]


def test_banks_over_the_combined_limit_are_not_combined_and_the_build_says_so(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    combined = {"html/테스트-A.html", "html/테스트-B-key.html", "html/테스트.forms.json"}
    assert combined <= set(tree(workspace.root / "build"))
    # The two banks hold 12 questions: one over the limit, and there is no combined quiz.
    monkeypatch.setattr(combined_module, "MAX_COMBINED_QUESTIONS", 11)
    result = workspace.run("build")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "no combined quiz: 12 questions are over the 11 a build combines "
        "(quizdeck html --title TITLE BANK… combines the banks you name)\n"
    )
    assert result.stdout == (
        "  sample                       6 questions\n"
        "  second                       6 questions\n"
        "2 bank(s), 12 question(s): 2 Anki deck(s) in build/anki, 13 HTML file(s) in build/html "
        "(open build/html/index.html)\n"
        "6 learning-platform file(s) in build/lms (Moodle XML, GIFT, Canvas QTI)\n"
        "8 live-quiz file(s) in build/live (Kahoot, Wayground, Blooket, Quizlet)\n"
    )
    files = tree(workspace.root / "build")
    assert not combined & set(files)
    assert quote("테스트-A.html") not in files["html/index.html"].decode()
    # Each bank's own files are those of a build without the limit, unchanged.
    with_limit = {name: data for name, data in files.items() if "index" not in name}
    assert workspace.run("build", "--no-cache").exit_code == 0
    assert {
        n: d for n, d in tree(workspace.root / "build").items() if "index" not in n
    } == with_limit
    # At the limit exactly, the banks are combined again.
    monkeypatch.setattr(combined_module, "MAX_COMBINED_QUESTIONS", 12)
    result = workspace.run("build")
    assert result.exit_code == 0 and "no combined quiz" not in result.stderr
    assert combined <= set(tree(workspace.root / "build"))


def test_the_readme_states_the_combined_limit() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    limit = f"{combined_module.MAX_COMBINED_QUESTIONS:,}"
    assert f"they hold at most {limit} questions in\nall" in readme
    assert f"are over the {limit} a build combines" in readme


def test_library_build_reports_each_stage(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    result = check_workspace(Workspace(workspace.root))
    assert combined_title(result.resolved) == "테스트"
    assert combined_title(result.resolved[:1]) == "전체 문제"
    stages: list[str] = []
    summary = build(
        result.resolved, Workspace(workspace.root), workspace.root / "out", stages.append
    )
    assert stages == list(STAGES)
    assert summary.questions == (("sample", 6), ("second", 6))
    assert [p.name for p in summary.files("anki")] == ["sample.apkg", "second.apkg"]
    assert all(p.is_file() for p in summary.files("anki") + summary.files("html"))


def test_build_on_the_seeds(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    result = workspace.run("build")
    assert result.exit_code == 0, result.output
    files = tree(workspace.root / "build")
    assert len([f for f in files if f.endswith(".apkg")]) == 5
    assert len([f for f in files if f.startswith("html/") and f.endswith(".html")]) == 37
    questions = sum(
        p.read_text(encoding="utf-8").count("\n  - id:")
        for p in (workspace.root / "questions").glob("*.yaml")
    )
    assert questions >= 5 * 25
    assert len([f for f in files if f.startswith("lms/") and not f.endswith("-files")]) == 15
    assert len([f for f in files if f.startswith("live/") and not f.endswith("-files")]) == 20
    assert result.stdout.splitlines()[-3:] == [
        f"5 bank(s), {questions} question(s): 5 Anki deck(s) in build/anki, "
        "37 HTML file(s) in build/html (open build/html/index.html)",
        "15 learning-platform file(s) in build/lms (Moodle XML, GIFT, Canvas QTI)",
        "20 live-quiz file(s) in build/live (Kahoot, Wayground, Blooket, Quizlet)",
    ]


# Faults and hostile places (issue 14): nothing of the user's replaced or deleted.


def test_user_files_inside_anki_and_html_are_refused_untouched(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    workspace.sample()
    out = tmp_path / "mine"
    (out / "anki").mkdir(parents=True)
    (out / "html").mkdir()
    (out / "anki" / "my-deck.apkg").write_bytes(b"my own deck")
    (out / "html" / "index.html").write_text("my own page")
    before = tree(out)
    result = workspace.run("build", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizdeck: --out {out} holds files quizdeck did not write (anki/my-deck.apkg, "
        "html/index.html); build replaces the whole directory, so choose an empty or new one\n"
    )
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_file_added_to_a_previous_build_is_refused(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    assert workspace.run("build").exit_code == 0
    mine = workspace.root / "build" / "html" / "notes.txt"
    mine.write_text("my notes")
    result = workspace.run("build")
    assert result.exit_code == 2
    assert "(html/notes.txt)" in result.stderr
    assert mine.read_text() == "my notes"


def test_building_a_selection_keeps_the_other_banks(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    out = workspace.root / "build"
    before = tree(out)
    workspace.bank("second", SAMPLE_BANK.replace("정부 지원이 디딤돌이다.", "정부 지원이다."))
    result = workspace.run("build", "second")
    assert result.exit_code == 0, result.output
    after = tree(out)
    kept = [
        "anki/sample.apkg",
        "html/sample-A-key.html",
        "html/sample-A-sheet.html",
        "html/sample-A.html",
        "html/sample-B-key.html",
        "html/sample-B-sheet.html",
        "html/sample-B.html",
        "lms/sample.gift",
        "lms/sample.moodle.xml",
        "lms/sample.qti.zip",
        "live/sample.blooket.csv",
        "live/sample.kahoot.xlsx",
        "live/sample.quizlet.txt",
        "live/sample.wayground.xlsx",
    ]
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert after["html/second-A-key.html"] != before["html/second-A-key.html"]
    # The combined quiz held the old questions of `second`: it is gone, and the index
    # lists exactly the quizzes there are.
    assert sorted(name for name in after if name.endswith(".html")) == [
        name for name in SAMPLE_FILES if name.endswith(".html") and "테스트" not in name
    ]
    index = after["html/index.html"].decode("utf-8")
    assert "sample-B-key.html" in index and "second-A.html" in index
    assert quote("테스트") not in index
    # Every stamp recorded before is still there: the kept deck's notes keep theirs.
    stamps_before = json.loads(before["anki/.stamps.json"])["stamps"]
    stamps_after = json.loads(after["anki/.stamps.json"])["stamps"]
    assert set(stamps_before) <= set(stamps_after)
    # A full build brings the combined quiz back.
    assert workspace.run("build").exit_code == 0
    assert "html/테스트-A.html" in tree(out)


def test_a_symlinked_build_stays_a_symlink(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    two_banks(workspace)
    real = tmp_path / "elsewhere" / "site"
    real.mkdir(parents=True)
    link = workspace.root / "build"
    link.symlink_to(real)
    for _ in range(2):
        assert workspace.run("build").exit_code == 0
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert list(tree(real)) == SAMPLE_FILES
    assert sorted(p.name for p in real.parent.iterdir()) == ["site"]


def test_the_next_run_recovers_from_a_kill_between_renames(workspace: WorkspaceBuilder) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    out = workspace.root / "build"
    old = tree(out)
    # A kill between the two renames of the fallback swap, and one during staging.
    out.rename(workspace.root / ".build.old-x1y2z3")
    (workspace.root / ".build.staging-a1b2c3" / "anki").mkdir(parents=True)
    (workspace.root / ".build.staging-a1b2c3" / build_module.STAGING_MARK).touch()
    assert workspace.run("build").exit_code == 0
    assert tree(out) == old
    assert sorted(p.name for p in workspace.root.iterdir()) == ["build", "questions", "seeds"]


class Killed(BaseException):
    """A SIGKILL at one step of a removal: nothing after it runs."""


@pytest.mark.parametrize("name", [".build.staging-k1l2m3", ".build.old-k1l2m3"])
@pytest.mark.slow
def test_a_kill_at_any_step_of_removing_a_build_leaves_nothing_the_next_run_misses(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """CI found `.build.staging-*` left for good: rmtree had removed its records first."""
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    out = workspace.root / "build"
    built = tree(out)
    steps = len(built) + sum(1 for p in out.rglob("*") if p.is_dir()) + 1
    real_unlink, real_rmdir = Path.unlink, Path.rmdir
    for allowed in range(steps + 1):
        leftover = workspace.root / name
        shutil.copytree(out, leftover)
        count = 0

        def step(path: Path, real: Callable[[Path], None], allowed: int = allowed) -> None:
            nonlocal count
            count += 1
            if count > allowed:
                raise Killed
            real(path)

        monkeypatch.setattr(Path, "unlink", lambda p, missing_ok=False: step(p, real_unlink))
        monkeypatch.setattr(Path, "rmdir", lambda p: step(p, real_rmdir))
        with pytest.raises(Killed) if allowed < steps else contextlib.nullcontext():
            remove_owned(leftover, build_module.RECORDS)
        monkeypatch.undo()
        assert workspace.run("build").exit_code == 0
        assert tree(out) == built
        assert sorted(p.name for p in workspace.root.iterdir()) == [
            "build",
            "questions",
            "seeds",
        ], f"left after {allowed} of {steps} steps"


def test_an_empty_staging_directory_is_a_kill_before_its_record(
    workspace: WorkspaceBuilder,
) -> None:
    two_banks(workspace)
    (workspace.root / ".build.staging-n4o5p6").mkdir()
    assert workspace.run("build").exit_code == 0
    assert sorted(p.name for p in workspace.root.iterdir()) == ["build", "questions", "seeds"]


def test_finding_8_recovery_touches_only_what_quizdeck_wrote(workspace: WorkspaceBuilder) -> None:
    """Finding 8: recovery deleted `.build.staging-*` and renamed `.build.old-*` by name alone."""
    two_banks(workspace)
    staging = workspace.root / ".build.staging-mine"
    staging.mkdir()
    (staging / "draft.txt").write_text("my notes")
    old = workspace.root / ".build.old-mine"
    (old / "html").mkdir(parents=True)
    (old / ".quizdeck-files").write_text("{}")
    (old / "html" / "draft.txt").write_text("my other notes")
    assert workspace.run("build").exit_code == 0
    assert (staging / "draft.txt").read_text() == "my notes"
    assert (old / "html" / "draft.txt").read_text() == "my other notes"
    assert (workspace.root / "build" / "html").is_dir()


def test_without_an_atomic_exchange_the_swap_falls_back(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_banks(workspace)
    assert workspace.run("build").exit_code == 0
    monkeypatch.setattr(build_module, "_exchange", lambda first, second: False)
    workspace.bank("second", SAMPLE_BANK.replace("정부 지원이 디딤돌이다.", "정부 지원이다."))
    assert workspace.run("build").exit_code == 0
    assert "정부 지원이다." in (workspace.root / "build/html/second-A-key.html").read_text()
    assert sorted(p.name for p in workspace.root.iterdir()) == ["build", "questions", "seeds"]
