"""YAML safety: a bank file's bytes to YAML nodes, refusing what a bank never needs.

Size, encoding, control characters, anchors and aliases, deep nesting, unknown tags and
repeated keys are refused here with their place in the file; a syntax error inside one
question blanks that question and reading goes on (README: yaml-syntax).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer, ComposerError

from quizdeck.banks.model import Diagnostic, Location
from quizdeck.banks.reader import BankReader
from quizdeck.banks.yaml_errors import HIDDEN, blank_question, explain
from quizdeck.limits import (
    CONTROL,
    MAX_BANK_BYTES,
    MAX_DEPTH,
    MAX_YAML_EVENTS,
    REFUSED_CHARACTER,
    refused_character,
    size_problem,
)
from quizdeck.sources.articles import ArticleDecodeError, decode_utf8

YAML_TAG = "tag:yaml.org,2002:"
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
    YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
DEEP = f"nesting deeper than {MAX_DEPTH} levels"
DEEP_HINT = "a bank needs a handful of levels: article, questions, one question, its lists"


class _TooDeep(ComposerError):
    """Nesting past MAX_DEPTH, raised at the collection that goes one level too far."""


N = TypeVar("N", bound=yaml.Node)
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _BOOL, _NULL = YAML_TAG + "str", YAML_TAG + "bool", YAML_TAG + "null"


class _ScalarResolver:
    """Most bank scalars are text; only number-like ones need the full resolver."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node: quoted text and plain words without regexes (called for every
        value of a bank), the rest by PyYAML's resolver."""
        if kind is _ScalarNode:
            if not implicit[0]:
                # Quoted: no implicit tag applies, and these loaders have no path resolvers.
                return _STR
            if value in _BOOLS:
                return _BOOL
            if value in _NULLS:
                return _NULL
            if value[0] not in "+-.0123456789":
                return _STR
        return str(super().resolve(kind, value, implicit))  # type: ignore[misc]


_ScalarNode = yaml.ScalarNode


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


EMPTY_BANK = "empty bank: expected a mapping with article and questions"


def compose_bank(data: bytes, reader: BankReader) -> yaml.Node | None:
    """The YAML nodes of a bank file's bytes; None when they cannot be used (said in `reader`)."""
    if len(data) > MAX_BANK_BYTES:
        reader.diagnostics.append(bank_too_large(reader.path, reader.bank_id, len(data)))
        return None
    try:
        text = decode_utf8(data)
    except ArticleDecodeError as bad:
        reader.error(
            "encoding",
            Location(reader.path, bad.line, bad.column),
            f"bank is not UTF-8 (invalid byte at offset {bad.offset})",
            hints=("save the file as UTF-8",),
        )
        return None
    if _report_controls(text, reader):
        return None
    return _compose(text, reader)


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


def _compose(text: str, reader: BankReader) -> yaml.Node | None:
    if not text.strip():
        reader.error("schema", Location(reader.path), EMPTY_BANK)
        return None
    if _too_many_values(text):
        reader.error(
            "too-large",
            Location(reader.path),
            f"bank of more than {MAX_YAML_EVENTS:,} YAML values (keys, values, lists) "
            "is over the limit",
            hints=("split it: one bank per article",),
        )
        return None
    try:
        if _may_nest_too_deep(text):
            _refuse_deep_nesting(text)
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
INVISIBLE_HINT = (
    "an invisible or reordering character makes text show otherwise than it is checked, "
    "and XML cannot carry a noncharacter: delete it"
)


def _report_controls(text: str, reader: BankReader) -> bool:
    """Report control characters where they stand in the file; True when there are any."""
    found = False
    for match in REFUSED_CHARACTER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        _control_error(reader, Location(reader.path, line, column), match.group())
        found = True
    return found


def _control_error(reader: BankReader, where: Any, char: str) -> None:
    reader.error(
        "control-character",
        where,
        f"{refused_character(char)} in bank text",
        hints=(CONTROL_HINT if CONTROL.match(char) else INVISIBLE_HINT,),
    )


def _too_many_values(text: str) -> bool:
    """True past MAX_YAML_EVENTS parse events (finding 2: 4.9 M repeated keys took 6 GB).

    Each value needs a line, a comma, a bracket, a dash or a colon of its own: under that
    many (twice, for a key and its value), the file is within the limit without parsing.
    """
    if 2 * sum(text.count(mark) for mark in ",\n[{-:?") + 2 <= MAX_YAML_EVENTS:
        return False
    loader = _BaseLoader(text)
    try:
        for _ in range(MAX_YAML_EVENTS + 1):
            if not loader.check_event():
                return False
            loader.get_event()
    except yaml.YAMLError:
        return False  # composing reports the syntax error
    finally:
        loader.dispose()
    return True


# At most this many broken questions are blanked out before a file is given up on.
MAX_RECOVERIES = 50


_BRACKETS = re.compile(r"[\[\]{}]")


@functools.lru_cache(maxsize=4)  # asked before composing, and again by the composer chosen
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


def _refuse_deep_nesting(text: str) -> None:
    """Raise _TooDeep at the collection one level past MAX_DEPTH, read by PyYAML's own parser.

    libyaml may stop deep nesting itself (PyYAML 6.0.4's stops at 1,000 levels, with its
    own message) before any event reaches a composer: the pure-Python parser has no such
    limit, so the refusal is ours whatever libyaml is installed. A syntax error met first
    is left for libyaml to report, as for any other file.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                if depth >= MAX_DEPTH:
                    mark: Any = event.start_mark  # the pure-Python parser's mark
                    raise _TooDeep(None, None, DEEP, mark)
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except _TooDeep:
        raise
    except yaml.YAMLError:
        return


def _compose_past_errors(text: str, reader: BankReader) -> yaml.Node | None:
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


def _report_aliases(text: str, reader: BankReader) -> bool:
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


def _report_node_problems(root: yaml.Node, reader: BankReader, escapes: bool) -> None:
    """Repeated keys, unknown tags, and control characters written as escapes ("\\e")."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _KNOWN_TAGS:
            reader.error(
                "yaml-syntax", node, f"unknown YAML tag {node.tag}: banks use plain values"
            )
        if isinstance(node, yaml.ScalarNode):
            control = REFUSED_CHARACTER.search(node.value) if escapes else None
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
