"""Bank loader: a bank file's YAML nodes to a Bank, every field with its file location.

The bytes become nodes in banks/yaml_safety.py; each field is read by banks/schema.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from quizdeck.banks.model import (
    ID_PATTERN,
    QUESTION_TYPES,
    ArticleRef,
    Bank,
    Diagnostic,
    Location,
    Question,
    Text,
    bank_id_from,
)
from quizdeck.banks.reader import BankReader
from quizdeck.banks.schema import (
    ALL_QUESTION_KEYS,
    ARTICLE_KEYS,
    BODY_KEYS,
    COMMON_KEYS,
    REQUIRED_KEYS,
    TOP_KEYS,
    TYPE_KEYS,
    check_keys,
    field_readers,
    read_items,
    read_language,
    read_mapping,
    read_optional_text,
    read_published,
    read_tags,
    read_text,
    read_text_node,
    read_url,
    unknown_key,
)
from quizdeck.banks.yaml_safety import bank_too_large, compose_bank
from quizdeck.limits import MAX_BANK_BYTES, InputError, TooLarge, read_input
from quizdeck.sources.labels import DEFAULT_LANGUAGE
from quizdeck.sources.textnorm import did_you_mean


def load_bank(data: bytes, path: str, bank_id: str) -> tuple[Bank | None, list[Diagnostic]]:
    """Parse one bank file's bytes; the bank is None when it cannot be used."""
    reader = BankReader(path, bank_id)
    root = compose_bank(data, reader)
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


def _read_bank(root: yaml.Node, reader: BankReader) -> Bank | None:
    items = reader.read(lambda: read_mapping(root, "bank"))
    if items is None:
        return None
    check_keys(items, root, "bank", TOP_KEYS, ("article", "questions"), reader)
    _read_bank_id(items, root, reader)
    article = _read_article(items["article"][1], reader) if "article" in items else None
    deck = (
        reader.read(lambda: read_optional_text(items["deck"][1], "deck"))
        if "deck" in items
        else None
    )
    tags = reader.read(lambda: read_tags(items["tags"][1], "tags")) if "tags" in items else ()
    questions: list[Question] = []
    if "questions" in items:
        node = items["questions"][1]
        entries = reader.read(lambda: read_items(node, "questions", allow_single=False))
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
    items: dict[str, tuple[yaml.Node, yaml.Node]], root: yaml.Node, reader: BankReader
) -> None:
    """The bank id: `id:` when given (it survives a rename), else the file name; both as ids."""
    if "id" in items:
        node = items["id"][1]
        value = reader.read(lambda: read_text(node, "id"))
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


def _read_article(node: yaml.Node, reader: BankReader) -> ArticleRef | None:
    items = reader.read(lambda: read_mapping(node, "article"))
    if items is None:
        return None
    errors_before = len(reader.diagnostics)
    check_keys(items, node, "article", ARTICLE_KEYS, ("source", "title"), reader)
    readers: dict[str, Callable[[yaml.Node, str], Any]] = {
        "source": read_text,
        "title": read_text,
        "language": read_language,
        "published": read_published,
        "outlet": read_optional_text,
        "byline": read_optional_text,
        "url": read_url,
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
    node: yaml.Node, crumb: str, reader: BankReader
) -> tuple[Text | None, Text | None, tuple[Text, ...]]:
    body = read_mapping(node, crumb)
    check_keys(body, node, crumb, BODY_KEYS, (), reader)
    start = read_text_node(body["start"][1], f"{crumb}.start", reader) if "start" in body else None
    end = read_text_node(body["end"][1], f"{crumb}.end", reader) if "end" in body else None
    exclude: tuple[Text, ...] = ()
    if "exclude" in body:
        lines = read_items(body["exclude"][1], f"{crumb}.exclude", allow_single=True)
        exclude = tuple(
            read_text_node(line, f"{crumb}.exclude[{i}]", reader) for i, line in enumerate(lines)
        )
    return start, end, exclude


def _read_question(node: yaml.Node, crumb: str, reader: BankReader) -> Question | None:
    items = reader.read(lambda: read_mapping(node, crumb))
    if items is None:
        return None
    qid = _question_id(items, crumb, reader)
    label = f"{crumb} ({qid})" if qid else crumb
    qtype = _question_type(items, node, label, reader, qid)
    if qtype is None:
        check_keys(items, node, label, ALL_QUESTION_KEYS, (), reader, qid)
        return None
    known = COMMON_KEYS + TYPE_KEYS[qtype]
    errors_before = len(reader.diagnostics)
    for name, (key, _value) in items.items():
        if name in known:
            continue
        if name in ALL_QUESTION_KEYS:
            reader.error("schema", key, f"{label}: key '{name}' is not used by type {qtype}", qid)
        else:
            reader.report(unknown_key(key, label, known), qid)
    for name in ("id", "evidence", *REQUIRED_KEYS[qtype]):
        if name not in items:
            reader.error("schema", node, f"{label}: missing key '{name}'", qid)
    values: dict[str, Any] = {}
    for name, read in field_readers(qtype, reader).items():
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
        tolerance=values.get("tolerance") or 0.0,
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
    items: dict[str, tuple[yaml.Node, yaml.Node]], crumb: str, reader: BankReader
) -> str | None:
    if "id" not in items:
        return None
    node = items["id"][1]
    value = reader.read(lambda: read_text(node, f"{crumb}.id"))
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
    reader: BankReader,
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
    value = reader.read(lambda: read_text(type_node, f"{label}.type"), qid)
    if value is None:
        return None
    if value not in QUESTION_TYPES:
        hint = did_you_mean(value, QUESTION_TYPES) or f"one of: {', '.join(QUESTION_TYPES)}"
        reader.error("schema", type_node, f"{label}.type: unknown type '{value}'", qid, (hint,))
        return None
    return value
