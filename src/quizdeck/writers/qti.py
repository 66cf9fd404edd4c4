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
# The earliest time a zip can hold: rebuilds are byte-identical.


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


def _serialise(root: ET.Element) -> bytes:
    """The document as `ET.indent` then `ET.tostring` write it, in one pass, several times faster.

    The elements here have plain tags (no namespaces, comments or processing
    instructions); ElementTree's own escaping is used for text and attributes.
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, 0, out)
    out.append("\n")
    return "".join(out).encode("utf-8")


_escape_text: Callable[[str], str] = ET._escape_cdata  # type: ignore[attr-defined]
_escape_attribute: Callable[[str], str] = ET._escape_attrib  # type: ignore[attr-defined]


def _write(element: ET.Element, level: int, out: list[str]) -> None:
    """One element and what it holds, indented as ET.indent does (two spaces a level)."""
    out.append("<" + element.tag)
    for name, value in element.attrib.items():
        out.append(f' {name}="{_escape_attribute(value)}"')
    text = element.text
    if len(element):
        out.append(">")
        inner = "\n" + "  " * (level + 1)
        out.append(inner if not text or not text.strip() else _escape_text(text))
        last = len(element) - 1
        for index, child in enumerate(element):
            _write(child, level + 1, out)
            tail = child.tail
            if not tail or not tail.strip():
                tail = inner if index < last else "\n" + "  " * level
            out.append(_escape_text(tail))
        out.append(f"</{element.tag}>")
    elif text:
        out.append(f">{_escape_text(text)}</{element.tag}>")
    else:
        out.append(" />")


def _sub(parent: ET.Element, tag: str, text_: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text_ is not None:
        element.text = text_
    return element


def _manifest(bank: ResolvedBank, quiz: str) -> bytes:
    root = ET.Element("manifest", {"identifier": ident("manifest", bank.id), "xmlns": MANIFEST_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    meta = ident("meta", bank.id)
    resource = _sub(resources, "resource", identifier=quiz, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{quiz}/{quiz}.xml")
    _sub(resource, "dependency", identifierref=meta)
    dependency = _sub(
        resources,
        "resource",
        identifier=meta,
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{quiz}/assessment_meta.xml",
    )
    _sub(dependency, "file", href=f"{quiz}/assessment_meta.xml")
    return _serialise(root)


def _meta(bank: ResolvedBank, quiz: str) -> bytes:
    root = ET.Element("quiz", {"identifier": quiz, "xmlns": CANVAS_NS})
    _sub(root, "title", bank.source.title)
    _sub(root, "description", f"<p>{text(bank.source.heading)}</p>")
    # Canvas shuffles per quiz, not per question: choices come in each note's order instead.
    _sub(root, "shuffle_answers", "false")
    _sub(root, "scoring_policy", "keep_highest")
    _sub(root, "quiz_type", "assignment")
    _sub(root, "points_possible", f"{len(bank.questions)}.0")
    _sub(root, "show_correct_answers", "true")
    _sub(root, "allowed_attempts", "1")
    _sub(root, "available", "false")
    return _serialise(root)


def assessment(bank: ResolvedBank, quiz: str) -> bytes:
    """The assessment XML: one item per question, in the bank's order."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    test = _sub(root, "assessment", ident=quiz, title=bank.source.title)
    field = _sub(_sub(test, "qtimetadata"), "qtimetadatafield")
    _sub(field, "fieldlabel", "cc_maxattempts")
    _sub(field, "fieldentry", "1")
    section = _sub(test, "section", ident="root_section")
    for question in bank.questions:
        _item(section, question)
    return _serialise(root)


def item_ident(question: Resolved) -> str:
    """The item's ident, from the note GUID."""
    return ident("item", question.guid)


