"""Time quizdeck's commands on synthetic workspaces and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 1000 10000] [--repeat 3]

Each command runs as its own process (what a user waits for, start-up included);
wall time is the best of --repeat runs, peak memory the child's maximum RSS from
wait4. genanki alone writes the same notes in-process, for the Anki ratio. The
seed row compares `quizdeck build` on the shipped seeds with importing its
dependencies (typer, genanki, jinja2, yaml) and nothing else.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

from generate import generate  # noqa: E402

QUIZDECK = [sys.executable, "-m", "quizdeck"]
STAGES = {
    "check": ["check"],
    "anki": ["anki", "--out", "{out}/anki"],
    "html": ["html", "--out", "{out}/html"],
    "build": ["build", "--out", "{out}/build"],
}


@dataclass(frozen=True)
class Timing:
    """Best wall time and peak memory of one measured command."""

    seconds: float
    peak_mb: float


def measure(command: list[str], repeat: int, cwd: Path = REPO) -> Timing:
    """Run `command` `repeat` times; best wall time, largest peak RSS."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = child.stderr.read().decode() if child.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return Timing(best, peak)


def anki_writers(root: Path, repeat: int) -> dict[str, Timing]:
    """In-process: genanki alone on notes prepared beforehand, and quizdeck's export_anki."""
    from bench_anki import plain_genanki
    from quizdeck.checking.checker import check_workspace
    from quizdeck.outputs.anki import export_anki
    from quizdeck.workspace import Workspace

    workspace = Workspace(root)
    result = check_workspace(workspace)
    writers = {
        "genanki alone": plain_genanki(result.resolved, workspace.template_dirs()),
        # genanki on the same scratch sqlite settings and zip as export_anki: the strict baseline.
        "genanki, scratch sqlite": plain_genanki(
            result.resolved, workspace.template_dirs(), tuned=True
        ),
        "export_anki alone": lambda out: export_anki(
            result.resolved, out, workspace.template_dirs()
        ),
    }
    timings = {}
    for name, write in writers.items():
        best = float("inf")
        for _ in range(repeat):
            out = Path(tempfile.mkdtemp(dir=WORK))
            start = time.perf_counter()
            write(out)
            best = min(best, time.perf_counter() - start)
            shutil.rmtree(out)
        timings[name] = Timing(best, float("nan"))
    return timings


def run_sizes(sizes: list[int], repeat: int) -> list[str]:
    """Rows of the synthetic-workspace table."""
    timings: dict[tuple[str, int], Timing] = {}
    for size in sizes:
        root = generate(WORK / f"ws-{size}", size)
        for stage, args in STAGES.items():
            out = Path(tempfile.mkdtemp(dir=WORK))
            command = [*QUIZDECK, *(a.format(out=out) for a in args), "--root", str(root)]
            timings[(stage, size)] = measure(command, repeat)
            shutil.rmtree(out)
            print(f"{stage:>8} {size:>6}: {timings[(stage, size)]}", file=sys.stderr)
        for name, timing in anki_writers(root, repeat).items():
            timings[(name, size)] = timing
            print(f"{name} {size}: {timing}", file=sys.stderr)
    small, large = min(sizes), max(sizes)
    rows = [
        f"| stage | {' | '.join(f'{n:,} q: wall' for n in sizes)} | peak memory at {large:,} | "
        f"ms per question at {large:,} | growth {large // 1000}k/{small // 1000}k |",
        "|---|" + "---|" * (len(sizes) + 3),
    ]
    for stage in [*STAGES, "export_anki alone", "genanki alone", "genanki, scratch sqlite"]:
        walls = " | ".join(f"{timings[(stage, n)].seconds:.2f} s" for n in sizes)
        big = timings[(stage, large)]
        memory = "—" if big.peak_mb != big.peak_mb else f"{big.peak_mb:.0f} MB"
        growth = big.seconds / timings[(stage, small)].seconds
        rows.append(
            f"| {stage} | {walls} | {memory} | {1000 * big.seconds / large:.2f} | {growth:.1f}x |"
        )
    export = timings[("export_anki alone", large)].seconds
    plain = timings[("genanki alone", large)].seconds
    scratch = timings[("genanki, scratch sqlite", large)].seconds
    rows.append("")
    rows.append(
        f"Anki export at {large:,} questions: {export / plain:.2f}x genanki alone "
        f"(`write_to_file`), {export / scratch:.2f}x genanki on the same scratch sqlite settings "
        "and zip. All three run in-process with the banks already checked; genanki gets its "
        "fields prepared beforehand. The `anki` row is the whole command: start-up, loading "
        "and checking the banks, then the export."
    )
    return rows


