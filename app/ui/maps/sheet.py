"""The route sheet: the day's stops (or, offline, nearby leads and a nearest-neighbour order) as a
printable document, a PDF and a CSV file. One HTML rendering serves the screen, the printer and PDF.
"""

from __future__ import annotations

import csv
import functools
import html
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from app.services.maps.map_reads import LeadInfo, NearbyResult, OfflineSheet, RouteSheet, compass
from app.services.transfer.cells import guard_cell
from app.ui.formatting import format_datetime
from app.ui.i18n import stage_label
from app.ui.vocabulary import display_phone, score_text, stage_color


class RouteSheetText(QObject):
    """The sheet's sentences with a count. pyside6-lupdate sees a plural only in a literal
    `self.tr(text, "", n)` inside a QObject subclass, whose class name is the context."""

    def summary(self, n: int) -> str:
        return self.tr("%n stop(s) · {km} · {time} on the road · leaving {when}", "", n)

    def more(self, n: int) -> str:
        return self.tr("… and %n more.", "", n)

    def within(self, n: int) -> str:
        return self.tr("%n lead(s) within {km} of {around}.", "", n)


@functools.cache
def _plurals() -> RouteSheetText:
    return RouteSheetText()


def direction_label(bearing: float) -> str:
    return {
        "N": QCoreApplication.translate("RouteSheet", "N"),
        "NE": QCoreApplication.translate("RouteSheet", "NE"),
        "E": QCoreApplication.translate("RouteSheet", "E"),
        "SE": QCoreApplication.translate("RouteSheet", "SE"),
        "S": QCoreApplication.translate("RouteSheet", "S"),
        "SW": QCoreApplication.translate("RouteSheet", "SW"),
        "W": QCoreApplication.translate("RouteSheet", "W"),
        "NW": QCoreApplication.translate("RouteSheet", "NW"),
    }[compass(bearing)]


def direction_text(distance_km: float, bearing: float) -> str:
    """'NE', or '—' for a lead at the reference point itself (no direction to speak of)."""
    return "—" if distance_km < 0.005 else direction_label(bearing)


def km_text(km: float) -> str:
    return (
        QCoreApplication.translate("RouteSheet", "{km} km").format(km=f"{km:.1f}")
        if km >= 1
        else QCoreApplication.translate("RouteSheet", "{m} m").format(m=round(km * 1000))
    )


