"""Anki export: one .apkg per checked bank, written with genanki, byte-identical on rebuild."""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from .checker import CheckedBank
from .model import Bank, Question
from .numbers import with_unit
from .outputs import publish
from .stamps import RECORD_NAME, StampRecord, content_hash
from .textnorm import fold, numbered_spans

# Fixed for good: Anki recognises our note types by these ids across rebuilds.
QUESTION_MODEL_ID = 1_718_370_101
CLOZE_MODEL_ID = 1_718_370_102
QUESTION_FIELDS = ("Prompt", "Choices", "Answer", "Accepted", "Explanation", "Evidence", "Source")
CLOZE_FIELDS = ("Text", "Prompt", "Explanation", "Source")
TEMPLATE_FILES = (
    "question-front.html",
    "question-back.html",
    "cloze-front.html",
    "cloze-back.html",
    "cards.css",
)
# A fixed zip entry time (the earliest a zip can hold) so rebuilds are byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _text(value: str) -> str:
    """Field text as written: `<파이낸셜타임스>` and `R&D` escaped, quotes left readable."""
    return html.escape(value, quote=False)


class AnkiExportError(Exception):
    """The export cannot run: templates missing, output not writable."""


@dataclass(frozen=True)
class AnkiDeck:
    """One written .apkg: its deck, how many notes and cards, how many notes changed."""

    path: Path
    deck: str
    notes: int
    cards: int
    changed: int


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


def load_templates(template_dirs: Sequence[Path]) -> dict[str, str]:
    """The card templates and CSS from the first directory holding each `anki/` file."""
    found: dict[str, str] = {}
    for name in TEMPLATE_FILES:
        for directory in template_dirs:
            path = directory / "anki" / name
            if path.is_file():
                try:
                    found[name] = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as problem:
                    raise AnkiExportError(f"cannot read template {path}: {problem}") from None
                break
        else:
            searched = ", ".join(str(d / "anki") for d in template_dirs) or "no template directory"
            raise AnkiExportError(f"Anki template {name} not found (searched {searched})")
    return found


def build_models(templates: dict[str, str]) -> tuple[_StampedModel, _StampedModel]:
    """The question and cloze note types with their fixed ids."""
    css = templates["cards.css"]
    question = _StampedModel(
        QUESTION_MODEL_ID,
        "quizdeck question",
        fields=[{"name": name} for name in QUESTION_FIELDS],
        templates=[
            {
                "name": "Card",
                "qfmt": templates["question-front.html"],
                "afmt": templates["question-back.html"],
            }
        ],
        css=css,
    )
    cloze = _StampedModel(
        CLOZE_MODEL_ID,
        "quizdeck cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": templates["cloze-front.html"],
                "afmt": templates["cloze-back.html"],
            }
        ],
        css=css,
        model_type=genanki.Model.CLOZE,
    )
    return question, cloze


def export_anki(
    banks: Sequence[CheckedBank],
    out_dir: Path,
    template_dirs: Sequence[Path],
    now: Callable[[], float] = time.time,
) -> list[AnkiDeck]:
    """Write <out_dir>/<bank id>.apkg for every bank; only call it when the check passed."""
    models = build_models(load_templates(template_dirs))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise AnkiExportError(f"cannot create {out_dir}: {problem.strerror}") from None
    record = StampRecord.load(out_dir / RECORD_NAME)
    clock = int(now())
    for model in models:
        model.stamp = record.stamp(f"model:{model.model_id}", _model_hash(model), clock)
    staged: list[tuple[Path, Path]] = []
    written: list[AnkiDeck] = []
    try:
        for checked in banks:
            deck, changed = _bank_deck(checked, models, record, clock)
            target = out_dir / f"{checked.bank.id}.apkg"
            staged.append((_write_package(deck, models, out_dir), target))
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


