"""SMS templates: Jinja2 in a sandbox, personalised from the lead, its owner and its history.

    Olá {{ lead.name | primeiro_nome }}, aqui é {{ owner.name | primeiro_nome | default("a equipe") }}
    da {{ lead.company | default("sua empresa") }}.{% if lead.score and lead.score > 0.7 %} ...{% endif %}

Unknown variables and fields are errors (StrictUndefined plus a static check when saving), so a
typo is caught with its line and column before anything is sent; `default` also replaces
empty values (None, ""), which is what a CRM field that is not filled in looks like.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import CustomField, Interaction, Lead, MessageTemplate, Purchase, Recommendation, Stage
from app.errors import NotFoundError, ValidationError
from app.services.leads import audit
from app.services.leads.normalize import format_phone
from app.services.messaging import template_guard as guard
from app.services.messaging.segments import MAX_BODY, SegmentCount, count_segments, estimate_cost
from app.services.messaging.wording import MessageWords
from app.services.workspace.settings import DEFAULT_PRICE_PER_SEGMENT
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

# jinja2 (~40 ms with markupsafe) is imported when a template is first checked or rendered, not when the
# services that name this module are: the desktop app's start needs neither.

logger = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "America/Sao_Paulo"
MAX_TEMPLATE = 4000
MAX_SEGMENTS = 10  # an SMS of more segments is refused for that lead (cost, and carriers reassemble badly)
HISTORY = 5  # interactions exposed as `interactions`, newest first

LEAD_FIELDS = (
    "id", "name", "first_name", "company", "job_title", "email", "phone", "phone_display", "kind", "stage",
    "stage_name", "source", "owner", "tags", "address", "city", "state", "postal_code", "country", "timezone",
    "score", "segment", "value", "created_at", "updated_at", "stage_changed_at", "last_interaction_at",
    "sms_consent", "custom",
)
PERSON_FIELDS = ("name", "first_name", "username", "email", "phone")
INTERACTION_FIELDS = ("kind", "occurred_at", "notes", "outcome", "duration_s", "author")
PURCHASE_FIELDS = ("item", "description", "quantity", "unit_price", "time", "invoice")
RECOMMENDATION_FIELDS = ("kind", "rank", "item", "score", "reason", "description")
VARIABLES = {
    "lead": LEAD_FIELDS, "owner": PERSON_FIELDS, "last_interaction": INTERACTION_FIELDS,
    "interactions": None, "last_purchase": PURCHASE_FIELDS, "recommendations": None,
    "top_product": RECOMMENDATION_FIELDS,  # the first product recommended to the lead (None without one)
    "today": None, "hoje": None,
}
HISTORY_VARIABLES = {"last_interaction", "interactions"}

MONTHS = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
          "outubro", "novembro", "dezembro")
WEEKDAYS = ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo")


class TemplateProblem(ValidationError):
    """A template that cannot be used; `line`/`column` (1-based) point at the problem."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.reason, self.line, self.column = reason, line, column  # reason: a Text when the words are ours
        where: str
        if line and column:
            where = Text(QT_TRANSLATE_NOOP("Services", "line {line}, column {column}: {reason}"), line=line, column=column,
                         reason=reason)
        elif line:
            where = Text(QT_TRANSLATE_NOOP("Services", "line {line}: {reason}"), line=line, reason=reason)
        else:
            where = reason
        super().__init__({"body": where})


# --- filters ---------------------------------------------------------------------------------


def _undefined(value: Any) -> bool:
    """A Jinja Undefined (jinja2 is loaded by then: only templates call the filters)."""
    runtime = sys.modules.get("jinja2.runtime")
    return runtime is not None and isinstance(value, runtime.Undefined)


def _default(value: Any, fallback: Any = "", boolean: bool = False) -> Any:
    """Like Jinja's default, but an empty CRM field (None or blank text) also gets the fallback."""
    if _undefined(value) or value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    if boolean and not value:
        return fallback
    return value


def first_name(value: Any) -> str:
    """'JOÃO da silva' -> 'João'; empty stays empty so `default` can replace it."""
    if value is None or _undefined(value):
        return ""
    words = str(value).split()
    if not words:
        return ""
    word = words[0]
    return word if any(ch.islower() for ch in word) and word[0].isupper() else word.capitalize()


