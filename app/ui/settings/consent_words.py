"""The read-only list of reply words that change SMS consent, under the SMS settings.

What the inbound poller recognises (app/services/messaging/consent_keywords.py): opt-out, opt-back-in and
help words, Twilio's own in bold (Twilio also blocks or unblocks the number on those), and the rule for a
keyword inside a longer message. Nothing here is editable; the words are the app's, not a setting.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.services.messaging.consent_keywords import HELP, OPT_IN, OPT_OUT, keywords_of

KINDS = (OPT_OUT, OPT_IN, HELP)


def words_html(kind: str) -> str:
    """'PARE, …, NÃO QUERO, …, <b>STOP</b>, …': the words of one kind as shown, Twilio's in bold."""
    return ", ".join(f"<b>{escape(k.word)}</b>" if k.twilio else escape(k.word) for k in keywords_of(kind))


class ConsentWordsBox(QWidget):
    """One row of words per kind (opt out, opt back in, help) and a note on how replies are read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.kind_labels: dict[str, QLabel] = {}
        self.word_lists: dict[str, QLabel] = {}
        for kind in KINDS:
            label, words = QLabel(), QLabel(words_html(kind))
            words.setTextFormat(Qt.TextFormat.RichText)
            words.setWordWrap(True)
            words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(words)
            form.addRow(label, words)
            self.kind_labels[kind], self.word_lists[kind] = label, words
        column.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #6b7280;")
        column.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        names = {OPT_OUT: self.tr("Opt out:"), OPT_IN: self.tr("Opt back in:"), HELP: self.tr("Help:")}
        for kind in KINDS:
            self.kind_labels[kind].setText(names[kind])
            self.word_lists[kind].setAccessibleName(names[kind].rstrip(":"))
        self.note.setText(self.tr(
            "Case, accents and punctuation do not matter, and polite words around a word are fine (“Pare, por favor”). "
            "In a longer reply only a request to stop the messages opts out (“pare de me mandar mensagem”, “me tira da "
            "lista”); a word alone in a sentence does not (“não quero perder a promoção”). Opting back in and help "
            "need the word alone. Words in bold are Twilio's own: Twilio also blocks or unblocks the number on them; "
            "on the others only AIConnect stops sending."))
        self.setToolTip(self.tr("The words in replies that AIConnect recognises; they cannot be changed here."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
