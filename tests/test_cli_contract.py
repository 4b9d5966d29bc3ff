"""Every command keeps the command-line contract (issue 20, item 9): whatever its options hold, it ends with exit 0,
or exit 2 and one line on stderr; never exit 1, never a traceback.

The commands are discovered from the argparse tree (`app.cli.build_parser`), so a command added later is driven
too; only those in NOT_DRIVEN are left out, each with the reason. Hypothesis draws every option's value from edge
cases (huge integers, nan/inf, folders and /proc paths as files, empty and binary files) and random text, in process,
on a small seeded SQLite workspace. `make test` runs FUZZ_EXAMPLES examples per command; `make test-deep` sets
CLI_FUZZ_EXAMPLES higher and runs them on PostgreSQL too (CLI_FUZZ_BACKEND=postgresql).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import build_parser, main

FUZZ_EXAMPLES = int(os.environ.get("CLI_FUZZ_EXAMPLES", "6"))
FUZZ_BACKEND = os.environ.get("CLI_FUZZ_BACKEND", "sqlite")
NOT_DRIVEN = {
    ("gui",): "opens the desktop app's window",
}
ALWAYS = {
    ("automations", "run"): ["--once"],  # without --once it loops until SIGINT
}


Command = tuple[tuple[str, ...], argparse.ArgumentParser]


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[Command]:
    """(words, parser) of every command that runs something, from the parser tree."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            found = []
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # an alias is the same parser
                    seen.add(id(sub))
                    found += leaf_commands(sub, (*prefix, name))
            return found
    return [(prefix, parser)]


COMMANDS = [(words, parser) for words, parser in leaf_commands(build_parser()) if words not in NOT_DRIVEN]


def test_every_command_is_driven_or_excluded_with_a_reason():
    every = {words for words, _ in leaf_commands(build_parser())}
    assert set(NOT_DRIVEN) <= every, "an excluded command no longer exists"
    assert len(COMMANDS) + len(NOT_DRIVEN) == len(every) >= 30
    assert ("db", "restore") in every and ("leads", "list") in every


# --- values ---------------------------------------------------------------------------------------------------

NUMBERS = ["0", "-1", "1", "2", "3", "7", str(2**63), str(10**30), f"-{10**30}", "9" * 400, "nan", "NaN", "inf", "-inf",
           "1e400", "-1e400", "1e-300", "0.5", "1,5", "0x10", "1_000", "１２", " 3 ", "", " ", "v3", "2.0"]
TEXTS = ["abc", "bogus", "Ação", "' OR 1=1 --", "%", "_", "*", "\\", "{{ lead.name }}", "{% for x in range(9**9) %}",
         "a=b", "=", "name=", "=phone", "-x", "--", "\u202e", "😀" * 3, "x" * 5000, "a,b,,c", "1,2,3", "1,,2"]


def path_values(folder: Path) -> list[str]:
    return [str(folder), str(folder / "missing" / "x.csv"), str(folder / "out.csv"), str(folder / "out.xlsx"),
            str(folder / "empty.csv"), str(folder / "junk.csv"), str(folder / "leads.csv"), str(folder / "spec.json"),
            str(folder / "plain"), "/proc/self/mem", "/proc/self/status", "/proc/version", "/proc/new.csv",
            "/", ".", "out.csv", "out.xlsx", "-"]


def safe_text() -> st.SearchStrategy[str]:
    """Random text a shell could pass (no NUL), never an absolute or parent path (the test must not write there)."""
    return (st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
            .map(lambda s: s.lstrip("/~").replace("..", "._")))


PLAUSIBLE = {  # by the option's name: values that usually pass argparse, so the commands' own code runs too
    "ids": ["1", "2", "12"], "lead_id": ["1", "5"], "lead": ["1", "3", "1,2"], "leads": ["1,2,3", "4"],
    "version": ["1", "v1"], "query": ["ana", "silva", ""], "body": ["Olá {{ lead.name }}", "oi"],
    "template": ["hello"], "name": ["hello", "1"], "key": ["sms.rate", "sms.quiet_hours", "twilio.sender"],
    "value": ["2", "08:00-20:00", "+5511987654321"], "start": ["-23.55,-46.63"], "until": ["2024-01-01"],
    "target": ["converted"], "action": ["call"], "outcome": ["won"], "backup": ["newest"],
    "interval": ["1", "30"], "failures": ["0", "5"], "limit": ["1", "10"], "min_score": ["10"], "max_score": ["90"],
    "leads_count": ["3"], "seed": ["1"], "k": ["5"], "stage": ["new", "won"], "map": ["Nome=name"], "sheet": ["Plan1"],
}


