"""Templates cannot hang or exhaust the app: the sandbox that renders them, with an operation budget.

A template is checked when it is saved and rendered again for every lead when its message is queued,
often by the background worker; one lead's data can make a harmless-looking template explode
(`{% for i in range(lead.custom.visits | int) %}`). So every render runs under a `Meter`:

- loop iterations, calls, filters and intercepted operators each spend one operation of
  MAX_OPERATIONS, plus one per ten characters or items they are given (sorting a 10,000-item list is
  not one cheap step); `range` gives at most MAX_RANGE numbers; and a render that still runs past
  MAX_SECONDS (some operation this list did not foresee) is stopped at its next operation;
- no value grows past MAX_VALUE characters or items (`'x' * 10**9`, `s | replace('', s)`,
  `l.extend(l)` in a loop, `'{:999999999}'.format(1)`), and no integer past MAX_INT_BITS (`9 ** 9 ** 9`);
- a macro that calls itself (directly or through another) is refused when the template is read,
  and calls nested deeper than MAX_DEPTH are refused while it renders; `recursive` loops are refused;
- the output stops at MAX_OUTPUT characters, long before it is stripped and counted in segments.

A refusal is a `RenderRefused` carrying a translatable reason. An empty field (None) prints as
nothing, never as the word "None". jinja2 is imported by `environment()`, on first use.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, Any

from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

MAX_OPERATIONS = 20_000  # loop iterations + calls + filters + operators in one render (a normal SMS uses < 100)
MAX_RANGE = 1_000  # numbers one range() may give
MAX_VALUE = 10_000  # characters of a text, or items of a list, built while rendering
MAX_WIDTH = 1_600  # a width or padding (center, indent, format specs): an SMS is at most 1,600 characters
MAX_INT_BITS = 4_096  # integers beyond ~1,200 digits are of no use in an SMS and slow to compute
MAX_DEPTH = 30  # calls nested inside calls (macros, caller())
MAX_OUTPUT = 20_000  # characters written before the text is stripped; well past 10 segments
MAX_SECONDS = 2.0  # a backstop: an everyday template renders in well under a millisecond


class RenderRefused(Exception):
    """The template would exceed a budget for this lead; `reason` is a Text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Meter:
    """The operation budget of one render."""

    def __init__(self, operations: int = MAX_OPERATIONS, seconds: float = MAX_SECONDS) -> None:
        self.left = operations
        self.depth = 0
        self.written = 0
        self.steps = 0
        self.deadline = time.monotonic() + seconds

    def spend(self, n: int = 1) -> None:
        self.left -= n
        self.steps += 1
        if self.steps % 64 == 0 and time.monotonic() > self.deadline:
            raise RenderRefused(Text(QT_TRANSLATE_NOOP(
                "Services", "the template takes too long to fill in for this lead (more than {n} seconds); simplify "
                            "its loops"), n=round(MAX_SECONDS)))
        if self.left < 0:
            raise RenderRefused(Text(QT_TRANSLATE_NOOP(
                "Services", "the template does too much work for this lead (more than {n} loop turns, calls and "
                            "operations); simplify its loops"), n=MAX_OPERATIONS))

    def write(self, chunk: str) -> None:
        self.written += len(chunk)
        if self.written > MAX_OUTPUT:
            raise RenderRefused(Text(QT_TRANSLATE_NOOP(
                "Services", "the message grows past {n} characters for this lead; an SMS has at most 10 segments"),
                n=MAX_OUTPUT))


_METER: ContextVar[Meter | None] = ContextVar("template_meter", default=None)


def _spend(n: int = 1) -> None:
    meter = _METER.get()
    if meter is not None:  # no meter: Jinja folding constants while it compiles (sizes are still checked)
        meter.spend(n)


def render(template: Any, context: dict[str, Any]) -> str:
    """`template` (a compiled jinja2 Template) for `context`, under a fresh budget."""
    meter = Meter()
    token = _METER.set(meter)
    try:
        parts: list[str] = []
        for chunk in template.generate(context):
            meter.write(chunk)
            parts.append(chunk)
        return "".join(parts)
    except RecursionError:
        raise RenderRefused(_nested_too_deep()) from None
    except MemoryError:
        raise RenderRefused(_too_big(MAX_VALUE)) from None
    finally:
        _METER.reset(token)