def _as_datetime(value: Any) -> date | datetime | None:
    if value is None or _undefined(value) or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
    except ValueError:
        for fmt in ("%d/%m/%Y", "%d/%m/%y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError(f"{text!r} is not a date")


def date_br(value: Any, style: str = "curta") -> str:
    """pt-BR dates: curta 31/05/2024, longa 31 de maio de 2024, extenso sexta-feira, 31 de maio de 2024,
    dia_mes 31/05, mes maio."""
    when = _as_datetime(value)
    if when is None:
        return ""
    day = when.date() if isinstance(when, datetime) else when
    if style in ("curta", "short"):
        return day.strftime("%d/%m/%Y")
    if style in ("dia_mes", "day_month"):
        return day.strftime("%d/%m")
    if style in ("mes", "month"):
        return MONTHS[day.month - 1]
    longa = f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"
    if style in ("longa", "long"):
        return longa
    if style in ("extenso", "full"):
        return f"{WEEKDAYS[day.weekday()]}, {longa}"
    raise ValueError(f"unknown date style {style!r} (curta, longa, extenso, dia_mes, mes)")


def time_br(value: Any) -> str:
    when = _as_datetime(value)
    return when.strftime("%H:%M") if isinstance(when, datetime) else ""


def number_br(value: Any, places: int = 2) -> str:
    if value is None or _undefined(value) or value == "":
        return ""
    text = f"{float(value):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def currency_br(value: Any) -> str:
    text = number_br(value, 2)
    return f"R$ {text}" if text else ""


FILTERS: dict[str, Callable[..., Any]] = {
    "default": _default, "d": _default, "primeiro_nome": first_name, "first_name": first_name,
    "data": date_br, "date_br": date_br, "hora": time_br, "time_br": time_br, "moeda": currency_br,
    "currency_br": currency_br, "numero": number_br, "number_br": number_br,
}


def environment() -> SandboxedEnvironment:
    """The sandbox templates render in, with the budget of app.services.messaging.template_guard."""
    return guard.environment(FILTERS)


_ENVIRONMENT: list[SandboxedEnvironment] = []


def _env() -> SandboxedEnvironment:
    if not _ENVIRONMENT:
        _ENVIRONMENT.append(environment())
    return _ENVIRONMENT[0]


RENDER_ERRORS = (ValueError, TypeError, ArithmeticError, AttributeError, KeyError, IndexError, LookupError)


# --- validation --------------------------------------------------------------------------------


def _column(source: str, line: int | None, needle: str | None) -> int | None:
    lines = source.splitlines()
    if not line or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if not needle:
        return len(text) - len(text.lstrip()) + 1
    parts = [re.escape(p) for p in needle.split(".")]
    match = re.search(r"\s*\.\s*".join(parts), text) if len(parts) > 1 else None
    if match is None:
        position = text.find(needle.split(".")[-1])
        return position + 1 if position >= 0 else len(text) - len(text.lstrip()) + 1
    return match.start() + 1


def _quoted(message: str) -> str | None:
    match = re.search(r"'([^']+)'", message)
    return match.group(1) if match else None


def _template_line(tb: Any) -> int | None:
    """The template line of the innermost template frame in a traceback (Jinja rewrites them)."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "…",
           "name": "a name", "end of comment": "#}"}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _closing_tag(listed: str, block: str) -> str:
    """"'elif' or 'else' or 'endif'" -> "{% endif %}": the tag that closes the block."""
    ends = [t for t in re.findall(r"'(\w+)'", listed) if t.startswith("end")]
    return f"{{% {ends[0] if ends else 'end' + block} %}}"


def jinja_reason(message: str) -> str:
    """Jinja's English syntax message as one of ours (a Text the UI translates); unknown ones as they are."""
    m = re.fullmatch(r"Unexpected end of template\. Jinja was looking for the following tags: (.+)\. "
                     r"The innermost block that needs to be closed is '(\w+)'\.", message)
    if m:
        return Text(QT_TRANSLATE_NOOP("Services", "the “{block}” block is never closed: add {tag}"),
                    block=m.group(2), tag=_closing_tag(m.group(1), m.group(2)))
    if m := re.fullmatch(r"unexpected end of template, expected '(.+)'\.", message):
        return Text(QT_TRANSLATE_NOOP("Services", "the template ends too early: “{expected}” is missing"),
                    expected=_token(m.group(1)))
    if m := re.fullmatch(r"No filter named '(.+)'\.", message):
        return Text(QT_TRANSLATE_NOOP("Services", "there is no filter named “{name}”"), name=m.group(1))
    if m := re.fullmatch(r"No test named '(.+)'\.", message):
        return Text(QT_TRANSLATE_NOOP("Services", "there is no test named “{name}”"), name=m.group(1))
    if m := re.fullmatch(r"Encountered unknown tag '(.+)'\.", message):
        return Text(QT_TRANSLATE_NOOP("Services", "“{tag}” is not a known tag here (is a block opened or closed twice?)"),
                    tag=f"{{% {m.group(1)} %}}")
    if m := re.fullmatch(r"expected token '(.+)', got '(.+)'", message):
        return Text(QT_TRANSLATE_NOOP("Services", "expected “{expected}” but found “{got}”"),
                    expected=_token(m.group(1)), got=_token(m.group(2)))
    if m := re.fullmatch(r"Expected an expression, got '(.+)'", message):
        return Text(QT_TRANSLATE_NOOP("Services", "a variable or value is missing before “{got}”"), got=_token(m.group(1)))
    if m := re.fullmatch(r"unexpected '(.+)', expected '(.+)'", message):
        return Text(QT_TRANSLATE_NOOP("Services", "unexpected “{got}”: expected “{expected}”"),
                    got=_token(m.group(1)), expected=_token(m.group(2)))
    if m := re.fullmatch(r"unexpected '(.+)'", message):
        return Text(QT_TRANSLATE_NOOP("Services", "unexpected “{got}”"), got=_token(m.group(1)))
    if m := re.fullmatch(r"unexpected char (.+) at \d+", message):
        return Text(QT_TRANSLATE_NOOP("Services", "unexpected character {char} (is a quote left open?)"), char=m.group(1))
    if message == "Missing end of comment tag":
        return Text(QT_TRANSLATE_NOOP("Services", "a comment {# is never closed with #}"))
    return message


def check(body: str, custom_fields: Iterable[str] = ()) -> None:
    """Raise TemplateProblem (with line and column) for anything that would break a send, including a template
    that recurses or exceeds the render budget for the sample lead."""
    from jinja2 import TemplateAssertionError, TemplateSyntaxError

    if not body or not body.strip():
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the template is empty")))
    if len(body) > MAX_TEMPLATE:
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the template is longer than {n} characters"),
                                   n=MAX_TEMPLATE))
    try:
        tree = _env().parse(body)
        _compiled(body)  # compiles (and caches) it: errors found only when compiling surface here
    except (TemplateAssertionError, TemplateSyntaxError) as exc:
        raise TemplateProblem(jinja_reason(exc.message or "invalid template"), exc.lineno,
                              _column(body, exc.lineno, _quoted(exc.message or ""))) from None
    except (RecursionError, MemoryError, SyntaxError):  # thousands of nested parentheses, 30 nested loops
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the template is nested too deeply"))) from None
    _check_names(body, tree, set(custom_fields))
    recursion = guard.recursion_problem(tree)
    if recursion is not None:
        raise TemplateProblem(recursion[0], recursion[1], _column(body, recursion[1], None))
    _within_limits(CompiledTemplate(body, frozenset(), None).fill(sample_context(custom_fields)))  # may be empty