def value(folder: Path, action: argparse.Action) -> st.SearchStrategy[str]:
    edge = st.sampled_from(NUMBERS + TEXTS + path_values(folder)) | safe_text()
    if action.choices:
        valid = st.sampled_from([str(c) for c in action.choices])
    elif action.dest in ("file", "data", "test", "purchases", "report", "scores_out", "recs_out", "policy_out"):
        valid = st.sampled_from([str(folder / "leads.csv"), str(folder / "spec.json"), str(folder / "new.csv")])
    else:
        valid = st.sampled_from(PLAUSIBLE.get(action.dest, ["1", "x"]))
    return st.one_of(valid, valid, edge)  # two parts in three plausible, one an edge case


def argv_for(words: tuple[str, ...], parser: argparse.ArgumentParser, folder: Path) -> st.SearchStrategy[list[str]]:
    parts: list[st.SearchStrategy[list[str]]] = [st.just([*words, *ALWAYS.get(words, [])])]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:  # a positional
            count = {None: 1, "?": None, "*": None, "+": None}.get(action.nargs, action.nargs)  # type: ignore[arg-type]
            sizes = st.just(count) if isinstance(count, int) else st.integers(0 if action.nargs in ("?", "*") else 1, 3)
            parts.append(sizes.flatmap(lambda n, a=action: st.lists(value(folder, a), min_size=n, max_size=n)))
            continue
        flag = st.sampled_from(action.option_strings)
        if action.nargs == 0:
            one = flag.map(lambda f: [f])
        else:
            one = st.tuples(flag, value(folder, action)).map(list)
        most = 2 if isinstance(action, argparse._AppendAction) else 1
        least = 1 if action.required and not ALWAYS.get(words) else 0
        parts.append(st.lists(one, min_size=least, max_size=most).map(lambda xs: [w for x in xs for w in x]))
    return st.tuples(*parts).map(lambda ps: [w for p in ps for w in p])


# --- the workspace ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workspace with leads, an interaction, a template and an automation, made once for the module."""
    home = tmp_path_factory.mktemp("contract")
    env = {"AICONNECT_HOME": str(home)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert main(["demo", "--leads", "12", "--seed", "3"]) == 0
        assert main(["templates", "add", "hello", "--body", "Olá {{ lead.name }}"]) == 0
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    with sqlite3.connect(home / "aiconnect.sqlite3") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return home / "aiconnect.sqlite3"


@pytest.fixture(scope="module")
def team_template(request: pytest.FixtureRequest) -> str | None:
    """With CLI_FUZZ_BACKEND=postgresql (make test-deep), the same workspace on the harness's PostgreSQL cluster."""
    if FUZZ_BACKEND != "postgresql":
        return None
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database("contract_template")
    old = os.environ.get("AICONNECT_DATABASE_URL")
    os.environ["AICONNECT_DATABASE_URL"] = url
    try:
        assert main(["demo", "--leads", "12", "--seed", "3"]) == 0
        assert main(["templates", "add", "hello", "--body", "Olá {{ lead.name }}"]) == 0
    finally:
        if old is None:
            os.environ.pop("AICONNECT_DATABASE_URL", None)
        else:
            os.environ["AICONNECT_DATABASE_URL"] = old
    from app.db.engine import Database

    Database(url).dispose()
    return "contract_template"


_copies = iter(range(1_000_000))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Path, team_template: str | None,
              request: pytest.FixtureRequest) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(template, home / "aiconnect.sqlite3")
    monkeypatch.setenv("AICONNECT_HOME", str(home))
    monkeypatch.delenv("AICONNECT_DATABASE_URL", raising=False)
    if team_template is not None:
        cluster = request.getfixturevalue("pg_cluster")
        monkeypatch.setenv("AICONNECT_DATABASE_URL",
                           cluster.create_database(f"contract_{os.getpid()}_{next(_copies)}", template=team_template))
    files = tmp_path / "files"
    files.mkdir()
    (files / "empty.csv").write_bytes(b"")
    (files / "junk.csv").write_bytes(bytes(range(256)) * 8)
    (files / "leads.csv").write_text("Nome,Telefone,Etapa\nAna,+5511987654321,new\nBia,,bogus\n", encoding="utf-8")
    (files / "spec.json").write_text('{"name": "x", "trigger": "lead_created", "config": {}, "steps": '
                                     '[{"delay_s": 0, "action": {"template": "hello"}}]}', encoding="utf-8")
    (files / "plain").write_text("plain text\n", encoding="utf-8")
    monkeypatch.chdir(files)  # relative paths the commands write land here
    monkeypatch.setattr(sys, "stdin", io.StringIO("secret-value\n"))
    return files


