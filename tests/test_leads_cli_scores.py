"""`aiconnect leads list --min-score N --max-score N --unscored` on the score the app shows (0–100)."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.db.models import Lead


@pytest.fixture
def scored(ctx):
    ids = {}
    for name, score in (("Alta", 0.9), ("Média", 0.55), ("Baixa", 0.2), ("Sem nota", None)):
        ids[name] = ctx.leads.create({"name": name, "stage": "new"}).id
        if score is not None:
            with ctx.db.transaction() as s:
                s.get(Lead, ids[name]).score = score
    return ids


def names(capsys, *argv):
    assert main(["leads", "list", *argv, "--json"]) == 0
    return [row["name"] for row in json.loads(capsys.readouterr().out)]


def test_list_by_score(ctx, scored, capsys):
    assert names(capsys, "--min-score", "70") == ["Alta"]
    assert names(capsys, "--min-score", "40", "--max-score", "69") == ["Média"]
    assert names(capsys, "--max-score", "55") == ["Baixa", "Média"]
    assert names(capsys, "--unscored") == ["Sem nota"]
    assert main(["leads", "list", "--min-score", "50"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 3 and table[0].startswith("id") and "Alta" in table[1] + table[2]


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--min-score", "120"], "from 0 to 100"),
    (["--min-score", "80", "--max-score", "20"], "above --max-score"),
    (["--unscored", "--min-score", "10"], "cannot be combined"),
])
def test_bad_score_bounds_exit_2(ctx, capsys, argv, fragment):
    assert main(["leads", "list", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and fragment in err, err
