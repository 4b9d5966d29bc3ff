"""The widgets around the map on the Map screen: the banner that says why the map is not showing,
the toolbar above the map, and the side panel's tabs (Nearby, Day plan, To check).

They hold their controls and fill them from the map's results (app.services.maps.map_reads); MapView
and its parts (markers, area, day_plan, offline, info) decide what runs and when. Their texts keep
the "MapView" translation context they had when they were built inside the screen, so the existing
translations still apply.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QSettings, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.maps.map_reads import LeadInfo, NearbyRow, RouteSheet
from app.ui import icons
from app.ui.i18n import stage_label
from app.ui.maps.sheet import direction_text, duration_text, km_text, time_text


def _table(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class MapBanner(QFrame):
    """Above the map when it cannot show: why, "Try again", and "Open Settings" for a key problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MapBanner")
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icons.icon("warning", "#b45309", None).pixmap(18, 18))
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton(QCoreApplication.translate("MapView", "Try again"))
        self.settings_button = QPushButton(QCoreApplication.translate("MapView", "Open Settings"))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.settings_button)
        self.hide()

    def show_failure(self, reason: str) -> None:
        """`reason` as MapView names it: no_key | keyring | auth | network | timeout (anything else: a generic text)."""
        texts = {
            "no_key": QCoreApplication.translate(
                "MapView", "The map needs a Google Maps API key, and none is set. Add it in Settings → "
                           "Integrations (google.maps_key). Meanwhile, here is the offline route sheet."),
            "keyring": QCoreApplication.translate(
                "MapView", "The system keyring cannot be read, so the Google Maps key is not available. "
                           "Check Settings → Integrations. Meanwhile, here is the offline route sheet."),
            "auth": QCoreApplication.translate(
                "MapView", "Google refused the Maps key: check it in Settings → Integrations (is the Maps "
                           "JavaScript API enabled for it, with billing on, and does it allow this app?). "
                           "Meanwhile, here is the offline route sheet."),
            "network": QCoreApplication.translate(
                "MapView", "Google Maps cannot be reached: check the network connection. The map comes back "
                           "by itself when it can; meanwhile, here is the offline route sheet from saved positions."),
            "network_lost": QCoreApplication.translate(
                "MapView", "The network connection was lost, so the map cannot load more of itself. It comes "
                           "back when the connection does; meanwhile, here is the offline route sheet from saved "
                           "positions."),
            "timeout": QCoreApplication.translate(
                "MapView", "Google Maps did not answer in time: the network may be down or slow. The map comes "
                           "back by itself when it can; meanwhile, here is the offline route sheet from saved "
                           "positions."),
        }
        self.text_label.setText(texts.get(reason, QCoreApplication.translate(
            "MapView", "The map could not start. It will be tried again; meanwhile, here is the offline route sheet.")))
        self.settings_button.setVisible(reason in ("no_key", "keyring", "auth"))
        self.show()


