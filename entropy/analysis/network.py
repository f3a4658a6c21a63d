"""Ecological network analysis (ENA) of material flows, and the cluster's metal cycle.

Batched numpy functions of a flow matrix ``flows[..., i, j]`` (from node i to
node j) and boundary inputs ``imports[..., j]`` (into j from outside); leading
axes (time, runs) are kept. Throughflow is counted on the input side,
``T_j = z_j + sum_i f_ij`` (self-loops included); a node's boundary output
(exports plus dissipation) is ``y_i = max(T_i - sum_j f_ij, 0)``. Flows must be
finite and >= 0. Ulanowicz's ascendency and the run-level Dataset of every
metric over time are in :mod:`entropy.network_metrics`.

The cluster's metal flows are drawn as four compartments, Metal making (M),
Fabrication (F), Products in use (U) and the Decomposer industry (D), with

* imports: virgin metal (own and imported ore) into M; a shrinking stock of
  products in use counts as an import to U (the usual treatment of a
  non-steady state);
* internal flows: metal M->F; products used in the region F->U; process scrap
  remelted F->M (the prompt-scrap loop); end-of-life products remanufactured
  or collected U->D; remanufactured products D->U (the reuse loop); old scrap
  remelted D->M (the recycling loop);
* exports: remelting losses from M; exported products, landfilled and surplus
  process scrap from F; uncollected end-of-life and stock growth from U;
  surplus old scrap from D. Scrap the furnaces cannot take is split between
  process and old scrap in proportion to what each offers.

Finn Cycling Index: ``FCI = TST_c / TST`` with ``TST_c = sum_j (n_jj - 1) /
n_jj * T_j``, where ``N = (I - G)^-1`` is the integral flow matrix and ``G_ij =
f_ji / T_j`` the fraction of j's throughflow that goes to i. With three cycles
of different lengths it weighs each by how often material passes round it,
which the recycled share alone does not.

References
----------
Finn (1976) J. Theor. Biol. 56:363. Ulanowicz (1986) Growth and Development,
Springer; (1997) Ecology, the Ascendent Perspective, Columbia UP. Ulanowicz,
Goerner, Lietaer & Gomez (2009) Ecological Complexity 6:27. Fath (2015) Ocean &
Coastal Management 108:13. Layton, Bras & Weissburg (2016) Environ. Sci.
Technol. 50:11243.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import xarray as xr
from numpy.typing import NDArray

from ..errors import MissingVariableError

COMPARTMENTS = ("metal_making", "fabrication", "use", "decomposer")


def finn_cycling_index(
    flows: NDArray[np.float64], imports: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Finn Cycling Index of a flow network (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]`` is the flow from compartment i to compartment j
        (any consistent units, e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each compartment from outside the network (same units).

    Returns
    -------
    ndarray, shape (...)
        FCI in [0, 1) (Dmnl); 0 where the network carries no flow.

    Notes
    -----
    Throughflow is computed on the input side, ``T_j = imports_j + sum_i
    flows_ij``; for a balanced network it equals the output side. Finn (1976),
    J. Theor. Biol. 56:363; the formula is in the module docstring.
    """
    f = np.asarray(flows, dtype=np.float64)
    z = np.asarray(imports, dtype=np.float64)
    n = f.shape[-1]
    through = z + f.sum(axis=-2)  # T_j: what enters j
    safe = np.where(through > 0, through, 1.0)
    # G[i, j] = fraction of j's throughflow passing to i = f[j, i] / T_j
    g = np.swapaxes(f, -1, -2) / safe[..., None, :]
    g = np.where(through[..., None, :] > 0, g, 0.0)
    integral = np.linalg.inv(np.eye(n) - g)
    diag = np.diagonal(integral, axis1=-2, axis2=-1)
    cycled = ((diag - 1.0) / diag * through).sum(axis=-1)
    total = through.sum(axis=-1)
    return np.where(total > 0, cycled / np.where(total > 0, total, 1.0), 0.0)


def throughflow(flows: NDArray[np.float64], imports: NDArray[np.float64]) -> NDArray[np.float64]:
    """Throughflow of each node, counted on the input side (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each node from outside the network (same units).

    Returns
    -------
    ndarray, shape (..., n)
        ``T_j = z_j + sum_i f_ij`` (same units as the flows); the total system
        throughflow is ``TST = T.sum(-1)`` (Finn 1976).
    """
    f = np.asarray(flows, dtype=np.float64)
    through: NDArray[np.float64] = np.asarray(imports, dtype=np.float64) + f.sum(axis=-2)
    return through


