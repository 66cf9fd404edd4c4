"""Time quizdeck's commands on synthetic workspaces and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--size 10000] [--repeat 3] [--baseline QUIZDECK]

Without --baseline, commit 236d062 is exported (`git archive`) into
benchmarks/work/baseline-236d062 and installed in its own virtual environment there,
once; later runs reuse it.

Each command runs as its own process (what a user waits for, start-up included) and
every figure is paired (benchmarks/paired.py): the command and its baseline run in
turn, medians compared. Baselines: importing the dependencies (typer, genanki, jinja2,
yaml) for the seeds build; commit 236d062's quizdeck (--baseline, its own checkout and
virtual environment) for cold check and build; a cold build of the same workspace for
the incremental figures; genanki writing the same notes for the Anki export.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
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
from paired import HEADER, Step, just, paired, row, run_once, touch_bank  # noqa: E402

QUIZDECK = [sys.executable, "-m", "quizdeck"]
# The commit the targets compare with, in its own checkout and virtual environment.
BASELINE_COMMIT = "236d062"
# A cold build: the record of earlier builds is not read (an older quizdeck has no record).
NO_CACHE = ["--no-cache"]


@dataclass(frozen=True)
class Timing:
    """The median wall time of an in-process writer."""

    seconds: float


def anki_writers(root: Path, repeat: int) -> dict[str, Timing]:
    """In-process: genanki alone on notes prepared beforehand, and quizdeck's export_anki."""
    from bench_anki import plain_genanki
    from quizdeck.checking.workspace_check import check_workspace
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
    runs: dict[str, list[float]] = {name: [] for name in writers}
    for _ in range(repeat):
        # In turn, so that each writer meets the same machine.
        for name, write in writers.items():
            out = Path(tempfile.mkdtemp(dir=WORK))
            start = time.perf_counter()
            write(out)
            runs[name].append(time.perf_counter() - start)
            shutil.rmtree(out)
    return {name: Timing(statistics.median(times)) for name, times in runs.items()}


def anki_rows(root: Path, repeat: int) -> list[str]:
    """The Anki export against genanki writing the same notes, in-process."""
    seconds = {name: timing.seconds for name, timing in anki_writers(root, repeat).items()}
    export = seconds["export_anki alone"]
    return [
        "### The Anki export",
        "",
        f"At {root.name.removeprefix('ws-')} questions, in-process with the banks checked, "
        f"medians of {repeat} runs in turn: export_anki {export:.2f} s, "
        f"{export / seconds['genanki alone']:.2f}x genanki alone (`write_to_file`, "
        f"{seconds['genanki alone']:.2f} s), {export / seconds['genanki, scratch sqlite']:.2f}x "
        "genanki on the same scratch sqlite settings and zip "
        f"({seconds['genanki, scratch sqlite']:.2f} s). genanki gets its fields prepared "
        "beforehand.",
    ]


def cold(command: list[str], root: Path) -> Step:
    """`command` into a new, empty output directory each time (the previous one removed)."""
    made: list[Path] = []

    def prepare() -> list[str]:
        for old in made:
            shutil.rmtree(old, ignore_errors=True)
        made[:] = [Path(tempfile.mkdtemp(dir=WORK))]
        return [*command, "--out", str(made[0] / "build"), "--root", str(root)]

    return prepare


def with_combined(build: Step, root: Path) -> Step:
    """`build`, then the combined quiz of every bank beside it (`quizdeck html --title`)."""

    def prepare() -> list[str]:
        command = list(build())
        html = [*QUIZDECK, "html", "--title", "합성", "--forms", "2", "--root", str(root)]
        html += ["--out", str(Path(command[command.index("--out") + 1]).parent / "combined")]
        return ["sh", "-c", f"{shlex.join(command)} && {shlex.join(html)}"]

    return prepare