def deck_id_for(name: str) -> int:
    """A stable deck id from the deck name, in genanki's suggested range."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")
    return (1 << 30) + digest % (1 << 30)


def note_guid(bank_id: str, question_id: str) -> str:
    """The note GUID: a question keeps its Anki history across edits."""
    return str(genanki.guid_for(bank_id, question_id))


def anki_tags(bank: Bank, question: Question) -> list[str]:
    """Bank id, question type, bank and question tags; Anki tags cannot hold spaces."""
    tags: list[str] = []
    for tag in (bank.id, question.type, *bank.tags, *question.tags):
        cleaned = "_".join(tag.split())
        if cleaned and cleaned not in tags:
            tags.append(cleaned)
    return tags


def _bank_deck(
    checked: CheckedBank,
    models: tuple[_StampedModel, _StampedModel],
    record: StampRecord,
    clock: int,
) -> tuple[genanki.Deck, int]:
    bank = checked.bank
    question_model, cloze_model = models
    deck = genanki.Deck(deck_id_for(bank.deck_name), bank.deck_name, _description(bank))
    changed = 0
    for position, question in enumerate(bank.questions):
        if question.type == "cloze":
            model, fields = cloze_model, cloze_fields(checked, question)
        else:
            model, fields = question_model, question_fields(checked, question)
        tags = anki_tags(bank, question)
        guid = note_guid(bank.id, question.id)
        note = _StampedNote(model=model, fields=fields, tags=tags, guid=guid, due=position)
        before = len(record.changed)
        digest = content_hash([str(model.model_id), bank.deck_name, " ".join(tags), *fields])
        note.stamp = record.stamp(guid, digest, clock)
        changed += len(record.changed) - before
        deck.add_note(note)
    return deck, changed


def _description(bank: Bank) -> str:
    article = bank.article
    title = _text(article.title)
    if article.url:
        title = f'<a href="{html.escape(article.url)}">{title}</a>'
    about = [_text(x) for x in (article.outlet, article.byline, article.published) if x]
    return title + (f"<br>{' · '.join(about)}" if about else "")


def question_fields(checked: CheckedBank, question: Question) -> list[str]:
    """The escaped fields of a question note, in QUESTION_FIELDS order."""
    answers = set(question.answers)
    # The checker matched answers to choices after folding; most are verbatim.
    folded = {fold(a) for a in answers.difference(question.choices)}
    choices = answer = accepted = ""
    if question.type in ("choice", "multi"):
        items = [
            (
                f"{_CIRCLED[i]} {_text(choice)}",
                choice in answers or (bool(folded) and fold(choice) in folded),
            )
            for i, choice in enumerate(question.choices)
        ]
        choices = _choice_list(items, question.type)
        answer = "<br>".join(text for text, correct in items if correct)
    elif question.type == "truefalse":
        answer = "O" if question.answer is True else "X"
        choices = _choice_list([("O", answer == "O"), ("X", answer == "X")], "ox")
    elif question.type == "numeric":
        answer = _text(with_unit(str(question.answer), question.unit))
        if question.tolerance:
            accepted = "± " + _text(with_unit(f"{question.tolerance:g}", question.unit))
    else:
        answer = _text(str(question.answer))
        accepted = ", ".join(_text(a) for a in question.accept)
    return [
        _text(question.prompt or ""),
        choices,
        answer,
        accepted,
        _text(question.explanation or ""),
        "<br>".join(_text(quote.value) for quote in question.evidence),
        _source(checked, question),
    ]


def _choice_list(items: list[tuple[str, bool]], kind: str) -> str:
    rows = "".join(
        f'<div class="choice{" correct" if correct else ""}">{text}</div>'
        for text, correct in items
    )
    return f'<div class="choices {kind}">{rows}</div>'


def _source(checked: CheckedBank, question: Question) -> str:
    text = _text(checked.citation(question))
    url = checked.bank.article.url
    return f'<a href="{html.escape(url)}">{text}</a>' if url else text


def cloze_fields(checked: CheckedBank, question: Question) -> list[str]:
    """The escaped fields of a cloze note, in CLOZE_FIELDS order."""
    return [
        "<br>".join(_cloze_quote(quote.value, question) for quote in question.evidence),
        _text(question.prompt or ""),
        _text(question.explanation or ""),
        _source(checked, question),
    ]


def _cloze_quote(quote: str, question: Question) -> str:
    """One evidence quote with every occurrence of blank N as deletion {{cN::…}}."""
    pieces: list[str] = []
    cursor = 0
    for begin, end, number in numbered_spans(quote, [blank.value for blank in question.blanks]):
        hidden = _cloze_escape(quote[begin:end]).replace("::", ":&#58;")
        pieces += [_cloze_escape(quote[cursor:begin]), f"{{{{c{number}::{hidden}}}}}"]
        cursor = end
    pieces.append(_cloze_escape(quote[cursor:]))
    return "".join(pieces)


def _cloze_escape(text: str) -> str:
    # Braces too: "{{c1::" in an article must not become a deletion.
    return _text(text).replace("{", "&#123;").replace("}", "&#125;")


def _write_package(deck: genanki.Deck, models: Sequence[_StampedModel], out_dir: Path) -> Path:
    """Write the deck as a temporary .apkg in out_dir; the caller renames it."""
    # Note and card ids count up from the newest stamp: fixed while nothing changes.
    newest = max([model.stamp for model in models] + [note.stamp for note in deck.notes])
    fd, db_name = tempfile.mkstemp(dir=out_dir, prefix=".collection.", suffix=".tmp")
    os.close(fd)
    db_path = Path(db_name)
    fd, apkg_name = tempfile.mkstemp(dir=out_dir, prefix=".deck.", suffix=".apkg.tmp")
    os.close(fd)
    apkg_path = Path(apkg_name)
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
            _add_entry(archive, "collection.anki2", db_path.read_bytes())
            _add_entry(archive, "media", b"{}")
    except BaseException:
        apkg_path.unlink(missing_ok=True)
        raise
    finally:
        db_path.unlink(missing_ok=True)
    return apkg_path


def _add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.create_system = 3
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