def _assigned_names(tree: nodes.Template) -> set[str]:
    from jinja2 import nodes

    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names |= {m.name for m in tree.find_all(nodes.Macro)}
    return names | {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace"}


def _check_names(body: str, tree: nodes.Template, custom: set[str]) -> None:
    from jinja2 import meta, nodes

    known = set(VARIABLES) | _assigned_names(tree)
    for name in sorted(meta.find_undeclared_variables(tree) - known):
        node = next(n for n in tree.find_all(nodes.Name) if n.name == name and n.ctx == "load")
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "unknown variable {name} (known: {known})"),
                                   name=repr(name), known=", ".join(sorted(VARIABLES))),
                              node.lineno, _column(body, node.lineno, name))
    for attr_node in tree.find_all(nodes.Getattr):
        target = attr_node.node
        if not isinstance(target, nodes.Name) or target.ctx != "load" or target.name not in VARIABLES:
            continue
        fields = VARIABLES[target.name]
        allowed = set(fields or ()) | (custom if target.name == "lead" else set())
        if fields is not None and attr_node.attr not in allowed:
            dotted = f"{target.name}.{attr_node.attr}"
            raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "unknown field {name}"), name=repr(dotted)),
                                  attr_node.lineno, _column(body, attr_node.lineno, dotted))


