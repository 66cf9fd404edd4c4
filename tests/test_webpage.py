"""`quizdeck new` on the two texts of issue 21's walk, nobody here wrote them as quizdeck
expects: a Korean encyclopedia page copied with its chrome, and a hard-wrapped English
note with underlined headings. Title, body span, chrome left out, headings not
paragraphs; then questions written into the bank check, build and print."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, WorkspaceBuilder
from quizdeck.banks.loader import load_bank_file
from quizdeck.cli.app import app
from quizdeck.sources.articles import load_article
from quizdeck.sources.webpage import chrome_lines, guess_page, is_heading, plain

FIXTURES = REPO / "tests" / "fixtures"
CHUGUGI = (FIXTURES / "chugugi-webpage.txt").read_text(encoding="utf-8")
NOTE = (FIXTURES / "encoding-note.txt").read_text(encoding="utf-8")

CHUGUGI_CHROME = [
    "목차",
    "1 역사",
    "2 구조와 관측",
    "3 현존하는 측우기",
    "4 같이 보기",
    "5 각주",
    "역사 편집",
    "구조와 관측 편집",
    "현존하는 측우기 편집",
    "공주 충청감영 측우기(1837년)",
]
NOTE_CHROME = [
    "Why It Matters",
    "--------------",
    "The Algorithm",
    "-------------",
    "Scoring Legacy Encodings",
    "------------------------",
    "Known Limits",
    "------------",
]

CHUGUGI_QUESTIONS = """
  - id: height-today
    type: choice
    prompt: "1441년의 기록을 오늘날의 단위로 바꾸면 측우기의 높이는 약 얼마인가?"
    choices: ["약 17cm", "약 29cm", "약 41cm", "약 53cm"]
    answer: "약 41cm"
    evidence: "오늘날의 단위로 높이 약 41cm, 지름 약 17cm에 해당한다."
    explanation: "1441년의 규격은 오늘날의 단위로 높이 약 41cm, 지름 약 17cm이다."
  - id: surviving-year
    type: numeric
    prompt: "현재 남아 있는 조선 시대의 측우기, 금영측우기는 몇 년에 만들어졌는가?"
    answer: 1837
    unit: "년"
    evidence: "현재 남아 있는 조선 시대의 측우기는 1837년(헌종 3년)에 만든 금영측우기 하나뿐이다."
    explanation: "금영측우기는 1837년(헌종 3년)에 만들어졌다."
  - id: crown-prince
    type: truefalse
    prompt: "실록에는 세자(훗날의 문종)가 빗물의 양을 재는 방법을 연구하였다는 기록이 있다."
    answer: true
    evidence: "실록에는 세자(훗날의 문종)가 그릇에 빗물을 받아 그 양을 재는 방법을 연구하였다는 기록이 있다."
    explanation: "실록에 세자(훗날의 문종)가 그 방법을 연구하였다는 기록이 있다."
"""

NOTE_QUESTIONS = """
  - id: sample-size
    type: choice
    prompt: "How much of a file does the detector read at most?"
    choices: ["the first 16 kilobytes", "the first 64 kilobytes", "the first 256 kilobytes", "the whole file"]
    answer: "the first 64 kilobytes"
    evidence: "The detector reads at most the first 64 kilobytes of the file."
    explanation: "The detector reads at most the first 64 kilobytes."
  - id: whole-file-test
    type: numeric
    prompt: "In the test on 3,000 files, for how many did reading the whole file change the answer?"
    answer: 11
    evidence: "in a test on 3,000 files from user archives it changed the answer for only 11 of them"
    explanation: "Reading the whole file changed the answer for only 11 of the 3,000 files."
  - id: utf8-order
    type: truefalse
    prompt: "The detector tries UTF-8 only after the legacy encodings."
    answer: false
    evidence: "UTF-8 is tried before any legacy encoding"
    explanation: "UTF-8 is tried before any legacy encoding."
