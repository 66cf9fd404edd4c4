"""Kahoot, Wayground, Blooket and Quizlet, each read back by a real reader.

openpyxl reads both spreadsheets, the csv module reads Blooket's file, and Quizlet's
text is split by line and tab as its import box splits it. Every row is compared with
the bank's resolved question; every question that is not there is named by `export`
with its reason. The Korean seeds, an English bank and a bank of special characters go
through all four.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile

import openpyxl
import pytest

from conftest import REPO, WorkspaceBuilder, banks_of
from english import english
from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.sources.labels import choice_mark, labels_for, truth_label
from quizdeck.writers import blooket, kahoot, live, live_platforms, quizlet, wayground
from quizdeck.writers.archive import ZIP_TIME
from quizdeck.writers.platform import blank_answers, choice_order
from xlsx_parts import openpyxl_workbook

PLATFORMS = ("kahoot", "wayground", "blooket", "quizlet")


@pytest.fixture(scope="module")
def seed_banks(tmp_path_factory: pytest.TempPathFactory) -> list[ResolvedBank]:
    builder = WorkspaceBuilder(tmp_path_factory.mktemp("seeds"))
    builder.seeds()
    banks = banks_of(builder.root)
    assert sum(len(b.questions) for b in banks) >= 125
    return banks


def seconds(question: Resolved) -> int:
    """The README's time limits: easy 20, medium (or none) 30, hard 60."""
    return {"easy": 20, "hard": 60}.get(question.difficulty or "", 30)


def shown_choices(question: Resolved) -> tuple[list[str], list[int]]:
    """A choice or true/false question's answers as the platform files list them, and the
    1-based numbers of the correct ones."""
    if question.truth is not None:
        language = question.source.language
        return [truth_label(language, True), truth_label(language, False)], [
            1 if question.truth else 2
        ]
    order = choice_order(question)
    return [question.choices[i] for i in order], [
        n + 1 for n, i in enumerate(order) if i in question.keys
    ]


def prompt(question: Resolved) -> str:
    labels = labels_for(question.source.language)
    text = question.prompt or labels["cloze_prompt"]
    if question.number is not None and question.number.unit:
        text += f" ({labels['unit'].format(unit=question.number.unit)})"
    return text


