"""A workspace setting's row on the Settings screen (label, input, error line) and the red error line itself."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QLineEdit

ERROR_STYLE = "color: #b91c1c;"


@dataclass
class SettingField:
    key: str
    label: QLabel
    edit: QLineEdit
    error: QLabel


def error_label() -> QLabel:
    """A hidden red line under an input, shown by `set_error`."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def set_error(label: QLabel, text: str | None, detail: str | None = None) -> None:
    """Show `text` (hide the line when None); `detail`, e.g. the service's own words, as its tooltip."""
    label.setVisible(bool(text))
    label.setText(text or "")
    label.setToolTip(detail or "")
