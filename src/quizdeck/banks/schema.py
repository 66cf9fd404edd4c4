"""The bank schema: its keys per level and type, and the readers of each field's node.

A reader takes a node and its crumb (`questions[2].answer`) and returns the value or
raises SchemaError; the loader turns that into one schema diagnostic.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import yaml

from quizdeck.banks.model import DIFFICULTIES, BlankText, Text
from quizdeck.banks.reader import BankReader, SchemaError
from quizdeck.banks.yaml_safety import YAML_TAG
from quizdeck.limits import is_web_address
from quizdeck.sources.labels import LANGUAGES, MAX_CHOICES
from quizdeck.sources.numbers import parse_number
from quizdeck.sources.textnorm import did_you_mean

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
ALL_QUESTION_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(TYPE_KEYS.values(), ())))


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(YAML_TAG)
    return {"null": "nothing", "bool": "a boolean", "int": "a number", "float": "a number"}.get(
        tag, "text"
    )


def read_mapping(node: yaml.Node, crumb: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise SchemaError(node, f"{crumb}: expected a mapping, got {kind_of(node)}")
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise SchemaError(key, f"{crumb}: keys must be plain words, got {kind_of(key)}")
        items.setdefault(key.value, (key, value))
    return items


def read_text(node: yaml.Node, crumb: str) -> str:
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag.removeprefix(YAML_TAG)
        if tag == "bool":
            raise SchemaError(
                node,
                f"{crumb}: {node.value} is read by YAML as a boolean where text is expected",
                (f'quote it: "{node.value}"',),
            )
        if tag == "null" or not node.value.strip():
            raise SchemaError(node, f"{crumb}: expected text, got nothing")
        return str(node.value)
    raise SchemaError(node, f"{crumb}: expected text, got {kind_of(node)}")


def read_optional_text(node: yaml.Node, crumb: str) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == YAML_TAG + "null":
        return None
    return read_text(node, crumb)


def read_text_node(node: yaml.Node, crumb: str, reader: BankReader) -> Text:
    return Text(read_text(node, crumb), reader.at(node))


def read_items(node: yaml.Node, crumb: str, allow_single: bool) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if allow_single and isinstance(node, yaml.ScalarNode):
        return [node]
    expected = "text or a list of text" if allow_single else "a list"
    raise SchemaError(node, f"{crumb}: expected {expected}, got {kind_of(node)}")


def read_texts(node: yaml.Node, crumb: str, allow_single: bool = False) -> tuple[str, ...]:
    return tuple(
        read_text(item, f"{crumb}[{i}]")
        for i, item in enumerate(read_items(node, crumb, allow_single))
    )


def read_number(node: yaml.Node, crumb: str) -> str:
    """A number as written (`1,293`, `1천11`): an answer keeps the author's words."""
    return read_written_number(node, crumb)[0]


def read_written_number(node: yaml.Node, crumb: str) -> tuple[str, float]:
    """A number as written and its value, parsed once."""
    written = read_text(node, crumb)
    value = parse_number(written)
    if value is None:
        shown = (
            repr(written)
            if len(written) <= 20
            else f"'{written[:20]}…' ({len(written)} characters)"
        )
        raise SchemaError(node, f"{crumb}: expected a number, got {shown}")
    return written, value


def unknown_key(
    key: yaml.Node, crumb: str, known: tuple[str, ...], elsewhere: str = ""
) -> SchemaError:
    close = did_you_mean(key.value, known)
    hints = (close,) if close else ()
    return SchemaError(key, f"{crumb}: unknown key '{key.value}'{elsewhere}", hints)


def check_keys(
    items: dict[str, tuple[yaml.Node, yaml.Node]],
    node: yaml.Node,
    crumb: str,
    known: tuple[str, ...],
    required: tuple[str, ...],
    reader: BankReader,
    question: str | None = None,
) -> None:
    for name, (key, _value) in items.items():
        if name not in known:
            reader.report(unknown_key(key, crumb, known), question)
    for name in required:
        if name not in items:
            reader.error("schema", node, f"{crumb}: missing key '{name}'", question)


def read_tags(node: yaml.Node, crumb: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode) and node.tag == YAML_TAG + "null":
        return ()
    return read_texts(node, crumb)


def read_url(node: yaml.Node, crumb: str) -> str | None:
    value = read_optional_text(node, crumb)
    if value is not None and not is_web_address(value):
        raise SchemaError(
            node,
            f"{crumb}: {value!r} is not a web address",
            ("only http:// and https:// addresses link",),
        )
    return value