def workbook_rows(data: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


# --- Kahoot --------------------------------------------------------------------------


def check_kahoot(bank: ResolvedBank) -> dict[str, str]:
    """Read a bank's Kahoot sheet back; every row equals its question. The left-out reasons."""
    done = kahoot.render_kahoot(bank)
    rows = workbook_rows(done.data)
    assert rows[7] == (
        None,
        "Question - max 120 characters",
        "Answer 1 - max 75 characters",
        "Answer 2 - max 75 characters",
        "Answer 3 - max 75 characters",
        "Answer 4 - max 75 characters",
        "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
        "Correct answer(s) - choose at least one",
    )
    left_out = {item.key: item.reason for item in done.left_out}
    included = [q for q in bank.questions if q.key not in left_out]
    assert len(rows) == 8 + len(included)
    for number, (question, row) in enumerate(zip(included, rows[8:], strict=True), start=1):
        answers, keys = shown_choices(question)
        correct = keys[0] if len(keys) == 1 else ",".join(map(str, keys))
        padding = [None] * (4 - len(answers))
        assert row == (number, prompt(question), *answers, *padding, seconds(question), correct)
        assert len(prompt(question)) <= 120 and all(len(a) <= 75 for a in answers)
    for question in bank.questions:
        if question.type in ("short", "numeric", "cloze"):
            assert left_out[question.key] == (
                f"a {question.type} question; Kahoot's import has no typed-answer form"
            )
    return left_out


def test_kahoot_every_seed_question_is_read_back_by_openpyxl(
    seed_banks: list[ResolvedBank],
) -> None:
    left_out = {}
    for bank in seed_banks:
        left_out |= check_kahoot(bank)
    too_many = {k: r for k, r in left_out.items() if "choices" in r}
    # The seeds' three five-choice questions; every other choice, multi and true/false fits.
    assert too_many == {
        "ai-unicorns/yitu-tech-deployment": "5 choices; Kahoot holds 4",
        "generative-ai/bath-members": "5 choices; Kahoot holds 4",
        "generative-ai/china-strengths": "5 choices; Kahoot holds 4",
    }
    typed = sum(q.type in ("short", "numeric", "cloze") for b in seed_banks for q in b.questions)
    assert len(left_out) == typed + 3


# --- Wayground -----------------------------------------------------------------------


def wayground_expected(question: Resolved) -> tuple[object, ...]:
    labels = labels_for(question.source.language)
    text = prompt(question)
    correct: object = None
    if question.type in ("choice", "multi", "truefalse"):
        options, keys = shown_choices(question)
        kind = {"multi": "Checkbox"}.get(question.type, "Multiple Choice")
        correct = ",".join(map(str, keys)) if question.type == "multi" else keys[0]
    elif question.type == "short":
        kind, options = "Fill-in-the-Blank", list(question.answers)
    elif question.number is not None:
        kind = "Fill-in-the-Blank"
        options = list(dict.fromkeys([question.number.written, question.number.shown]))
    else:
        kind = "Fill-in-the-Blank"
        options = list(blank_answers(question, 1))
        text += "\n" + "\n".join(
            "".join("_____" if p.blank else p.text for p in line) for line in question.cloze
        )
    explanation = [f"{labels['explanation']}: {question.explanation}"] * bool(question.explanation)
    explanation += [
        f"{labels['evidence']}: {' / '.join(question.evidence)}",
        f"{labels['source']}: {question.citation}",
    ]
    padding = [None] * (5 - len(options))
    return (
        text,
        kind,
        *options,
        *padding,
        correct,
        seconds(question),
        None,
        "\n".join(explanation),
    )


def check_wayground(bank: ResolvedBank) -> dict[str, str]:
    done = wayground.render_wayground(bank)
    rows = workbook_rows(done.data)
    assert rows[0] == (
        "Question Text",
        "Question Type",
        "Option 1",
        "Option 2",
        "Option 3",
        "Option 4",
        "Option 5",
        "Correct Answer",
        "Time in seconds",
        "Image Link",
        "Answer explanation",
    )
    assert rows[1][0] == "Text of the question (required)"
    left_out = {item.key: item.reason for item in done.left_out}
    included = [q for q in bank.questions if q.key not in left_out]
    assert rows[2:] == [wayground_expected(q) for q in included]
    for question in bank.questions:
        if question.key in left_out:
            one_blank = len(question.blanks) == 1
            accepted = len(blank_answers(question, 1)) if one_blank else len(question.answers)
            margin = question.number is not None and question.number.margin
            assert len(question.blanks) > 1 or accepted > 5 or margin
    return left_out


def test_wayground_every_seed_question_is_read_back_by_openpyxl(
    seed_banks: list[ResolvedBank],
) -> None:
    left_out = {}
    for bank in seed_banks:
        left_out |= check_wayground(bank)
    assert left_out == {
        "ai-rise/us-sense-of-crisis": "8 accepted answers; Wayground holds 5",
        "ai-rise/growth-drivers": "2 blanks; Wayground's Fill-in-the-Blank asks one",
        "ai-rise/full-stack-weakness": "8 accepted answers; Wayground holds 5",
        "ai-rise/rnd-collabo-closing": "6 accepted answers; Wayground holds 5",
        "ai-unicorns/state-led-strategy": "8 accepted answers; Wayground holds 5",
        "ai-unicorns/frvt-de-facto-standard": "10 accepted answers; Wayground holds 5",
        "ai-unicorns/frvt-neural-network": "9 accepted answers; Wayground holds 5",
        "ai-unicorns/frvt-2018-accuracy-gain": "2 blanks; Wayground's Fill-in-the-Blank asks one",
        "ai-unicorns/ai-plan-goals": "2 blanks; Wayground's Fill-in-the-Blank asks one",
        "ai-unicorns/state-subsidies": "2 blanks; Wayground's Fill-in-the-Blank asks one",
        "generative-ai/closing-hope-korea": "6 accepted answers; Wayground holds 5",
        "rnd-hub/intel-nanjing-ipcc": "8 accepted answers; Wayground holds 5",
    }


# --- Blooket -------------------------------------------------------------------------


def check_blooket(bank: ResolvedBank) -> dict[str, str]:
    done = blooket.render_blooket(bank)
    assert not done.data.startswith(codecs.BOM_UTF8)
    text = done.data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert text.startswith("Blooket Import Template,,,,,,,\r\n")
    assert rows[0] == ["Blooket Import Template"] + [""] * 7
    assert rows[1] == [
        "Question #",
        "Question Text",
        "Answer 1",
        "Answer 2",
        "Answer 3 (Optional)",
        "Answer 4 (Optional)",
        "Time Limit (sec) (Max: 300 seconds)",
        "Correct Answer(s) (Only include Answer #)",
    ]
    left_out = {item.key: item.reason for item in done.left_out}
    included = [q for q in bank.questions if q.key not in left_out]
    expected = []
    for number, question in enumerate(included, start=1):
        answers, keys = shown_choices(question)
        padding = [""] * (4 - len(answers))
        row = [str(number), prompt(question), *answers, *padding]
        expected.append([*row, str(seconds(question)), ",".join(map(str, keys))])
    assert rows[2:] == expected
    assert all(int(row[6]) <= 300 for row in rows[2:])
    return left_out


def test_blooket_every_seed_question_is_read_back_by_the_csv_module(
    seed_banks: list[ResolvedBank],
) -> None:
    left_out = {}
    for bank in seed_banks:
        data = blooket.render_blooket(bank).data
        # Every line ends CRLF (no seed text holds a line break).
        assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
        left_out |= check_blooket(bank)
    # Blooket holds what Kahoot holds: four answers, no typed answer.
    assert left_out == {
        item.key: item.reason.replace("Kahoot", "Blooket")
        for bank in seed_banks
        for item in kahoot.render_kahoot(bank).left_out
    }


# --- Quizlet -------------------------------------------------------------------------


def quizlet_expected(question: Resolved) -> tuple[str, str]:
    language = question.source.language
    labels = labels_for(language)
    term = prompt(question)
    if question.choices:
        order = choice_order(question)
        marked = [f"{choice_mark(language, p)} {question.choices[i]}" for p, i in enumerate(order)]
        term += " " + " ".join(marked)
        answer = ", ".join(m for m, i in zip(marked, order, strict=True) if i in question.keys)
    elif question.truth is not None:
        answer = truth_label(language, question.truth)
    elif question.number is not None:
        answer = question.number.shown
        if question.number.margin:
            answer += f" ({question.number.margin})"
    elif question.blanks:
        one = len(question.blanks) == 1
        term = " / ".join(
            "".join(
                p.text if p.blank is None else ("_____" if one else f"({p.blank})_____")
                for p in line
            )
            for line in question.cloze
        )
        answer = " ".join(b.text if one else f"({b.number}) {b.text}" for b in question.blanks)
    else:
        answer = question.answers[0]
        if len(question.answers) > 1:
            answer += f" ({labels['accepted']}: {', '.join(question.answers[1:])})"
    return term, f"{answer} — {labels['source']}: {question.citation}"


def check_quizlet(bank: ResolvedBank) -> dict[str, str]:
    done = quizlet.render_quizlet(bank)
    text = done.data.decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    cards = [tuple(line.split("\t")) for line in text[:-1].split("\n")]
    assert all(len(card) == 2 for card in cards)
    left_out = {item.key: item.reason for item in done.left_out}
    included = [q for q in bank.questions if q.key not in left_out]
    assert cards == [quizlet_expected(q) for q in included]
    return left_out


def test_quizlet_every_seed_question_is_a_card(seed_banks: list[ResolvedBank]) -> None:
    for bank in seed_banks:
        assert check_quizlet(bank) == {}


# --- English, specials, limits --------------------------------------------------------


def test_an_english_bank_goes_through_all_four_in_english(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    (bank,) = banks_of(workspace.root)
    assert set(check_kahoot(bank)) == {
        "harbour-wall/harbour-master",
        "harbour-wall/household-bill",
        "harbour-wall/flood-defences",
    }
    assert check_wayground(bank) == {}
    assert set(check_blooket(bank)) == set(check_kahoot(bank))
    assert check_quizlet(bank) == {}
    rows = workbook_rows(kahoot.render_kahoot(bank).data)
    vote = next(row for row in rows if row[1] == "Every councillor voted for the plan.")
    assert vote[2:4] == ("True", "False") and vote[-1] == 2
    cards = quizlet.render_quizlet(bank).data.decode("utf-8")
    assert "How much will rebuilding the harbour wall cost? A " in cards
    assert "Tom Reyes (Also accepted: Reyes) — Source: " in cards
    explanation = workbook_rows(wayground.render_wayground(bank).data)[2][-1]
    assert isinstance(explanation, str) and explanation.startswith("Explanation: ")
    assert "\nEvidence: " in explanation and "\nSource: " in explanation


SPECIAL_ARTICLE = """\
기호 모음
<파이낸셜타임스>에 따르면 R&D 팀은 "큰따옴표"와 '작은따옴표', 쉼표(,)를 즐겨 썼다.
팀의 공식은 =SUM(A1,A2)였고, 암호는 @handle, 점수는 -3점이었다.
팀은 2019년에 세워졌다.
"""
SPECIAL_BANK = """\
article:
  source: special.txt
  title: "기호 <모음> & \\"따옴표\\", 쉼표"
  language: ko
questions:
  - id: quoted
    type: choice
    prompt: "<파이낸셜타임스>에 따르면 R&D 팀이 즐겨 쓴 것은? (\\"따옴표\\", 쉼표)"
    choices: ["\\"큰따옴표\\"와 '작은따옴표'", "쉼표, 마침표", "<꺾쇠> & 앰퍼샌드", "없음"]
    answer: "\\"큰따옴표\\"와 '작은따옴표'"
    evidence: "R&D 팀은 \\"큰따옴표\\"와 '작은따옴표', 쉼표(,)를 즐겨 썼다."
  - id: broken-lines
    type: truefalse
    prompt: "R&D 팀은\\n쉼표를\\t즐겨 썼다."
    answer: true
    evidence: "쉼표(,)를 즐겨 썼다."
  - id: formula
    type: choice
    prompt: "팀의 공식은?"
    choices: ["=SUM(A1,A2)", "+SUM(A1)", "@handle", "-3점"]
    answer: "=SUM(A1,A2)"
    evidence: "팀의 공식은 =SUM(A1,A2)였고"
  - id: score
    type: choice
    prompt: "팀의 점수는?"
    choices: ["-3", "3", "+5", "0"]
    answer: "-3"
    evidence: "점수는 -3점이었다."
"""


@pytest.fixture
def special(workspace: WorkspaceBuilder) -> ResolvedBank:
    workspace.article("special.txt", SPECIAL_ARTICLE)
    workspace.bank("special", SPECIAL_BANK)
    (bank,) = banks_of(workspace.root)
    return bank


def test_specials_survive_each_spreadsheet_unchanged_and_never_as_a_formula(
    special: ResolvedBank,
) -> None:
    assert check_kahoot(special) == {}
    assert check_wayground(special) == {}
    for data in (kahoot.render_kahoot(special).data, wayground.render_wayground(special).data):
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert {"=SUM(A1,A2)", "+SUM(A1)", "@handle", "R&D 팀은\n쉼표를\t즐겨 썼다."} <= {
            cell.value for cell in cells
        }
        assert all(cell.data_type in ("s", "n") for cell in cells)
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_specials_in_blooket_survive_or_are_refused_by_name(special: ResolvedBank) -> None:
    assert check_blooket(special) == {
        "special/formula": (
            "the answer '=SUM(A1,A2)' starts with '=', which a spreadsheet runs as a formula"
        ),
    }
    text = blooket.render_blooket(special).data.decode("utf-8")
    # Quotes doubled and fields quoted; the line break stays inside its field.
    assert '"<파이낸셜타임스>에 따르면 R&D 팀이 즐겨 쓴 것은? (""따옴표"", 쉼표)"' in text
    assert '2,"R&D 팀은\n쉼표를\t즐겨 썼다.",O,X,,,30,1\r\n' in text
    # Plain numbers are no formula: -3 and +5 stay.
    assert "3,팀의 점수는?,-3,0,3,+5,30,1\r\n" in text


def test_specials_in_quizlet_survive_or_are_refused_by_name(special: ResolvedBank) -> None:
    assert check_quizlet(special) == {
        "special/broken-lines": (
            "the question holds a tab, which Quizlet's import reads as the end of a term"
        ),
    }
    text = quizlet.render_quizlet(special).data.decode("utf-8")
    assert '① =SUM(A1,A2) — 출처: 기호 <모음> & "따옴표", 쉼표, ¶3\n' in text


# A choice one character over Kahoot's 75, and a prompt right at its 120.
LONG_CHOICE = "twenty-four million pounds, to be paid back by the harbour over many years.."
AT_LIMIT = (
    "Did the council vote on Tuesday to rebuild the harbour wall"
    + " at long last" * 4
    + " at last?"
)
EXTRA = f"""\
  - id: vote-day
    type: truefalse
    prompt: "{AT_LIMIT}"
    answer: true
    evidence: "The town council voted on Tuesday"
"""


def limits_bank(workspace: WorkspaceBuilder) -> None:
    """The English example with one question over each limit, and one right at Kahoot's."""
    english(
        workspace,
        ('"24 million pounds"]', f'"{LONG_CHOICE}"]'),
        ('    accept: ["Reyes"]\n', "    accept: [Reyes, T. Reyes, Mr Reyes, Tom, Mr Tom Reyes]\n"),
        (
            'prompt: "Every councillor voted for the plan."',
            'prompt: "' + "Every councillor voted for the plan, " * 4 + 'as the minutes say."',
        ),
        ('"the lifeboat station"]', '"the lifeboat station", "the town band"]'),
        ('    unit: "pounds"\n', '    unit: "pounds"\n    tolerance: 2\n'),
    )
    bank = workspace.root / "questions" / "harbour-wall.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")


def test_a_question_over_each_limit_is_named_and_absent(workspace: WorkspaceBuilder) -> None:
    assert (len(LONG_CHOICE), len(AT_LIMIT)) == (76, 120)
    limits_bank(workspace)
    summaries = {}
    for name in PLATFORMS:
        result = workspace.run("export", name)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"build/live/harbour-wall{live_platforms.PLATFORMS[name].suffix}\n"
        summaries[name] = result.stderr
    typed = "question; Kahoot's import has no typed-answer form"
    assert summaries["kahoot"] == (
        "left out where the platform cannot hold them (6):\n"
        "  kahoot  harbour-wall/wall-cost: an answer is 76 characters; Kahoot holds 75\n"
        "  kahoot  harbour-wall/who-pays: 5 choices; Kahoot holds 4\n"
        "  kahoot  harbour-wall/vote-unanimous: the question is 167 characters; Kahoot holds 120\n"
        f"  kahoot  harbour-wall/harbour-master: a short {typed}\n"
        f"  kahoot  harbour-wall/household-bill: a numeric {typed}\n"
        f"  kahoot  harbour-wall/flood-defences: a cloze {typed}\n"
    )
    assert summaries["wayground"] == (
        "left out where the platform cannot hold them (2):\n"
        "  wayground  harbour-wall/harbour-master: 6 accepted answers; Wayground holds 5\n"
        "  wayground  harbour-wall/household-bill: a tolerance (± 2 pounds); "
        "Wayground's Fill-in-the-Blank takes exact answers only\n"
    )
    assert "  blooket  harbour-wall/who-pays: 5 choices; Blooket holds 4\n" in summaries["blooket"]
    assert "wall-cost" not in summaries["blooket"] and summaries["quizlet"] == ""
    # What the files hold: everything else, the 120-character prompt included.
    out = workspace.root / "build" / "live"
    rows = workbook_rows((out / "harbour-wall.kahoot.xlsx").read_bytes())
    assert [row[1] for row in rows[8:]] == [AT_LIMIT]
    (bank,) = banks_of(workspace.root)
    assert check_kahoot(bank).keys() == {q.key for q in bank.questions if q.id != "vote-day"}
    assert len(check_wayground(bank)) == 2
    assert check_blooket(bank).keys() == {
        q.key for q in bank.questions if q.type in ("multi", "short", "numeric", "cloze")
    }
    assert check_quizlet(bank) == {}


def test_strict_fails_and_writes_nothing_when_a_question_is_left_out(
    workspace: WorkspaceBuilder,
) -> None:
    english(workspace)
    result = workspace.run("export", "kahoot", "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "left out where the platform cannot hold them (3):\n"
        "  kahoot  harbour-wall/harbour-master: a short question; Kahoot's import has no "
        "typed-answer form\n"
        "  kahoot  harbour-wall/household-bill: a numeric question; Kahoot's import has no "
        "typed-answer form\n"
        "  kahoot  harbour-wall/flood-defences: a cloze question; Kahoot's import has no "
        "typed-answer form\n"
        "quizdeck: --strict: 3 question(s) left out; nothing written\n"
    )
    assert not (workspace.root / "build").exists()
    # Quizlet holds every question: --strict passes.
    result = workspace.run("export", "quizlet", "--strict")
    assert (result.exit_code, result.stderr) == (0, "")


def test_time_limits_follow_difficulty_or_the_option(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        (
            '    explanation: "The council voted',
            '    difficulty: hard\n    explanation: "The council voted',
        ),
        (
            '    explanation: "Two councillors',
            '    difficulty: easy\n    explanation: "Two councillors',
        ),
    )
    (bank,) = banks_of(workspace.root)
    times = {row[1]: row[6] for row in workbook_rows(kahoot.render_kahoot(bank).data)[8:]}
    assert list(times.values()) == [60, 30, 20]
    assert live.TIME_BY_DIFFICULTY == {"easy": 20, "medium": 30, "hard": 60}
    result = workspace.run("export", "blooket", "--time-limit", "240")
    assert result.exit_code == 0, result.output
    text = (workspace.root / "build" / "live" / "harbour-wall.blooket.csv").read_text("utf-8")
    assert [row[6] for row in csv.reader(io.StringIO(text, newline=""))][2:] == ["240"] * 3
    result = workspace.run("export", "kahoot", "--time-limit", "45")
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: --time-limit 45: Kahoot offers 5, 10, 20, 30, 60, 90, 120 or 240 seconds\n",
    )
    result = workspace.run("export", "blooket", "--time-limit", "301")
    assert result.stderr == "quizdeck: --time-limit 301: Blooket offers 5–300 seconds\n"
    result = workspace.run("export", "quizlet", "--time-limit", "30")
    assert result.stderr == "quizdeck: --time-limit: Quizlet has no time limit\n"
    result = workspace.run("export", "gift", "--time-limit", "30")
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: --time-limit: gift has no time limit\n",
    )


