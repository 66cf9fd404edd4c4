"""Generate a synthetic quizdeck workspace: Korean-like articles and grounded banks of every type.

    python benchmarks/generate.py OUT_DIR --questions 10000

Every question quotes a sentence that stands exactly once in its article, so
`quizdeck check --strict` passes on the result; the benchmarks time real work.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

QUESTIONS_PER_BANK = 100
SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히"
SUBJECTS = ["기업", "연구소", "대학", "정부", "협회", "플랫폼"]


def word(rng: random.Random, low: int = 2, high: int = 4) -> str:
    """A Korean-looking word of a few syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def sentence(rng: random.Random, serial: int) -> tuple[str, str, str, int]:
    """A sentence with a unique name and a figure: (sentence, name, topic, figure)."""
    name = f"{word(rng)}{rng.choice(SUBJECTS)} 제{serial}호"
    figure = rng.randint(11, 9999)
    topic = word(rng, 3, 5)
    filler = " ".join(word(rng) for _ in range(rng.randint(2, 7)))
    return f"{name}의 {topic} {filler} 규모는 {figure}억 위안에 달했다.", name, topic, figure


def article_and_bank(rng: random.Random, index: int, count: int) -> tuple[str, str]:
    """One article with `count` paragraphs and a bank of `count` grounded questions."""
    facts = [sentence(rng, index * 1000 + i) for i in range(count)]
    title = f"합성 기사 {index}: {word(rng)} 산업"
    lines = ["메뉴 | 로그인", title, "", "입력 2025-01-01", ""]
    lines += [f"{text}\n" for text, _, _, _ in facts]
    lines += ["ⓒ 합성뉴스, 무단전재 금지"]
    article = "\n".join(lines) + "\n"

    questions = []
    for i, (text, name, topic, figure) in enumerate(facts):
        kind = ("choice", "multi", "truefalse", "short", "numeric", "cloze")[i % 6]
        others = [figure + 1, figure + 10, figure + 100]
        head = f"  - id: q-{index}-{i}\n    type: {kind}\n"
        evidence = (
            f'    evidence: "{text}"\n    explanation: "기사에 {figure}억 위안으로 나온다."\n'
        )
        if kind == "choice":
            choices = ", ".join(f'"{v}억 위안"' for v in [figure, *others])
            body = f'    prompt: "{name}의 규모는?"\n    choices: [{choices}]\n    answer: "{figure}억 위안"\n'
        elif kind == "multi":
            choices = ", ".join(f'"{v}억 위안"' for v in [figure, *others])
            body = f'    prompt: "{name}의 규모로 옳은 것을 모두 고르시오."\n    choices: [{choices}]\n    answer: ["{figure}억 위안"]\n'
        elif kind == "truefalse":
            body = f'    prompt: "{name}의 규모는 {figure}억 위안에 달했다."\n    answer: true\n'
        elif kind == "short":
            body = (
                f'    prompt: "{topic} 규모가 {figure}억 위안에 달한 곳은?"\n    answer: "{name}"\n'
            )
        elif kind == "numeric":
            body = f'    prompt: "{name}의 규모는 몇 억 위안인가?"\n    answer: {figure}\n    unit: "억 위안"\n'
        else:
            body = f'    blanks: ["{figure}억 위안"]\n'
        questions.append(head + body + evidence)
    bank = (
        "article:\n"
        f"  source: synthetic_{index:04d}.txt\n"
        f'  title: "{title}"\n'
        "  language: ko\n"
        "  body:\n"
        f'    start: "{facts[0][0]}"\n'
        f'    end: "{facts[-1][0]}"\n'
        f'deck: "합성::기사 {index}"\n'
        "tags: [synthetic]\n"
        "questions:\n" + "".join(questions)
    )
    return article, bank


def generate(out: Path, questions: int, seed: int = 1) -> Path:
    """Write a workspace with `questions` questions under `out` and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    (out / "questions").mkdir()
    banks, rest = divmod(questions, QUESTIONS_PER_BANK)
    sizes = [QUESTIONS_PER_BANK] * banks + ([rest] if rest else [])
    for index, size in enumerate(sizes):
        article, bank = article_and_bank(rng, index, size)
        (out / "seeds" / f"synthetic_{index:04d}.txt").write_text(article, encoding="utf-8")
        (out / "questions" / f"synthetic-{index:04d}.yaml").write_text(bank, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.questions, args.seed))


if __name__ == "__main__":
    main()
