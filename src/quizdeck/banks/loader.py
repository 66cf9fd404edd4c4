"""Bank loader: YAML nodes to a Bank, every field with its file location."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer, ComposerError

from quizdeck.banks.model import (
    DIFFICULTIES,
    ID_PATTERN,
    QUESTION_TYPES,
    ArticleRef,
    Bank,
    BlankText,
    Diagnostic,
    Location,
    Question,
    Text,
    bank_id_from,
)
from quizdeck.banks.yaml_errors import HIDDEN, blank_question, explain
from quizdeck.limits import (
    CONTROL,
    MAX_BANK_BYTES,
    MAX_DEPTH,
    InputError,
    TooLarge,
    is_web_address,
    read_input,
    size_problem,
)
from quizdeck.sources.articles import ArticleDecodeError, decode_utf8
from quizdeck.sources.labels import DEFAULT_LANGUAGE, LANGUAGES, MAX_CHOICES
from quizdeck.sources.numbers import parse_number
from quizdeck.sources.textnorm import did_you_mean

_TAG = "tag:yaml.org,2002:"
_BOOLS = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
    ]
)
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])


# Plain values only: a bank never needs !!python/… or a tag of its own.
_KNOWN_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
DEEP = f"nesting deeper than {MAX_DEPTH} levels"
DEEP_HINT = "a bank needs a handful of levels: article, questions, one question, its lists"


class _TooDeep(ComposerError):
    """Nesting past MAX_DEPTH, raised at the collection that goes one level too far."""


N = TypeVar("N", bound=yaml.Node)
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ScalarResolver:
    """Most bank scalars are text; only number-like ones need the full resolver."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node: plain words without regexes, the rest by PyYAML's resolver."""
        if kind is yaml.ScalarNode and implicit[0]:
            if value in _BOOLS:
                return _TAG + "bool"
            if value in _NULLS:
                return _TAG + "null"
            if value[0] not in "+-.0123456789":
                return _TAG + "str"
        return str(super().resolve(kind, value, implicit))  # type: ignore[misc]