def build_rows(size: int, repeat: int, baseline: str) -> list[str]:
    """The build and check figures at `size` questions, each against its baseline."""
    root = generate(WORK / f"ws-{size}", size)
    env = {**os.environ, "XDG_CACHE_HOME": str(WORK / "cache")}
    # The baseline runs its own checkout: nothing of this one on its path.
    theirs = ["env", "-u", "PYTHONPATH", baseline]
    rows = [f"### {size:,} questions in {len(list((root / 'questions').iterdir()))} banks", ""]
    rows += HEADER
    check = paired(
        just([*QUIZDECK, "check", "--root", str(root)]),
        just([*theirs, "check", "--root", str(root)]),
        repeat,
        env,
    )
    rows.append(row("cold `check` / 236d062's", *check, "≤ 0.6x"))
    ours = cold([*QUIZDECK, "build", *NO_CACHE], root)
    theirs_cold = cold([*theirs, "build"], root)
    build = paired(ours, theirs_cold, repeat, env)
    rows.append(row("cold `build` / 236d062's", *build, "≤ 0.5x, memory not above"))
    # Past 1,000 questions a build combines no quiz, which 236d062's did: like for like,
    # the combined quiz made apart with `quizdeck html --title` of every bank.
    combined = paired(with_combined(ours, root), theirs_cold, repeat, env)
    rows.append(row("cold `build`, then `html --title` of all / 236d062's build", *combined, "—"))
    # The incremental figures: against a cold build of the same workspace, in turn.
    target = WORK / "incremental" / "build"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    warm = [*QUIZDECK, "build", "--out", str(target), "--root", str(root)]
    run_once(warm, env)
    unchanged = paired(just(warm), ours, repeat, env)
    rows.append(row("unchanged rebuild / cold build", *unchanged, "≤ 0.03x and ≤ 0.3 s"))
    edit = touch_bank(sorted((root / "questions").glob("*.yaml"))[len(rows) % 7])

    def edited() -> list[str]:
        edit()
        return warm

    one = paired(edited, ours, repeat, env)
    rows.append(row("one bank edited, rebuild / cold build", *one, "≤ 0.10x"))
    return rows


def lint_rows(root: Path, repeat: int) -> list[str]:
    """The item-writing lint: its cost on `check` (in-process, on and off in turn) and the corpus."""
    import quizdeck.checking.checker as checker
    from lint_figures import table
    from quizdeck import resolve
    from quizdeck.checking import lint, lint_blanks, lint_wording, lint_words
    from quizdeck.checking.workspace_check import check_workspace
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
            check_workspace(Workspace(root))
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


# Run in a child: quizdeck with the given arguments, then the top-level third-party
# modules it imported, one per line, on stderr's last line.
IMPORTED = """
import importlib.util, runpy, sys
sys.argv = ["quizdeck", *sys.argv[1:]]
try:
    runpy.run_module("quizdeck", run_name="__main__")
except SystemExit:
    pass
def importable(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:  # a module of a compiled extension, not importable by name
        return False
tops = {name.split(".")[0] for name in sys.modules}
ours = set(sys.stdlib_module_names) | {"quizdeck", "__main__"}
found = [t for t in tops - ours if not t.startswith("_") and importable(t)]
print(" ".join(sorted(found)), file=sys.stderr)
"""


