"""Jinja's syntax errors reach the user as our own sentences (translatable Texts), with line and column."""

from __future__ import annotations

import pytest

from app.services.messaging.templates import TemplateProblem, check
from app.texts import Text


@pytest.mark.parametrize(("body", "words", "where"), [
    ("Oi {{ lead.name }", "unexpected “}”", (1, 17)),
    ("Oi\n{% if lead.company %}da {{ lead.company }}", "the “if” block is never closed: add {% endif %}", (2, None)),
    ("{% for r in recommendations %}{{ r.item }}", "the “for” block is never closed: add {% endfor %}", (1, None)),
    ("{{ lead.name | nope }}", "there is no filter named “nope”", (1, 16)),
    ("{% endif %}", "“{% endif %}” is not a known tag here (is a block opened or closed twice?)", (1, 4)),
    ("{{ lead.name lead.city }}", "expected “}}” but found “lead”", (1, None)),
    ("Oi\n{{ lead.name ", "the template ends too early: “}}” is missing", (2, None)),
    ("{{ lead.name.upper( }}", "unexpected “}”: expected “)”", (1, 21)),
    ("{{ 'Oi }}", "unexpected character \"'\" (is a quote left open?)", (1, None)),
    ("{# nota", "a comment {# is never closed with #}", (1, None)),
])
def test_a_syntax_error_is_said_in_our_words(body: str, words: str, where: tuple[int, int | None]) -> None:
    with pytest.raises(TemplateProblem) as caught:
        check(body)
    problem = caught.value
    assert isinstance(problem.reason, Text) and problem.reason == words
    assert problem.line == where[0] and (where[1] is None or problem.column == where[1])
