"""The bar above the lead list: the search box, the multi-select filters, the map-area chip and the count.

The bar holds what the list is narrowed to; the Leads screen turns that into a LeadQuery and runs it.
Its texts belong to the Leads screen's translation context ("LeadsView"), where they were first
written, so they go through `QCoreApplication.translate("LeadsView", ...)` rather than `self.tr`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget

from app.context import AppContext
from app.services.leads.search import LeadQuery
from app.ui import icons
from app.ui.i18n import service_text, stage_label

logger = logging.getLogger(__name__)


# --- the filter choices, read in the db lane --------------------------------------------------------

@dataclass(frozen=True)
class FilterOptions:
    stages: list[tuple[str, str]]
    owners: list[tuple[int, str]]
    tags: list[str]
    sources: list[str]
    segments: list[str] = field(default_factory=list)
    few_data_scores: bool = False  # the scores come from the cold-start model ('poucos dados')
    segment_labels: dict[str, str] = field(default_factory=dict)  # stored name -> Text (app.ml.insights.segment_labels)


def load_filter_options(ctx: AppContext) -> FilterOptions:
    from app.ml.insights import scores_from_few_data, segment_labels, segment_names

    leads = ctx.leads
    return FilterOptions(leads.stages(), leads.owners(), leads.tag_names(), leads.sources(), segment_names(ctx.db),
                         scores_from_few_data(ctx.db), segment_labels(ctx.db))


# --- widgets ------------------------------------------------------------------------------------

class FilterMenu(QMenu):
    """A menu whose checkable entries toggle without closing it, by mouse or Space."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if event.key() == Qt.Key.Key_Space and action is not None and action.isCheckable():
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)