def duration_text(seconds: int) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return QCoreApplication.translate("RouteSheet", "{m} min").format(m=minutes)
    return QCoreApplication.translate("RouteSheet", "{h} h {m:02d} min").format(h=minutes // 60, m=minutes % 60)


def time_text(when: datetime) -> str:
    return when.astimezone().strftime("%H:%M")


def source_text(sheet: RouteSheet) -> str:
    if sheet.source == "google":
        return QCoreApplication.translate("RouteSheet", "Order and times from Google Routes (driving).")
    return QCoreApplication.translate(
        "RouteSheet", "Offline estimate: nearest-neighbor order, straight-line distances, times at 30 km/h."
    )


def _e(text: object) -> str:
    return html.escape(str(text or ""))


STYLE = """
body { font-family: 'Segoe UI', 'Noto Sans', Arial, sans-serif; color: #1f2937; font-size: 10pt; }
h1 { font-size: 15pt; margin: 0 0 2px 0; color: #1f2937; }
h2 { font-size: 12pt; margin: 14px 0 4px 0; color: #1d4ed8; }
p.muted { color: #6b7280; margin: 0 0 6px 0; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; color: #6b7280; font-weight: 600; border-bottom: 1px solid #d1d5db; padding: 4px 6px; }
td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
span.stage { font-weight: 600; }
"""


def route_html(sheet: RouteSheet, title: str | None = None) -> str:
    head = [
        QCoreApplication.translate("RouteSheet", "#"),
        QCoreApplication.translate("RouteSheet", "Arrival"),
        QCoreApplication.translate("RouteSheet", "Lead"),
        QCoreApplication.translate("RouteSheet", "Address"),
        QCoreApplication.translate("RouteSheet", "Phone"),
        QCoreApplication.translate("RouteSheet", "Leg"),
        QCoreApplication.translate("RouteSheet", "Last interaction"),
    ]
    rows = []
    for stop in sheet.stops:
        info = stop.info
        leg = f"{km_text(stop.leg_km)} · {duration_text(stop.leg_s)}" if stop.leg_s or stop.leg_km else "—"
        rows.append(
            f"<tr><td class='num'><b>{stop.n}</b></td><td class='num'>{_e(time_text(stop.arrival))}</td>"
            f"<td><b>{_e(info.name)}</b><br><span style='color:{stage_color(info.stage)}' class='stage'>"
            f"{_e(stage_label(info.stage))}</span>{_e(' · ' + info.company) if info.company else ''}</td>"
            f"<td>{_e(address_of(info))}</td><td style='white-space:nowrap'>{_e(display_phone(info.phone))}</td>"
            f"<td class='num'>{_e(leg)}</td>"
            f"<td>{_e(last_text(info))}</td></tr>"
        )
    summary = _plurals().summary(len(sheet.stops)).format(
        km=km_text(sheet.distance_km),
        time=duration_text(sheet.duration_s),
        when=format_datetime(sheet.departure),
    )
    heading = title or QCoreApplication.translate("RouteSheet", "Route sheet")
    parts = [
        f"<h1>{_e(heading)}</h1>",
        f"<p class='muted'>{_e(summary)}<br>{_e(source_text(sheet))}</p>",
        "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>",
    ]
    if sheet.missing:
        names = ", ".join(info.name for info in sheet.missing)
        missing = QCoreApplication.translate("RouteSheet", "Not in the route (no position yet): {names}")
        parts.append(f"<p class='muted'>{_e(missing.format(names=names))}</p>")
    return "".join(parts)


def nearby_html(near: NearbyResult, around: str) -> str:
    head = [
        QCoreApplication.translate("RouteSheet", "Lead"),
        QCoreApplication.translate("RouteSheet", "Stage"),
        QCoreApplication.translate("RouteSheet", "Distance"),
        QCoreApplication.translate("RouteSheet", "Direction"),
    ]
    rows = "".join(
        f"<tr><td><b>{_e(r.name)}</b></td><td style='color:{stage_color(r.stage)}'>{_e(stage_label(r.stage))}</td>"
        f"<td class='num'>{_e(km_text(r.distance_km))}</td><td>{_e(direction_text(r.distance_km, r.bearing))}</td></tr>"
        for r in near.rows
    )
    more = len(near.ids) - len(near.rows)
    note = f"<p class='muted'>{_e(_plurals().more(more))}</p>" if more > 0 else ""
    intro = _plurals().within(len(near.ids)).format(km=km_text(near.radius_km), around=around)
    title = QCoreApplication.translate("RouteSheet", "Nearby")
    return (
        f"<h2>{_e(title)}</h2><p class='muted'>{_e(intro)}</p><table><tr>"
        + "".join(f"<th>{_e(h)}</th>" for h in head)
        + f"</tr>{rows}</table>{note}"
    )


def offline_html(sheet: OfflineSheet, around: str) -> str:
    body = [f"<style>{STYLE}</style>"]
    title = QCoreApplication.translate("RouteSheet", "Offline route sheet")
    if sheet.reference is None:
        empty = QCoreApplication.translate(
            "RouteSheet",
            "No lead in this list has a position yet, so there is nothing to measure from. "
            "Geocode the leads once the network is back, or enter your position.",
        )
        body.append(f"<h1>{_e(title)}</h1><p class='muted'>{_e(empty)}</p>")
        return "".join(body)
    if sheet.route is not None and sheet.route.stops:
        body.append(route_html(sheet.route, title))
    else:
        body.append(f"<h1>{_e(title)}</h1>")
    if sheet.nearby is not None:
        body.append(nearby_html(sheet.nearby, around))
    return "".join(body)


def printable_html(sheet: RouteSheet) -> str:
    return f"<style>{STYLE}</style>" + route_html(sheet)


def address_of(info: LeadInfo) -> str:
    return ", ".join(p for p in (info.address, info.city) if p)


def last_text(info: LeadInfo) -> str:
    if info.last_at is None or info.last_kind is None:
        return QCoreApplication.translate("RouteSheet", "none yet")
    from app.ui.i18n import interaction_kind_label

    text = f"{interaction_kind_label(info.last_kind)} · {format_datetime(info.last_at)}"
    return f"{text} · {info.last_outcome}" if info.last_outcome else text


def score_label(info: LeadInfo) -> str:
    text = score_text(info.score)
    return (
        QCoreApplication.translate("RouteSheet", "Score {score}").format(score=text)
        if text
        else QCoreApplication.translate("RouteSheet", "Not scored yet")
    )


def document(html_text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc


def print_to(device: QPagedPaintDevice, html_text: str) -> None:
    """Lay the sheet out on the printer's (or PDF writer's) pages."""
    document(html_text).print_(device)


def open_print_dialog(parent: QWidget, html_text: str) -> QDialog:
    """The system's print dialog for the sheet, window-modal and not blocking; OK prints it."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.accepted.connect(lambda: print_to(printer, html_text))
    QDialog.open(dialog)  # QPrintDialog.open itself wants a receiver and slot
    return dialog


def write_pdf(path: Path, html_text: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(QCoreApplication.translate("RouteSheet", "Route sheet"))
    writer.setCreator("AIConnect")
    print_to(writer, html_text)


def write_csv(path: Path, sheet: RouteSheet) -> None:
    header = [
        QCoreApplication.translate("RouteSheet", "Stop"),
        QCoreApplication.translate("RouteSheet", "Arrival"),
        QCoreApplication.translate("RouteSheet", "Lead ID"),
        QCoreApplication.translate("RouteSheet", "Name"),
        QCoreApplication.translate("RouteSheet", "Company"),
        QCoreApplication.translate("RouteSheet", "Stage"),
        QCoreApplication.translate("RouteSheet", "Address"),
        QCoreApplication.translate("RouteSheet", "Phone"),
        QCoreApplication.translate("RouteSheet", "Latitude"),
        QCoreApplication.translate("RouteSheet", "Longitude"),
        QCoreApplication.translate("RouteSheet", "Leg (km)"),
        QCoreApplication.translate("RouteSheet", "Leg (min)"),
        QCoreApplication.translate("RouteSheet", "Source"),
    ]
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        write_guarded(out, list(header))
        for stop in sheet.stops:
            info = stop.info
            write_guarded(
                out,
                [
                    stop.n,
                    stop.arrival.astimezone().strftime("%Y-%m-%d %H:%M"),
                    info.id,
                    info.name,
                    info.company or "",
                    stage_label(info.stage),
                    address_of(info),
                    display_phone(info.phone),
                    info.lat,
                    info.lng,
                    f"{stop.leg_km:.2f}",
                    round(stop.leg_s / 60),
                    sheet.source,
                ],
            )


def write_guarded(out: Any, row: list[object]) -> None:
    """A row whose text cells no spreadsheet runs as a formula (a name or an address typed as "=…")."""
    out.writerow([guard_cell(value) if isinstance(value, str) else value for value in row])