# --- context -------------------------------------------------------------------------------------


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        logger.info("unknown time zone %r; using %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(tz)


def _person(user: Any) -> dict[str, Any]:
    if user is None:
        return dict.fromkeys(PERSON_FIELDS)
    return {"name": user.display_name, "first_name": first_name(user.display_name), "username": user.username,
            "email": user.email, "phone": user.phone}


def lead_variables(lead: Lead, stage_names: dict[str, str], custom: Iterable[str], tz: ZoneInfo) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": lead.id, "name": lead.name, "first_name": first_name(lead.name), "company": lead.company,
        "job_title": lead.job_title, "email": lead.email, "phone": lead.phone, "phone_display": format_phone(lead.phone),
        "kind": lead.kind, "stage": lead.stage, "stage_name": stage_names.get(lead.stage, lead.stage),
        "source": lead.source, "owner": lead.owner.display_name if lead.owner else None,
        "tags": [t.name for t in lead.tags], "address": lead.address, "city": lead.city, "state": lead.state,
        "postal_code": lead.postal_code, "country": lead.country, "timezone": lead.timezone or DEFAULT_TIMEZONE,
        "score": lead.score, "segment": lead.segment, "value": float(lead.value) if lead.value is not None else None,
        "created_at": _local(lead.created_at, tz), "updated_at": _local(lead.updated_at, tz),
        "stage_changed_at": _local(lead.stage_changed_at, tz),
        "last_interaction_at": _local(lead.last_interaction_at, tz), "sms_consent": lead.sms_consent,
    }
    stored = dict(lead.custom or {})
    values["custom"] = {**dict.fromkeys(custom), **stored}
    for name in custom:  # custom fields by name too, unless they shadow a built-in field
        values.setdefault(name, stored.get(name))
    return values