def boundary_outputs(flows: NDArray[np.float64], imports: NDArray[np.float64]) -> NDArray[np.float64]:
    """What leaves each node to outside the network: exports plus dissipation (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each node from outside the network (same units).

    Returns
    -------
    ndarray, shape (..., n)
        ``y_i = max(T_i - sum_j f_ij, 0)`` (same units): the balance of a node
        at steady state (or with stock changes booked as inputs and outputs),
        as in Finn (1976).
    """
    f = np.asarray(flows, dtype=np.float64)
    out: NDArray[np.float64] = np.maximum(throughflow(f, imports) - f.sum(axis=-1), 0.0)
    return out


def average_path_length(flows: NDArray[np.float64], imports: NDArray[np.float64]) -> NDArray[np.float64]:
    """Average path length, ``APL = TST / sum_j z_j`` (Finn 1976) (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each node from outside the network (same units).

    Returns
    -------
    ndarray, shape (...)
        The mean number of nodes a unit of input passes through before it
        leaves (Dmnl, >= 1 where there are inputs); 0 where the network
        carries no flow; ``inf`` where flow circulates without any input.
    """
    tst = throughflow(flows, imports).sum(axis=-1)
    inputs = np.asarray(imports, dtype=np.float64).sum(axis=-1)
    ratio = tst / np.where(inputs > 0, inputs, 1.0)
    return np.where(inputs > 0, ratio, np.where(tst > 0, np.inf, 0.0))


def _adjacency(flows: NDArray[np.float64], self_loops: bool) -> NDArray[np.float64]:
    """0/1 matrix of the links: 1 where a flow is positive (diagonal zeroed unless ``self_loops``)."""
    adj = (np.asarray(flows, dtype=np.float64) > 0).astype(np.float64)
    if not self_loops:
        n = adj.shape[-1]
        adj[..., np.arange(n), np.arange(n)] = 0.0
    return adj


def link_count(flows: NDArray[np.float64], self_loops: bool = False) -> NDArray[np.int64]:
    """Number of links L: the positive flows between distinct nodes (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (any units).
    self_loops : bool
        Also count a node's flow to itself (``f_ii > 0``) as a link (default
        no: a sector recycling its own by-products exchanges nothing).

    Returns
    -------
    ndarray of int, shape (...)
        L (Dmnl); 0 for an empty network. The structural counts of Borrett &
        Lau (2014, Methods Ecol. Evol. 5:1206, enaR) and, for industrial
        networks, Layton, Bras & Weissburg (2016).
    """
    links: NDArray[np.int64] = _adjacency(flows, self_loops).sum(axis=(-2, -1)).astype(np.int64)
    return links


def connectance(flows: NDArray[np.float64], self_loops: bool = False) -> NDArray[np.float64]:
    """Connectance ``C = L / n^2`` over all n nodes of the matrix (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (any units).
    self_loops : bool
        Count self-loops as links (see :func:`link_count`).

    Returns
    -------
    ndarray, shape (...)
        Links per possible ordered pair of nodes (Dmnl); 0 with no links or
        no nodes. n counts every node of the matrix, with flow or not, as in
        the structural analysis of Borrett & Lau's enaR.
    """
    n = np.asarray(flows).shape[-1]
    return link_count(flows, self_loops) / float(max(n * n, 1))


def link_density(flows: NDArray[np.float64], self_loops: bool = False) -> NDArray[np.float64]:
    """Link density ``LD = L / n``: links per node, over all n nodes of the matrix (batched).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (any units).
    self_loops : bool
        Count self-loops as links (see :func:`link_count`).

    Returns
    -------
    ndarray, shape (...)
        LD (Dmnl); 0 with no links or no nodes.
    """
    n = np.asarray(flows).shape[-1]
    return link_count(flows, self_loops) / float(max(n, 1))


def cyclicity(flows: NDArray[np.float64], self_loops: bool = False) -> NDArray[np.float64]:
    """Cyclicity: the spectral radius of the 0/1 link matrix (batched).

    Layton, Bras & Weissburg (2016): 0 for an acyclic network, 1 for simple
    cycles that share no node, above 1 for interlinked cycles (n - 1 for a
    complete network of n nodes).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (any units).
    self_loops : bool
        Count self-loops as links (default no; with them a single self-loop
        is a cycle of length one).

    Returns
    -------
    ndarray, shape (...)
        The largest ``|eigenvalue|`` of the link matrix (Dmnl); exactly 0 for
        an acyclic network (tested as ``A^m = 0`` for ``m >= n``: the
        eigenvalues of a nilpotent matrix are computed only to about
        ``eps^(1/n)``) and for an empty one.
    """
    adj = _adjacency(flows, self_loops)
    n = adj.shape[-1]
    if n == 0:
        return np.zeros(adj.shape[:-2])
    # Walks of length 2^k >= n exist exactly when the network has a cycle.
    walks, length = adj, 1
    while length < n:
        walks = ((walks @ walks) > 0).astype(np.float64)
        length *= 2
    cyclic = walks.any(axis=(-2, -1))
    radius = np.abs(np.linalg.eigvals(adj)).max(axis=-1)
    return np.where(cyclic, radius, 0.0)


