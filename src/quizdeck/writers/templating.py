"""The jinja2 environment of printed pages: sandboxed, cached, its errors pointing at a line.

A workspace's templates (a shared bank's, say) can reach no Python internals; an
attempt, like any mistake of a template, is a TemplateProblem naming its file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import operator
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
import platformdirs
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from quizdeck.digests import tree_digest
from quizdeck.errors import QuizdeckError
from quizdeck.writers.fields import strip_active


@dataclass(frozen=True)
class RenderedFile:
    """One output file of a page writer: a name inside the output directory and its text."""

    name: str
    text: str


class TemplateProblem(QuizdeckError):
    """A template that cannot be loaded or rendered, with the file and line at fault."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"template error: {where}: {detail}")
        self.path, self.line, self.detail = path, line, detail


# Limits of one rendering (finding 7): a workspace template may not exhaust the run.
MAX_OUTPUT_CHARS = 64 * 1024 * 1024
MAX_ARGUMENT = 1_000_000
RENDER_SECONDS = 30


class _InsideLoader(jinja2.FileSystemLoader):
    """Templates that resolve inside their directory: a symlink out is refused (finding 6)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        """The template's source, once its file is known to stay in its directory."""
        source, filename, uptodate = super().get_source(environment, template)
        target = Path(filename).resolve()
        if not any(target.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise TemplateProblem(filename, None, f"links outside its directory (to {target})")
        return source, filename, uptodate


class _TooLong(Exception):
    """A rendering past RENDER_SECONDS."""


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache directory; a cache that can't be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store a compiled template, or do nothing when the directory refuses it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # Compiling the templates is a good share of a small build; keyed by their source,
    # so an edited template is compiled afresh.
    # Sandboxed templates compile differently: never load an unsandboxed cache.
    directory = Path(platformdirs.user_cache_dir("quizdeck")) / "templates-sandboxed"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(directory))


