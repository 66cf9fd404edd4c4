"""The jinja2 environment of printed pages: sandboxed, cached, its errors pointing at a line.

A workspace's templates (a shared bank's, say) can reach no Python internals; an
attempt, like any mistake of a template, is a TemplateProblem naming its file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import platformdirs
from jinja2.sandbox import ImmutableSandboxedEnvironment

from quizdeck.errors import QuizdeckError


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
        """A field of quizdeck's own page data is plain data: read it without the checks."""
        fields = self._page_data.get(type(obj))
        if fields is not None and attribute in fields:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's verdict for this type and attribute, asked once."""
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def environment(templates: Sequence[Path], page_data: Iterable[type]) -> jinja2.Environment:
    """The sandboxed environment of `templates`; the frozen dataclasses in `page_data` (fields
    of strings, numbers and tuples) are read without the sandbox's per-access checks."""
    fields = {kind: frozenset(f.name for f in dataclasses.fields(kind)) for kind in page_data}
    return _Sandbox(
        fields,
        loader=jinja2.FileSystemLoader([str(d) for d in templates]),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(environment: jinja2.Environment, name: str, **context: object) -> str:
    """Template `name` rendered with `context`; raises TemplateProblem."""
    try:
        return environment.get_template(name).render(**context)
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
    except Exception as error:
        # A template's own mistake (undefined name, bad filter argument): point at its line.
        where = _template_frame(environment, error)
        if where is None:
            raise
        raise TemplateProblem(where[0], where[1], _describe(error)) from None


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
