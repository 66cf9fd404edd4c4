"""`init` and `new`: a workspace to start from, and a bank to start an article with."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from quizdeck.banks.loader import load_bank_file
from quizdeck.banks.model import QUESTION_TYPES, bank_id_from, id_fault
from quizdeck.banks.passages import PassageError, read_article
from quizdeck.banks.yaml_errors import quoted
from quizdeck.outputs.publish import publish_files
from quizdeck.sources.articles import Article, Paragraph
from quizdeck.sources.korean import split_particle
from quizdeck.sources.labels import LANGUAGES
from quizdeck.sources.textnorm import normalize
from quizdeck.sources.webpage import REFERENCE_MARK, guess_page
from quizdeck.workspace import (
    BANK_SUFFIXES,
    EXAMPLE_MARK,
    UsageError,
    Workspace,
    default_template_dirs,
)

EXAMPLE = "harbour-wall"
GITIGNORE = "build/\n"
# Above the example bank in a new workspace: what happens to it, and how to remove it.
EXAMPLE_HEAD = (
    f"{EXAMPLE_MARK} check, build, quiz and stats leave this bank out once questions/\n"
    "# holds a bank of your own. To remove it: rm questions/harbour-wall.yaml "
    "seeds/harbour-wall.txt\n"
    "# To keep it beside your banks, delete these three lines.\n"
).encode()
COMMENT_WIDTH = 96


@dataclass(frozen=True)
class InitResult:
    """What `init` wrote, and what it found already there and left alone."""

    root: Path
    written: tuple[Path, ...]
    kept: tuple[Path, ...]


@dataclass(frozen=True)
class NewBank:
    """What `new` wrote and guessed, for the author to check."""

    path: Path
    bank_id: str
    language: str
    title: str
    title_line: int
    body_start: str
    body_start_line: int
    body_end: str
    body_end_line: int
    paragraphs: int
    left_out: int = 0
    id_note: str | None = None


def init_workspace(root: Path, templates: bool = False) -> InitResult:
    """Make `root` a workspace with an example article and bank; raises UsageError.

    A non-empty directory is refused unless it is already a workspace (it has seeds/ or
    questions/); then only what is missing is added, and nothing is overwritten.
    """
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a directory")
    workspace = Workspace(root)
    existing = root.is_dir() and any(root.iterdir())
    if existing and not (workspace.seeds.is_dir() or workspace.questions.is_dir()):
        raise UsageError(
            f"{root} is not empty and not a workspace (no seeds/ or questions/): "
            "choose a new or empty directory"
        )
    has_banks = workspace.questions.is_dir() and any(
        p.suffix in BANK_SUFFIXES for p in workspace.questions.iterdir()
    )
    example = resources.files("quizdeck") / "example"
    files: list[tuple[Path, bytes]] = [(root / ".gitignore", GITIGNORE.encode())]
    if not has_banks:
        files += [
            (workspace.seeds / f"{EXAMPLE}.txt", (example / f"{EXAMPLE}.txt").read_bytes()),
            (
                workspace.questions / f"{EXAMPLE}.yaml",
                EXAMPLE_HEAD + (example / f"{EXAMPLE}.yaml").read_bytes(),
            ),
        ]
    kept = [path for path, _ in files if path.exists()]
    written = [path for path, _ in files if not path.exists()]
    for directory in (root, workspace.seeds, workspace.questions):
        publish_files(
            directory,
            {
                path.name: data
                for path, data in files
                if path in written and path.parent == directory
            },
            own=False,
        )
    if templates:
        target = root / "templates"
        if target.exists():
            kept.append(target)
        else:
            _copy_templates(default_template_dirs()[0], target)
            written.append(target)
    return InitResult(root, tuple(written), tuple(kept))


def _copy_templates(source: Path, target: Path) -> None:
    """The shipped templates, folder by folder, for a workspace to edit."""
    folders = sorted({path.parent for path in source.rglob("*") if path.is_file()})
    for folder in folders:
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        publish_files(target / folder.relative_to(source), files, own=False)


def new_bank(
    workspace: Workspace, source: str, bank_id: str | None = None, language: str | None = None
) -> NewBank:
    """Write questions/<id>.yaml for an article in seeds/; raises UsageError.

    The title and the body's opening and closing words are guessed (and returned, to be
    shown); the body's paragraphs are listed as comments, with one commented example
    question of each type and one live question, so the bank loads and checks at once.
    """
    path = workspace.seeds / Path(source).name
    if not path.is_file():
        names = (
            sorted(p.name for p in workspace.seeds.iterdir()) if workspace.seeds.is_dir() else []
        )
        known = ", ".join(names) or "none"
        raise UsageError(
            f"no article '{source}' directly under {workspace.shown(workspace.seeds)}/ "
            f"(articles: {known}); copy the article (UTF-8 text) there first"
        )
    try:
        workspace.refuse_escape(workspace.seeds)
        workspace.refuse_escape(path)
        article = read_article(workspace, path)
    except PassageError as problem:
        raise UsageError(str(problem)) from None
    if not article.text.strip():
        raise UsageError(f"{article.path} is empty: put the article's text in it first")
    id_note = None
    if bank_id is None:
        bank_id, id_note = _id_for(workspace, path.name)
    if fault := id_fault(bank_id):
        raise UsageError(f"bad bank id {bank_id!r}: {fault} (--id)")
    if language is not None and language not in LANGUAGES:
        raise UsageError(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    for existing in (workspace.questions / f"{bank_id}{s}" for s in BANK_SUFFIXES):
        if existing.exists():
            raise UsageError(
                f"{workspace.shown(existing)} already exists: not overwritten "
                "(give another id with --id)"
            )
    guess = guess_page(article)
    title = guess.title
    body = article.body(guess.start_words, guess.end_words)
    assert body is not None
    body, _missing = body.excluding(list(guess.exclude))
    language = language or guess_language(article.text)
    target = workspace.questions / f"{bank_id}.yaml"
    text = _bank_text(
        bank_id,
        path.name,
        title,
        language,
        (guess.start_words, guess.end_words, guess.exclude),
        article,
        body.paragraphs,
    )
    publish_files(target.parent, {target.name: text.encode("utf-8")}, own=False)
    return NewBank(
        path=target,
        bank_id=bank_id,
        language=language,
        title=title[2] if title else path.stem,
        title_line=article.location(title[0]).line if title else 0,
        body_start=guess.start_words,
        body_start_line=article.location(guess.start_offset).line,
        body_end=guess.end_words,
        body_end_line=article.location(guess.end_offset - 1).line,
        paragraphs=len(body.paragraphs),
        left_out=len(guess.exclude),
        id_note=id_note,
    )


def _id_for(workspace: Workspace, name: str) -> tuple[str, str | None]:
    """The bank id from the file name, or, when it gives none (`측우기.txt`), the first free
    `article`, `article-2`, …, with a note saying so and how to choose one."""
    stem = Path(name).stem
    if re.search(r"[a-z0-9]", stem.lower()):
        return bank_id_from(stem), None
    taken = {p.stem for p in workspace.questions.glob("*") if p.suffix in BANK_SUFFIXES}
    for existing in sorted(workspace.questions.glob("article*.yaml")):
        bank, _ = load_bank_file(existing, workspace.shown(existing))
        if bank is not None and Path(bank.article.source).name == name:
            raise UsageError(
                f"{workspace.shown(existing)} is already a bank for {name}: not overwritten "
                "(give another id with --id)"
            )
    chosen = next(
        i
        for i in (f"article-{n}" if n > 1 else "article" for n in range(1, 10_000))
        if i not in taken
    )
    note = (
        f"the file name {name} gives no bank id (ids are lowercase letters, digits and "
        f"hyphens), so the bank is '{chosen}'; to choose one: rm questions/{chosen}.yaml "
        f"&& quizdeck new {name} --id ID"
    )
    return chosen, note


def guess_language(text: str) -> str:
    """ko when a good share of the letters are Hangul, else en."""
    letters = [c for c in text if c.isalpha()]
    hangul = sum("\uac00" <= c <= "\ud7a3" for c in letters)
    return "ko" if letters and hangul / len(letters) > 0.2 else "en"


def _comment(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        COMMENT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _blank_for(sentence: str) -> str:
    """The longest plain word of the sentence, said once, its Korean particle left out."""
    words = [w.strip(".,;:!?\"'“”‘’") for w in sentence.split()]
    plain = [w for w in words if re.fullmatch(r"[^\W_]+", w) and words.count(w) == 1]
    stems = [split_particle(w)[0] for w in plain] or [sentence]
    return max(stems, key=len)


def _sentences(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    """The body's sentences, each without the reference marks after it ("…이다.[1]")."""
    found: list[str] = []
    marks = rf"(?:{REFERENCE_MARK.pattern})*"
    for paragraph in paragraphs:
        for sentence in re.split(rf"(?<=[.!?]){marks}\s+", normalize(paragraph.text)):
            sentence = re.sub(rf"{marks}$", "", sentence)
            if len(sentence) >= 20:
                found.append(sentence)
    unmarked = [s for s in found if not REFERENCE_MARK.search(s)]
    return unmarked or found or [normalize(p.text) for p in paragraphs] or ["…"]


