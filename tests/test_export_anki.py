"""Anki export, imported into a real Anki collection (the `anki` package)."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.notes import Note

from conftest import SAMPLE_BANK, WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.outputs.anki import AnkiDeck, export_anki
from quizdeck.outputs.publish import MANIFEST
from quizdeck.outputs.stamps import RECORD_NAME
from quizdeck.resolve import Resolved, note_guid
from quizdeck.workspace import Workspace
from quizdeck.writers.anki import (
    MODEL_IDS,
    AnkiExportError,
    note_type_id,
)
from test_export_html import EN_ARTICLE, EN_BANK

T1 = 1_750_000_000.0
T2 = T1 + 3600


class _Text(HTMLParser):
    """What a card shows as text: tags and <style> dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip = tag == "style"
        if tag in ("div", "br", "hr", "blockquote"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def shown(card_html: str) -> list[str]:
    """The non-blank lines of text a card shows."""
    parser = _Text()
    parser.feed(card_html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return [line for line in lines if line]


def resolved(workspace: WorkspaceBuilder) -> list[Resolved]:
    """Every resolved question of the workspace."""
    return [q for b in check_workspace(Workspace(workspace.root)).resolved for q in b.questions]


def build(workspace: WorkspaceBuilder, out: Path | None = None, now: float = T1) -> list[AnkiDeck]:
    ws = Workspace(workspace.root)
    result = check_workspace(ws)
    assert not result.failed(), result.diagnostics
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns about unescaped HTML in fields
        return export_anki(
            result.resolved,
            out or workspace.root / "build" / "anki",
            ws.template_dirs(),
            lambda: now,
        )


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col: Collection, path: Path) -> tuple[int, int, int]:
    """Import with Anki's defaults; (new, updated, duplicate) note counts."""
    request = ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    log = col.import_anki_package(request).log
    return len(log.new), len(log.updated), len(log.duplicate)


def import_sample(workspace: WorkspaceBuilder, col: Collection, *edits: tuple[str, str]) -> None:
    """The sample bank, each edit (old, new) made to it, built and imported into `col`."""
    workspace.sample()
    text = SAMPLE_BANK
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    workspace.bank("sample", text)
    [deck] = build(workspace)
    import_apkg(col, deck.path)


def note_of(col: Collection, bank: str, question: str) -> Note:
    """The note of a question, found by its GUID."""
    guid = note_guid(bank, question)
    [note] = [n for n in map(col.get_note, col.find_notes("")) if n.guid == guid]
    return note


def test_sample_deck_counts_models_and_tags(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace)
    assert deck == AnkiDeck(workspace.root / "build/anki/sample.apkg", "테스트::시장", 6, 7, 6)
    assert import_apkg(collection, deck.path) == (6, 0, 0)
    did = collection.decks.id_for_name("테스트::시장")
    assert did is not None
    assert len(collection.find_notes(f"did:{did}")) == 6
    assert len(collection.find_cards(f"did:{did}")) == 7  # five questions, two cloze blanks
    assert collection.decks.id_for_name("테스트") is not None  # the parent deck
    note = note_of(collection, "sample", "market-size")
    assert note.mid == MODEL_IDS[("question", "ko")]
    assert note.tags == ["china-ai", "choice", "market", "sample"]
    assert note_of(collection, "sample", "government-support").mid == MODEL_IDS[("cloze", "ko")]


def test_question_card_shows_escaped_text_as_written(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace)
    import_apkg(collection, deck.path)
    card = note_of(collection, "sample", "source-and-field").cards()[0]
    assert "&lt;파이낸셜타임스&gt;" in card.question()
    assert "<파이낸셜타임스>" not in card.question()
    # The choices in the order the note's GUID draws, the same on every rebuild.
    [question] = [q for q in resolved(workspace) if q.id == "source-and-field"]
    order = question.choice_order(note_guid("sample", "source-and-field"))
    assert order != (0, 1, 2, 3)
    choices = [f"{'①②③④'[n]} {question.choices[i]}" for n, i in enumerate(order)]
    keys = [choices[n] for n, i in enumerate(order) if i in question.keys]
    assert shown(card.question()) == [
        "중국 AI 시장 급성장 · 2018-09-19",
        "기사에 나온 것을 모두 고르시오.",
        *choices,
    ]
    assert shown(card.answer()) == [
        "중국 AI 시장 급성장 · 2018-09-19",
        "기사에 나온 것을 모두 고르시오.",
        *choices,
        f"정답 {keys[0]}",
        keys[1],
        "해설 <파이낸셜타임스>와 칭화대 보고서가 인용되었다.",
        "근거 <파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다.",
        "출처 중국 AI 시장 급성장, ¶4",
    ]
    mark = "①②③④"[order.index(0)]
    assert f'<div class="choice correct">{mark} &lt;파이낸셜타임스&gt;</div>' in card.answer()


def test_truefalse_shows_o_x_and_short_answers_are_typed(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace)
    import_apkg(collection, deck.path)
    truefalse = note_of(collection, "sample", "rank-second").cards()[0]
    assert shown(truefalse.question()) == [
        "중국 AI 시장 급성장 · 2018-09-19",
        "중국 인공지능 기업 수는 세계 2위다.",
        "O",
        "X",
    ]
    assert shown(truefalse.answer())[4] == "정답 O"
    short = note_of(collection, "sample", "rnd-hub").cards()[0]
    # Anki's reviewer turns [[type:Answer]] into the answer box, then into the comparison.
    assert shown(short.question()) == [
        "중국 AI 시장 급성장 · 2018-09-19",
        "중국은 세계 인공지능 무엇의 허브로 거듭나고 있는가?",
        "[[type:Answer]]",
    ]
    assert shown(short.answer())[3:5] == ["정답 R&D", "인정 답안 연구개발"]
    assert note_of(collection, "sample", "rnd-hub")["Answer"] == "R&amp;D"
    numeric = note_of(collection, "sample", "company-count").cards()[0]
    assert shown(numeric.answer())[3] == "정답 1011개"


def test_typed_answer_cards_list_every_accepted_answer(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    # Anki compares a typed answer exactly: the back lists what a marker accepts besides.
    import_sample(
        workspace,
        collection,
        ('accept: ["연구개발"]', 'accept: ["연구개발", "연구 개발", "R&D(연구개발)"]'),
        ('    unit: "개"\n', '    unit: "개"\n    tolerance: 5\n'),
    )
    short = note_of(collection, "sample", "rnd-hub").cards()[0]
    assert shown(short.answer())[3:5] == [
        "정답 R&D",
        "인정 답안 연구개발, 연구 개발, R&D(연구개발)",
    ]
    # A number: without its unit (as the self-test and the key accept it), within the margin.
    numeric = note_of(collection, "sample", "company-count").cards()[0]
    assert shown(numeric.question())[-1] == "[[type:Answer]]"
    assert shown(numeric.answer())[3:5] == ["정답 1011개", "인정 답안 1011, ± 5개"]


def test_a_typed_answer_card_lists_the_unit_spelled_another_way(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    article = (workspace.root / "seeds" / "sample.txt").read_text(encoding="utf-8")
    workspace.article("sample.txt", article.replace("1천11개로", "1천11개로(높이 15cm)"))
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace('answer: 1011\n    unit: "개"', 'answer: 15\n    unit: "cm"').replace(
            "1천11개로 미국", "1천11개로(높이 15cm) 미국"
        ),
    )
    [deck] = build(workspace)
    import_apkg(collection, deck.path)
    numeric = note_of(collection, "sample", "company-count").cards()[0]
    assert shown(numeric.answer())[3:5] == [
        "정답 15 cm",
        "인정 답안 15, 15센티미터, 15 centimetres",
    ]


def test_cloze_card_hides_each_blank_in_turn(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace)
    import_apkg(collection, deck.path)
    note = note_of(collection, "sample", "government-support")
    assert note["Text"] == (
        "{{c1::중국 정부}}의 적극적인 인공지능 기술 개발 지원도 {{c2::디딤돌}}이 되고 있다."
    )
    first, second = sorted(note.cards(), key=lambda c: c.ord)
    heading = ["중국 AI 시장 급성장 · 2018-09-19", "빈칸에 들어갈 말을 쓰시오."]
    assert shown(first.question()) == [
        *heading,
        "[...]의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.",
    ]
    assert shown(second.question()) == [
        *heading,
        "중국 정부의 적극적인 인공지능 기술 개발 지원도 [...]이 되고 있다.",
    ]
    assert shown(second.answer()) == [
        *heading,
        "중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.",
        "해설 정부 지원이 디딤돌이다.",
        "출처 중국 AI 시장 급성장, ¶5",
    ]


def test_cloze_blank_with_markup_characters_is_escaped(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    import_sample(
        workspace,
        collection,
        (
            'evidence: "중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다."\n'
            '    blanks: ["중국 정부", "디딤돌"]',
            'evidence: "<파이낸셜타임스>에 따르면 칭화대 보고서는"\n'
            '    blanks: ["<파이낸셜타임스>"]',
        ),
    )
    [card] = note_of(collection, "sample", "government-support").cards()
    assert shown(card.question())[2:] == ["[...]에 따르면 칭화대 보고서는"]
    assert shown(card.answer())[2] == "<파이낸셜타임스>에 따르면 칭화대 보고서는"


def test_cloze_blank_found_like_the_checker_finds_it(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    # The checker forgives spacing in blanks; the deletion still covers the quote as written.
    workspace.sample()
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace('blanks: ["중국 정부", "디딤돌"]', 'blanks: ["중국정부", "디딤돌"]'),
    )
    [deck] = build(workspace)
    import_apkg(collection, deck.path)
    assert note_of(collection, "sample", "government-support")["Text"] == (
        "{{c1::중국 정부}}의 적극적인 인공지능 기술 개발 지원도 {{c2::디딤돌}}이 되고 있다."
    )


def test_tags_with_spaces_become_underscores(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("sample", SAMPLE_BANK.replace("tags: [market]", 'tags: ["market size", "R&D"]'))
    build(workspace)
    with zipfile.ZipFile(workspace.root / "build/anki/sample.apkg") as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        db = archive.read("collection.anki2")
    assert b" sample choice china-ai market_size R&D " in db


def test_rebuild_of_unchanged_input_is_byte_identical(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    first = {d.path.name: d.path.read_bytes() for d in build(workspace, now=T1)}
    record = (workspace.root / "build/anki" / RECORD_NAME).read_bytes()
    # A later clock must not leak into the files: nothing changed.
    decks = build(workspace, now=T2)
    assert {d.path.name: d.path.read_bytes() for d in decks} == first
    assert [d.changed for d in decks] == [0] * len(decks)
    assert (workspace.root / "build/anki" / RECORD_NAME).read_bytes() == record
    with zipfile.ZipFile(decks[0].path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_seed_decks_import_one_deck_per_bank(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.seeds()
    decks = build(workspace)
    for deck in decks:
        assert import_apkg(collection, deck.path) == (deck.notes, 0, 0)
        did = collection.decks.id_for_name(deck.deck)
        assert did is not None
        assert len(collection.find_cards(f"did:{did}")) == deck.cards
        assert deck.deck.startswith("중국 AI 산업::")
    assert collection.note_count() == sum(d.notes for d in decks)
    # Nothing escaped twice and nothing left raw: R&D shows as written on every card.
    for card_id in collection.find_cards('"R&amp;D"'):
        answer = collection.get_card(card_id).answer()
        assert "&amp;amp;" not in answer
        assert any("R&D" in line for line in shown(answer))


def test_edited_question_updates_in_place_keeping_history(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace, now=T1)
    assert import_apkg(collection, deck.path) == (6, 0, 0)
    did = collection.decks.id_for_name("테스트::시장")
    assert did is not None
    collection.decks.select(did)
    card = collection.sched.getCard()
    assert card is not None
    collection.sched.answerCard(card, 3)
    card.load()
    history = (card.reps, card.queue, card.due)
    assert collection.db.scalar("select count() from revlog") == 1

    # Unchanged rebuild: nothing to update.
    [deck] = build(workspace, now=T2)
    assert import_apkg(collection, deck.path) == (0, 0, 6)

    workspace.bank(
        "sample",
        SAMPLE_BANK.replace("기사는 올해 시장 규모를", "기사는 올해(2018년) 시장 규모를"),
    )
    [deck] = build(workspace, now=T2)
    assert deck.changed == 1
    assert import_apkg(collection, deck.path) == (0, 1, 5)
    assert collection.note_count() == 6
    assert collection.card_count() == 7
    note = note_of(collection, "sample", "market-size")
    assert note["Explanation"] == "기사는 올해(2018년) 시장 규모를 414억 위안으로 예측했다."
    assert collection.db.scalar("select count() from revlog") == 1
    card.load()
    assert (card.reps, card.queue, card.due) == history


def test_edit_within_the_same_second_still_moves_the_stamp(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    [deck] = build(workspace, now=T1)
    import_apkg(collection, deck.path)
    workspace.bank("sample", SAMPLE_BANK.replace("R&D 예산", "R&D 인력"))
    [deck] = build(workspace, now=T1)  # the clock did not move
    assert import_apkg(collection, deck.path) == (0, 1, 5)
    assert "R&amp;D 인력" in note_of(collection, "sample", "source-and-field")["Choices"]


def test_lost_record_rebuilds_newer(workspace: WorkspaceBuilder, collection: Collection) -> None:
    workspace.sample()
    [deck] = build(workspace, now=T1)
    import_apkg(collection, deck.path)
    (deck.path.parent / RECORD_NAME).write_text("{not json", encoding="utf-8")
    [deck] = build(workspace, now=T2)
    assert deck.changed == 6
    # Every note is newer, so Anki takes them all: same notes, no duplicates.
    assert import_apkg(collection, deck.path) == (0, 6, 0)
    assert collection.note_count() == 6


def test_missing_templates_is_a_clear_error(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    result = check_workspace(Workspace(workspace.root))
    with pytest.raises(AnkiExportError) as raised:
        export_anki(result.banks, tmp_path / "out", [tmp_path / "empty"])
    assert str(raised.value) == (
        f"Anki template question-front.html not found (searched {tmp_path / 'empty' / 'anki'})"
    )
    assert not (tmp_path / "out").exists()


def test_cli_writes_one_deck_per_bank(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("anki")
    assert result.exit_code == 0, result.output
    assert result.stdout == "build/anki/sample.apkg: 테스트::시장: 6 notes (6 changed), 7 cards\n"
    again = workspace.run("anki", "sample")
    assert again.stdout == "build/anki/sample.apkg: 테스트::시장: 6 notes (0 changed), 7 cards\n"
    assert sorted(p.name for p in (workspace.root / "build/anki").iterdir()) == [
        MANIFEST,
        RECORD_NAME,
        "sample.apkg",
    ]


def test_cli_out_option(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    out = tmp_path / "decks"
    result = workspace.run("anki", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}/sample.apkg: 테스트::시장: 6 notes (6 changed), 7 cards\n"
    assert (out / "sample.apkg").is_file()


def test_check_errors_write_nothing(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "sample", SAMPLE_BANK.replace('미국에 이어 세계 2위다."', '미국을 제치고 세계 1위다."', 1)
    )
    result = workspace.run("anki")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("questions/sample.yaml:")
    assert (
        "error[evidence-not-found] rank-second: quote not found in seeds/sample.txt"
        in result.stderr
    )
    assert result.stderr.endswith("quizdeck: check failed: no deck written\n")
    assert not (workspace.root / "build").exists()


def test_check_errors_keep_previous_decks(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    [deck] = build(workspace)
    before = hashlib.sha256(deck.path.read_bytes()).hexdigest()
    workspace.bank("sample", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "415억 위안"'))
    assert workspace.run("anki").exit_code == 1
    assert hashlib.sha256(deck.path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in deck.path.parent.iterdir()) == [
        MANIFEST,
        RECORD_NAME,
        "sample.apkg",
    ]


def test_a_workspace_template_makes_its_own_note_types(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    # Two workspaces' decks in one Anki profile: one keeps the shipped templates.
    other = WorkspaceBuilder(tmp_path / "other")
    other.article("en.txt", EN_ARTICLE)
    other.bank("en", EN_BANK)
    [shared] = build(other)
    workspace.sample()
    css = workspace.root / "templates" / "anki" / "cards.css"
    css.parent.mkdir(parents=True)
    css.write_text(".card { font-size: 30px; }\n", encoding="utf-8")
    [own] = build(workspace)
    col = Collection(str(tmp_path / "profile.anki2"))
    try:
        assert import_apkg(col, shared.path) == (3, 0, 0)
        assert import_apkg(col, own.path) == (6, 0, 0)
        names = {m.name: m.id for m in col.models.all_names_and_ids()}
        custom = note_type_id("question", "ko", "테스트")
        assert names["quizdeck question (ko, 테스트)"] == custom
        assert custom not in MODEL_IDS.values()
        assert note_of(col, "sample", "market-size").mid == custom
        assert col.models.get(custom)["css"] == ".card { font-size: 30px; }\n"  # type: ignore[arg-type,index]
        # The shared note type the other deck uses is untouched.
        shipped = col.models.get(MODEL_IDS[("question", "en")])  # type: ignore[arg-type]
        assert shipped is not None and "font-size: 30px" not in shipped["css"]
        # Editing the workspace's CSS again keeps its note type and every note.
        css.write_text(".card { font-size: 32px; }\n", encoding="utf-8")
        [own] = build(workspace, now=T2)
        assert own.changed == 0
        assert import_apkg(col, own.path) == (0, 0, 6)
        assert note_of(col, "sample", "market-size").mid == custom
    finally:
        col.close()


def test_korean_and_english_decks_in_one_profile(
    workspace: WorkspaceBuilder, collection: Collection
) -> None:
    workspace.sample()
    workspace.article("en.txt", EN_ARTICLE)
    workspace.bank("en", EN_BANK)
    decks = build(workspace)
    for deck in decks:
        import_apkg(collection, deck.path)
    english = note_of(collection, "en", "exchange").cards()[0]
    assert shown(english.question()) == [
        "Beijing bets on AI labs · 2019-03-01",
        "The city council approved a new data exchange in March.",
        "True",
        "False",
    ]
    assert "Answer True" in shown(english.answer())
    assert "Source Beijing bets on AI labs, ¶3" in shown(english.answer())
    labs = note_of(collection, "en", "labs").cards()[0]
    assert shown(labs.question())[2:] == ["A 3", "B 7", "C 12", "D 41"]  # numbers ascend
    assert "Answer C 12" in shown(labs.answer())
    korean = note_of(collection, "sample", "rank-second").cards()[0]
    assert shown(korean.question())[2:] == ["O", "X"]
    assert "정답 O" in shown(korean.answer())
    assert note_of(collection, "en", "labs").mid == MODEL_IDS[("question", "en")]
    assert note_of(collection, "sample", "market-size").mid == MODEL_IDS[("question", "ko")]


def test_cli_output_path_is_a_file(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    result = workspace.run("anki", "--out", str(blocker / "decks"))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"quizdeck: cannot create {blocker / 'decks'}: Not a directory\n")


def test_a_broken_anki_template_is_named(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    broken = workspace.root / "templates" / "anki" / "question-front.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("{{#Prompt}}\n{{Prompt}}\n", encoding="utf-8")
    result = workspace.run("anki", "--out", str(workspace.root / "out"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: Anki template {broken} is broken: Unexpected EOF; "
        'the tag "Prompt" was never closed; was opened at line 1\n',
    )
    assert not (workspace.root / "out").exists()


def test_only_web_addresses_link() -> None:
    from quizdeck.resolve import Source

    for url in ("javascript:alert(1)", "data:text/html,x", "https://a.example/x y"):
        assert Source("제목", "ko", url=url).link is None
    assert Source("제목", "ko", url="https://a.example/x").link == "https://a.example/x"


@pytest.mark.parametrize("stamp", [2**63, 2**64 + 5, -1, 10**30])
def test_a_stamp_record_with_impossible_times_is_set_aside(
    workspace: WorkspaceBuilder, stamp: int
) -> None:
    workspace.sample()
    out = workspace.root / "build" / "anki"
    assert workspace.run("anki").exit_code == 0
    guid_key = json.dumps(note_guid("sample", "market-size"))
    (out / RECORD_NAME).write_text(
        f'{{"version": 1, "stamps": {{\n{guid_key}: ["0123456789abcdef", {stamp}]\n}}}}\n'
    )
    first = workspace.run("anki")
    assert (first.exit_code, first.stderr) == (0, "")
    second = workspace.run("anki")
    assert (second.exit_code, second.stderr) == (0, "")
    assert str(stamp) not in (out / RECORD_NAME).read_text()


def test_anki_out_refuses_a_directory_of_the_users(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    workspace.sample()
    out = tmp_path / "mine"
    out.mkdir()
    (out / "sample.apkg").write_bytes(b"my own deck of the same name")
    result = workspace.run("anki", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizdeck: --out {out} holds files quizdeck did not write (sample.apkg); "
        "quizdeck replaces only its own files, so choose an empty or new one\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["sample.apkg"]
    assert (out / "sample.apkg").read_bytes() == b"my own deck of the same name"
