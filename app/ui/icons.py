"""Line icons drawn from small inline SVGs, tinted per state, cached by name and colour.

Drawn here rather than shipped as files so a frozen build cannot lose them; every glyph
is a 24×24 stroke drawing in the same weight, so screens look of a piece.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap, QPixmapCache
from PySide6.QtSvg import QSvgRenderer

INK = "#4b5563"  # default glyph colour on the light theme
ACCENT = "#1d4ed8"

GLYPHS = {
    "leads": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/>'
             '<path d="M16 4.6a3.5 3.5 0 0 1 0 6.8"/><path d="M18 14.3c2.1.7 3.5 2.7 3.5 5.7"/>',
    "pipeline": '<rect x="3" y="4" width="5" height="16" rx="1.5"/><rect x="10" y="4" width="5" height="11" rx="1.5"/>'
                '<rect x="17" y="4" width="4" height="7" rx="1.5"/>',
    "map": '<path d="M12 21.5s-7-6.2-7-11.5a7 7 0 0 1 14 0c0 5.3-7 11.5-7 11.5z"/><circle cx="12" cy="10" r="2.5"/>',
    "messages": '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z"/>',
    "automations": '<path d="M13 2.5 4.5 13.5H12l-1 8 8.5-11H12z"/>',
    "analytics": '<path d="M3 21h18"/><path d="M6 17v-6"/><path d="M11 17V5"/><path d="M16 17V9"/><path d="M20.5 17v-3"/>',
    "feedback": '<path d="M7 11v9H3.5v-9z"/><path d="M7 11l4-7.5c1.4 0 2.3 1.1 2 2.5L12.3 10H19a2 2 0 0 1 2 2.3l-1.2 6'
                'A2 2 0 0 1 17.8 20H7"/>',
    "settings": '<path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1"/><circle cx="15" cy="6" r="2"/>'
                '<circle cx="9" cy="12" r="2"/><circle cx="17" cy="18" r="2"/>',
    "call": '<path d="M5 3.5h3.2l1.6 4.2-2.1 1.4a11 11 0 0 0 7.2 7.2l1.4-2.1 4.2 1.6V19a1.8 1.8 0 0 1-1.9 1.8'
            'A16 16 0 0 1 3.2 5.4 1.8 1.8 0 0 1 5 3.5z"/>',
    "meeting": '<rect x="3.5" y="5" width="17" height="15.5" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/>',
    "visit": '<path d="M3.5 11 12 4l8.5 7"/><path d="M5.5 9.5V20h13V9.5"/><path d="M10 20v-5.5h4V20"/>',
    "note": '<path d="M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8z"/>'
            '<path d="M14 3v5h5M8.5 13h7M8.5 17h5"/>',
    "sms_out": '<path d="M21.5 2.5 10.5 13.5"/><path d="M21.5 2.5 14.5 21.5l-4-8-8-4z"/>',
    "sms_in": '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z"/><path d="M8.5 10.5h7M8.5 14h4.5"/>',
    "email": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3.5 6.5 8.5 6.5 8.5-6.5"/>',
    "add": '<path d="M12 5v14M5 12h14"/>',
    "edit": '<path d="M4 20h4L19.5 8.5a2.1 2.1 0 0 0-4-4L4 16z"/><path d="M14 6l4 4"/>',
    "delete": '<path d="M4 7h16M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13"/><path d="M10 11v5.5M14 11v5.5"/>',
    "import": '<path d="M12 3v12M7 10l5 5 5-5"/><path d="M4 15v4.5h16V15"/>',
    "export": '<path d="M12 15V3M7 8l5-5 5 5"/><path d="M4 15v4.5h16V15"/>',
    "refresh": '<path d="M20 4.5v5h-5"/><path d="M19.5 9.5A8 8 0 1 0 20 14"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/>',
    "filter": '<path d="M3.5 5h17l-6.5 8v6l-4 1.5V13z"/>',
    "history": '<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/>',
    "close": '<path d="M6 6l12 12M18 6 6 18"/>',
    "undo": '<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
    "info": '<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5M12 7.5v.5"/>',
    "warning": '<path d="M12 3.5 2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.5"/>',
    "error": '<circle cx="12" cy="12" r="9"/><path d="M9 9l6 6M15 9l-6 6"/>',
    "columns": '<rect x="3.5" y="4" width="17" height="16" rx="1.5"/><path d="M9.5 4v16M14.5 4v16"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4.5 21c0-4.1 3.4-7 7.5-7s7.5 2.9 7.5 7"/>',
    "tag": '<path d="M3.5 12.5V4.5a1 1 0 0 1 1-1h8l8 8-9 9z"/><circle cx="8" cy="8" r="1.5"/>',
    "back": '<path d="M15 5l-7 7 7 7"/>',
    "insights": '<path d="M10 3.5l1.7 4.8 4.8 1.7-4.8 1.7L10 16.5l-1.7-4.8L3.5 10l4.8-1.7z"/>'
                '<path d="M18 14.5l.9 2.1 2.1.9-2.1.9-.9 2.1-.9-2.1-2.1-.9 2.1-.9z"/>',
    "thumb_up": '<path d="M7 11v9H3.5v-9z"/><path d="M7 11l4-7.5c1.4 0 2.3 1.1 2 2.5L12.3 10H19a2 2 0 0 1 2 2.3l-1.2 6'
                'A2 2 0 0 1 17.8 20H7"/>',
    "thumb_down": '<g transform="matrix(1 0 0 -1 0 24)"><path d="M7 11v9H3.5v-9z"/><path d="M7 11l4-7.5c1.4 0 2.3 1.1 2 '
                  '2.5L12.3 10H19a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.8 20H7"/></g>',
    "app": '<circle cx="6" cy="12" r="2.5"/><circle cx="18" cy="6" r="2.5"/><circle cx="18" cy="18" r="2.5"/>'
           '<path d="M8.3 10.9 15.7 7.1M8.3 13.1l7.4 3.8"/>',
}


def svg(name: str, color: str = INK, stroke: float = 1.8) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="{color}" '
        f'stroke-width="{stroke}" stroke-linecap="round" stroke-linejoin="round">{GLYPHS[name]}</svg>'
    ).encode()


def pixmap(name: str, size: int, color: str = INK, ratio: float = 2.0) -> QPixmap:
    """The glyph rendered at `size` logical pixels for a screen with this device-pixel ratio, once:
    QPixmapCache keeps it (the Pipeline paints two glyphs on each of ~130 cards every frame, and an
    SVG render each time made its later visits take 100-180 ms at 1M leads)."""
    key = f"aiconnect-glyph:{name}:{size}:{color}:{ratio}"
    cached = QPixmapCache.find(key)
    if cached is not None:
        return cached
    image = _render(name, size, color, ratio)
    QPixmapCache.insert(key, image)
    return image


def _render(name: str, size: int, color: str, ratio: float) -> QPixmap:
    side = max(1, round(size * ratio))
    image = QPixmap(side, side)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg(name, color)))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


class GlyphEngine(QIconEngine):
    """Renders a glyph when Qt asks for a size and state, so building an icon costs nothing at start."""

    def __init__(self, name: str, color: str, selected: str | None) -> None:
        super().__init__()
        self.name = name
        self.color = color
        self.selected = selected
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[int, int, int, float], QPixmap] = {}

    def _color(self, mode: QIcon.Mode) -> str:
        if mode == QIcon.Mode.Disabled:
            return "#9ca3af"
        if mode == QIcon.Mode.Selected and self.selected:
            return self.selected
        return self.color

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        color = self._color(mode)
        if color not in self._renderers:
            self._renderers[color] = QSvgRenderer(QByteArray(svg(self.name, color)))
        return self._renderers[color]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), int(mode.value), scale)
        if key not in self._pixmaps:
            side = max(1, round(min(size.width(), size.height()) * scale))
            image = QPixmap(side, side)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer(mode).render(painter, QRectF(0, 0, side, side))
            painter.end()
            image.setDevicePixelRatio(scale)
            self._pixmaps[key] = image
        return self._pixmaps[key]

    def clone(self) -> QIconEngine:
        twin = GlyphEngine(self.name, self.color, self.selected)
        _engines.append(twin)
        return twin


_engines: list[GlyphEngine] = []  # Qt owns the engines; keep their Python halves alive too


@cache
def icon(name: str, color: str = INK, selected: str | None = ACCENT) -> QIcon:
    """A QIcon drawn on demand at any size; `selected` tints the selected state."""
    if name not in GLYPHS:
        raise KeyError(f"no glyph named {name!r}")
    engine = GlyphEngine(name, color, selected)
    _engines.append(engine)
    return QIcon(engine)


@cache
def badge(name: str, fill: str, size: int = 28) -> QPixmap:
    """A white glyph on a filled circle (timeline kinds, stage dots)."""
    ratio = 2.0
    side = round(size * ratio)
    image = QPixmap(side, side)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(fill))
    painter.drawEllipse(QRectF(0, 0, side, side))
    inset = side * 0.22
    QSvgRenderer(QByteArray(svg(name, "#ffffff", 2.0))).render(painter, QRectF(inset, inset, side - 2 * inset, side - 2 * inset))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


@cache
def dot(fill: str, size: int = 10) -> QIcon:
    """A plain coloured dot, e.g. the stage colour in a table cell."""
    ratio = 2.0
    side = round(size * ratio)
    image = QPixmap(side, side)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(fill))
    painter.drawEllipse(QRectF(side * 0.1, side * 0.1, side * 0.8, side * 0.8))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return QIcon(image)