EXAMPLE_CHOICES = {
    "en": (["right answer", "wrong 1", "wrong 2", "wrong 3"], ["one", "two", "three", "four"]),
    "ko": (["정답", "오답 1", "오답 2", "오답 3"], ["하나", "둘", "셋", "넷"]),
}
EXAMPLES = {
    "en": {
        "choice": "What does the article say about …?",
        "multi": "Which of these does the article name? Choose all that apply.",
        "truefalse": "A statement the evidence shows true or false.",
        "short": "Who …?",
        "numeric": "How many …?",
        "explanation": "Why the answer is right, in one sentence.",
        "first": "the first question: a blank in the article's first sentence; replace it",
        "more": "one example of each type: uncomment one, quote the article and write the question",
    },
    "ko": {
        "choice": "기사에 따르면 …은 무엇인가?",
        "multi": "기사에 나온 것을 모두 고르시오.",
        "truefalse": "근거로 참인지 거짓인지 가릴 수 있는 진술.",
        "short": "누가 …했는가?",
        "numeric": "몇 개인가?",
        "explanation": "정답인 이유를 한 문장으로.",
        "first": "첫 문제: 기사 첫 문장의 빈칸 문제입니다. 바꿔 쓰세요",
        "more": "유형마다 예시 하나: 주석을 풀고 기사를 그대로 인용해 문제를 쓰세요",
    },
}


