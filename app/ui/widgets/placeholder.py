"""A screen that later work will build: it says plainly what it will do, and that it is not here yet.

No fake content: a placeholder shows no numbers, charts or rows that could be mistaken for data.
Run alone: `python -m app.ui.widgets.placeholder`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.ui import icons


def planned_screens() -> dict[str, tuple[str, str]]:
    """Screen key -> (title, what it will do), translated."""
    return {
        "map": (QCoreApplication.translate("Placeholder", "Map"), QCoreApplication.translate(
            "Placeholder",
            "Your leads on an embedded Google map, with clustered markers colored by stage or score, "
            "nearby leads, a planned day route and visit logging, and a route sheet that works offline.")),
        "messages": (QCoreApplication.translate("Placeholder", "Messages"), QCoreApplication.translate(
            "Placeholder",
            "SMS one to one and in bulk through Twilio, with templates personalized from each lead's history, "
            "delivery status, replies, and consent, opt-out and quiet hours checked before anything is sent.")),
        "automations": (QCoreApplication.translate("Placeholder", "Automations"), QCoreApplication.translate(
            "Placeholder",
            "Triggers and sequences that send the right message at the right time (for example a follow-up "
            "two days after a visit), with delays, and a log of everything they did.")),
        "analytics": (QCoreApplication.translate("Placeholder", "Analytics"), QCoreApplication.translate(
            "Placeholder",
            "The manager's dashboard: the funnel with drop-off, win rate by source, segment and rep, activity "
            "over time and message response rates, exportable as PNG, PDF, CSV or XLSX.")),
        "feedback": (QCoreApplication.translate("Placeholder", "Feedback"), QCoreApplication.translate(
            "Placeholder",
            "Thumbs up or down, with a reason, on every score and recommendation, and a suggestion form; "
            "your feedback trains the next model and reaches your manager.")),
    }


class PlaceholderPage(QWidget):
    """An honest 'coming later' page for one of the planned screens."""

    def __init__(self, key: str, glyph: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        title, purpose = planned_screens()[key]
        card = QFrame()
        card.setObjectName("PlaceholderCard")
        card.setFixedWidth(560)  # a fixed width lets the wrapped text compute its height
        glyph_label = QLabel()
        glyph_label.setPixmap(icons.pixmap(glyph, 48, "#94a3b8"))
        glyph_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setObjectName("PlaceholderTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.purpose = QLabel(purpose)
        self.purpose.setWordWrap(True)
        self.purpose.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.purpose.setFixedWidth(560 - 2 * 32)  # wrapped labels only get their height right at a known width
        self.purpose.setMinimumHeight(self.purpose.heightForWidth(self.purpose.width()) + 6)
        self.status = QLabel(self.tr("Not available in this version of AIConnect."))
        self.status.setObjectName("PlaceholderStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(glyph_label)
        inner.addWidget(self.title)
        inner.addWidget(self.purpose)
        inner.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    page = PlaceholderPage("map", "map")
    page.resize(900, 600)
    page.show()
    sys.exit(app.exec())
