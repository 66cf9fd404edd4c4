"""Moodle XML, GIFT and Canvas QTI, each read back by a real reader.

GIFT by pygiftparser, Moodle XML by lxml and by amc2moodle's moodle2amc (which reads
Moodle XML into AMC LaTeX), Canvas QTI against the element structure text2qti (the
reference Canvas QTI writer) produces for the same question. Every seed question goes
through all three.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, SAMPLE_BANK, WorkspaceBuilder, banks_of, require
from quizdeck.outputs.publish import MANIFEST
from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.writers.gift import escape, render_gift
from quizdeck.writers.moodle import render_moodle
from quizdeck.writers.platform import blank_answers, choice_order
from quizdeck.writers.qti import QUESTION_TYPES, item_ident, render_qti

# An article and a bank whose texts hold every GIFT special, HTML's and a Moodle wildcard.
SPECIAL_ARTICLE = """\
수식 표기
공식 a=b~c#d:g\\h 는 <파이낸셜타임스>의 R&D 팀이 2019년에 쓴 것이다.
그 팀의 별칭은 별*표 연구소다. {중괄호} 안의 말도 있다.
"""
SPECIAL_BANK = """\
article:
  source: special.txt
  title: "수식 <표기> & 기호"
  language: ko
questions:
  - id: formula
    type: short
    prompt: "R&D 팀이 쓴 공식은? (기호 ~ = # { } : 와 \\\\ 포함)"
    answer: 'a=b~c#d:g\\h'
    accept: ["별*표"]
    evidence: '공식 a=b~c#d:g\\h 는 <파이낸셜타임스>의 R&D 팀이 2019년에 쓴 것이다.'
    explanation: "답은 a=b~c#d:g\\\\h 이다: {중괄호}가 아니라 <파이낸셜타임스> 참고."
  - id: which-team
    type: choice
    prompt: "공식을 쓴 곳은?"
    choices: ["<파이낸셜타임스>의 R&D 팀", "a=b~c 팀", "{중괄호} #팀", "콜론: 팀"]
    answer: "<파이낸셜타임스>의 R&D 팀"
    evidence: '공식 a=b~c#d:g\\h 는 <파이낸셜타임스>의 R&D 팀이 2019년에 쓴 것이다.'
  - id: year
    type: numeric
    prompt: "공식을 쓴 해는?"
    answer: 2019
    unit: "년"
    tolerance: 0.5
    evidence: '공식 a=b~c#d:g\\h 는 <파이낸셜타임스>의 R&D 팀이 2019년에 쓴 것이다.'
  - id: team-nick
    type: cloze
    evidence: "그 팀의 별칭은 별*표 연구소다."
    blanks:
      - text: "별*표"
        accept: ["별표", "a~b/c"]