# --- sizes --------------------------------------------------------------------------------------


def _too_big(limit: int) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "a text or list in the template grows past {n} characters or items "
                                              "for this lead"), n=limit)


def _too_wide(width: Any) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "the value {width} is too large here (at most {limit})"), width=width,
                limit=MAX_WIDTH)


def _nested_too_deep() -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "the template calls itself or nests calls too deeply (recursion is not "
                                              "allowed)"))


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _cost(values: tuple[Any, ...]) -> int:
    """One operation, plus one per ten characters or items of what it works on."""
    return 1 + sum(_size(v) for v in values[:3]) // 10


def _number_too_big() -> RenderRefused:
    return RenderRefused(Text(QT_TRANSLATE_NOOP("Services", "a number in the template grows past {n} digits"),
                              n=int(MAX_INT_BITS * math.log10(2))))


def checked(value: Any) -> Any:
    """`value` when it is within MAX_VALUE / MAX_INT_BITS, else RenderRefused."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise _number_too_big()
    if _size(value) > MAX_VALUE:
        raise RenderRefused(_too_big(MAX_VALUE))
    return value


def _width(value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise RenderRefused(_too_wide(value))


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")


def _format_widths(spec: str) -> None:
    """Refuse printf (`%9999d`, `%*d`) and str.format (`{:9999}`, `{:{}}`) widths past MAX_WIDTH."""
    for match in _PRINTF.finditer(spec):
        for group in match.groups():
            if group == "*":
                raise RenderRefused(_too_wide("*"))
            if group:
                _width(int(group))
    if "{" in spec:
        if re.search(r"\{[^{}]*:[^{}]*\{", spec):  # a nested field sets the width from a value
            raise RenderRefused(_too_wide("{}"))
        for match in _FORMAT_SPEC.finditer(spec):
            for digits in re.findall(r"\d+", match.group(1)):
                _width(int(digits))


def _formatted(spec: str, values: Any) -> None:
    """Refuse a format that would repeat big values past MAX_VALUE (`'{0}{0}{0}…'.format(big)`), before it runs."""
    _format_widths(spec)
    largest = max((len(str(v)) for v in values), default=0)
    if len(spec) + (spec.count("{") + spec.count("%")) * largest > MAX_VALUE:
        raise RenderRefused(_too_big(MAX_VALUE))


def _lines_size(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The size indent (a text width) or wordwrap (its wrapstring) makes of a text: a string added per line."""
    text = str(args[0])
    if name == "indent":
        width = kwargs.get("width", args[1] if len(args) > 1 else 4)
        return len(text) + (text.count("\n") + 1) * len(width) if isinstance(width, str) else len(text)
    width = kwargs.get("width", args[1] if len(args) > 1 else 79)
    wrap = kwargs.get("wrapstring", args[3] if len(args) > 3 else None)
    lines = len(text) // max(1, int(width)) + text.count("\n") + 1 if isinstance(width, (int, float)) else 1
    return len(text) + lines * len(str(wrap or "\n"))


def _joined_size(items: list[Any] | tuple[Any, ...], separator: Any) -> int:
    return sum(len(str(v)) for v in items) + len(str(separator)) * max(0, len(items) - 1)


def _replaced_size(text: Any, old: Any, new: Any, count: Any = None) -> int:
    text, old, new = str(text), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def _text(value: Any) -> Any:
    """None prints as nothing (a CRM field that is not filled in)."""
    return "" if value is None else value


def printed(value: Any) -> Any:
    """Every `{{ … }}`: None as nothing, and within MAX_VALUE - also inside `{% set %}…{% endset %}` blocks, whose
    text never reaches the output check (`{{ a }}{{ a }}` in a block doubles it)."""
    _spend(_cost((value,)))
    return checked(_text(value))


# --- operators ----------------------------------------------------------------------------------


