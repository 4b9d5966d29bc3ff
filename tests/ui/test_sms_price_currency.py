"""The price per SMS segment is entered in the workspace's sms.price_currency and every estimate is shown in
it, written by the UI's locale; nothing is converted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from app.errors import ValidationError
from app.services.messaging.segments import count_segments
from app.services.messaging.templates import TemplateService
from app.ui.formatting import format_money
from app.ui.messaging.template_editor import TemplateEditor
from app.ui.messaging.words import segment_line
from tests.ui.conftest import idle


def test_the_setting_takes_the_known_currencies_only(ctx):
    assert ctx.workspace.get("sms.price_currency") == "USD"
    assert ctx.workspace.set("sms.price_currency", "brl") == "BRL"
    with pytest.raises(ValidationError) as refused:
        ctx.workspace.set("sms.price_currency", "R$")
    assert "USD, BRL" in str(refused.value.problems["sms.price_currency"])
    assert ctx.workspace.get("sms.price_currency") == "BRL"


def test_the_segment_line_names_the_currency_and_counts_in_words():
    one, two = count_segments("Oi"), count_segments("x" * 200)
    assert segment_line(one, Decimal("0.25"), "BRL") == "GSM-7 · 2/160 characters · 1 segment · R$0.25"
    assert segment_line(two, Decimal("0.10"), "USD") == "GSM-7 · 200/306 characters · 2 segments · $0.10"


def test_the_template_editor_estimates_in_the_workspace_currency(qtbot, ctx, runner):
    TemplateService(ctx.db).save("Oi", "Oi {{ lead.first_name }}")
    ctx.workspace.set("sms.price_currency", "BRL")
    ctx.workspace.set("sms.price_per_segment", "0.25")
    editor = TemplateEditor(ctx, runner)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.setup is not None, timeout=15000)
    idle(qtbot, runner)
    assert editor.setup.currency == "BRL"
    expected = format_money(Decimal("0.25"), "BRL")
    qtbot.waitUntil(lambda: editor.segments_label.text().endswith(f"1 segment · {expected}"), timeout=15000)
    assert "$0.25" not in editor.segments_label.text().replace("R$", "")
    pt = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    assert format_money(Decimal("0.25"), "BRL", pt) == "R$\xa00,25"