class ContextBuilder:
    """Template variables for leads, loading history only when the template uses it."""

    def __init__(self, session: Session, needs: set[str], clock: Callable[[], datetime],
                 translations: Path | None = None) -> None:
        self.session = session
        self.needs = needs
        self.clock = clock
        self.words = MessageWords(session, translations)  # segment names and reasons in the workspace's sms.language
        self.stage_names = {s.key: s.name for s in session.scalars(select(Stage))}
        self.custom = [c.name for c in session.scalars(select(CustomField).order_by(CustomField.position))]
        self._described: dict[str, str | None] = {}

    def build(self, lead: Lead) -> dict[str, Any]:
        tz = zone(lead.timezone)
        today = self.clock().astimezone(tz).date()
        context: dict[str, Any] = {
            "lead": lead_variables(lead, self.stage_names, self.custom, tz), "owner": _person(lead.owner),
            "today": today, "hoje": today, "last_interaction": None, "interactions": [],
            "last_purchase": None, "recommendations": [], "top_product": None,
        }
        context["lead"]["segment"] = self.words.segment(lead.segment)
        if self.needs & HISTORY_VARIABLES:
            history = self._interactions(lead.id, tz)
            context["interactions"] = history
            context["last_interaction"] = history[0] if history else None
        if "last_purchase" in self.needs:
            context["last_purchase"] = self._last_purchase(lead.id, tz)
        if self.needs & {"recommendations", "top_product"}:
            context["recommendations"] = self._recommendations(lead.id)
            context["top_product"] = next((r for r in context["recommendations"] if r["kind"] == "product"), None)
        return context

    def _interactions(self, lead_id: int, tz: ZoneInfo) -> list[dict[str, Any]]:
        rows = self.session.scalars(
            select(Interaction).where(Interaction.lead_id == lead_id, Interaction.deleted_at.is_(None))
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(HISTORY)
        )
        return [{"kind": r.kind, "occurred_at": _local(r.occurred_at, tz), "notes": r.notes, "outcome": r.outcome,
                 "duration_s": r.duration_s, "author": r.author.display_name if r.author else None} for r in rows]

    def _last_purchase(self, lead_id: int, tz: ZoneInfo) -> dict[str, Any] | None:
        row = self.session.scalars(
            select(Purchase).where(Purchase.lead_id == lead_id).order_by(Purchase.time.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return {"item": row.item, "description": row.description, "quantity": row.quantity,
                "unit_price": row.unit_price, "time": _local(row.time, tz), "invoice": row.invoice}

    def _recommendations(self, lead_id: int) -> list[dict[str, Any]]:
        rows = self.session.scalars(
            select(Recommendation).where(Recommendation.lead_id == lead_id)
            .order_by(Recommendation.kind, Recommendation.rank).limit(10)
        )
        recs = [{"kind": r.kind, "rank": r.rank, "item": r.item, "score": r.score,
                 "reason": self.words.reason(r.reason, r.reason_data), "description": None} for r in rows]
        unknown = {str(r["item"]) for r in recs if r["kind"] == "product"} - self._described.keys()
        if unknown:  # what the item is called, as the purchases describe it (looked up once per item)
            self._described.update(dict.fromkeys(unknown))
            names = self.session.execute(select(Purchase.item, Purchase.description).where(
                Purchase.item.in_(unknown), Purchase.description.is_not(None)).order_by(Purchase.time))
            self._described.update({item: text for item, text in names})
        for r in recs:
            r["description"] = self._described.get(str(r["item"])) if r["kind"] == "product" else None
        return recs


def sample_context(custom: Iterable[str] = ()) -> dict[str, Any]:
    """A fully filled lead, used to try a template when it is saved."""
    at = datetime(2024, 5, 31, 14, 30, tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
    custom_names = list(custom)
    lead = {
        "id": 1, "name": "Maria Aparecida Souza", "first_name": "Maria", "company": "Souza Materiais Ltda",
        "job_title": "Compradora", "email": "maria@souza.com.br", "phone": "+5511987654321",
        "phone_display": "+55 11 98765-4321", "kind": "lead", "stage": "qualified", "stage_name": "Qualificado",
        "source": "site", "owner": "Ana Lima", "tags": ["vip"], "address": "Rua das Flores, 100",
        "city": "São Paulo", "state": "SP", "postal_code": "01000-000", "country": "BR",
        "timezone": DEFAULT_TIMEZONE, "score": 0.82, "segment": "Compradores frequentes", "value": 12500.0,
        "created_at": at, "updated_at": at, "stage_changed_at": at, "last_interaction_at": at, "sms_consent": True,
        "custom": dict.fromkeys(custom_names, "2024-06-30"),
    }
    for name in custom_names:
        lead.setdefault(name, "2024-06-30")
    interaction = {"kind": "call", "occurred_at": at, "notes": "Pediu orçamento", "outcome": "interessada",
                   "duration_s": 300, "author": "Ana Lima"}
    return {
        "lead": lead, "owner": {"name": "Ana Lima", "first_name": "Ana", "username": "ana", "email": "ana@x.com",
                                "phone": "+5511912345678"},
        "last_interaction": interaction, "interactions": [interaction], "today": at.date(), "hoje": at.date(),
        "last_purchase": {"item": "Cimento", "description": "CP II 50kg", "quantity": 10.0, "unit_price": 32.5,
                          "time": at, "invoice": "NF-1"},
        "recommendations": [{"kind": "product", "rank": 1, "item": "ARG-20", "score": 0.7, "reason": "compra junto",
                             "description": "Argamassa AC-II 20kg"}],
        "top_product": {"kind": "product", "rank": 1, "item": "ARG-20", "score": 0.7, "reason": "compra junto",
                        "description": "Argamassa AC-II 20kg"},
    }


# --- rendering -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledTemplate:
    body: str
    needs: frozenset[str]
    template_id: int | None = None
    name: str | None = None
    refused: TemplateProblem | None = None  # a stored template that fails its check today: every lead gets this


    def render(self, context: dict[str, Any]) -> str:
        """The text for one lead, under the render budget; TemplateProblem when this lead's data breaks it or makes
        it too big (more than MAX_SEGMENTS segments) or too much work."""
        text = self.fill(context)
        if not text:
            raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the message is empty for this lead")))
        return _within_limits(text)

    def fill(self, context: dict[str, Any]) -> str:
        """The template filled in under the render budget, stripped (possibly empty)."""
        from jinja2.exceptions import TemplateError

        if self.refused is not None:
            raise self.refused
        try:
            text = guard.render(_compiled(self.body), context)
        except guard.RenderRefused as refused:
            line = _template_line(sys.exc_info()[2])
            raise TemplateProblem(refused.reason, line, _column(self.body, line, None) if line else None) from None
        except (TemplateError, *RENDER_ERRORS) as exc:
            line = _template_line(sys.exc_info()[2])
            message = exc.message if isinstance(exc, TemplateError) and exc.message else str(exc)
            raise TemplateProblem(message, line, _column(self.body, line, _quoted(message))) from None
        return text.strip()


def _within_limits(text: str) -> str:
    """`text`, or TemplateProblem when Twilio would refuse it or it is more than MAX_SEGMENTS segments."""
    if len(text) > MAX_BODY:
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the message is {n} characters for this lead; Twilio "
                                                                 "accepts at most {limit}"), n=len(text), limit=MAX_BODY))
    segments = count_segments(text).segments
    if segments > MAX_SEGMENTS:
        raise TemplateProblem(Text(QT_TRANSLATE_NOOP("Services", "the message is {n} SMS segments for this lead; an "
                                                                 "SMS may have at most {limit}"), n=segments, limit=MAX_SEGMENTS))
    return text