class _ShallowLoader(_ScalarResolver, _BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's parser and composer, both in C: for files that cannot nest too deep."""


class _Loader(_ScalarResolver, Composer, _BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's parser when present, resolving the common scalars without regexes.

    The nodes are composed in Python with the depth counted: libyaml's own composer
    recurses in C and a deeply nested file ([[[[… 50,000 times) overflows the C stack.
    """

    def __init__(self, stream: str) -> None:
        _BaseLoader.__init__(self, stream)
        Composer.__init__(self)
        self._depth = 0

    def compose_sequence_node(self, anchor: Any) -> yaml.SequenceNode:
        """A sequence, one level deeper."""
        return self._deeper(lambda: Composer.compose_sequence_node(self, anchor))

    def compose_mapping_node(self, anchor: Any) -> yaml.MappingNode:
        """A mapping, one level deeper."""
        return self._deeper(lambda: Composer.compose_mapping_node(self, anchor))

    def _deeper(self, compose: Callable[[], N]) -> N:
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(None, None, DEEP, self.peek_event().start_mark)
        self._depth += 1
        try:
            return compose()
        finally:
            self._depth -= 1


TOP_KEYS = ("id", "article", "deck", "tags", "questions")
ARTICLE_KEYS = ("source", "title", "language", "published", "outlet", "byline", "url", "body")
BODY_KEYS = ("start", "end", "exclude")
COMMON_KEYS = ("id", "type", "evidence", "explanation", "tags", "difficulty", "allow")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("prompt", "choices", "answer", "negative", "shuffle"),
    "multi": ("prompt", "choices", "answer", "negative", "shuffle"),
    "truefalse": ("prompt", "answer"),
    "short": ("prompt", "answer", "accept"),
    "numeric": ("prompt", "answer", "unit", "tolerance"),
    "cloze": ("blanks", "prompt"),
}
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("prompt", "choices", "answer"),
    "multi": ("prompt", "choices", "answer"),
    "truefalse": ("prompt", "answer"),
    "short": ("prompt", "answer"),
    "numeric": ("prompt", "answer"),
    "cloze": ("blanks",),
}
EMPTY_BANK = "empty bank: expected a mapping with article and questions"
ALL_QUESTION_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(TYPE_KEYS.values(), ())))

T = TypeVar("T")


class SchemaError(Exception):
    """Raised inside a field reader; turned into one schema diagnostic."""

    def __init__(self, node: yaml.Node, message: str, hints: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.node, self.message, self.hints = node, message, hints


@dataclass
class _Reader:
    """Collects diagnostics while one bank file is read."""

    path: str
    bank_id: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Lines of questions blanked out (`- ~`) after a syntax error: the rest is still read.
    blanked: set[int] = field(default_factory=set)
    # Questions with a schema error, with what did read (model.Bank.incomplete).
    incomplete: list[Question] = field(default_factory=list)

    def at(self, where: Any) -> Location:
        """The location of a node or a mark (the C and pure-Python marks differ in type)."""
        mark = getattr(where, "start_mark", where)
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(
        self,
        code: str,
        where: Any,
        message: str,
        question: str | None = None,
        hints: tuple[str, ...] = (),
    ) -> None:
        location = where if isinstance(where, Location) else self.at(where)
        self.diagnostics.append(
            Diagnostic(code, "error", location, message, self.bank_id, question, hints)
        )

    def read(self, reader: Callable[[], T], question: str | None = None) -> T | None:
        """Run a field reader; a SchemaError becomes a diagnostic and None."""
        try:
            return reader()
        except SchemaError as problem:
            self.report(problem, question)
            return None

    def field(
        self,
        read: Callable[[yaml.Node, str], T],
        node: yaml.Node,
        crumb: str,
        question: str | None = None,
    ) -> T | None:
        """Read one field's node; a SchemaError becomes a diagnostic and None."""
        return self.read(lambda: read(node, crumb), question)

    def report(self, problem: SchemaError, question: str | None = None) -> None:
        """Record a schema problem."""
        self.error("schema", problem.node, problem.message, question, problem.hints)


def load_bank(data: bytes, path: str, bank_id: str) -> tuple[Bank | None, list[Diagnostic]]:
    """Parse one bank file's bytes; the bank is None when it cannot be used."""
    reader = _Reader(path, bank_id)
    if len(data) > MAX_BANK_BYTES:
        return None, [bank_too_large(path, bank_id, len(data))]
    try:
        text = decode_utf8(data)
    except ArticleDecodeError as bad:
        reader.error(
            "encoding",
            Location(path, bad.line, bad.column),
            f"bank is not UTF-8 (invalid byte at offset {bad.offset})",
            hints=("save the file as UTF-8",),
        )
        return None, reader.diagnostics
    if _report_controls(text, reader):
        return None, reader.diagnostics
    root = _compose(text, reader)
    if root is None:
        return None, reader.diagnostics
    return _read_bank(root, reader), reader.diagnostics


def load_bank_file(path: Path, shown: str) -> tuple[Bank | None, list[Diagnostic]]:
    """Read and parse one bank file (shown as `shown`); what cannot be read is a diagnostic."""
    try:
        data = read_input(path, MAX_BANK_BYTES)
    except InputError as problem:
        message = f"cannot read bank: {problem}"
        return None, [Diagnostic("encoding", "error", Location(shown), message, path.stem)]
    except TooLarge as problem:
        return None, [bank_too_large(shown, path.stem, problem.size)]
    return load_bank(data, shown, path.stem)


def bank_too_large(path: str, bank_id: str, size: int) -> Diagnostic:
    """The refusal of a bank file over MAX_BANK_BYTES."""
    message = size_problem(size, MAX_BANK_BYTES, "bank") or "bank too large"
    return Diagnostic(
        "too-large",
        "error",
        Location(path),
        message,
        bank_id,
        hints=("split it: one bank per article",),
    )


def _compose(text: str, reader: _Reader) -> yaml.Node | None:
    if not text.strip():
        reader.error("schema", Location(reader.path), EMPTY_BANK)
        return None
    try:
        # Anchors are refused before composing, so no alias graph is ever walked.
        if ("&" in text or "*" in text) and _report_aliases(text, reader):
            return None
        root = _compose_past_errors(text, reader)
    except _TooDeep as problem:
        reader.error("yaml-syntax", reader.at(problem.problem_mark), DEEP, hints=(DEEP_HINT,))
        return None
    except yaml.MarkedYAMLError as problem:
        found = explain(text, problem)
        reader.error(
            "yaml-syntax",
            Location(reader.path, found.line + 1, found.column + 1),
            found.message,
            hints=(*found.hints, HIDDEN),
        )
        return None
    except (yaml.YAMLError, RecursionError) as problem:
        detail = "nesting too deep" if isinstance(problem, RecursionError) else str(problem)
        reader.error("yaml-syntax", Location(reader.path), detail)
        return None
    if root is None:
        reader.error("schema", Location(reader.path), EMPTY_BANK)
        return None
    before = len(reader.diagnostics)
    # Raw control characters were refused above; only an escape ("\\e") can make one.
    _report_node_problems(root, reader, escapes="\\" in text)
    # The walk goes by a stack: put what it found back in file order.
    reader.diagnostics[before:] = sorted(reader.diagnostics[before:], key=lambda d: d.location)
    # A repeated key still lets the rest be read; a strange tag or control character does not.
    fatal = any(d.code != "yaml-duplicate-key" for d in reader.diagnostics[before:])
    return None if fatal else root


CONTROL_HINT = "banks hold printable text: only tab and line breaks are allowed"


def _report_controls(text: str, reader: _Reader) -> bool:
    """Report control characters where they stand in the file; True when there are any."""
    found = False
    for match in CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        _control_error(reader, Location(reader.path, line, column), match.group())
        found = True
    return found


def _control_error(reader: _Reader, where: Any, char: str) -> None:
    reader.error(
        "control-character",
        where,
        f"control character U+{ord(char):04X} in bank text",
        hints=(CONTROL_HINT,),
    )


# At most this many broken questions are blanked out before a file is given up on.
MAX_RECOVERIES = 50


_BRACKETS = re.compile(r"[\[\]{}]")


def _may_nest_too_deep(text: str) -> bool:
    """An over-estimate of the nesting: flow brackets plus the deepest block indentation.

    Where it stays within MAX_DEPTH, libyaml's C composer (several times faster) cannot
    overflow; anything else is composed in Python with the depth counted.
    """
    flow = depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth = depth + 1 if bracket.group() in "[{" else max(0, depth - 1)
        flow = max(flow, depth)
    block = max((len(line) - len(line.lstrip(" -?")) for line in text.split("\n")), default=0)
    return flow + block > MAX_DEPTH


def _compose_past_errors(text: str, reader: _Reader) -> yaml.Node | None:
    """Compose the file; a syntax error inside one question blanks that question and goes on.

    Raises the MarkedYAMLError that cannot be recovered from (README: yaml-syntax).
    """
    loader = _Loader if _may_nest_too_deep(text) else _ShallowLoader
    for _ in range(MAX_RECOVERIES):
        try:
            return yaml.compose(text, Loader=loader)
        except _TooDeep:
            raise
        except yaml.MarkedYAMLError as problem:
            repaired = blank_question(text, problem)
            if repaired is None:
                raise
            found = explain(text, problem)
            reader.error(
                "yaml-syntax",
                Location(reader.path, found.line + 1, found.column + 1),
                found.message,
                hints=found.hints,
            )
            text, line = repaired
            reader.blanked.add(line)
    return yaml.compose(text, Loader=loader)


def _report_aliases(text: str, reader: _Reader) -> bool:
    found = False
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        depth += isinstance(event, yaml.CollectionStartEvent)
        depth -= isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            return found  # composing reports the nesting
        if isinstance(event, yaml.AliasEvent):
            reader.error(
                "yaml-alias",
                event.start_mark,
                f"alias *{event.anchor} refused: write the value out in full",
            )
            found = True
        elif anchor := getattr(event, "anchor", None):
            reader.error(
                "yaml-alias",
                event.start_mark,
                f"anchor &{anchor} refused: anchors and aliases are not allowed in banks",
            )
            found = True
    return found


def _report_node_problems(root: yaml.Node, reader: _Reader, escapes: bool) -> None:
    """Repeated keys, unknown tags, and control characters written as escapes ("\\e")."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _KNOWN_TAGS:
            reader.error(
                "yaml-syntax", node, f"unknown YAML tag {node.tag}: banks use plain values"
            )
        if isinstance(node, yaml.ScalarNode):
            control = CONTROL.search(node.value) if escapes else None
            if control:
                _control_error(reader, node, control.group())
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        first = seen[key.value].start_mark
                        reader.error(
                            "yaml-duplicate-key",
                            key,
                            f"key '{key.value}' repeated (first at line {first.line + 1})",
                        )
                    seen.setdefault(key.value, key)
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_TAG)
    return {"null": "nothing", "bool": "a boolean", "int": "a number", "float": "a number"}.get(
        tag, "text"
    )


def _mapping(node: yaml.Node, crumb: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise SchemaError(node, f"{crumb}: expected a mapping, got {_kind(node)}")
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise SchemaError(key, f"{crumb}: keys must be plain words, got {_kind(key)}")
        items.setdefault(key.value, (key, value))
    return items


def _text(node: yaml.Node, crumb: str) -> str:
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag.removeprefix(_TAG)
        if tag == "bool":
            raise SchemaError(
                node,
                f"{crumb}: {node.value} is read by YAML as a boolean where text is expected",
                (f'quote it: "{node.value}"',),
            )
        if tag == "null" or not node.value.strip():
            raise SchemaError(node, f"{crumb}: expected text, got nothing")
        return str(node.value)
    raise SchemaError(node, f"{crumb}: expected text, got {_kind(node)}")


def _optional_text(node: yaml.Node, crumb: str) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
        return None
    return _text(node, crumb)


def _text_node(node: yaml.Node, crumb: str, reader: _Reader) -> Text:
    return Text(_text(node, crumb), reader.at(node))


def _items(node: yaml.Node, crumb: str, allow_single: bool) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if allow_single and isinstance(node, yaml.ScalarNode):
        return [node]
    expected = "text or a list of text" if allow_single else "a list"
    raise SchemaError(node, f"{crumb}: expected {expected}, got {_kind(node)}")


def _texts(node: yaml.Node, crumb: str, allow_single: bool = False) -> tuple[str, ...]:
    return tuple(
        _text(item, f"{crumb}[{i}]") for i, item in enumerate(_items(node, crumb, allow_single))
    )


def _number(node: yaml.Node, crumb: str) -> str:
    written = _text(node, crumb)
    if parse_number(written) is None:
        shown = (
            repr(written)
            if len(written) <= 20
            else f"'{written[:20]}…' ({len(written)} characters)"
        )
        raise SchemaError(node, f"{crumb}: expected a number, got {shown}")
    return written


def _unknown_key(
    key: yaml.Node, crumb: str, known: tuple[str, ...], elsewhere: str = ""
) -> SchemaError:
    close = did_you_mean(key.value, known)
    hints = (close,) if close else ()
    return SchemaError(key, f"{crumb}: unknown key '{key.value}'{elsewhere}", hints)


def _check_keys(
    items: dict[str, tuple[yaml.Node, yaml.Node]],
    node: yaml.Node,
    crumb: str,
    known: tuple[str, ...],
    required: tuple[str, ...],
    reader: _Reader,
    question: str | None = None,
) -> None:
    for name, (key, _value) in items.items():
        if name not in known:
            reader.report(_unknown_key(key, crumb, known), question)
    for name in required:
        if name not in items:
            reader.error("schema", node, f"{crumb}: missing key '{name}'", question)


def _read_bank(root: yaml.Node, reader: _Reader) -> Bank | None:
    items = reader.read(lambda: _mapping(root, "bank"))
    if items is None:
        return None
    _check_keys(items, root, "bank", TOP_KEYS, ("article", "questions"), reader)
    _read_bank_id(items, root, reader)
    article = _read_article(items["article"][1], reader) if "article" in items else None
    deck = (
        reader.read(lambda: _optional_text(items["deck"][1], "deck")) if "deck" in items else None
    )
    tags = reader.read(lambda: _tags(items["tags"][1], "tags")) if "tags" in items else ()
    questions: list[Question] = []
    if "questions" in items:
        node = items["questions"][1]
        entries = reader.read(lambda: _items(node, "questions", allow_single=False))
        if entries is not None and not entries:
            reader.error("schema", node, "questions: expected at least one question")
        for index, entry in enumerate(entries or ()):
            if entry.start_mark.line in reader.blanked and isinstance(entry, yaml.ScalarNode):
                continue  # a question with a syntax error, already reported
            question = _read_question(entry, f"questions[{index}]", reader)
            if question is not None:
                questions.append(question)
    if article is None:
        return None
    return Bank(
        reader.bank_id,
        reader.path,
        article,
        tuple(questions),
        deck,
        tags or (),
        tuple(reader.incomplete),
    )


def _read_bank_id(
    items: dict[str, tuple[yaml.Node, yaml.Node]], root: yaml.Node, reader: _Reader
) -> None:
    """The bank id: `id:` when given (it survives a rename), else the file name; both as ids."""
    if "id" in items:
        node = items["id"][1]
        value = reader.read(lambda: _text(node, "id"))
        if value is not None and not ID_PATTERN.fullmatch(value):
            reader.error(
                "bank-id",
                node,
                f"id: bad bank id {value!r}: use lowercase letters, digits and single hyphens",
                hints=("for example: rnd-hub",),
            )
        elif value is not None:
            reader.bank_id = value
        return
    if not ID_PATTERN.fullmatch(reader.bank_id):
        suggestion = bank_id_from(reader.bank_id)
        reader.error(
            "bank-id",
            Location(reader.path),
            f"file name {reader.bank_id!r} is not a bank id: use lowercase letters, digits "
            "and single hyphens",
            hints=(
                f"rename the file to {suggestion}.yaml, or give the bank an id: line "
                "(it keeps Anki notes and progress when the file is renamed)",
            ),
        )


def _tags(node: yaml.Node, crumb: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
        return ()
    return _texts(node, crumb)


def _read_article(node: yaml.Node, reader: _Reader) -> ArticleRef | None:
    items = reader.read(lambda: _mapping(node, "article"))
    if items is None:
        return None
    errors_before = len(reader.diagnostics)
    _check_keys(items, node, "article", ARTICLE_KEYS, ("source", "title"), reader)
    readers: dict[str, Callable[[yaml.Node, str], Any]] = {
        "source": _text,
        "title": _text,
        "language": _language,
        "published": _published,
        "outlet": _optional_text,
        "byline": _optional_text,
        "url": _url,
        "body": lambda body_node, crumb: _read_body(body_node, crumb, reader),
    }
    values: dict[str, Any] = {}
    for name, read in readers.items():
        if name in items:
            values[name] = reader.field(read, items[name][1], f"article.{name}")
    if len(reader.diagnostics) > errors_before:
        return None
    body_start, body_end, body_exclude = values.get("body") or (None, None, ())
    return ArticleRef(
        source=values["source"],
        title=values["title"],
        location=reader.at(node),
        language=values.get("language") or DEFAULT_LANGUAGE,
        published=values.get("published"),
        outlet=values.get("outlet"),
        byline=values.get("byline"),
        url=values.get("url"),
        body_start=body_start,
        body_end=body_end,
        body_exclude=body_exclude,
        fields={name: reader.at(value) for name, (_key, value) in items.items()},
    )


def _read_body(
    node: yaml.Node, crumb: str, reader: _Reader
) -> tuple[Text | None, Text | None, tuple[Text, ...]]:
    body = _mapping(node, crumb)
    _check_keys(body, node, crumb, BODY_KEYS, (), reader)
    start = _text_node(body["start"][1], f"{crumb}.start", reader) if "start" in body else None
    end = _text_node(body["end"][1], f"{crumb}.end", reader) if "end" in body else None
    exclude: tuple[Text, ...] = ()
    if "exclude" in body:
        lines = _items(body["exclude"][1], f"{crumb}.exclude", allow_single=True)
        exclude = tuple(
            _text_node(line, f"{crumb}.exclude[{i}]", reader) for i, line in enumerate(lines)
        )
    return start, end, exclude


def _url(node: yaml.Node, crumb: str) -> str | None:
    value = _optional_text(node, crumb)
    if value is not None and not is_web_address(value):
        raise SchemaError(
            node,
            f"{crumb}: {value!r} is not a web address",
            ("only http:// and https:// addresses link",),
        )
    return value


def _language(node: yaml.Node, crumb: str) -> str | None:
    value = _optional_text(node, crumb)
    if value is not None and value not in LANGUAGES:
        raise SchemaError(
            node, f"{crumb}: unsupported language '{value}'", (f"one of: {', '.join(LANGUAGES)}",)
        )
    return value


def _published(node: yaml.Node, crumb: str) -> str | None:
    value = _optional_text(node, crumb)
    if value is None:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise SchemaError(
            node, f"{crumb}: expected an ISO date like 2018-09-19, got {value!r}"
        ) from None
    return value


def _read_question(node: yaml.Node, crumb: str, reader: _Reader) -> Question | None:
    items = reader.read(lambda: _mapping(node, crumb))
    if items is None:
        return None
    qid = _question_id(items, crumb, reader)
    label = f"{crumb} ({qid})" if qid else crumb
    qtype = _question_type(items, node, label, reader, qid)
    if qtype is None:
        _check_keys(items, node, label, ALL_QUESTION_KEYS, (), reader, qid)
        return None
    known = COMMON_KEYS + TYPE_KEYS[qtype]
    errors_before = len(reader.diagnostics)
    for name, (key, _value) in items.items():
        if name in known:
            continue
        if name in ALL_QUESTION_KEYS:
            reader.error("schema", key, f"{label}: key '{name}' is not used by type {qtype}", qid)
        else:
            reader.report(_unknown_key(key, label, known), qid)
    for name in ("id", "evidence", *REQUIRED_KEYS[qtype]):
        if name not in items:
            reader.error("schema", node, f"{label}: missing key '{name}'", qid)
    values: dict[str, Any] = {}
    for name, read in _field_readers(qtype, reader).items():
        if name in items:
            values[name] = reader.field(read, items[name][1], f"{label}.{name}", qid)
    if len(reader.diagnostics) > errors_before or qid is None:
        reader.incomplete.append(
            Question(
                id=qid or crumb,
                type=qtype,
                location=reader.at(node),
                evidence=values.get("evidence") or (),
                choices=values.get("choices") or (),
                answer=values.get("answer"),
                blanks=values.get("blanks") or (),
                fields={name: reader.at(value) for name, (_key, value) in items.items()},
            )
        )
        return None
    return Question(
        id=qid,
        type=qtype,
        location=reader.at(node),
        evidence=values["evidence"],
        prompt=values.get("prompt"),
        choices=values.get("choices") or (),
        answer=values.get("answer"),
        accept=values.get("accept") or (),
        unit=values.get("unit"),
        tolerance=float(parse_number(values["tolerance"]) or 0.0) if "tolerance" in values else 0.0,
        blanks=values.get("blanks") or (),
        explanation=values.get("explanation"),
        tags=values.get("tags") or (),
        difficulty=values.get("difficulty"),
        negative=values.get("negative"),
        shuffle=values.get("shuffle", True),
        allow=values.get("allow") or (),
        fields={name: reader.at(value) for name, (_key, value) in items.items()},
    )


def _question_id(
    items: dict[str, tuple[yaml.Node, yaml.Node]], crumb: str, reader: _Reader
) -> str | None:
    if "id" not in items:
        return None
    node = items["id"][1]
    value = reader.read(lambda: _text(node, f"{crumb}.id"))
    if value is None:
        return None
    if not ID_PATTERN.fullmatch(value):
        reader.error(
            "schema",
            node,
            f"{crumb}.id: bad id {value!r}: use lowercase letters, digits and single hyphens",
            hints=("for example: market-size-2018",),
        )
        return None
    return value


def _question_type(
    items: dict[str, tuple[yaml.Node, yaml.Node]],
    node: yaml.Node,
    label: str,
    reader: _Reader,
    qid: str | None,
) -> str | None:
    if "type" not in items:
        reader.error(
            "schema",
            node,
            f"{label}: missing key 'type'",
            qid,
            (f"one of: {', '.join(QUESTION_TYPES)}",),
        )
        return None
    type_node = items["type"][1]
    value = reader.read(lambda: _text(type_node, f"{label}.type"), qid)
    if value is None:
        return None
    if value not in QUESTION_TYPES:
        hint = did_you_mean(value, QUESTION_TYPES) or f"one of: {', '.join(QUESTION_TYPES)}"
        reader.error("schema", type_node, f"{label}.type: unknown type '{value}'", qid, (hint,))
        return None
    return value


def _field_readers(qtype: str, reader: _Reader) -> dict[str, Callable[[yaml.Node, str], object]]:
    def evidence(node: yaml.Node, crumb: str) -> tuple[Text, ...]:
        quotes = _items(node, crumb, allow_single=True)
        if not quotes:
            raise SchemaError(node, f"{crumb}: expected at least one quote")
        return tuple(_text_node(q, f"{crumb}[{i}]", reader) for i, q in enumerate(quotes))

    def blanks(node: yaml.Node, crumb: str) -> tuple[BlankText, ...]:
        spans = _items(node, crumb, allow_single=True)
        if not spans:
            raise SchemaError(node, f"{crumb}: expected at least one blank")
        return tuple(_blank(b, f"{crumb}[{i}]", reader) for i, b in enumerate(spans))

    def choices(node: yaml.Node, crumb: str) -> tuple[str, ...]:
        values = _texts(node, crumb)
        if len(values) > MAX_CHOICES:
            raise SchemaError(
                node, f"{crumb}: {len(values)} choices, at most {MAX_CHOICES} are allowed"
            )
        return values

    def difficulty(node: yaml.Node, crumb: str) -> str:
        value = _text(node, crumb)
        if value not in DIFFICULTIES:
            raise SchemaError(
                node,
                f"{crumb}: unknown difficulty '{value}'",
                (f"one of: {', '.join(DIFFICULTIES)}",),
            )
        return value

    def tolerance(node: yaml.Node, crumb: str) -> str:
        value = _number(node, crumb)
        if (parse_number(value) or 0.0) < 0:
            raise SchemaError(node, f"{crumb}: tolerance cannot be negative")
        return value

    readers: dict[str, Callable[[yaml.Node, str], object]] = {
        "evidence": evidence,
        "prompt": _text,
        "explanation": _text,
        "tags": _tags,
        "difficulty": difficulty,
        "allow": _tags,
    }
    if qtype in ("choice", "multi"):
        readers["choices"] = choices
    readers["answer"] = {
        "choice": _text,
        "multi": _multi_answer,
        "truefalse": _bool,
        "short": _text,
        "numeric": _number,
    }.get(qtype, _text)
    readers.update(
        accept=lambda n, c: _texts(n, c, allow_single=True), unit=_text, tolerance=tolerance
    )
    readers["blanks"] = blanks
    readers.update(negative=_bool, shuffle=_bool)
    return readers


def _blank(node: yaml.Node, crumb: str, reader: _Reader) -> BlankText:
    """A blank: its text, or a mapping {text: …, accept: […]} (README: a question bank)."""
    if not isinstance(node, yaml.MappingNode):
        return BlankText(_text(node, crumb), reader.at(node))
    items = _mapping(node, crumb)
    for name, (key, _value) in items.items():
        if name not in ("text", "accept"):
            raise SchemaError(
                key, f"{crumb}: unknown key '{name}'", ("a blank is {text: …, accept: […]}",)
            )
    if "text" not in items:
        raise SchemaError(node, f"{crumb}: missing key 'text'")
    text = items["text"][1]
    accept = _texts(items["accept"][1], f"{crumb}.accept", True) if "accept" in items else ()
    return BlankText(_text(text, f"{crumb}.text"), reader.at(text), accept)


def _multi_answer(node: yaml.Node, crumb: str) -> tuple[str, ...]:
    values = _texts(node, crumb)
    if not values:
        raise SchemaError(node, f"{crumb}: expected at least one answer")
    return values


def _bool(node: yaml.Node, crumb: str) -> bool:
    if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "bool":
        return node.value.lower() in ("true", "yes", "on")
    raise SchemaError(
        node,
        f"{crumb}: expected true or false, got {_kind(node)}",
        (f"write {(key := crumb.rsplit('.', 1)[-1])}: true or {key}: false, unquoted",),
    )
