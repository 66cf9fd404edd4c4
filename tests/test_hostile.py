"""Hostile input (issue 20): bounded work on any input within the limits, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, WorkspaceBuilder
from lint_corpus import q
from quizdeck.banks.loader import load_bank
from quizdeck.checking import lint
from quizdeck.checking.report import format_text
from quizdeck.limits import MAX_PER_CODE, MAX_YAML_EVENTS

HEAD = "article:\n  source: a.txt\n  title: t\nid: m\nquestions: []\n"


def test_finding_2_diagnostics_are_capped_per_code_and_file() -> None:
    """Finding 2: 4.9 M repeated keys printed 4.9 M errors; now the first 50 and one line."""
    data = (HEAD + "x: {" + ",".join(["a"] * 1000) + "}\n").encode()
    _, found = load_bank(data, "questions/m.yaml", "m")
    repeated = [d for d in found if d.code == "yaml-duplicate-key"]
    assert len(repeated) == MAX_PER_CODE + 1
    assert format_text(repeated[-1]) == (
        "questions/m.yaml:6:107: error[yaml-duplicate-key] 949 more yaml-duplicate-key "
        f"error(s) in this file from here on (the first {MAX_PER_CODE} are shown)"
    )


def test_finding_2_a_bank_of_too_many_values_is_refused_unread() -> None:
    """Finding 2: a 9.8 MB bank of 4.9 M keys took 6 GB; past the limit it is not composed."""
    data = (HEAD + "x: {" + ",".join(["a"] * (MAX_YAML_EVENTS // 2 + 10)) + "}\n").encode()
    bank, found = load_bank(data, "questions/m.yaml", "m")
    assert bank is None
    assert [format_text(d) for d in found] == [
        "questions/m.yaml:1:1: error[too-large] bank of more than 600,000 YAML values "
        "(keys, values, lists) is over the limit\n    split it: one bank per article"
    ]


def test_finding_2_the_check_command_caps_its_output(workspace: WorkspaceBuilder) -> None:
    """Finding 2: `check` prints the capped diagnostics, in text and in JSON."""
    workspace.article("a.txt", "One sentence of the article that is long enough.\n")
    workspace.bank("m", HEAD + "x: {" + ",".join(["a"] * 300) + "}\n")
    result = workspace.run("check", "--format", "json")
    assert result.exit_code == 1
    assert result.output.count('"yaml-duplicate-key"') == MAX_PER_CODE + 1
    assert "249 more yaml-duplicate-key error(s)" in result.output


def test_finding_10_duplicate_evidence_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 10: the duplicate-evidence lint compared every pair of a paragraph (55k: 79 s)."""
    calls = 0
    compare = lint._same_sentence

    def counted(mine: list[str], theirs: list[str]) -> bool:
        nonlocal calls
        calls += 1
        return compare(mine, theirs)

    monkeypatch.setattr(lint, "_same_sentence", counted)
    questions = [
        q(
            "short",
            qid=f"q{n}",
            evidence=f"Sentence number {n} of one long paragraph.",
            answer=f"w{n}",
        )
        for n in range(600)
    ]
    lint.duplicate_evidence(questions, "b", "en", {x.id: (1,) for x in questions})
    assert calls <= 600 * lint.COMPARED
    # Still found: two questions on one sentence testing one fact.
    same = [
        q("short", qid=f"s{n}", evidence="The harbour wall cost 2.4 million pounds.", answer="wall")
        for n in range(2)
    ]
    found = lint.duplicate_evidence(
        questions + same, "b", "en", {x.id: (1,) for x in questions + same}
    )
    assert [d.question for d in found] == ["s1"]


