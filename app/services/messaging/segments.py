"""How many SMS segments a text costs: GSM-7 (GSM 03.38) or UCS-2, split as carriers split it.

GSM-7: 160 septets in one segment, 153 per segment once concatenated; the extension table
characters (^ { } \\ [ ] ~ | € and form feed) take two septets and never straddle a segment.
UCS-2: 70 UTF-16 code units in one segment, 67 per segment once concatenated; a surrogate
pair (an emoji) never straddles a segment. One character outside GSM-7 makes it all UCS-2.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.services.workspace.settings import DEFAULT_PRICE_PER_SEGMENT

# GSM 03.38 basic character set (without ESC 0x1B, which introduces the extension table).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
MAX_BODY = 1600  # Twilio refuses longer bodies (error 21617)



@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" | "UCS-2"
    segments: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    per_segment: int  # capacity of each segment at this length
    non_gsm: tuple[str, ...] = ()  # the characters that forced UCS-2, first few


def is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def count_segments(text: str) -> SegmentCount:
    if is_gsm(text):
        weights = [2 if ch in GSM_EXTENSION else 1 for ch in text]
        return _split("GSM-7", weights, GSM_SINGLE, GSM_PART)
    weights = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    odd = tuple(dict.fromkeys(ch for ch in text if ch not in GSM_BASIC and ch not in GSM_EXTENSION))[:5]
    return _split("UCS-2", weights, UCS2_SINGLE, UCS2_PART, odd)


def _split(encoding: str, weights: list[int], single: int, part: int, odd: tuple[str, ...] = ()) -> SegmentCount:
    units = sum(weights)
    if units <= single:
        return SegmentCount(encoding, 1 if units else 0, units, single, odd)
    segments, used = 1, 0
    for weight in weights:  # a two-unit character that does not fit starts the next segment
        if used + weight > part:
            segments += 1
            used = 0
        used += weight
    return SegmentCount(encoding, segments, units, part, odd)


def estimate_cost(segments: int, price_per_segment: Decimal = DEFAULT_PRICE_PER_SEGMENT) -> Decimal:
    return (Decimal(segments) * price_per_segment).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
