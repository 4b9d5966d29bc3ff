"""User-defined lead fields: a definition (name, label, kind) and typed values in Lead.custom.

A value for a defined field is checked against its kind; a value for an undefined name is
kept as text, so an import can carry any column (`custom.<name>`) without losing data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import CustomField
from app.errors import ValidationError
from app.services.leads.normalize import check_date, out_of_range, parse_boolean
from app.texts import QT_TRANSLATE_NOOP, Text, reason

KINDS = ("text", "number", "date", "bool", "choice")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,79}")


@dataclass(frozen=True)
class FieldDefinition:
    name: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()

    def coerce(self, value: Any) -> Any:
        """The stored form of a value (JSON-friendly), or ValueError saying why not."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self.kind == "number":
            return _number(value)
        if self.kind == "date":
            return _date(value)
        if self.kind == "bool":
            return parse_boolean(value)
        if self.kind == "choice":
            text = str(value).strip()
            if text not in self.choices:
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not one of {choices}"), value=repr(text),
                                      choices=", ".join(self.choices)))
            return text
        return str(value).strip()


CUSTOM_NUMBER_LIMIT = 1e15  # beyond it a JSON number loses its units digit; nan and inf are not JSON at all


def _number(value: Any) -> float:
    number = _float(value)
    if not math.isfinite(number):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a finite number"), value=repr(value)))
    if abs(number) > CUSTOM_NUMBER_LIMIT:
        raise ValueError(out_of_range(repr(value), -CUSTOM_NUMBER_LIMIT, CUSTOM_NUMBER_LIMIT))
    return number


def _float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an int too big for a float
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a finite number"), value=repr(value))) from None
    text = str(value).strip().replace(" ", "")
    if "," in text and "." in text:  # 1.234,56 (pt-BR) or 1,234.56 (en)
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number"), value=repr(value))) from None


def _date(value: Any) -> str:
    """ISO date between 1900 and 2100 (normalize.check_date)."""
    if isinstance(value, datetime):
        return check_date(value.date()).isoformat()
    if isinstance(value, date):
        return check_date(value).isoformat()
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return check_date(day).isoformat()
    raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a date (use 2024-05-31 or 31/05/2024)"),
                          value=repr(text)))


class CustomFields:
    def __init__(self, db: Database) -> None:
        self.db = db

    def definitions(self) -> list[FieldDefinition]:
        with self.db.session() as session:
            rows = session.scalars(select(CustomField).order_by(CustomField.position, CustomField.name))
            return [definition_of(row) for row in rows]

    def define(
        self, name: str, label: str | None = None, kind: str = "text", choices: list[str] | None = None
    ) -> FieldDefinition:
        problems: dict[str, str] = {}
        if not FIELD_NAME.fullmatch(name or ""):
            problems["name"] = Text(
                QT_TRANSLATE_NOOP("Services", "must start with a letter and use only a-z, 0-9 and _ (at most 80)"))
        if kind not in KINDS:
            problems["kind"] = Text(QT_TRANSLATE_NOOP("Services", "must be one of {kinds}"), kinds=", ".join(KINDS))
        if kind == "choice" and not choices:
            problems["choices"] = Text(QT_TRANSLATE_NOOP("Services", "a choice field needs at least one choice"))
        if problems:
            raise ValidationError(problems)
        with self.db.transaction() as session:
            row = session.scalar(select(CustomField).where(CustomField.name == name))
            if row is None:
                count = len(session.scalars(select(CustomField.id)).all())
                row = CustomField(name=name, position=count)
                session.add(row)
            row.label = label or name.replace("_", " ").capitalize()
            row.kind = kind
            row.choices = {"values": list(choices)} if choices else None
            session.flush()
            return definition_of(row)

    def remove(self, name: str) -> None:
        """Forget the definition; values already stored stay on the leads as text."""
        with self.db.transaction() as session:
            row = session.scalar(select(CustomField).where(CustomField.name == name))
            if row is not None:
                session.delete(row)


def definition_of(row: CustomField) -> FieldDefinition:
    choices = tuple((row.choices or {}).get("values", ()))
    return FieldDefinition(row.name, row.label, row.kind, choices)


def coerce_values(definitions: dict[str, FieldDefinition], values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values and per-field problems (`custom.<name>` -> reason)."""
    out: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        definition = definitions.get(name) or FieldDefinition(name, name, "text")
        try:
            out[name] = definition.coerce(value)
        except ValueError as exc:
            problems[f"custom.{name}"] = reason(exc)
    return out, problems