"""


@pytest.fixture(scope="module")
def seed_banks(tmp_path_factory: pytest.TempPathFactory) -> list[ResolvedBank]:
    builder = WorkspaceBuilder(tmp_path_factory.mktemp("seeds"))
    builder.seeds()
    banks = banks_of(builder.root)
    written = sum(
        p.read_text(encoding="utf-8").count("\n  - id:")
        for p in (builder.root / "questions").glob("*.yaml")
    )
    assert sum(len(b.questions) for b in banks) == written >= 125
    return banks


@pytest.fixture
def special(workspace: WorkspaceBuilder) -> list[ResolvedBank]:
    workspace.sample()
    workspace.article("special.txt", SPECIAL_ARTICLE)
    workspace.bank("special", SPECIAL_BANK)
    return banks_of(workspace.root)


def all_questions(banks: list[ResolvedBank]) -> dict[str, Resolved]:
    return {q.key: q for bank in banks for q in bank.questions}


# --- GIFT, read by pygiftparser ---------------------------------------------------

_GIFT_ESCAPE = re.compile(r"\\(.)")


def gift_text(value: str) -> str:
    """GIFT unescaped as Moodle reads it (\\n a newline, \\x the character x)."""
    return _GIFT_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def parse_gift(data: bytes) -> list[object]:
    from pygiftparser import parser

    return list(parser.parseFile(io.StringIO(data.decode("utf-8"))))


def check_gift(banks: list[ResolvedBank]) -> set[str]:
    """Parse every bank's GIFT and check each question against its resolved form; the keys seen."""
    from pygiftparser import answer as giftanswer

    seen: set[str] = set()
    for bank in banks:
        data = render_gift(bank)
        assert b"$CATEGORY: $course$/top/" in data
        parsed = parse_gift(data)
        resolved = {q.key: q for q in bank.questions}
        for item in parsed:
            assert item.valid, item.full
            assert item.markup == "html"
            title = gift_text(item.title)
            key = re.sub(r" \(\d+\)$", "", title)
            question = resolved[key]
            seen.add(key)
            answers = item.answers
            feedback = html.unescape(gift_text(item.generalFeedback))
            assert all(html.unescape(quote) in feedback for quote in question.evidence)
            assert question.citation in feedback
            given = [
                html.unescape(gift_text(getattr(a, "answer", "")))
                for a in getattr(answers, "answers", [])
            ]
            if question.type == "choice":
                assert isinstance(answers, giftanswer.SelectSet), title
                assert given == [question.choices[i] for i in choice_order(question)]
                keyed = [a for a in answers.answers if a.fraction == 100]
                assert [html.unescape(gift_text(a.answer)) for a in keyed] == [
                    question.choices[i] for i in question.keys
                ]
            elif question.type == "multi":
                assert isinstance(answers, giftanswer.MultipleChoicesSet), title
                assert given == [question.choices[i] for i in choice_order(question)]
                keyed = {
                    html.unescape(gift_text(a.answer)) for a in answers.answers if a.fraction > 0
                }
                assert keyed == {question.choices[i] for i in question.keys}
                assert answers.checkValidity()
                assert all(a.fraction < 0 for a in answers.answers if a.fraction <= 0)
            elif question.type == "truefalse":
                assert isinstance(answers, giftanswer.TrueFalseSet), title
                assert answers.answer is question.truth
            elif question.type == "numeric":
                assert isinstance(answers, giftanswer.NumericAnswerSet), title
                (number,) = answers.answers
                assert number.value == question.number.in_unit
                assert number.tolerance == question.number.tolerance  # type: ignore[union-attr]
                assert number.fraction == 100
            elif question.type == "short":
                assert isinstance(answers, giftanswer.ShortSet), title
                assert [g.replace("\\*", "*") for g in given] == list(question.answers)
            else:  # cloze: one missing-word question per blank, the rest of the text around it
                assert isinstance(answers, giftanswer.ShortSet), title
                number_asked = int(title.rsplit("(", 1)[1][:-1]) if title != key else 1
                expected = list(blank_answers(question, number_asked))
                assert [g.replace("\\*", "*") for g in given] == expected
                assert item.tail, title
        clozes = sum(len(q.blanks) for q in bank.questions if q.type == "cloze")
        assert (
            len(parsed)
            == len(bank.questions) - sum(1 for q in bank.questions if q.type == "cloze") + clozes
        )
    return seen


def test_gift_every_seed_question_is_read_back_by_pygiftparser(
    seed_banks: list[ResolvedBank],
) -> None:
    assert check_gift(seed_banks) == set(all_questions(seed_banks))


def test_gift_escapes_every_special_character(special: list[ResolvedBank]) -> None:
    assert check_gift(special) == set(all_questions(special))
    bank = next(b for b in special if b.id == "special")
    data = render_gift(bank).decode("utf-8")
    # The answer as Moodle's GIFT reader needs it: each special escaped, the wildcard \*.
    assert r"=a\=b\~c\#d\:g\\h =별\\*표" in data
    assert r"{=별\\*표 =별표 =a\~b/c####" in data
    # Braces in HTML parts become character references (pygiftparser, unlike Moodle, ends an
    # answer at an escaped brace); in a plain short answer they can only be escaped.
    assert r"\{중괄호\}" not in data and r"&\#123;중괄호&\#125;" in data
    assert escape("{중괄호}") == r"\{중괄호\}"
    assert "&lt;파이낸셜타임스&gt;의 R&amp;D 팀" in data
    assert r"{#2019:0.5####" in data
    # No raw special survives outside the question's own syntax.
    formula = next(line for line in data.splitlines() if line.startswith("::special/formula::"))
    head = formula[: formula.index("{=")]
    assert re.search(r"(?<!\\)[~=#{}]", head.removeprefix("::special/formula::")) is None


