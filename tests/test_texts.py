"""Service messages are plain English strings that remember which message they are."""

from __future__ import annotations

import pickle

import pytest

from app.errors import ValidationError
from app.texts import QT_TRANSLATE_NOOP, Text, reason, too_long


def test_a_text_is_the_english_string_and_keeps_its_template() -> None:
    text = Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number"), value=repr("abc"))
    assert text == "'abc' is not a number"
    assert isinstance(text, str)
    assert text.template == "{value} is not a number"
    assert text.params == {"value": "'abc'"}
    assert f"x: {text}" == "x: 'abc' is not a number"
    copy = pickle.loads(pickle.dumps(text))
    assert isinstance(copy, Text) and copy.template == text.template and copy == text


def test_reason_gets_the_text_back_from_an_exception() -> None:
    try:
        raise ValueError(too_long(80))
    except ValueError as exc:
        got = reason(exc)
    assert isinstance(got, Text) and got == "is longer than 80 characters" and got.params == {"n": 80}
    assert reason(KeyError("plain")) == "'plain'"


def test_validation_problems_keep_their_texts(ctx) -> None:
    with pytest.raises(ValidationError) as caught:
        ctx.leads.create({"name": "Ana", "email": "ana@", "kind": "partner"})
    problems = caught.value.problems
    assert all(isinstance(v, Text) for v in problems.values())
    assert problems["email"] == "'ana@' is not an e-mail address"
    assert problems["kind"] == "must be 'lead' or 'customer', not 'partner'"


def test_a_text_survives_a_json_column_with_its_nested_texts_and_dates() -> None:
    import json
    from datetime import date

    from app.texts import from_data, to_data

    inner = Text(QT_TRANSLATE_NOOP("Services", "bought {n}× (last on {last})"), n=3, last=date(2026, 5, 4))
    text = Text(QT_TRANSLATE_NOOP("Services", "{why}; {share:.0%} of buyers"), why=inner, share=0.25)
    back = from_data(json.loads(json.dumps(to_data(text))))
    assert isinstance(back, Text) and back == text == "bought 3× (last on 2026-05-04); 25% of buyers"
    assert isinstance(back.params["why"], Text) and back.params["why"].params["last"] == date(2026, 5, 4)
    assert from_data("plain") == "plain" and from_data({"t": "{missing}", "p": {}}) == "{missing}"
    with pytest.raises(TypeError, match="not object"):
        to_data(Text("{x}", x=object()))
