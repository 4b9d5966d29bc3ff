"""`make bench-quick` (bench/quick.py): its budget file, the 25 % rule, and that CI never runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import quick

REPO = Path(__file__).resolve().parents[2]


def test_every_figure_has_a_budget_and_its_1m_reference() -> None:
    budgets = quick.load_budgets()
    assert set(budgets["figures"]) == set(quick.FIGURES)
    assert budgets["tolerance"] == quick.TOLERANCE == 0.25
    for key, spec in budgets["figures"].items():
        assert spec["label"] and spec["unit"], key
        assert isinstance(spec["budget"], int | float) and spec["budget"] > 0, f"{key}: no budget set"
        reference = spec["reference_1m"]
        assert reference["row"], f"{key}: say which BENCHMARKS.md row the 1M figure comes from"
        assert (reference["value"] is None) == (reference["date"] is None), key
    assert budgets["set"]["date"] and budgets["set"]["commit"] and "cpu_pressure_before" in budgets["set"]


@pytest.mark.parametrize(("value", "budget", "higher", "status"), [
    (125.0, 100.0, False, "ok"),  # exactly 25 % worse still passes
    (126.0, 100.0, False, "FAIL"),
    (50.0, 100.0, False, "ok"),  # faster is never a failure
    (75.0, 100.0, True, "ok"),
    (74.0, 100.0, True, "FAIL"),
    (1.0, None, False, "no budget"),
    (None, 100.0, False, "no figure"),
])
def test_a_figure_fails_when_more_than_25_percent_worse(value: float | None, budget: float | None, higher: bool,
                                                        status: str) -> None:
    assert quick.verdict(value, budget, higher_is_better=higher)[0] == status


def test_the_table_names_the_figure_that_failed() -> None:
    budgets = {"tolerance": 0.25, "figures": {
        "a_ms": {"label": "search, median", "unit": "ms", "budget": 40.0, "reference_1m": {"value": 63.2, "date": "d"}},
        "b_s": {"label": "start, cold", "unit": "s", "budget": 1.0, "reference_1m": {"value": None, "date": None}},
    }}
    lines, failures = quick.table({"a_ms": 60.0, "b_s": 1.1}, {}, budgets)
    assert failures == ["search, median: 60.0 ms is 50 % worse than its 50k budget 40.0 ms (allowed: 25 %)"]
    assert any("FAIL +50%" in line and "63.2 ms (d)" in line for line in lines)
    assert any("start, cold" in line and "ok +10%" in line and "not in BENCHMARKS.md" in line for line in lines)


def test_setting_budgets_keeps_the_1m_references(tmp_path: Path) -> None:
    path = tmp_path / "budgets.json"
    path.write_text(quick.BUDGETS.read_text(encoding="utf-8"), encoding="utf-8")
    figures = {key: 1.5 for key in quick.FIGURES}
    quick.set_budgets(figures, ["some avg10=0.00", "some avg10=1.00"], 100.0, path)
    written, before = json.loads(path.read_text(encoding="utf-8")), quick.load_budgets()
    assert all(spec["budget"] == 1.5 for spec in written["figures"].values())
    assert all(written["figures"][k]["reference_1m"] == before["figures"][k]["reference_1m"] for k in quick.FIGURES)
    assert written["set"]["cpu_pressure_before"] == "some avg10=0.00"


def test_ci_does_not_run_it() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "bench" not in ci and "bench" not in test_recipe
    assert "\nbench-quick: $(STAMP)\n\t$(BIN)/python -m bench.quick\n" in makefile


def test_budgets_from_several_runs_take_each_figures_median(tmp_path: Path) -> None:
    path = tmp_path / "budgets.json"
    path.write_text(quick.BUDGETS.read_text(encoding="utf-8"), encoding="utf-8")
    runs = []
    for i, warm in enumerate((0.84, 1.18, 1.08)):
        run = tmp_path / f"quick-{i}.json"
        run.write_text(json.dumps({"figures": {"start_warm_s": warm, "import_ratio": 1.5 + i}, "commit": "abc",
                                   "cpu_pressure_before": f"p{i}", "cpu_pressure": f"q{i}", "wall_s": 100 + i}))
        runs.append(run)
    assert quick.budgets_from(runs, path) == {"start_warm_s": 1.08, "import_ratio": 2.5}
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["figures"]["start_warm_s"]["budget"] == 1.08
    assert [r["file"] for r in written["set"]["runs"]] == ["quick-0.json", "quick-1.json", "quick-2.json"]
    assert written["set"]["cpu_pressure_before"] == "p0" and written["set"]["cpu_pressure_after"] == "q2"


def test_the_cpu_pressure_line_is_read_for_the_busy_warning() -> None:
    assert quick._avg60("some avg10=21.27 avg60=21.65 avg300=14.98 total=1570137892") == 21.65
    assert quick._avg60(None) == 0.0
