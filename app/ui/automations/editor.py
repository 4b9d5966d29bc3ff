"""Create or edit an automation: its trigger (with the trigger's settings, an optional lead filter and
whether a reply stops it) and its steps (delay, template or text, optional condition), which can be
added, removed and reordered. The service validates; each problem is shown next to the field it names.
Also the words the Automations screen uses for triggers, steps and conditions.
Run alone: `python -m app.ui.automations.editor`.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ValidationError
from app.services.messaging.automation_spec import TRIGGERS, AutomationRecord, StepSpec
from app.services.messaging.templates import Preview, TemplateProblem, compile_body
from app.ui import icons
from app.ui.automations.conditions import ConditionEditor, condition_text
from app.ui.errors import alive, describe, report_error, show_failure
from app.ui.i18n import stage_label
from app.ui.tasks import TaskRunner

UNITS = (("minutes", 60), ("hours", 3600), ("days", 86400))


# --- in words --------------------------------------------------------------------------------------

def trigger_name(trigger: str) -> str:
    words = {
        "lead_created": QCoreApplication.translate("Automations", "A lead is created"),
        "stage_changed": QCoreApplication.translate("Automations", "A lead changes stage"),
        "idle": QCoreApplication.translate("Automations", "A lead goes quiet"),
        "date": QCoreApplication.translate("Automations", "A date is reached"),
        "reply": QCoreApplication.translate("Automations", "A lead replies with a keyword"),
        "score": QCoreApplication.translate("Automations", "The score crosses a threshold"),
    }
    return words.get(trigger, trigger)


class Automations(QObject):
    """The plural sentences of this module. pyside6-lupdate marks a string as plural only in a
    `self.tr(text, "", n)` call, and PySide's tr() takes its context from the class name, so this
    class carries the "Automations" context of the module's other strings."""

    def after_days(self, n: int) -> str:
        return self.tr("After %n day(s)", "", n)

    def after_hours(self, n: int) -> str:
        return self.tr("After %n hour(s)", "", n)

    def after_minutes(self, n: int) -> str:
        return self.tr("After %n minute(s)", "", n)

    def days_before(self, n: int) -> str:
        return self.tr("%n day(s) before the date in “{field}”", "", n)

    def days_after(self, n: int) -> str:
        return self.tr("%n day(s) after the date in “{field}”", "", n)

    def idle_days(self, n: int) -> str:
        return self.tr("After %n day(s) without an interaction", "", n)


@functools.cache
def _plurals() -> Automations:
    return Automations()