class FilterButton(QToolButton):
    """A multi-select filter: 'Stage', 'Stage: Won' or 'Stage (3)'."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setObjectName("FilterButton")
        self.menu_ = FilterMenu(self)
        self.setMenu(self.menu_)
        self._options: list[tuple[Any, str]] = []
        self._checked: set[Any] = set()
        self._rebuild()

    def set_options(self, options: list[tuple[Any, str]]) -> None:
        known = {value for value, _ in options}
        self._options = options
        self._checked &= known
        self._rebuild()

    def options(self) -> list[tuple[Any, str]]:
        """The choices as (value, label), in menu order."""
        return self._options

    def values(self) -> tuple[Any, ...]:
        return tuple(value for value, _ in self._options if value in self._checked)

    def set_values(self, values: Iterable[Any]) -> None:
        self._checked = set(values)
        self._rebuild()
        self.changed.emit()

    def clear(self) -> None:
        if self._checked:
            self.set_values(())

    def _rebuild(self) -> None:
        self.menu_.clear()
        clear = self.menu_.addAction(self.tr("Show all"))
        clear.triggered.connect(self.clear)
        clear.setEnabled(bool(self._checked))
        self.menu_.addSeparator()
        if not self._options:
            self.menu_.addAction(self.tr("(none yet)")).setEnabled(False)
        for value, label in self._options:
            action = self.menu_.addAction(label)
            action.setCheckable(True)
            action.setChecked(value in self._checked)
            action.toggled.connect(lambda on, v=value: self._toggle(v, on))
        self._update_text()

    def _toggle(self, value: Any, on: bool) -> None:
        (self._checked.add if on else self._checked.discard)(value)
        self.menu_.actions()[0].setEnabled(bool(self._checked))
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = [label for value, label in self._options if value in self._checked]
        if not chosen:
            text = self.title
        elif len(chosen) == 1:
            text = self.tr("{title}: {value}").format(title=self.title, value=chosen[0])
        else:
            text = self.tr("{title} ({count})").format(title=self.title, count=len(chosen))
        self.setText(text)
        self.setProperty("active", bool(chosen))
        self.style().unpolish(self)
        self.style().polish(self)


class LeadFilterBar(QWidget):
    """Two rows: the search box with the screen's `actions`, then the filters, chip, count and `tools`.

    Two rows keep the window usable at laptop widths (one row of everything made the window at
    least 1,100 px wide). `changed` is not emitted for the search box: the screen debounces typing.
    """

    def __init__(self, actions: Sequence[QWidget] = (), tools: Sequence[QWidget] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area_ids: tuple[int, ...] | None = None  # a map area (LeadQuery.ids), shown as a chip
        self.segment_labels: dict[str, str] = {}  # read with the filter choices, in the db lane
        self._build_widgets()
        self._build_layout(actions, tools)

    def _build_widgets(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText(
            QCoreApplication.translate("LeadsView", "Search name, company, phone, e-mail or notes  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filters = {
            "stages": FilterButton(QCoreApplication.translate("LeadsView", "Stage")),
            "owner_ids": FilterButton(QCoreApplication.translate("LeadsView", "Owner")),
            "tags": FilterButton(QCoreApplication.translate("LeadsView", "Tag")),
            "sources": FilterButton(QCoreApplication.translate("LeadsView", "Source")),
            "segments": FilterButton(QCoreApplication.translate("LeadsView", "Segment")),
            "score_bands": FilterButton(QCoreApplication.translate("LeadsView", "Score")),
        }
        self.filters["segments"].setVisible(False)  # until the models have put leads in segments
        self.filters["score_bands"].set_options([  # app.services.leads.search.SCORE_BANDS
            ("high", QCoreApplication.translate("LeadsView", "70 or more")),
            ("medium", QCoreApplication.translate("LeadsView", "40–69")),
            ("low", QCoreApplication.translate("LeadsView", "below 40")),
            ("unscored", QCoreApplication.translate("LeadsView", "not scored"))])
        self.clear_button = QPushButton(QCoreApplication.translate("LeadsView", "Clear"))
        self.clear_button.setObjectName("LinkButton")
        self.clear_button.setToolTip(QCoreApplication.translate("LeadsView", "Clear the search and every filter"))
        self.clear_button.setVisible(False)
        self.area_chip = QPushButton()
        self.area_chip.setObjectName("AreaChip")
        self.area_chip.setIcon(icons.icon("close"))
        self.area_chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.area_chip.setToolTip(QCoreApplication.translate(
            "LeadsView", "The list shows the leads of the area drawn on the map; click to show all"))
        self.area_chip.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")

    def _build_layout(self, actions: Sequence[QWidget], tools: Sequence[QWidget]) -> None:
        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.search, 1)
        for widget in actions:
            search_row.addWidget(widget)
        filter_row = QHBoxLayout()
        filter_row.setSpacing(8)
        for button in self.filters.values():
            filter_row.addWidget(button)
        filter_row.addWidget(self.clear_button)
        filter_row.addWidget(self.area_chip)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)
        for widget in tools:
            filter_row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)  # as the screen's own rows
        layout.addLayout(search_row)
        layout.addLayout(filter_row)

    # --- what the list is narrowed to ---------------------------------------------------------------

    def query(self, base: LeadQuery) -> LeadQuery:
        """`base` (its order and the rest) narrowed to the search text, the filters and the map area."""
        values = {name: button.values() for name, button in self.filters.items()}
        return replace(base, text=self.search.text().strip(), ids=self.area_ids, **values)

    def narrows(self, query: LeadQuery) -> bool:
        """Whether `query` has a search text or a filter, which the Clear button takes away."""
        return bool(query.text or any(button.values() for button in self.filters.values()))

    def clear(self) -> None:
        """No filter, no search text, no map area; the filters stay quiet, the search box does not."""
        self._clear_filters_quietly()
        self.search.clear()
        self.area_ids = None
        self.area_chip.setVisible(False)

    def set_area(self, ids: Iterable[int] | None, label: str = "") -> None:
        self.area_ids = tuple(ids) if ids is not None else None
        self.area_chip.setText(label or QCoreApplication.translate("LeadsView", "Map area"))
        self.area_chip.setVisible(self.area_ids is not None)

    def show_segment(self, segment: str) -> None:
        """Only this segment: the other filters and the search are cleared without a signal."""
        self._clear_filters_quietly(keep="segments")
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        segments = self.filters["segments"]
        segments.setVisible(True)
        if segment not in [value for value, _label in segments.options()]:
            segments.set_options([*segments.options(), (segment, self.segment_label(segment))])
        segments.set_values([segment])

    def _clear_filters_quietly(self, keep: str | None = None) -> None:
        for name, button in self.filters.items():
            if name != keep:
                button.blockSignals(True)
                button.clear()
                button.blockSignals(False)

    # --- the choices ------------------------------------------------------------------------------

    def set_options(self, options: FilterOptions, me: int | None) -> None:
        """The choices read from the workspace; `me` (the user's id) is marked in the owners."""
        self.filters["stages"].set_options([(key, stage_label(key, name)) for key, name in options.stages])
        self.filters["owner_ids"].set_options(
            [(uid, QCoreApplication.translate("LeadsView", "{name} (me)").format(name=name) if uid == me else name)
             for uid, name in options.owners])
        self.filters["tags"].set_options([(tag, tag) for tag in options.tags])
        self.filters["sources"].set_options([(source, source) for source in options.sources])
        self.segment_labels = options.segment_labels
        self.filters["segments"].set_options([(segment, self.segment_label(segment)) for segment in options.segments])
        self.filters["segments"].setVisible(bool(options.segments) or bool(self.filters["segments"].values()))

    def segment_label(self, segment: str) -> str:
        """A segment's name in the UI's language; names from before segments had Texts as they are."""
        return service_text(self.segment_labels.get(segment, segment))
