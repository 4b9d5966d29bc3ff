"""Conditions of automations, in words and in a builder a sales manager can use.

A condition is a comparison `{"field", "op", "value"}`, or `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`
around others (app/services/messaging/conditions.py: `matches`, `check_condition`); a step's condition also says what
happens when it does not match (`"else": "skip" | "end"`). The builder shows the top level as "Match all / any
of these" with rows of comparisons and groups (one level, each with its own all/any), each row and group with a
"not" toggle. Anything deeper is kept as it is, shown read-only in words with "Replace", never dropped.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.messaging.conditions import check_condition
from app.ui import icons
from app.ui.i18n import service_text, stage_label

BASE_FIELDS = ("stage", "source", "city", "state", "tags", "owner", "value", "score", "segment", "kind",
               "days_since_last_interaction", "replied")
OPS = ("eq", "ne", "in", "not_in", "contains", "gt", "gte", "lt", "lte", "empty", "not_empty")
VALUELESS = ("empty", "not_empty")
LISTS = ("in", "not_in")
GROUPS = ("all", "any")


# --- in words --------------------------------------------------------------------------------------

def field_label(name: str) -> str:
    words = {
        "stage": QCoreApplication.translate("Automations", "Stage"),
        "source": QCoreApplication.translate("Automations", "Source"),
        "city": QCoreApplication.translate("Automations", "City"),
        "state": QCoreApplication.translate("Automations", "State"),
        "tags": QCoreApplication.translate("Automations", "Tags"),
        "owner": QCoreApplication.translate("Automations", "Owner"),
        "value": QCoreApplication.translate("Automations", "Value"),
        "score": QCoreApplication.translate("Automations", "Score"),
        "segment": QCoreApplication.translate("Automations", "Segment"),
        "kind": QCoreApplication.translate("Automations", "Lead or customer"),
        "days_since_last_interaction": QCoreApplication.translate("Automations", "Days since the last interaction"),
        "replied": QCoreApplication.translate("Automations", "Replied"),
    }
    return words.get(name, name)


def op_label(op: str) -> str:
    words = {
        "eq": QCoreApplication.translate("Automations", "is"),
        "ne": QCoreApplication.translate("Automations", "is not"),
        "gt": QCoreApplication.translate("Automations", "is more than"),
        "gte": QCoreApplication.translate("Automations", "is at least"),
        "lt": QCoreApplication.translate("Automations", "is less than"),
        "lte": QCoreApplication.translate("Automations", "is at most"),
        "in": QCoreApplication.translate("Automations", "is one of"),
        "not_in": QCoreApplication.translate("Automations", "is none of"),
        "contains": QCoreApplication.translate("Automations", "contains"),
        "empty": QCoreApplication.translate("Automations", "is empty"),
        "not_empty": QCoreApplication.translate("Automations", "is not empty"),
    }
    return words.get(op, op)


def yes_no(value: bool) -> str:
    return QCoreApplication.translate("Automations", "yes") if value else QCoreApplication.translate("Automations", "no")


def value_text(field: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(field, v) for v in value)
    if isinstance(value, bool):
        return yes_no(value)
    return stage_label(str(value)) if field == "stage" else str(value)


def condition_text(condition: Any, nested: bool = False) -> str:
    """The condition in a sentence; a group inside another is put in parentheses so "or" and "and" stay clear."""
    if not condition or not isinstance(condition, dict):
        return ""
    for key, joiner in (("all", QCoreApplication.translate("Automations", " and ")),
                        ("any", QCoreApplication.translate("Automations", " or "))):
        if key in condition:
            parts = [condition_text(c, True) for c in condition[key] or []]
            text = joiner.join(parts)
            return f"({text})" if nested and len(parts) > 1 else text
    if "not" in condition:
        text = QCoreApplication.translate("Automations", "not ({condition})")
        return text.format(condition=condition_text(condition["not"]))
    op = condition.get("op", "eq")
    text = f"{field_label(str(condition.get('field', '')))} {op_label(op)}"
    return text if op in VALUELESS else f"{text} {value_text(str(condition.get('field')), condition.get('value'))}"


def parse_value(op: str, text: str, names_to_keys: dict[str, str]) -> Any:
    """The typed value as the service compares it: lists for in/not_in, numbers, yes/no, stage keys."""
    if op in VALUELESS:
        return None
    if op in LISTS:
        return [parse_value("eq", part, names_to_keys) for part in text.split(",") if part.strip()]
    text = text.strip()
    if text.casefold() in names_to_keys:
        return names_to_keys[text.casefold()]
    if text.casefold() in ("true", "yes", yes_no(True).casefold()):
        return True
    if text.casefold() in ("false", "no", yes_no(False).casefold()):
        return False
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+[.,]\d+", text):
        return float(text.replace(",", "."))
    return text


# --- which shapes the builder can show as rows -----------------------------------------------------

def _comparison(condition: Any) -> bool:
    return (isinstance(condition, dict) and bool(condition.get("field")) and set(condition) <= {"field", "op", "value"}
            and condition.get("op", "eq") in OPS and (condition.get("op", "eq") not in LISTS
                                                      or isinstance(condition.get("value"), list)))


def row_shape(condition: Any) -> tuple[bool, dict[str, Any]] | None:
    """(negated, comparison) when the condition is a comparison or "not" one."""
    if _comparison(condition):
        return False, condition
    if isinstance(condition, dict) and set(condition) == {"not"} and _comparison(condition["not"]):
        return True, condition["not"]
    return None


def group_shape(condition: Any) -> tuple[bool, str, list[Any]] | None:
    """(negated, "all" | "any", items) when the condition is a group (or "not" one)."""
    negated = isinstance(condition, dict) and set(condition) == {"not"}
    inner = condition["not"] if negated else condition
    if isinstance(inner, dict) and len(inner) == 1:
        key = next(iter(inner))
        if key in GROUPS and isinstance(inner[key], list):
            return negated, key, inner[key]
    return None


def _problem(condition: Any) -> str | None:
    """What the service would refuse in this condition, in the UI's language."""
    try:
        check_condition(condition, "condition")
    except ValidationError as exc:
        return "; ".join(service_text(reason) for reason in exc.problems.values())
    return None


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("ErrorText")
    label.setWordWrap(True)
    label.hide()
    return label