_CACHE: dict[str, Any] = {}


def _compiled(body: str) -> Any:
    template = _CACHE.get(body)
    if template is None:
        if len(_CACHE) > 256:
            _CACHE.clear()
        template = _CACHE[body] = _env().from_string(body)
    return template


def compile_body(body: str, custom_fields: Iterable[str] = (), *, template_id: int | None = None,
                 name: str | None = None) -> CompiledTemplate:
    from jinja2 import meta

    check(body, custom_fields)
    needs = frozenset(meta.find_undeclared_variables(_env().parse(body)))
    return CompiledTemplate(body, needs, template_id, name)


# --- stored templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRecord:
    id: int
    name: str
    body: str
    description: str | None
    version: int
    updated_at: datetime | None


@dataclass(frozen=True)
class Preview:
    lead_id: int
    text: str
    segments: SegmentCount
    cost: Decimal


def _record(row: MessageTemplate) -> TemplateRecord:
    return TemplateRecord(row.id, row.name, row.body, row.description, row.version, row.updated_at)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TemplateService:
    def __init__(self, db: Database, actor_id: int | None = None, clock: Callable[[], datetime] = _utcnow,
                 translations: Path | None = None) -> None:
        self.db = db
        self.actor_id = actor_id
        self.clock = clock
        self.translations = translations  # the .ts folder for the words AIConnect puts into SMS (None: resources/i18n)

    def custom_field_names(self, session: Session | None = None) -> list[str]:
        if session is not None:
            return list(session.scalars(select(CustomField.name)))
        with self.db.session() as own:
            return list(own.scalars(select(CustomField.name)))

    def save(self, name: str, body: str, description: str | None = None) -> TemplateRecord:
        """Create or replace the template called `name`; refused with line and column when broken."""
        name = (name or "").strip()
        if not name or len(name) > 120:
            raise ValidationError({"name": "is required (at most 120 characters)"})
        check(body, self.custom_field_names())
        at = self.clock()
        with self.db.transaction() as session:
            row = session.scalar(select(MessageTemplate).where(MessageTemplate.name == name))
            if row is None:
                row = MessageTemplate(name=name, body=body, description=description, created_at=at, updated_at=at)
                session.add(row)
                session.flush()
                audit.record(session, self.actor_id, "message_template", row.id, "create", {"name": [None, name]})
            else:
                diff = {"body": [row.body, body]} if row.body != body else {}
                row.body, row.deleted_at, row.updated_at = body, None, at
                if description is not None:
                    row.description = description
                session.flush()
                audit.record(session, self.actor_id, "message_template", row.id, "update", diff)
            return _record(row)

    def get(self, name_or_id: str | int) -> TemplateRecord:
        with self.db.session() as session:
            return _record(self._load(session, name_or_id))

    def list_all(self) -> list[TemplateRecord]:
        with self.db.session() as session:
            rows = session.scalars(select(MessageTemplate).where(MessageTemplate.deleted_at.is_(None))
                                   .order_by(MessageTemplate.name))
            return [_record(r) for r in rows]

    def delete(self, name_or_id: str | int) -> None:
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            row.deleted_at = self.clock()
            audit.record(session, self.actor_id, "message_template", row.id, "delete", {"deleted_at": [None, row.deleted_at]})

    def compile(self, name_or_id: str | int) -> CompiledTemplate:
        """A stored template, ready to render. One that no longer passes its check (a custom field it names was
        removed, a limit it now exceeds) does not raise: each lead's render is refused with the reason, so its
        messages are held where the rep sees them and an automations pass is not stopped by it."""
        record = self.get(name_or_id)
        try:
            return compile_body(record.body, self.custom_field_names(), template_id=record.id, name=record.name)
        except TemplateProblem as problem:
            logger.warning("template %r no longer passes its check: %s", record.name, problem)
            return CompiledTemplate(record.body, frozenset(VARIABLES), record.id, record.name, refused=problem)

    def preview(self, body: str | CompiledTemplate, lead_id: int,
                price_per_segment: Decimal = DEFAULT_PRICE_PER_SEGMENT) -> Preview:
        compiled = body if isinstance(body, CompiledTemplate) else compile_body(body, self.custom_field_names())
        with self.db.session() as session:
            lead = session.get(Lead, lead_id)
            if lead is None or lead.deleted_at is not None:
                raise NotFoundError(f"lead {lead_id} does not exist")
            text = compiled.render(ContextBuilder(session, set(compiled.needs), self.clock, self.translations)
                                   .build(lead))
        segments = count_segments(text)
        return Preview(lead_id, text, segments, estimate_cost(segments.segments, price_per_segment))

    def render_for(self, session: Session, compiled: CompiledTemplate,
                   leads: Iterable[Lead]) -> Iterator[tuple[Lead, str | TemplateProblem]]:
        """(lead, text) or (lead, problem) for each lead, within the caller's session."""
        builder = ContextBuilder(session, set(compiled.needs), self.clock, self.translations)
        for lead in leads:
            try:
                yield lead, compiled.render(builder.build(lead))
            except TemplateProblem as problem:
                yield lead, problem
            except Exception as exc:  # one lead's render must never stop a batch (or the worker's pass)
                from jinja2.exceptions import SecurityError

                if not isinstance(exc, SecurityError):
                    logger.exception("rendering template %s for lead %s failed", compiled.name or "(body)", lead.id)
                yield lead, TemplateProblem(str(exc) if isinstance(exc, SecurityError) else Text(QT_TRANSLATE_NOOP(
                    "Services", "the template could not be filled in for this lead ({error})"), error=type(exc).__name__))

    def _load(self, session: Session, name_or_id: str | int) -> MessageTemplate:
        stmt = select(MessageTemplate).where(MessageTemplate.deleted_at.is_(None))
        if isinstance(name_or_id, int) or str(name_or_id).isdigit():
            row = session.scalar(stmt.where(MessageTemplate.id == int(name_or_id)))
            if row is None:
                row = session.scalar(stmt.where(MessageTemplate.name == str(name_or_id)))
        else:
            row = session.scalar(stmt.where(MessageTemplate.name == str(name_or_id)))
        if row is None:
            raise NotFoundError(f"template {name_or_id!r} does not exist")
        return row