def delay_text(seconds: int) -> str:
    if seconds <= 0:
        return QCoreApplication.translate("Automations", "At once")
    if seconds % 86400 == 0:
        return _plurals().after_days(seconds // 86400)
    if seconds % 3600 == 0:
        return _plurals().after_hours(seconds // 3600)
    return _plurals().after_minutes(max(1, seconds // 60))


def action_text(action: dict[str, Any]) -> str:
    if "template" in action:
        return QCoreApplication.translate("Automations", "template “{name}”").format(name=action["template"])
    body = re.sub(r"\{\{\s*([\w.]+)[^}]*\}\}", r"[\1]", str(action.get("body", "")))  # {{ lead.name | x }} -> [lead.name]
    body = " ".join(re.sub(r"\{%.*?%\}", "", body).split())
    body = body if len(body) <= 40 else body[:39] + "…"
    return QCoreApplication.translate("Automations", "text “{body}”").format(body=body)


def step_text(step: StepSpec) -> str:
    text = QCoreApplication.translate("Automations", "{n}. {when}: send {what}").format(
        n=step.position + 1, when=delay_text(step.delay_s), what=action_text(step.action))
    if step.condition:
        otherwise = (QCoreApplication.translate("Automations", "otherwise end") if step.condition.get("else") == "end"
                     else QCoreApplication.translate("Automations", "otherwise skip"))
        text += " " + QCoreApplication.translate("Automations", "(only if {condition}; {otherwise})").format(
            condition=condition_text(step.condition), otherwise=otherwise)
    return text


def _stage_trigger_text(config: dict[str, Any]) -> str:
    to, source = config.get("to"), config.get("from")
    if to and source:
        text = QCoreApplication.translate("Automations", "When a lead moves from {from_} to {to}")
        return text.format(from_=stage_label(source), to=stage_label(to))
    if to:
        return QCoreApplication.translate("Automations", "When a lead moves to {to}").format(to=stage_label(to))
    if source:
        return QCoreApplication.translate("Automations", "When a lead leaves {from_}").format(from_=stage_label(source))
    return QCoreApplication.translate("Automations", "When a lead changes stage")


def _date_trigger_text(config: dict[str, Any]) -> str:
    offset, field = int(config.get("offset_days", 0)), str(config.get("field", ""))
    if offset < 0:
        return _plurals().days_before(-offset).format(field=field)
    if offset > 0:
        return _plurals().days_after(offset).format(field=field)
    return QCoreApplication.translate("Automations", "On the date in “{field}”").format(field=field)


def trigger_text(trigger: str, config: dict[str, Any], separator: str = " · ") -> str:
    """The trigger in a sentence, with its filter and whether a reply stops the sequence."""
    if trigger == "lead_created":
        text = QCoreApplication.translate("Automations", "When a lead is created")
    elif trigger == "stage_changed":
        text = _stage_trigger_text(config)
    elif trigger == "idle":
        text = _plurals().idle_days(int(config.get("days", 0)))
    elif trigger == "date":
        text = _date_trigger_text(config)
    elif trigger == "reply":
        text = (QCoreApplication.translate("Automations", "When a reply contains “{keyword}”")
                if config.get("match") == "contains"
                else QCoreApplication.translate("Automations", "When a lead replies “{keyword}”"))
        text = text.format(keyword=str(config.get("keyword", "")))
    elif trigger == "score":
        text = QCoreApplication.translate("Automations", "When the score reaches {threshold}").format(
            threshold=f"{float(config.get('threshold', 0)):.0%}")
    else:
        text = trigger
    if config.get("filter"):
        text += separator + QCoreApplication.translate("Automations", "only if {condition}").format(
            condition=condition_text(config["filter"]))
    if config.get("stop_on_reply") is False:
        text += separator + QCoreApplication.translate("Automations", "continues after a reply")
    return text


# --- what the editor needs from the database -------------------------------------------------------

@dataclass(frozen=True)
class EditorChoices:
    templates: list[str]
    stages: list[tuple[str, str]]
    custom_fields: list[str]
    date_fields: list[str]
    sample_lead: tuple[int, str] | None  # whose data the step previews use


def editor_choices(ctx: AppContext) -> EditorChoices:
    from app.services.leads.custom_fields import CustomFields
    from app.services.leads.search import LeadQuery, lead_ids

    definitions = CustomFields(ctx.db).definitions()
    recent = lead_ids(ctx.db, LeadQuery(order_by="last_interaction_at", descending=True, limit=1))
    return EditorChoices(
        [t.name for t in ctx.templates.list_all()], ctx.leads.stages(),
        [d.name for d in definitions], [d.name for d in definitions if d.kind == "date"],
        (recent[0], ctx.leads.get(recent[0]).name) if recent else None)


def preview_step(ctx: AppContext, action: dict[str, Any], lead_id: int) -> Preview:
    """The step's message as this lead would get it, with its segment count."""
    service = ctx.templates
    body = service.compile(action["template"]) if "template" in action else str(action.get("body", ""))
    return service.preview(body, lead_id)


def save_automation(ctx: AppContext, automation_id: int | None, spec: dict[str, Any]) -> AutomationRecord:
    """Create or update; a broken step text or a missing template is reported against its step."""
    templates = {t.name for t in ctx.templates.list_all()}
    for i, step in enumerate(spec["steps"]):
        name = step.get("action", {}).get("template")
        if name is not None and name not in templates:
            raise ValidationError({f"steps[{i}].action": f"template {name!r} does not exist (deleted meanwhile?)"})
        if "body" in step.get("action", {}):
            try:
                compile_body(str(step["action"]["body"]))
            except TemplateProblem as problem:
                raise ValidationError({f"steps[{i}].action": problem.problems["body"]}) from None
    service = ctx.automations()
    if automation_id is None:
        return service.create(spec["name"], spec["trigger"], spec["config"], spec["steps"], active=spec["active"])
    return service.update(automation_id, spec["name"], spec["trigger"], spec["config"], spec["steps"],
                          active=spec["active"])


# --- small editors ---------------------------------------------------------------------------------

def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("ErrorText")
    label.setWordWrap(True)
    label.hide()
    return label


class StepEditor(QFrame):
    """One step: when, what to send, and the optional condition; with move and remove buttons."""

    move_requested = Signal(object, int)  # self, -1 up | +1 down
    remove_requested = Signal(object)
    message_changed = Signal(object)  # self, once the text or template has settled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepCard")
        self.setStyleSheet("#StepCard { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 8px; }")
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.up = self._tool(QStyle.StandardPixmap.SP_ArrowUp, self.tr("Move this step up"), -1)
        self.down = self._tool(QStyle.StandardPixmap.SP_ArrowDown, self.tr("Move this step down"), +1)
        self.remove = QToolButton()
        self.remove.setIcon(icons.icon("delete"))
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(self.tr("Remove this step"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.delay = QSpinBox()
        self.delay.setRange(0, 100000)
        self.delay.setMaximumWidth(90)
        self.unit = QComboBox()
        for key, _seconds in UNITS:
            self.unit.addItem({"minutes": self.tr("minutes"), "hours": self.tr("hours"), "days": self.tr("days")}[key],
                               key)
        self.unit.setCurrentIndex(2)
        self.delay_hint = QLabel()
        self.delay_hint.setObjectName("Muted")
        self.send = QComboBox()
        self.send.setMinimumContentsLength(18)
        self.send.currentIndexChanged.connect(self._send_changed)
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(self.tr("Olá {{ lead.name | primeiro_nome }}, …  (the template language of the "
                                             "template editor)"))
        self.body.setFixedHeight(64)
        self.condition = ConditionEditor(self.tr("Only if"), with_else=True)
        self.error = _error_label()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("Muted")
        self.preview.hide()
        self.preview_generation = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(400)
        self._settle.timeout.connect(lambda: self.message_changed.emit(self))
        self.body.textChanged.connect(self._settle.start)
        self.send.currentIndexChanged.connect(self._settle.start)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        for button in (self.up, self.down, self.remove):
            header.addWidget(button)
        when = QHBoxLayout()
        when.addWidget(QLabel(self.tr("Wait")))
        when.addWidget(self.delay)
        when.addWidget(self.unit)
        when.addWidget(self.delay_hint, 1)
        when.addWidget(QLabel(self.tr("then send")))
        when.addWidget(self.send, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(when)
        layout.addWidget(self.body)
        layout.addWidget(self.preview)
        layout.addWidget(self.condition)
        layout.addWidget(self.error)

    def focus_widgets(self) -> list[QWidget]:
        return [self.up, self.down, self.remove, self.delay, self.unit, self.send, self.body,
                *self.condition.focus_widgets()]

    def _tool(self, pixmap: QStyle.StandardPixmap, tip: str, direction: int) -> QToolButton:
        button = QToolButton()
        button.setIcon(self.style().standardIcon(pixmap))
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.move_requested.emit(self, direction))
        return button

    def set_position(self, index: int, count: int, first_hint: str) -> None:
        self.title.setText(self.tr("Step {n}").format(n=index + 1))
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        self.delay_hint.setText(first_hint if index == 0 else self.tr("after the previous step"))

    def set_templates(self, names: list[str]) -> None:
        current = self.send.currentData()
        self.send.blockSignals(True)
        self.send.clear()
        self.send.addItem(icons.icon("edit"), self.tr("A text written here"), None)
        for name in names:
            self.send.addItem(icons.icon("messages"), self.tr("Template “{name}”").format(name=name), name)
        self.send.setCurrentIndex(max(0, self.send.findData(current)))
        self.send.blockSignals(False)
        self._send_changed()

    def _send_changed(self) -> None:
        self.body.setVisible(self.send.currentData() is None)

    def spec(self) -> dict[str, Any]:
        seconds = dict(UNITS)[str(self.unit.currentData())]
        template = self.send.currentData()
        action = {"template": template} if template else {"body": self.body.toPlainText()}
        step: dict[str, Any] = {"delay_s": self.delay.value() * seconds, "action": action}
        condition = self.condition.condition()
        if condition:
            step["condition"] = condition
        return step

    def set_spec(self, step: StepSpec | None) -> None:
        if step is None:
            self.delay.setValue(0)
            return
        for key, seconds in reversed(UNITS):
            if step.delay_s % seconds == 0 or key == "minutes":
                self.unit.setCurrentIndex(self.unit.findData(key))
                self.delay.setValue(step.delay_s // seconds)
                break
        template = step.action.get("template")
        if template is not None:
            index = self.send.findData(template)
            if index < 0:  # a template deleted since: keep the reference visible, the service reports it
                self.send.addItem(self.tr("Template “{name}”").format(name=template), template)
                index = self.send.count() - 1
            self.send.setCurrentIndex(index)
        else:
            self.send.setCurrentIndex(0)
            self.body.setPlainText(str(step.action.get("body", "")))
        self.condition.set_condition(step.condition)


# --- the dialog -----------------------------------------------------------------------------------

class AutomationEditor(QDialog):
    """`AutomationEditor(ctx, runner, None)` creates; pass a record to edit it."""

    saved = Signal(object)  # AutomationRecord
    loaded = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, record: AutomationRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.record = record
        self.choices: EditorChoices | None = None
        self.steps: list[StepEditor] = []
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("New automation") if record is None else self.tr("Edit automation"))
        self._build()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        (runner.task(editor_choices, ctx)
         .on_success(alive(self, self._loaded))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    # --- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Welcome new leads"))
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(True)
        self.active.setToolTip(self.tr("A paused automation enrolls nobody and sends nothing; leads already in it wait."))
        self.errors: dict[str, QLabel] = {"name": _error_label(), "trigger": _error_label(),
                                          "filter": _error_label(), "steps": _error_label()}
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.active)
        top = QFormLayout()
        top.addRow(self.tr("Name"), self._with_error(name_row, "name"))

        self.trigger = QComboBox()
        for trigger in TRIGGERS:
            self.trigger.addItem(trigger_name(trigger), trigger)
        self.trigger_pages = QStackedWidget()
        self._build_trigger_pages()
        self.trigger.currentIndexChanged.connect(self._trigger_changed)
        self._trigger_changed(0)
        self.filter = ConditionEditor(self.tr("Only leads where"))
        self.filter.structure_changed.connect(self._tab_order)
        self.stop_on_reply = QCheckBox(self.tr("Take the lead out of the sequence when they reply"))
        self.stop_on_reply.setChecked(True)
        self.rearm_note = QLabel(self.tr("Changes to the trigger apply to what happens from now on."))
        self.rearm_note.setObjectName("Muted")
        self.rearm_note.setVisible(self.record is not None)
        trigger_box = QGroupBox(self.tr("When"))
        trigger_form = QFormLayout(trigger_box)
        trigger_form.addRow(self.tr("Trigger"), self.trigger)
        trigger_form.addRow("", self.trigger_pages)
        trigger_form.addRow("", self.errors["trigger"])
        trigger_form.addRow("", self._with_error(self.filter, "filter"))
        trigger_form.addRow("", self.stop_on_reply)
        trigger_form.addRow("", self.rearm_note)

        self.steps_box = QWidget()
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.steps_layout.setContentsMargins(0, 0, 0, 0)
        self.steps_layout.setSpacing(8)
        self.steps_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.steps_box)
        self.add_step_button = QPushButton(icons.icon("add"), self.tr("Add step"))
        self.add_step_button.clicked.connect(lambda: self.add_step(None))
        steps_box = QGroupBox(self.tr("Then"))
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.addWidget(scroll, 1)
        steps_layout.addWidget(self.errors["steps"])
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_step_button)
        add_row.addStretch(1)
        steps_layout.addLayout(add_row)

        self.general_error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(trigger_box)
        layout.addWidget(steps_box, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.resize(820, 780)

    def _with_error(self, content: QWidget | QHBoxLayout, key: str) -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(content, QWidget):
            column.addWidget(content)
        else:
            column.addLayout(content)
        column.addWidget(self.errors[key])
        return cell

    def _build_trigger_pages(self) -> None:
        self.stage_from, self.stage_to = QComboBox(), QComboBox()
        self.idle_days = QSpinBox()
        self.idle_days.setRange(1, 3650)
        self.idle_days.setValue(14)
        self.idle_days.setSuffix(self.tr(" days"))
        self.date_field = QComboBox()
        self.date_field.setEditable(True)
        self.date_field.setMinimumContentsLength(16)
        self.date_offset = QSpinBox()
        self.date_offset.setRange(-365, 365)
        self.date_offset.setSuffix(self.tr(" days"))
        self.date_offset.setToolTip(self.tr("Negative: before the date (e.g. -3 for three days before a renewal)"))
        self.keyword = QLineEdit()
        self.keyword.setPlaceholderText(self.tr("e.g. PRICE"))
        self.keyword_match = QComboBox()
        self.keyword_match.addItem(self.tr("the whole reply is the keyword"), "exact")
        self.keyword_match.addItem(self.tr("the reply contains the keyword"), "contains")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setDecimals(0)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(70)
        pages: dict[str, list[tuple[str, QWidget]]] = {
            "lead_created": [("", self._muted(self.tr("Every lead created from now on, by hand, import or the API.")))],
            "stage_changed": [(self.tr("From"), self.stage_from), (self.tr("To"), self.stage_to)],
            "idle": [(self.tr("No interaction for"), self.idle_days)],
            "date": [(self.tr("Date field"), self.date_field), (self.tr("Offset"), self.date_offset)],
            "reply": [(self.tr("Keyword"), self.keyword), (self.tr("Match"), self.keyword_match)],
            "score": [(self.tr("Score reaches"), self.threshold)],
        }
        for trigger in TRIGGERS:
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in pages[trigger]:
                form.addRow(label, widget)
            self.trigger_pages.addWidget(page)
        for spin in (self.idle_days, self.date_offset, self.threshold):
            spin.setMaximumWidth(140)

    def _trigger_changed(self, index: int) -> None:
        # Only the current page counts for the height, so short pages leave no gap.
        for i in range(self.trigger_pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.trigger_pages.widget(i).setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.trigger_pages.setCurrentIndex(index)
        self.trigger_pages.adjustSize()

    @staticmethod
    def _muted(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        return label

    # --- steps ----------------------------------------------------------------------------------------

    def add_step(self, spec: StepSpec | None) -> StepEditor:
        step = StepEditor()
        step.set_templates(self.choices.templates if self.choices else [])
        step.condition.set_choices(self.choices.custom_fields if self.choices else [],
                                   self.choices.stages if self.choices else [])
        step.set_spec(spec)
        step.move_requested.connect(self.move_step)
        step.remove_requested.connect(self.remove_step)
        step.message_changed.connect(self.preview)
        step.condition.structure_changed.connect(self._tab_order)
        self.steps.append(step)
        self._relayout()
        self.preview(step)
        return step

    def preview(self, step: StepEditor) -> None:
        """Render the step for the sample lead in the background: text, segments, or what is wrong."""
        if self.choices is None or self.choices.sample_lead is None or step not in self.steps:
            return
        action = step.spec()["action"]
        if "body" in action and not str(action["body"]).strip():
            step.preview.hide()
            return
        step.preview_generation += 1
        generation = step.preview_generation
        lead_id, name = self.choices.sample_lead
        (self.runner.task(preview_step, self.ctx, action, lead_id)
         .on_success(alive(step, lambda result: self._previewed(step, generation, name, result)))
         .on_failure(alive(step, lambda exc: self._previewed(step, generation, name, exc)))
         .start())

    def _previewed(self, step: StepEditor, generation: int, name: str, result: Preview | BaseException) -> None:
        if generation != step.preview_generation:
            return
        if isinstance(result, BaseException):
            step.preview.setText(describe(result))
            step.preview.setStyleSheet("color: #b91c1c;")
        else:
            segments = self.tr("%n SMS segment(s)", "", result.segments.segments)
            step.preview.setText(self.tr("For {name}: “{text}” · {segments}").format(
                name=name, text=result.text, segments=segments))
            step.preview.setStyleSheet("")
        step.preview.show()

    def move_step(self, step: StepEditor, direction: int) -> None:
        i = self.steps.index(step)
        j = i + direction
        if 0 <= j < len(self.steps):
            self.steps[i], self.steps[j] = self.steps[j], self.steps[i]
            self._relayout()

    def remove_step(self, step: StepEditor) -> None:
        self.steps.remove(step)
        step.setParent(None)
        step.deleteLater()
        self._relayout()

    def _relayout(self) -> None:
        for step in self.steps:
            self.steps_layout.removeWidget(step)
        for i, step in enumerate(self.steps):
            self.steps_layout.insertWidget(i, step)
            step.set_position(i, len(self.steps), self.tr("after the trigger"))
            step.remove.setEnabled(len(self.steps) > 1)
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab goes through the dialog as it reads, top to bottom, whatever was added since it opened."""
        pages = [self.stage_from, self.stage_to, self.idle_days, self.date_field, self.date_offset, self.keyword,
                 self.keyword_match, self.threshold]
        chain: list[QWidget] = [self.name, self.active, self.trigger, *pages, *self.filter.focus_widgets(),
                                self.stop_on_reply, *(w for step in self.steps for w in step.focus_widgets()),
                                self.add_step_button, *self.buttons.buttons()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values ------------------------------------------------------------------------------------

    def _loaded(self, choices: EditorChoices) -> None:
        self.choices = choices
        for combo, anything in ((self.stage_from, self.tr("any stage")), (self.stage_to, self.tr("any stage"))):
            combo.addItem(anything, None)
            for key, name in choices.stages:
                combo.addItem(stage_label(key, name), key)
        self.date_field.addItems(choices.date_fields or choices.custom_fields)
        self.filter.set_choices(choices.custom_fields, choices.stages)
        self._show(self.record)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.loaded.emit()

    def _show(self, record: AutomationRecord | None) -> None:
        if record is None:
            self.add_step(None)
            return
        self.name.setText(record.name)
        self.active.setChecked(record.active)
        self.trigger.setCurrentIndex(max(0, self.trigger.findData(record.trigger)))
        config = record.config
        self.stage_from.setCurrentIndex(max(0, self.stage_from.findData(config.get("from"))))
        self.stage_to.setCurrentIndex(max(0, self.stage_to.findData(config.get("to"))))
        self.idle_days.setValue(int(config.get("days", 14) or 14))
        self.date_field.setEditText(str(config.get("field", "")))
        self.date_offset.setValue(int(config.get("offset_days", 0)))
        self.keyword.setText(str(config.get("keyword", "")))
        self.keyword_match.setCurrentIndex(max(0, self.keyword_match.findData(config.get("match", "exact"))))
        self.threshold.setValue(float(config.get("threshold", 0.7)) * 100)
        self.filter.set_condition(config.get("filter"))
        self.stop_on_reply.setChecked(config.get("stop_on_reply") is not False)
        for step in record.steps:
            self.add_step(step)

    def spec(self) -> dict[str, Any]:
        trigger = str(self.trigger.currentData())
        config: dict[str, Any] = {}
        if trigger == "stage_changed":
            config.update({k: v for k, v in (("from", self.stage_from.currentData()), ("to", self.stage_to.currentData()))
                           if v})
        elif trigger == "idle":
            config["days"] = self.idle_days.value()
        elif trigger == "date":
            config["field"] = self.date_field.currentText().strip()
            config["offset_days"] = self.date_offset.value()
        elif trigger == "reply":
            config["keyword"] = self.keyword.text().strip()
            config["match"] = self.keyword_match.currentData()
        elif trigger == "score":
            config["threshold"] = round(self.threshold.value() / 100, 4)
        condition = self.filter.condition()
        if condition:
            config["filter"] = condition
        if not self.stop_on_reply.isChecked():
            config["stop_on_reply"] = False
        return {"name": self.name.text().strip(), "trigger": trigger, "config": config, "active": self.active.isChecked(),
                "steps": [step.spec() for step in self.steps]}

    # --- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        self.clear_problems()
        if self.filter.problems() or any(step.condition.problems() for step in self.steps):
            self.general_error.setText(self.tr("Fix the conditions marked in red first."))
            self.general_error.show()
            return
        self.buttons.setEnabled(False)
        (self.runner.task(save_automation, self.ctx, self.record.id if self.record else None, self.spec())
         .on_success(alive(self, self._saved))
         .on_failure(alive(self, self._failed))
         .start())

    def _saved(self, record: AutomationRecord) -> None:
        self.buttons.setEnabled(True)
        self.record = record
        self.saved.emit(record)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
            return
        show_failure(self, self.general_error, exc)

    def clear_problems(self) -> None:
        for label in [*self.errors.values(), self.general_error, *(s.error for s in self.steps)]:
            label.hide()

    def show_problems(self, problems: dict[str, str]) -> None:
        leftover = []
        for key, reason in problems.items():
            label = self._label_for(key)
            if label is None:
                leftover.append(f"{key}: {reason}")
            else:
                label.setText((label.text() + "\n" if label.isVisible() else "") + reason)
                label.show()
        if leftover:
            self.general_error.setText("; ".join(leftover))
            self.general_error.show()

    def _label_for(self, key: str) -> QLabel | None:
        step = re.match(r"steps\[(\d+)\]", key)
        if step and int(step.group(1)) < len(self.steps):
            return self.steps[int(step.group(1))].error
        if key == "trigger_config.filter":
            return self.errors["filter"]
        if key in ("trigger", "trigger_config"):
            return self.errors["trigger"]
        if key in ("name", "steps"):
            return self.errors[key]
        if key == "action.template" and len(self.steps) == 1:
            return self.steps[0].error
        return None


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(AutomationEditor)
