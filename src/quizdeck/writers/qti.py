"""Canvas QTI 1.2 (README: Canvas): a bank as one quiz in a "QTI .zip file".

The zip holds `imsmanifest.xml`, `<quiz>/assessment_meta.xml` and the assessment
`<quiz>/<quiz>.xml`, in the shape Canvas exports and text2qti writes, with Canvas's
question types (multiple_choice, multiple_answers, true_false, short_answer, numerical,
fill_in_multiple_blanks). Idents derive from the note GUID, so they are stable, and the
zip's entries carry a fixed time: an unchanged bank rebuilds to the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Sequence
from functools import partial

from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.sources.labels import truth_label
from quizdeck.writers.archive import add_zip_entry
from quizdeck.writers.fields import text
from quizdeck.writers.platform import (
    blank_answers,
    choice_order,
    feedback_html,
    ident,
    marked_cloze_html,
    number,
    question_html,
    weights,
)

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
QUESTION_TYPES = {
    "choice": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "truefalse": "true_false_question",
    "short": "short_answer_question",
    "numeric": "numerical_question",
    "cloze": "fill_in_multiple_blanks_question",
}


def render_qti(bank: ResolvedBank) -> bytes:
    """The bank as a Canvas QTI .zip: manifest, quiz settings and the assessment."""
    quiz = ident("quiz", bank.id)
    files = {
        "imsmanifest.xml": _manifest(bank, quiz),
        f"{quiz}/assessment_meta.xml": _meta(bank, quiz),
        f"{quiz}/{quiz}.xml": assessment(bank, quiz),
    }
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        add_zip_entry(archive, "non_cc_assessments/", b"", mode=0o40755)
        for name, data in files.items():
            add_zip_entry(archive, name, data)
    return stream.getvalue()


_escape_text: Callable[[str], str] = ET._escape_cdata  # type: ignore[attr-defined]
_escape_attribute: Callable[[str], str] = ET._escape_attrib  # type: ignore[attr-defined]


class _Xml:
    """An XML document written as it is walked, in one pass with no tree: each element on
    a line of its own, two spaces a level, as `ET.indent` then `ET.tostring` write it (a
    test compares them); ElementTree's own escaping for text and attributes.

    Building an ElementTree and writing it took most of a cold build's QTI time.
    """

    __slots__ = ("open_tags", "out")

    def __init__(self, level: int = 0) -> None:
        self.out: list[str] = []
        # The tags of the elements open, outermost first (the levels above `level` too).
        self.open_tags: list[str] = [""] * level

    def open(self, tag: str, **attributes: str) -> None:
        """Start an element that holds other elements."""
        self.out.append(f"{'  ' * len(self.open_tags)}<{tag}{_attributes(attributes)}>\n")
        self.open_tags.append(tag)

    def close(self) -> None:
        """End the innermost element open."""
        tag = self.open_tags.pop()
        self.out.append(f"{'  ' * len(self.open_tags)}</{tag}>\n")

    def leaf(self, tag: str, text_: str | None = None, **attributes: str) -> None:
        """An element with only text in it, or empty."""
        indent = "  " * len(self.open_tags)
        if text_:
            content = _escape_text(text_)
            self.out.append(f"{indent}<{tag}{_attributes(attributes)}>{content}</{tag}>\n")
        else:
            self.out.append(f"{indent}<{tag}{_attributes(attributes)} />\n")

    def nested(self) -> _Xml:
        """A part written apart, at the current level, to be added later with `add`."""
        return _Xml(len(self.open_tags))

    def add(self, part: _Xml) -> None:
        """The elements of a part made by `nested`, here."""
        self.out.extend(part.out)

    def document(self) -> bytes:
        """The whole document, UTF-8, with its declaration."""
        assert not self.open_tags, self.open_tags
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(self.out)).encode("utf-8")


def _attributes(attributes: dict[str, str]) -> str:
    if not attributes:
        return ""
    return "".join([f' {name}="{_escape_attribute(value)}"' for name, value in attributes.items()])


def _manifest(bank: ResolvedBank, quiz: str) -> bytes:
    xml = _Xml()
    xml.open("manifest", identifier=ident("manifest", bank.id), xmlns=MANIFEST_NS)
    xml.open("metadata")
    xml.leaf("schema", "IMS Content")
    xml.leaf("schemaversion", "1.1.3")
    xml.close()
    xml.leaf("organizations")
    xml.open("resources")
    meta = ident("meta", bank.id)
    xml.open("resource", identifier=quiz, type="imsqti_xmlv1p2")
    xml.leaf("file", href=f"{quiz}/{quiz}.xml")
    xml.leaf("dependency", identifierref=meta)
    xml.close()
    xml.open(
        "resource",
        identifier=meta,
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{quiz}/assessment_meta.xml",
    )
    xml.leaf("file", href=f"{quiz}/assessment_meta.xml")
    xml.close()
    xml.close()
    xml.close()
    return xml.document()


def _meta(bank: ResolvedBank, quiz: str) -> bytes:
    xml = _Xml()
    xml.open("quiz", identifier=quiz, xmlns=CANVAS_NS)
    xml.leaf("title", bank.source.title)
    xml.leaf("description", f"<p>{text(bank.source.heading)}</p>")
    # Canvas shuffles per quiz, not per question: choices come in each note's order instead.
    xml.leaf("shuffle_answers", "false")
    xml.leaf("scoring_policy", "keep_highest")
    xml.leaf("quiz_type", "assignment")
    xml.leaf("points_possible", f"{len(bank.questions)}.0")
    xml.leaf("show_correct_answers", "true")
    xml.leaf("allowed_attempts", "1")
    xml.leaf("available", "false")
    xml.close()
    return xml.document()


def assessment(bank: ResolvedBank, quiz: str) -> bytes:
    """The assessment XML: one item per question, in the bank's order."""
    xml = _Xml()
    xml.open("questestinterop", xmlns=QTI_NS)
    xml.open("assessment", ident=quiz, title=bank.source.title)
    xml.open("qtimetadata")
    xml.open("qtimetadatafield")
    xml.leaf("fieldlabel", "cc_maxattempts")
    xml.leaf("fieldentry", "1")
    xml.close()
    xml.close()
    xml.open("section", ident="root_section")
    for question in bank.questions:
        _item(xml, question)
    xml.close()
    xml.close()
    xml.close()
    return xml.document()


