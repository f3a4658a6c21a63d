"""Ecological network analysis: each metric against an analytic case or a published example.

The formulas (``entropy.network``, ``entropy.network_metrics``) on small hand-made
networks, the run-level Dataset on a synthetic three-sector exchange network and
on the cluster model, and ``entropy network`` as a user runs it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis import network as ena
from entropy.cli import main
from entropy.errors import EntropyError, MissingVariableError
from entropy.analysis.network_metrics import METRICS, ascendency, extended_flow_matrix, information_indices, robustness
from entropy.output.report import fmt

from .conftest import cached_run, scenario


def arcs(n: int, links: list[tuple[int, int]], value: float = 1.0) -> np.ndarray:
    """An n x n flow matrix with ``value`` on each (from, to) link."""
    f = np.zeros((n, n))
    for i, j in links:
        f[i, j] = value
    return f


# --- structure ------------------------------------------------------------------------

def test_structure_of_a_six_node_acyclic_network() -> None:
    """enaR's structural example: n = 6, L = 9, C = L/n^2 = 0.25, LD = L/n = 1.5, lambda = 0.

    A DAG whose topological order (3, 0, 5, 1, 4, 2) is not the node order, so
    the link matrix is not triangular (its computed eigenvalues would not be
    exactly 0).
    """
    order = [3, 0, 5, 1, 4, 2]
    pairs = [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3), (2, 4), (3, 4), (3, 5), (4, 5)]
    f = arcs(6, [(order[a], order[b]) for a, b in pairs], 2.5)
    assert int(ena.link_count(f)) == 9
    assert float(ena.connectance(f)) == 0.25
    assert float(ena.link_density(f)) == 1.5
    assert float(ena.cyclicity(f)) == 0.0


def test_self_loops_count_only_when_asked() -> None:
    f = arcs(3, [(0, 1), (1, 2), (1, 1)])
    assert int(ena.link_count(f)) == 2 and int(ena.link_count(f, self_loops=True)) == 3
    assert float(ena.cyclicity(f)) == 0.0  # acyclic between distinct nodes
    assert float(ena.cyclicity(f, self_loops=True)) == pytest.approx(1.0)  # a cycle of length one


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_cyclicity_analytic(n: int) -> None:
    """Simple directed cycle: eigenvalues are the n-th roots of unity (radius 1).
    Complete digraph without self-loops: J - I has eigenvalues n - 1 and -1."""
    cycle = arcs(n, [(i, (i + 1) % n) for i in range(n)])
    assert float(ena.cyclicity(cycle)) == pytest.approx(1.0, abs=1e-12)
    complete = np.ones((n, n)) - np.eye(n)
    assert float(ena.cyclicity(complete)) == pytest.approx(n - 1, abs=1e-12)
    chain = arcs(n, [(i, i + 1) for i in range(n - 1)])
    assert float(ena.cyclicity(chain)) == 0.0


def test_cyclicity_of_two_cycles_sharing_a_node() -> None:
    """1<->2 and 1<->3: the characteristic polynomial is lambda (lambda^2 - 2), radius sqrt(2)."""
    f = arcs(3, [(0, 1), (1, 0), (0, 2), (2, 0)])
    assert float(ena.cyclicity(f)) == pytest.approx(math.sqrt(2), abs=1e-12)


def test_structure_of_an_empty_network_is_zero() -> None:
    for f in (np.zeros((4, 4)), np.zeros((0, 0))):
        assert int(ena.link_count(f)) == 0
        assert float(ena.connectance(f)) == float(ena.link_density(f)) == float(ena.cyclicity(f)) == 0.0


def test_structure_is_batched() -> None:
    cycle = arcs(3, [(0, 1), (1, 2), (2, 0)])
    batch = np.stack([cycle, np.zeros((3, 3)), np.ones((3, 3)) - np.eye(3)])[None]  # shape (1, 3, 3, 3)
    np.testing.assert_array_equal(ena.link_count(batch), [[3, 0, 6]])
    np.testing.assert_allclose(ena.cyclicity(batch), [[1.0, 0.0, 2.0]], atol=1e-12)


# --- Finn: throughflow, cycling, path length ------------------------------------------

@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 0.9])
def test_finn_of_a_two_node_loop(p: float) -> None:
    """z enters node 1; node 1 sends a fraction p of its throughflow to node 2 and
    exports the rest; node 2 returns everything to node 1.

    Balance: T1 = z + f21 and f21 = f12 = p T1, so T1 = z/(1 - p), T2 = p z/(1 - p),
    and node 1 exports (1 - p) T1 = z. A unit leaving node 1 comes back with
    probability p (via 2) and one leaving node 2 with probability 1 * p, so
    n11 = n22 = 1/(1 - p) and (n_jj - 1)/n_jj = p for both: TST_c = p TST and
    FCI = p. The average path length is TST/z = (1 + p)/(1 - p).
    """
    z = 4.0
    t1 = z / (1 - p)
    f = np.array([[0.0, p * t1], [p * t1, 0.0]])
    imports = np.array([z, 0.0])
    np.testing.assert_allclose(ena.throughflow(f, imports), [t1, p * t1])
    np.testing.assert_allclose(ena.boundary_outputs(f, imports), [z, 0.0], atol=1e-12)
    assert float(ena.finn_cycling_index(f, imports)) == pytest.approx(p, abs=1e-12)
    assert float(ena.average_path_length(f, imports)) == pytest.approx((1 + p) / (1 - p))


def test_average_path_length_analytic() -> None:
    """A chain of three nodes: every input passes through all three (APL 3).
    No flow: 0. Flow round a loop with no input: infinite."""
    chain = arcs(3, [(0, 1), (1, 2)], 5.0)
    assert float(ena.average_path_length(chain, np.array([5.0, 0.0, 0.0]))) == 3.0
    assert float(ena.average_path_length(np.zeros((3, 3)), np.zeros(3))) == 0.0
    loop = arcs(2, [(0, 1), (1, 0)], 1.0)
    assert float(ena.average_path_length(loop, np.zeros(2))) == math.inf


# --- Cone Spring: a published worked example ------------------------------------------

#: Cone Spring (Tilly 1968), energy flows in kcal m^-2 y^-1 as used by Finn (1976) and
#: Ulanowicz (1986; Ulanowicz et al. 2009): plants, detritus, bacteria, detritus
#: feeders, carnivores. Transcribed from those papers' figure; each node balances.
CONE_NODES = ("plants", "detritus", "bacteria", "detritus_feeders", "carnivores")
CONE_FLOWS = {(0, 1): 8881, (1, 2): 5205, (1, 3): 2309, (2, 1): 1600, (2, 3): 75,
              (3, 1): 200, (3, 4): 370, (4, 1): 167}
CONE_IMPORTS = [11184, 635, 0, 0, 0]
CONE_EXPORTS = [300, 860, 255, 0, 0]
CONE_RESPIRATION = [2003, 3109, 3275, 1814, 203]


def cone_spring() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    f = np.zeros((5, 5))
    for (i, j), v in CONE_FLOWS.items():
        f[i, j] = v
    return f, np.array(CONE_IMPORTS, float), np.array(CONE_EXPORTS, float), np.array(CONE_RESPIRATION, float)


def test_cone_spring_published_indices() -> None:
    """Published: total system throughput (boundary flows included) 42,445 kcal m^-2 y^-1
    and a = A/C = 0.418 (Ulanowicz et al. 2009, with exports and respiration as separate
    sinks); FCI 0.092 (Finn 1976). Tolerances are the published roundings."""
    f, z, e, r = cone_spring()
    np.testing.assert_allclose(ena.boundary_outputs(f, z), e + r)  # the transcription balances
    info = ascendency(f, z, exports=e, dissipation=r)
    assert float(info.total_throughput) == 42445
    assert float(info.ratio) == pytest.approx(0.418, abs=5e-4)
    assert float(ena.finn_cycling_index(f, z)) == pytest.approx(0.092, abs=5e-4)
    # Only the split of the outputs is needed: giving one of them gives the same.
    assert float(ascendency(f, z, dissipation=r).ratio) == pytest.approx(float(info.ratio), rel=1e-12)


# --- ascendency -----------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 5])
def test_single_path_is_fully_ordered(n: int) -> None:
    """Input -> 1 -> 2 -> ... -> n -> export, F on each of the k = n + 1 flows: every row
    and column of the extended matrix holds one flow, so A = C = k F log2(k), a = 1, R = 0."""
    big_f = 3.0
    f = arcs(n, [(i, i + 1) for i in range(n - 1)], big_f)
    imports = np.zeros(n)
    imports[0] = big_f
    info = ascendency(f, imports)
    k = n + 1
    assert float(info.total_throughput) == pytest.approx(k * big_f)
    assert float(info.ascendency) == pytest.approx(k * big_f * math.log2(k))
    assert float(info.capacity) == pytest.approx(k * big_f * math.log2(k))
    assert float(info.mutual_information) == pytest.approx(math.log2(k))
    assert float(info.ratio) == pytest.approx(1.0)
    assert float(info.robustness) == pytest.approx(0.0, abs=1e-12)


def test_uniform_and_independent_flows_have_no_ascendency() -> None:
    """T_ij = u_i v_j makes every log term log2(1) = 0 (AMI = 0); for an m x m matrix of
    ones C = m^2 log2(m^2)."""
    m = 4
    uniform = information_indices(np.ones((m, m)))
    assert float(uniform.ascendency) == pytest.approx(0.0, abs=1e-9)
    assert float(uniform.mutual_information) == pytest.approx(0.0, abs=1e-12)
    assert float(uniform.capacity) == pytest.approx(m * m * math.log2(m * m))
    assert float(uniform.ratio) == pytest.approx(0.0, abs=1e-12)
    product = information_indices(np.outer([1.0, 2.0, 5.0], [3.0, 0.5, 1.0, 7.0]))
    assert float(product.ascendency) == pytest.approx(0.0, abs=1e-9)


def test_robustness_function() -> None:
    a = np.linspace(0.0, 1.0, 10001)
    r = robustness(a)
    np.testing.assert_allclose(r[1:], -a[1:] * np.log(a[1:]))
    assert r[0] == 0.0 and r[-1] == pytest.approx(0.0, abs=1e-15)
    assert float(robustness(np.array(1 / math.e))) == pytest.approx(1 / math.e)
    assert a[np.argmax(r)] == pytest.approx(1 / math.e, abs=1e-4)
    assert r.max() <= 1 / math.e


def test_ascendency_bounds_on_random_networks() -> None:
    """0 <= A <= C, 0 <= a <= 1, R = -a ln a on 500 random networks, batched (some flows zero)."""
    rng = np.random.default_rng(1976)
    f = rng.exponential(1.0, (500, 6, 6)) * (rng.random((500, 6, 6)) < 0.6)
    z = rng.exponential(1.0, (500, 6)) * (rng.random((500, 6)) < 0.5)
    info = ascendency(f, z)
    assert info.ascendency.shape == (500,)
    assert (info.ascendency >= 0).all() and (info.ascendency <= info.capacity).all()
    assert ((info.ratio >= 0) & (info.ratio <= 1)).all()
    np.testing.assert_allclose(info.robustness, robustness(info.ratio))
    full = extended_flow_matrix(f, z)
    np.testing.assert_allclose(info.total_throughput, full.sum(axis=(-2, -1)))
    # Without a split, the whole boundary output goes to the export column.
    np.testing.assert_allclose(full[:, 1:-2, -2], ena.boundary_outputs(f, z))
    assert (full[..., -1] == 0).all() and (full[:, 0, 0] == 0).all()


def test_ascendency_of_an_empty_network_is_zero() -> None:
    info = ascendency(np.zeros((3, 3)), np.zeros(3))
    assert all(float(v) == 0.0 for v in info)


# --- node removal ---------------------------------------------------------------------

def test_node_removal_of_a_star() -> None:
    """A hub exchanging with every leaf: without the hub nothing is left; without a leaf
    the rest, 1 - (its two flows)/S."""
    hub, n = 2, 5
    f = np.zeros((n, n))
    leaves = [k for k in range(n) if k != hub]
    for k, leaf in enumerate(leaves):
        f[hub, leaf] = 1.0 + k
        f[leaf, hub] = 0.5 * (k + 1)
    total = f.sum()
    result = ena.node_removal(f)
    assert result.kept[hub] == 0.0
    for leaf in leaves:
        assert result.kept[leaf] == pytest.approx(1 - (f[hub, leaf] + f[leaf, hub]) / total)
    assert float(result.weakest) == 0.0


def test_node_removal_counts_a_self_loop_once() -> None:
    """S = 0->1 (2) + 1->0 (3) + 0->0 (4) + 1->2 (1) = 10. Removing node 0 loses 2 + 3 + 4
    (kept 0.1), node 1 loses 2 + 3 + 1 (0.4: node 0's self-loop stays), node 2 loses 1 (0.9)."""
    f = np.zeros((3, 3))
    f[0, 1], f[1, 0], f[0, 0], f[1, 2] = 2.0, 3.0, 4.0, 1.0
    result = ena.node_removal(f)
    np.testing.assert_allclose(result.kept, [0.1, 0.4, 0.9])


def test_node_removal_without_flow_is_undefined() -> None:
    result = ena.node_removal(np.zeros((2, 3, 3)))
    assert np.isnan(result.kept).all() and np.isnan(result.weakest).all()
    assert result.weakest.shape == (2,)


# --- network_metrics on a synthetic regional exchange network ---------------------------

SECTORS = ["steel", "cement", "power"]


def regional(times: int = 3) -> xr.Dataset:
    """Three sectors exchanging by-products; no exchange at all in the first year.

    Slag steel -> cement, fly ash power -> cement, waste heat steel -> power,
    cement kiln dust back to steel: two cycles, steel -> cement -> steel and
    steel -> power -> cement -> steel.
    """
    flow = np.zeros((times, 3, 3))
    flow[1:, 0, 1] = 4.0   # steel -> cement
    flow[1:, 2, 1] = 2.0   # power -> cement
    flow[1:, 0, 2] = 1.0   # steel -> power
    flow[1:, 1, 0] = 0.5   # cement -> steel
    inputs = np.tile([10.0, 6.0, 3.0], (times, 1))
    return xr.Dataset(
        {"exchange_flow": (("time", "sector", "receiver"), flow, {"units": "Mt/Year"}),
         "network_boundary_input": (("time", "sector"), inputs, {"units": "Mt/Year"})},
        coords={"time": 2025.0 + np.arange(times), "sector": SECTORS, "receiver": SECTORS},
        attrs={"scenario": "synthetic"},
    )


def test_network_metrics_of_an_exchange_network() -> None:
    ds = regional()
    out = entropy.network_metrics(ds)
    assert set(out.data_vars) == set(METRICS)
    for name, (units, long_name) in METRICS.items():
        assert out[name].attrs == {"units": units, "long_name": long_name}, name
        assert out[name].dims == (("time", "node") if name == "node_removal_kept" else ("time",))
    assert list(out["node"].values) == SECTORS
    np.testing.assert_array_equal(out["time"].values, ds["time"].values)
    f = ds["exchange_flow"].values
    z = ds["network_boundary_input"].values
    np.testing.assert_allclose(out["finn_cycling_index"], ena.finn_cycling_index(f, z))
    np.testing.assert_allclose(out["ascendency_ratio"], ascendency(f, z).ratio)
    # By hand, in a year with exchange: 4 links of 9 pairs; a 2-cycle and a 3-cycle make
    # the characteristic polynomial l^3 - l - 1, whose real root (the plastic number,
    # 1.3247) is the radius; S = 7.5: without steel 2 are left, without cement 1,
    # without power 4.5.
    year = out.isel(time=1)
    assert (int(year["links"]), float(year["connectance"]), float(year["link_density"])) == (4, 4 / 9, 4 / 3)
    plastic = float(year["cyclicity"])
    assert plastic**3 == pytest.approx(plastic + 1, abs=1e-12) and plastic == pytest.approx(1.3247, abs=1e-4)
    assert float(year["total_exchange_flow"]) == 7.5
    np.testing.assert_allclose(year["node_removal_kept"], [2 / 7.5, 1 / 7.5, 4.5 / 7.5])
    assert float(year["weakest_node_kept"]) == pytest.approx(1 / 7.5)
    # The first year has no exchange: counts and indices 0, node removal undefined.
    first = out.isel(time=0)
    for name in ("links", "connectance", "cyclicity", "finn_cycling_index", "total_exchange_flow"):
        assert float(first[name]) == 0.0, name
    assert np.isnan(first["node_removal_kept"]).all() and np.isnan(first["weakest_node_kept"])
    assert float(first["average_path_length"]) == 1.0  # every input leaves at once


def test_network_metrics_aligns_receivers_and_keeps_other_dimensions() -> None:
    ds = regional()
    expected = entropy.network_metrics(ds)
    shuffled = ds.isel(receiver=[2, 0, 1]).transpose("receiver", "time", "sector")
    xr.testing.assert_allclose(entropy.network_metrics(shuffled), expected)
    subscripts = ds.rename({"sector": "Sector", "receiver": "Receiver"})  # as a model's subscripts
    xr.testing.assert_allclose(entropy.network_metrics(subscripts), expected)
    stacked = xr.concat([ds, ds.assign(exchange_flow=2 * ds["exchange_flow"])], dim="scenario")
    stacked = stacked.assign_coords(scenario=["a", "b"])
    out = entropy.network_metrics(stacked)
    assert out["finn_cycling_index"].dims == ("scenario", "time")
    assert out["node_removal_kept"].dims == ("scenario", "time", "node")
    xr.testing.assert_allclose(out.sel(scenario="a", drop=True), expected)
    np.testing.assert_allclose(out["total_exchange_flow"].sel(scenario="b"), 2 * expected["total_exchange_flow"])


@pytest.mark.parametrize("change, message", [
    (lambda ds: ds.drop_vars("network_boundary_input"), "no network_boundary_input"),
    (lambda ds: ds.assign(exchange_flow=-ds["exchange_flow"]), "negative flow"),
    (lambda ds: ds.assign(network_boundary_input=ds["network_boundary_input"] * np.nan), "NaN or infinite"),
    (lambda ds: ds.assign_coords(receiver=["steel", "cement", "glass"]), "are not the sectors"),
])
def test_network_metrics_rejects_bad_exchange_data(change: object, message: str) -> None:
    assert callable(change)
    with pytest.raises(EntropyError, match=message):
        entropy.network_metrics(change(regional()))


def test_network_metrics_reads_rounding_noise_as_zero() -> None:
    ds = regional()
    noisy = ds.copy(deep=True)
    noisy["exchange_flow"].values[1, 1, 2] = -1e-15
    xr.testing.assert_allclose(entropy.network_metrics(noisy), entropy.network_metrics(ds))


def test_network_metrics_needs_a_network() -> None:
    ds = xr.Dataset({"output": ("time", [1.0, 2.0])}, coords={"time": [2025.0, 2026.0]})
    with pytest.raises(MissingVariableError, match="metal_production"):
        entropy.network_metrics(ds)


# --- network_metrics on the cluster model ---------------------------------------------

def steady_metal_cycle() -> xr.Dataset:
    """A steady metal cycle (Mt/Year): metal M 10 (virgin 7); fabrication F returns 2 of
    process scrap, sends 3 to use U; U retires 4, of which the decomposer D takes 1 to
    remanufacture (back to U) and 2 as old scrap (to M); all scrap is remelted."""
    values = {"metal_production": 10.0, "virgin_metal": 7.0, "process_scrap_recycled": 2.0,
              "products_sold_locally": 3.0, "end_of_life": 4.0, "remanufacturing": 1.0,
              "old_scrap_collection": 2.0, "scrap_available": 4.0, "scrap_remelted": 4.0}
    return xr.Dataset({k: ("time", [v] * 3) for k, v in values.items()}, coords={"time": [0.0, 1.0, 2.0]})


def test_network_metrics_of_a_hand_made_metal_cycle() -> None:
    """Flows M->F 10, F->M 2, F->U 3, U->D 3, D->U 1, D->M 2 (S = 21).

    FCI 199/528 (derived in test_accounting). Cyclicity: two 2-cycles (M-F, U-D) and a
    4-cycle (M-F-U-D); the characteristic polynomial is l^4 - 2 l^2 + (1 - 1) l^0, the
    4-cycle and the pair of disjoint 2-cycles cancelling, so the radius is sqrt(2).
    Removing M loses 10 + 2 + 2 (kept 7/21), F 10 + 2 + 3 (6/21), U 3 + 3 + 1 (14/21),
    D 3 + 1 + 2 (15/21).
    """
    out = entropy.network_metrics(steady_metal_cycle())
    assert list(out["node"].values) == list(ena.COMPARTMENTS)
    np.testing.assert_allclose(out["finn_cycling_index"], 199 / 528, rtol=1e-12)
    assert (out["links"] == 6).all()
    np.testing.assert_allclose(out["cyclicity"], math.sqrt(2), rtol=1e-12)
    np.testing.assert_allclose(out["node_removal_kept"].isel(time=0), [7 / 21, 6 / 21, 14 / 21, 15 / 21])
    np.testing.assert_allclose(out["weakest_node_kept"], 6 / 21)
    np.testing.assert_allclose(out["average_path_length"], 28 / 7)  # TST 28, input 7


def test_network_metrics_of_the_cluster_model() -> None:
    ds = cached_run("cluster/bau")
    out = entropy.network_metrics(ds)
    np.testing.assert_allclose(out["finn_cycling_index"], ena.finn_over_time(ds))
    assert ((out["ascendency"] <= out["development_capacity"]) & (out["ascendency"] > 0)).all()
    assert ((out["weakest_node_kept"] >= 0) & (out["weakest_node_kept"] < 1)).all()
    assert (out["robustness"] <= 1 / math.e).all()
    runs = entropy.stack_runs([ds, cached_run("cluster/eco-park")])
    both = entropy.network_metrics(runs)
    assert both["cyclicity"].dims == ("scenario", "time")
    xr.testing.assert_allclose(both.sel(scenario="bau", drop=True), out)


# --- the command line -------------------------------------------------------------------

def cells(text: str, first: str) -> list[str]:
    """The cells of the first printed row that starts with ``first``."""
    return next(line for line in text.splitlines() if line.split()[:1] == [first]).split()


def test_cli_network_prints_the_last_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "cluster/bau", "--engine", "simlin"]) == 0
    out = capsys.readouterr().out
    metrics = entropy.network_metrics(cached_run("cluster/bau")).isel(time=-1)
    year = fmt(float(metrics["time"]), "Year")
    assert out.splitlines()[0].startswith(f"network analysis of bau in {year}")
    for name, (units, _) in METRICS.items():
        if name != "node_removal_kept":
            assert cells(out, name)[:3] == [name, units, fmt(metrics[name].values.item(), units)], name
    kept = dict(zip(metrics["node"].values, metrics["node_removal_kept"].values))
    node_lines = out.split("node removal:")[1].splitlines()[3:]
    assert [line.split()[0] for line in node_lines] == sorted(kept, key=lambda n: kept[n])
    assert node_lines[0].split()[-1] == "weakest" and all("weakest" not in x for x in node_lines[1:])


def test_cli_network_on_the_default_engine_snaps_to_a_saved_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "cluster/bau", "--year", "2100.3"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("network analysis of bau in 2100 ")
    assert "--year 2100.3" in captured.err and "nearest saved year, 2100" in captured.err


@pytest.mark.parametrize("year", ["1990", "3000", "nan", "inf"])
def test_cli_network_bad_year(year: str, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    def no_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("a bad option must not cost a run")
    monkeypatch.setattr("entropy.cli.network.run", no_run)
    assert main(["network", "cluster/bau", "--year", year]) == 2
    sc = scenario("cluster/bau")
    err = capsys.readouterr().err
    assert err.startswith("entropy: error: --year ") and "Traceback" not in err
    assert f"allowed: {sc.start:g} to {sc.end:g} (Year)" in err