# --- Moodle XML, read by lxml and by moodle2amc -------------------------------------


def moodle_questions(bank: ResolvedBank) -> Iterator[tuple[Resolved, etree._Element]]:
    root = etree.fromstring(render_moodle(bank), etree.XMLParser(strip_cdata=False))
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    expected = "/".join(["$course$", "top", *(p.strip() for p in bank.deck.split("::"))])
    assert category.findtext("category/text") == expected
    assert len(questions) == len(bank.questions)
    for question, element in zip(bank.questions, questions, strict=True):
        assert element.findtext("name/text") == question.key
        yield question, element


MOODLE_TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "truefalse": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "cloze": "multianswer",
}
_SUBQUESTION = re.compile(r"\{1:SHORTANSWER:((?:\\.|[^\\}])*)\}")
_ALTERNATIVE = re.compile(r"=((?:\\.|[^\\~])*)")


def check_moodle_xml(banks: list[ResolvedBank]) -> None:
    for bank in banks:
        for question, element in moodle_questions(bank):
            assert element.get("type") == MOODLE_TYPES[question.type]
            text = element.findtext("questiontext/text")
            feedback = html.unescape(element.findtext("generalfeedback/text"))
            assert all(quote in feedback for quote in question.evidence)
            assert question.citation in feedback and (question.explanation or "") in feedback
            answers = element.findall("answer")
            values = [a.findtext("text") for a in answers]
            fractions = [float(a.get("fraction")) for a in answers]
            if question.type in ("choice", "multi"):
                assert element.findtext("single") == str(question.type == "choice").lower()
                shuffled = question.shuffle and question.choice_values is None
                assert element.findtext("shuffleanswers") == str(shuffled).lower()
                order = choice_order(question)
                assert [html.unescape(v) for v in values] == [question.choices[i] for i in order]
                keyed = {html.unescape(v) for v, f in zip(values, fractions, strict=True) if f > 0}
                assert keyed == {question.choices[i] for i in question.keys}
                assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.001)
                if question.type == "multi" and len(question.keys) < len(question.choices):
                    assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=0.001)
                if question.choice_values is not None:
                    shown = [question.choice_values[i] for i in order]
                    assert shown == sorted(shown)
            elif question.type == "truefalse":
                assert dict(zip(values, fractions, strict=True)) == {
                    str(question.truth).lower(): 100,
                    str(not question.truth).lower(): 0,
                }
            elif question.type == "short":
                assert element.findtext("usecase") == "0"
                assert [v.replace("\\*", "*") for v in values] == list(question.answers)
                assert fractions == [100] * len(values)
            elif question.type == "numeric":
                assert question.number is not None
                assert float(values[0]) == question.number.in_unit and fractions == [100]
                assert float(answers[0].findtext("tolerance")) == question.number.tolerance
                if question.number.unit:
                    assert element.findtext("units/unit/unit_name") == question.number.unit
                    assert element.findtext("units/unit/multiplier") == "1"
            else:
                # Moodle unescapes } # ~ / " \ in a subquestion; \* stays its literal star.
                found = [
                    [html.unescape(re.sub(r"\\([^*])", r"\1", a)) for a in _ALTERNATIVE.findall(m)]
                    for m in _SUBQUESTION.findall(text)
                ]
                in_order = [
                    [a.replace("*", "\\*") for a in blank_answers(question, p.blank)]
                    for line in question.cloze
                    for p in line
                    if p.blank
                ]
                assert found == in_order


def test_moodle_xml_every_seed_question_parses_with_lxml(seed_banks: list[ResolvedBank]) -> None:
    check_moodle_xml(seed_banks)


