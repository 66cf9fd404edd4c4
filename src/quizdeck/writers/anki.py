"""Anki export: one .apkg per checked bank, written with genanki, byte-identical on rebuild."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chevron
import genanki

from quizdeck.errors import QuizdeckError
from quizdeck.outputs.publish import OutputRefused, add_zip_entry, claim, publish, temp_file
from quizdeck.outputs.stamps import RECORD_NAME, StampRecord, content_hash
from quizdeck.resolve import Piece, Resolved, ResolvedBank, Source
from quizdeck.sources.labels import choice_mark, labels_for, truth_label
from quizdeck.workspace import default_template_dirs
from quizdeck.writers.fields import linked, prompt_html, text

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
class AnkiDeck:
    """One written .apkg: its deck, how many notes and cards, how many notes changed."""

    path: Path
    deck: str
    notes: int
    cards: int
    changed: int


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
                try:
                    found[name] = path.read_text(encoding="utf-8")
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


def export_anki(
    banks: Sequence[ResolvedBank],
    out_dir: Path,
    template_dirs: Sequence[Path],
    now: Callable[[], float] = time.time,
) -> list[AnkiDeck]:
    """Write <out_dir>/<bank id>.apkg for every bank; only call it when the check passed."""
    templates = load_templates(template_dirs)
    names = [f"{bank.id}.apkg" for bank in banks] + [RECORD_NAME]
    try:
        with claim(out_dir, names):
            return _export(banks, out_dir, templates, now)
    except OutputRefused as problem:
        raise AnkiExportError(str(problem)) from None
    except OSError as problem:
        raise AnkiExportError(f"cannot create {out_dir}: {problem.strerror}") from None


def _export(
    banks: Sequence[ResolvedBank],
    out_dir: Path,
    templates: CardTemplates,
    now: Callable[[], float],
) -> list[AnkiDeck]:
    record = StampRecord.load(out_dir / RECORD_NAME)
    clock = int(now())
    models: dict[tuple[str, str], tuple[_StampedModel, _StampedModel]] = {}
    staged: list[tuple[Path, Path]] = []
    written: list[AnkiDeck] = []
    try:
        for bank in banks:
            scope = bank.deck.split("::")[0].strip()
            if (bank.language, scope) not in models:
                pair = build_models(templates, bank.language, scope)
                for model in pair:
                    model.stamp = record.stamp(f"model:{model.model_id}", _model_hash(model), clock)
                models[(bank.language, scope)] = pair
            pair = models[(bank.language, scope)]
            deck, changed = _bank_deck(bank, pair, record, clock)
            target = out_dir / f"{bank.id}.apkg"
            staged.append((_write_package(deck, pair, out_dir), target))
            cards = sum(len(note.cards) for note in deck.notes)
            written.append(AnkiDeck(target, deck.name, len(deck.notes), cards, changed))
        # The record goes first: if a rename fails, the next build reuses the stamps
        # recorded for the new content, which are still newer than what Anki has.
        if record.changed:
            record.save()
        for temp, target in staged:
            publish(temp, target)
    except OSError as problem:
        raise AnkiExportError(f"cannot write to {out_dir}: {problem.strerror or problem}") from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
    return written


def _model_hash(model: _StampedModel) -> str:
    return content_hash([model.name, json.dumps([model.fields, model.templates]), model.css])


def _stable_id(text: str) -> int:
    """A stable id in genanki's suggested range (2**30 to 2**31)."""
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")
    return (1 << 30) + digest % (1 << 30)


def deck_id_for(name: str) -> int:
    """A stable deck id from the deck name."""
    return _stable_id(name)


def note_guid(bank_id: str, question_id: str) -> str:
    """The note GUID: a question keeps its Anki history across edits."""
    return str(genanki.guid_for(bank_id, question_id))


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
    record: StampRecord,
    clock: int,
) -> tuple[genanki.Deck, int]:
    question_model, cloze_model = models
    deck = genanki.Deck(deck_id_for(bank.deck), bank.deck, _description(bank.source))
    changed = 0
    for position, question in enumerate(bank.questions):
        guid = note_guid(bank.id, question.id)
        if question.type == "cloze":
            model, fields = cloze_model, cloze_fields(question)
        else:
            model, fields = question_model, question_fields(question, guid)
        tags = anki_tags(bank, question)
        note = _StampedNote(model=model, fields=fields, tags=tags, guid=guid, due=position)
        before = len(record.changed)
        digest = content_hash([str(model.model_id), bank.deck, " ".join(tags), *fields])
        note.stamp = record.stamp(guid, digest, clock)
        changed += len(record.changed) - before
        deck.add_note(note)
    return deck, changed


def _description(source: Source) -> str:
    title = linked(source, text(source.title))
    about = [text(x) for x in (source.outlet, source.byline, source.published) if x]
    return title + (f"<br>{' · '.join(about)}" if about else "")


def question_fields(question: Resolved, guid: str) -> list[str]:
    """The escaped fields of a question note, in QUESTION_FIELDS order; choices in GUID order."""
    language = question.source.language
    choices = answer = accepted = ""
    if question.type in ("choice", "multi"):
        items = [
            (f"{choice_mark(language, shown)} {text(question.choices[i])}", i in question.keys)
            for shown, i in enumerate(question.choice_order(guid))
        ]
        choices = _choice_list(items, question.type)
        answer = "<br>".join(text for text, correct in items if correct)
    elif question.truth is not None:
        answer = truth_label(language, question.truth)
        items = [(truth_label(language, v), v is question.truth) for v in (True, False)]
        choices = _choice_list([(text(t), c) for t, c in items], "ox")
        answer = text(answer)
    elif question.number is not None:
        answer = text(question.number.shown)
        accepted = text(question.number.margin or "")
    else:
        answer = text(question.answers[0])
        accepted = ", ".join(text(a) for a in question.answers[1:])
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


def cloze_fields(question: Resolved) -> list[str]:
    """The escaped fields of a cloze note, in CLOZE_FIELDS order; blank N is deletion cN."""
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
    return text(value).replace("{", "&#123;").replace("}", "&#125;")


def _write_package(deck: genanki.Deck, models: Sequence[_StampedModel], out_dir: Path) -> Path:
    """Write the deck as a temporary .apkg in out_dir; the caller renames it."""
    # Note and card ids count up from the newest stamp: fixed while nothing changes.
    newest = max([model.stamp for model in models] + [note.stamp for note in deck.notes])
    fd, db_path = temp_file(out_dir)
    os.close(fd)
    fd, apkg_path = temp_file(out_dir)
    os.close(fd)
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
        with zipfile.ZipFile(apkg_path, "w") as archive:
            add_zip_entry(archive, "collection.anki2", db_path.read_bytes())
            add_zip_entry(archive, "media", b"{}")
    except BaseException:
        apkg_path.unlink(missing_ok=True)
        raise
    finally:
        db_path.unlink(missing_ok=True)
    return apkg_path
