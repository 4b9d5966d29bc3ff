"""One bad row must not poison the workspace: dates, durations, quantities, prices and amounts get sane
ranges at every entry point (the services the forms call, import, the command line), and every refusal
names the field and the value (issue 20, item 1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import Interaction, Lead, Purchase
from app.errors import ValidationError
from app.services.leads.custom_fields import CustomFields
from app.services.leads.normalize import parse_number, refund_problem
from app.services.transfer.importing import ImportOptions, import_file

NOT_FINITE = ["inf", "-inf", "nan", "NaN", "1e400", "-1e400", "Infinity"]


def rows(ctx, model) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as err:
        call()
    assert field in err.value.problems, err.value.problems
    return err.value.problems[field]


# --- interactions: dates and durations -----------------------------------------------------------


@pytest.mark.parametrize("when", ["9999-12-31", "0001-01-01", "0001-01-01T00:00", "31/12/9999 23:59", "1899-12-31",
                                  datetime(9999, 12, 31, tzinfo=UTC)])
def test_an_interaction_date_out_of_range_is_refused_with_the_range(ctx, when):
    lead = ctx.leads.create({"name": "Ana"})
    reason = refused(lambda: ctx.interactions.create({"lead_id": lead.id, "kind": "call", "occurred_at": when}),
                     "occurred_at")
    assert "outside the allowed dates 1900-01-01 to" in reason
    assert rows(ctx, Interaction) == 0


def test_an_interaction_may_be_logged_from_1900_to_a_year_ahead(ctx):
    lead = ctx.leads.create({"name": "Ana"})
    soon = datetime.now(UTC) + timedelta(days=300)
    for when in ("1900-01-01", "2024-05-31 14:30", soon):
        ctx.interactions.create({"lead_id": lead.id, "kind": "meeting", "occurred_at": when})
    too_far = datetime.now(UTC) + timedelta(days=400)
    refused(lambda: ctx.interactions.create({"lead_id": lead.id, "kind": "meeting", "occurred_at": too_far}),
            "occurred_at")
    assert rows(ctx, Interaction) == 3


@pytest.mark.parametrize("duration", [*NOT_FINITE, "86401", "1e18", 10**30])
def test_a_duration_that_is_not_finite_or_longer_than_a_day_is_refused(ctx, duration):
    lead = ctx.leads.create({"name": "Ana"})
    item = ctx.interactions.create({"lead_id": lead.id, "kind": "call", "occurred_at": "2024-05-31"})
    reason = refused(lambda: ctx.interactions.update(item.id, {"duration_s": duration}), "duration_s")
    assert str(duration).strip() in reason or repr(duration) in reason
    assert ctx.interactions.get(item.id).duration_s is None


def test_an_update_to_an_absurd_date_leaves_the_interaction_as_it_was(ctx):
    lead = ctx.leads.create({"name": "Ana"})
    item = ctx.interactions.create({"lead_id": lead.id, "kind": "call", "occurred_at": "2024-05-31", "duration_s": 60})
    refused(lambda: ctx.interactions.update(item.id, {"occurred_at": "9999-12-31"}), "occurred_at")
    again = ctx.interactions.get(item.id)
    assert again.occurred_at == item.occurred_at and again.version == item.version
    with ctx.db.session() as session:
        assert session.get(Lead, lead.id).last_interaction_at.year == 2024


# --- leads: deal value, score, coordinates, custom fields ----------------------------------------


@pytest.mark.parametrize("value", [*NOT_FINITE, "-1", "-0.01", "1e13", "1000000000000"])
def test_a_deal_value_must_be_a_finite_amount_from_zero(ctx, value):
    reason = refused(lambda: ctx.leads.create({"name": "Ana", "value": value}), "value")
    assert repr(value) in reason
    lead = ctx.leads.create({"name": "Bia", "value": "1500,50"})
    refused(lambda: ctx.leads.update(lead.id, {"value": value}), "value")
    assert ctx.leads.get(lead.id).value == 1500.5
    assert rows(ctx, Lead) == 1


@pytest.mark.parametrize(("field", "value"), [("lat", "nan"), ("lng", "inf"), ("lat", "1e400"), ("lat", "91")])
def test_coordinates_are_finite_and_on_the_globe(ctx, field, value):
    refused(lambda: ctx.leads.create({"name": "Ana", field: value}), field)


@pytest.mark.parametrize("value", [*NOT_FINITE, "1e16", 10**400])
def test_a_custom_number_is_finite_and_bounded(ctx, value):
    CustomFields(ctx.db).define("employees", kind="number")
    refused(lambda: ctx.leads.create({"name": "Ana", "custom": {"employees": value}}), "custom.employees")
    assert ctx.leads.create({"name": "Bia", "custom": {"employees": "1.234,5"}}).custom == {"employees": 1234.5}


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31/12/2999"])
def test_a_custom_date_lies_between_1900_and_2100(ctx, value):
    CustomFields(ctx.db).define("renewal", kind="date")
    reason = refused(lambda: ctx.leads.create({"name": "Ana", "custom": {"renewal": value}}), "custom.renewal")
    assert "1900-01-01 to 2100-12-31" in reason
    assert ctx.leads.create({"name": "Bia", "custom": {"renewal": "31/12/2030"}}).custom == {"renewal": "2030-12-31"}


# --- purchases: quantities and prices ------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "says"), [
    ("quantity", "inf", "not a finite number"), ("quantity", "nan", "not a finite number"),
    ("quantity", "1e400", "not a finite number"), ("quantity", "0", "not a quantity"),
    ("quantity", "5000000", "outside the allowed range -1000000 to 1000000"),
    ("unit_price", "-2.5", "negative"), ("unit_price", "nan", "not a finite number"),
    ("unit_price", "1e10", "outside the allowed range 0 to 1000000000"),
])
def test_purchase_numbers_are_refused_naming_the_value(field, value, says):
    with pytest.raises(ValueError) as err:
        parse_number(field, value)
    assert says in str(err.value)
    assert repr(value) in str(err.value) or value == "0"


def test_a_negative_quantity_is_a_return_only_when_its_invoice_says_so():
    assert parse_number("quantity", "-1") == -1.0
    assert refund_problem(-1.0, "C536379") is None and refund_problem(-1.0, "c12") is None
    assert refund_problem(2.0, "536379") is None and refund_problem(None, None) is None
    assert "does not mark a return" in str(refund_problem(-3.0, "536379"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_refuses_absurd_purchases_and_keeps_nothing(ctx, tmp_path):
    shop = ctx.leads.create({"name": "Loja", "external_id": "17850"})
    path = write(tmp_path, "p.csv", "customer,item,quantity,unit_price,time,invoice\n"
                                    "17850,A,2,1.5,2024-01-02,1\n"
                                    "17850,B,inf,1.5,2024-01-02,2\n"
                                    "17850,C,1,1e400,2024-01-02,3\n"
                                    "17850,D,1,-4,2024-01-02,4\n"
                                    "17850,E,1,1,9999-12-31,5\n"
                                    "17850,F,-3,1,2024-01-02,6\n"  # negative, but the invoice is not a return
                                    "17850,G,-3,1,2024-01-02,C7\n")  # a return: its invoice starts with C
    result = import_file(ctx.db, path, ImportOptions(kind="purchases"), actor_id=ctx.user.id)
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors[(3, "quantity")] == "'inf' is not a finite number"
    assert errors[(4, "unit_price")] == "'1e400' is not a finite number"
    assert errors[(5, "unit_price")] == "'-4' is negative; use 0 or more"
    assert errors[(6, "time")].startswith("9999-12-31 is outside the allowed dates 1900-01-01 to")
    assert "does not mark a return" in errors[(7, "quantity")] and (8, "quantity") not in errors
    assert not result.committed and rows(ctx, Purchase) == 0
    assert shop.id


def test_import_refuses_interactions_dated_9999_and_absurd_durations(ctx, tmp_path):
    lead = ctx.leads.create({"name": "Ana"})
    path = write(tmp_path, "i.csv", "lead_id,kind,occurred_at,duration_s\n"
                                    f"{lead.id},call,2024-05-31,60\n"
                                    f"{lead.id},call,9999-12-31,60\n"
                                    f"{lead.id},call,0001-01-01,60\n"
                                    f"{lead.id},call,2024-05-31,inf\n"
                                    f"{lead.id},call,2024-05-31,1e400\n"
                                    f"{lead.id},call,2024-05-31,999999999\n")
    result = import_file(ctx.db, path, ImportOptions(kind="interactions", valid_only=True), actor_id=ctx.user.id)
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert set(errors) == {(3, "occurred_at"), (4, "occurred_at"), (5, "duration_s"), (6, "duration_s"),
                           (7, "duration_s")}
    assert errors[(7, "duration_s")] == "'999999999' is outside the allowed range 0 to 86400"
    assert result.created == 1 and rows(ctx, Interaction) == 1


def test_import_refuses_lead_values_and_scores_out_of_range(ctx, tmp_path):
    path = write(tmp_path, "l.csv", "name,value,score,created_at\n"
                                    "Ana,100,0.5,2024-01-01\n"
                                    "Bia,nan,,\n"
                                    "Caio,,1e400,\n"
                                    "Duda,-50,,\n"
                                    "Eva,,,9999-12-31\n")
    result = import_file(ctx.db, path, ImportOptions(kind="leads"), actor_id=ctx.user.id)
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {(3, "value"), (4, "score"), (5, "value"), (6, "created_at")}
    assert not result.committed and rows(ctx, Lead) == 0


# --- the command line: exit 2 with one line naming field and value -------------------------------


@pytest.mark.parametrize(("header", "cell", "says"), [
    ("occurred_at", "9999-12-31", "occurred_at: 9999-12-31 is outside the allowed dates"),
    ("duration_s", "1e400", "duration_s: '1e400' is not a finite number"),
    ("duration_s", "inf", "duration_s: 'inf' is not a finite number"),
])
def test_cli_import_refuses_an_absurd_interaction_with_exit_2(ctx, capsys, tmp_path, header, cell, says):
    lead = ctx.leads.create({"name": "Ana"})
    values = {"lead_id": str(lead.id), "kind": "call", "occurred_at": "2024-05-31", "duration_s": "60", header: cell}
    path = write(tmp_path, "i.csv", ",".join(values) + "\n" + ",".join(values.values()) + "\n")
    report = tmp_path / "errors.csv"
    code = main(["import", "interactions", str(path), "--report", str(report)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    field, reason = says.split(": ", 1)
    assert field in report.read_text(encoding="utf-8-sig") and reason in report.read_text(encoding="utf-8-sig")
    assert rows(ctx, Interaction) == 0


# --- ids too big for the database ----------------------------------------------------------------


@pytest.mark.parametrize("huge", [2**63, 10**20, 10**400], ids=["2**63", "10**20", "10**400"])
def test_an_id_too_big_for_the_database_is_simply_not_found(ctx, huge):
    from app.errors import NotFoundError

    lead = ctx.leads.create({"name": "Ana"})
    for call in (lambda: ctx.leads.get(huge), lambda: ctx.leads.update(huge, {"name": "x"}),
                 lambda: ctx.leads.delete(huge), lambda: ctx.interactions.get(huge),
                 lambda: ctx.interactions.delete(huge)):
        with pytest.raises(NotFoundError):  # was OverflowError: Python int too large to convert to SQLite INTEGER
            call()
    assert ctx.leads.get_many([huge, lead.id])[0].id == lead.id
    assert ctx.leads.delete_many([huge]) == 0 and ctx.leads.restore_many([huge]) == 0
    assert ctx.interactions.timeline(huge) == []
    reason = refused(lambda: ctx.interactions.create({"lead_id": str(huge), "kind": "call", "occurred_at": "2024-01-01"}),
                     "lead_id")
    assert "is not a lead id" in reason
    refused(lambda: ctx.interactions.create({"lead_id": float("inf"), "kind": "call", "occurred_at": "2024-01-01"}),
            "lead_id")