def read_language(node: yaml.Node, crumb: str) -> str | None:
    value = read_optional_text(node, crumb)
    if value is not None and value not in LANGUAGES:
        raise SchemaError(
            node, f"{crumb}: unsupported language '{value}'", (f"one of: {', '.join(LANGUAGES)}",)
        )
    return value


def read_published(node: yaml.Node, crumb: str) -> str | None:
    value = read_optional_text(node, crumb)
    if value is None:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise SchemaError(
            node, f"{crumb}: expected an ISO date like 2018-09-19, got {value!r}"
        ) from None
    return value


def field_readers(qtype: str, reader: BankReader) -> dict[str, Callable[[yaml.Node, str], object]]:
    def evidence(node: yaml.Node, crumb: str) -> tuple[Text, ...]:
        quotes = read_items(node, crumb, allow_single=True)
        if not quotes:
            raise SchemaError(node, f"{crumb}: expected at least one quote")
        return tuple(read_text_node(q, f"{crumb}[{i}]", reader) for i, q in enumerate(quotes))

    def blanks(node: yaml.Node, crumb: str) -> tuple[BlankText, ...]:
        spans = read_items(node, crumb, allow_single=True)
        if not spans:
            raise SchemaError(node, f"{crumb}: expected at least one blank")
        return tuple(read_blank(b, f"{crumb}[{i}]", reader) for i, b in enumerate(spans))

    def choices(node: yaml.Node, crumb: str) -> tuple[str, ...]:
        values = read_texts(node, crumb)
        if len(values) > MAX_CHOICES:
            raise SchemaError(
                node, f"{crumb}: {len(values)} choices, at most {MAX_CHOICES} are allowed"
            )
        return values

    def difficulty(node: yaml.Node, crumb: str) -> str:
        value = read_text(node, crumb)
        if value not in DIFFICULTIES:
            raise SchemaError(
                node,
                f"{crumb}: unknown difficulty '{value}'",
                (f"one of: {', '.join(DIFFICULTIES)}",),
            )
        return value

    def tolerance(node: yaml.Node, crumb: str) -> float:
        _written, value = read_written_number(node, crumb)
        if value < 0:
            raise SchemaError(node, f"{crumb}: tolerance cannot be negative")
        return value

    readers: dict[str, Callable[[yaml.Node, str], object]] = {
        "evidence": evidence,
        "prompt": read_text,
        "explanation": read_text,
        "tags": read_tags,
        "difficulty": difficulty,
        "allow": read_tags,
    }
    if qtype in ("choice", "multi"):
        readers["choices"] = choices
    readers["answer"] = {
        "choice": read_text,
        "multi": read_multi_answer,
        "truefalse": read_bool,
        "short": read_text,
        "numeric": read_number,
    }.get(qtype, read_text)
    readers.update(
        accept=lambda n, c: read_texts(n, c, allow_single=True), unit=read_text, tolerance=tolerance
    )
    readers["blanks"] = blanks
    readers.update(negative=read_bool, shuffle=read_bool)
    return readers


def read_blank(node: yaml.Node, crumb: str, reader: BankReader) -> BlankText:
    """A blank: its text, or a mapping {text: …, accept: […]} (README: a question bank)."""
    if not isinstance(node, yaml.MappingNode):
        return BlankText(read_text(node, crumb), reader.at(node))
    items = read_mapping(node, crumb)
    for name, (key, _value) in items.items():
        if name not in ("text", "accept"):
            raise SchemaError(
                key, f"{crumb}: unknown key '{name}'", ("a blank is {text: …, accept: […]}",)
            )
    if "text" not in items:
        raise SchemaError(node, f"{crumb}: missing key 'text'")
    text = items["text"][1]
    accept = read_texts(items["accept"][1], f"{crumb}.accept", True) if "accept" in items else ()
    return BlankText(read_text(text, f"{crumb}.text"), reader.at(text), accept)


def read_multi_answer(node: yaml.Node, crumb: str) -> tuple[str, ...]:
    values = read_texts(node, crumb)
    if not values:
        raise SchemaError(node, f"{crumb}: expected at least one answer")
    return values


def read_bool(node: yaml.Node, crumb: str) -> bool:
    if isinstance(node, yaml.ScalarNode) and node.tag == YAML_TAG + "bool":
        return node.value.lower() in ("true", "yes", "on")
    raise SchemaError(
        node,
        f"{crumb}: expected true or false, got {kind_of(node)}",
        (f"write {(key := crumb.rsplit('.', 1)[-1])}: true or {key}: false, unquoted",),
    )
