"""The named loops' links (`loop_links`) and charts (`ui.loop_charts`): shares over time, the vicious
cycle's years, and causal loop diagrams."""

from __future__ import annotations

import math
import re
import shutil
import subprocess

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis.loops import loop_links
from entropy.errors import ScenarioError
from entropy.loading.loops_file import load_loops
from ui import loop_charts as lc
from ui.charts import Series, png, series_chart

PNG = b"\x89PNG\r\n\x1a\n"

#: The links of the shipped loops whose sign Simlin's static analysis leaves open ("?"), and why:
#: it does not use the constants' values, so a product with a constant of unknown sign, MIN, MAX,
#: SAFEDIV or an IF THEN ELSE condition has no sign from the equation alone.
UNKNOWN = {
    "cluster": {
        # 1 - Switch * (1 - Residual) * (1 - Health): the sign of Switch * (1 - Residual) is not known.
        ("Ecosystem Health", "Assimilation Health Factor"),
        # 1 - Switch * Sensitivity * (1 - Felt): likewise.
        ("Health Felt By Industry", "Health Effect On Output"),
        # MIN(Capacity, Demand) * Effect: the sign of the MIN is not known.
        ("Health Effect On Output", "Potential Output"),
        # Tailings * (1 - Tailings Utilisation): the sign of (1 - utilisation) is not known.
        ("Tailings", "Solid Waste Landfilled"),
        # IF switch THEN MIN(Plan, MAX(0, Funds - ...)) ELSE Plan.
        ("Investment Funds", "Industrial Investment"),
        # Output * (Margin + Price Index - 1) - Costs: the margin's sign is not known.
        ("Industrial Output", "Cash Flow"),
        # IF ... Load > Level THEN 1 ELSE 0, and IF Binding THEN MIN(...) ELSE ...: steps, not slopes.
        ("Binding Load Ratio", "Threshold Binding"),
        ("Threshold Binding", "Investment Plan"),
    },
    "liaoning": {
        ("Ecosystem Health", "Assimilation Health Factor"),
        ("Health Felt By Industry", "Health Effect On Output"),
        ("Health Effect On Output", "Potential Output"),
        ("Investment Funds", "Industrial Investment"),
        ("Industrial Output", "Cash Flow"),
        ("Binding Load Ratio", "Threshold Binding"),
        ("Threshold Binding", "Investment Plan"),
        ("Regional Ecosystem Health", "Regional Assimilation Health Factor"),
        # MAX(0, SAFEDIV(Pollution, Critical, 0) - 1) + ...: SAFEDIV's sign is not known.
        ("Persistent Pollution", "Pollution Stress"),
        ("Regional Sink Pollution", "Regional Pollution Stress"),
        # Tailings * (1 - Tailings Utilisation) + ...
        ("Tailings", "Unused By Products"),
        # Generation * (1 - Spill Over Fraction); SAFEDIV(Local Generation, Carrying Capacity, 0).
        ("Persistent Pollutant Generation", "Local Pollutant Generation"),
        ("Local Pollutant Generation", "Persistent Load Ratio"),
    },
}


@pytest.fixture(scope="module")
def cluster_loops() -> xr.Dataset:
    """Loop dominance of the cluster's business as usual, computed once for the module."""
    return entropy.loop_dominance("bau")


def _links(model_name: str) -> tuple[entropy.LoopSet, dict[str, list[tuple[str, str, str]]]]:
    model = entropy.load_scenario("bau" if model_name == "cluster" else f"{model_name}/bau").model
    loops = load_loops(None, model)
    return loops, loop_links(model, loops)


# loop_links


@pytest.mark.parametrize("model_name", ["cluster", "liaoning"])
def test_loop_links_follow_each_loop(model_name: str) -> None:
    loops, links = _links(model_name)
    assert list(links) == loops.names
    real = loops.model.variables
    for lp in loops.loops:
        chain = links[lp.name]
        assert [a for a, _, _ in chain] == [real[v].real_name for v in lp.variables]
        # Each link starts where the last ended; the last closes the loop.
        assert all(chain[i][1] == chain[(i + 1) % len(chain)][0] for i in range(len(chain)))
        assert {s for _, _, s in chain} <= {"+", "-", "?"}