def item_ident(question: Resolved) -> str:
    """The item's ident, from the note GUID."""
    return ident("item", question.guid)


def _item(xml: _Xml, question: Resolved) -> None:
    item_id = item_ident(question)
    xml.open("item", ident=item_id, title=question.key)
    xml.open("itemmetadata")
    xml.open("qtimetadata")
    answers, body, respond = _responses(question, item_id)
    for label, entry in (
        ("question_type", QUESTION_TYPES[question.type]),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(answers)),
        ("assessment_question_identifierref", ident("ref", question.guid)),
    ):
        xml.open("qtimetadatafield")
        xml.leaf("fieldlabel", label)
        xml.leaf("fieldentry", entry)
        xml.close()
    xml.close()
    xml.close()
    xml.open("presentation")
    # The responses go in the presentation and in the response processing after it.
    responses, processing = xml.nested(), xml.nested()
    respond(responses, processing)
    xml.open("material")
    xml.leaf(
        "mattext",
        body if question.type == "cloze" and body else question_html(question, body),
        texttype="text/html",
    )
    xml.close()
    xml.add(responses)
    xml.close()
    xml.open("resprocessing")
    xml.open("outcomes")
    xml.leaf("decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    xml.close()
    # The general feedback shows whatever was answered.
    xml.open("respcondition", **{"continue": "Yes"})
    xml.open("conditionvar")
    xml.leaf("other")
    xml.close()
    xml.leaf("displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    xml.close()
    xml.add(processing)
    xml.close()
    xml.open("itemfeedback", ident="general_fb")
    xml.open("flow_mat")
    xml.open("material")
    xml.leaf("mattext", feedback_html(question), texttype="text/html")
    xml.close()
    xml.close()
    xml.close()
    xml.close()


# Writes an item's responses (inside its presentation) and their processing.
_Respond = Callable[[_Xml, _Xml], None]
# An answer's ident, what it shows and whether it is right.
_Option = tuple[str, str, bool]


def _responses(question: Resolved, item_id: str) -> tuple[list[str], str | None, _Respond]:
    """Each answer's ident (choices by written position, true/false, the number, short
    answers, blanks), the text under the prompt (a cloze's) and what fills the responses."""
    match question.type:
        case "choice" | "multi":
            order = choice_order(question)
            answers = [f"{item_id}_{i + 1}" for i in order]
            options = [
                (answer, question.choices[i], i in question.keys)
                for answer, i in zip(answers, order, strict=True)
            ]
            return (
                answers,
                None,
                partial(_choices, options=options, multiple=question.type == "multi"),
            )
        case "truefalse":
            answers = [f"{item_id}_true", f"{item_id}_false"]
            truth, language = bool(question.truth), question.source.language
            options = [
                (answers[0], truth_label(language, True), truth),
                (answers[1], truth_label(language, False), not truth),
            ]
            return answers, None, partial(_choices, options=options, multiple=False)
        case "numeric":
            return [f"{item_id}_number"], None, partial(_numerical, question=question)
        case "short":
            answers = [f"{item_id}_answer{i + 1}" for i in range(len(question.answers))]
            return answers, None, partial(_short, question=question)
        case "cloze":
            answers = [f"{item_id}_blank{blank.number}" for blank in question.blanks]
            body = marked_cloze_html(question, _blank_name, "[]")
            return answers, body, partial(_blanks, question=question, answers=answers)
        case _:
            assert_never(question.type)


def _correct(process: _Xml, score: str = "100", action: str = "Set") -> None:
    """Open the condition that sets (or adds) the score; its conditionvar is left open."""
    # Blanks add their shares one after another, so their conditions go on ("Yes").
    going_on = "Yes" if action == "Add" else "No"
    process.open("respcondition", **{"continue": going_on})
    process.open("conditionvar")


def _scored(process: _Xml, score: str = "100", action: str = "Set") -> None:
    """Close the conditionvar `_correct` opened and give the score, closing the condition."""
    process.close()
    process.leaf("setvar", score, action=action, varname="SCORE")
    process.close()


def _choices(presentation: _Xml, process: _Xml, options: list[_Option], multiple: bool) -> None:
    presentation.open(
        "response_lid", ident="response1", rcardinality="Multiple" if multiple else "Single"
    )
    presentation.open("render_choice")
    for answer, shown, _ in options:
        presentation.open("response_label", ident=answer)
        presentation.open("material")
        presentation.leaf("mattext", text(shown), texttype="text/html")
        presentation.close()
        presentation.close()
    presentation.close()
    presentation.close()
    _correct(process)
    if not multiple:
        key = next(answer for answer, _, correct in options if correct)
        process.leaf("varequal", key, respident="response1")
    else:
        process.open("and")
        for answer, _, correct in options:
            if correct:
                process.leaf("varequal", answer, respident="response1")
            else:
                process.open("not")
                process.leaf("varequal", answer, respident="response1")
                process.close()
        process.close()
    _scored(process)


def _short(presentation: _Xml, process: _Xml, question: Resolved) -> None:
    presentation.open("response_str", ident="response1", rcardinality="Single")
    presentation.open("render_fib")
    presentation.leaf("response_label", ident="answer1", rshuffle="No")
    presentation.close()
    presentation.close()
    _correct(process)
    for answer in question.answers:
        process.leaf("varequal", answer, respident="response1")
    _scored(process)


def _numerical(presentation: _Xml, process: _Xml, question: Resolved) -> None:
    assert question.number is not None
    presentation.open("response_str", ident="response1", rcardinality="Single")
    presentation.open("render_fib", fibtype="Decimal")
    presentation.leaf("response_label", ident="answer1")
    presentation.close()
    presentation.close()
    value, margin = question.number.in_unit, question.number.tolerance
    _correct(process)
    process.open("or")
    process.leaf("varequal", number(value), respident="response1")
    process.open("and")
    process.leaf("vargte", number(value - margin), respident="response1")
    process.leaf("varlte", number(value + margin), respident="response1")
    process.close()
    process.close()
    _scored(process)


def _blank_name(piece: Piece) -> str:
    return f"[blank{piece.blank}]"


def _blanks(presentation: _Xml, process: _Xml, question: Resolved, answers: Sequence[str]) -> None:
    """Canvas's fill_in_multiple_blanks: a response_lid per blank, each worth its share."""
    share = weights(len(question.blanks))
    for blank, answer in zip(question.blanks, answers, strict=True):
        name = f"blank{blank.number}"
        presentation.open("response_lid", ident=f"response_{name}")
        presentation.open("material")
        presentation.leaf("mattext", name)
        presentation.close()
        presentation.open("render_choice")
        # Canvas takes every label of a blank as a right answer; the first is the keyed one.
        for n, accepted in enumerate(blank_answers(question, blank.number)):
            presentation.open("response_label", ident=answer if n == 0 else f"{answer}_{n}")
            presentation.open("material")
            presentation.leaf("mattext", accepted, texttype="text/plain")
            presentation.close()
            presentation.close()
        presentation.close()
        presentation.close()
        _correct(process, share, "Add")
        process.leaf("varequal", answer, respident=f"response_{name}")
        _scored(process, share, "Add")
