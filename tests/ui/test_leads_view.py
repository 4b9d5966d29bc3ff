"""The Leads screen: search as you type, filters, sort, keyboard, delete with undo, layout persistence."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt

from app.ui.leads.model import COLUMN_INDEX
from app.ui.leads.view import LeadsView
from tests.ui.conftest import idle


def make_view(qtbot: Any, ctx: Any, runner: Any) -> LeadsView:
    view = LeadsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitSignal(view.model.loaded, timeout=10000):
        view.show()
    idle(qtbot, runner)
    return view


def shown_names(view: LeadsView) -> list[str]:
    model = view.model
    return [model.index(row, COLUMN_INDEX["name"]).data() for row in range(model.rowCount())]


def test_search_as_you_type_is_accent_insensitive(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    assert view.model.rowCount() == len(seeded)
    qtbot.keyClicks(view.search, "joao")
    assert view.model.rowCount() == len(seeded)  # debounced: nothing ran yet
    qtbot.waitUntil(lambda: shown_names(view) == ["João Silva"], timeout=5000)
    qtbot.waitUntil(lambda: view.count_label.text().startswith("1"), timeout=5000)  # the count follows the first page
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(seeded), timeout=5000)


def test_search_finds_words_in_interaction_notes(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    qtbot.keyClicks(view.search, "orcamento paes")
    qtbot.waitUntil(lambda: shown_names(view) == ["João Silva"], timeout=5000)


def test_filters_combine_and_clear(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    stage = view.filters["stages"]
    assert {value for value, _label in stage._options} >= {"new", "won"}
    with qtbot.waitSignal(view.model.loaded):
        stage.set_values(["new"])
    assert sorted(shown_names(view)) == ["José Santos", "Zé Carioca"]
    assert stage.text() == "Stage: New"
    with qtbot.waitSignal(view.model.loaded):
        view.filters["sources"].set_values(["Feira"])
    assert sorted(shown_names(view)) == ["José Santos", "Zé Carioca"]
    with qtbot.waitSignal(view.model.loaded):
        view.filters["tags"].set_values(["vip"])
    assert shown_names(view) == []
    assert view.clear_button.isVisible()
    with qtbot.waitSignal(view.model.loaded):
        view.clear_filters()
    assert view.model.rowCount() == len(seeded)
    assert not view.clear_button.isVisible()


def test_owner_filter_offers_me(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    labels = [label for _value, label in view.filters["owner_ids"]._options]
    assert "ana (me)" in labels
    with qtbot.waitSignal(view.model.loaded):
        view.filters["owner_ids"].set_values([ctx.user.id])
    assert view.model.rowCount() == len(seeded)


def test_header_click_sorts_in_sql(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    assert shown_names(view)[0] == "Ana Paula Lima"
    with qtbot.waitSignal(view.model.loaded):
        view.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.DescendingOrder)
    assert shown_names(view)[0] == "Zé Carioca"
    with qtbot.waitSignal(view.model.loaded):
        view.table.sortByColumn(COLUMN_INDEX["city"], Qt.SortOrder.AscendingOrder)
    assert view.model.index(0, COLUMN_INDEX["city"]).data() == "Belo Horizonte"


def test_keyboard_search_down_and_enter_opens_the_lead(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    qtbot.keyClicks(view.search, "maria")
    qtbot.waitUntil(lambda: shown_names(view) == ["Maria Souza"], timeout=5000)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus() or view.table.currentIndex().isValid()
    assert view.current_id() == seeded["Maria Souza"]
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.detail.record is not None and view.detail.record.name == "Maria Souza", timeout=5000)
    assert view.detail.isVisible()
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert not view.detail.isVisible()


def test_typing_in_the_table_goes_to_the_search_box(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    view.table.setFocus()
    view.table.keyboardSearch("jo")
    assert view.search.text() == "jo"


def test_delete_removes_rows_and_undo_restores_them(qtbot, window, ctx, runner, seeded):
    view = window.leads
    view.select_lead(seeded["Carlos Andrade"])
    view.table.selectionModel().select(
        view.model.index(view.model.row_of(seeded["Beatriz Costa"]), 0),
        view.table.selectionModel().SelectionFlag.Select | view.table.selectionModel().SelectionFlag.Rows)
    assert sorted(view.selected_ids()) == sorted([seeded["Carlos Andrade"], seeded["Beatriz Costa"]])
    window.delete_selected()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(seeded) - 2, timeout=5000)
    assert window.message_bar.isVisible() and window.message_bar.action_button.isVisible()
    assert ctx.leads.get(seeded["Carlos Andrade"], include_deleted=True).deleted_at is not None
    assert window.actions_["undo"].isEnabled()
    window.actions_["undo"].trigger()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(seeded), timeout=5000)
    idle(qtbot, runner)
    assert ctx.leads.get(seeded["Carlos Andrade"]).deleted_at is None
    assert sorted(view.selected_ids()) == sorted([seeded["Carlos Andrade"], seeded["Beatriz Costa"]])


def test_undo_from_the_message_bar_button(qtbot, window, ctx, runner, seeded):
    view = window.leads
    view.select_lead(seeded["Zé Carioca"])
    window.delete_selected()
    qtbot.waitUntil(lambda: view.model.row_of(seeded["Zé Carioca"]) is None, timeout=5000)
    qtbot.mouseClick(window.message_bar.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.row_of(seeded["Zé Carioca"]) is not None, timeout=5000)


def test_refresh_keeps_selection_and_reflects_changes(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    view.select_lead(seeded["José Santos"])
    ctx.leads.update(seeded["José Santos"], {"name": "José Santos Filho"})
    ctx.leads.create({"name": "Aaron Novo"})
    with qtbot.waitSignal(view.model.loaded):
        view.refresh()
    assert view.current_id() == seeded["José Santos"]
    assert view.selected_ids() == [seeded["José Santos"]]
    assert "José Santos Filho" in shown_names(view)


def test_bulk_stage_change(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    view.table.selectAll()
    view.move_selected_to_stage("qualified")
    idle(qtbot, runner)
    assert {ctx.leads.get(i).stage for i in seeded.values()} == {"qualified"}


def test_column_layout_is_saved_and_restored(qtbot, ctx, runner, seeded, tmp_path):
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    view = make_view(qtbot, ctx, runner)
    header = view.table.horizontalHeader()
    header.setSectionHidden(COLUMN_INDEX["email"], True)
    header.moveSection(header.visualIndex(COLUMN_INDEX["city"]), 1)
    with qtbot.waitSignal(view.model.loaded):
        view.table.sortByColumn(COLUMN_INDEX["company"], Qt.SortOrder.DescendingOrder)
    view.save_state(state)

    again = LeadsView(ctx, runner)
    qtbot.addWidget(again)
    again.restore_state(state)
    with qtbot.waitSignal(again.model.loaded):
        again.show()
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(COLUMN_INDEX["email"])
    assert header.visualIndex(COLUMN_INDEX["city"]) == 1
    assert again.model.query.order_by == "company" and again.model.query.descending


def test_columns_menu_hides_and_reset_brings_back(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    header = view.table.horizontalHeader()
    menu = view.columns.button.menu()
    menu.aboutToShow.emit()
    titles = [action.text() for action in menu.actions() if action.isCheckable()]
    assert len(titles) == len(COLUMN_INDEX) and not menu.actions()[COLUMN_INDEX["name"]].isEnabled()
    menu.actions()[COLUMN_INDEX["phone"]].setChecked(False)
    assert header.isSectionHidden(COLUMN_INDEX["phone"])
    header.moveSection(header.visualIndex(COLUMN_INDEX["city"]), 1)
    view.reset_columns()
    assert not header.isSectionHidden(COLUMN_INDEX["phone"])
    assert header.visualIndex(COLUMN_INDEX["city"]) == COLUMN_INDEX["city"]


def test_a_column_sql_cannot_sort_keeps_the_order(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    header = view.table.horizontalHeader()
    with qtbot.waitSignal(view.model.sort_refused):
        view.table.sortByColumn(COLUMN_INDEX["owner"], Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == COLUMN_INDEX["name"]
    assert view.model.query.order_by == "name"


def test_show_segment_clears_the_search_and_other_filters(qtbot, ctx, runner, seeded):
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignal(view.model.loaded):
        view.filters["stages"].set_values(["new"])
    view.search.setText("jo")
    with qtbot.waitSignal(view.model.loaded):
        view.show_segment("Leads recentes")
    query = view.current_query()
    assert query.segments == ("Leads recentes",) and query.stages == () and query.text == ""
    assert view.filters["segments"].isVisibleTo(view) and view.filters["stages"].text() == "Stage"
    assert view.model.rowCount() == 0  # no lead is in that segment yet


def test_del_and_ctrl_z_keys_on_the_table_but_not_in_the_search_box(qtbot, window, runner, seeded):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view = window.leads
    view.select_lead(seeded["Maria Souza"])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.row_of(seeded["Maria Souza"]) is None, timeout=5000)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.row_of(seeded["Maria Souza"]) is not None, timeout=5000)
    idle(qtbot, runner)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "abc")
    view.search.setCursorPosition(0)
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)  # edits the text; the selected lead stays
    assert view.search.text() == "bc"
    idle(qtbot, runner)
    assert view.model.rowCount() >= 0 and ctx_lead_alive(window, seeded["Maria Souza"])


def ctx_lead_alive(window: Any, lead_id: int) -> bool:
    return window.ctx.leads.get(lead_id).deleted_at is None
