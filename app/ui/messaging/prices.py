"""The workspace's SMS price per segment and the currency it is in, read on the db lane for the cost estimates
(the outbox itself: `ctx.outbox()`)."""

from __future__ import annotations

from decimal import Decimal

from app.context import AppContext


def price_per_segment(ctx: AppContext) -> Decimal:
    return Decimal(ctx.workspace.get("sms.price_per_segment"))


def price_currency(ctx: AppContext) -> str:
    """The currency the price per segment is entered in, so every estimate is shown in it (no conversion)."""
    return ctx.workspace.get("sms.price_currency")