def _bank_text(
    bank_id: str,
    source: str,
    title: tuple[int, int, str] | None,
    language: str,
    span: tuple[str, str, tuple[str, ...]],
    article: Article,
    paragraphs: tuple[Paragraph, ...],
) -> str:
    words = EXAMPLES[language]
    start_words, end_words, exclude = span
    title_text = title[2] if title else Path(source).stem
    lines = [
        f"# A bank for seeds/{source}, started by `quizdeck new`. The title and the body's",
        "# opening and closing words are guesses: compare them with the article, then run",
        "# `quizdeck check --watch` while you write questions.",
        f"id: {bank_id}",
        "article:",
        f"  source: {quoted(source)}",
        f"  title: {quoted(title_text)}"
        + (
            f"   # guessed from line {article.location(title[0]).line}"
            if title
            else "   # write the title"
        ),
        f"  language: {language}",
        "  # published: 2024-03-14           # optional, ISO date, only what the text shows",
        "  body:                              # guessed: the article proper, without page chrome",
        f"    start: {quoted(start_words)}",
        f"    end: {quoted(end_words)}",
        *(
            ["    exclude:                         # guessed: headings, contents, captions"]
            + [f"      - {quoted(line)}" for line in exclude]
            if exclude
            else []
        ),
        "",
        f"# The body's paragraphs ({len(paragraphs)}), as `quizdeck passages {source}` shows them;",
        "# quote them verbatim (a quote may span lines; spacing is forgiven, nothing else).",
    ]
    for paragraph in paragraphs:
        line = article.location(paragraph.start).line
        lines += _comment(
            normalize(paragraph.text), f"# ¶{paragraph.number} (line {line}) ", "#     "
        )
    sentences = _sentences(paragraphs)
    first = sentences[0]
    blank = _blank_for(first)
    lines += [
        "",
        "questions:",
        f"  # {words['first']}",
        "  - id: first-sentence",
        "    type: cloze",
        f"    evidence: {quoted(first)}",
        f"    blanks: [{quoted(blank)}]",
        f"    explanation: {quoted(words['explanation'])}",
        "",
        *_comment(f"{words['more']} ({', '.join(QUESTION_TYPES)}).", "  # ", "  # "),
    ]
    choice_prompt, multi_prompt = words["choice"], words["multi"]
    choices, multi = EXAMPLE_CHOICES[language]

    def quote(n: int) -> str:
        return quoted(sentences[n % len(sentences)])

    examples = [
        [
            "- id: example-choice",
            "type: choice",
            f"prompt: {quoted(choice_prompt)}",
            f"choices: [{', '.join(map(quoted, choices))}]",
            f"answer: {quoted(choices[0])}",
            f"evidence: {quote(1)}",
        ],
        [
            "- id: example-multi",
            "type: multi",
            f"prompt: {quoted(multi_prompt)}",
            f"choices: [{', '.join(map(quoted, multi))}]",
            f"answer: [{quoted(multi[0])}, {quoted(multi[1])}]",
            f"evidence: [{quote(2)}, {quote(3)}]   # a list of quotes",
        ],
        [
            "- id: example-truefalse",
            "type: truefalse",
            f"prompt: {quoted(words['truefalse'])}",
            "answer: true",
            f"evidence: {quote(4)}",
        ],
        [
            "- id: example-short",
            "type: short",
            f"prompt: {quoted(words['short'])}",
            '''answer: "…"''',
            """accept: ["…"]               # other accepted answers""",
            f"evidence: {quote(5)}",
        ],
        [
            "- id: example-numeric",
            "type: numeric",
            f"prompt: {quoted(words['numeric'])}",
            "answer: 12",
            """unit: "…"                    # optional""",
            f"evidence: {quote(6)}",
        ],
        [
            "- id: example-cloze",
            "type: cloze",
            f"evidence: {quote(7)}",
            """blanks: ["…"]                # spans of the evidence to hide""",
        ],
    ]
    for example in examples:
        lines.append(f"  # {example[0]}")
        lines += [f"  #   {field}" for field in example[1:]]
        lines.append(f"  #   explanation: {quoted(words['explanation'])}")
    return "\n".join(lines) + "\n"
