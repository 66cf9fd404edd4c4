"""Time `quizdeck check` on hostile inputs near the size limits (issue 20, findings 2 and 10).

    python benchmarks/hostile.py [--scale 1.0]

Each shape is a workspace whose bank (or article) is about 10 MB (5 MB) at scale 1.0;
`check` runs as its own process and the best wall time and peak memory are printed,
with a paired ratio against checking the shipped seeds in the same run. Goal: every
shape under 10 s on the development machine.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from paired import measure  # noqa: E402
from run import QUIZDECK, REPO  # noqa: E402

MB = 1024 * 1024
HEAD = "article:\n  source: a.txt\n  title: t\n  language: en\nid: m\n"
SENTENCE = "The harbour wall was rebuilt at a cost of 2.4 million pounds."


def repeated_keys(root: Path, size: int) -> None:
    """`x: {a,a,a,…}` up to the size: millions of repeated keys."""
    (root / "seeds" / "a.txt").write_text(SENTENCE + "\n")
    count = (size - 200) // 2
    (root / "questions" / "m.yaml").write_text(
        HEAD + "questions: []\nx: {" + ",".join(["a"] * count) + "}\n"
    )


def nested_flow(root: Path, size: int) -> None:
    """Flow sequences nested to the depth limit, repeated up to the size."""
    (root / "seeds" / "a.txt").write_text(SENTENCE + "\n")
    unit = "[" * 60 + "]" * 60
    (root / "questions" / "m.yaml").write_text(
        HEAD + "questions: []\nx: [" + ",".join([unit] * (size // (len(unit) + 1))) + "]\n"
    )


def many_questions(root: Path, size: int) -> None:
    """Short questions on one sentence, up to the size (the duplicate-evidence lint)."""
    (root / "seeds" / "a.txt").write_text(SENTENCE + "\n")
    item = "  - {{id: q{0}, type: short, prompt: 'Q{0}?', answer: wall, evidence: '{1}'}}\n"
    lines, total, n = [HEAD, "questions:\n"], 0, 0
    while total < size:
        line = item.format(n, SENTENCE)
        lines.append(line)
        total += len(line)
        n += 1
    (root / "questions" / "m.yaml").write_text("".join(lines))


def near_misses(root: Path, size: int) -> None:
    """100 near-miss 5,000-character quotes against a 5 MB article (the closest passage)."""
    rng = random.Random(1)
    words = ["harbour", "wall", "council", "pounds", "storm", "river", "fund", "vote"]
    article = " ".join(rng.choice(words) for _ in range(size // 12))[: size // 2]
    (root / "seeds" / "a.txt").write_text(article + "\n")
    quote = " ".join(rng.choice(words) for _ in range(800))[:5000]
    items = "".join(
        f"  - id: q{n}\n    type: short\n    prompt: 'What {'x' * n}?'\n    answer: wall\n"
        f"    evidence: '{quote} zz{n}'\n"
        for n in range(100)
    )
    (root / "questions" / "m.yaml").write_text(HEAD + "questions:\n" + items)


SHAPES: dict[str, Callable[[Path, int], None]] = {
    "repeated keys": repeated_keys,
    "nested flow sequences": nested_flow,
    "many short questions": many_questions,
    "near-miss quotes": near_misses,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 10 MB banks")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    size = int(args.scale * 9.8 * MB)
    seeds = measure([*QUIZDECK, "check", "--root", str(REPO)], args.repeat)
    print(f"| shape | size | check | peak | ratio to the seeds ({seeds.seconds:.2f} s) |")
    print("|---|---|---|---|---|")
    for name, make in SHAPES.items():
        root = Path(tempfile.mkdtemp(prefix="quizdeck-hostile-"))
        try:
            (root / "seeds").mkdir()
            (root / "questions").mkdir()
            make(root, size)
            bytes_ = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
            command = [*QUIZDECK, "check", "--root", str(root)]
            timing = measure(command, args.repeat, exits=(0, 1))
            print(
                f"| {name} | {bytes_ / MB:.1f} MB | {timing.seconds:.2f} s "
                f"| {timing.peak_mb:.0f} MB | {timing.seconds / seeds.seconds:.1f} |"
            )
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
