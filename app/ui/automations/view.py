"""The Automations screen: every automation with its trigger and steps in words, an active switch,
how many leads are in it, finished it or left it, what it sent and when it last acted; below, the log
of what the selected automation (or all of them) did. New / Edit open the automation editor.
Run alone: `python -m app.ui.automations.view`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.services.messaging.automation_spec import AutomationRecord
from app.services.messaging.automations import ActivityLine, AutomationStats
from app.services.messaging.sequences import EvaluationReport
from app.ui import icons
from app.ui.automations.editor import step_text, trigger_text
from app.ui.errors import alive, notify, report_error
from app.ui.formatting import format_datetime
from app.ui.i18n import service_text
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import STATE_COLORS, end_reason_text, state_label

logger = logging.getLogger(__name__)

AutomationRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("name", "trigger", "steps", "leads", "sent", "last")
END_REASONS = ("reply", "opt_out", "won", "lost", "deleted", "condition", "removed by the user")


@dataclass(frozen=True)
class AutomationRow:
    record: AutomationRecord
    stats: AutomationStats | None


def load_automations(ctx: AppContext) -> list[AutomationRow]:
    service = ctx.automations()
    stats = service.stats()
    return [AutomationRow(record, stats.get(record.id)) for record in service.list_all()]


def load_activity(ctx: AppContext, automation_id: int | None) -> list[ActivityLine]:
    return ctx.automations().activity(automation_id, limit=300)


class AutomationsModel(QAbstractTableModel):
    """One row per automation; the check box in the first column pauses or resumes it."""

    toggle_requested = Signal(int, bool)  # automation id, active

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AutomationRow] = []

    def set_rows(self, rows: list[AutomationRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, automation_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.record.id == automation_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "name": self.tr("Automation"), "trigger": self.tr("When"), "steps": self.tr("Steps"),
                "leads": self.tr("Leads"), "sent": self.tr("SMS sent"), "last": self.tr("Last activity"),
            }[COLUMNS[section]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                "name": self.tr("Tick to run the automation, untick to pause it"),
                "leads": self.tr("In the sequence now; completed every step; left early (replied, opted out, won, "
                                 "lost or taken out)"),
                "sent": self.tr("Messages handed to Twilio, of all the automation queued"),
            }.get(COLUMNS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if COLUMNS[index.column()] == "name":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "steps":
                return "\n".join(step_text(s) for s in row.record.steps)
            if column == "trigger":
                return trigger_text(row.record.trigger, row.record.config)
            if column == "sent" and row.stats and row.stats.failed:
                return self.tr("%n failed", "", row.stats.failed)
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == "name":
            return Qt.CheckState.Checked if row.record.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not row.record.active:
            return QColor("#9ca3af")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "sent":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == AutomationRole:
            return row.record
        if role == Qt.ItemDataRole.UserRole:
            return row.record.id
        return None

    def _text(self, row: AutomationRow, column: str) -> str:
        record, stats = row.record, row.stats
        if column == "name":
            return record.name if record.active else self.tr("{name} (paused)").format(name=record.name)
        if column == "trigger":
            return trigger_text(record.trigger, record.config, "\n")
        if column == "steps":  # two lines at most; the tooltip has them all
            lines = [step_text(s) for s in record.steps[:2]]
            more = len(record.steps) - len(lines)
            return "\n".join(lines) + (self.tr(" (+%n more)", "", more) if more > 0 else "")
        if column == "last":
            return format_datetime(stats.last_activity) if stats and stats.last_activity else self.tr("never")
        active, done, ended = (stats.active, stats.done, stats.ended) if stats else (0, 0, 0)
        if column == "leads":
            return (self.tr("%n in the sequence", "", active) + "\n"
                    + self.tr("{done} completed · {ended} left early").format(done=done, ended=ended))
        sent, queued, failed = (stats.sent, stats.messages, stats.failed) if stats else (0, 0, 0)
        text = self.tr("{sent} of {queued}").format(sent=sent, queued=queued)
        return text + ("\n" + self.tr("%n failed", "", failed) if failed else "")

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or COLUMNS[index.column()] != "name":
            return False
        record = self.rows[index.row()].record
        active = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if active != record.active:
            self.toggle_requested.emit(record.id, active)
        return True


def event_text(line: ActivityLine) -> str:
    if line.event == "enrolled":
        return QCoreApplication.translate("AutomationsView", "Entered the sequence")
    if line.event == "done":
        return QCoreApplication.translate("AutomationsView", "Completed every step")
    if line.event == "ended":
        return end_reason_text(line.detail)
    return QCoreApplication.translate("AutomationsView", "SMS {state}").format(state=state_label(line.state or ""))


class AutomationsView(QWidget):
    """The list of automations and, below it, what they did."""

    changed = Signal()  # an automation was created, changed or deleted
    lead_activated = Signal(int)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.model = AutomationsModel(self)
        self._generation = 0
        self._activity_generation = 0
        self.loaded_once = False
        self._build()
        self.model.toggle_requested.connect(self.set_active)
        self.refresh()

    # --- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.title.setStyleSheet("font-size: 17px;")
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self.edit_button = QPushButton(icons.icon("edit"), "")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(icons.icon("delete"), "")
        self.delete_button.clicked.connect(self.delete_selected)
        self.new_button = QPushButton(icons.icon("add", "#ffffff", None), "")
        self.new_button.setObjectName("PrimaryButton")
        self.new_button.clicked.connect(self.new_automation)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.title)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setObjectName("AutomationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 16)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        widths = {"name": 210, "trigger": 250, "steps": 360, "leads": 190, "sent": 80, "last": 140}
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, widths[column])
        header.setSectionResizeMode(COLUMNS.index("steps"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.edit_selected() if index.column() != 0 else None)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.empty = QLabel()
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 14px; padding: 28px;")
        self.empty.hide()

        self.activity_title = QLabel()
        self.activity_title.setObjectName("SectionTitle")
        self.activity_all = QPushButton()
        self.activity_all.setObjectName("LinkButton")
        self.activity_all.clicked.connect(self.table.clearSelection)
        self.activity = QTreeWidget()
        self.activity.setObjectName("AutomationActivity")
        self.activity.setRootIsDecorated(False)
        self.activity.setAlternatingRowColors(True)
        self.activity.setUniformRowHeights(True)
        self.activity.itemActivated.connect(self._activity_activated)
        self.activity_empty = QLabel()
        self.activity_empty.setObjectName("Muted")
        self.activity_empty.setWordWrap(True)
        self.activity_empty.hide()
        activity_bar = QHBoxLayout()
        activity_bar.addWidget(self.activity_title)
        activity_bar.addWidget(self.activity_all)
        activity_bar.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addLayout(activity_bar)
        lower_layout.addWidget(self.activity_empty)
        lower_layout.addWidget(self.activity, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._retranslate()
        self._selection_changed()

    def _retranslate(self) -> None:
        self.title.setText(self.tr("Automations"))
        self.edit_button.setText(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Change the trigger and the steps of the selected automation"))
        self.delete_button.setText(self.tr("Delete"))
        self.new_button.setText(self.tr("New automation"))
        self.new_button.setToolTip(self.tr("Send SMS automatically when something happens to a lead"))
        self.activity_all.setText(self.tr("Show all automations"))
        self.activity.setHeaderLabels([self.tr("When"), self.tr("Automation"), self.tr("Lead"), self.tr("What"),
                                       self.tr("Message")])
        for column, width in enumerate((140, 180, 180, 170)):
            self.activity.setColumnWidth(column, width)
        self.empty.setText(self.tr(
            "No automations yet.\nCreate one to welcome new leads, follow up leads that went quiet, remind a "
            "customer before a renewal or answer a keyword — the app sends while it is open, and "
            "`aiconnect automations run` sends from a server."))
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
            self.refresh()  # the rows and the log are words too
        super().changeEvent(event)

    # --- loading --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        (self.runner.task(load_automations, self.ctx)
         .on_success(alive(self, lambda rows: self._loaded(generation, rows)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _loaded(self, generation: int, rows: list[AutomationRow]) -> None:
        if generation != self._generation:
            return
        selected = self.selected()
        self.model.set_rows(rows)
        self.loaded_once = True
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._update_counts()
        row = self.model.row_of(selected.id) if selected else None
        if row is not None:
            self.table.selectRow(row)
        self._selection_changed()

    def _update_counts(self) -> None:
        rows = self.model.rows
        active = sum(1 for r in rows if r.record.active)
        self.count_label.setText(self.tr("%n automation(s)", "", len(rows)) + " · "
                                 + self.tr("%n active", "", active) if rows else "")

    def selected(self) -> AutomationRecord | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.rows[index.row()].record

    def _selection_changed(self) -> None:
        record = self.selected()
        self.edit_button.setEnabled(record is not None)
        self.delete_button.setEnabled(record is not None)
        self.activity_all.setVisible(record is not None)
        self.load_activity(record.id if record is not None else None)

    def load_activity(self, automation_id: int | None) -> None:
        self._activity_generation += 1
        generation = self._activity_generation
        (self.runner.task(load_activity, self.ctx, automation_id)
         .on_success(alive(self, lambda lines: self._show_activity(generation, automation_id, lines)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _show_activity(self, generation: int, automation_id: int | None, lines: list[ActivityLine]) -> None:
        if generation != self._activity_generation:
            return
        record = next((r.record for r in self.model.rows if r.record.id == automation_id), None)
        self.activity_title.setText(self.tr("What “{name}” did").format(name=record.name) if record
                                    else self.tr("What the automations did"))
        self.activity.clear()
        for line in lines:
            message = " ".join((line.detail or "").split()) if line.event == "message" else ""
            item = QTreeWidgetItem([format_datetime(line.at), line.automation, line.lead, event_text(line), message])
            item.setData(0, Qt.ItemDataRole.UserRole, line.lead_id)
            problem = service_text(line.problem) if line.problem else ""  # the outbox's reason, in the UI's language
            if problem:
                item.setToolTip(3, problem)
                item.setToolTip(4, problem)
            if line.event == "message":
                item.setToolTip(4, (line.detail or "") + (f"\n\n{problem}" if problem else ""))
                item.setIcon(3, icons.dot(STATE_COLORS.get(line.state or "", "#6b7280")))
            self.activity.addTopLevelItem(item)
        self.activity_empty.setText(self.tr("Nothing yet: leads enter when the trigger happens; the app checks "
                                            "every few seconds while it is open."))
        self.activity_empty.setVisible(not lines)
        self.activity.setVisible(bool(lines))

    def _activity_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        lead_id = item.data(0, Qt.ItemDataRole.UserRole)
        if lead_id is not None:
            self.lead_activated.emit(int(lead_id))

    # --- actions ------------------------------------------------------------------------------------

    def new_automation(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self._open_editor(record)

    def _open_editor(self, record: AutomationRecord | None) -> None:
        from app.ui.automations.editor import AutomationEditor

        editor = AutomationEditor(self.ctx, self.runner, record, self)
        editor.saved.connect(self._saved)
        editor.open()
        self.editor = editor

    def _saved(self, record: AutomationRecord) -> None:
        notify(self, self.tr("Automation “{name}” saved.").format(name=record.name))
        self.changed.emit()
        self.refresh()

    def set_active(self, automation_id: int, active: bool) -> None:
        (self.runner.task(lambda: self.ctx.automations().set_active(automation_id, active))
         .on_success(alive(self, self._toggled))
         .on_failure(alive(self, lambda exc: (report_error(self, exc), self.refresh())))
         .start())

    def _toggled(self, record: AutomationRecord) -> None:
        text = (self.tr("“{name}” is running.") if record.active
                else self.tr("“{name}” is paused: it enrolls nobody and sends nothing until resumed."))
        notify(self, text.format(name=record.name))
        self.refresh()

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        row = self.model.rows[self.model.row_of(record.id) or 0]
        waiting = row.stats.active if row.stats else 0
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete automation"), self.tr(
            "Delete “{name}”? %n lead(s) still in it leave the sequence and what it queued but did not send is "
            "canceled. Messages already sent stay on the leads' timelines.\n\nTo stop it for a while, pause it "
            "instead.", "", waiting).format(name=record.name),
            QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.delete(record) if button is delete else None)
        box.open()
        self.confirm = box

    def delete(self, record: AutomationRecord) -> None:
        (self.runner.task(lambda: self.ctx.automations().delete(record.id))
         .on_success(alive(self, lambda canceled: self._deleted(record, canceled)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _deleted(self, record: AutomationRecord, canceled: int) -> None:
        text = self.tr("Automation “{name}” deleted.").format(name=record.name)
        if canceled:
            text += " " + self.tr("%n queued message(s) canceled.", "", canceled)
        notify(self, text)
        self.changed.emit()
        self.table.clearSelection()
        self.refresh()

    def _menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        record = self.model.rows[index.row()].record
        menu = QMenu(self)
        menu.addAction(icons.icon("edit"), self.tr("Edit…"), self.edit_selected)
        menu.addAction(self.tr("Resume") if not record.active else self.tr("Pause"),
                       lambda: self.set_active(record.id, not record.active))
        menu.addSeparator()
        menu.addAction(icons.icon("delete"), self.tr("Delete…"), self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))


def seed_demo_automations(ctx: AppContext) -> EvaluationReport:
    """A few typical automations on a demo workspace, evaluated once (for previews and screenshots);
    returns what the evaluation did. Nothing is sent: there is no Twilio here, so messages wait queued."""
    templates = ctx.templates
    templates.save("boas_vindas", "Olá {{ lead.name | primeiro_nome }}! Aqui é {{ owner.first_name | default('a equipe', "
                                  "true) }}. Vi seu interesse e posso enviar uma proposta ainda hoje. Responda SIM.")
    service = ctx.automations()
    follow_up = "{{ lead.name | primeiro_nome }}, conseguiu ver a proposta? Posso ajudar com alguma dúvida?"
    service.create("Boas-vindas a novos leads", "lead_created", {}, [
        {"action": {"template": "boas_vindas"}},
        {"delay_s": 2 * 86400, "action": {"body": follow_up},
         "condition": {"field": "replied", "op": "eq", "value": False, "else": "end"}}])
    service.create("Reativar leads parados", "idle", {"days": 30, "filter": {"field": "stage", "op": "in",
                                                                             "value": ["contacted", "qualified"]}}, [
        {"action": {"body": "Oi {{ lead.name | primeiro_nome }}, tudo bem? Faz tempo que não conversamos. "
                            "Ainda faz sentido falarmos sobre {{ lead.company | default('sua empresa') }}?"}},
        {"delay_s": 4 * 86400, "action": {"body": "Última mensagem por aqui: se quiser retomar, é só responder."}}])
    service.create("Follow-up de proposta", "stage_changed", {"to": "proposal"}, [
        {"delay_s": 86400, "action": {"body": follow_up}}])
    service.create("Tabela de preços por SMS", "reply", {"keyword": "PRECO", "match": "contains"}, [
        {"action": {"body": "Segue nossa tabela: https://exemplo.com.br/precos"}}], active=False)
    for name in ("Larissa Mendes", "Otávio Ribeiro"):
        ctx.leads.create({"name": name, "phone": "+5511987650" + str(len(name)).zfill(3), "sms_consent": True,
                          "sms_consent_source": "formulário do site", "source": "Site"})
    return service.evaluate()


if __name__ == "__main__":
    from app.ui.preview import preview

    def _view(ctx: AppContext, runner: TaskRunner) -> AutomationsView:
        seed_demo_automations(ctx)
        return AutomationsView(ctx, runner)

    preview(_view, size=(1300, 800))