def test_finding_10_the_closest_passage_search_is_bounded(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 10: 100 near-miss 5,000-character quotes took 118 s; searches are bounded."""
    from rapidfuzz import fuzz

    needles: list[int] = []
    align = fuzz.partial_ratio_alignment

    def counted(needle: str, text: str) -> object:
        needles.append(len(needle))
        return align(needle, text)

    monkeypatch.setattr(fuzz, "partial_ratio_alignment", counted)
    workspace.article("a.txt", "The harbour wall was rebuilt at a cost of 2.4 million pounds.\n")
    quote = "The harbour wall was rebuilt " + "again and " * 500
    items = "".join(
        f"  - id: q{n}\n    type: short\n    prompt: 'What? {'x' * n}'\n    answer: wall\n"
        f"    evidence: '{quote}{n}'\n"
        for n in range(100)
    )
    workspace.bank(
        "m", "article:\n  source: a.txt\n  title: t\n  language: en\nquestions:\n" + items
    )
    result = workspace.run("check")
    assert result.exit_code == 1
    assert len(needles) == 10 and max(needles) <= 120
    assert result.output.count("error[evidence-not-found]") == 51
    assert "50 more evidence-not-found error(s) in this file" in result.output
    assert (
        result.output.count(
            "closest passage not searched: more than 10 quotes of this bank are not found"
        )
        == 40
    )
    assert result.output.endswith("1 bank(s), 100 question(s): 100 error(s), 0 warning(s)\n")


# --- What bank text may hold (findings 3, 5, 9, 17) -------------------------------

from conftest import SAMPLE_ARTICLE, SAMPLE_BANK, banks_of  # noqa: E402


def sample_with(workspace: WorkspaceBuilder, *pairs: tuple[str, str]) -> list[str]:
    text = SAMPLE_BANK
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", text)
    result = workspace.run("check")
    return [line for line in result.output.splitlines() if "error[" in line]


def test_finding_3_noncharacters_are_refused(workspace: WorkspaceBuilder) -> None:
    """Finding 3: U+FFFE and U+FFFF passed every check and broke Moodle XML and QTI."""
    raw = sample_with(
        workspace, ('title: "중국 AI 시장 급성장"', 'title: "중국 AI 시장 급성장\uffff"')
    )
    assert raw == [
        "questions/sample.yaml:3:23: error[control-character] noncharacter U+FFFF in bank text"
    ]
    escaped = sample_with(workspace, ('prompt: "올해 중국', 'prompt: "\\uFFFE올해 중국'))
    assert escaped == [
        "questions/sample.yaml:14:13: error[control-character] noncharacter U+FFFE in bank text"
    ]


def test_finding_9_bidirectional_controls_are_refused(workspace: WorkspaceBuilder) -> None:
    """Finding 9: a choice "\\u202e12\\u202c pounds" was proven as 12 and shown as 21."""
    errors = sample_with(workspace, ('"1천11억 위안",', '"\\u202e1천11\\u202c억 위안",'))
    assert errors == [
        "questions/sample.yaml:15:26: error[control-character] format character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE) in bank text"
    ]
    # The zero-width characters every comparison folds away stay allowed.
    assert sample_with(workspace, ('"1천11억 위안",', '"1천\\u200b11억 위안",')) == []


def test_finding_5_line_breaks_are_refused_in_one_line_fields(workspace: WorkspaceBuilder) -> None:
    """Finding 5: a line break in deck: injected GIFT questions through $CATEGORY."""
    errors = sample_with(
        workspace,
        ('deck: "테스트::시장"', 'deck: "테스트\\n::Injected question? {=yes}"'),
        ('unit: "개"', 'unit: "개\\n{=1}"'),
    )
    assert errors == [
        "questions/sample.yaml:9:7: error[schema] deck: a line break in a one-line field",
        "questions/sample.yaml:45:11: error[schema] questions[4] (company-count).unit: a line "
        "break in a one-line field",
    ]


def test_finding_5_the_gift_category_is_one_line(workspace: WorkspaceBuilder) -> None:
    """Finding 5: the GIFT writer keeps its category on one line whatever the deck holds."""
    from dataclasses import replace

    from quizdeck.writers.gift import render_gift

    workspace.sample()
    [bank] = banks_of(workspace.root)
    data = render_gift(replace(bank, deck="A\n::Injected question? {=yes}")).decode()
    assert "$CATEGORY: $course$/top/A/Injected question? {=yes}\n" in data
    assert "\n::Injected" not in data


def test_finding_17_an_over_long_id_is_refused(workspace: WorkspaceBuilder) -> None:
    """Finding 17: a 250-character bank id passed check, then build failed on its file name."""
    long = "a" * 250
    errors = sample_with(workspace, ('deck: "테스트::시장"', f"id: {long}\ndeck: x"))
    assert errors == [
        f"questions/sample.yaml:9:5: error[bank-id] id: bad bank id '{long}': an id has at "
        "most 64 characters, this one 250"
    ]
    result = workspace.run("new", "sample.txt", "--id", "b" * 65)
    assert result.exit_code == 2
    assert "an id has at most 64 characters, this one 65 (--id)" in result.output


# --- Each output escapes its own syntax (findings 4 and 14) -------------------------


def test_finding_4_moodle_multianswer_braces_of_the_text_are_not_subquestions(
    workspace: WorkspaceBuilder,
) -> None:
    """Finding 4: `{1:SA:=t}` in a title became an extra graded Moodle sub-question."""
    from lxml import etree

    from quizdeck.writers.moodle import render_moodle

    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", SAMPLE_BANK.replace('title: "중국 AI', 'title: "{1:SA:=t} 중국 AI'))
    [bank] = banks_of(workspace.root)
    root = etree.fromstring(render_moodle(bank))
    [cloze] = root.xpath("//question[@type='multianswer']/questiontext/text")
    assert cloze.text.count("{1:") == 2  # the two blanks, and nothing of the title
    assert "&#123;1:SA:=t&#125; 중국 AI" in cloze.text


def test_finding_14_a_literal_blank_marker_is_no_canvas_blank(workspace: WorkspaceBuilder) -> None:
    """Finding 14: a literal `[blank2]` in an article became a Canvas blank."""
    import zipfile

    from lxml import etree

    from quizdeck.writers.qti import render_qti

    workspace.article(
        "sample.txt", SAMPLE_ARTICLE.replace("기술 개발 지원도", "기술 개발[blank2] 지원도")
    )
    workspace.bank("sample", SAMPLE_BANK.replace("기술 개발 지원도", "기술 개발[blank2] 지원도"))
    [bank] = banks_of(workspace.root)
    with zipfile.ZipFile(__import__("io").BytesIO(render_qti(bank))) as archive:
        texts = [
            t.text
            for name in archive.namelist()
            if name.endswith(".xml")
            for t in etree.fromstring(archive.read(name)).iter("{*}mattext")
            if t.text and "[blank1]" in t.text
        ]
    [question] = texts
    assert question.count("[blank") == 2
    assert "개발&#91;blank2&#93; 지원도" in question


# --- Templates run within limits (findings 7 and 18) ----------------------------------


def _with_template(workspace: WorkspaceBuilder, template: str) -> tuple[int, str, Path]:
    workspace.sample()
    path = workspace.root / "templates" / "html" / "question.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template, encoding="utf-8")
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    return result.exit_code, result.stderr, out


@pytest.mark.parametrize(
    ("template", "detail"),
    [
        ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}\n", "the template nests too deep"),
        ("{{ 'x' * 2200000000 }}\n", "a repetition of over 1,000,000 items"),
        ("{{ 'x'.ljust(2200000000) }}\n", "the number 2200000000 is over the limit of 1,000,000"),
        ("{{ 9 ** 99999999 }}\n", "power 99999999 is over the limit of 1000"),
    ],
)
def test_finding_7_a_template_past_its_limits_is_a_message(
    workspace: WorkspaceBuilder, template: str, detail: str
) -> None:
    """Finding 7: deep nesting gave a RecursionError traceback, `'x' * 2200000000` 8.6 GB."""
    code, stderr, out = _with_template(workspace, template)
    assert code == 2
    assert stderr.startswith("quizdeck: template error: ") and stderr.endswith(f": {detail}\n")
    assert "Traceback" not in stderr
    assert not out.exists()


@pytest.mark.slow
def test_finding_7_a_template_that_never_ends_is_stopped(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 7: two nested range(99999) loops never ended."""
    from quizdeck.writers import templating

    monkeypatch.setattr(templating, "RENDER_SECONDS", 1)
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n"
    code, stderr, out = _with_template(workspace, loops)
    assert (code, stderr) == (
        2,
        "quizdeck: template error: html/quiz.html: rendering took over 1 s\n",
    )
    assert not out.exists()


def test_finding_18_scripts_are_stripped_from_workspace_templates(
    workspace: WorkspaceBuilder,
) -> None:
    """Finding 18: a workspace template's <script> ran in the browser."""
    template = (
        '<li onclick="steal()"><script>steal()</script><a href="javascript:steal()">x</a>'
        "<iframe src='https://evil'></iframe>{{ item.prompt }}</li>\n"
    )
    code, stderr, out = _with_template(workspace, template)
    assert (code, stderr) == (0, "")
    page = (out / "sample-A.html").read_text()
    assert "steal" not in page.replace('href="#steal()"', "")
    assert "<script" not in page and "<iframe" not in page and "onclick" not in page
    assert '<a href="#steal()">x</a>' in page


# --- The workspace is a boundary (finding 6) -------------------------------------------


def test_finding_6_a_symlinked_seeds_directory_is_refused(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Finding 6: a seeds/ symlinked to a .ssh folder printed a private key as a passage."""
    from conftest import SAMPLE_ARTICLE, SAMPLE_BANK

    secret = tmp_path / "dot-ssh"
    secret.mkdir()
    (secret / "sample.txt").write_text(SAMPLE_ARTICLE)
    (workspace.root / "seeds").rmdir()
    (workspace.root / "seeds").symlink_to(secret)
    workspace.bank("sample", SAMPLE_BANK)
    result = workspace.run("check")
    assert result.exit_code == 1
    assert (
        f"questions/sample.yaml:2:11: error[source-outside] seeds/ links outside the "
        f"workspace (to {secret})" in result.output
    )
    new = workspace.run("new", "sample.txt", "--id", "other")
    assert (new.exit_code, new.stderr) == (
        2,
        f"quizdeck: seeds links outside the workspace (to {secret}): refused\n",
    )
    built = workspace.run("build", "--out", str(workspace.root / "build"))
    assert built.exit_code != 0 and "Traceback" not in built.output
    assert not (workspace.root / "build").exists()


def test_finding_6_a_symlinked_template_is_refused(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Finding 6: symlinks under templates/ pulled local files into the HTML and the .apkg."""
    private = tmp_path / "private.txt"
    private.write_text("SECRET KEY MATERIAL\n")
    workspace.sample()
    link = workspace.root / "templates" / "html" / "question.html"
    link.parent.mkdir(parents=True)
    link.symlink_to(private)
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: template error: {link}: links outside its directory (to {private})\n",
    )
    assert not out.exists()


def test_finding_6_a_symlinked_templates_directory_is_refused(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Finding 6: templates/ itself linked out of the workspace."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "html").mkdir(parents=True)
    workspace.sample()
    (workspace.root / "templates").symlink_to(elsewhere)
    result = workspace.run("html", "--out", str(workspace.root / "out"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: templates links outside the workspace (to {elsewhere}): refused\n",
    )


def test_finding_6_a_bank_linked_from_outside_is_refused(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Finding 6: a bank file in questions/ linking out of the workspace."""
    from conftest import SAMPLE_BANK

    outside = tmp_path / "shared.yaml"
    outside.write_text(SAMPLE_BANK)
    workspace.sample()
    (workspace.root / "questions" / "shared.yaml").symlink_to(outside)
    result = workspace.run("check")
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: questions/shared.yaml links outside the workspace (to {outside}): refused\n",
    )


@pytest.mark.slow
def test_finding_13_writing_into_a_build_waits_for_build(workspace: WorkspaceBuilder) -> None:
    """Finding 13: `html --out build/html` while `build` ran took another lock; files were lost."""
    import subprocess
    import sys
    import time

    from quizdeck.outputs.publish import locked

    workspace.sample()
    assert workspace.run("build").exit_code == 0
    command = [sys.executable, "-m", "quizdeck", "html", "--out", "build/html", "--root", "."]
    with locked(workspace.root):  # what `build --out build` holds while it runs
        child = subprocess.Popen(command, cwd=workspace.root, stderr=subprocess.PIPE)
        time.sleep(3)
        assert child.poll() is None  # waiting for the build's lock
    assert child.wait(timeout=60) == 0, child.stderr.read() if child.stderr else ""


def test_finding_12_a_damaged_store_is_a_message(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Finding 12: a garbage timestamp, a due date without a time zone: tracebacks."""
    import sqlite3

    from quizdeck.study.progress import ProgressStore

    workspace.sample()
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record("sample", "market-size", "1", True)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE answers SET answered_at = 'garbage'")
    db.close()
    result = workspace.run("stats", "--store", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: {path}: progress store is damaged (an answer time 'garbage' cannot be "
        "read); left untouched, choose another file with --store\n",
    )
    db = sqlite3.connect(path)
    with db:
        [card] = db.execute("SELECT card FROM cards").fetchone()
        assert "+00:00" in card
        db.execute("UPDATE cards SET card = ?", (card.replace("+00:00", ""),))
    db.close()
    for command in (["stats"], ["quiz", "--due"]):
        result = workspace.run(*command, "--store", str(path), input="1\n")
        assert (result.exit_code, result.stderr) == (
            2,
            f"quizdeck: {path}: progress store is damaged (the card of sample/market-size "
            "cannot be read); left untouched, choose another file with --store\n",
        ), command


def test_finding_11_a_build_into_a_symlink_loop_is_a_message(workspace: WorkspaceBuilder) -> None:
    """Finding 11: `build` into a symlink pointing to itself gave a "Symlink loop" traceback."""
    workspace.sample()
    loop = workspace.root / "loop"
    loop.symlink_to("loop")
    result = workspace.run("build", "--out", str(loop))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: --out {loop} is a symbolic link that loops\n",
    )


def test_finding_15_terminal_escapes_are_never_printed_raw(workspace: WorkspaceBuilder) -> None:
    """Finding 15: escape sequences in an article were printed raw by check's hints and passages."""
    workspace.article(
        "a.txt",
        "The harbour wall \x1b]0;pwned\x07was rebuilt\x1b[2J at a cost of 2.4 million pounds.\n",
    )
    workspace.bank(
        "m",
        "article:\n  source: a.txt\n  title: t\n  language: en\nquestions:\n"
        "  - id: q\n    type: short\n    prompt: 'What was rebuilt?'\n    answer: wall\n"
        "    evidence: 'The harbour wall was rebuilt at a cost of 2.4 million pound'\n",
    )
    result = workspace.run("check")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;pwned\\x07" in result.output
    passages = workspace.run("passages", "a.txt")
    assert passages.exit_code == 0
    assert "\x1b" not in passages.output
    assert "\\x1b[2J" in passages.output


@pytest.mark.slow
def test_finding_16_ctrl_c_during_check_watch_exits_130(workspace: WorkspaceBuilder) -> None:
    """Finding 16: Ctrl-C during `check --watch` exited 0 with a library message."""
    import signal
    import subprocess
    import sys

    workspace.sample()
    quizdeck = Path(sys.executable).with_name("quizdeck")
    child = subprocess.Popen(
        [str(quizdeck), "check", "--watch", "--root", str(workspace.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    seen = ""
    while "(Ctrl-C stops)" not in seen:
        line = child.stderr.readline()
        assert line, seen
        seen += line
    child.send_signal(signal.SIGINT)
    _out, rest = child.communicate(timeout=30)
    assert (child.returncode, rest) == (130, "")


def test_finding_6_and_18_anki_templates_stay_inside_and_run_no_script(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    """Findings 6 and 18: a symlinked Anki template pulled a local file into the .apkg;
    a workspace card template's <script> ran in Anki."""
    import zipfile

    workspace.sample()
    anki = workspace.root / "templates" / "anki"
    anki.mkdir(parents=True)
    shipped = REPO / "templates" / "anki"
    for path in shipped.iterdir():
        (anki / path.name).write_text(path.read_text())
    front = anki / "question-front.html"
    front.write_text(
        "<script>steal()</script><div onclick='steal()'>" + front.read_text() + "</div>"
    )
    out = workspace.root / "decks"
    assert workspace.run("anki", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out / "sample.apkg") as package:
        collection = package.read("collection.anki2")
    assert b"steal" not in collection
    private = tmp_path / "private.txt"
    private.write_text("SECRET KEY MATERIAL\n")
    front.unlink()
    front.symlink_to(private)
    result = workspace.run("anki", "--out", str(workspace.root / "decks2"))
    assert result.exit_code != 0
    assert f"Anki template {front} links outside its directory (to {private})" in result.stderr
