"""The condition builder of the automation editor: all/any groups, "not", one level of nested groups,
deeper conditions kept read-only (never dropped), the summary in words and problems next to the rows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.ui.automations.editor import AutomationEditor

COMPOUND_FILTER = {"any": [
    {"field": "stage", "op": "in", "value": ["new", "contacted"]},
    {"all": [{"field": "city", "op": "eq", "value": "Recife"}, {"not": {"field": "tags", "op": "contains", "value": "vip"}}]},
]}
COMPOUND_STEP = {"all": [{"field": "replied", "op": "eq", "value": False},
                         {"not": {"any": [{"field": "score", "op": "gte", "value": 0.8},
                                          {"field": "segment", "op": "empty"}]}}],
                 "else": "end"}


@pytest.fixture
def service(ctx: AppContext) -> Any:
    return ctx.automations()


def open_editor(qtbot: Any, ctx: AppContext, runner: Any, record: Any = None) -> AutomationEditor:
    editor = AutomationEditor(ctx, runner, record)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=10000):
        editor.open()
    return editor


def test_compound_conditions_made_elsewhere_survive_open_and_save(qtbot, ctx, runner, service):
    record = service.create("Composta", "lead_created", {"filter": COMPOUND_FILTER},
                            [{"action": {"body": "Oi"}, "condition": COMPOUND_STEP}])
    editor = open_editor(qtbot, ctx, runner, record)
    spec = editor.spec()
    assert spec["config"] == {"filter": COMPOUND_FILTER}
    assert spec["steps"] == [{"delay_s": 0, "action": {"body": "Oi"}, "condition": COMPOUND_STEP}]
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    stored = service.get("Composta")
    assert stored.config == {"filter": COMPOUND_FILTER} and stored.steps[0].condition == COMPOUND_STEP


def test_build_all_any_not_and_a_group_with_the_summary_in_words(qtbot, ctx, runner, service):
    editor = open_editor(qtbot, ctx, runner)
    editor.name.setText("Recife ou novos")
    editor.steps[0].body.setPlainText("Oi")
    builder = editor.filter
    assert builder.body.isHidden() and builder.condition() is None
    builder.enabled.setChecked(True)
    assert not builder.body.isHidden() and len(builder.items) == 1  # a first row to fill in
    builder.mode.setCurrentIndex(builder.mode.findData("any"))
    first = builder.items[0]
    first.set_field("stage")
    first.op.setCurrentIndex(first.op.findData("in"))
    first.value.setEditText("New, Contacted")
    builder.add_group.click()
    group = builder.items[1]
    assert group.mode.currentData() == "any" and len(group.items) == 1
    group.mode.setCurrentIndex(group.mode.findData("all"))
    city = group.items[0]
    city.set_field("city")
    city.value.setEditText("Recife")
    group.add_row.click()
    vip = group.items[1]
    vip.negate.setChecked(True)
    vip.set_field("tags")
    vip.op.setCurrentIndex(vip.op.findData("contains"))
    vip.value.setEditText("vip")
    expected = {"any": [{"field": "stage", "op": "in", "value": ["new", "contacted"]},
                        {"all": [{"field": "city", "op": "eq", "value": "Recife"},
                                 {"not": {"field": "tags", "op": "contains", "value": "vip"}}]}]}
    assert builder.condition() == expected
    assert builder.summary.text() == (
        "In words: Stage is one of New, Contacted or (City is Recife and not (Tags contains vip))")
    group.negate.setChecked(True)
    assert builder.condition()["any"][1] == {"not": expected["any"][1]}
    assert builder.summary.text().endswith("or not (City is Recife and not (Tags contains vip))")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert service.get("Recife ou novos").config == {"filter": {"any": [expected["any"][0],
                                                                         {"not": expected["any"][1]}]}}


def test_a_step_condition_with_else_and_rows_removed(qtbot, ctx, runner, service):
    editor = open_editor(qtbot, ctx, runner)
    step = editor.steps[0]
    builder = step.condition
    builder.enabled.setChecked(True)
    builder.items[0].set_field("replied")
    builder.items[0].value.setEditText("no")
    builder.add_row.click()
    score = builder.items[1]
    score.set_field("score")
    score.op.setCurrentIndex(score.op.findData("gte"))
    score.value.setEditText("0,7")
    builder.otherwise.setCurrentIndex(builder.otherwise.findData("end"))
    assert builder.condition() == {"all": [{"field": "replied", "op": "eq", "value": False},
                                           {"field": "score", "op": "gte", "value": 0.7}], "else": "end"}
    builder.items[0].remove.click()
    assert builder.condition() == {"field": "score", "op": "gte", "value": 0.7, "else": "end"}
    assert score.field.hasFocus() or builder.items == [score]
    builder.enabled.setChecked(False)
    assert builder.condition() is None and "condition" not in step.spec()


DEEP = {"all": [{"field": "city", "op": "eq", "value": "Recife"},
                {"any": [{"field": "stage", "op": "eq", "value": "new"},
                         {"all": [{"field": "score", "op": "gt", "value": 0.5}, {"field": "tags", "op": "empty"}]}]}]}


def test_deeper_nesting_is_kept_read_only_until_replaced(qtbot, ctx, runner, service):
    record = service.create("Profunda", "lead_created", {"filter": DEEP}, [{"action": {"body": "Oi"}}])
    editor = open_editor(qtbot, ctx, runner, record)
    builder = editor.filter
    assert [type(item).__name__ for item in builder.items] == ["ConditionRow", "ConditionGroup"]
    group = builder.items[1]
    assert [type(item).__name__ for item in group.items] == ["ConditionRow", "FixedCondition"]
    fixed = group.items[1]
    assert fixed.text.text() == "Kept as written: Score is more than 0.5 and Tags is empty"
    assert editor.spec()["config"] == {"filter": DEEP}  # untouched: saved as it was
    group.items[0].value.setEditText("Contacted")
    changed = {"all": [DEEP["all"][0], {"any": [{"field": "stage", "op": "eq", "value": "contacted"},
                                                DEEP["all"][1]["any"][1]]}]}
    assert editor.spec()["config"] == {"filter": changed}  # edited around it, still kept
    fixed.replace.click()
    assert [type(item).__name__ for item in group.items] == ["ConditionRow", "ConditionRow"]
    group.items[1].set_field("source")
    group.items[1].value.setEditText("Site")
    assert editor.spec()["config"]["filter"]["all"][1] == {"any": [
        {"field": "stage", "op": "eq", "value": "contacted"}, {"field": "source", "op": "eq", "value": "Site"}]}


def test_a_top_level_the_rows_cannot_show_is_kept_whole(qtbot, ctx, runner, service):
    odd = {"not": {"not": {"field": "city", "op": "eq", "value": "Recife"}}, "else": "end"}
    record = service.create("Dupla", "lead_created", {}, [{"action": {"body": "Oi"}, "condition": odd}])
    editor = open_editor(qtbot, ctx, runner, record)
    builder = editor.steps[0].condition
    assert [type(item).__name__ for item in builder.items] == ["FixedCondition"]
    assert builder.otherwise.currentData() == "end" and editor.spec()["steps"][0]["condition"] == odd
    builder.mode.setCurrentIndex(builder.mode.findData("any"))
    assert editor.spec()["steps"][0]["condition"] == odd  # one member: no group around it
    builder.items[0].replace.click()
    builder.items[0].set_field("city")
    builder.items[0].value.setEditText("Olinda")
    assert editor.spec()["steps"][0]["condition"] == {"field": "city", "op": "eq", "value": "Olinda", "else": "end"}


def test_untouched_values_keep_their_type(qtbot, ctx, runner, service):
    condition = {"all": [{"field": "source", "op": "eq", "value": "123"}, {"field": "city", "op": "eq", "value": "yes"}]}
    record = service.create("Tipos", "lead_created", {"filter": condition}, [{"action": {"body": "Oi"}}])
    editor = open_editor(qtbot, ctx, runner, record)
    assert editor.spec()["config"] == {"filter": condition}
    editor.filter.items[0].value.setEditText("124")
    assert editor.spec()["config"]["filter"]["all"][0]["value"] == 124  # typed anew: read as a number


def test_problems_show_next_to_their_row_and_block_the_save(qtbot, ctx, runner, service):
    editor = open_editor(qtbot, ctx, runner)
    editor.name.setText("Com problema")
    editor.steps[0].body.setPlainText("Oi")
    builder = editor.filter
    builder.enabled.setChecked(True)
    row = builder.items[0]
    row.set_field("city")
    assert not row.error.isHidden() and row.error.text() == "Type a value, or choose “is empty”."
    row.field.setEditText("")
    assert "needs a 'field'" in row.error.text()
    builder.add_group.click()
    group = builder.items[1]
    group.items[0].remove.click()
    assert not group.error.isHidden() and "Add a condition to this group" in group.error.text()
    editor.save()
    assert not editor.general_error.isHidden() and editor.isVisible() and service.list_all() == []
    group.remove.click()
    row.set_field("city")
    row.op.setCurrentIndex(row.op.findData("not_empty"))
    assert row.error.isHidden() and not row.value.isEnabled()
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert service.get("Com problema").config == {"filter": {"field": "city", "op": "not_empty"}}


def test_keyboard_order_follows_the_rows_and_the_builder_fits_the_window(qtbot, ctx, runner, service):
    record = service.create("Teclado", "lead_created", {"filter": COMPOUND_FILTER},
                            [{"action": {"body": "Oi"}, "condition": COMPOUND_STEP}])
    editor = open_editor(qtbot, ctx, runner, record)
    builder = editor.filter
    builder.add_row.click()  # added after the dialog was built: still reached in reading order
    expected = builder.focus_widgets()
    seen, widget = [], builder.enabled
    for _ in range(len(expected) - 1):
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget not in [*expected, editor.stop_on_reply]:
            widget = widget.nextInFocusChain()
        seen.append(widget)
    assert seen == expected[1:]
    after = expected[-1].nextInFocusChain()
    while after.focusPolicy() == Qt.FocusPolicy.NoFocus or not after.isVisibleTo(editor):
        after = after.nextInFocusChain()
    assert after is editor.stop_on_reply
    editor.resize(790, 780)
    qtbot.waitUntil(lambda: editor.width() == 790)
    assert editor.minimumSizeHint().width() <= 790
    steps_viewport = editor.steps_box.parentWidget()  # the steps scroll vertically, never sideways
    qtbot.waitUntil(lambda: editor.steps_box.minimumSizeHint().width() <= steps_viewport.width())