def binop(operator: str, left: Any, right: Any) -> Any:
    """An intercepted operator: sizes checked before anything big is built."""
    _spend(_cost((left, right)))
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) and isinstance(times, int) and _size(seq) * max(0, times) > MAX_VALUE:
                raise RenderRefused(_too_big(MAX_VALUE))
        if _ints(left, right) and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise _number_too_big()
        return checked(left * right)
    if operator == "**":
        if _ints(left, right) and abs(left) > 1 and right > 0 and right * (left.bit_length() - 1) > MAX_INT_BITS:
            raise _number_too_big()
        return checked(left ** right)
    if operator == "+":
        if _size(left) + _size(right) > MAX_VALUE:
            raise RenderRefused(_too_big(MAX_VALUE))
        return checked(left + right)
    if operator == "%":
        if isinstance(left, str):
            args = right if isinstance(right, tuple) else (right,)
            _formatted(left, right.values() if isinstance(right, dict) else args)
            return checked(left % tuple(_text(a) for a in args)) if not isinstance(right, dict) else checked(left % right)
        return left % right
    if operator == "//":
        return left // right
    if operator == "/":
        return left / right
    return checked(left - right)


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def budgeted_range(*args: int) -> range:
    _spend()
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise RenderRefused(Text(QT_TRANSLATE_NOOP("Services", "range() would give {n} numbers; at most {limit} in a "
                                                               "template"), n=len(numbers), limit=MAX_RANGE))
    return numbers


def counted(iterable: Any) -> Iterator[Any]:
    """A for loop's iterable: every turn spends one operation."""
    if iterable is None:
        return
    for item in iterable:
        _spend()
        yield item


# --- calls and filters --------------------------------------------------------------------------

_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_REFUSED_METHODS = {"translate", "maketrans"}
_WIDTH_FILTERS = {"center": (1, "width"), "indent": (1, "width"), "wordwrap": (1, "width"), "tojson": (1, "indent"),
                  "batch": (1, "linecount"), "slice": (1, "slices"), "truncate": (1, "length")}
_TEXT_FILTERS = {"upper", "lower", "title", "capitalize", "trim", "truncate", "center", "replace", "striptags",
                 "indent", "wordwrap", "urlize", "escape", "e", "forceescape", "string", "safe", "wordcount"}


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a method or function call from a template: widths and result sizes it would build."""
    name = getattr(obj, "__name__", "")
    owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)  # the sandbox wraps str.format
    if isinstance(owner, str):
        if name in _REFUSED_METHODS:
            raise RenderRefused(Text(QT_TRANSLATE_NOOP("Services", "the text method {name} is not available in "
                                                                   "templates"), name=name))
        if name in _WIDTH_METHODS:
            for value in (*args, *kwargs.values()):
                _width(value)
        elif name in ("format", "format_map"):
            _formatted(owner, (*args, *kwargs.values()))
        elif name == "replace" and len(args) >= 2 and _replaced_size(owner, *args[:3]) > MAX_VALUE:
            raise RenderRefused(_too_big(MAX_VALUE))
        elif name == "join" and args and isinstance(args[0], (list, tuple)) and _joined_size(args[0], owner) > MAX_VALUE:
            raise RenderRefused(_too_big(MAX_VALUE))
    for value in (*args, *kwargs.values()):
        checked(value)


def guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that spends an operation, refuses amplifying arguments and oversized results, and reads None
    as an empty text where it prints text."""
    width = _WIDTH_FILTERS.get(name)
    value_at = _value_index(func)
    text = name in _TEXT_FILTERS

    if width is None and not text and name not in ("format", "join"):
        @wraps(func)
        def plain(*args: Any, **kwargs: Any) -> Any:  # the common case, kept short: it runs for every lead
            _spend(_cost(args))
            return checked(func(*args, **kwargs))

        return plain

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        _spend(_cost(args))
        if text:
            args = tuple(_text(a) for a in args)
        if width is not None:
            position = value_at + width[0]
            _width(kwargs.get(width[1], args[position] if len(args) > position else None))
        rest = args[value_at:]
        if name == "format" and rest and isinstance(rest[0], str):
            _formatted(rest[0], (*rest[1:], *kwargs.values()))
            args = (*args[:value_at + 1], *(_text(a) for a in args[value_at + 1:]))
        elif name in ("indent", "wordwrap") and rest and _lines_size(name, rest, kwargs) > MAX_VALUE:
            raise RenderRefused(_too_big(MAX_VALUE))
        elif name == "replace" and len(rest) >= 3 and _replaced_size(*rest[:4]) > MAX_VALUE:
            raise RenderRefused(_too_big(MAX_VALUE))
        elif name == "join" and rest and isinstance(rest[0], (list, tuple)) and len(rest[0]) <= MAX_VALUE:
            items = [_text(v) for v in rest[0]]
            if _joined_size(items, kwargs.get("d", rest[1] if len(rest) > 1 else "")) > MAX_VALUE:
                raise RenderRefused(_too_big(MAX_VALUE))
            args = (*args[:value_at], items, *rest[1:])
        return checked(func(*args, **kwargs))

    return run