def test_moodle_xml_keeps_special_characters(special: list[ResolvedBank]) -> None:
    check_moodle_xml(special)
    bank = next(b for b in special if b.id == "special")
    data = render_moodle(bank).decode("utf-8")
    assert "<text>a=b~c#d:g\\h</text>" in data and "<text>별\\*표</text>" in data
    assert "{1:SHORTANSWER:=별\\*표~=별표~=a\\~b\\/c}" in data
    assert "&lt;파이낸셜타임스&gt;의 R&amp;D 팀" in data
    assert "<unit_name>년</unit_name>" in data


def amc_blocks(tex: str) -> dict[str, tuple[str, str]]:
    """moodle2amc's LaTeX per question name: (environment, body)."""
    pattern = re.compile(
        r"\\begin\{(question|questionmult|questionmultx)\}\{([^}]*)\}(.*?)\\end\{\1\}", re.S
    )
    return {m.group(2): (m.group(1), m.group(3)) for m in pattern.finditer(tex)}


def magickwand() -> bool:
    """Whether ImageMagick's MagickWand library, which moodle2amc loads, is installed."""
    try:
        import wand.image  # noqa: F401
    except ImportError:
        return False
    return True


def check_moodle2amc(banks: list[ResolvedBank], tmp_path: Path) -> int:
    """Convert every bank with moodle2amc; choice and numeric questions must come out keyed."""
    require(magickwand(), "ImageMagick's MagickWand library (apt libmagickwand-dev) for moodle2amc")
    from amc2moodle.moodle2amc import Quiz
    from amc2moodle.utils.text import clean_q_name

    converted = 0
    for bank in banks:
        source = tmp_path / f"{bank.id}.moodle.xml"
        source.write_bytes(render_moodle(bank))
        texfile = tmp_path / f"{bank.id}.tex"
        Quiz(str(source)).convert(texfile=str(texfile))
        blocks = amc_blocks(texfile.read_text(encoding="utf-8"))
        for question in bank.questions:
            name = clean_q_name(question.key)
            if question.type in ("choice", "multi"):
                environment, body = blocks[name]
                assert environment == ("question" if question.type == "choice" else "questionmult")
                correct = re.findall(r"\\correctchoice\{(.*)\}", body)
                wrong = re.findall(r"\\wrongchoice\{(.*)\}", body)
                keys = [question.choices[i] for i in choice_order(question) if i in question.keys]
                others = [
                    question.choices[i] for i in choice_order(question) if i not in question.keys
                ]
                assert [c.replace("\\%", "%") for c in correct] == keys
                assert [w.replace("\\%", "%") for w in wrong] == others
                converted += 1
            elif question.type == "numeric":
                environment, body = blocks[name]
                assert environment == "questionmultx"
                target = re.search(r"\\AMCnumericChoices\{([^}]*)\}", body)
                assert target is not None and float(target.group(1)) == question.number.in_unit
                converted += 1
            else:
                assert name not in blocks  # moodle2amc reads only choice and numerical questions
    return converted


def test_moodle2amc_converts_every_seed_choice_and_numeric_question(
    seed_banks: list[ResolvedBank], tmp_path: Path
) -> None:
    converted = check_moodle2amc(seed_banks, tmp_path)
    expected = sum(
        1 for q in all_questions(seed_banks).values() if q.type in ("choice", "multi", "numeric")
    )
    assert converted == expected > 60


def test_moodle2amc_reads_the_sample_keys(special: list[ResolvedBank], tmp_path: Path) -> None:
    assert check_moodle2amc(special, tmp_path) == 5


# --- Canvas QTI, against text2qti's structure ---------------------------------------

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
# Attributes that name things (idents, titles) rather than give the structure.
_NAMING = {"ident", "title", "linkrefid"}


