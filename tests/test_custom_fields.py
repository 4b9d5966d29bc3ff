"""Custom fields: definitions, typed values, merge on update, field-named errors."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.services.leads.custom_fields import CustomFields


def test_typed_values_and_merge(ctx):
    fields = CustomFields(ctx.db)
    fields.define("employees", "Funcionários", "number")
    fields.define("renewal", "Renovação", "date")
    fields.define("segmento", kind="choice", choices=["Varejo", "Indústria"])
    lead = ctx.leads.create({"name": "Ana", "custom": {"employees": "1.234,5", "renewal": "31/12/2026",
                                                      "segmento": "Varejo", "anything": 7}})
    assert lead.custom == {"employees": 1234.5, "renewal": "2026-12-31", "segmento": "Varejo", "anything": "7"}
    updated = ctx.leads.update(lead.id, {"custom": {"employees": 12, "anything": None}})
    assert updated.custom == {"employees": 12.0, "renewal": "2026-12-31", "segmento": "Varejo"}
    assert [d.name for d in fields.definitions()] == ["employees", "renewal", "segmento"]


def test_bad_custom_values_are_named(ctx):
    fields = CustomFields(ctx.db)
    fields.define("employees", kind="number")
    fields.define("segmento", kind="choice", choices=["Varejo"])
    with pytest.raises(ValidationError) as err:
        ctx.leads.create({"name": "Ana", "custom": {"employees": "muitos", "segmento": "Agro"}})
    assert set(err.value.problems) == {"custom.employees", "custom.segmento"}
    assert "Varejo" in err.value.problems["custom.segmento"]


def test_bad_definitions(ctx):
    fields = CustomFields(ctx.db)
    with pytest.raises(ValidationError) as err:
        fields.define("Bad Name", kind="colour")
    assert set(err.value.problems) == {"name", "kind"}
    with pytest.raises(ValidationError, match="choice"):
        fields.define("tipo", kind="choice")
    fields.define("tipo")
    fields.remove("tipo")
    assert fields.definitions() == []
