"""The template body editor of the compose dialog and the template editor: the text with a template problem's
line and column marked, the insert-variable menu, and the preview bubble's style."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolButton, QWidget

from app.services.messaging.templates import VARIABLES, TemplateProblem


class BodyEdit(QPlainTextEdit):
    """The message/template text; `show_problem` marks the line (and the column) a TemplateProblem names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BodyEdit")
        self.setTabChangesFocus(True)
        self.problem: TemplateProblem | None = None

    def show_problem(self, problem: TemplateProblem | None, move_cursor: bool = False) -> None:
        self.problem = problem
        selections: list[QTextEdit.ExtraSelection] = []
        if problem is not None and problem.line:
            block = self.document().findBlockByNumber(problem.line - 1)
            if block.isValid():
                line = QTextEdit.ExtraSelection()
                line.format.setBackground(QColor("#fde8e8"))
                line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                line.cursor = QTextCursor(block)
                selections.append(line)
                column = max(1, problem.column or 1)
                mark = QTextEdit.ExtraSelection()
                char = QTextCharFormat()
                char.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                char.setUnderlineColor(QColor("#dc2626"))
                char.setBackground(QColor("#fbc4c4"))
                mark.format = char
                cursor = QTextCursor(block)
                cursor.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, min(column - 1, max(0, block.length() - 1))
                )
                cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
                if not cursor.hasSelection():
                    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor
                selections.append(mark)
                if move_cursor:
                    place = QTextCursor(cursor)
                    place.setPosition(cursor.anchor())
                    self.setTextCursor(place)
                    self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setExtraSelections(selections)

    def insert_variable(self, expression: str) -> None:
        self.insertPlainText(expression)
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def problem_text(problem: TemplateProblem) -> str:
    from app.ui.i18n import service_text  # the reason is a Text when the words are ours (Jinja's are English)

    reason = service_text(problem.reason)
    if problem.line and problem.column:
        return QCoreApplication.translate("Messages", "Line {line}, column {column}: {reason}").format(
            line=problem.line, column=problem.column, reason=reason
        )
    if problem.line:
        return QCoreApplication.translate("Messages", "Line {line}: {reason}").format(line=problem.line, reason=reason)
    return reason


def variable_groups(custom_fields: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(label, expression)]) for the insert-variable menu."""
    titles = {
        "lead": QCoreApplication.translate("Messages", "Lead"),
        "owner": QCoreApplication.translate("Messages", "Owner (the lead's salesperson)"),
        "last_interaction": QCoreApplication.translate("Messages", "Last interaction"),
        "last_purchase": QCoreApplication.translate("Messages", "Last purchase"),
    }
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for name, title in titles.items():
        fields = VARIABLES[name] or ()
        items = [(f"{name}.{f}", "{{ " + f"{name}.{f}" + " }}") for f in fields if f != "custom"]
        if name == "lead":
            items.insert(
                0,
                (
                    QCoreApplication.translate("Messages", "First name, “cliente” if empty"),
                    '{{ lead.name | primeiro_nome | default("cliente") }}',
                ),
            )
            items += [(f"lead.{c}", "{{ lead." + c + " }}") for c in custom_fields if c.isidentifier()]
        groups.append((title, items))
    groups.append(
        (
            QCoreApplication.translate("Messages", "Dates and blocks"),
            [
                (QCoreApplication.translate("Messages", "Today (31/05/2024)"), "{{ hoje | data }}"),
                (QCoreApplication.translate("Messages", "Today, long (31 de maio de 2024)"), '{{ hoje | data("longa") }}'),
                (
                    QCoreApplication.translate("Messages", "If the lead has a company…"),
                    "{% if lead.company %}{{ lead.company }}{% endif %}",
                ),
                (QCoreApplication.translate("Messages", "Value as money (R$ 1.234,56)"), "{{ lead.value | moeda }}"),
            ],
        )
    )
    return groups


class VariableButton(QToolButton):
    """'Insert variable ▾': every variable a template may use, inserted at the cursor of `edit`."""

    def __init__(self, edit: BodyEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.setText(self.tr("Insert variable"))
        self.setToolTip(self.tr("Insert a lead field, the owner, dates or a conditional block at the cursor"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setObjectName("FilterButton")
        self.setMenu(QMenu(self))
        self.set_custom_fields([])

    def set_custom_fields(self, custom_fields: list[str]) -> None:
        menu = self.menu()
        for action in menu.actions():
            if action.menu() is not None:
                action.menu().deleteLater()
        menu.clear()
        for title, items in variable_groups(custom_fields):
            sub = QMenu(title, menu)  # parented: PySide deletes a menu made by addMenu(title) with its wrapper
            menu.addMenu(sub)
            for label, expression in items:
                action = sub.addAction(label)
                action.setToolTip(expression)
                action.setData(expression)
                action.triggered.connect(lambda _checked=False, e=expression: self.edit.insert_variable(e))

    def expressions(self) -> list[str]:
        return [a.data() for m in self.menu().actions() if m.menu() for a in m.menu().actions()]


BUBBLE_STYLE = (
    "#Bubble { background: #e8effd; color: #0f172a; border-radius: 12px; padding: 10px 12px; "
    "font-size: 13px; } #SkipNote { color: #b45309; } #ErrorText { color: #b91c1c; }"
)