def shape(element: etree._Element) -> tuple[object, ...]:
    """An element's structure: tags, structural attributes, metadata labels, nothing named."""
    tag = etree.QName(element).localname
    attrs = {k: v for k, v in element.attrib.items() if k not in _NAMING}
    if tag in ("response_lid", "response_str") or (
        tag == "response_label" and element.getparent().tag.endswith("render_fib")
    ):
        attrs["ident"] = element.get("ident")
    if element.get("linkrefid") in ("general_fb", "correct_fb", "general_incorrect_fb"):
        attrs["linkrefid"] = element.get("linkrefid")
    label = None
    if tag == "fieldlabel":
        label = element.text
    if tag == "fieldentry" and element.getprevious().text in ("question_type",):
        label = element.text
    return (tag, tuple(sorted(attrs.items())), label, tuple(shape(c) for c in element))


def text2qti_item(question: Resolved) -> etree._Element:
    """What text2qti writes for the same question (same choices, keys and answer count)."""
    from text2qti.config import Config
    from text2qti.qti import QTI as Text2qti
    from text2qti.quiz import Quiz

    lines = ["Quiz title: reference", "", "1.  question", "... feedback"]
    if question.type == "choice":
        for shown, i in enumerate(choice_order(question)):
            star = "*" if i in question.keys else ""
            lines.append(f"{star}{'abcdefgh'[shown]}) choice {shown}")
    elif question.type == "multi":
        lines += [
            f"[{'*' if i in question.keys else ' '}] choice {i}" for i in choice_order(question)
        ]
    elif question.type == "truefalse":
        lines += [
            f"{'*' if question.truth else ''}a) True",
            f"{'' if question.truth else '*'}b) False",
        ]
    elif question.type == "short":
        lines += [f"*   answer {n}" for n in range(len(question.answers))]
    elif question.type == "numeric":
        assert question.number is not None
        lines.append(f"=   {question.number.in_unit} +- {question.number.tolerance}")
    quiz = Quiz("\n".join(lines) + "\n", config=Config(), source_name="reference")
    xml = Text2qti(quiz).assessment.encode("utf-8")
    return etree.fromstring(xml).find(f".//{QTI}item")


def canvas_blanks_shape(question: Resolved) -> tuple[object, ...]:
    """Canvas's own export shape of a fill_in_multiple_blanks_question (text2qti has none).

    A response_lid `response_blankN` per blank, its name as material and each answer it
    accepts as a response_label; one respcondition per blank, keyed to its first answer,
    adding the blank's share of the score.
    """
    share = f"{100 / len(question.blanks):.5f}".rstrip("0").rstrip(".")

    def el(
        tag: str,
        attrs: dict[str, str] | None = None,
        *children: tuple[object, ...],
        label: str | None = None,
    ) -> tuple[object, ...]:
        return (tag, tuple(sorted((attrs or {}).items())), label, children)

    fields = [
        el("qtimetadatafield", None, el("fieldlabel", label=name), el("fieldentry", label=entry))
        for name, entry in (
            ("question_type", "fill_in_multiple_blanks_question"),
            ("points_possible", None),
            ("original_answer_ids", None),
            ("assessment_question_identifierref", None),
        )
    ]
    blanks = [
        el(
            "response_lid",
            {"ident": f"response_blank{b.number}"},
            el("material", None, el("mattext")),
            el(
                "render_choice",
                None,
                *[
                    el(
                        "response_label",
                        None,
                        el("material", None, el("mattext", {"texttype": "text/plain"})),
                    )
                    for _ in blank_answers(question, b.number)
                ],
            ),
        )
        for b in question.blanks
    ]
    conditions = [
        el(
            "respcondition",
            {"continue": "Yes"},
            el("conditionvar", None, el("varequal", {"respident": f"response_blank{b.number}"})),
            el("setvar", {"action": "Add", "varname": "SCORE"}),
        )
        for b in question.blanks
    ]
    html_text = el("mattext", {"texttype": "text/html"})
    return el(
        "item",
        None,
        el("itemmetadata", None, el("qtimetadata", None, *fields)),
        el("presentation", None, el("material", None, html_text), *blanks),
        el(
            "resprocessing",
            None,
            el(
                "outcomes",
                None,
                el(
                    "decvar",
                    {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
                ),
            ),
            el(
                "respcondition",
                {"continue": "Yes"},
                el("conditionvar", None, el("other")),
                el("displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"}),
            ),
            *conditions,
        ),
        el("itemfeedback", None, el("flow_mat", None, el("material", None, html_text))),
    ), share


