"""New lead / edit lead: every field a rep fills in, the service's verdict shown next to each field.

Edits carry the version the dialog was opened with; when someone else saved the lead meanwhile
the user chooses: reload their version, overwrite with mine (only the fields I changed), or keep
editing. Nothing typed is lost silently. Run alone: `python -m app.ui.leads.dialog`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ConflictError, ValidationError
from app.services.leads.leads import LeadRecord
from app.ui.errors import alive, report_error, show_failure, show_field_problems
from app.ui.i18n import stage_label
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

TIMEZONES = ("", "America/Sao_Paulo", "America/Manaus", "America/Cuiaba", "America/Belem", "America/Fortaleza",
             "America/Recife", "America/Bahia", "America/Porto_Velho", "America/Rio_Branco", "America/Noronha")


@dataclass(frozen=True)
class FormOptions:
    stages: list[tuple[str, str]]
    owners: list[tuple[int, str]]
    sources: list[str]
    record: LeadRecord | None


def load_form(ctx: AppContext, lead_id: int | None) -> FormOptions:
    leads = ctx.leads
    record = leads.get(lead_id) if lead_id is not None else None
    return FormOptions(leads.stages(), leads.owners(), leads.sources(), record)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class LeadDialog(QDialog):
    """`LeadDialog(ctx, runner, None)` creates, `LeadDialog(ctx, runner, lead_id)` edits; `saved` on success."""

    saved = Signal(object)  # LeadRecord
    ready = Signal()  # the form is filled and editable

    def __init__(self, ctx: AppContext, runner: TaskRunner, lead_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.lead_id = lead_id
        self.record: LeadRecord | None = None
        self.conflict_box: QMessageBox | None = None
        self.errors: dict[str, QLabel] = {}
        self.setWindowTitle(self.tr("New lead") if lead_id is None else self.tr("Edit lead"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build()
        self.setEnabled(False)
        self._load()

    # --- form ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Lead"), "lead")
        self.kind.addItem(self.tr("Customer"), "customer")
        self.company = QLineEdit()
        self.job_title = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+55 11 98765-4321")
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("name@company.com.br"))
        self.sms_consent = QCheckBox(self.tr("The lead agreed to receive SMS"))
        self.sms_consent_source = QLineEdit()
        self.sms_consent_source.setPlaceholderText(self.tr("where: web form, call, signed form…"))
        self.opt_out_note = QLabel(self.tr("This lead opted out of SMS; consent cannot override that."))
        self.opt_out_note.setObjectName("ErrorText")
        self.opt_out_note.setWordWrap(True)
        self.opt_out_note.hide()
        self.stage = QComboBox()
        self.owner = QComboBox()
        self.source = QComboBox()
        self.source.setEditable(True)
        self.value = QLineEdit()
        self.value.setPlaceholderText(_amount(0.0))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. vip, retail"))
        self.address = QLineEdit()
        self.city = QLineEdit()
        self.state = QLineEdit()
        self.postal_code = QLineEdit()
        self.country = QLineEdit("BR")
        self.country.setMaxLength(2)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(TIMEZONES)
        self.external_id = QLineEdit()

        person = self._group(self.tr("Person"), [
            ("name", self.tr("Name *"), self.name), ("kind", self.tr("Kind"), self.kind),
            ("company", self.tr("Company"), self.company), ("job_title", self.tr("Job title"), self.job_title),
        ])
        contact = self._group(self.tr("Contact"), [
            ("phone", self.tr("Phone"), self.phone), ("email", self.tr("E-mail"), self.email),
            ("sms_consent", self.tr("SMS"), self.sms_consent),
            ("sms_consent_source", self.tr("Consent source"), self.sms_consent_source),
        ])
        contact.layout().addRow(self.opt_out_note)
        sales = self._group(self.tr("Sales"), [
            ("stage", self.tr("Stage"), self.stage), ("owner", self.tr("Owner"), self.owner),
            ("source", self.tr("Source"), self.source), ("value", self.tr("Deal value (R$)"), self.value),
            ("tags", self.tr("Tags"), self.tags), ("external_id", self.tr("External id"), self.external_id),
        ])
        place = self._group(self.tr("Address"), [
            ("address", self.tr("Street"), self.address), ("city", self.tr("City"), self.city),
            ("state", self.tr("State"), self.state), ("postal_code", self.tr("Postal code"), self.postal_code),
            ("country", self.tr("Country"), self.country), ("timezone", self.tr("Time zone"), self.timezone),
        ])
        self.general_error = QLabel()
        self.general_error.setObjectName("ErrorText")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(person)
        left.addWidget(contact)
        left.addStretch(1)
        right.addWidget(sales)
        right.addWidget(place)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(820)

    def _group(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, widget in rows:
            error = QLabel()
            error.setObjectName("ErrorText")
            error.setWordWrap(True)
            error.hide()
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(error)
            form.addRow(label, cell)
            self.errors[name] = error
            widget.setObjectName(f"field_{name}")
        return box

    # --- loading --------------------------------------------------------------------------------------

    def _load(self) -> None:
        (self.runner.task(load_form, self.ctx, self.lead_id)
         .on_success(alive(self, self._fill))
         .on_failure(alive(self, self._load_failed))
         .start())

    def _load_failed(self, exc: BaseException) -> None:
        report_error(self.parentWidget() or self, exc)
        self.reject()

    def _fill(self, options: FormOptions) -> None:
        self.stage.clear()
        for key, name in options.stages:
            self.stage.addItem(stage_label(key, name), key)
        self.owner.clear()
        self.owner.addItem(self.tr("(nobody)"), None)
        for _uid, username in options.owners:
            self.owner.addItem(username, username)
        self.source.clear()
        self.source.addItems(["", *options.sources])
        self.record = options.record
        self._show_record(options.record)
        self.setEnabled(True)
        self.name.setFocus()
        self.ready.emit()

    def _show_record(self, record: LeadRecord | None) -> None:
        if record is None:
            self._choose(self.owner, self.ctx.user.username)
            self._choose(self.stage, "new")
            return
        for name in ("name", "company", "job_title", "email", "address", "city", "state", "postal_code",
                     "country", "external_id", "sms_consent_source"):
            getattr(self, name).setText(_text(getattr(record, name)))
        self.phone.setText(_text(record.phone))
        self.value.setText(_amount(record.value))
        self.tags.setText(", ".join(record.tags))
        self.sms_consent.setChecked(record.sms_consent)
        self.opt_out_note.setVisible(record.sms_opt_out)
        self._choose(self.kind, record.kind)
        self._choose(self.stage, record.stage)
        self._choose(self.owner, record.owner)
        self.source.setCurrentText(_text(record.source))
        self.timezone.setCurrentText(_text(record.timezone))

    @staticmethod
    def _choose(combo: QComboBox, data: Any) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(index if index >= 0 else 0)

    # --- values ---------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as the service expects it (the service cleans and validates)."""
        out: dict[str, Any] = {
            name: getattr(self, name).text()
            for name in ("name", "company", "job_title", "email", "phone", "address", "city", "state",
                         "postal_code", "country", "external_id", "sms_consent_source", "value")
        }
        out["kind"] = self.kind.currentData()
        out["stage"] = self.stage.currentData()
        out["owner"] = self.owner.currentData()
        out["source"] = self.source.currentText()
        out["timezone"] = self.timezone.currentText()
        out["tags"] = [t.strip() for t in self.tags.text().replace(";", ",").split(",") if t.strip()]
        out["sms_consent"] = self.sms_consent.isChecked()
        return out

    def changes(self) -> dict[str, Any]:
        """Only what the user changed (an overwrite must not clobber other people's fields)."""
        values = self.values()
        if self.record is None:
            return {k: v for k, v in values.items() if v not in ("", None, [])}
        before = self._record_values(self.record)
        return {k: v for k, v in values.items() if _norm(v) != _norm(before.get(k))}

    @staticmethod
    def _record_values(record: LeadRecord) -> dict[str, Any]:
        values = record.as_dict()
        values["tags"] = list(record.tags)
        values["value"] = _amount(record.value)
        return values

    # --- saving -----------------------------------------------------------------------------------------

    def save(self, *, overwrite: bool = False) -> None:
        self._clear_errors()
        changes = self.changes()
        if self.record is not None and not changes:
            self.accept()
            return
        self.buttons.setEnabled(False)
        if self.record is None:
            task = self.runner.task(self.ctx.leads.create, changes)
        else:
            version = None if overwrite else self.record.version
            task = self.runner.task(self.ctx.leads.update, self.record.id, changes, expected_version=version)
        task.on_success(alive(self, self._saved)).on_failure(alive(self, self._save_failed)).start()

    def _saved(self, record: LeadRecord) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(record)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConflictError):
            self._ask_conflict()
        else:
            show_failure(self, self.general_error, exc)

    def show_problems(self, problems: dict[str, str]) -> None:
        fields = (self.findChild(QWidget, f"field_{name}")
                  for name in show_field_problems(problems, self.errors, self.general_error))
        first = next((field for field in fields if field is not None), None)
        if first is not None:
            first.setFocus()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()

    # --- conflicts ------------------------------------------------------------------------------------

    def _ask_conflict(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Changed by someone else"))
        box.setText(self.tr("Someone else saved this lead while you were editing it."))
        box.setInformativeText(self.tr(
            "Reload: show their version and discard your changes here.\n"
            "Overwrite: save your changes over theirs (only the fields you changed).\n"
            "Keep editing: go back to the form; nothing is saved yet."))
        self.reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.ResetRole)
        self.overwrite_button = box.addButton(self.tr("Overwrite"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(self._conflict_choice)
        self.conflict_box = box
        box.open()

    def _conflict_choice(self, button: QAbstractButton) -> None:
        if button is self.overwrite_button:
            self.save(overwrite=True)
        elif button is self.reload_button:
            self.setEnabled(False)
            self._load()


def _amount(value: float | None) -> str:
    """2 decimals with the locale's decimal mark and no grouping: the service reads both 1234.5 and 1234,5."""
    return "" if value is None else f"{value:.2f}".replace(".", QLocale().decimalPoint())


def _norm(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return value
    return str(value).strip()


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(lambda ctx, runner: LeadDialog(ctx, runner, None))