def _item(section: ET.Element, question: Resolved) -> None:
    item_id = item_ident(question)
    item = _sub(section, "item", ident=item_id, title=question.key)
    metadata = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    answers, body, respond = _responses(question, item_id)
    for label, entry in (
        ("question_type", QUESTION_TYPES[question.type]),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(answers)),
        ("assessment_question_identifierref", ident("ref", question.guid)),
    ):
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    _sub(
        _sub(presentation, "material"),
        "mattext",
        body if question.type == "cloze" and body else question_html(question, body),
        texttype="text/html",
    )
    process = _sub(item, "resprocessing")
    _sub(
        _sub(process, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    # The general feedback shows whatever was answered.
    condition = _sub(process, "respcondition", **{"continue": "Yes"})
    _sub(_sub(condition, "conditionvar"), "other")
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    respond(presentation, process)
    feedback = _sub(item, "itemfeedback", ident="general_fb")
    _sub(
        _sub(_sub(feedback, "flow_mat"), "material"),
        "mattext",
        feedback_html(question),
        texttype="text/html",
    )


# Fills an item's presentation and response processing.
_Respond = Callable[[ET.Element, ET.Element], None]
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


def _correct(process: ET.Element, score: str = "100", action: str = "Set") -> ET.Element:
    # Blanks add their shares one after another, so their conditions go on ("Yes").
    going_on = "Yes" if action == "Add" else "No"
    condition = _sub(process, "respcondition", **{"continue": going_on})
    variables = _sub(condition, "conditionvar")
    _sub(condition, "setvar", score, action=action, varname="SCORE")
    return variables


def _choices(
    presentation: ET.Element, process: ET.Element, options: list[_Option], multiple: bool
) -> None:
    response = _sub(
        presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    render = _sub(response, "render_choice")
    for answer, shown, _ in options:
        label = _sub(render, "response_label", ident=answer)
        _sub(_sub(label, "material"), "mattext", text(shown), texttype="text/html")
    variables = _correct(process)
    if not multiple:
        key = next(answer for answer, _, correct in options if correct)
        _sub(variables, "varequal", key, respident="response1")
        return
    both = _sub(variables, "and")
    for answer, _, correct in options:
        parent = both if correct else _sub(both, "not")
        _sub(parent, "varequal", answer, respident="response1")


def _short(presentation: ET.Element, process: ET.Element, question: Resolved) -> None:
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
    variables = _correct(process)
    for answer in question.answers:
        _sub(variables, "varequal", answer, respident="response1")


def _numerical(presentation: ET.Element, process: ET.Element, question: Resolved) -> None:
    assert question.number is not None
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
    value, margin = question.number.in_unit, question.number.tolerance
    either = _sub(_correct(process), "or")
    _sub(either, "varequal", number(value), respident="response1")
    both = _sub(either, "and")
    _sub(both, "vargte", number(value - margin), respident="response1")
    _sub(both, "varlte", number(value + margin), respident="response1")


def _blank_name(piece: Piece) -> str:
    return f"[blank{piece.blank}]"


def _blanks(
    presentation: ET.Element, process: ET.Element, question: Resolved, answers: Sequence[str]
) -> None:
    """Canvas's fill_in_multiple_blanks: a response_lid per blank, each worth its share."""
    share = weights(len(question.blanks))
    for blank, answer in zip(question.blanks, answers, strict=True):
        name = f"blank{blank.number}"
        response = _sub(presentation, "response_lid", ident=f"response_{name}")
        _sub(_sub(response, "material"), "mattext", name)
        choices = _sub(response, "render_choice")
        # Canvas takes every label of a blank as a right answer; the first is the keyed one.
        for n, accepted in enumerate(blank_answers(question, blank.number)):
            label = _sub(choices, "response_label", ident=answer if n == 0 else f"{answer}_{n}")
            _sub(_sub(label, "material"), "mattext", accepted, texttype="text/plain")
        variables = _correct(process, share, "Add")
        _sub(variables, "varequal", answer, respident=f"response_{name}")