class MapToolbar(QWidget):
    """The row above the map: colour the markers by stage or by score, draw a radius or an area (and
    clear it), geocode the leads without a position (with progress and Stop), and the count."""

    def __init__(self, color_mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color_label = QLabel(QCoreApplication.translate("MapView", "Color by"))
        self.color_label.setObjectName("Muted")
        self.by_stage = QToolButton()
        self.by_stage.setText(QCoreApplication.translate("MapView", "Stage"))
        self.by_score = QToolButton()
        self.by_score.setText(QCoreApplication.translate("MapView", "Score"))
        self.color_group = QButtonGroup(self)
        self.color_group.setExclusive(True)
        for button in (self.by_stage, self.by_score):
            button.setCheckable(True)
            button.setObjectName("SegmentButton")
            self.color_group.addButton(button)
        self.set_color_mode(color_mode)
        self.draw_button = QPushButton(icons.icon("map"), QCoreApplication.translate("MapView", "Draw radius"))
        self.draw_button.setToolTip(QCoreApplication.translate(
            "MapView", "Click the center on the map, then the edge: the list keeps the leads inside"))
        self.draw_area_button = QPushButton(icons.icon("edit"), QCoreApplication.translate("MapView", "Draw area"))
        self.draw_area_button.setToolTip(QCoreApplication.translate(
            "MapView", "Click the corners of the area on the map; double-click, or click the first corner, to close it. "
                       "Drag its corners to change it. The list keeps the leads inside"))
        self.clear_area_button = QPushButton(icons.icon("close"), QCoreApplication.translate("MapView", "Clear area"))
        self.clear_area_button.hide()
        self.geocode_button = QPushButton(icons.icon("search"), "")
        self.geocode_button.hide()
        self.geocode_progress = QProgressBar()
        self.geocode_progress.setFixedWidth(160)
        self.geocode_progress.setTextVisible(True)
        self.geocode_progress.hide()
        self.geocode_cancel = QToolButton()
        self.geocode_cancel.setIcon(icons.icon("close"))
        self.geocode_cancel.setToolTip(QCoreApplication.translate("MapView", "Stop geocoding (what is done is kept)"))
        self.geocode_cancel.hide()
        self.sheet_button = QPushButton(icons.icon("export"), QCoreApplication.translate("MapView", "Offline sheet"))
        self.sheet_button.setCheckable(True)
        self.sheet_button.setToolTip(QCoreApplication.translate(
            "MapView", "The route sheet from saved positions (nearby leads and the day's order), to print or "
                       "save before you leave"))
        self.sheet_print_button = QPushButton(QCoreApplication.translate("MapView", "Print sheet…"))
        self.sheet_print_button.hide()
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self._lay_out()

    def _lay_out(self) -> None:
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)  # laid out as the row it was before it became a widget
        bar.setSpacing(8)
        for widget in (self.color_label, self.by_stage, self.by_score):
            bar.addWidget(widget)
        bar.addSpacing(10)
        for widget in (self.draw_button, self.draw_area_button, self.clear_area_button, self.geocode_button,
                       self.geocode_progress, self.geocode_cancel):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.sheet_button)
        bar.addWidget(self.sheet_print_button)

    def color_mode(self) -> str:
        return "score" if self.by_score.isChecked() else "stage"

    def set_color_mode(self, mode: str) -> None:
        (self.by_score if mode == "score" else self.by_stage).setChecked(True)

    def set_drawing_enabled(self, enabled: bool) -> None:
        self.draw_button.setEnabled(enabled)
        self.draw_area_button.setEnabled(enabled)

    def geocoding_started(self, total: int) -> None:
        self.geocode_button.hide()
        self.geocode_progress.setRange(0, total)
        self.geocode_progress.setValue(0)
        self.geocode_progress.setFormat(QCoreApplication.translate("MapView", "%v of %m"))
        self.geocode_progress.show()
        self.geocode_cancel.show()

    def geocoding_progressed(self, done: int, total: int) -> None:
        self.geocode_progress.setRange(0, max(total, 1))
        self.geocode_progress.setValue(min(done, max(total, 1)))

    def geocoding_finished(self) -> None:
        self.geocode_progress.hide()
        self.geocode_cancel.hide()


