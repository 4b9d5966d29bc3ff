"""The "Messaging and region" group of the Settings screen: the workspace's non-secret settings.

They go through WorkspaceSettings on the db lane, each value on its own, with each validation problem shown
under its field. The Twilio sender is one of these settings too; its field lives here, and the credentials
group shows it. The texts keep the "SettingsView" translation context they had when this group was part of
the screen's class.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.context import AppContext
from app.errors import ValidationError
from app.services.workspace.settings import PRICE_CURRENCIES, WorkspaceSettings
from app.ui.errors import notify, report_error
from app.ui.i18n import service_text
from app.ui.settings.consent_words import ConsentWordsBox
from app.ui.settings.fields import SettingField, error_label, set_error
from app.ui.tasks import TaskRunner

# Workspace settings in this group, in order (twilio.sender sits with the Twilio credentials).
WORKSPACE_KEYS = ("sms.quiet_hours", "sms.rate", "sms.frequency_cap_per_week", "sms.price_per_segment", "geocode.qps",
                  "phone.default_region", "currency")


def save_workspace(workspace: WorkspaceSettings, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Save each value on its own (a worker-thread function): (saved, problems by key)."""
    saved: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key, value in values.items():
        try:
            saved[key] = workspace.set(key, value)
        except ValidationError as exc:
            problems.update(exc.problems)
    return saved, problems