def imported_by(arguments: list[str], env: dict[str, str]) -> list[str]:
    """The third-party top-level modules `quizdeck ARGUMENTS` imports."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"quizdeck {' '.join(arguments)} failed:\n{done.stderr}")
    lines = done.stderr.splitlines()
    return lines[-1].split() if lines else []


def seed_rows(repeat: int) -> list[str]:
    """`quizdeck build` on the seeds (cold) against importing its dependencies, in turn.

    The floor imports every third-party module the build imports (asked of the build
    itself, so it follows the code); the issue's first floor, four of them, is shown too.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(WORK / "cache")}
    out = WORK / "seeds-build"
    arguments = ["build", *NO_CACHE, "--out", str(out), "--root", str(REPO)]
    modules = imported_by(arguments, env)
    shutil.rmtree(out, ignore_errors=True)
    floor_command = [sys.executable, "-c", f"import {', '.join(modules)}"]
    first_floor = [sys.executable, "-c", "import typer, genanki, jinja2, yaml"]

    def cleared() -> list[str]:
        shutil.rmtree(out, ignore_errors=True)
        return [*QUIZDECK, *arguments]

    measured, floor = paired(cleared, just(floor_command), repeat, env)
    _, first = paired(cleared, just(first_floor), repeat, env)
    version = paired(
        just([*QUIZDECK, "--version"]), just([sys.executable, "-c", "pass"]), repeat, env
    )
    shutil.rmtree(out, ignore_errors=True)
    banks = sorted((REPO / "questions").glob("*.yaml"))
    questions = sum(p.read_text(encoding="utf-8").count("\n  - id:") for p in banks)
    return [
        f"### The seeds ({len(banks)} banks, {questions} questions)",
        "",
        f"The build imports {', '.join(modules)}: the floor imports them and nothing else.",
        "",
        *HEADER,
        row("cold `build` / import what the build imports", measured, floor, "≤ 3x"),
        row("cold `build` / import typer, genanki, jinja2, yaml", measured, first, "—"),
        row("`quizdeck --version` / python -c pass", *version, "—"),
    ]


def baseline_quizdeck(commit: str = BASELINE_COMMIT) -> str:
    """The quizdeck command of `commit`: exported and installed under WORK once, then reused."""
    home = WORK / f"baseline-{commit}"
    command = home / ".venv" / "bin" / "quizdeck"
    if command.exists():
        return str(command)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(home)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(home / ".venv")], check=True)
    # The versions this checkout pins (constraints.txt), so both sides run the same libraries.
    pip = [str(home / ".venv" / "bin" / "pip"), "install", "-q", "-e", str(home)]
    pip += ["-c", str(REPO / "constraints.txt")]
    subprocess.run(pip, check=True)
    return str(command)


def cache_bytecode(baseline: str) -> None:
    """Compile both quizdecks' modules once, as a user's Python caches them after a first run.

    Both are editable installs, whose modules Python compiles on first import and caches in
    __pycache__; with PYTHONDONTWRITEBYTECODE set (as on the machines we run on) nothing is
    cached and every run would compile every module again: not what a user waits for.
    """
    sources = [(sys.executable, REPO / "src")]
    home = Path(baseline).resolve().parents[2]
    if (home / "src").is_dir():
        sources.append((str(home / ".venv" / "bin" / "python"), home / "src"))
    for python, source in sources:
        subprocess.run([python, "-m", "compileall", "-q", str(source)], check=True)


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
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help=f"{BASELINE_COMMIT}'s quizdeck command")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    baseline = args.baseline or baseline_quizdeck()
    cache_bytecode(baseline)
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/run.py --repeat {args.repeat}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores "
        f"({platform.processor() or 'processor not named'}), a machine shared with other "
        "work. Each figure is the ratio of a command and its baseline run in turn "
        f"{args.repeat} times each in the same run (medians; CPU is user + system time "
        "of the process and its workers; both quizdecks' modules compiled to bytecode "
        "beforehand, as Python caches them after a first run).",
        "",
        *seed_rows(args.repeat),
        "",
        *build_rows(args.size, args.repeat, baseline),
        "",
        *anki_rows(WORK / f"ws-{args.size}", args.repeat),
        "",
        *lint_rows(WORK / f"ws-{args.size}", args.repeat),
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    show_in_readme(lines[4:])
    print("\n".join(lines))
    for made in WORK.iterdir():
        if made.name.startswith("baseline-"):
            continue  # installed once, reused by the next run
        if made.is_dir():
            shutil.rmtree(made, ignore_errors=True)
        else:
            made.unlink()


if __name__ == "__main__":
    main()