@pytest.mark.parametrize("model_name", ["cluster", "liaoning"])
def test_link_signs_agree_with_the_declared_polarity(model_name: str) -> None:
    """An even number of negative links is reinforcing, an odd one balancing.

    Simlin leaves some links' sign open ("?", listed with the reason in UNKNOWN): a loop through
    one has no structural polarity, so only the loops with every sign known are checked; that the
    open links are exactly the known ones is checked too, so a new one (or Simlin learning a sign)
    shows here.
    """
    loops, links = _links(model_name)
    checked = 0
    unknown = set()
    for lp in loops.loops:
        signs = [s for _, _, s in links[lp.name]]
        unknown |= {(a, b) for a, b, s in links[lp.name] if s == "?"}
        if "?" in signs:
            continue
        expected = 0 if lp.polarity == "reinforcing" else 1
        assert signs.count("-") % 2 == expected, (lp.name, links[lp.name])
        checked += 1
    assert checked >= 3
    assert unknown == UNKNOWN[model_name]


def test_loop_links_refuse_loops_of_another_model() -> None:
    loops, _ = _links("cluster")
    other = entropy.load_scenario("liaoning/bau").model
    with pytest.raises(ScenarioError, match="another model|not"):
        loop_links(other, loops)


# vicious_cycle_years and year_marks


def test_vicious_cycle_years(cluster_loops: xr.Dataset) -> None:
    overtakes, dominates = lc.vicious_cycle_years(cluster_loops)
    start, end = float(cluster_loops["time"].values[0]), float(cluster_loops["time"].values[-1])
    assert start < overtakes <= dominates < end
    rel = cluster_loops["relative_score"]
    at = cluster_loops["time"].values == overtakes
    assert abs(float(rel.sel(loop="degradation")[at][0])) > abs(float(rel.sel(loop="assimilation")[at][0]))
    assert str(cluster_loops["dominant"].sel(time=dominates).values) == "degradation"
    # Absent loops give NaN.
    assert all(math.isnan(y) for y in lc.vicious_cycle_years(cluster_loops, "no-such-loop"))
    only = lc.vicious_cycle_years(cluster_loops, rival="no-such-loop")
    assert math.isnan(only[0]) and only[1] == dominates


def test_vicious_cycle_years_never() -> None:
    times = np.arange(2025.0, 2031.0)
    ds = xr.Dataset({"relative_score": (("loop", "time"), np.array([[0, 0.1, 0.2, np.nan, 0.1, 0.1],
                                                                     [0, -0.9, -0.8, -0.9, -0.9, -0.9]])),
                     "dominant": ("time", ["", "b", "b", "b", "b", "b"])},
                    coords={"loop": ["a", "b"], "time": times})
    assert all(math.isnan(y) for y in lc.vicious_cycle_years(ds, "a", "b"))
    assert lc.vicious_cycle_years(ds, "b", "a") == (2026.0, 2026.0)


def test_year_marks_overlay_a_time_chart(cluster_loops: xr.Dataset) -> None:
    run = entropy.run(entropy.load_scenario("bau"), engine="simlin")
    marks = lc.vicious_cycle_marks(cluster_loops, "zh")
    layer = lc.year_marks({**marks, "never": math.nan}, "zh")
    assert layer.data is not None and list(layer.data["label"]) == list(marks)
    assert list(layer.data["year"]) == list(lc.vicious_cycle_years(cluster_loops))
    series = [Series("health", run["time"].values, run["ecosystem_health"].values, "#1f77b4", [1, 0])]
    chart = series_chart("health", "Dmnl", "zh", series, extra=[layer])
    assert any(name.startswith("layer") for name in chart.datasets)
    assert png(chart).startswith(PNG)
    empty = lc.year_marks({"x": math.nan}, "en")
    assert empty.data is not None and empty.data.empty


# loop_area_chart


