"""The exchange network's flow matrix (`flows_at`) and its charts (`ui.network_charts`), on real runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis.network import COMPARTMENTS, flows_at, material_network
from entropy.errors import EntropyError, MissingVariableError
from ui import network_charts as nc
from ui.charts import DASHED, png

PNG = b"\x89PNG\r\n\x1a\n"
LABELS = {"equip": "装备制造", "metal": "冶金"}


@pytest.fixture(scope="module")
def runs() -> dict[str, xr.Dataset]:
    """Each scenario run once for the module (about 1 s each on Simlin)."""
    names = ("liaoning/bau", "liaoning/symbiosis", "liaoning/no-exchange", "bau")
    return {n: entropy.run(entropy.load_scenario(n), engine="simlin") for n in names}


@pytest.fixture(scope="module")
def metrics(runs: dict[str, xr.Dataset]) -> dict[str, xr.Dataset]:
    return {n: entropy.network_metrics(ds) for n, ds in runs.items()}


# flows_at


def test_flows_at_regional_is_the_exchange_matrix(runs: dict[str, xr.Dataset]) -> None:
    ds = runs["liaoning/bau"]
    flows, nodes = flows_at(ds, 2060.0)
    assert nodes == [str(s) for s in ds["Sector"].values] and len(nodes) == 9
    expected = ds["exchange_flow"].sel(time=2060.0).transpose("Sector", "Receiver").values
    np.testing.assert_array_equal(flows, expected)
    assert flows.shape == (9, 9) and flows.dtype == np.float64 and (flows >= 0).all()


def test_flows_at_takes_the_nearest_saved_time(runs: dict[str, xr.Dataset]) -> None:
    ds = runs["liaoning/symbiosis"]
    np.testing.assert_array_equal(flows_at(ds, 2060.4)[0], flows_at(ds, 2060.0)[0])
    np.testing.assert_array_equal(flows_at(ds, 2060.6)[0], flows_at(ds, 2061.0)[0])
    np.testing.assert_array_equal(flows_at(ds, 1900.0)[0], flows_at(ds, 2025.0)[0])
    np.testing.assert_array_equal(flows_at(ds, 3000.0)[0], flows_at(ds, 2225.0)[0])


def test_flows_at_reorders_receivers_to_the_sectors(runs: dict[str, xr.Dataset]) -> None:
    ds = runs["liaoning/symbiosis"][["exchange_flow"]]
    shuffled = ds.isel(Receiver=np.random.default_rng(1).permutation(9))
    assert list(shuffled["Receiver"].values) != list(ds["Sector"].values)
    np.testing.assert_array_equal(flows_at(shuffled, 2070.0)[0], flows_at(ds, 2070.0)[0])
    lower = ds.rename({"Sector": "sector", "Receiver": "receiver"})
    assert flows_at(lower, 2070.0)[1] == flows_at(ds, 2070.0)[1]


def test_flows_at_cluster_is_the_material_network(runs: dict[str, xr.Dataset]) -> None:
    ds = runs["bau"]
    flows, nodes = flows_at(ds, 2050.0)
    assert nodes == list(COMPARTMENTS)
    k = int(np.flatnonzero(ds["time"].values == 2050.0)[0])
    np.testing.assert_array_equal(flows, material_network(ds)[0][k])


def test_flows_at_refuses_what_it_cannot_read(runs: dict[str, xr.Dataset]) -> None:
    with pytest.raises(MissingVariableError, match="cluster model"):
        flows_at(runs["bau"][["industrial_output"]], 2050.0)
    with pytest.raises(EntropyError, match="finite"):
        flows_at(runs["bau"], float("nan"))
    stacked = entropy.stack_runs([runs["liaoning/bau"], runs["liaoning/symbiosis"]])
    with pytest.raises(EntropyError, match="select one"):
        flows_at(stacked, 2050.0)


# flow_diagram


def test_flow_diagram_has_one_row_per_nonzero_flow(runs: dict[str, xr.Dataset]) -> None:
    flows, nodes = flows_at(runs["liaoning/symbiosis"], 2060.0)
    chart = nc.flow_diagram(flows, nodes, LABELS, "Exchange 2060", "en")
    data = chart.data
    assert len(data) == int(np.count_nonzero(flows > 0)) > 0
    names = [LABELS.get(n, n) for n in nodes]
    pairs = {(names[i], names[j]) for i, j in zip(*np.nonzero(flows > 0))}
    assert set(zip(data["sender"], data["receiver"])) == pairs
    assert "装备制造" in set(data["sender"]) | set(data["receiver"])
    # Width proportional to flow: the same order, one ratio, the largest flow the widest band.
    ranked = data.sort_values("flow")
    assert ranked["width"].is_monotonic_increasing
    np.testing.assert_allclose(data["width"] / data["flow"], nc.MAX_WIDTH / flows.max())
    assert data["width"].max() == pytest.approx(nc.MAX_WIDTH)
    # The total, written under the diagram, is the matrix's.
    assert data["flow"].sum() == pytest.approx(flows.sum())
    caption = chart.datasets["caption"]["text"].iloc[0]
    assert f"{flows.sum():.3g}" in caption and "Mt/yr" in caption
    assert chart.datasets["note"].empty
    assert len(chart.datasets["nodes"]) == 2 * len(nodes)


def test_flow_diagram_tooltip_and_labels(runs: dict[str, xr.Dataset]) -> None:
    flows, nodes = flows_at(runs["liaoning/bau"], 2060.0)
    spec = nc.flow_diagram(flows, nodes, LABELS, "t", "zh").vega_spec()
    text = json.dumps(spec, default=str, ensure_ascii=False)
    assert '"format": ".3g"' in text and "Mt/年" in text
    axes = [layer["encoding"]["y"]["axis"] for layer in spec["layer"]
            if layer.get("encoding", {}).get("y", {}).get("axis")]
    # Senders' names on the left, receivers' on the right, never cut.
    assert sorted(a["orient"] for a in axes) == ["left", "right"]
    assert all(a["labelLimit"] == 0 for a in axes)


def test_shared_width_scale_compares_two_diagrams(runs: dict[str, xr.Dataset]) -> None:
    now, nodes = flows_at(runs["liaoning/symbiosis"], 2060.0)
    base, _ = flows_at(runs["liaoning/bau"], 2060.0)
    top = nc.shared_max(now, base)
    assert top is not None and top == pytest.approx(max(now.max(), base.max()))
    a = nc.flow_diagram(now, nodes, {}, "now", "en", max_flow=top)
    b = nc.flow_diagram(base, nodes, {}, "bau", "en", max_flow=top)
    # One pixel scale for both: equal ratios of width to flow, and only the larger diagram reaches the top.
    np.testing.assert_allclose(a.data["width"] / a.data["flow"], nc.MAX_WIDTH / top)
    np.testing.assert_allclose(b.data["width"] / b.data["flow"], nc.MAX_WIDTH / top)
    assert max(a.data["width"].max(), b.data["width"].max()) == pytest.approx(nc.MAX_WIDTH)
    assert nc.shared_max(np.zeros((3, 3))) is None


def test_flow_diagram_spec_stays_when_only_data_changes(runs: dict[str, xr.Dataset]) -> None:
    specs = []
    for name in ("liaoning/bau", "liaoning/symbiosis", "liaoning/no-exchange"):
        flows, nodes = flows_at(runs[name], 2080.0)
        specs.append(json.dumps(nc.flow_diagram(flows, nodes, LABELS, "same", "en", max_flow=5.0).spec))
    assert specs[0] == specs[1] == specs[2]


def test_no_exchange_shows_the_nodes_and_says_so(runs: dict[str, xr.Dataset]) -> None:
    flows, nodes = flows_at(runs["liaoning/no-exchange"], 2100.0)
    assert flows.sum() == 0
    chart = nc.flow_diagram(flows, nodes, {}, "none", "en")
    assert chart.data.empty and list(chart.data.columns) == ["sender", "receiver", "flow", "width"]
    assert list(chart.datasets["note"]["text"]) == ["no exchange"]
    assert list(chart.datasets["nodes"]["node"][:9]) == nodes
    assert list(nc.flow_diagram(flows, nodes, {}, "none", "zh").datasets["note"]["text"]) == ["无交换"]
    custom = nc.flow_diagram(flows, nodes, {}, "none", "en", empty="network off")
    assert list(custom.datasets["note"]["text"]) == ["network off"]
    assert png(chart).startswith(PNG)


def test_symbiosis_exchanges_more_than_no_exchange_after_2045(runs: dict[str, xr.Dataset]) -> None:
    for year in (2046.0, 2060.0, 2100.0, 2200.0):
        more = nc.flow_diagram(*flows_at(runs["liaoning/symbiosis"], year), {}, "s", "en")
        none = nc.flow_diagram(*flows_at(runs["liaoning/no-exchange"], year), {}, "n", "en")
        assert more.data["flow"].sum() > none.data["flow"].sum() == 0
        assert len(more.data) > len(none.data)


def test_flow_diagrams_render(runs: dict[str, xr.Dataset]) -> None:
    for name, ds in runs.items():
        flows, nodes = flows_at(ds, 2060.0)
        image = png(nc.flow_diagram(flows, nodes, LABELS, name, "zh"))
        assert image.startswith(PNG) and len(image) > 1000


def test_cluster_flow_diagram(runs: dict[str, xr.Dataset]) -> None:
    flows, nodes = flows_at(runs["bau"], 2040.0)
    chart = nc.flow_diagram(flows, nodes, {"use": "in use"}, "cluster", "en")
    assert set(chart.data["sender"]) <= {*COMPARTMENTS, "in use"}
    assert len(chart.data) == int(np.count_nonzero(flows > 0)) >= 4
    assert chart.data["flow"].sum() == pytest.approx(flows.sum())


def test_a_flow_within_a_node_is_a_disc() -> None:
    flows = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]])
    chart = nc.flow_diagram(flows, ["a", "b", "c"], {}, "self", "en")
    self_rows = chart.data[chart.data["sender"] == chart.data["receiver"]]
    assert list(self_rows["flow"]) == [2.0] and len(chart.data) == 3
    marks = [layer["mark"]["type"] for layer in chart.spec["layer"]
             if "datum.sender === datum.receiver" in json.dumps(layer.get("transform", []))]
    assert marks == ["point"]
    assert png(chart).startswith(PNG)


# metric_charts and node_removal_chart


def test_metric_charts(runs: dict[str, xr.Dataset], metrics: dict[str, xr.Dataset]) -> None:
    charts = nc.metric_charts(metrics["liaoning/symbiosis"], metrics["liaoning/bau"], "en")
    assert [c.title for c in charts] == ["Finn cycling index", "Cyclicity", "Ascendency ratio a = A/C",
                                         "Robustness", "Connectance"]
    for chart, name in zip(charts, nc.METRICS):
        current = chart.data[chart.data["run"] == "current setting"]["value"].to_numpy()
        np.testing.assert_allclose(current, metrics["liaoning/symbiosis"][name].values)
        back = chart.data[chart.data["run"] == "business as usual"]["value"].to_numpy()
        np.testing.assert_allclose(back, metrics["liaoning/bau"][name].values)
        assert DASHED in chart.spec["layer"][-1]["encoding"]["strokeDash"]["scale"]["range"]
    # Runs are accepted as well as their metrics; Chinese titles and units.
    zh = nc.metric_charts(runs["bau"], runs["bau"], "zh")
    assert [c.title for c in zh][:2] == ["芬恩循环指数", "循环度"]
    assert zh[0].spec["layer"][-1]["encoding"]["y"]["title"] == "无量纲"
    assert png(charts[2]).startswith(PNG)


def test_node_removal_chart(metrics: dict[str, xr.Dataset]) -> None:
    now, base = metrics["liaoning/symbiosis"], metrics["liaoning/bau"]
    chart = nc.node_removal_chart(now, base, 2060.2, LABELS, "en")
    data = chart.data
    assert len(data) == 18 and set(data["run"]) == {"current setting", "business as usual"}
    current = data[data["run"] == "current setting"].set_index("node")["value"]
    expected = 1 - now["node_removal_kept"].sel(time=2060.0).values
    np.testing.assert_allclose(current.to_numpy(), expected)
    assert current.index[0] == "装备制造" and set(data["year"]) == {2060.0}
    assert ((data["value"] >= 0) & (data["value"] <= 1)).all()
    assert chart.title == "How much exchange each node's loss takes with it"
    assert png(chart).startswith(PNG)


def test_node_removal_without_exchange_has_no_bars(metrics: dict[str, xr.Dataset]) -> None:
    chart = nc.node_removal_chart(metrics["liaoning/no-exchange"], metrics["liaoning/bau"], 2100.0, {}, "zh")
    # No exchange: every share is NaN, so only business as usual has bars.
    assert set(chart.data["run"]) == {"照常发展"} and len(chart.data) == 9
    assert chart.title == "失去各节点所带走的交换量"
    alone = nc.node_removal_chart(metrics["bau"], None, 2050.0, {}, "en")
    assert set(alone.data["run"]) == {"current setting"} and len(alone.data) == 4
    assert png(chart).startswith(PNG) and png(alone).startswith(PNG)
