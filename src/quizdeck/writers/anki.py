"""Anki decks: one .apkg per checked bank, rendered with genanki, byte-identical on rebuild.

This module renders bytes; outputs/anki.py loads the stamp record and publishes them.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import chevron
import genanki

from quizdeck.errors import QuizdeckError
from quizdeck.resolve import Piece, Resolved, ResolvedBank, Source, assert_never
from quizdeck.sources.labels import choice_mark, labels_for, truth_label
from quizdeck.workspace import default_template_dirs
from quizdeck.writers.archive import add_zip_entry
from quizdeck.writers.fields import braces_escaped, linked, prompt_html, strip_active, text

# Fixed for good: Anki recognises the shipped note types by these ids across rebuilds.
MODEL_IDS = {
    ("question", "ko"): 1_718_370_101,
    ("cloze", "ko"): 1_718_370_102,
    ("question", "en"): 1_718_370_103,
    ("cloze", "en"): 1_718_370_104,
}
QUESTION_FIELDS = (
    "Prompt",
    "Choices",
    "Answer",
    "Accepted",
    "Explanation",
    "Evidence",
    "Source",
    "Article",
)
CLOZE_FIELDS = ("Text", "Prompt", "Explanation", "Source", "Article")
TEMPLATE_FILES = (
    "question-front.html",
    "question-back.html",
    "cloze-front.html",
    "cloze-back.html",
    "cards.css",
)
# Card templates name their labels [[answer]], [[explanation]] …: filled per language.
_LABEL = re.compile(r"\[\[([a-z_]+)\]\]")


class AnkiExportError(QuizdeckError):
    """The export cannot run: templates missing, output not writable."""


@dataclass(frozen=True)
class RenderedDeck:
    """One rendered .apkg: its file name and bytes, its deck, notes, cards and changed notes."""

    name: str
    data: bytes
    deck: str
    notes: int
    cards: int
    changed: int


class Stamps(Protocol):
    """The stamp record (outputs/stamps.py): a stamp per key, kept while its digest is."""

    changed: set[str]

    def stamp(self, key: str, digest: str, now: int) -> int:
        """The stamp for `key`: kept while `digest` is unchanged, else `now` and strictly newer."""
        ...


def content_hash(parts: Sequence[str]) -> str:
    """A stable 64-bit digest of some strings (enough to tell an edit from no edit)."""
    data = "\x1e".join(parts).encode("utf-8")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


@dataclass(frozen=True)
class CardTemplates:
    """The card templates and CSS, and whether they are a workspace's own."""

    files: Mapping[str, str]
    custom: bool


class _StampedModel(genanki.Model):  # type: ignore[misc]
    """A genanki model that carries its own modification stamp instead of the build time."""

    stamp = 0

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        return super().to_json(self.stamp, deck_id)  # type: ignore[no-any-return]


