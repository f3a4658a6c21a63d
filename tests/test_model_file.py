"""The shipped model file itself: structure, units, documentation, the translation cache."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import simlin

import entropy
from entropy.loading.model import load_model

from .conftest import LEVERS, ROOT, scenario

MDL = ROOT / "sd_models" / "cluster" / "cluster.mdl"
REQUIRED_STOCKS = {
    "ore_reserve",
    "fossil_reserve",
    "products_in_use_new",
    "products_in_use_middle",
    "products_in_use_old",
    "recycling_capacity",
    "land_stockpile",
    "persistent_pollution",
    "assimilated_pollution",
    "ecosystem_health",
    "industrial_capital",
    "product_demand",
    "cumulative_entropy",
    "cumulative_non_renewable_entropy",
    "cumulative_co2",
}


def test_simlin_finds_no_issue_at_all() -> None:
    """Dimensional consistency (and every other check Simlin makes) is clean."""
    model = simlin.load(MDL)
    assert model.check_units() == ()
    assert model.check() == ()


def test_simlin_unit_check_catches_a_wrong_unit(tmp_path: Path) -> None:
    """The unit check above can fail: break one unit and it reports it."""
    broken = MDL.read_text(encoding="utf-8").replace("\t~\tPJ/BCNY [", "\t~\tPJ*Year/BCNY [", 1)
    assert broken != MDL.read_text(encoding="utf-8")
    (tmp_path / "broken.mdl").write_text(broken, encoding="utf-8")
    issues = simlin.load(tmp_path / "broken.mdl").check()
    assert any("unit" in i.message for i in issues)


def test_required_structure() -> None:
    model = scenario("bau").model
    assert REQUIRED_STOCKS <= set(model.stocks)
    for lever in LEVERS:
        info = model.variables[lever]
        assert info.kind == "constant"
        assert info.minimum is not None and info.maximum is not None and info.step, lever


def test_every_variable_has_units_and_documentation() -> None:
    model = scenario("bau").model
    for name, info in model.variables.items():
        assert info.units, f"{name} has no units"
        assert len(info.comment) > 10, f"{name} has no documentation"


def test_every_constant_has_a_range_or_is_a_fixed_physical_constant() -> None:
    fixed = {"half_life_to_time_constant", "reference_temperature", "tj_per_pj"}
    for name, info in scenario("bau").model.constants.items():
        if name in fixed:
            continue
        assert info.minimum is not None and info.maximum is not None, name
        assert info.default is not None and info.minimum <= info.default <= info.maximum, name


def test_defaults_scale_matches_the_seed() -> None:
    """One cluster with output of a few billion CNY a year, 2025 to 2225."""
    ds = entropy.run("bau", engine="simlin", variables=["industrial_output"])
    assert 1 <= float(ds["industrial_output"][0]) <= 10
    assert (float(ds["time"][0]), float(ds["time"][-1])) == (2025, 2225)


def test_no_generated_code_next_to_the_model() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "sd_models"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    assert not [f for f in tracked if f.endswith(".py")]
    assert not list((ROOT / "sd_models").rglob("*.py"))


def test_translation_is_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ENTROPY_CACHE_DIR", str(cache))
    copy = tmp_path / "m" / "cluster.mdl"
    copy.parent.mkdir()
    shutil.copyfile(MDL, copy)
    first = load_model(copy)
    assert first.python_file.is_relative_to(cache)
    stamp = first.python_file.stat().st_mtime_ns
    assert not list(copy.parent.glob("*.py")), "translation must not land next to the .mdl"
    # Same content (even another process): the cached translation is reused.
    from entropy.loading import model as model_module

    model_module._LOADED.clear()
    again = load_model(copy)
    assert again.python_file == first.python_file
    assert again.python_file.stat().st_mtime_ns == stamp
    # Changed content: a new translation under a new key.
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("Reduce Policy=\n\t0\n", "Reduce Policy=\n\t0.2\n", 1),
        encoding="utf-8",
    )
    changed = load_model(copy)
    assert changed.sha256 != first.sha256
    assert changed.python_file != first.python_file
    assert first.variables["reduce_policy"].default == 0
    assert changed.variables["reduce_policy"].default == 0.2
    assert len(list((cache / next(os.walk(cache))[1][0]).iterdir())) >= 2


def test_the_model_has_a_diagram_naming_its_variables() -> None:
    """Vensim opens the model with a stock-and-flow diagram of its own variables."""
    text = MDL.read_text(encoding="utf-8")
    sketch = text[text.index("\\\\\\---///"):]
    drawn = {line.split(",")[2] for line in sketch.splitlines() if line.startswith("10,")}
    real = {v.real_name for v in scenario("bau").model.variables.values()}
    assert {"Ore Reserve", "Persistent Pollution", "Land Stockpile", "Ecosystem Health",
            "Industrial Capital"} <= drawn
    # A name drawn but not defined opens in Vensim as a variable without an equation.
    assert drawn <= real | {"Time"}, f"drawn but not in the model: {sorted(drawn - real - {'Time'})}"


def test_sketch_tool_keeps_equations(tmp_path: Path) -> None:
    from entropy.output.sketch import replace_sketch

    copy = tmp_path / "third_party.mdl"
    shutil.copyfile(ROOT / "tests" / "data" / "third_party.mdl", copy)
    before = copy.read_text(encoding="utf-8")
    replace_sketch(copy)
    after = copy.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert "\n10," in after and ",Teacup Temperature," in after
    sc = tmp_path / "s.toml"
    sc.write_text(f'model = "{copy}"\n')
    a = entropy.run(sc, engine="pysd")
    b = entropy.run(sc, engine="simlin")
    assert float(abs(a["population"] - b["population"]).max()) == 0


def _pysd_metadata(mdl: Path, tmp: Path) -> dict[str, object]:
    """What PySD's own translation says about a (trusted) model: the old way of reading it."""
    import math
    import warnings

    import pysd

    copy = tmp / mdl.name
    shutil.copyfile(mdl, copy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pm = pysd.read_vensim(str(copy))

    def finite(x: object) -> float | None:
        try:
            f = float(x)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return f if math.isfinite(f) else None

    variables = {}
    for row in pm.doc.to_dict("records"):
        if row["Py Name"] == "time":
            continue
        limits = tuple(row["Limits"]) if isinstance(row["Limits"], (tuple, list)) else ()
        limits += (None, None, None)
        vtype, subtype = str(row["Type"]), str(row["Subtype"])
        kind = {"Constant": "constant", "Lookup": "lookup", "Data": "data"}.get(vtype, "auxiliary")
        if vtype == "Stateful" and subtype == "Integ":
            kind = "stock"
        if row["Py Name"] in ("initial_time", "final_time", "time_step", "saveper"):
            kind = "control"
        subs = row["Subscripts"]
        default = None
        if kind in ("constant", "control") and not subs:
            default = finite(getattr(pm.components, row["Py Name"])())
        units, comment = row["Units"], row["Comment"]
        variables[row["Py Name"]] = (
            row["Real Name"], "" if not isinstance(units, str) else units, kind,
            finite(limits[0]), finite(limits[1]), finite(limits[2]), default,
            comment if isinstance(comment, str) else "",
            tuple(subs) if isinstance(subs, (list, tuple)) else (),
        )
    return {
        "variables": variables,
        "controls": tuple(float(getattr(pm.components, c)()) for c in
                          ("initial_time", "final_time", "time_step", "saveper")),
        "subscripts": {k: tuple(v) for k, v in pm.subscripts.items()},
    }


@pytest.mark.parametrize("mdl", [MDL, *sorted((ROOT / "tests" / "data").glob("*.mdl"))], ids=lambda p: p.name)
def test_metadata_reader_agrees_with_pysd(mdl: Path, tmp_path: Path) -> None:
    """Our reader (no code generated or run) gives exactly PySD's metadata, names and order included.

    These files are trusted, so PySD may translate them here to compare.
    """
    want = _pysd_metadata(mdl, tmp_path)
    got = load_model(mdl)
    assert list(got.variables) == list(want["variables"])  # type: ignore[call-overload]
    for name, info in got.variables.items():
        assert (info.real_name, info.units, info.kind, info.minimum, info.maximum, info.step, info.default,
                info.comment, info.dims) == want["variables"][name], name  # type: ignore[index]
    assert (got.initial_time, got.final_time, got.time_step, got.saveper) == want["controls"]
    assert got.subscripts == want["subscripts"]


def test_reserved_words_match_pysd() -> None:
    """Python names follow PySD's; its reserved words are copied, so check the copy."""
    import re

    from pysd.builders.python.namespace import NamespaceManager

    from entropy.loading.names import PYSD_RESERVED

    reachable = {w for w in NamespaceManager._reserved_words if re.fullmatch(r"[a-z][a-z0-9_]*", w)}
    assert PYSD_RESERVED == reachable