class NearbyPanel(QWidget):
    """The Nearby tab: my position (typed, the map centre or the device's), a radius, and the leads
    around it or around a lead, nearest first. The position and the radius are remembered."""

    def __init__(self, settings_store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position_edit = QLineEdit(str(settings_store.value("map/position", "")))
        self.position_edit.setPlaceholderText(QCoreApplication.translate("MapView", "latitude, longitude"))
        self.position_edit.setToolTip(QCoreApplication.translate("MapView", "Where you are, e.g. -23.5614, -46.6559"))
        self.use_centre_button = QPushButton(QCoreApplication.translate("MapView", "Map center"))
        self.use_centre_button.setToolTip(QCoreApplication.translate(
            "MapView", "Use the center of the map as your position"))
        self.locate_button = QPushButton(QCoreApplication.translate("MapView", "Use my location"))
        self.locate_button.setToolTip(QCoreApplication.translate(
            "MapView", "Ask this computer where it is (location service), then show the leads near you"))
        self.radius_spin = QDoubleSpinBox()
        self.radius_spin.setRange(0.1, 500.0)
        self.radius_spin.setDecimals(1)
        self.radius_spin.setSuffix(QCoreApplication.translate("MapView", " km"))
        self.radius_spin.setValue(float(str(settings_store.value("map/radius_km", 5.0))))
        self.radius_spin.valueChanged.connect(lambda v: settings_store.setValue("map/radius_km", v))
        self.near_me_button = QPushButton(QCoreApplication.translate("MapView", "Near me"))
        self.near_me_button.setObjectName("PrimaryButton")
        self.near_lead_button = QPushButton(QCoreApplication.translate("MapView", "Near the selected lead"))
        self.nearby_label = QLabel(QCoreApplication.translate(
            "MapView", "Leads around you or around a lead, nearest first."))
        self.nearby_label.setWordWrap(True)
        self.nearby_label.setObjectName("Muted")
        self.nearby_table = _table([QCoreApplication.translate("MapView", "Lead"),
                                    QCoreApplication.translate("MapView", "Distance"),
                                    QCoreApplication.translate("MapView", "Direction"),
                                    QCoreApplication.translate("MapView", "Stage")])
        self.nearby_table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._lay_out()

    def _lay_out(self) -> None:
        position_row = QHBoxLayout()  # the buttons under the field, so a narrow panel keeps it readable
        position_row.addWidget(self.use_centre_button)
        position_row.addWidget(self.locate_button)
        position_row.addStretch(1)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("MapView", "My position"), self.position_edit)
        form.addRow("", position_row)
        form.addRow(QCoreApplication.translate("MapView", "Radius"), self.radius_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.near_me_button)
        buttons.addWidget(self.near_lead_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.nearby_label)
        box.addWidget(self.nearby_table, 1)

    def position(self) -> tuple[float, float] | None:
        """The typed position ("lat, lng" or "lat; lng"), or None when it is not one."""
        text = self.position_edit.text().replace(";", ",").strip()
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2:
            return None
        try:
            lat, lng = float(parts[0]), float(parts[1])
        except ValueError:
            return None
        return (lat, lng) if -90 <= lat <= 90 and -180 <= lng <= 180 else None

    def set_locating(self, locating: bool) -> None:
        self.locate_button.setEnabled(not locating)
        self.locate_button.setText(QCoreApplication.translate("MapView", "Locating…") if locating
                                   else QCoreApplication.translate("MapView", "Use my location"))

    def show_location_failure(self, reason: str) -> str:
        """Say under the position why "Use my location" found nothing (PositionFailure.reason); returns the text."""
        texts = {
            "no_source": QCoreApplication.translate(
                "MapView", "This computer has no location service AIConnect can use, so your position was "
                           "not changed. Type it, or use the map center."),
            "denied": QCoreApplication.translate(
                "MapView", "AIConnect is not allowed to read this computer's location: allow it in the system's "
                           "privacy settings. Meanwhile your position was not changed; type it, or use the map "
                           "center."),
            "timeout": QCoreApplication.translate(
                "MapView", "The location service did not find your position in time (indoors, the signal may "
                           "be weak). Your position was not changed: try again, type it, or use the map center."),
        }
        text = texts.get(reason, QCoreApplication.translate(
            "MapView", "The location service could not tell where you are, so your position was not changed. "
                       "Type it, or use the map center."))
        self.nearby_label.setText(text)
        return text

    def fill(self, rows: list[NearbyRow]) -> None:
        self.nearby_table.clear()
        for row in rows:
            item = QTreeWidgetItem([row.name, km_text(row.distance_km), direction_text(row.distance_km, row.bearing),
                                    stage_label(row.stage)])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.nearby_table.addTopLevelItem(item)


