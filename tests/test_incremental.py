"""Incremental builds (README: incremental builds): reuse what is unchanged, same bytes as cold."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import quizdeck
from conftest import REPO, SAMPLE_ARTICLE, SAMPLE_BANK, WorkspaceBuilder
from quizdeck.outputs import cache, incremental, jobs
from quizdeck.outputs.build import Staging
from quizdeck.outputs.incremental import build_workspace
from quizdeck.outputs.publish import claimed_files, write_claim
from quizdeck.workspace import Workspace


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def three_banks(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("second", SAMPLE_BANK.replace('deck: "테스트::시장"', 'deck: "테스트::둘째"'))
    workspace.article("other.txt", SAMPLE_ARTICLE.replace("414억", "415억"))
    third = SAMPLE_BANK.replace("source: sample.txt", "source: other.txt")
    third = third.replace('deck: "테스트::시장"', 'deck: "테스트::셋째"')
    workspace.bank("third", third.replace("414억", "415억"))


def edit_question(ws: WorkspaceBuilder) -> None:
    bank = ws.root / "questions" / "second.yaml"
    text = bank.read_text(encoding="utf-8")
    edited = text.replace(
        'explanation: "미국에 이어 세계 2위다."',
        'explanation: "기사에 따르면 미국에 이어 세계 2위다."',
    )
    assert edited != text
    bank.write_text(edited, encoding="utf-8")


def edit_article(ws: WorkspaceBuilder) -> None:
    article = ws.root / "seeds" / "other.txt"
    text = article.read_text(encoding="utf-8")
    inserted = text.replace(
        "허브로 거듭나고 있다.\n", "허브로 거듭나고 있다.\n\n덧붙인 문단이다.\n"
    )
    assert inserted != text
    article.write_text(inserted, encoding="utf-8")


def edit_template(ws: WorkspaceBuilder) -> None:
    template = ws.root / "templates" / "html" / "key.html"
    template.parent.mkdir(parents=True)
    shipped = (REPO / "templates" / "html" / "key.html").read_text(encoding="utf-8")
    edited = shipped.replace('<header class="masthead">', '<header class="masthead own">')
    assert edited != shipped
    template.write_text(edited, encoding="utf-8")


def delete_bank(ws: WorkspaceBuilder) -> None:
    (ws.root / "questions" / "third.yaml").unlink()


def add_bank(ws: WorkspaceBuilder) -> None:
    ws.bank("fourth", SAMPLE_BANK.replace('deck: "테스트::시장"', 'deck: "테스트::넷째"'))


def new_version(ws: WorkspaceBuilder) -> None:
    pass  # the test's monkeypatch changes quizdeck.__version__


CHANGES: dict[str, Callable[[WorkspaceBuilder], None]] = {
    "edit a question": edit_question,
    "edit an article": edit_article,
    "edit a template": edit_template,
    "delete a bank": delete_bank,
    "add a bank": add_bank,
    "new quizdeck version": new_version,
}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.slow
def test_after_a_change_the_build_is_the_same_as_without_the_record(
    workspace: WorkspaceBuilder, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    CHANGES[change](workspace)
    if change == "new quizdeck version":
        monkeypatch.setattr(quizdeck, "__version__", "99.0.0")
    before = tree(workspace.root / "build")
    incremental = workspace.run("build")
    assert incremental.exit_code == 0, incremental.stderr
    built = tree(workspace.root / "build")
    if change != "new quizdeck version":  # the version is in no output
        assert built != before
    cold = workspace.run("build", "--no-cache")
    assert cold.exit_code == 0
    assert (incremental.stdout, incremental.stderr) == (cold.stdout, cold.stderr)
    assert tree(workspace.root / "build") == built


@pytest.mark.parametrize("change", ["nothing", "edit a question", "edit an article"])
def test_a_settled_file_is_not_read_again_and_a_changed_one_is(
    workspace: WorkspaceBuilder, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bank or article whose stamp (inode, size, times) has not changed since it was read
    is not read again; settled at once here (cache.SETTLED_NS 0), a change still shows."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    three_banks(workspace)
    time.sleep(0.05)  # the files' times fall before the stamps are taken
    ws, out = Workspace(workspace.root), workspace.root / "build"
    build_workspace(ws, out, jobs=1)
    read: list[Path] = []
    hashed: list[Path] = []
    real_read, real_digest = incremental.read_input, cache.file_digest
    monkeypatch.setattr(incremental, "read_input", lambda p, n: read.append(p) or real_read(p, n))
    monkeypatch.setattr(cache, "file_digest", lambda p: hashed.append(p) or real_digest(p))
    if change == "edit a question":
        edit_question(workspace)
    elif change == "edit an article":
        edit_article(workspace)
    result = build_workspace(ws, out, jobs=1)
    # The edited bank, or the bank of the edited article, read again to be built again.
    banks = {"nothing": [], "edit a question": ["second.yaml"], "edit an article": ["third.yaml"]}
    assert sorted(p.name for p in read) == banks[change]
    # Only the edited article is read to learn it changed (an absent statistics file is
    # looked for, it has no stamp).
    existing = sorted(p.name for p in hashed if p.exists())
    assert existing == (["other.txt"] if change == "edit an article" else [])
    assert result.reused == (3 if change == "nothing" else 2)
    built = tree(out)
    monkeypatch.undo()
    assert workspace.run("build", "--no-cache").exit_code == 0
    assert tree(out) == built


def test_a_new_quizdeck_version_builds_every_bank_again(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_banks(workspace)
    ws, out = Workspace(workspace.root), workspace.root / "build"
    build_workspace(ws, out, jobs=1)
    monkeypatch.setattr(quizdeck, "__version__", "99.0.0")
    assert build_workspace(ws, out, jobs=1).reused == 0
    assert build_workspace(ws, out, jobs=1).reused == 3


def test_other_code_under_the_same_version_builds_every_bank_again(
    workspace: WorkspaceBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkout between two releases: the same version number, other code.
    three_banks(workspace)
    ws, out = Workspace(workspace.root), workspace.root / "build"
    assert build_workspace(ws, out, jobs=1).reused == 0
    assert build_workspace(ws, out, jobs=1).reused == 3
    same, copy = tmp_path / "same" / "quizdeck", tmp_path / "other" / "quizdeck"
    for made in (same, copy):
        shutil.copytree(cache.PACKAGE, made, ignore=shutil.ignore_patterns("__pycache__"))
    edited = (copy / "resolve.py").read_text(encoding="utf-8") + "\n# edited\n"
    (copy / "resolve.py").write_text(edited, encoding="utf-8")
    assert cache.code_digest(same) == cache.code_digest()
    assert cache.code_digest(copy) != cache.code_digest()
    monkeypatch.setattr(jobs, "code_digest", lambda: cache.code_digest(copy))
    assert build_workspace(ws, out, jobs=1).reused == 0
    assert build_workspace(ws, out, jobs=1).reused == 3


def test_a_changed_option_rebuilds_to_the_same_bytes(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    assert workspace.run("build", "--order", "bank").exit_code == 0
    built = tree(workspace.root / "build")
    assert workspace.run("build", "--order", "bank", "--no-cache").exit_code == 0
    assert tree(workspace.root / "build") == built


def test_only_the_edited_bank_is_checked_and_rendered_again(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    ws, out = Workspace(workspace.root), workspace.root / "build"
    assert build_workspace(ws, out, jobs=1).reused == 0
    kept = {name: os.stat(out / name).st_ino for name in tree(out)}
    unchanged = build_workspace(ws, out, jobs=1)
    assert unchanged.reused == 3
    # Nothing was written: every file is the very same one.
    assert {name: os.stat(out / name).st_ino for name in tree(out)} == kept
    edit_question(workspace)
    assert build_workspace(ws, out, jobs=1).reused == 2
    now = {name: os.stat(out / name).st_ino for name in tree(out)}
    assert now["lms/sample.gift"] == kept["lms/sample.gift"]  # linked, not rewritten
    assert now["lms/second.gift"] != kept["lms/second.gift"]


def seeds_workspace(workspace: WorkspaceBuilder) -> Path:
    """The repository's banks and seeds: live-quiz files leave questions out of them."""
    for folder in ("questions", "seeds"):
        shutil.copytree(REPO / folder, workspace.root / folder, dirs_exist_ok=True)
    return workspace.root