class _StampedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note written with its own stamp (note and card `mod`)."""

    stamp = 0

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.stamp, deck_id, id_gen)


def _read_templates(template_dirs: Sequence[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in TEMPLATE_FILES:
        for directory in template_dirs:
            path = directory / "anki" / name
            if path.is_file():
                target = path.resolve()
                if not target.is_relative_to(directory.resolve()):  # finding 6
                    raise AnkiExportError(
                        f"Anki template {path} links outside its directory (to {target})"
                    )
                try:
                    # Scripts never reach a card (finding 18): Anki runs them.
                    found[name] = strip_active(path.read_text(encoding="utf-8"))
                    list(chevron.tokenizer.tokenize(found[name]))  # genanki renders them
                except (OSError, UnicodeDecodeError) as problem:
                    raise AnkiExportError(f"cannot read template {path}: {problem}") from None
                except chevron.ChevronError as problem:
                    detail = "; ".join(str(problem).splitlines())
                    raise AnkiExportError(f"Anki template {path} is broken: {detail}") from None
                break
        else:
            searched = ", ".join(str(d / "anki") for d in template_dirs) or "no template directory"
            raise AnkiExportError(f"Anki template {name} not found (searched {searched})")
    return found


def load_templates(template_dirs: Sequence[Path]) -> CardTemplates:
    """The card templates and CSS from the first directory holding each `anki/` file."""
    files = _read_templates(template_dirs)
    shipped = _read_templates(default_template_dirs())
    return CardTemplates(files, custom=files != shipped)


def note_type_id(kind: str, language: str, scope: str | None) -> int:
    """The shipped note type's fixed id, or a workspace's own, derived from its deck (scope)."""
    if scope is None:
        return MODEL_IDS[(kind, language)]
    return _stable_id(f"note type\x1f{kind}\x1f{language}\x1f{scope}")


def build_models(
    templates: CardTemplates, language: str, scope: str | None = None
) -> tuple[_StampedModel, _StampedModel]:
    """The question and cloze note types of a language.

    The shipped templates make the shared note types with fixed ids; a workspace's own
    templates make note types of their own (named after the top deck), so the ones other
    decks in the same Anki profile use are never rewritten.
    """
    labels = labels_for(language)
    scope = scope if templates.custom else None
    suffix = f"{language}, {scope}" if scope else language

    def fill(name: str) -> str:
        def label(match: re.Match[str]) -> str:
            if match.group(1) not in labels:
                raise AnkiExportError(f"Anki template {name}: unknown label {match.group()}")
            return text(labels[match.group(1)])

        return _LABEL.sub(label, templates.files[name])

    css = templates.files["cards.css"]
    question = _StampedModel(
        note_type_id("question", language, scope),
        f"quizdeck question ({suffix})",
        fields=[{"name": name} for name in QUESTION_FIELDS],
        templates=[
            {
                "name": "Card",
                "qfmt": fill("question-front.html"),
                "afmt": fill("question-back.html"),
            }
        ],
        css=css,
    )
    cloze = _StampedModel(
        note_type_id("cloze", language, scope),
        f"quizdeck cloze ({suffix})",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": fill("cloze-front.html"),
                "afmt": fill("cloze-back.html"),
            }
        ],
        css=css,
        model_type=genanki.Model.CLOZE,
    )
    return question, cloze


def render_anki(
    banks: Sequence[ResolvedBank], templates: CardTemplates, stamps: Stamps, clock: int
) -> list[RenderedDeck]:
    """Every bank's .apkg; a note's stamp comes from `stamps`, new ones are `clock`."""
    models: dict[tuple[str, str], tuple[_StampedModel, _StampedModel]] = {}
    rendered: list[RenderedDeck] = []
    for bank in banks:
        scope = bank.deck.split("::")[0].strip()
        if (bank.language, scope) not in models:
            pair = build_models(templates, bank.language, scope)
            for model in pair:
                model.stamp = stamps.stamp(f"model:{model.model_id}", _model_hash(model), clock)
            models[(bank.language, scope)] = pair
        pair = models[(bank.language, scope)]
        deck, changed = _bank_deck(bank, pair, stamps, clock)
        cards = sum(len(note.cards) for note in deck.notes)
        data = _package(deck, pair)
        rendered.append(
            RenderedDeck(f"{bank.id}.apkg", data, deck.name, len(deck.notes), cards, changed)
        )
    return rendered


def _model_hash(model: _StampedModel) -> str:
    return content_hash([model.name, json.dumps([model.fields, model.templates]), model.css])


def _stable_id(text: str) -> int:
    """A stable id in genanki's suggested range (2**30 to 2**31)."""
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")
    return (1 << 30) + digest % (1 << 30)


def deck_id_for(name: str) -> int:
    """A stable deck id from the deck name."""
    return _stable_id(name)


def anki_tags(bank: ResolvedBank, question: Resolved) -> list[str]:
    """Bank id, question type, bank and question tags; Anki tags cannot hold spaces."""
    tags: list[str] = []
    for tag in (bank.id, question.type, *bank.tags, *question.tags):
        cleaned = "_".join(tag.split())
        if cleaned and cleaned not in tags:
            tags.append(cleaned)
    return tags


def _bank_deck(
    bank: ResolvedBank,
    models: tuple[_StampedModel, _StampedModel],
    stamps: Stamps,
    clock: int,
) -> tuple[genanki.Deck, int]:
    question_model, cloze_model = models
    by_kind = {"question": question_model, "cloze": cloze_model}
    deck = genanki.Deck(deck_id_for(bank.deck), bank.deck, _description(bank.source))
    changed = 0
    for position, question in enumerate(bank.questions):
        guid = question.guid
        kind, fields = note_fields(question)
        model = by_kind[kind]
        tags = anki_tags(bank, question)
        note = _StampedNote(model=model, fields=fields, tags=tags, guid=guid, due=position)
        before = len(stamps.changed)
        digest = content_hash([str(model.model_id), bank.deck, " ".join(tags), *fields])
        note.stamp = stamps.stamp(guid, digest, clock)
        changed += len(stamps.changed) - before
        deck.add_note(note)
    return deck, changed