class DayPlanPanel(QWidget):
    """The Day plan tab: the stops, when to leave and how long a visit takes, the planned route
    (arrival at each stop and the leg to it), and its printout, PDF and CSV."""

    def __init__(self, settings_store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan_list = QListWidget()
        self.plan_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.plan_list.setMaximumHeight(130)
        self.add_selected_button = QPushButton(icons.icon("add"), QCoreApplication.translate(
            "MapView", "Add selected leads"))
        self.add_selected_button.setToolTip(QCoreApplication.translate(
            "MapView", "Add the leads selected in the Leads list"))
        self.remove_stop_button = QPushButton(QCoreApplication.translate("MapView", "Remove"))
        self.clear_plan_button = QPushButton(QCoreApplication.translate("MapView", "Clear"))
        self.from_position = QCheckBox(QCoreApplication.translate("MapView", "Start from my position"))
        self.departure = QTimeEdit(QTime.currentTime())
        self.departure.setDisplayFormat("HH:mm")
        self.visit_minutes = QSpinBox()
        self.visit_minutes.setRange(0, 240)
        self.visit_minutes.setSingleStep(5)
        self.visit_minutes.setValue(int(str(settings_store.value("map/visit_minutes", 30))))
        self.visit_minutes.setSuffix(QCoreApplication.translate("MapView", " min"))
        self.visit_minutes.valueChanged.connect(lambda v: settings_store.setValue("map/visit_minutes", v))
        self.plan_button = QPushButton(QCoreApplication.translate("MapView", "Plan route"))
        self.plan_button.setObjectName("PrimaryButton")
        self.route_label = QLabel()
        self.route_label.setWordWrap(True)
        self.route_label.setObjectName("Muted")
        self.route_table = _table([QCoreApplication.translate("MapView", "#"),
                                   QCoreApplication.translate("MapView", "Arrival"),
                                   QCoreApplication.translate("MapView", "Lead"),
                                   QCoreApplication.translate("MapView", "Leg")])
        self.route_table.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.print_button = QPushButton(QCoreApplication.translate("MapView", "Print…"))
        self.pdf_button = QPushButton(icons.icon("export"), QCoreApplication.translate("MapView", "PDF…"))
        self.csv_button = QPushButton(icons.icon("export"), QCoreApplication.translate("MapView", "CSV…"))
        self.reset()
        self._lay_out()

    def _lay_out(self) -> None:
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.add_selected_button)
        edit_row.addWidget(self.remove_stop_button)
        edit_row.addWidget(self.clear_plan_button)
        edit_row.addStretch(1)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("MapView", "Leave at"), self.departure)
        form.addRow(QCoreApplication.translate("MapView", "Time per visit"), self.visit_minutes)
        form.addRow("", self.from_position)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_button)
        plan_row.addStretch(1)
        out_row = QHBoxLayout()
        out_row.addStretch(1)
        out_row.addWidget(self.print_button)
        out_row.addWidget(self.pdf_button)
        out_row.addWidget(self.csv_button)
        box = QVBoxLayout(self)
        box.addWidget(self.plan_list)
        box.addLayout(edit_row)
        box.addLayout(form)
        box.addLayout(plan_row)
        box.addWidget(self.route_label)
        box.addWidget(self.route_table, 1)
        box.addLayout(out_row)

    def reset(self) -> None:
        """No route planned: an empty table, the hint, and nothing to print or export."""
        self.route_table.clear()
        self.route_label.setText(QCoreApplication.translate("MapView", "Add the leads to visit, then plan the route."))
        self.set_outputs_enabled(False)

    def set_outputs_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(enabled)

    def fill_stops(self, plan: list[int], names: dict[int, str]) -> None:
        self.plan_list.clear()
        for lead_id in plan:
            item = QListWidgetItem(names.get(lead_id, f"#{lead_id}"))
            item.setData(Qt.ItemDataRole.UserRole, lead_id)
            self.plan_list.addItem(item)

    def selected_stops(self) -> set[int]:
        return {item.data(Qt.ItemDataRole.UserRole) for item in self.plan_list.selectedItems()}

    def show_route(self, sheet: RouteSheet) -> None:
        self.route_table.clear()
        for stop in sheet.stops:
            leg = f"{km_text(stop.leg_km)} · {duration_text(stop.leg_s)}" if stop.leg_s or stop.leg_km else "—"
            item = QTreeWidgetItem([str(stop.n), time_text(stop.arrival), stop.info.name, leg])
            item.setData(0, Qt.ItemDataRole.UserRole, stop.info.id)
            self.route_table.addTopLevelItem(item)
        self.set_outputs_enabled(bool(sheet.stops))

    def departure_utc(self) -> datetime:
        """Today at the "Leave at" time, in UTC."""
        today = QDateTime.currentDateTime()
        today.setTime(self.departure.time())
        local: datetime = today.toPython()  # type: ignore[assignment]
        return local.astimezone(UTC)

    def visit_seconds(self) -> int:
        return self.visit_minutes.value() * 60


class CheckPanel(QWidget):
    """The To check tab: the leads geocoding could not place, or placed only roughly, with why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_label = QLabel(QCoreApplication.translate(
            "MapView", "Leads Google could not place, or placed only roughly, show up here after geocoding. "
                       "Double-click one to open it and correct its address."))
        self.check_label.setWordWrap(True)
        self.check_label.setObjectName("Muted")
        self.check_list = QListWidget()
        box = QVBoxLayout(self)
        box.addWidget(self.check_label)
        box.addWidget(self.check_list, 1)

    def fill(self, infos: dict[int, LeadInfo], reasons: dict[int, str], order: list[int]) -> None:
        """`reasons`: lead id -> not_found | partial | error; `order`: the ids in the order to list them."""
        labels = {"not_found": QCoreApplication.translate("MapView", "not found"),
                  "partial": QCoreApplication.translate("MapView", "only roughly placed"),
                  "error": QCoreApplication.translate("MapView", "address not readable")}
        self.check_list.clear()
        for lead_id in order:
            info = infos.get(lead_id)
            if info is None:
                continue
            where = ", ".join(p for p in (info.address, info.city) if p)
            item = QListWidgetItem(QCoreApplication.translate("MapView", "{name} — {reason}\n{address}").format(
                name=info.name, reason=labels[reasons[lead_id]],
                address=where or QCoreApplication.translate("MapView", "(no address)")))
            item.setData(Qt.ItemDataRole.UserRole, lead_id)
            item.setIcon(icons.icon("warning" if reasons[lead_id] != "partial" else "info",
                                    "#b45309" if reasons[lead_id] != "partial" else "#6b7280", None))
            self.check_list.addItem(item)