def test_an_unchanged_rebuild_is_byte_identical(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    out = workspace.root / "build" / "live"
    first = {}
    for name in PLATFORMS:
        assert workspace.run("export", name).exit_code == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    for name in PLATFORMS:
        assert workspace.run("export", name).exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    for name in ("harbour-wall.kahoot.xlsx", "harbour-wall.wayground.xlsx"):
        archive = zipfile.ZipFile(out / name)
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        core = archive.read("docProps/core.xml").decode("utf-8")
        assert core.count("1980-01-01T00:00:00Z") == 2


def test_the_readme_documents_every_platform() -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    for header in kahoot.HEADERS + wayground.HEADERS:
        assert f"`{header}`" in readme, header
    assert "`" + ", ".join(blooket.HEADERS) + "`" in readme
    for platform in live_platforms.PLATFORMS.values():
        assert f"**{platform.title}**" in readme
    assert "| easy | 20 |" in readme and "| medium (or none) | 30 |" in readme
    assert "| hard | 60 |" in readme


def test_the_readme_summary_example_is_what_export_prints(workspace: WorkspaceBuilder) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("```text\nleft out where", 1)[1].split("```", 1)[0]
    english(workspace)
    result = workspace.run("export", "kahoot")
    assert result.stderr == "left out where" + example


def test_what_counts_as_long_or_as_a_formula() -> None:
    # Kahoot counts as the web does: an emoji outside the BMP is two units.
    assert [live.length(text) for text in ("중국 AI", "🙂", "R&D")] == [5, 2, 3]
    assert [live.formula_like(text) for text in ("=1+1", "+SUM(A1)", "@x", "-2+3", "\tx")] == [
        True
    ] * 5
    assert [live.formula_like(text) for text in ("-3", "+5", "-3.5%", "1,011", "R&D")] == [
        False
    ] * 5


def test_a_text_over_a_spreadsheet_cell_is_named(workspace: WorkspaceBuilder) -> None:
    long = "The wall is old. " * 2000
    english(
        workspace,
        (
            'explanation: "Two councillors voted against it."',
            f'explanation: "{long.strip()}"',
        ),
    )
    (bank,) = banks_of(workspace.root)
    vote = next(q for q in bank.questions if q.id == "vote-unanimous")
    # The explanation cell: the explanation, the evidence and the citation, labelled.
    cell = len(f"Explanation: {long.strip()}\nEvidence: {vote.evidence[0]}\nSource: ")
    cell += len(vote.citation)
    result = workspace.run("export", "wayground")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "left out where the platform cannot hold them (1):\n"
        f"  wayground  harbour-wall/vote-unanimous: a text of {cell} characters; "
        "a Wayground sheet's cell holds 32767\n"
    )


def test_the_platforms_sheets_are_the_bytes_openpyxl_writes(seed_banks: list[ResolvedBank]) -> None:
    bank = seed_banks[0]
    rows, _ = live.sort_out(
        live_platforms.WAYGROUND,
        bank.questions,
        lambda q: wayground.question_row(q, live.time_limit(q, None)),
    )
    assert wayground.render_wayground(bank).data == openpyxl_workbook(
        "Wayground", [wayground.HEADERS, wayground.GUIDE, *rows]
    )
    rows, _ = live.sort_out(
        live_platforms.KAHOOT, bank.questions, lambda q: kahoot.question_row(q, 30)
    )
    heading = [(None, bank.source.heading), (None, bank.deck), *[()] * 5, (None, *kahoot.HEADERS)]
    numbered = [(n, *row) for n, row in enumerate(rows, start=1)]
    assert kahoot.render_kahoot(bank, 30).data == openpyxl_workbook("Kahoot", heading + numbered)