class NodeRemoval(NamedTuple):
    """Share of the exchange flow kept when each node is removed.

    Attributes
    ----------
    kept : ndarray, shape (..., n)
        Share kept without node k (Dmnl, in [0, 1]); NaN with no exchange flow.
    weakest : ndarray, shape (...)
        The smallest share: the loss of the most critical node (NaN with no
        exchange flow).
    """

    kept: NDArray[np.float64]
    weakest: NDArray[np.float64]


def node_removal(flows: NDArray[np.float64]) -> NodeRemoval:
    """First-order robustness of the exchange network to losing one node (batched).

    ``kept_k = (S - sum_j f_kj - sum_i f_ik + f_kk) / S`` with ``S =
    sum_ij f_ij``: the internal flow that survives when node k and every flow
    to or from it go, with nothing rerouted and no cascade. A simple
    first-order measure defined for this package (no published source): how
    much of the exchange hangs on one node.

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (any units).

    Returns
    -------
    NodeRemoval
        The per-node shares (Dmnl, clipped to [0, 1] against rounding) and
        their minimum; NaN where the network has no internal flow (nothing to
        lose: the share is undefined).
    """
    f = np.asarray(flows, dtype=np.float64)
    total = f.sum(axis=(-2, -1))[..., None]
    lost = f.sum(axis=-1) + f.sum(axis=-2) - np.diagonal(f, axis1=-2, axis2=-1)
    share = (total - lost) / np.where(total > 0, total, 1.0)
    kept = np.where(total > 0, np.clip(share, 0.0, 1.0), np.nan)
    weakest = kept.min(axis=-1) if kept.shape[-1] else np.full(kept.shape[:-1], np.nan)
    return NodeRemoval(kept, weakest)


#: The cluster model's variables that :func:`material_network` reads (Mt/Year).
CLUSTER_FLOWS = (
    "metal_production", "virgin_metal", "process_scrap_recycled", "products_sold_locally",
    "end_of_life", "remanufacturing", "old_scrap_collection", "scrap_available", "scrap_remelted",
)


def material_network_dims(ds: xr.Dataset) -> tuple[str, ...]:
    """The leading dimensions of :func:`material_network`'s arrays: a run's other dimensions, then time.

    Raises :class:`MissingVariableError` naming what a run lacks.
    """
    missing = [name for name in CLUSTER_FLOWS if name not in ds]
    if missing or "time" not in ds.coords:
        raise MissingVariableError(
            f"not a run of the cluster model: the material network needs {', '.join(missing or ['time'])}")
    dims = xr.broadcast(ds["time"], *(ds[name] for name in CLUSTER_FLOWS))[0].transpose(..., "time").dims
    return tuple(str(d) for d in dims)


