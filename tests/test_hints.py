"""Hints that show the difference (issue 13): every message asserted whole."""

from __future__ import annotations

from conftest import WorkspaceBuilder
from english import check, english


def test_a_misquote_marks_the_word_that_differs(workspace: WorkspaceBuilder) -> None:
    english(workspace, ("first repair the flood", "first fix the flood"))
    assert check(workspace) == (
        "questions/harbour-wall.yaml:52:15: error[evidence-not-found] flood-defences: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (95%) at seeds/harbour-wall.txt:12:31: "
        "… town should first [-fix-]{+repair+} the flood defences …\n"
    )


def test_the_closest_passage_reaches_a_difference_at_the_end(workspace: WorkspaceBuilder) -> None:
    # Only the last word differs: the excerpt is wide enough to show it, not cut before.
    english(workspace, ("an average household's bill.", "an average family's bill."))
    assert check(workspace) == (
        "questions/harbour-wall.yaml:48:15: error[evidence-not-found] household-bill: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (88%) at seeds/harbour-wall.txt:20:36: "
        "… to an average [-family's-]{+household's+} bill.\n"
    )


def test_a_quote_that_skips_text_is_told_to_become_a_list(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        (
            'evidence: "Councillors approved the plan by seven votes to two"',
            'evidence: "Councillors approved the plan … after a debate that lasted more than three hours."',
        ),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:34:15: error[evidence-not-found] vote-unanimous: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (74%) at seeds/harbour-wall.txt:11:1: "
        "… approved the plan [-…-]{+by seven votes to two+} after a debate …\n"
        "    the quote skips text with '...': split it into a list of quotes: "
        'evidence: ["Councillors approved the plan", '
        '"after a debate that lasted more than three hours."]\n'
    )


def test_three_dots_are_an_ellipsis_too(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        (
            'evidence: "Councillors approved the plan by seven votes to two"',
            'evidence: "Councillors approved the plan...seven votes to two"',
        ),
    )
    hints = check(workspace).splitlines()[2:]
    assert hints == [
        "    the quote skips text with '...': split it into a list of quotes: "
        'evidence: ["Councillors approved the plan", "seven votes to two"]'
    ]


def test_an_answer_written_as_a_letter_names_the_choice(workspace: WorkspaceBuilder) -> None:
    english(workspace, ('answer: "2.4 million pounds"', 'answer: "B"'))
    assert check(workspace) == (
        "questions/harbour-wall.yaml:20:13: error[answer-not-in-choices] wall-cost: "
        "answer 'B' is not among the choices\n"
        "    choice B is '12 million pounds': write the choice's text\n"
    )


def test_an_answer_written_as_a_circled_mark_names_the_choice(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "sample",
        (workspace.root / "questions" / "sample.yaml")
        .read_text(encoding="utf-8")
        .replace('answer: "414억 위안"', 'answer: "①"'),
    )
    result = workspace.run("check", "--select", "answer-not-in-choices")
    assert result.stdout == (
        "questions/sample.yaml:16:13: error[answer-not-in-choices] market-size: "
        "answer '①' is not among the choices\n"
        "    choice ① is '414억 위안': write the choice's text\n"
    )


def test_a_tab_says_to_use_spaces_and_the_rest_is_checked(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        ('    prompt: "Where will the money', '\tprompt: "Where will the money'),
        ("first repair the flood", "first fix the flood"),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:25:1: error[yaml-syntax] a tab where YAML expects spaces\n"
        "    YAML does not allow tabs for indentation: use spaces\n"
        "questions/harbour-wall.yaml:52:15: error[evidence-not-found] flood-defences: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (95%) at seeds/harbour-wall.txt:12:31: "
        "… town should first [-fix-]{+repair+} the flood defences …\n"
    )


def test_an_unquoted_colon_says_to_quote_the_text(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        (
            '    prompt: "Who is the harbour master?"',
            "    prompt: According to the article: who is the harbour master?",
        ),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:38:37: error[yaml-syntax] prompt: the text holds a colon "
        "followed by a space, which YAML reads as a new key\n"
        '    quote the text: prompt: "According to the article: who is the harbour master?"\n'
    )
    # The questions after the broken one are still read and checked: five of six.
    assert workspace.run("check").stderr == ("1 bank(s), 5 question(s): 1 error(s), 0 warning(s)\n")


def test_an_error_outside_the_questions_says_later_errors_may_be_hidden(
    workspace: WorkspaceBuilder,
) -> None:
    english(
        workspace,
        ("  source: harbour-wall.txt", "\tsource: harbour-wall.txt"),
        ("first repair the flood", "first fix the flood"),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:5:1: error[yaml-syntax] a tab where YAML expects spaces\n"
        "    YAML does not allow tabs for indentation: use spaces\n"
        "    later errors in this file may be hidden: fix this one and check again\n"
    )


def test_a_schema_error_hides_none_of_the_question_s_other_errors(
    workspace: WorkspaceBuilder,
) -> None:
    english(
        workspace,
        ('    blanks: ["flood defences"]', '    blanks: ["flood defences"]\n    difficulty: tough'),
        ("first repair the flood", "first fix the flood"),
        ('answer: "2.4 million pounds"', 'answer: "2.4 million"'),
        ("    type: choice\n", "    type: choice\n    difficulty: 3\n"),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:18:17: error[schema] questions[0] (wall-cost).difficulty: "
        "unknown difficulty '3'\n"
        "    one of: easy, medium, hard\n"
        "questions/harbour-wall.yaml:21:13: error[answer-not-in-choices] wall-cost: "
        "answer '2.4 million' is not among the choices\n"
        "    did you mean '2.4 million pounds'?\n"
        "questions/harbour-wall.yaml:53:15: error[evidence-not-found] flood-defences: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (95%) at seeds/harbour-wall.txt:12:31: "
        "… town should first [-fix-]{+repair+} the flood defences …\n"
        "questions/harbour-wall.yaml:55:17: error[schema] questions[5] (flood-defences).difficulty: "
        "unknown difficulty 'tough'\n"
        "    one of: easy, medium, hard\n"
    )


def test_punctuation_next_to_a_word_is_no_difference(workspace: WorkspaceBuilder) -> None:
    english(
        workspace,
        (
            "said the town should first repair the flood defences along the river.",
            "said, the town should first fix the flood defences along the river",
        ),
    )
    assert check(workspace) == (
        "questions/harbour-wall.yaml:52:15: error[evidence-not-found] flood-defences: "
        "quote not found in seeds/harbour-wall.txt\n"
        "    closest (95%) at seeds/harbour-wall.txt:12:31: "
        "… town should first [-fix-]{+repair+} the flood defences …\n"
    )