class WorkspaceBox(QGroupBox):
    """The settings' fields, the SMS price with its currency and the SMS language; `values` holds the workspace
    settings as last loaded or saved (the screen's language choice among them)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.values: dict[str, str] = {}
        self.sender = SettingField("twilio.sender", QLabel(), QLineEdit(), error_label())
        self.sender.label.setBuddy(self.sender.edit)
        self.sender.edit.returnPressed.connect(self.save_sender)
        self.fields: dict[str, SettingField] = {"twilio.sender": self.sender}
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.sms_language_label = QLabel()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in WORKSPACE_KEYS:
            field = SettingField(key, QLabel(), QLineEdit(), error_label())
            field.label.setBuddy(field.edit)
            field.edit.setMaximumWidth(220)
            field.edit.returnPressed.connect(self.save_workspace_settings)
            if key in ("phone.default_region", "currency"):
                field.edit.setMaxLength(2 if key == "phone.default_region" else 3)
            box = QWidget()
            stack = QVBoxLayout(box)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            if key == "sms.price_per_segment":
                stack.addLayout(self._price_row(field.edit))
            else:
                stack.addWidget(field.edit)
            stack.addWidget(field.error)
            form.addRow(field.label, box)
            self.fields[key] = field
            if key == "sms.price_per_segment":  # the last SMS setting: the SMS language follows it, then the
                form.addRow(self.sms_language_label, self._sms_language_box())  # reply words (read-only)
                self.consent_words_label, self.consent_words = QLabel(), ConsentWordsBox()
                form.addRow(self.consent_words_label, self.consent_words)
        self.workspace_save = QPushButton()
        self.workspace_save.clicked.connect(self.save_workspace_settings)
        self.workspace_note = QLabel()
        self.workspace_note.setWordWrap(True)
        self.workspace_note.setStyleSheet("color: #6b7280;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.workspace_save)
        buttons.addWidget(self.workspace_note, 1)
        form.addRow(buttons)

    def _price_row(self, edit: QLineEdit) -> QHBoxLayout:
        """The price per segment and, next to it, the currency it is in (sms.price_currency)."""
        self.price_currency = QComboBox()
        for code in PRICE_CURRENCIES:
            self.price_currency.addItem(code, code)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        row.addWidget(self.price_currency)
        row.addStretch(1)
        return row

    def _sms_language_box(self) -> QWidget:
        """sms.language: the language of the words AIConnect puts into messages (segment names, reasons)."""
        self.sms_language = QComboBox()
        for code, name in (("pt_BR", "Português (Brasil)"), ("en", "English")):  # each in its own language
            self.sms_language.addItem(name, code)
        self.sms_language_label.setBuddy(self.sms_language)
        self.sms_language_hint = QLabel()
        self.sms_language_hint.setWordWrap(True)
        self.sms_language_hint.setStyleSheet("color: #6b7280;")
        self.sms_language_error = error_label()
        box = QWidget()
        stack = QVBoxLayout(box)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.sms_language)
        row.addStretch(1)
        stack.addLayout(row)
        stack.addWidget(self.sms_language_hint)
        stack.addWidget(self.sms_language_error)
        return box

    # --- texts ---------------------------------------------------------------------------------

    def field_label(self, key: str) -> str:
        return {
            "twilio.sender": QCoreApplication.translate("SettingsView", "Twilio sender"),
            "sms.quiet_hours": QCoreApplication.translate("SettingsView", "SMS sending hours"),
            "sms.rate": QCoreApplication.translate("SettingsView", "SMS per second"),
            "sms.frequency_cap_per_week": QCoreApplication.translate("SettingsView", "Max. SMS per lead per week"),
            "sms.price_per_segment": QCoreApplication.translate("SettingsView", "SMS price per segment"),
            "geocode.qps": QCoreApplication.translate("SettingsView", "Geocoding requests per second"),
            "phone.default_region": QCoreApplication.translate("SettingsView", "Default phone country"),
            "currency": QCoreApplication.translate("SettingsView", "Currency"),
        }[key]

    def field_hint(self, key: str) -> str:
        return {
            "twilio.sender": QCoreApplication.translate(
                "SettingsView", "Use a phone number in international format (+5511…) or a Messaging Service SID (MG…)."),
            "sms.quiet_hours": QCoreApplication.translate(
                "SettingsView", "Use the form 08:00-20:00: messages are only sent inside this window, in the "
                                "lead's time zone, or for a lead without one in every time zone of its phone "
                                "number's region."),
            "sms.rate": QCoreApplication.translate("SettingsView", "Use a number from 0.01 to 1000, e.g. 1 or 0.5."),
            "sms.frequency_cap_per_week": QCoreApplication.translate("SettingsView", "Use a whole number from 1 to 100."),
            "sms.price_per_segment": QCoreApplication.translate(
                "SettingsView", "What one SMS segment costs your team, e.g. 0.05, in the currency chosen next to it; "
                                "every cost estimate is shown in that currency (nothing is converted)."),
            "geocode.qps": QCoreApplication.translate("SettingsView", "Use a number from 0.1 to 50, e.g. 10."),
            "phone.default_region": QCoreApplication.translate(
                "SettingsView", "Use the two-letter code of a country with phone numbers, e.g. BR."),
            "currency": QCoreApplication.translate("SettingsView", "Use a three-letter ISO 4217 currency code, e.g. BRL."),
        }[key]

    def sms_language_tip(self) -> str:
        return QCoreApplication.translate(
            "SettingsView", "Segment names and recommendation reasons that templates put into a message (lead.segment, "
                            "top_product.reason) are written in this language for every lead. The words of your "
                            "templates are sent exactly as you wrote them.")

    def currency_name(self, code: str) -> str:
        names = {"USD": QCoreApplication.translate("SettingsView", "US$ (US dollars)"),
                 "BRL": QCoreApplication.translate("SettingsView", "R$ (Brazilian reais)"),
                 "EUR": QCoreApplication.translate("SettingsView", "€ (euros)")}
        return names.get(code, code)

    def field_placeholder(self, key: str) -> str:
        return {"twilio.sender": "+5511999990000", "sms.quiet_hours": "08:00-20:00", "sms.rate": "1",
                "sms.frequency_cap_per_week": "3", "sms.price_per_segment": "0.05", "geocode.qps": "10",
                "phone.default_region": "BR", "currency": "BRL"}[key]

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("SettingsView", "Messaging and region"))
        self.workspace_save.setText(QCoreApplication.translate("SettingsView", "Save settings"))
        self.workspace_note.setText(QCoreApplication.translate(
            "SettingsView", "These settings are shared by everyone using this database."))
        for key, field in self.fields.items():
            field.label.setText(self.field_label(key))
            field.edit.setPlaceholderText(self.field_placeholder(key))
            field.edit.setToolTip(self.field_hint(key))
        self.price_currency.setToolTip(QCoreApplication.translate(
            "SettingsView", "The currency of the price per segment and of every SMS cost estimate"))
        self.price_currency.setAccessibleName(QCoreApplication.translate("SettingsView", "Currency of the SMS price"))
        self.sms_language_label.setText(QCoreApplication.translate("SettingsView", "Language of AIConnect's words in SMS"))
        self.consent_words_label.setText(QCoreApplication.translate("SettingsView", "Reply words recognised"))
        self.sms_language_hint.setText(self.sms_language_tip())
        self.sms_language.setToolTip(self.sms_language_tip())
        for i in range(self.price_currency.count()):
            self.price_currency.setItemText(i, self.currency_name(str(self.price_currency.itemData(i))))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- loading and saving ----------------------------------------------------------------------

    def show_values(self, values: dict[str, str]) -> None:
        """Fill the fields from the loaded settings and clear their errors."""
        self.values = dict(values)
        for key, field in self.fields.items():
            field.edit.setText(values.get(key, ""))
            set_error(field.error, None)
        self.price_currency.setCurrentIndex(max(0, self.price_currency.findData(values.get("sms.price_currency"))))
        self.sms_language.setCurrentIndex(max(0, self.sms_language.findData(values.get("sms.language"))))
        set_error(self.sms_language_error, None)

    def save_sender(self) -> None:
        self._save_fields(["twilio.sender"])

    def save_workspace_settings(self) -> None:
        set_error(self.sms_language_error, None)
        self._save_fields(list(WORKSPACE_KEYS), {"sms.language": str(self.sms_language.currentData())})

    def _save_fields(self, keys: list[str], chosen: dict[str, str] | None = None) -> None:
        values = {key: self.fields[key].edit.text().strip() for key in keys}
        values.update(chosen or {})
        if "sms.price_per_segment" in values:
            values["sms.price_currency"] = str(self.price_currency.currentData())
        for key in ("phone.default_region", "currency"):
            if key in values:
                values[key] = values[key].upper()
        for key in ("sms.rate", "geocode.qps", "sms.price_per_segment"):
            if key in values:
                values[key] = values[key].replace(",", ".")  # "0,5" is how a Brazilian writes it
        changed = {k: v for k, v in values.items() if v != self.values.get(k)}
        for key in keys:
            set_error(self.fields[key].error, None)
        if not changed:
            notify(self, QCoreApplication.translate("SettingsView", "Nothing to save: no setting was changed."), "info")
            return
        self.runner.task(save_workspace, self.ctx.workspace, changed) \
            .on_success(self._workspace_saved).on_failure(self._failed).start()

    def _workspace_saved(self, result: tuple[dict[str, str], dict[str, str]]) -> None:
        if not shiboken6.isValid(self):
            return
        saved, problems = result
        self.values.update(saved)
        for key, value in saved.items():
            if key in self.fields:
                self.fields[key].edit.setText(value)
        for name, reason in problems.items():
            key = "sms.price_per_segment" if name == "sms.price_currency" else name  # the combo sits in that row
            if key in self.fields:
                set_error(self.fields[key].error, self.field_hint(key), service_text(reason))
            elif key == "sms.language":
                set_error(self.sms_language_error, service_text(reason))
        if problems:
            notify(self, QCoreApplication.translate(
                "SettingsView", "Some settings were not saved; see the fields marked in red."), "warning")
        elif saved:
            notify(self, QCoreApplication.translate("SettingsView", "Settings saved."), "info")

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            report_error(self, exc)