def lint_rows(root: Path, repeat: int) -> list[str]:
    """The item-writing lint: its cost on `check` (in-process, on and off in turn) and the corpus."""
    import quizdeck.checking.checker as checker
    from lint_figures import table
    from quizdeck import resolve
    from quizdeck.checking import lint, lint_blanks, lint_wording, lint_words
    from quizdeck.sources import korean, numbers, textnorm
    from quizdeck.workspace import Workspace

    rules = checker.lint_question, checker.duplicate_evidence
    best = {"on": float("inf"), "off": float("inf")}
    for _ in range(repeat):
        for state in best:
            on = state == "on"
            checker.lint_question = rules[0] if on else (lambda *a, **k: [])  # type: ignore[assignment]
            checker.duplicate_evidence = rules[1] if on else (lambda *a, **k: [])  # type: ignore[assignment]
            # A fresh process would start with empty caches: empty them here too.
            for module in (
                textnorm,
                numbers,
                resolve,
                korean,
                lint,
                lint_words,
                lint_wording,
                lint_blanks,
            ):
                for value in vars(module).values():
                    if hasattr(value, "cache_clear"):
                        value.cache_clear()
            start = time.perf_counter()
            checker.check_workspace(Workspace(root))
            best[state] = min(best[state], time.perf_counter() - start)
    checker.lint_question, checker.duplicate_evidence = rules
    rows = [
        "### The item-writing lint",
        "",
        f"`check` on the {root.name} workspace, in-process, best of {repeat}: "
        f"{best['on']:.2f} s with the lint, {best['off']:.2f} s without "
        f"({best['on'] / best['off'] - 1:+.0%}).",
        "",
        "Labelled corpus (tests/lint_corpus.py: Korean and English, flawed items and near misses"
        " per code; `python benchmarks/lint_figures.py` prints the same):",
        "",
        "| code | flawed | recall | near misses | false flags |",
        "|---|---|---|---|---|",
    ]
    for code, flawed, caught, clean, flagged in table():
        rows.append(
            f"| {code} | {flawed} | {caught / flawed:.0%} | {clean} | {flagged / clean:.0%} |"
        )
    return rows


def seed_rows(repeat: int) -> list[str]:
    """`quizdeck build` on the seeds against importing its dependencies."""
    imports = measure([sys.executable, "-c", "import typer, genanki, jinja2, yaml"], repeat)
    out = Path(tempfile.mkdtemp(dir=WORK))
    build = measure([*QUIZDECK, "build", "--out", str(out), "--root", str(REPO)], repeat)
    check = measure([*QUIZDECK, "check", "--root", str(REPO)], repeat)
    shutil.rmtree(out)
    banks = sorted((REPO / "questions").glob("*.yaml"))
    questions = sum(p.read_text(encoding="utf-8").count("\n  - id:") for p in banks)
    return [
        f"| seeds ({len(banks)} banks, {questions} questions) | wall | peak memory |",
        "|---|---|---|",
        f"| import typer, genanki, jinja2, yaml | {imports.seconds:.2f} s | {imports.peak_mb:.0f} MB |",
        f"| quizdeck check | {check.seconds:.2f} s | {check.peak_mb:.0f} MB |",
        f"| quizdeck build | {build.seconds:.2f} s | {build.peak_mb:.0f} MB |",
        "",
        f"`quizdeck build` on the seeds takes {build.seconds / imports.seconds:.1f}x the time of "
        "importing its dependencies.",
    ]


def show_in_readme(lines: list[str]) -> None:
    """Put the tables into README.md's Performance section, between its markers."""
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- results -->\n", "<!-- /results -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        readme.write_text(
            head + start + "\n".join(lines).strip() + "\n" + end + tail, encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/run.py --repeat {args.repeat}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores. Wall time is the best of "
        f"{args.repeat} runs of each command as its own process.",
        "",
        *seed_rows(args.repeat),
        "",
        *run_sizes(sorted(args.sizes), args.repeat),
        "",
        *lint_rows(WORK / f"ws-{max(args.sizes)}", args.repeat),
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    show_in_readme(lines[4:])
    print("\n".join(lines))
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