def _remove_button(tip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icons.icon("delete"))
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _group_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("Automations", "Match all of these"), "all")
    combo.addItem(QCoreApplication.translate("Automations", "Match any of these"), "any")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


# --- the pieces ------------------------------------------------------------------------------------

class ConditionRow(QWidget):
    """[ ] not  <field> <op> <value>  [remove], with the row's problem underneath."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, custom_fields: list[str], stages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stages = stages
        self.loaded: tuple[str, str, Any] | None = None  # (op, text, value) as opened, so an untouched value stays
        self.negate = QCheckBox(self.tr("not"))
        self.negate.setToolTip(self.tr("Turn the comparison around: the row holds when it is not true"))
        self.field = QComboBox()
        self.field.setEditable(True)
        self.field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.field.setMinimumContentsLength(12)
        self.field.setAccessibleName(self.tr("Field"))
        self.op = QComboBox()
        for op in OPS:
            self.op.addItem(op_label(op), op)
        self.op.setAccessibleName(self.tr("Comparison"))
        self.value = QComboBox()
        self.value.setEditable(True)
        self.value.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value.setMinimumContentsLength(10)
        self.value.lineEdit().setPlaceholderText(self.tr("value (commas for several)"))
        self.value.setAccessibleName(self.tr("Value"))
        for combo in (self.field, self.value):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.remove = _remove_button(self.tr("Remove this condition"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = _error_label()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.negate)
        line.addWidget(self.field, 3)
        line.addWidget(self.op, 2)
        line.addWidget(self.value, 3)
        line.addWidget(self.remove)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.error)
        for name in (*BASE_FIELDS, *custom_fields):
            self.field.addItem(field_label(name), name)
        self.set_field("stage")
        self.op.currentIndexChanged.connect(self._op_changed)
        self.field.currentTextChanged.connect(self._field_changed)
        self.negate.toggled.connect(self.changed)
        self.value.currentTextChanged.connect(self.changed)
        self._op_changed()

    def focus_widgets(self) -> list[QWidget]:
        return [self.negate, self.field, self.op, self.value, self.remove]

    def field_name(self) -> str:
        index = self.field.findText(self.field.currentText())
        return str(self.field.itemData(index)) if index >= 0 else self.field.currentText().strip()

    def set_field(self, name: str) -> None:
        index = self.field.findData(name)
        if index >= 0:
            self.field.setCurrentIndex(index)
        else:
            self.field.setEditText(name)
        self._field_changed()

    def _field_changed(self) -> None:
        text = self.value.currentText()
        self.value.blockSignals(True)
        self.value.clear()
        if self.field_name() == "stage":
            for key, name in self.stages:
                self.value.addItem(stage_label(key, name), key)
        elif self.field_name() == "replied":
            self.value.addItems([yes_no(True), yes_no(False)])
        self.value.setEditText(text)
        self.value.blockSignals(False)
        self.changed.emit()

    def _op_changed(self) -> None:
        self.value.setEnabled(self.op.currentData() not in VALUELESS)
        self.changed.emit()

    def comparison(self) -> dict[str, Any]:
        op = str(self.op.currentData())
        comparison: dict[str, Any] = {"field": self.field_name(), "op": op}
        if op not in VALUELESS:
            text = self.value.currentText()
            if self.loaded and self.loaded[1] == text and (self.loaded[0] in LISTS) == (op in LISTS):
                comparison["value"] = self.loaded[2]  # as stored: "123" stays a text, 0.80 stays what it was
            else:
                names = ({stage_label(key, name).casefold(): key for key, name in self.stages}
                         if self.field_name() == "stage" else {})
                comparison["value"] = parse_value(op, text, names)
        return comparison

    def condition(self) -> dict[str, Any]:
        return {"not": self.comparison()} if self.negate.isChecked() else self.comparison()

    def set_comparison(self, comparison: dict[str, Any], negated: bool) -> None:
        self.negate.setChecked(negated)
        self.set_field(str(comparison["field"]))
        op = comparison.get("op", "eq")
        self.op.setCurrentIndex(max(0, self.op.findData(op)))
        value = comparison.get("value")
        text = "" if value is None else value_text(str(comparison["field"]), value)
        self.value.setEditText(text)
        if "value" in comparison:
            self.loaded = (op, text, value)

    def check(self) -> str | None:
        """What is wrong with this row (shown under it), or None."""
        problem = _problem(self.comparison())
        if problem is None and self.op.currentData() not in VALUELESS and not self.value.currentText().strip():
            problem = self.tr("Type a value, or choose “is empty”.")
        return problem


class FixedCondition(QFrame):
    """A condition nested deeper than the builder shows: kept as written, shown in words, replaceable."""

    remove_requested = Signal(object)
    replace_requested = Signal(object)

    def __init__(self, condition: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kept = condition
        self.setObjectName("FixedCondition")
        self.setStyleSheet("#FixedCondition { border: 1px dashed #d1d5db; border-radius: 6px; }")
        self.text = QLabel(self.tr("Kept as written: {condition}").format(condition=condition_text(condition)
                                                                           or repr(condition)))
        self.text.setWordWrap(True)
        self.text.setToolTip(self.tr("This part is nested too deeply to edit here; it is saved unchanged unless "
                                     "you replace it."))
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.replace = QPushButton(self.tr("Replace"))
        self.replace.setToolTip(self.tr("Replace this part with a comparison you can edit"))
        self.replace.clicked.connect(lambda: self.replace_requested.emit(self))
        self.remove = _remove_button(self.tr("Remove this condition"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = _error_label()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.text, 1)
        line.addWidget(self.replace)
        line.addWidget(self.remove)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 4, 4)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.error)

    def focus_widgets(self) -> list[QWidget]:
        return [self.replace, self.remove]

    def condition(self) -> Any:
        return self.kept

    def check(self) -> str | None:
        return _problem(self.kept)


class ConditionGroup(QFrame):
    """[ ] not  [Match all | any of these]  [remove], its rows, and "+ Condition"."""

    changed = Signal()
    structure_changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, custom_fields: list[str], stages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.custom_fields, self.stages = custom_fields, stages
        self.items: list[ConditionRow | FixedCondition] = []
        self.setObjectName("ConditionGroup")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#ConditionGroup { background: #f5f9ff; border: 1px solid #dbeafe; "
                           "border-left: 3px solid #93c5fd; border-radius: 4px; }")
        self.negate = QCheckBox(self.tr("not"))
        self.negate.setToolTip(self.tr("Turn the group around: it holds when it is not true"))
        self.mode = _group_combo()
        self.mode.setAccessibleName(self.tr("How the conditions of this group combine"))
        self.remove = _remove_button(self.tr("Remove this group"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.add_row = QPushButton(icons.icon("add"), self.tr("Condition"))
        self.add_row.setToolTip(self.tr("Add a condition to this group"))
        self.add_row.clicked.connect(lambda: self.add(None))
        self.error = _error_label()
        header = QHBoxLayout()
        header.addWidget(self.negate)
        header.addWidget(self.mode)
        header.addStretch(1)
        header.addWidget(self.remove)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        footer = QHBoxLayout()
        footer.addWidget(self.add_row)
        footer.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 4, 4)
        column.setSpacing(4)
        column.addLayout(header)
        column.addLayout(self.rows)
        column.addLayout(footer)
        column.addWidget(self.error)
        self.negate.toggled.connect(self.changed)
        self.mode.currentIndexChanged.connect(self.changed)

    def focus_widgets(self) -> list[QWidget]:
        return [self.negate, self.mode, self.remove, *(w for item in self.items for w in item.focus_widgets()),
                self.add_row]

    def add(self, condition: Any) -> ConditionRow | FixedCondition:
        shape = row_shape(condition) if condition is not None else (False, None)
        item: ConditionRow | FixedCondition
        if shape is None:
            item = FixedCondition(condition)
            item.replace_requested.connect(self._replace)
        else:
            item = ConditionRow(self.custom_fields, self.stages)
            if shape[1] is not None:
                item.set_comparison(shape[1], shape[0])
            item.changed.connect(self.changed)
        item.remove_requested.connect(self._remove)
        self.items.append(item)
        self.rows.addWidget(item)
        self.structure_changed.emit()
        self.changed.emit()
        return item

    def _remove(self, item: ConditionRow | FixedCondition) -> None:
        self.items.remove(item)
        item.setParent(None)
        item.deleteLater()
        self.structure_changed.emit()
        self.changed.emit()

    def _replace(self, item: FixedCondition) -> None:
        index = self.items.index(item)
        self._remove(item)
        row = self.add(None)
        self.items.insert(index, self.items.pop())
        self.rows.removeWidget(row)
        self.rows.insertWidget(index, row)
        self.structure_changed.emit()
        if isinstance(row, ConditionRow):
            row.field.setFocus()

    def set_group(self, negated: bool, mode: str, items: list[Any]) -> None:
        self.negate.setChecked(negated)
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        for condition in items:
            self.add(condition)

    def condition(self) -> dict[str, Any]:
        group = {str(self.mode.currentData()): [item.condition() for item in self.items]}
        return {"not": group} if self.negate.isChecked() else group

    def check(self) -> str | None:
        if not self.items:
            return self.tr("Add a condition to this group, or remove the group.")
        return None


# --- the builder -----------------------------------------------------------------------------------

class ConditionEditor(QWidget):
    """[x] <label> [Match all | any of these]; rows and groups; "+ Condition", "+ Group"; for a step, what
    happens otherwise; the condition in words and each problem next to its row."""

    changed = Signal()
    structure_changed = Signal()  # rows or groups added or removed: the dialog puts the tab order right

    def __init__(self, label: str, with_else: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_else = with_else
        self.custom_fields: list[str] = []
        self.stages: list[tuple[str, str]] = []
        self.items: list[ConditionRow | ConditionGroup | FixedCondition] = []
        self.enabled = QCheckBox(label)
        self.mode = _group_combo()
        self.mode.setAccessibleName(self.tr("How the conditions combine"))
        self.add_row = QPushButton(icons.icon("add"), self.tr("Condition"))
        self.add_row.setToolTip(self.tr("Add a comparison such as “Stage is New”"))
        self.add_row.clicked.connect(lambda: self._focus_first(self.add(None)))
        self.add_group = QPushButton(icons.icon("add"), self.tr("Group"))
        self.add_group.setToolTip(self.tr("Add a group of conditions with its own all/any, e.g. (City is Recife or "
                                          "City is Olinda)"))
        self.add_group.clicked.connect(lambda: self._focus_first(self.add({"any": [None]})))
        self.otherwise = QComboBox()
        self.otherwise.addItem(self.tr("otherwise skip this step"), "skip")
        self.otherwise.addItem(self.tr("otherwise end the sequence"), "end")
        self.otherwise.setVisible(with_else)
        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)
        self.problem = _error_label()
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.enabled)
        header.addWidget(self.mode)
        header.addStretch(1)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        footer = QHBoxLayout()
        footer.addWidget(self.add_row)
        footer.addWidget(self.add_group)
        footer.addStretch(1)
        footer.addWidget(self.otherwise)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(18, 0, 0, 0)
        body.setSpacing(4)
        body.addLayout(self.rows)
        body.addLayout(footer)
        body.addWidget(self.summary)
        body.addWidget(self.problem)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(header)
        column.addWidget(self.body)
        self.enabled.toggled.connect(self._enabled_changed)
        self.mode.currentIndexChanged.connect(self._changed)
        self.otherwise.currentIndexChanged.connect(self._changed)
        self._enabled_changed(False)

    def focus_widgets(self) -> list[QWidget]:
        return [self.enabled, self.mode, *(w for item in self.items for w in item.focus_widgets()), self.add_row,
                self.add_group, self.otherwise]

    def set_choices(self, custom_fields: list[str], stages: list[tuple[str, str]]) -> None:
        """The fields and stages offered; set before a condition is shown (rows made later use them too)."""
        self.custom_fields, self.stages = custom_fields, stages

    # --- building ---------------------------------------------------------------------------------

    def add(self, condition: Any) -> ConditionRow | ConditionGroup | FixedCondition:
        """A row (None: a blank one), a group, or the condition kept read-only when rows cannot show it."""
        item: ConditionRow | ConditionGroup | FixedCondition
        row = (False, None) if condition is None else row_shape(condition)
        group = group_shape(condition)
        if row is not None:
            item = ConditionRow(self.custom_fields, self.stages)
            if row[1] is not None:
                item.set_comparison(row[1], row[0])
        elif group is not None:  # its members that rows cannot show are kept read-only inside it
            item = ConditionGroup(self.custom_fields, self.stages)
            item.structure_changed.connect(self._structure_changed)
            item.set_group(*group)
        else:
            item = FixedCondition(condition)
            item.replace_requested.connect(self._replace)
        if not isinstance(item, FixedCondition):
            item.changed.connect(self._changed)
        item.remove_requested.connect(self._remove)
        self.items.append(item)
        self.rows.addWidget(item)
        self._structure_changed()
        return item

    def _remove(self, item: QWidget) -> None:
        self.items.remove(item)  # type: ignore[arg-type]
        item.setParent(None)
        item.deleteLater()
        self._structure_changed()
        (self.items[-1].focus_widgets()[0] if self.items else self.add_row).setFocus()

    def _replace(self, item: FixedCondition) -> None:
        index = self.items.index(item)
        self.items.remove(item)
        item.setParent(None)
        item.deleteLater()
        row = self.add(None)
        self.items.insert(index, self.items.pop())
        self.rows.removeWidget(row)
        self.rows.insertWidget(index, row)
        self._structure_changed()
        self._focus_first(row)

    @staticmethod
    def _focus_first(item: QWidget) -> None:
        if isinstance(item, ConditionGroup) and item.items:
            item.items[0].focus_widgets()[1 if isinstance(item.items[0], ConditionRow) else 0].setFocus()
        elif isinstance(item, ConditionRow):
            item.field.setFocus()

    def _clear(self) -> None:
        for item in self.items:
            item.setParent(None)
            item.deleteLater()
        self.items = []

    def _enabled_changed(self, on: bool) -> None:
        self.mode.setVisible(on)
        self.body.setVisible(on)
        if on and not self.items:
            self.add(None)
        self._changed()

    def _structure_changed(self) -> None:
        self.structure_changed.emit()
        self._changed()

    def _changed(self) -> None:
        self.show_problems()
        condition = self.condition()
        self.summary.setText(self.tr("In words: {condition}").format(condition=condition_text(condition))
                             if condition else "")
        self.changed.emit()

    # --- values -----------------------------------------------------------------------------------

    def condition(self) -> dict[str, Any] | None:
        if not self.enabled.isChecked() or not self.items:
            return None
        parts = [item.condition() for item in self.items]
        condition = parts[0] if len(parts) == 1 else {str(self.mode.currentData()): parts}
        if not isinstance(condition, dict):
            return condition
        if self.with_else:
            condition = {**condition, "else": self.otherwise.currentData()}
        return condition

    def set_condition(self, condition: dict[str, Any] | None) -> None:
        self._clear()
        self.otherwise.setCurrentIndex(max(0, self.otherwise.findData(
            condition.get("else", "skip") if isinstance(condition, dict) else "skip")))
        body = {k: v for k, v in condition.items() if k != "else"} if isinstance(condition, dict) else condition
        group = group_shape(body)
        if group is not None and not group[0]:  # the top level is the builder's own all/any
            self.mode.setCurrentIndex(max(0, self.mode.findData(group[1])))
            for item in group[2]:
                self.add(item)
        elif body:
            self.add(body)
        self.enabled.blockSignals(True)
        self.enabled.setChecked(bool(condition))
        self.enabled.blockSignals(False)
        self._enabled_changed(bool(condition))

    # --- problems ---------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What is wrong, each also shown next to its row or group ([] when off or fine)."""
        return self.show_problems()

    def show_problems(self) -> list[str]:
        if not self.enabled.isChecked():
            return []
        found: list[str] = []
        for item in self.items:
            found += self._check(item)
            for child in item.items if isinstance(item, ConditionGroup) else []:
                found += self._check(child)
        whole = _problem(self.condition()) if not found else None
        self.problem.setText(whole or "")
        self.problem.setVisible(whole is not None)
        return found + ([whole] if whole else [])

    @staticmethod
    def _check(item: ConditionRow | ConditionGroup | FixedCondition) -> list[str]:
        problem = item.check()
        item.error.setText(problem or "")
        item.error.setVisible(problem is not None)
        return [problem] if problem else []