"""


def made_bank(workspace: WorkspaceBuilder, name: str) -> str:
    return (workspace.root / "questions" / name).read_text(encoding="utf-8")


def new_on(workspace: WorkspaceBuilder, source: str, text: str) -> tuple[str, list[str]]:
    """`quizdeck new` on the text: its output, and the exclude lines of the bank it wrote."""
    workspace.article(source, text)
    result = workspace.run("new", source)
    assert result.exit_code == 0, result.output
    name = f"{Path(source).stem}.yaml"
    bank, diagnostics = load_bank_file(workspace.root / "questions" / name, name)
    assert diagnostics == [] and bank is not None
    return result.stdout, [line.value for line in bank.article.body_exclude]


def guessed(made: str, title: str, start: str, end: str, left_out: int, source: str) -> str:
    """What `new` prints: the bank it wrote and its guesses, in that order."""
    return (
        f"wrote {made}\n"
        "guessed from the article; compare, and edit the bank if they are wrong:\n"
        f"  title       {title}\n  body start  {start}\n  body end    {end}\n"
        f"  left out    {left_out} line(s) of page chrome (body: exclude:)\n"
        f"next: quizdeck passages {source}; quizdeck check --watch\n"
    )


CASES = {
    # The title, not the tagline under it ("위키백과, 우리 모두의 백과사전."); the body
    # ends after the last section (its reference mark left out), before "같이 보기",
    # the references and the footer.
    "chugugi.txt": (
        CHUGUGI,
        (
            "questions/chugugi.yaml (ko, 7 paragraphs)",
            "(line 6): 측우기",
            "(line 9): 측우기(測雨器)는 조선 시대에 비가 내린 양을",
            "(line 32): 있던 것으로, 2020년에 국보로 지정되었다.",
        ),
        CHUGUGI_CHROME,
        [9, 19, 21, 23, 26, 28, 32],
        ["위키백과", "같이 보기", "자격루", "↑", "분류:", "마지막으로"],
    ),
    # The underlined title; the body ends after "Known Limits", before "Further Reading";
    # the hard-wrapped bullet list (line 34) is one paragraph.
    "encoding-note.txt": (
        NOTE,
        (
            "questions/encoding-note.yaml (en, 9 paragraphs)",
            "(line 3): Guessing the Encoding of a Plain Text File",
            "(line 8): Plain text files carry no label",
            "(line 90): read when it refuses one.",
        ),
        NOTE_CHROME,
        [8, 17, 29, 34, 52, 61, 70, 79, 86],
        ["Further Reading", "RFC 3629", "Last updated", "Docs --"],
    ),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_new_on_a_copied_page_leaves_its_chrome_out(
    workspace: WorkspaceBuilder, source: str
) -> None:
    text, (made, title, start, end), chrome, starts, after = CASES[source]
    stdout, exclude = new_on(workspace, source, text)
    assert stdout == guessed(made, title, start, end, len(chrome), source)
    assert exclude == chrome
    passages = workspace.run("passages", source).stdout.splitlines()[1:]
    assert [line.split()[:2] for line in passages] == [
        [f"¶{n}", f"L{line}"] for n, line in enumerate(starts, start=1)
    ]
    shown = "\n".join(passages)
    for line in (*chrome, *after):
        assert line not in shown, line
    checked = workspace.run("check", "--strict")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.output


def test_the_first_question_quotes_a_sentence_and_a_list_is_one_paragraph(
    workspace: WorkspaceBuilder,
) -> None:
    new_on(workspace, "chugugi.txt", CHUGUGI)
    assert '    evidence: "측우기(測雨器)는 조선 시대에 비가 내린 양을 재던 기구이다."\n' in (
        made_bank(workspace, "chugugi.yaml")
    )
    new_on(workspace, "encoding-note.txt", NOTE)
    passages = workspace.run("passages", "encoding-note.txt").stdout.splitlines()
    assert passages[4].startswith("¶4   L34   - Look for a byte order mark. The three bytes")


def test_a_file_name_without_an_id_gets_a_distinct_one_and_says_so(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.article("측우기.txt", CHUGUGI)
    workspace.article("앙부일구.txt", CHUGUGI.replace("측우기", "앙부일구"))
    first = workspace.run("new", "측우기.txt")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == "wrote questions/article.yaml (ko, 7 paragraphs)"
    assert first.stdout.splitlines()[-2] == (
        "note: the file name 측우기.txt gives no bank id (ids are lowercase letters, digits "
        "and hyphens), so the bank is 'article'; to choose one: rm questions/article.yaml "
        "&& quizdeck new 측우기.txt --id ID"
    )
    # A second Korean article is not refused as "already exists".
    second = workspace.run("new", "앙부일구.txt")
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[0] == "wrote questions/article-2.yaml (ko, 7 paragraphs)"
    assert "so the bank is 'article-2'" in second.stdout
    assert "title       (line 6): 앙부일구" in second.stdout
    # The same article again is refused, as a file-named bank is.
    again = workspace.run("new", "측우기.txt")
    assert (again.exit_code, again.stderr) == (
        2,
        "quizdeck: questions/article.yaml is already a bank for 측우기.txt: not overwritten "
        "(give another id with --id)\n",
    )
    assert "note:" not in workspace.run("new", "측우기.txt", "--id", "chugugi").stdout
    assert workspace.run("check", "--strict").exit_code == 0


def test_headings_and_marks_are_told_from_text() -> None:
    assert is_heading("역사 편집", "《세종실록》에 따르면") and is_heading("History[edit]", None)
    assert is_heading("The Algorithm", "-------------") and is_heading("Title", "=====")
    assert not is_heading("-------------", None)
    assert not is_heading("그는 그 문서를 다시 편집했다.", None)
    assert not is_heading("Try to decode the sample as UTF-8. Then edit", None)
    assert plain("두었다.[1] 이듬해[주 2]") == "두었다. 이듬해"


def test_a_text_without_blank_lines_has_its_chrome_lines_found(tmp_path: Path) -> None:
    text = "\n".join(line for line in CHUGUGI.splitlines() if line.strip()) + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    article = load_article(tmp_path / "a.txt", "a.txt")
    guess = guess_page(article)
    assert guess.title is not None and guess.title[2] == "측우기"
    assert guess.start_words == "측우기(測雨器)는 조선 시대에 비가 내린 양을"
    assert guess.end_words == "있던 것으로, 2020년에 국보로 지정되었다."
    assert list(guess.exclude) == CHUGUGI_CHROME
    body = article.body(guess.start_words, guess.end_words)
    assert body is not None
    assert chrome_lines(body.excluding(list(guess.exclude))[0].paragraphs) == []


@pytest.mark.parametrize(
    ("source", "bank", "questions", "printed"),
    [
        ("chugugi.txt", "chugugi", CHUGUGI_QUESTIONS, "현재남아있는조선시대의측우기는1837년"),
        ("encoding-note.txt", "encoding-note", NOTE_QUESTIONS, "Thedetectorreadsatmostthefirst64"),
    ],
)
@pytest.mark.slow
def test_questions_written_into_the_new_bank_check_build_and_print(
    workspace: WorkspaceBuilder, source: str, bank: str, questions: str, printed: str
) -> None:
    from test_html_print import CHROMIUM, pdf_pages, print_pdf

    workspace.article(source, CHUGUGI if bank == "chugugi" else NOTE)
    assert workspace.run("new", source).exit_code == 0
    path = workspace.root / "questions" / f"{bank}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + questions, encoding="utf-8")
    checked = workspace.run("check", "--strict")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.output
    assert checked.stderr == "1 bank(s), 4 question(s): 0 error(s), 0 warning(s)\n"
    built = workspace.run("build")
    assert built.exit_code == 0, built.output
    assert CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        pdf = print_pdf(workspace.root / "build" / "html" / f"{bank}-A.html", Path(profile))
    pages = pdf_pages(pdf)
    whole = "".join(pages)
    assert printed in whole
    for chrome in ("위키백과", "목차", "편집", "WhyItMatters", "-----", "FurtherReading"):
        assert chrome not in whole, chrome
    # Kept for a look by eye (pdftoppm -png): the printed passage and questions.
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)


def test_reference_marks_on_lines_of_their_own_are_left_out(tmp_path: Path) -> None:
    # Some browsers copy a superscript mark onto a line of its own.
    text = CHUGUGI.replace("두었다.[1] 이듬해인", "두었다.\n[1]\n이듬해인")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    guess = guess_page(load_article(tmp_path / "a.txt", "a.txt"))
    assert "[1]" in guess.exclude and "이듬해인" not in " ".join(guess.exclude)


def test_an_empty_article_is_refused(workspace: WorkspaceBuilder) -> None:
    workspace.article("empty.txt", "\n  \n")
    result = workspace.run("new", "empty.txt")
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: seeds/empty.txt is empty: put the article's text in it first\n",
    )
    assert not (workspace.root / "questions" / "empty.yaml").exists()


PIECES = [
    "본문으로 이동",
    "위키백과, 우리 모두의 백과사전.",
    "역사 편집",
    "The Algorithm",
    "-------------",
    "=====",
    "[1]",
    "1 역사",
    "",
    "측우기(測雨器)는 조선 시대에 비가 내린 양을 재던 기구이다.[1]",
    "The detector reads at most the first 64 kilobytes of the file.",
    "- Look for a byte order mark, which is the only direct evidence.",
    "각주 편집",
    "이 문서는 2024년 5월 1일 (수) 10:12에 마지막으로 편집되었습니다.",
    "Hello",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
@pytest.mark.slow
def test_any_page_gives_a_bank_without_errors(tmp_path: Path, lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    (root / "seeds").mkdir()
    (root / "seeds" / "page.txt").write_text(text, encoding="utf-8")
    made = CliRunner().invoke(app, ["new", "page.txt", "--root", str(root)])
    if not text.strip():
        assert made.exit_code == 2
        return
    assert made.exit_code == 0, (text, made.output)
    checked = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert checked.exit_code == 0, (text, checked.output)