def test_loop_area_chart(cluster_loops: xr.Dataset) -> None:
    chart = lc.loop_area_chart(cluster_loops, {"degradation": "恶性循环"}, "zh")
    data = chart.data
    n_loops, n_times = cluster_loops.sizes["loop"], cluster_loops.sizes["time"]
    assert len(data) == n_loops * n_times
    assert not data.duplicated(["name", "year"]).any()
    rel = cluster_loops["relative_score"].sel(loop="assimilation").values
    rows = data[data["name"] == "assimilation"]
    np.testing.assert_allclose(rows["value"], np.abs(rel))
    np.testing.assert_allclose(rows["score"].astype(float), rel)
    assert (rows["score"].astype(float) <= 0).all()  # signed: a balancing loop reads negative
    legend = chart.spec["encoding"]["color"]
    assert legend["scale"]["domain"][0] == "恶性循环 (R)"
    assert legend["scale"]["domain"][1].endswith("(B)")
    assert legend["legend"]["labelLimit"] == 0 and legend["legend"]["columns"] >= 1
    assert chart.spec["encoding"]["y"]["stack"] == "zero"
    assert png(chart).startswith(PNG)


# loop_dot


def _edges(dot: str) -> list[tuple[str, str, str]]:
    return re.findall(r'^"(n\d+)" -> "(n\d+)" \[headlabel="(.)"', dot, flags=re.M)


def _check_dot(dot: str) -> None:
    """Parse with Graphviz where it is installed; else check the structure by hand."""
    assert dot.startswith("digraph loop {") and dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    # Every quote is closed on its line (escaped ones aside).
    assert all(line.replace('\\"', "").count('"') % 2 == 0 for line in dot.splitlines())
    if shutil.which("dot"):
        out = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False,
                             timeout=60)
        assert out.returncode == 0 and "<svg" in out.stdout, out.stderr


def test_loop_dot_holds_every_link_with_its_sign() -> None:
    loops, links = _links("cluster")
    for lp in loops.loops:
        chain = links[lp.name]
        dot = lc.loop_dot(lp.title, chain, lp.polarity)
        _check_dot(dot)
        ids = dict(re.findall(r'^"(n\d+)" \[label="([^"]*)"', dot, flags=re.M))
        assert len(ids) == len(chain)
        drawn = [(ids[a].replace("\\n", " "), ids[b].replace("\\n", " "), s) for a, b, s in _edges(dot)]
        shown = {"+": "+", "-": "\u2212", "?": "?"}
        assert drawn == [(a, b, shown[s]) for a, b, s in chain]
        letter = "R" if lp.polarity == "reinforcing" else "B"
        assert re.search(rf'"loop_marker" \[label="\u21bb\\n{letter}" shape=circle', dot)
        assert "layout=neato" in dot and 'pos="0,0!"' in dot


def test_loop_dot_labels_and_escapes() -> None:
    links = [('Say "hi"', "B\\C", "+"), ("B\\C", 'Say "hi"', "-")]
    dot = lc.loop_dot('The "loop"', links, "B", labels={"B\\C": "乙"})
    _check_dot(dot)
    assert 'label="Say \\"hi\\""' in dot and 'label="乙"' in dot and 'The \\"loop\\"' in dot
    assert [s for _, _, s in _edges(dot)] == ["+", "\u2212"]


# the regional model's loops


@pytest.mark.slow
def test_liaoning_loops() -> None:
    ds = entropy.loop_dominance("liaoning/bau")  # about 5 s
    chart = lc.loop_area_chart(ds, {}, "en")
    assert len(chart.data) == ds.sizes["loop"] * ds.sizes["time"]
    assert png(chart).startswith(PNG)
    overtakes, dominates = lc.vicious_cycle_years(ds)
    start, end = float(ds["time"].values[0]), float(ds["time"].values[-1])
    assert start < overtakes <= dominates <= end
    regional = lc.vicious_cycle_years(ds, "regional-degradation", "regional-assimilation")
    assert all(math.isnan(y) or start <= y <= end for y in regional)
    loops, links = _links("liaoning")
    for lp in loops.loops:
        _check_dot(lc.loop_dot(lp.title, links[lp.name], lp.polarity))