def _description(source: Source) -> str:
    title = linked(source, text(source.title))
    about = [text(x) for x in (source.outlet, source.byline, source.published) if x]
    return title + (f"<br>{' · '.join(about)}" if about else "")


def note_fields(question: Resolved) -> tuple[str, list[str]]:
    """The note type ("question" or "cloze") and escaped fields of a question's note.

    Question notes fill QUESTION_FIELDS, choices in GUID order; cloze notes CLOZE_FIELDS,
    blank N being deletion cN.
    """
    language = question.source.language
    match question.type:
        case "choice" | "multi":
            items = [
                (f"{choice_mark(language, shown)} {text(question.choices[i])}", i in question.keys)
                for shown, i in enumerate(question.choice_order(question.guid))
            ]
            keys = "<br>".join(shown for shown, correct in items if correct)
            return "question", _question_note(question, _choice_list(items, question.type), keys)
        case "truefalse":
            truth = bool(question.truth)
            items = [(text(truth_label(language, v)), v is truth) for v in (True, False)]
            answer = text(truth_label(language, truth))
            return "question", _question_note(question, _choice_list(items, "ox"), answer)
        case "numeric":
            number = question.number
            assert number is not None
            # Anki compares exactly: the back lists the answers a marker accepts besides.
            accepted = ", ".join(text(a) for a in (*number.accepted, number.margin) if a)
            return "question", _question_note(question, "", text(number.shown), accepted)
        case "short":
            accepted = ", ".join(text(a) for a in question.answers[1:])
            return "question", _question_note(question, "", text(question.answers[0]), accepted)
        case "cloze":
            return "cloze", _cloze_note(question)
        case _:
            assert_never(question.type)


def _question_note(question: Resolved, choices: str, answer: str, accepted: str = "") -> list[str]:
    return [
        prompt_html(question),
        choices,
        answer,
        accepted,
        text(question.explanation or ""),
        "<br>".join(text(quote) for quote in question.evidence),
        linked(question.source, text(question.citation)),
        text(question.source.heading),
    ]


def _choice_list(items: list[tuple[str, bool]], kind: str) -> str:
    rows = "".join(
        f'<div class="choice{" correct" if correct else ""}">{text}</div>'
        for text, correct in items
    )
    return f'<div class="choices {kind}">{rows}</div>'


def _cloze_note(question: Resolved) -> list[str]:
    return [
        "<br>".join(_cloze_line(line) for line in question.cloze),
        prompt_html(question),
        text(question.explanation or ""),
        linked(question.source, text(question.citation)),
        text(question.source.heading),
    ]


def _cloze_line(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        text = _cloze_escape(piece.text)
        if piece.blank is None:
            out.append(text)
        else:
            hidden = text.replace("::", ":&#58;")
            out.append(f"{{{{c{piece.blank}::{hidden}}}}}")
    return "".join(out)


def _cloze_escape(value: str) -> str:
    # Braces too: "{{c1::" in an article must not become a deletion.
    return braces_escaped(text(value))


def _package(deck: genanki.Deck, models: Sequence[_StampedModel]) -> bytes:
    """The deck as .apkg bytes, its collection built in a scratch database."""
    # Note and card ids count up from the newest stamp: fixed while nothing changes.
    newest = max([model.stamp for model in models] + [note.stamp for note in deck.notes])
    fd, name = tempfile.mkstemp(prefix=".quizdeck-", suffix=".tmp")
    os.close(fd)
    db_path = Path(name)
    try:
        connection = sqlite3.connect(db_path)
        try:
            # A scratch file: no journal, no fsync (genanki's schema script commits per statement).
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            package = genanki.Package([deck])
            package.write_to_db(connection.cursor(), newest, itertools.count(newest * 1000))
            connection.commit()
        finally:
            connection.close()
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as archive:
            add_zip_entry(archive, "collection.anki2", db_path.read_bytes())
            add_zip_entry(archive, "media", b"{}")
    finally:
        db_path.unlink(missing_ok=True)
    return stream.getvalue()