# What `getattr` finds on a plain dict: its methods and object's.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Sandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, its verdict on each (type, attribute) remembered.

    The sandbox decides from the object's type and the attribute's name alone, so the
    verdict is the same for every item of a quiz; asking once per pair instead of once
    per access makes a 10,000-question build several seconds faster.
    """

    def __init__(self, page_data: dict[type, frozenset[str]], **options: Any) -> None:
        super().__init__(**options)
        self._page_data = page_data
        self._verdicts: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A field of quizdeck's own page data is plain data: read it without the checks.

        So is a key of a plain dict (the labels) that no dict attribute shadows: the
        sandbox would look for the attribute, fail, and then read the key.
        """
        kind = type(obj)
        fields = self._page_data.get(kind)
        if fields is not None and attribute in fields:
            return getattr(obj, attribute)
        if kind is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(
        self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any
    ) -> Any:
        """`*` and `**` within limits: `'x' * 2200000000` took 8.6 GB."""
        if operator_ == "**":
            if isinstance(right, int) and abs(right) > 1000:
                raise SecurityError(f"power {right} is over the limit of 1000")
            return operator.pow(left, right)
        count = right if isinstance(right, int) else left if isinstance(left, int) else None
        other = left if count is right else right
        if count is not None and hasattr(other, "__len__") and len(other) * count > MAX_ARGUMENT:
            raise SecurityError(f"a repetition of over {MAX_ARGUMENT:,} items")
        return operator.mul(left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call whose numbers stay within MAX_ARGUMENT (`'x'.ljust(10**10)`, `range(…)`)."""
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > MAX_ARGUMENT:
                raise SecurityError(f"the number {value} is over the limit of {MAX_ARGUMENT:,}")
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's verdict for this type and attribute, asked once."""
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


_new_markup = str.__new__


def escape(value: object) -> markupsafe.Markup:
    """`markupsafe.escape`, without its Python-level steps for the values pages print most
    (text and whole numbers): a page prints a million values, a tenth of its time."""
    if type(value) is str:
        escaped = (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
        return _new_markup(markupsafe.Markup, escaped)
    if type(value) is int:
        return _new_markup(markupsafe.Markup, str(value))
    return markupsafe.escape(value)


class _Template(jinja2.Template):
    """A compiled template whose output goes through `escape` above."""

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> jinja2.Template:
        """The template, its module's `escape` (jinja2.runtime's, markupsafe's) replaced."""
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = escape
        return template


def environment(templates: Sequence[Path], page_data: Iterable[type]) -> jinja2.Environment:
    """The sandboxed environment of `templates`; the frozen dataclasses in `page_data` (fields
    of strings, numbers and tuples) are read without the sandbox's per-access checks.

    One per process for the same template files (their bytes in the key): each bank's
    pages loaded every template afresh, a tenth of a build's page rendering.
    """
    directories = tuple(str(d) for d in templates)
    return _environment(directories, tuple(page_data), tree_digest(templates))


@functools.lru_cache(maxsize=8)
def _environment(
    directories: tuple[str, ...], page_data: tuple[type, ...], sources: str
) -> jinja2.Environment:
    fields = {kind: frozenset(f.name for f in dataclasses.fields(kind)) for kind in page_data}
    sandbox = _Sandbox(
        fields,
        loader=_InsideLoader(list(directories)),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The sources are in the cache's key: a changed template is a new environment.
        auto_reload=False,
    )
    sandbox.template_class = _Template
    return sandbox


def render(environment: jinja2.Environment, name: str, **context: object) -> str:
    """Template `name` rendered with `context`; raises TemplateProblem."""
    try:
        with _time_limit():
            return strip_active(_bounded(environment.get_template(name), context))
    except _TooLong:
        raise TemplateProblem(name, None, f"rendering took over {RENDER_SECONDS} s") from None
    except RecursionError:
        raise TemplateProblem(name, None, "the template nests too deep") from None
    except MemoryError:
        raise TemplateProblem(name, None, "the template needs too much memory") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            error.filename or error.name or name, error.lineno, error.message or "syntax error"
        ) from None
    except UnicodeDecodeError as error:
        raise TemplateProblem(
            _undecodable(environment, name),
            None,
            f"not UTF-8 (invalid byte at offset {error.start})",
        ) from None
    except jinja2.TemplateNotFound as error:
        dirs = ", ".join(str(d) for d in _search_path(environment))
        missing = error.name if isinstance(error.name, str) else name
        raise TemplateProblem(missing, None, f"template not found (searched {dirs})") from None
    except TemplateProblem:
        raise
    except Exception as error:
        # A template's own mistake (undefined name, bad filter argument): point at its line.
        where = _template_frame(environment, error)
        if where is None:
            raise
        raise TemplateProblem(where[0], where[1], _describe(error)) from None


# Pieces of output counted at a time: a 10,000-question page is millions of pieces, and
# counting each one in Python cost more than a second of a build.
PIECES_COUNTED = 16


def _bounded(template: jinja2.Template, context: dict[str, object]) -> str:
    """The rendering, stopped past MAX_OUTPUT_CHARS (checked every PIECES_COUNTED pieces)."""
    pieces: list[str] = []
    size = 0
    # Template.generate without its own generator around every piece; its errors are
    # handled as it handles them (the traceback pointing at the template's lines).
    stream = template.root_render_func(template.new_context(context))
    while True:
        try:
            batch = list(itertools.islice(stream, PIECES_COUNTED))
        except Exception:
            template.environment.handle_exception()
        if not batch:
            return "".join(pieces)
        size += sum(map(len, batch))
        if size > MAX_OUTPUT_CHARS:
            limit = MAX_OUTPUT_CHARS // (1024 * 1024)
            raise TemplateProblem(
                str(template.filename or template.name), None, f"output over {limit} MB"
            )
        pieces.append("".join(batch))


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    """RENDER_SECONDS for a rendering (a SIGALRM; only the main thread can take one)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _undecodable(environment: jinja2.Environment, name: str) -> str:
    """The template file that is not UTF-8: `name` or one it includes or extends."""
    for directory in _search_path(environment):
        for path in sorted(Path(directory, "html").glob("*")):
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                return str(path)
            except OSError:
                continue
    return name


def _search_path(environment: jinja2.Environment) -> list[str]:
    loader = environment.loader
    return list(loader.searchpath) if isinstance(loader, jinja2.FileSystemLoader) else []


def _template_frame(environment: jinja2.Environment, error: Exception) -> tuple[str, int] | None:
    roots = [Path(d).resolve() for d in _search_path(environment)]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        if frame.lineno and any(path.is_relative_to(r) for r in roots):
            return frame.filename, frame.lineno
    return None


def _describe(error: Exception) -> str:
    text = str(error)
    return text if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: {text}"
