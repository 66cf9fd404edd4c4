"""What every output says in each bank language: one table for Anki, HTML and the self-test."""

from __future__ import annotations

from collections.abc import Mapping

# The languages a bank may be written in, and the one it is when it does not say.
LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"

# Choices are marked ①②③④ in Korean and A B C D in English, in every output.
CHOICE_MARKS: Mapping[str, str] = {"ko": "①②③④⑤⑥⑦⑧", "en": "ABCDEFGH"}
# The most choices a question may have: one mark each, in every language.
MAX_CHOICES = min(len(marks) for marks in CHOICE_MARKS.values())
# What a learner types for "yes" (asked to retry, or for a true statement).
YES_WORDS = frozenset({"y", "yes", "예", "네", "응", "ㅇ"})

# Words by which a multi question's prompt already asks for every answer (folded, either
# language): the printed badge ("select_all") would only say it twice.
SELECT_ALL_WORDS = (
    "모두 고르",
    "모두 골라",
    "모두 선택",
    "있는 대로 고르",
    "all that apply",
    "all that are",
    "select all",
    "choose all",
    "circle all",
    "tick all",
    "mark all",
    "pick all",
)

LABELS: Mapping[str, Mapping[str, str]] = {
    "ko": {
        "lang": "ko",
        # the answer and what comes with it, everywhere
        "answer": "정답",
        # grading (results.html)
        "results": "채점 결과",
        "question": "문항",
        "given": "제출한 답",
        "blank": "(무응답)",
        "mark": "점수",
        "accepted": "인정 답안",
        "explanation": "해설",
        "evidence": "근거",
        "source": "출처",
        "byline": "글: {name}",
        "published": "발행일",
        "tolerance": "허용 오차",
        "true": "O",
        "false": "X",
        "cloze_prompt": "빈칸에 들어갈 말을 쓰시오.",
        "select_all": "모두 고르시오",
        "type_answer": "답을 입력하세요",
        # the printed quiz
        "name": "이름",
        "class": "반",
        "number": "번호",
        "score": "점수",
        "form": "{letter}형",
        "key": "정답 및 해설",
        "answer_grid": "빠른 채점",
        "questions": "문항 수",
        "passage": "제시문",
        "answer_line": "답",
        "index": "문제지와 정답",
        "quiz": "제목",
        "sheet_links": "문제지",
        "key_links": "정답",
        "answer_sheet": "답안지",
        "student_number": "학번",
        "page_of": "{page}/{pages}쪽",
        "all_short": "모두 고르기",
        "sheet_intro": "검은색 펜으로 칸 안을 꽉 채우시오. 고칠 때는 지우개로 깨끗이 지우시오.",
        "sheet_number": "학번을 숫자로 쓰고 그 아래 숫자 칸을 채우시오.",
        "sheet_written": "쓰는 문항은 칸에 답을 쓰시오. ✓/✗ 칸은 채점자가 표시합니다.",
        "all_questions": "전체 문제",
        "intro": "각 문항을 읽고 알맞은 답을 고르거나 쓰시오.",
        "intro_passage": "제시문의 문단 번호(¶)는 정답 및 해설의 근거 표시와 같습니다.",
        "intro_choice": "객관식 문항은 알맞은 번호 하나에 ○표 하시오.",
        "intro_multi": "'모두 고르시오' 문항은 해당하는 번호를 모두 고르시오.",
        "intro_truefalse": "O/X 문항은 내용이 맞으면 O, 틀리면 X에 ○표 하시오.",
        "intro_cloze": "빈칸 문항은 (1), (2) … 빈칸에 들어갈 말을 쓰시오.",
        # the self-test
        "type_choice": "객관식",
        "type_multi": "복수 선택",
        "type_truefalse": "O/X",
        "type_short": "단답형",
        "type_numeric": "수치",
        "type_cloze": "빈칸 채우기",
        "ask_choice": "번호> ",
        "ask_multi": "번호 여러 개 (예: 1,3)> ",
        "ask_truefalse": "O/X> ",
        "ask_numeric": "숫자> ",
        "ask_short": "답> ",
        "unit": "단위: {unit}",
        "invalid_choice": "1부터 {n}까지의 번호 하나로 답하세요.",
        "invalid_multi": "1부터 {n}까지의 번호를 쉼표나 빈칸으로 나눠 쓰세요 (예: 1,3).",
        "invalid_truefalse": "O 또는 X로 답하세요 (o/x, 참/거짓, t/f, y/n).",
        "invalid_numeric": "숫자로 읽을 수 없습니다. 1011, 1천11, 약 5000처럼 숫자로 답하세요.",
        "invalid_unreadable": "입력을 읽을 수 없습니다 (UTF-8이 아닌 글자). 다시 입력하세요.",
        "invalid_ambiguous": "{typed}은(는) {position}번 보기({position_text})의 번호이자 {value}번 보기의 값입니다. ①–⑧ 표시로 답하세요.",
        "right": "✓ 정답",
        "wrong": "✗ 오답",
        "skipped": "– 건너뜀 (오답으로 셉니다)",
        "near": "△ 거의 맞았습니다 (한 글자 차이) — 오답으로 셉니다",
        "session_score": "결과: {asked}문제 중 {correct}문제 정답 ({percent}%) · 걸린 시간 {time}",
        "missed": "틀린 문제:",
        "near_missed": "거의 맞은 문제 (오답으로 셉니다):",
        "interrupted": "중단했습니다. 답한 {n}문제는 저장했습니다.",
        "stopped": "중단했습니다. 답한 문제가 없습니다.",
        "retry": "틀린 {n}문제를 다시 풀까요? [y/N]> ",
        "nothing": "물어볼 문제가 없습니다.",
        "minutes": "{m}분 {s}초",
        "seconds": "{s}초",
    },
    "en": {
        "lang": "en",
        "answer": "Answer",
        # grading (results.html)
        "results": "Results",
        "question": "Question",
        "given": "Answer given",
        "blank": "(blank)",
        "mark": "Mark",
        "accepted": "Also accepted",
        "explanation": "Explanation",
        "evidence": "Evidence",
        "source": "Source",
        "byline": "By {name}",
        "published": "Published",
        "tolerance": "tolerance",
        "true": "True",
        "false": "False",
        "cloze_prompt": "Fill in the blanks.",
        "select_all": "Select all that apply",
        "type_answer": "Type the answer",
        "name": "Name",
        "class": "Class",
        "number": "No.",
        "score": "Score",
        "form": "Form {letter}",
        "key": "Answer key",
        "answer_grid": "Answers at a glance",
        "questions": "Questions",
        "passage": "Reading passage",
        "answer_line": "Answer",
        "index": "Quizzes and answer keys",
        "quiz": "Title",
        "sheet_links": "Quiz",
        "key_links": "Answer key",
        "answer_sheet": "Answer sheet",
        "student_number": "Student number",
        "page_of": "page {page} of {pages}",
        "all_short": "all that apply",
        "sheet_intro": "Fill each bubble completely with a dark pen; erase changes cleanly.",
        "sheet_number": "Write your student number, then fill one digit in each column.",
        "sheet_written": "Write typed answers in the box; the ✓/✗ boxes are for the teacher.",
        "all_questions": "All questions",
        "intro": "Read each question and choose or write the answer.",
        "intro_passage": "Paragraph numbers (¶) match the citations in the answer key.",
        "intro_choice": "Multiple choice: circle the one best answer.",
        "intro_multi": "'Select all that apply': circle every correct answer.",
        "intro_truefalse": "True/false: circle True or False.",
        "intro_cloze": "Fill in the blanks: write what belongs in blanks (1), (2) ….",
        "type_choice": "multiple choice",
        "type_multi": "select all",
        "type_truefalse": "true/false",
        "type_short": "short answer",
        "type_numeric": "number",
        "type_cloze": "fill in the blanks",
        "ask_choice": "letter or number> ",
        "ask_multi": "letters or numbers (e.g. A,C)> ",
        "ask_truefalse": "true/false> ",
        "ask_numeric": "number> ",
        "ask_short": "answer> ",
        "unit": "unit: {unit}",
        "invalid_choice": "Answer with one of {marks}.",
        "invalid_multi": "Answer with {marks}, separated by commas or spaces (e.g. A,C).",
        "invalid_truefalse": "Answer true or false (t/f, o/x, y/n).",
        "invalid_numeric": "Not a number: answer with a number such as 1011, 3.5 million or twenty-five.",
        "invalid_unreadable": "That input could not be read (not UTF-8 text): type it again.",
        "invalid_ambiguous": "{typed} is both the number of choice {position} ({position_text}) and the value of choice {value}: answer with its letter.",
        "right": "✓ right",
        "wrong": "✗ wrong",
        "skipped": "– skipped (counts as wrong)",
        "near": "△ near miss (one character off) — counts as wrong",
        "session_score": "Score: {correct}/{asked} right ({percent}%) · time {time}",
        "missed": "Missed:",
        "near_missed": "Near misses (counted as wrong):",
        "interrupted": "Stopped. The {n} answer(s) given were saved.",
        "stopped": "Stopped before the first answer.",
        "retry": "Retry the {n} missed question(s)? [y/N]> ",
        "nothing": "Nothing to ask.",
        "minutes": "{m} min {s} s",
        "seconds": "{s} s",
    },
}


