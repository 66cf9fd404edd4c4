"""`init` and `new`: from nothing to a workspace, from an article to a bank that checks."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import SAMPLE_ARTICLE, WorkspaceBuilder
from english import ARTICLE
from quizdeck.banks.loader import load_bank
from quizdeck.cli.app import app

NEXT_STEPS = """\
Next steps:
  quizdeck check --strict           # the example bank passes
  cp ~/article.txt seeds/           # your article, as UTF-8 text
  quizdeck new article.txt          # writes questions/article.yaml
  quizdeck passages article.txt     # the paragraphs you quote
  quizdeck check --watch            # re-checks on every save
  quizdeck build                    # Anki decks and printable quizzes in build/
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_init_makes_a_workspace_whose_example_passes_strict_check(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"quizdeck workspace in {root}\n"
        "  wrote .gitignore\n"
        "  wrote seeds/harbour-wall.txt\n"
        "  wrote questions/harbour-wall.yaml\n"
        + NEXT_STEPS.replace("Next steps:\n", f"Next steps:\n  cd {root}\n")
    )
    assert (root / ".gitignore").read_text() == "build/\n"
    assert not (root / "templates").exists()
    checked = run("check", "--strict", "--root", str(root))
    assert (checked.exit_code, checked.stdout) == (0, "")
    assert checked.stderr == "1 bank(s), 6 question(s): 0 error(s), 0 warning(s)\n"


def test_init_copies_the_templates_when_asked(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "mine"), "--templates")
    assert result.exit_code == 0, result.output
    assert "  wrote templates\n" in result.stdout
    assert (tmp_path / "mine" / "templates" / "html" / "key.html").is_file()
    assert (tmp_path / "mine" / "templates" / "anki" / "cards.css").is_file()


def test_init_refuses_a_directory_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"quizdeck: {tmp_path} is not empty and not a workspace (no seeds/ or questions/): "
        "choose a new or empty directory\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_in_a_workspace_adds_only_what_is_missing(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = CliRunner().invoke(app, ["init", str(workspace.root)])
    assert result.exit_code == 0, result.output
    # Banks exist: no example is added; nothing is overwritten.
    assert result.stdout.splitlines()[:2] == [
        f"quizdeck workspace in {workspace.root}",
        "  wrote .gitignore",
    ]
    assert sorted(p.name for p in (workspace.root / "questions").iterdir()) == ["sample.yaml"]
    again = CliRunner().invoke(app, ["init", str(workspace.root)])
    assert again.stdout.splitlines()[1] == "  kept  .gitignore (already there)"


def test_new_guesses_title_and_body_and_writes_a_bank_that_checks(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.article("harbour.txt", ARTICLE)
    result = workspace.run("new", "harbour.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote questions/harbour.yaml (en, 6 paragraphs)\n"
        "guessed from the article; compare, and edit the bank if they are wrong:\n"
        "  title       (line 3): Town council votes to rebuild the old harbour wall\n"
        "  body start  (line 7): The town council voted on Tuesday\n"
        "  body end    (line 28): April at the town hall.\n"
        "next: quizdeck passages harbour.txt; quizdeck check --watch\n"
    )
    path = workspace.root / "questions" / "harbour.yaml"
    text = path.read_text(encoding="utf-8")
    bank, diagnostics = load_bank(text.encode(), "questions/harbour.yaml", "harbour")
    assert diagnostics == [] and bank is not None
    assert bank.article.title == "Town council votes to rebuild the old harbour wall"
    assert bank.article.language == "en"
    assert [q.id for q in bank.questions] == ["first-sentence"]
    # The paragraphs as comments (a hard-wrapped block is one paragraph), and an example
    # of every type, commented out.
    assert "# ¶1 (line 7) The town council voted on Tuesday to rebuild" in text
    assert "# ¶6 (line 27) The council will hold a public meeting" in text
    for kind in ("choice", "multi", "truefalse", "short", "numeric", "cloze"):
        assert f"  # - id: example-{kind}\n  #   type: {kind}\n" in text
    checked = workspace.run("check", "--strict")
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_new_on_a_korean_article_with_page_chrome(workspace: WorkspaceBuilder) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    result = workspace.run("new", "sample.txt", "--id", "market")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:5] == [
        "wrote questions/market.yaml (ko, 5 paragraphs)",
        "guessed from the article; compare, and edit the bank if they are wrong:",
        "  title       (line 2): 중국 AI 시장 급성장",
        "  body start  (line 5): 중국이 세계 인공지능(AI) R&D 허브로 거듭나고",
        "  body end    (line 13): 개발 지원도 디딤돌이 되고 있다.",
    ]
    assert "  # 유형마다 예시 하나" in (workspace.root / "questions" / "market.yaml").read_text()
    assert workspace.run("check", "--strict").exit_code == 0


def test_new_refuses_to_overwrite_and_names_missing_articles(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    before = (workspace.root / "questions" / "sample.yaml").read_bytes()
    result = workspace.run("new", "sample.txt")
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: questions/sample.yaml already exists: not overwritten "
        "(give another id with --id)\n",
    )
    assert (workspace.root / "questions" / "sample.yaml").read_bytes() == before
    missing = workspace.run("new", "article.txt")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "quizdeck: no article 'article.txt' directly under seeds/ (articles: sample.txt); "
        "copy the article (UTF-8 text) there first\n",
    )