TALLY: dict[tuple[str, int], int] = {}  # (command, exit code) -> examples run; written out by CLI_FUZZ_REPORT


@pytest.fixture(scope="module", autouse=True)
def tally_report() -> object:
    yield
    target = os.environ.get("CLI_FUZZ_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            for (command, code), n in sorted(TALLY.items()):
                handle.write(f"{command}\t{code}\t{n}\n")


def check_contract(words: tuple[str, ...], argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(argv)
    out = capsys.readouterr()
    key = (" ".join(words), code)
    TALLY[key] = TALLY.get(key, 0) + 1
    note = f"argv={argv!r}\nexit {code}\nstderr:\n{out.err}"
    assert code in (0, 2), note
    assert "Traceback" not in out.err and "Logging error" not in out.err, note
    if code == 2:
        assert len(out.err.strip().splitlines()) == 1, note


@pytest.mark.parametrize(("words", "parser"), COMMANDS, ids=[" ".join(w) for w, _ in COMMANDS])
def test_any_options_give_exit_0_or_2_with_one_line(words, parser, workspace, capsys):
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=FUZZ_EXAMPLES <= 10,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(argv_for(words, parser, workspace))
    def drive(argv: list[str]) -> None:
        sys.stdin = io.StringIO("secret-value\n")  # `secrets set` reads its value from stdin
        check_contract(words, argv, capsys)

    drive()


@pytest.mark.parametrize("argv", [
    ["leads", "list", "--stage", "bogus"],
    ["leads", "list", "--limit", str(2**63)],
    ["leads", "list", "--min-score", "9" * 400],
    ["automations", "run", "--once", "--interval", "nan"],
    ["automations", "run", "--once", "--interval", "inf"],
    ["messages", "status", "--failures", str(10**30)],
    ["messages", "cancel", str(2**63)],
    ["automations", "lead", str(2**63)],
    ["templates", "show", "hello", "--lead", str(2**63)],
    ["messages", "send", "--lead", str(2**63), "--body", "oi"],
    ["messages", "send", "--lead", "1", "--body", "oi", "--price-per-segment", "nan"],
    ["messages", "send", "--lead", "1", "--body", "oi", "--price-per-segment", "inf"],
    ["messages", "send", "--lead", "1", "--body", "oi", "--price-per-segment", "1e400"],
    ["ml", "evaluate", "recommend", "--purchases", "/proc/self/status", "--until", "2020-01-01", "--k", str(2**63)],
    ["ml", "evaluate", "scoring", "--data", "/proc/self/mem", "--target", "x"],
    ["automations", "add", "/proc/self/mem"],
    ["automations", "add", "."],
    ["templates", "add", "x", "--file", "/proc/self/mem"],
    ["templates", "add", "x", "--file", "."],
    ["route", "--leads", str(2**63)],
    ["automations", "resume", str(2**63)],
    ["automations", "pause", "9" * 400],
    ["templates", "show", str(2**63)],
])
def test_known_breakers_keep_the_contract(argv, workspace, capsys):
    code = main(argv)
    out = capsys.readouterr()
    assert code == 2, (argv, code, out.err)
    assert len(out.err.strip().splitlines()) == 1, out.err


# --- neighbours: the environment and the output ---------------------------------------------------------------

def test_version_prints_the_version_commit_and_build_date(capsys):
    code = main(["--version"])
    out = capsys.readouterr().out.strip()
    assert code == 0 and out.startswith("aiconnect ") and "commit " in out and "built 20" in out


@pytest.mark.parametrize("url", ["foo://x", "postgresql://u:s3cr3t@127.0.0.1:notaport/db", "sqlite+nodriver:///x.db"])
def test_a_database_url_that_cannot_be_used_is_bad_input_without_its_password(url, workspace, capsys, monkeypatch):
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    code = main(["leads", "list"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "AICONNECT_DATABASE_URL" in err, err
    assert "s3cr3t" not in err


def test_output_to_a_full_disk_is_one_line(workspace):
    import subprocess

    env = {**os.environ}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "app", "leads", "list", "--json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 2 and done.stderr.strip().splitlines() == ["aiconnect: disk full: No space left on device"]