def _value_index(func: Callable[..., Any]) -> int:
    """Where the filtered value is among the arguments (after the environment/context Jinja passes)."""
    return 1 if getattr(func, "jinja_pass_arg", None) is not None else 0


def lipsum(n: int = 1, html: bool = False, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    _spend()
    for value in (n, min, max):
        _width(value)
    return str(generate_lorem_ipsum(n, html, min, max))


# --- recursion, read from the template -----------------------------------------------------------


def recursion_problem(tree: nodes.Template) -> tuple[Text, int] | None:
    """(reason, line) when a macro calls itself, directly or through others, or a loop is `recursive`."""
    from jinja2 import nodes

    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            return Text(QT_TRANSLATE_NOOP("Services", "recursive loops are not allowed in templates")), loop.lineno
    macros = {m.name: m for m in tree.find_all(nodes.Macro)}
    calls = {name: {c.node.name for c in m.find_all(nodes.Call) if isinstance(c.node, nodes.Name)} & macros.keys()
             for name, m in macros.items()}
    for name, macro in macros.items():
        if name in _reachable(name, calls):
            return Text(QT_TRANSLATE_NOOP("Services", "the macro “{name}” calls itself (recursion is not allowed in "
                                                      "templates)"), name=name), macro.lineno
    return None


def _reachable(start: str, calls: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(calls.get(start, ()))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(calls.get(name, ()))
    return seen


def _wrap_tree(tree: nodes.Template) -> nodes.Template:
    """Every for loop iterates through `counted`; every operand of `~` is size-checked and None in it is nothing."""
    from jinja2 import nodes

    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, "_counted", [], [], None, None, lineno=loop.iter.lineno)
    for concat in list(tree.find_all(nodes.Concat)):  # operands within MAX_VALUE: `s ~ s` cannot keep doubling
        concat.nodes = [nodes.Filter(n, "_operand", [], [], None, None, lineno=n.lineno) for n in concat.nodes]
    return tree


# --- the environment -------------------------------------------------------------------------------


def environment(filters: dict[str, Callable[..., Any]]) -> SandboxedEnvironment:
    """A sandbox with the budget: every filter guarded, `range` bounded, operators intercepted."""
    from jinja2 import StrictUndefined, pass_context
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class BudgetedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})

        def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
            return _wrap_tree(super()._parse(source, name, filename))

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            return binop(operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if not __self.is_safe_callable(__obj):
                raise SecurityError(f"{__obj!r} is not safely callable")
            _spend(_cost((getattr(__obj, "__self__", None), *args)))
            check_call(__obj, args, kwargs)
            meter = _METER.get()
            if meter is not None:
                meter.depth += 1
                if meter.depth > MAX_DEPTH:
                    raise RenderRefused(_nested_too_deep())
            try:
                return checked(__context.call(__obj, *args, **kwargs))
            finally:
                if meter is not None:
                    meter.depth -= 1

    env = BudgetedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=False, finalize=printed)
    env.filters.update(filters)
    env.filters = {name: guarded_filter(name, func) for name, func in env.filters.items()}
    env.filters["_counted"] = pass_context(lambda _context, iterable: counted(iterable))  # never folded at compile
    env.filters["_operand"] = lambda value: checked(_text(value))
    env.globals["range"] = budgeted_range
    env.globals["lipsum"] = lipsum
    return env