def material_network(ds: xr.Dataset) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The cluster's metal flows as a network, at every saved time.

    Parameters
    ----------
    ds : xarray.Dataset
        A run of the cluster model (Mt/Year flows), or several stacked along
        other dimensions (e.g. ``scenario``).

    Returns
    -------
    flows : ndarray, shape (..., time, 4, 4)
        Flows between Metal making, Fabrication, Use and Decomposer (Mt/Year);
        the leading dimensions are :func:`material_network_dims`.
    imports : ndarray, shape (..., time, 4)
        Imports to each compartment (Mt/Year), including stock drawdown.
    """
    dims = material_network_dims(ds)
    template = xr.DataArray(np.zeros([ds.sizes[d] for d in dims]), dims=dims)

    def get(name: str) -> NDArray[np.float64]:
        return ds[name].broadcast_like(template).transpose(*dims).values.astype(np.float64)

    available = get("scrap_available")
    used = np.divide(get("scrap_remelted"), available, out=np.zeros_like(available), where=available > 0)
    local = get("products_sold_locally")
    reman = get("remanufacturing")
    end_of_life = get("end_of_life")
    m, f, u, d = range(4)
    flows = np.zeros(local.shape + (4, 4))
    flows[..., m, f] = get("metal_production")
    flows[..., f, u] = local
    flows[..., f, m] = get("process_scrap_recycled") * used
    flows[..., u, d] = reman + get("old_scrap_collection")
    flows[..., d, u] = reman
    flows[..., d, m] = get("old_scrap_collection") * used
    imports = np.zeros(local.shape + (4,))
    imports[..., m] = get("virgin_metal")
    imports[..., u] = np.maximum(0.0, end_of_life - local - reman)  # stock drawdown
    return flows, imports


def finn_over_time(ds: xr.Dataset) -> xr.DataArray:
    """FCI of the material cycle at every saved time (Dmnl)."""
    flows, imports = material_network(ds)
    fci = finn_cycling_index(flows, imports)
    return xr.DataArray(
        fci,
        coords={"time": ds["time"]},
        dims=("time",),
        attrs={"units": "Dmnl", "long_name": "Finn Cycling Index of material flows"},
    )


def finn_over_horizon(ds: xr.Dataset) -> float:
    """FCI of the flows integrated over the whole run (Dmnl)."""
    flows, imports = material_network(ds)
    t = ds["time"].values
    if len(t) < 2:
        return float(finn_cycling_index(flows[0], imports[0]))
    total_flows = np.trapezoid(flows, t, axis=0)
    total_imports = np.trapezoid(imports, t, axis=0)
    return float(finn_cycling_index(total_flows, total_imports))


def flows_at(ds: xr.Dataset, year: float) -> tuple[NDArray[np.float64], list[str]]:
    """The internal material flow matrix of a run at the saved time nearest ``year``.

    Parameters
    ----------
    ds : xarray.Dataset
        One run (no dimension besides ``time`` and the nodes'): of the
        regional model, with ``exchange_flow`` (dims ``time``, ``Sector``,
        ``Receiver``, or spelt in lower case; Mt/Year, by-product flow from
        sector to receiver), or of the cluster model (its four compartments,
        :func:`material_network`).
    year : float
        The time wanted (Year); the nearest saved time is taken (the earlier
        on a tie).

    Returns
    -------
    flows : ndarray, shape (n, n)
        ``flows[i, j]``: flow from node i to node j (Mt/Year), >= 0
        (rounding-level negatives read as 0).
    nodes : list of str
        The node names: the sectors in the order of the ``Sector`` coordinate
        (the receivers reordered to match), or :data:`COMPARTMENTS`.

    Raises
    ------
    MissingVariableError
        The run has neither an exchange network nor the cluster's flows.
    EntropyError
        ``year`` is not finite, the run has other dimensions (e.g. stacked
        scenarios: select one first), the receivers are not the sectors, or
        a flow is NaN, infinite or negative.
    """
    # Imported here: network_metrics imports this module.
    from ..errors import EntropyError
    from .network_metrics import _checked

    if not np.isfinite(year):
        raise EntropyError(f"year = {year!r}; allowed: a finite year")
    if "time" not in ds.coords or ds.sizes["time"] == 0:
        raise MissingVariableError("the run has no saved times: the flow matrix needs a time coordinate")
    times = np.asarray(ds["time"].values, dtype=np.float64)
    k = int(np.argmin(np.abs(times - float(year))))
    if "exchange_flow" in ds:
        flow = ds["exchange_flow"]
        # The model spells its subscripts "Sector" and "Receiver"; accept snake_case too.
        flow = flow.rename({d: str(d).lower() for d in flow.dims if str(d).lower() != d
                            and str(d).lower() in ("sector", "receiver")})
        if set(flow.dims) != {"time", "sector", "receiver"}:
            raise EntropyError(f"exchange_flow has dimensions {flow.dims}; a flow matrix needs exactly "
                               "(time, Sector, Receiver): select one run first")
        if "sector" in flow.coords and "receiver" in flow.coords:
            sectors = [str(v) for v in flow["sector"].values]
            if sorted(sectors) != sorted(str(v) for v in flow["receiver"].values):
                raise EntropyError(f"exchange_flow: receivers {list(flow['receiver'].values)} are not "
                                   f"the sectors {sectors}")
            flow = flow.sel(receiver=flow["sector"].values)  # the same order on both axes
            nodes = sectors
        else:
            nodes = [str(i) for i in range(flow.sizes["sector"])]
        matrix = flow.isel(time=k).transpose("sector", "receiver").values.astype(np.float64)
        return _checked("exchange_flow", matrix), nodes
    dims = material_network_dims(ds)  # MissingVariableError if not the cluster model either
    if dims != ("time",):
        raise EntropyError(f"the run has dimensions {dims}; a flow matrix needs one run: select one first")
    flows, _ = material_network(ds)
    return _checked("the cluster's material flows", flows[k]), list(COMPARTMENTS)