def qti_items(bank: ResolvedBank) -> Iterator[tuple[Resolved, etree._Element]]:
    archive = zipfile.ZipFile(io.BytesIO(render_qti(bank)))
    names = archive.namelist()
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter("{*}file")]
    assert sorted(hrefs) == sorted(n for n in names if n.endswith(".xml") and "/" in n)
    assessment_name = next(h for h in hrefs if not h.endswith("assessment_meta.xml"))
    meta = etree.fromstring(
        archive.read(next(h for h in hrefs if h.endswith("assessment_meta.xml")))
    )
    assert meta.findtext("{*}title") == bank.source.title
    root = etree.fromstring(archive.read(assessment_name))
    items = root.findall(f".//{QTI}item")
    assert len(items) == len(bank.questions)
    for question, item in zip(bank.questions, items, strict=True):
        assert item.get("ident") == item_ident(question) and item.get("title") == question.key
        yield question, item


def _strip_values(shape_: tuple[object, ...]) -> tuple[object, ...]:
    """A shape without metadata entries other than question_type (points, answer ids)."""
    tag, attrs, label, children = shape_
    if tag == "fieldentry" and label not in QUESTION_TYPES.values():
        label = None
    return (tag, attrs, label, tuple(_strip_values(c) for c in children))  # type: ignore[arg-type]


def check_qti(banks: list[ResolvedBank]) -> int:
    checked = 0
    for bank in banks:
        for question, item in qti_items(bank):
            qtype = item.find(".//{*}fieldentry").text
            assert qtype == QUESTION_TYPES[question.type]
            if question.type == "cloze":
                expected, share = canvas_blanks_shape(question)
                assert _strip_values(shape(item)) == _strip_values(expected)
                adds = [s.text for s in item.iter(f"{QTI}setvar")]
                assert adds == [share] * len(question.blanks)
                for blank in question.blanks:
                    lid = item.find(f".//{QTI}response_lid[@ident='response_blank{blank.number}']")
                    labels = list(lid.iter(f"{QTI}response_label"))
                    keyed = item.find(
                        f".//{QTI}varequal[@respident='response_blank{blank.number}']"
                    ).text
                    assert keyed == labels[0].get("ident")
                    assert [
                        label.findtext(f"{QTI}material/{QTI}mattext") for label in labels
                    ] == list(blank_answers(question, blank.number))
                mattext = item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
                assert all(f"[blank{b.number}]" in mattext for b in question.blanks)
            else:
                assert _strip_values(shape(item)) == _strip_values(shape(text2qti_item(question)))
                check_qti_key(question, item)
            feedback = html.unescape(item.findtext(f".//{QTI}itemfeedback//{QTI}mattext"))
            assert all(quote in feedback for quote in question.evidence)
            assert question.citation in feedback
            checked += 1
    return checked


def check_qti_key(question: Resolved, item: etree._Element) -> None:
    """The keyed response idents resolve to the bank's answer."""
    labels = {
        label.get("ident"): html.unescape(label.findtext(f"{QTI}material/{QTI}mattext") or "")
        for label in item.iter(f"{QTI}response_label")
    }
    scoring = next(
        c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None
    )
    if question.type in ("choice", "truefalse"):
        (keyed,) = scoring.findall(f".//{QTI}varequal")
        if question.type == "choice":
            (key,) = question.keys
            assert labels[keyed.text] == question.choices[key]
        else:
            from quizdeck.sources.labels import truth_label

            assert labels[keyed.text] == truth_label(question.source.language, question.truth)
    elif question.type == "multi":
        required = {v.text for v in scoring.findall(f"{QTI}conditionvar/{QTI}and/{QTI}varequal")}
        refused = {v.text for v in scoring.findall(f".//{QTI}not/{QTI}varequal")}
        assert {labels[i] for i in required} == {question.choices[i] for i in question.keys}
        assert {labels[i] for i in refused} == {
            c for i, c in enumerate(question.choices) if i not in question.keys
        }
    elif question.type == "short":
        assert [v.text for v in scoring.iter(f"{QTI}varequal")] == list(question.answers)
    else:
        assert question.number is not None
        exact = scoring.find(f".//{QTI}varequal").text
        low = float(scoring.find(f".//{QTI}vargte").text)
        high = float(scoring.find(f".//{QTI}varlte").text)
        value = question.number.in_unit
        assert float(exact) == value
        assert (low, high) == pytest.approx(
            (value - question.number.tolerance, value + question.number.tolerance)
        )


