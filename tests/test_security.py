"""Security: what a hostile input can and cannot do.

Sections (others append their own below, under their own titles):

1. No model file ever executes code (issue 7, point 1).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import entropy
from entropy.cli import main
from entropy.loading.codecheck import check_generated
from entropy.errors import EntropyError, ModelError
from entropy.loading.model import load_model

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------------------
# 1. No model file ever executes code
# ---------------------------------------------------------------------------
#
# Each case is a small model with one hostile piece of text that, if it
# reached PySD's generated code (or PySD's own eval of lookup text), would
# create the canary file CANARY. Whatever the engine or command, the canary must
# never appear, and the outcome must be a clean ModelError (exit 2) or a
# harmless run.

RUN = 'str(__import__("os").system("touch CANARY"))'
PY = '__import__("os").system("touch CANARY")'
CONTROL = """
FINAL TIME = 4 ~ Year ~ The final time. |
INITIAL TIME = 0 ~ Year ~ The initial time. |
SAVEPER = 1 ~ Year [0,?] ~ The save period. |
TIME STEP = 1 ~ Year [0,?] ~ The time step. |
"""


def model(body: str, header: str = "{UTF-8}") -> str:
    """A runnable model: one stock fed by ``X``, plus ``body``."""
    return f"{header}\nS = INTEG(X, 0) ~ t ~ A stock. |\nX = 1 ~ t/Year ~ A flow. |\n{body}\n{CONTROL}"


CASES: dict[str, str] = {
    "doc triple double quotes": model(f'Y = 2 ~ Dmnl ~ """ + {RUN} + """ |'),
    "doc triple single quotes": model(f"Y = 2 ~ Dmnl ~ ''' + {RUN} + ''' |"),
    "doc backslash breaks line": model(f'Y = 2 ~ Dmnl ~ x\\""" \\ {RUN} \\ """ |'),
    "doc backslash newline tab": model(f'Y = 2 ~ Dmnl ~ x"""\\\n\t{PY}\\\n\t""" |'),
    "units with quotes": model(f"Y = 2 ~ Dmnl' + {RUN} + ' ~ doc |"),
    "units triple quotes": model(f'Y = 2 ~ """ + {RUN} + """ ~ doc |'),
    "range with code": model(f"Y = 2 ~ Dmnl [0, {PY}] ~ doc |"),
    "unquoted name with apostrophe": model(f"Y' + {RUN} + ' = 2 ~ Dmnl ~ doc |"),
    "quoted name with escaped quote": model(f'"Y\\" + {RUN} + \\"" = 2 ~ Dmnl ~ doc |'),
    "quoted name with backslash": model('"Y\\\\" = 2 ~ Dmnl ~ doc |'),
    "quoted name with newline": model('"Y\n = 2" = 2 ~ Dmnl ~ doc |'),
    "name with control character": model('"Y\x07" = 2 ~ Dmnl ~ doc |'),
    "data variable name with apostrophe": model(f"D' + {RUN} + ' :INTERPOLATE: ~ Dmnl ~ doc |"),
    "subscript range name": model(f"R' + {RUN} + ': a, b ~ ~ |\nY[R] = 1 ~ Dmnl ~ doc |"),
    "subscript element": model(f'R: a, "b\'); {PY}; (\'" ~ ~ |\nY[R] = 1 ~ Dmnl ~ doc |'),
    "subscript mapping": model(f"R: a, b -> M' + {RUN} + ' ~ ~ |\nY[R] = 1 ~ Dmnl ~ doc |"),
    "subscript read from a file": model("R: GET XLS SUBSCRIPT('CANARY', 'A1', 'B1', '') ~ ~ |"),
    "lookup range code (PySD evals it)": model(f"T([({PY},0)-(1,1)],(0,0),(1,1)) ~ Dmnl ~ doc |"),
    "lookup points code": model(f"T((0,{PY}),(1,1)) ~ Dmnl ~ doc |"),
    "with lookup range code": model(f"Y = WITH LOOKUP(Time, ([({PY},0)-(1,1)],(0,0),(1,1))) ~ Dmnl ~ d |"),
    "macro": (
        "{UTF-8}\n:MACRO: EVIL(x)\nEVIL = x ~ Dmnl ~ \"\"\" + " + RUN + " + \"\"\" |\n:END OF MACRO:\n"
        + "S = INTEG(EVIL(1), 0) ~ t ~ d |\n" + CONTROL
    ),
    "inline comment": model(f'Y = 2 {{ """ + {RUN} + """ }} ~ Dmnl ~ doc |'),
    "string literal GET XLS DATA": model("Y := GET XLS DATA('CANARY', 'sheet', 'A', 'B2') ~ Dmnl ~ d |"),
    "GET DIRECT CONSTANTS": model("Y = GET DIRECT CONSTANTS('CANARY', ',', 'B2') ~ Dmnl ~ d |"),
    "GET DIRECT LOOKUPS": model("T(GET DIRECT LOOKUPS('CANARY', ',', 'A', 'B2')) ~ Dmnl ~ d |"),
    "string in an ordinary call": model("Y = MAX('CANARY', 1) ~ Dmnl ~ d |"),
    "group header": model(f'********\n\t.G""" + {RUN} + """\n********~\n\t""" + {RUN} + """ |'),
    "data equation with code": model(f"Y := {PY} ~ Dmnl ~ d |"),
    "python call in an equation": model(f"Y = {PY} ~ Dmnl ~ d |"),
    "unknown function named exec": model("Y = exec(1) ~ Dmnl ~ d |"),
    "include directive": model(':INCLUDE: "CANARY"\nY = 1 ~ Dmnl ~ d |'),
    "crafted control variable": f"{{UTF-8}}\nS = INTEG(1, 0) ~ t ~ d |\nTIME STEP = {PY} ~ Year ~ d |\n"
    + CONTROL.replace("TIME STEP = 1 ~ Year [0,?] ~ The time step. |", ""),
    "control variable documentation": model("").replace(
        "~ The final time. |", f'~ """ + {RUN} + """ |'),
    "UTF-7 header hides quotes": model(
        f'Y = 2 ~ Dmnl ~ +ACIAIgAi- + {RUN} + +ACIAIgAi- |', header="{UTF-7}"),
    "sketch": model("") + f'\\\\\\---/// Sketch\n10,1,""" + {RUN} + """,1,1\n///---\\\\\\\n',
    "dunder names": model("__class__ = 1 ~ Dmnl ~ d |\n__data = __class__ ~ Dmnl ~ d |"),
    "huge numbered range": model("R: (a1-a999999999) ~ ~ |"),
    "reality check": model(f'C :THE CONDITION: X > 0 ~ ~ """ + {RUN} + """ |'),
}


def write_case(tmp_path: Path, name: str) -> tuple[Path, Path, Path]:
    """The case's model, a scenario using it, and the canary path."""
    canary = tmp_path / "canary"
    text = CASES[name].replace("CANARY", str(canary))
    mdl = tmp_path / "evil.mdl"
    mdl.write_text(text, encoding="utf-7" if "{UTF-7}" in text else "utf-8")
    sc = tmp_path / "evil.toml"
    sc.write_text(f'model = "{mdl}"\n', encoding="utf-8")
    return mdl, sc, canary


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test here gets its own empty translation cache."""
    cache = tmp_path_factory.mktemp("cache")
    cache.chmod(0o700)
    monkeypatch.setenv("ENTROPY_CACHE_DIR", str(cache))
    from entropy.loading import model as model_module

    model_module._LOADED.clear()
    return cache


def outcome(action: object) -> str:
    """Run ``action``; "ok" or the error's message (any other exception fails the test)."""
    try:
        action()  # type: ignore[operator]
    except EntropyError as exc:
        assert str(exc).strip(), "an error must say what is wrong"
        return str(exc)
    return "ok"


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_model_text_runs_as_code(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mdl, sc, canary = write_case(tmp_path, case)
    loaded = outcome(lambda: load_model(mdl))
    assert not canary.exists()
    if loaded != "ok":
        assert str(mdl) in loaded, loaded
    assert main(["levers", str(mdl)]) in (0, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for engine in ("simlin", "pysd"):
        got = outcome(lambda: entropy.run(entropy.load_scenario(sc), engine=engine))
        assert not canary.exists(), f"{case} ran code on {engine}"
        if loaded != "ok":
            assert got == loaded
    assert not canary.exists()


def test_the_catalogue_is_refused_where_it_should_be(tmp_path: Path) -> None:
    """Anything that could carry code or read a file is refused outright."""
    harmless = {"doc triple double quotes", "doc triple single quotes", "doc backslash breaks line",
                "doc backslash newline tab", "units with quotes", "units triple quotes",
                "group header", "control variable documentation", "UTF-7 header hides quotes",
                "sketch", "dunder names", "reality check", "inline comment"}
    for case in sorted(CASES):
        folder = tmp_path / case.replace(" ", "_").replace("(", "").replace(")", "")
        folder.mkdir()
        mdl, _, _ = write_case(folder, case)
        got = outcome(lambda: load_model(mdl))
        assert (got == "ok") == (case in harmless), (case, got)


@pytest.mark.parametrize("case", ["doc triple double quotes", "lookup range code (PySD evals it)",
                                  "quoted name with escaped quote"])
def test_cli_in_a_subprocess(case: str, tmp_path: Path) -> None:
    """The command line, as a user runs it: no traceback, exit 0 or 2, no canary."""
    mdl, sc, canary = write_case(tmp_path, case)
    env = {**os.environ, "ENTROPY_CACHE_DIR": os.environ["ENTROPY_CACHE_DIR"]}
    for args in (["levers", str(mdl)], ["run", str(sc), "--engine", "simlin", "--out", str(tmp_path / "a.csv")],
                 ["run", str(sc), "--engine", "pysd", "--out", str(tmp_path / "b.csv")]):
        done = subprocess.run([sys.executable, "-m", "entropy.cli", *args], capture_output=True, text=True,
                              env=env, timeout=300, check=False)
        assert done.returncode in (0, 2), done.stderr
        assert "Traceback" not in done.stderr
        assert not canary.exists()


def test_messages_name_file_variable_and_what_is_allowed(tmp_path: Path) -> None:
    mdl, _, _ = write_case(tmp_path, "unquoted name with apostrophe")
    with pytest.raises(ModelError, match=r"evil.mdl: line 4: .*names may hold only letters, digits"):
        load_model(mdl)
    (tmp_path / "g.mdl").write_text(CASES["GET DIRECT CONSTANTS"].replace("CANARY", "x"), encoding="utf-8")
    with pytest.raises(ModelError, match=r"g.mdl: line 4: .*not allowed.*files"):
        load_model(tmp_path / "g.mdl")
    (tmp_path / "m.mdl").write_text(CASES["macro"].replace("CANARY", "x"), encoding="utf-8")
    with pytest.raises(ModelError, match=r"m.mdl: line 2: macros are not allowed; allowed keywords: "):
        load_model(tmp_path / "m.mdl")
    (tmp_path / "f.mdl").write_text(CASES["unknown function named exec"], encoding="utf-8")
    with pytest.raises(ModelError, match=r"f.mdl: line 4: variable 'Y': EXEC is neither a Vensim function"):
        load_model(tmp_path / "f.mdl")


def test_pysd_gets_only_checked_tokens(tmp_path: Path) -> None:
    """The copy PySD translates has no documentation, units, comments or sketch."""
    mdl, _, _ = write_case(tmp_path, "doc triple double quotes")
    py_file = load_model(mdl).python_file
    cleaned = (py_file.parent / "model.mdl").read_text(encoding="utf-8")
    assert "__import__" not in cleaned and "A stock" not in cleaned and "Year" not in cleaned
    assert "__import__" not in py_file.read_text(encoding="utf-8")


# --- the generated-code check (second layer) --------------------------------

def test_every_shipped_and_test_model_passes_the_code_check(tmp_path: Path) -> None:
    for mdl in [ROOT / "sd_models" / "cluster" / "cluster.mdl", *sorted(DATA.glob("*.mdl"))]:
        py_file = load_model(mdl).python_file  # translation runs check_generated
        check_generated(py_file, mdl)


@pytest.mark.parametrize("extra", [
    "import os", "from os import system", "from pysd.py_backend.utils import load_modules",
    "from pysd.py_backend.external import ExtData", "x = __import__('os')", "x = eval('1')",
    "x = getattr(np, 'load')", "x = open('f')", "x = np.load('f')", "x = xr.open_dataset('f')",
    "x = (1).__class__", "x = Path('/etc/passwd')", "y = __file__", "class C: pass",
    "def f():\n    import os", "x = globals()", "x = _root.joinpath('f')",
])
def test_code_check_refuses_what_pysd_never_writes(extra: str, tmp_path: Path) -> None:
    py_file = load_model(DATA / "third_party.mdl").python_file
    bad = tmp_path / "model.py"
    bad.write_text(py_file.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    check_generated(py_file, DATA / "third_party.mdl")  # the real one passes
    if extra == "x = _root.joinpath('f')":
        return  # _root itself is harmless: a folder name; reading needs an allowed reader
    with pytest.raises(ModelError, match="the translation is not used"):
        check_generated(bad, DATA / "third_party.mdl")


# --- the cache ----------------------------------------------------------------

def test_cache_root_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "new" / "cache"
    monkeypatch.setenv("ENTROPY_CACHE_DIR", str(root))
    load_model(DATA / "third_party.mdl").python_file
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


@pytest.mark.parametrize("sticky", [False, True])
def test_cache_inside_a_folder_others_can_write(
    sticky: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Others who can write the folder holding the cache could swap it; a sticky folder (like /tmp) is fine."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777 if sticky else 0o777)
    monkeypatch.setenv("ENTROPY_CACHE_DIR", str(shared / "cache"))
    model = load_model(DATA / "third_party.mdl")
    if sticky:
        assert model.python_file.is_file()
    else:
        with pytest.raises(ModelError, match=r"its folder .*shared can be written by others"):
            model.python_file


@pytest.mark.parametrize("how", ["group writable", "world writable", "symlink to world writable", "other owner"])
def test_unsafe_cache_root_is_refused(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod({"group writable": 0o770}.get(how, 0o777 if "world" in how else 0o700))
    if how == "other owner":
        if os.getuid() != 0:
            pytest.skip("needs root to give a folder to another user")
        os.chown(root, 65534, 65534)
    target = root
    if how.startswith("symlink"):
        target = tmp_path / "link"
        target.symlink_to(root)
    monkeypatch.setenv("ENTROPY_CACHE_DIR", str(target))
    model = load_model(DATA / "third_party.mdl")  # metadata needs no cache
    with pytest.raises(ModelError, match=r"translation cache .*(another user|written by others)"):
        model.python_file
    sc = tmp_path / "s.toml"
    sc.write_text(f'model = "{DATA / "third_party.mdl"}"\n', encoding="utf-8")
    for engine in ("simlin", "pysd"):
        with pytest.raises(ModelError, match="translation cache"):
            entropy.run(entropy.load_scenario(sc), engine=engine)
    assert main(["run", str(sc), "--engine", "simlin", "--out", str(tmp_path / "r.csv")]) == 2


def test_tampered_translation_is_retranslated(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    copy = tmp_path / "m.mdl"
    shutil.copyfile(DATA / "third_party.mdl", copy)
    model = load_model(copy)
    py_file = model.python_file
    good = py_file.read_text(encoding="utf-8")
    py_file.write_text(good + f"\n{PY.replace('CANARY', str(canary))}\n", encoding="utf-8")
    sc = tmp_path / "s.toml"
    sc.write_text(f'model = "{copy}"\n', encoding="utf-8")
    entropy.run(entropy.load_scenario(sc), engine="pysd", variables=["population"])
    assert not canary.exists()
    assert model.python_file.read_text(encoding="utf-8") == good
    # An extra file (bytecode beside the module) is not trusted either.
    pyc = py_file.parent / "__pycache__" / "model.cpython-311.pyc"
    pyc.parent.mkdir()
    pyc.write_bytes(b"not bytecode")
    model.python_file
    assert not pyc.exists()


def test_tampered_simlin_copy_is_rewritten(tmp_path: Path, private_cache: Path) -> None:
    sc = tmp_path / "s.toml"
    sc.write_text(f'model = "{DATA / "third_party.mdl"}"\n', encoding="utf-8")
    first = entropy.run(entropy.load_scenario(sc), engine="simlin", variables=["population"])
    (copy,) = (private_cache / "simlin").glob("*/model.mdl")
    good = copy.read_text(encoding="utf-8")
    copy.write_text(good.replace("Capacity=\n\t2000", "Capacity=\n\t1"), encoding="utf-8")
    again = entropy.run(entropy.load_scenario(sc), engine="simlin", variables=["population"])
    assert copy.read_text(encoding="utf-8") == good
    assert float(abs(first["population"] - again["population"]).max()) == 0


# --- metadata and Simlin never touch PySD's translator --------------------------

def test_simlin_and_levers_never_translate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import pysd
    from pysd.builders.python.python_model_builder import ModelBuilder

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("PySD was asked to translate or load")

    monkeypatch.setattr(pysd, "read_vensim", refuse)
    monkeypatch.setattr(pysd, "load", refuse)
    monkeypatch.setattr(ModelBuilder, "build_model", refuse)
    mdl, sc, canary = write_case(tmp_path, "doc triple double quotes")
    assert main(["levers", str(mdl)]) == 0
    assert main(["levers", "cluster"]) == 0
    entropy.run(entropy.load_scenario(sc), engine="simlin")
    entropy.run("bau", engine="simlin", variables=["persistent_pollution"])
    from entropy.analysis.structure import model_structure

    assert model_structure(load_model(mdl))
    assert not canary.exists()


def test_simlin_run_and_levers_do_not_import_pysd(tmp_path: Path) -> None:
    mdl, sc, canary = write_case(tmp_path, "doc triple double quotes")
    code = (
        "import sys, entropy\nfrom entropy.cli import main\n"
        f"assert main(['levers', {str(mdl)!r}]) == 0\n"
        f"entropy.run(entropy.load_scenario({str(sc)!r}), engine='simlin')\n"
        "entropy.run('bau', engine='simlin', variables=['persistent_pollution'])\n"
        "assert 'pysd' not in sys.modules, 'pysd was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ), check=False)
    assert done.returncode == 0, done.stderr
    assert not canary.exists()