@pytest.mark.slow
def test_every_family_and_the_left_out_notices_are_reused_as_they_were(
    workspace: WorkspaceBuilder,
) -> None:
    root = seeds_workspace(workspace)
    first = workspace.run("build")
    assert first.exit_code == 0, first.stderr
    assert "left out where the platform cannot hold them: kahoot" in first.stderr
    bank = sorted((root / "questions").glob("*.yaml"))[0]
    bank.write_text(bank.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    incremental = workspace.run("build")
    built = tree(root / "build")
    families = {name.split("/")[0] for name in built}
    assert families == {".quizdeck-files", "anki", "html", "lms", "live"}
    assert any(name.endswith("-sheet.html") for name in built)
    assert any(name.endswith(".forms.json") for name in built)
    cold = workspace.run("build", "--no-cache")
    assert (incremental.stdout, incremental.stderr) == (cold.stdout, cold.stderr)
    assert (incremental.stdout, incremental.stderr) == (first.stdout, first.stderr)
    assert tree(root / "build") == built


def test_a_named_bank_is_built_as_without_the_record(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    out = workspace.root / "build"
    assert workspace.run("build").exit_code == 0
    full = tree(out)
    shutil.copytree(out, workspace.root / "saved")
    edit_question(workspace)
    named = workspace.run("build", "second")
    assert named.exit_code == 0, named.stderr
    built = tree(out)
    # The other banks' files are kept, the combined quiz is left out until a full build.
    assert built["lms/sample.gift"] == full["lms/sample.gift"]
    assert built["lms/second.gift"] != full["lms/second.gift"]
    combined = [name for name in full if name.startswith("html/") and name not in built]
    assert combined and all("sample" not in name and "third" not in name for name in combined)
    shutil.rmtree(out)
    (workspace.root / "saved").rename(out)
    cold = workspace.run("build", "second", "--no-cache")
    assert (cold.stdout, cold.stderr) == (named.stdout, named.stderr)
    assert tree(out) == built
    again = workspace.run("build")
    assert again.exit_code == 0
    assert set(tree(out)) == set(full)


def test_an_article_link_pointed_elsewhere_is_read_again(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    seeds = workspace.root / "seeds"
    (seeds / "other.txt").rename(seeds / "first.txt")
    (seeds / "other.txt").symlink_to("first.txt")
    assert workspace.run("build").exit_code == 0
    before = tree(workspace.root / "build")
    text = (seeds / "first.txt").read_text(encoding="utf-8")
    edit = text.replace("허브로 거듭나고 있다.\n", "허브로 거듭나고 있다.\n\n덧붙인 문단이다.\n")
    (seeds / "second.txt").write_text(edit, encoding="utf-8")
    (seeds / "other.txt").unlink()
    (seeds / "other.txt").symlink_to("second.txt")
    assert workspace.run("build").exit_code == 0
    built = tree(workspace.root / "build")
    assert built["html/third-A.html"] != before["html/third-A.html"]
    assert workspace.run("build", "--no-cache").exit_code == 0
    assert tree(workspace.root / "build") == built


def test_an_article_linked_outside_the_workspace_is_refused_as_without_the_record(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    built = tree(workspace.root / "build")
    article = workspace.root / "seeds" / "other.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(article.read_bytes())  # the same bytes, now outside seeds/
    article.unlink()
    article.symlink_to(outside)
    incremental = workspace.run("build")
    cold = workspace.run("build", "--no-cache")
    assert "links outside seeds/" in cold.stderr
    assert (
        (incremental.exit_code, incremental.stderr)
        == (cold.exit_code, cold.stderr)
        == (
            1,
            cold.stderr,
        )
    )
    assert tree(workspace.root / "build") == built


@pytest.mark.slow
def test_a_bank_s_statistics_count_as_its_input(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    stats = workspace.root / "stats" / "second.yaml"
    stats.parent.mkdir()
    stats.write_text("not: [the statistics quizdeck writes\n", encoding="utf-8")
    incremental = workspace.run("build")
    cold = workspace.run("build", "--no-cache")
    assert "warning[item-stats-unreadable]" in cold.stderr
    assert (incremental.exit_code, incremental.stderr) == (cold.exit_code, cold.stderr)
    stats.unlink()
    again, cold = workspace.run("build"), workspace.run("build", "--no-cache")
    assert "item-stats-unreadable" not in cold.stderr
    assert again.stderr == cold.stderr


@pytest.mark.parametrize("name", ["html/second-A.html", "anki/.stamps.json"])
@pytest.mark.slow
def test_a_file_touched_in_the_build_is_written_again(
    workspace: WorkspaceBuilder, name: str
) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    (workspace.root / "build" / name).write_text("scribbled over", encoding="utf-8")
    assert workspace.run("build").exit_code == 0
    built = tree(workspace.root / "build")
    assert workspace.run("build", "--no-cache").exit_code == 0
    assert tree(workspace.root / "build") == built


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "wrong shapes",
        "a bad row",
        "a family",
        "a parent folder",
        "an empty name",
        "another version",
    ],
)
def test_a_damaged_record_is_ignored_and_replaced(workspace: WorkspaceBuilder, damage: str) -> None:
    three_banks(workspace)
    ws, out = Workspace(workspace.root), workspace.root / "build"
    build_workspace(ws, out, jobs=1)
    built = tree(out)
    path = cache.slot_for(out) / cache.RECORD_FILE
    text = path.read_text(encoding="utf-8")
    damaged = {
        "garbage": "\x00not json at all{{",
        "truncated": text[: len(text) // 2],
        "wrong shapes": text.replace('"questions": 6', '"questions": "six"'),
        "a bad row": text.replace('"forms": [[', '"forms": [[1, ', 1),
        "a family": text.replace('"files": {"anki"', '"files": {"elsewhere": [], "anki"'),
        "a parent folder": text.replace('"files": {"anki": [', '"files": {"anki": ["..", ', 1),
        "an empty name": text.replace('"files": {"anki": [', '"files": {"anki": ["", ', 1),
        "another version": text.replace(
            f'"version": {cache.RECORD_VERSION},', f'"version": {cache.RECORD_VERSION + 1},', 1
        ),
    }[damage]
    assert damaged != text
    path.write_text(damaged, encoding="utf-8")
    assert build_workspace(ws, out, jobs=1).reused == 0
    assert tree(out) == built
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == cache.RECORD_VERSION
    assert build_workspace(ws, out, jobs=1).reused == 3


@pytest.mark.slow
def test_a_record_of_another_workspace_is_not_trusted(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    three_banks(workspace)
    other = WorkspaceBuilder(tmp_path / "other")
    three_banks(other)
    edit_question(other)
    out = workspace.root / "build"
    build_workspace(Workspace(other.root), other.root / "build", jobs=1)
    # The other workspace's record, put where this build's record goes.
    foreign = cache.slot_for(other.root / "build") / cache.RECORD_FILE
    cache.slot_for(out).mkdir(parents=True)
    shutil.copy(foreign, cache.slot_for(out) / cache.RECORD_FILE)
    shutil.copytree(other.root / "build", out)
    assert build_workspace(Workspace(workspace.root), out, jobs=1).reused == 0
    built = tree(out)
    assert workspace.run("build", "--no-cache").exit_code == 0
    assert tree(out) == built


@pytest.mark.slow
def test_the_record_cannot_grow_without_bound(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch, build_records: Path
) -> None:
    three_banks(workspace)
    monkeypatch.setattr(cache, "MAX_SLOTS", 2)
    ws = Workspace(workspace.root)
    for n in range(4):
        build_workspace(ws, workspace.root / f"out{n}", jobs=1)
    assert len(list(build_records.iterdir())) == 2
    # A deleted bank's kept copy goes with it.
    slot = cache.slot_for(workspace.root / "out3")
    assert len(list((slot / "blobs").iterdir())) == 3
    delete_bank(workspace)
    build_workspace(ws, workspace.root / "out3", jobs=1)
    assert len(list((slot / "blobs").iterdir())) == 2


def warning_banks(workspace: WorkspaceBuilder) -> None:
    """Banks with warnings in several files, to compare the order diagnostics come in."""
    three_banks(workspace)
    for name in ("sample", "second", "third"):
        path = workspace.root / "questions" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"414억 위안", "1천11억 위안"', '"414억 위안", "모두 맞다"'))


@pytest.mark.slow
def test_workers_write_the_same_bytes_and_diagnostics_as_one_process(
    workspace: WorkspaceBuilder,
) -> None:
    warning_banks(workspace)
    one = workspace.run("build", "--jobs", "1", "--no-cache")
    assert one.exit_code == 0, one.stderr
    assert "warning[" in one.stderr
    built = tree(workspace.root / "build")
    # In the same place: the stamp record gives every note the stamp it had.
    two = workspace.run("build", "--jobs", "2", "--no-cache")
    assert (two.exit_code, two.stdout, two.stderr) == (0, one.stdout, one.stderr)
    assert tree(workspace.root / "build") == built
    # Reused banks report the warnings they had.
    again = workspace.run("build", "--jobs", "2")
    assert (again.stdout, again.stderr) == (one.stdout, one.stderr)


def test_jobs_must_be_at_least_one(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    done = workspace.run("build", "--jobs", "0")
    assert (done.exit_code, done.stderr) == (2, "quizdeck: --jobs must be at least 1, not 0\n")
    assert not (workspace.root / "build").exists()


def test_check_errors_in_workers_write_nothing(workspace: WorkspaceBuilder) -> None:
    three_banks(workspace)
    assert workspace.run("build").exit_code == 0
    built = tree(workspace.root / "build")
    workspace.bank("second", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "415억 위안"'))
    one = workspace.run("build", "--jobs", "1")
    two = workspace.run("build", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stderr == two.stderr
    assert one.stderr.endswith("quizdeck: check failed: nothing written\n")
    assert tree(workspace.root / "build") == built


@pytest.mark.parametrize("errors", [False, True])
def test_a_foreign_out_is_refused_after_the_diagnostics_in_workers_too(
    workspace: WorkspaceBuilder, errors: bool
) -> None:
    """Workers' banks are staged as they come: a foreign --out is still met where one
    process meets it, after the diagnostics, and nothing is written beside it."""
    three_banks(workspace)
    if errors:
        wrong = SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "415억 위안"')
        workspace.bank("second", wrong.replace('deck: "테스트::시장"', 'deck: "테스트::둘째"'))
    out = workspace.root / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    one = workspace.run("build", "--jobs", "1", "--out", str(out))
    two = workspace.run("build", "--jobs", "2", "--out", str(out))
    assert (two.exit_code, two.stderr) == (one.exit_code, one.stderr)
    assert two.exit_code == (1 if errors else 2), two.stderr
    last = two.stderr.splitlines()[-1]
    assert last.startswith(
        "quizdeck: check failed: nothing written"
        if errors
        else f"quizdeck: --out {out} holds files quizdeck did not write (notes.txt)"
    ), last
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in workspace.root.iterdir()) == ["mine", "questions", "seeds"]


# How far a worker got writing a bank into the staged build when the build was killed.
WORKER_WROTE = ("its claim", "some files", "everything", "a foreign file", "a damaged claim")


@pytest.mark.parametrize("wrote", WORKER_WROTE)
def test_a_build_killed_while_workers_wrote_banks_is_cleaned_by_the_next(
    workspace: WorkspaceBuilder, wrote: str
) -> None:
    """A worker writes its bank's files into the staging under a claim written first:
    killed at any point, the staging is quizdeck's to remove on the next run, unless it
    holds a file nobody claimed (finding 8)."""
    three_banks(workspace)
    out = workspace.root / "build"
    staging = Staging(out, out)
    claim = staging.claim(3)
    files = {"html": {"sample-A.html": b"<p>A</p>", "sample-B.html": b"<p>B</p>"}}
    if wrote == "everything" or wrote == "a foreign file":
        jobs.write_claimed(claim, files)
        assert files == {"html": {"sample-A.html": b"", "sample-B.html": b""}}
        assert (claim.parent / "html" / "sample-A.html").read_bytes() == b"<p>A</p>"
        assert claimed_files(claim.parent) == {"html": {"sample-A.html", "sample-B.html"}}
    else:
        write_claim(claim.parent, claim.name, files)
        if wrote != "its claim":
            (claim.parent / "html").mkdir()
            (claim.parent / "html" / "sample-A.html").write_bytes(b"<p>A</p>")
        if wrote == "a damaged claim":
            claim.write_text('{"files": {"html": ["sample-A', encoding="utf-8")
    if wrote == "a foreign file":
        (claim.parent / "html" / "notes.txt").write_text("mine", encoding="utf-8")
    assert staging.path is not None and staging.path.name.startswith(".build.staging-")
    # Killed here: the next build removes the staging, or leaves one holding a stranger.
    assert workspace.run("build").exit_code == 0
    left = sorted(p.name for p in workspace.root.iterdir())
    if wrote in ("a foreign file", "a damaged claim"):
        assert left == [staging.path.name, "build", "questions", "seeds"]
    else:
        assert left == ["build", "questions", "seeds"]


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while `pid` is a process that has not ended (a zombie has ended)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# When Ctrl-C comes: seconds after the start, or after the workers started (+).
MOMENTS = ("0.3", "+0", "+0.5", "+1", "+2")


@pytest.mark.slow
def test_ctrl_c_stops_every_worker_and_keeps_the_previous_build(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = generate(tmp_path / "ws", 6000)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "quizdeck", "build", "--root", str(root)]
    subprocess.run([*command, "--jobs", "1"], check=True, capture_output=True, env=env)
    built = tree(root / "build")
    # Every bank changes, so the next build has work for both workers.
    for bank in (root / "questions").glob("*.yaml"):
        bank.write_text(bank.read_text(encoding="utf-8").replace("기사에", "기사에는"), "utf-8")
    for moment in MOMENTS:
        # Its own session, as a terminal's: Ctrl-C goes to its whole foreground group.
        child = subprocess.Popen(
            [*command, "--jobs", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        workers: set[int] = set()
        if moment.startswith("+"):
            deadline = time.monotonic() + 60
            while not workers and child.poll() is None and time.monotonic() < deadline:
                workers = children_of(child.pid)
                time.sleep(0.02)
            assert workers, "no worker started"
        time.sleep(float(moment.lstrip("+")))
        workers |= children_of(child.pid)
        assert child.poll() is None, f"the build ended before Ctrl-C at {moment}"
        os.killpg(child.pid, signal.SIGINT)
        try:
            _, stderr = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # nothing of a failed run is left running
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            child.communicate()
            raise
        assert (child.returncode, stderr) == (130, b""), moment
        assert not [pid for pid in workers if alive(pid)], f"workers outlived Ctrl-C at {moment}"
        assert tree(root / "build") == built, moment
        assert sorted(p.name for p in root.iterdir()) == ["build", "questions", "seeds"]


HEAVY = ("jinja2", "genanki", "openpyxl", "cv2", "numpy", "chevron", "sqlite3", "rich")


def imported_by(*args: str) -> list[str]:
    """The heavy modules a `quizdeck ARGS` run has imported when it ends."""
    snippet = (
        "import sys\n"
        f"sys.argv = ['quizdeck', *{list(args)!r}]\n"
        "from quizdeck.cli.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", snippet], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_version_and_check_do_not_import_what_they_do_not_use(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.sample()
    assert imported_by("--version") == []
    assert imported_by("check", "sample", "--root", str(workspace.root)) == []


def test_a_worker_keeps_no_plan_of_a_bank_once_it_is_rendered(
    workspace: WorkspaceBuilder,
) -> None:
    """The largest process of a 10,000-question build was a worker keeping every plan (and
    so every bank) it had rendered."""
    from quizdeck import forms
    from quizdeck.outputs.combined import combined_part
    from quizdeck.outputs.jobs import BankTask, build_bank

    workspace.sample()
    path = workspace.root / "questions" / "sample.yaml"
    ws = Workspace(workspace.root)
    templates = tuple(ws.template_dirs())
    task = BankTask(
        workspace.root,
        path,
        ws.shown(path),
        path.read_bytes(),
        "shuffled",
        templates,
        "",
        0,
        workspace.root / "none",
        None,
    )
    work = build_bank(task)
    assert work.clean and work.files["html"]
    assert forms._PLANNED == {} and forms._RECORDED == {}
    files, _, problems = combined_part(
        [work.resolved, work.resolved], "shuffled", templates, "quizzes"
    )
    assert files and problems == []
    assert forms._PLANNED == {} and forms._RECORDED == {}


@pytest.mark.slow
def test_the_combined_quiz_starts_on_fresh_workers_after_many_banks(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that rendered many banks are replaced before the combined quiz (its worker
    was the largest process of a 10,000-question build); the bytes are the same."""
    from quizdeck.outputs import incremental
    from quizdeck.processes import Pool

    three_banks(workspace)
    one = workspace.run("build", "--jobs", "1", "--no-cache")
    built = tree(workspace.root / "build")
    started: list[int] = []
    start = Pool.start
    monkeypatch.setattr(
        Pool, "start", lambda pool, jobs: (started.append(jobs), start(pool, jobs))[1]
    )
    monkeypatch.setattr(incremental, "RECYCLE_AFTER", 0)
    two = workspace.run("build", "--jobs", "2", "--no-cache")
    assert (two.exit_code, two.stdout, two.stderr) == (0, one.stdout, one.stderr)
    assert tree(workspace.root / "build") == built
    assert started == [2, 2]
    monkeypatch.setattr(incremental, "RECYCLE_AFTER", 8)
    started.clear()
    assert workspace.run("build", "--jobs", "2", "--no-cache").exit_code == 0
    assert started == [2]