def test_qti_every_seed_question_matches_text2qti_or_canvas_structure(
    seed_banks: list[ResolvedBank],
) -> None:
    assert check_qti(seed_banks) == len(all_questions(seed_banks))


def test_qti_keeps_special_characters(special: list[ResolvedBank]) -> None:
    assert check_qti(special) == 10
    bank = next(b for b in special if b.id == "special")
    assessment = next(
        zipfile.ZipFile(io.BytesIO(render_qti(bank))).read(n)
        for n in zipfile.ZipFile(io.BytesIO(render_qti(bank))).namelist()
        if n.endswith(".xml") and "assessment_meta" not in n and "/" in n
    ).decode("utf-8")
    assert "&amp;lt;파이낸셜타임스&amp;gt;의 R&amp;amp;D 팀" in assessment
    assert ">a=b~c#d:g\\h</varequal>" in assessment


def test_an_english_bank_speaks_english_everywhere(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("english", SAMPLE_BANK.replace("language: ko", "language: en"))
    bank = next(b for b in banks_of(workspace.root) if b.id == "english")
    assert check_gift([bank]) == set(all_questions([bank]))
    check_moodle_xml([bank])
    assert check_qti([bank]) == 6
    gift = render_gift(bank).decode("utf-8")
    assert "<strong>Explanation</strong>" in gift and "<strong>Evidence</strong>" in gift
    assert "<strong>Source</strong>" in gift and "해설" not in gift
    assert "(unit\\: 개)" in gift
    moodle = render_moodle(bank).decode("utf-8")
    assert "<answernumbering>ABCD</answernumbering>" in moodle
    assert "<answernumbering>123</answernumbering>" in render_moodle(
        next(b for b in banks_of(workspace.root) if b.id == "sample")
    ).decode("utf-8")
    archive = zipfile.ZipFile(io.BytesIO(render_qti(bank)))
    assessment = next(
        archive.read(n)
        for n in archive.namelist()
        if n.count("/") == 1 and n.endswith(".xml") and "meta" not in n
    )
    assert b">True</mattext>" in assessment and b">False</mattext>" in assessment


# --- the command and the build -------------------------------------------------------


def test_export_command_writes_one_file_per_bank(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    for fmt, suffix in (("moodle", ".moodle.xml"), ("gift", ".gift"), ("qti", ".qti.zip")):
        result = workspace.run("export", fmt)
        assert result.exit_code == 0, result.output
        path = workspace.root / "build" / "lms" / f"sample{suffix}"
        assert result.stdout == f"build/lms/sample{suffix}\n"
        assert path.stat().st_size > 0


def test_export_checks_first_and_writes_nothing_on_errors(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "broken", "article: {source: missing.txt, title: x, language: ko}\nquestions: []\n"
    )
    result = workspace.run("export", "gift")
    assert result.exit_code == 1
    assert "source-missing" in result.stderr and "check failed: nothing written" in result.stderr
    assert not (workspace.root / "build").exists()


def test_export_replaces_only_its_own_files(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    out = tmp_path / "mine"
    out.mkdir()
    (out / "sample.gift").write_text("my own quiz")
    result = workspace.run("export", "gift", "--out", str(out))
    assert result.exit_code == 2
    assert "holds files quizdeck did not write (sample.gift)" in result.stderr
    assert (out / "sample.gift").read_text() == "my own quiz"
    # Its own file it replaces, rewriting the same bytes.
    assert workspace.run("export", "qti").exit_code == 0
    first = (workspace.root / "build" / "lms" / "sample.qti.zip").read_bytes()
    assert workspace.run("export", "qti").exit_code == 0
    assert (workspace.root / "build" / "lms" / "sample.qti.zip").read_bytes() == first


def test_export_refuses_an_unknown_format(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("export", "blackboard")
    assert result.exit_code == 2
    assert not (workspace.root / "build").exists()


def test_seed_build_writes_three_platform_files_per_bank(tmp_path: Path) -> None:
    builder = WorkspaceBuilder(tmp_path / "ws")
    builder.seeds()
    result = builder.run("build")
    assert result.exit_code == 0, result.output
    lms = builder.root / "build" / "lms"
    banks = sorted(p.stem for p in (REPO / "questions").glob("*.yaml"))
    assert sorted(p.name for p in lms.iterdir() if p.name != MANIFEST) == sorted(
        f"{b}{s}" for b in banks for s in (".gift", ".moodle.xml", ".qti.zip")
    )
    first = {p.name: p.read_bytes() for p in lms.iterdir()}
    assert builder.run("build").exit_code == 0
    assert {p.name: p.read_bytes() for p in lms.iterdir()} == first


def test_qti_xml_is_written_as_elementtree_indents_and_serialises_it() -> None:
    import random
    import xml.etree.ElementTree as ET

    from quizdeck.writers import qti

    rng = random.Random(25)

    def element(level: int, xml: qti._Xml) -> ET.Element:
        """A random element, written to `xml` as it is made."""
        attributes = {k: rng.choice(["x", '<&">\n\t\r', ""]) for k in rng.sample("pqr", 2)}
        tag = rng.choice(["item", "mattext", "and"])
        made = ET.Element(tag, attributes)
        children = rng.randint(0, 3) if level < 4 else 0
        if not children:
            made.text = rng.choice([None, "", " ", "t<&>\"'\r\n", "\n  ", "한글"])
            xml.leaf(tag, made.text, **attributes)
            return made
        xml.open(tag, **attributes)
        for _ in range(children):
            made.append(element(level + 1, xml))
        xml.close()
        return made

    for _ in range(500):
        xml = qti._Xml()
        expected = element(0, xml)
        ET.indent(expected)
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(expected, "unicode")
        assert xml.document() == (text + "\n").encode("utf-8")


def test_every_qti_file_is_as_elementtree_indents_and_serialises_what_it_reads(
    seed_banks: list[ResolvedBank], special: list[ResolvedBank]
) -> None:
    import xml.etree.ElementTree as ET

    for bank in [*seed_banks, *special]:
        archive = zipfile.ZipFile(io.BytesIO(render_qti(bank)))
        for name in archive.namelist():
            if name.endswith("/"):
                continue
            written = archive.read(name)
            root = ET.fromstring(written)
            for element in root.iter():
                element.tag = element.tag.rpartition("}")[2]
                if element is root:
                    element.set("xmlns", written.split(b'xmlns="')[1].split(b'"')[0].decode())
            ET.indent(root)
            again = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode")
            assert written == (again + "\n").encode("utf-8"), name


def test_cloze_placeholders_are_filled_as_a_pattern_of_the_token_fills_them() -> None:
    import random
    import re

    from quizdeck.writers.platform import filled

    rng = random.Random(14)
    token, other = "\ue000" + "0123456789abcdef", "\ue000" + "fedcba9876543210"
    pieces = [token, other, "\ue000", "\ue001", "0", "7", "12", "٣", "a", "<p>", "{", "&#123;"]
    marks = [f"[blank{n}]" for n in range(20)]

    def reference(html: str) -> str:
        """The placeholders filled by a pattern made for this token."""
        return re.sub(re.escape(token) + "(\\d+)\ue001", lambda m: marks[int(m.group(1))], html)

    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        # Numbers past the marks would fail both ways: keep to the marks there are.
        if any(int(n) >= len(marks) for n in re.findall(re.escape(token) + r"(\d+)\ue001", html)):
            continue
        assert filled(html, token, marks) == reference(html)