def test_new_language_option_overrides_the_guess(workspace: WorkspaceBuilder) -> None:
    workspace.article("harbour.txt", ARTICLE)
    result = workspace.run("new", "harbour.txt", "--language", "ko", "--id", "harbour-ko")
    assert result.stdout.splitlines()[0] == "wrote questions/harbour-ko.yaml (ko, 6 paragraphs)"
    assert "  language: ko\n" in (workspace.root / "questions" / "harbour-ko.yaml").read_text()


def test_version_and_help_without_type_hints_on_flags() -> None:
    version = run("--version")
    assert (version.exit_code, version.stdout) == (0, "quizdeck 0.1.0\n")
    for command in ([], ["check"], ["html"], ["build"], ["init"], ["new"]):
        shown = run(*command, "--help").stdout
        assert "<bool>" not in shown and "list[str]" not in shown, command
    check_help = run("check", "--help").stdout
    assert "check [OPTIONS] [BANK]..." in check_help
    assert "│ --strict  " in check_help and "│ --watch  " in check_help


def test_build_order_bank_keeps_form_a_in_bank_order(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("build", "--order", "bank")
    assert result.exit_code == 0, result.output
    page = (workspace.root / "build" / "html" / "sample-A.html").read_text(encoding="utf-8")
    shown = [page.index(f'data-question="{qid}"') for qid in (
        "market-size", "source-and-field", "rank-second", "rnd-hub", "company-count",
        "government-support",
    )]  # fmt: skip
    assert shown == sorted(shown)
    shuffled = workspace.run("build").exit_code
    page = (workspace.root / "build" / "html" / "sample-A.html").read_text(encoding="utf-8")
    assert shuffled == 0
    assert [
        page.index(f'data-question="{q}"') for q in ("market-size", "source-and-field")
    ] != sorted(
        page.index(f'data-question="{q}"') for q in ("market-size", "source-and-field")
    ) or page.index('data-question="government-support"') < page.index('data-question="rnd-hub"')
    bad = workspace.run("build", "--order", "random")
    assert bad.exit_code == 2


def test_title_guess_skips_mastheads_menus_and_bylines() -> None:
    from quizdeck.sources.webpage import guess_title

    lines = [
        "GREENFIELD COURIER        Weather: 14C        Tuesday",
        "Riverside Weekly -- News -- Opinion -- Events",
        "Home | Local | Sport",
        "School garden feeds the canteen for the first time",
        "By Priya Nair",
    ]
    spans = [(i * 100, i * 100 + len(text), text) for i, text in enumerate(lines)]
    assert guess_title(spans) == spans[3]


def test_the_example_leaves_every_command_once_the_teacher_has_a_bank(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    assert run("init", str(root)).exit_code == 0
    bank = (root / "questions" / "harbour-wall.yaml").read_text(encoding="utf-8")
    assert bank.startswith(
        "# quizdeck example: check, build, quiz and stats leave this bank out once questions/\n"
        "# holds a bank of your own. To remove it: rm questions/harbour-wall.yaml "
        "seeds/harbour-wall.txt\n"
        "# To keep it beside your banks, delete these three lines.\n"
    )
    store = str(tmp_path / "progress.db")
    quizzed = CliRunner().invoke(
        app, ["quiz", "--root", str(root), "--store", store, "--count", "1"], input="A\n"
    )
    assert "harbour-wall/" in quizzed.stdout and "Score: " in quizzed.stdout, quizzed.output
    (root / "seeds" / "library.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("new", "library.txt", "--root", str(root)).exit_code == 0
    checked = run("check", "--strict", "--root", str(root))
    assert checked.stderr == "1 bank(s), 1 question(s): 0 error(s), 0 warning(s)\n"
    built = run("build", "--root", str(root), "--out", str(root / "build"))
    assert built.exit_code == 0, built.output
    assert built.stdout.splitlines()[0] == "  library                      1 questions"
    assert sorted(p.name for p in (root / "build" / "anki").glob("*.apkg")) == ["library.apkg"]
    stats = run("stats", "--root", str(root), "--store", store)
    assert [line.split()[0] for line in stats.stdout.splitlines()] == ["bank", "library"]
    shown = run("passages", "harbour-wall.txt", "--root", str(root)).stdout
    assert shown.startswith("seeds/harbour-wall.txt: body as questions/harbour-wall.yaml gives it")
    # Named, it is still checked; with its first line deleted, it is a bank like any other.
    named = run("check", "harbour-wall", "--root", str(root))
    assert named.stderr == "1 bank(s), 6 question(s): 0 error(s), 0 warning(s)\n"
    (root / "questions" / "harbour-wall.yaml").write_text(bank.split("\n", 1)[1], encoding="utf-8")
    again = run("check", "--root", str(root))
    assert again.stderr == "2 bank(s), 7 question(s): 0 error(s), 0 warning(s)\n"
