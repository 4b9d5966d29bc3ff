"""Messages the services write in English and the UI shows in the user's language.

The services have no Qt, so they cannot translate; they can say *which* message it is. A `Text`
is an ordinary `str` (the English text: logs, the command line, JSON and tests read it as
before) that also remembers its template and values, so the UI can look the template up in
the "Services" context of the Qt translations and fill in the same values:

    problems["name"] = Text(QT_TRANSLATE_NOOP("Services", "is longer than {n} characters"), n=200)

`QT_TRANSLATE_NOOP` is the marker pyside6-lupdate looks for (tools/i18n_build.py scans
app/services too); here it returns the text unchanged. Values that are themselves `Text` are
translated too. Exceptions carry a `Text` as their first argument: `reason(exc)` gets it back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

CONTEXT = "Services"
CONTEXTS = (CONTEXT, "ML")  # where a Text's template is looked up, in this order (app/ml marks its own "ML")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context` (the name is the one lupdate recognises); returns it unchanged."""
    return text


class Text(str):
    """English text that remembers its template and values (see the module docstring)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (multiprocessing, copy) as a Text, not a plain str
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def to_data(value: Any) -> Any:
    """A JSON-ready form of a `Text` (and of its values), for a column the UI reads back later:
    {"t": template, "p": {name: value}}; dates become {"date": "YYYY-MM-DD"} so the UI can show
    them in its locale. Plain strings and numbers are kept as they are."""
    if isinstance(value, Text):
        return {"t": value.template, "p": {k: to_data(v) for k, v in value.params.items()}}
    if isinstance(value, date):
        return {"date": value.isoformat()[:10]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a Text value must be text, a number or a date, not {type(value).__name__}")


def from_data(data: Any) -> Any:
    """The `Text` (or value) `to_data` wrote; anything unexpected comes back as a plain string."""
    if isinstance(data, dict):
        if "t" in data and isinstance(data["t"], str):
            params = data.get("p") or {}
            if isinstance(params, dict):
                try:
                    return Text(data["t"], **{str(k): from_data(v) for k, v in params.items()})
                except (KeyError, IndexError, ValueError, TypeError):
                    return data["t"]
        if "date" in data and isinstance(data["date"], str):
            try:
                return date.fromisoformat(data["date"])
            except ValueError:
                return data["date"]
        return str(data)
    return data


def reason(exc: BaseException) -> str:
    """The exception's message, as the `Text` it was raised with when it was one."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def required() -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "is required"))


def no_such_lead(lead_id: object) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "lead {id} does not exist"), id=lead_id)


def too_long(limit: int) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "is longer than {n} characters"), n=limit)