def says_select_all(prompt: str) -> bool:
    """True when a prompt asks for every right answer in its own words ("모두 고르시오")."""
    folded = " ".join(prompt.casefold().split())
    return any(words in folded for words in SELECT_ALL_WORDS)


def labels_for(language: str) -> Mapping[str, str]:
    """The labels of a bank language (English for any other)."""
    return LABELS.get(language, LABELS["en"])


def choice_mark(language: str, position: int) -> str:
    """The mark of the choice shown at 0-based `position`: ③ or C."""
    return CHOICE_MARKS.get(language, CHOICE_MARKS["en"])[position]


def mark_position(mark: str) -> int | None:
    """The 0-based position a single choice mark names, in either language: ③ or C (any case)."""
    folded = mark.casefold()
    if len(folded) != 1:
        return None
    for marks in CHOICE_MARKS.values():
        position = marks.casefold().find(folded)
        if position >= 0:
            return position
    return None


def truth_label(language: str, value: bool) -> str:
    """How true and false are written: O/X in Korean, True/False in English."""
    return labels_for(language)["true" if value else "false"]


def common_language(languages: list[str]) -> str:
    """The language of a mix of banks: Korean when all are Korean, English otherwise."""
    return "ko" if languages and all(lang == "ko" for lang in languages) else "en"
