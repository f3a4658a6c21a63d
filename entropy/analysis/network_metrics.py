"""Ulanowicz's ascendency, and every network metric of a run over time.

:func:`network_metrics` analyses the material-exchange network of a run at
each saved time with the formulas of :mod:`entropy.network` (Finn cycling,
path length, structure, cyclicity, node removal) and of this module
(ascendency, development capacity, robustness).

Two kinds of run are understood:

* a model with an exchange network between sectors (the regional model):
  ``exchange_flow`` (dims ``sector``, ``receiver``, time; Mt/Year, by-product
  flow from sector to receiver) and ``network_boundary_input`` (dims
  ``sector``, time; Mt/Year, what enters each sector's node from outside the
  exchange network). Nodes are the sectors; the dimensions may also be
  spelt as the model's subscripts, ``Sector`` and ``Receiver``.
* the cluster model: the four compartments of :func:`entropy.analysis.network.material_network`.

Conventions. Information indices use base-2 logarithms (bits), so A and C are
in flow units x bits; robustness ``R = -a ln a`` uses the natural logarithm,
as Ulanowicz et al. (2009) and Fath (2015), and is largest (1/e) at ``a =
1/e``; a does not depend on the base. The boundary flows are those of the
(n + 3) x (n + 3) extended matrix (Ulanowicz 1986): a row of imports from the
environment and, when the split is not known, the whole boundary output of
each node (throughflow minus internal outflow) in the export column.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import xarray as xr
from numpy.typing import NDArray

from ..errors import EntropyError
from .network import (
    COMPARTMENTS,
    average_path_length,
    boundary_outputs,
    connectance,
    cyclicity,
    finn_cycling_index,
    link_count,
    link_density,
    material_network,
    material_network_dims,
    node_removal,
)


class Ascendency(NamedTuple):
    """Ulanowicz's information indices of a flow network (arrays of the batch shape).

    Attributes
    ----------
    total_throughput : ndarray
        ``TSTp = sum_ij T_ij`` over the extended matrix, boundary flows
        included (flow units, e.g. Mt/Year).
    mutual_information : ndarray
        Average mutual information ``AMI = A / TSTp`` (bits).
    ascendency : ndarray
        ``A = sum_ij T_ij log2(T_ij TSTp / (T_i. T_.j))`` (flow units x bits).
    capacity : ndarray
        Development capacity ``C = -sum_ij T_ij log2(T_ij / TSTp)`` (flow
        units x bits).
    ratio : ndarray
        Degree of order ``a = A / C`` in [0, 1] (Dmnl); 0 where C = 0.
    robustness : ndarray
        ``R = -a ln(a)`` (Dmnl), at most 1/e, at ``a = 1/e``.
    """

    total_throughput: NDArray[np.float64]
    mutual_information: NDArray[np.float64]
    ascendency: NDArray[np.float64]
    capacity: NDArray[np.float64]
    ratio: NDArray[np.float64]
    robustness: NDArray[np.float64]


def robustness(ratio: NDArray[np.float64]) -> NDArray[np.float64]:
    """Robustness ``R = -a ln(a)`` of the degree of order a (Ulanowicz et al. 2009; Fath 2015).

    Parameters
    ----------
    ratio : ndarray
        ``a = A / C`` in [0, 1] (Dmnl).

    Returns
    -------
    ndarray
        R (Dmnl): 0 at a = 0 (its limit) and at a = 1, largest (1/e) at
        a = 1/e. The natural logarithm, as Goerner et al. and Fath (2015);
        the log base of A and C cancels in a.
    """
    a = np.asarray(ratio, dtype=np.float64)
    return np.where(a > 0, -a * np.log(np.where(a > 0, a, 1.0)), 0.0)


def extended_flow_matrix(
    flows: NDArray[np.float64],
    imports: NDArray[np.float64],
    exports: NDArray[np.float64] | None = None,
    dissipation: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """The (n + 3) x (n + 3) matrix of all flows, boundary flows included (Ulanowicz 1986).

    Row and column 0 are the environment as a source (imports ``T_0j = z_j``);
    1..n are the nodes (``T_ij = f_ij``); column n + 1 receives the exports
    and column n + 2 the dissipation (``T_i,n+1 = e_i``, ``T_i,n+2 = r_i``).

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each node from outside the network (same units).
    exports, dissipation : ndarray, shape (..., n), optional
        What each node exports and dissipates. A missing one is the rest of
        the node's boundary output (:func:`boundary_outputs`); with neither,
        the whole boundary output goes to the export column and the
        dissipation column is empty (one environment sink).

    Returns
    -------
    ndarray, shape (..., n + 3, n + 3)
        ``T_ij`` (flow units).
    """
    f = np.asarray(flows, dtype=np.float64)
    z = np.broadcast_to(np.asarray(imports, dtype=np.float64), f.shape[:-1])
    n = f.shape[-1]
    out = boundary_outputs(f, z)
    e = None if exports is None else np.asarray(exports, dtype=np.float64)
    r = None if dissipation is None else np.asarray(dissipation, dtype=np.float64)
    if e is None:
        e = out if r is None else np.maximum(out - r, 0.0)
    if r is None:
        r = np.maximum(out - e, 0.0)
    full = np.zeros(f.shape[:-2] + (n + 3, n + 3))
    full[..., 0, 1:n + 1] = z
    full[..., 1:n + 1, 1:n + 1] = f
    full[..., 1:n + 1, n + 1] = e
    full[..., 1:n + 1, n + 2] = r
    return full


def information_indices(full: NDArray[np.float64]) -> Ascendency:
    """Ascendency, development capacity and robustness of a full flow matrix (batched).

    Parameters
    ----------
    full : ndarray, shape (..., m, m)
        ``T_ij`` >= 0, boundary flows included, e.g. from
        :func:`extended_flow_matrix` (flow units).

    Returns
    -------
    Ascendency
        TSTp, AMI, A, C (base-2 logarithms: bits), ``a = A / C`` and
        ``R = -a ln a`` (Ulanowicz 1986, 1997; Ulanowicz et al. 2009). Terms
        with ``T_ij = 0`` count 0; A is clipped to [0, C] against rounding
        (a network whose flows are independent of each other, ``T_ij``
        proportional to ``T_i. T_.j``, has A = 0); a network without flow has
        every index 0.
    """
    t = np.asarray(full, dtype=np.float64)
    total = t.sum(axis=(-2, -1))
    rows, cols = t.sum(axis=-1), t.sum(axis=-2)
    pos = t > 0

    def log2(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.log2(np.where(x > 0, x, 1.0))

    log_total = log2(total)[..., None, None]
    mutual = log2(t) + log_total - log2(rows)[..., :, None] - log2(cols)[..., None, :]
    asc = np.where(pos, t * mutual, 0.0).sum(axis=(-2, -1))
    cap = np.where(pos, t * (log_total - log2(t)), 0.0).sum(axis=(-2, -1))
    cap = np.maximum(cap, 0.0)
    asc = np.clip(asc, 0.0, cap)
    ratio = np.where(cap > 0, asc / np.where(cap > 0, cap, 1.0), 0.0)
    ami = np.where(total > 0, asc / np.where(total > 0, total, 1.0), 0.0)
    return Ascendency(total, ami, asc, cap, ratio, robustness(ratio))


def ascendency(
    flows: NDArray[np.float64],
    imports: NDArray[np.float64],
    exports: NDArray[np.float64] | None = None,
    dissipation: NDArray[np.float64] | None = None,
) -> Ascendency:
    """Ulanowicz's ascendency of a network with its boundary flows (batched).

    The indices of :func:`extended_flow_matrix` (see there for how a missing
    split between exports and dissipation is treated) by
    :func:`information_indices`.

    Parameters
    ----------
    flows : ndarray, shape (..., n, n)
        ``flows[..., i, j]``: flow from node i to node j (e.g. Mt/Year).
    imports : ndarray, shape (..., n)
        Flow into each node from outside the network (same units).
    exports, dissipation : ndarray, shape (..., n), optional
        What each node exports and dissipates (same units).

    Returns
    -------
    Ascendency
        TSTp (flow units), AMI (bits), A and C (flow units x bits), a and R
        (Dmnl).
    """
    return information_indices(extended_flow_matrix(flows, imports, exports, dissipation))


#: The variables of :func:`network_metrics`: units and long name.
METRICS: dict[str, tuple[str, str]] = {
    "finn_cycling_index": ("Dmnl", "Finn cycling index: share of the throughflow that cycles"),
    "average_path_length": ("Dmnl", "average path length: total throughflow per unit of boundary input"),
    "links": ("Dmnl", "links: positive flows between distinct nodes"),
    "connectance": ("Dmnl", "connectance: links per ordered pair of nodes (L/n^2)"),
    "link_density": ("Dmnl", "link density: links per node (L/n)"),
    "cyclicity": ("Dmnl", "cyclicity: spectral radius of the link matrix"),
    "ascendency": ("Mt*bit/Year", "ascendency A (base-2 logarithms, boundary flows included)"),
    "development_capacity": ("Mt*bit/Year", "development capacity C (base-2 logarithms)"),
    "ascendency_ratio": ("Dmnl", "degree of order a = A/C"),
    "robustness": ("Dmnl", "robustness -a ln a (largest, 1/e, at a = 1/e)"),
    "node_removal_kept": ("Dmnl", "share of the exchange flow kept without the node (no rerouting)"),
    "weakest_node_kept": ("Dmnl", "share of the exchange flow kept without the most critical node"),
    "total_exchange_flow": ("Mt/Year", "total flow between the nodes"),
}

#: Negative flows down to this share of the largest are rounding and read as 0.
NEGATIVE_TOLERANCE = 1e-9


def _checked(name: str, values: NDArray[np.float64]) -> NDArray[np.float64]:
    """``values`` with rounding-level negatives set to 0; :class:`EntropyError` for any other bad value."""
    if not np.isfinite(values).all():
        raise EntropyError(f"{name} has NaN or infinite values: network analysis needs finite flows")
    scale = float(np.abs(values).max()) if values.size else 0.0
    low = float(values.min()) if values.size else 0.0
    if low < -NEGATIVE_TOLERANCE * scale:
        raise EntropyError(f"{name} has a negative flow ({low:.4g}): network analysis needs flows >= 0")
    return np.maximum(values, 0.0)


def _exchange_network(ds: xr.Dataset) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                               tuple[str, ...], list[str]]:
    """Flows, boundary inputs, leading dims and node names of a run with ``exchange_flow``."""
    if "network_boundary_input" not in ds:
        raise EntropyError("the run has exchange_flow but no network_boundary_input: "
                           "network analysis needs both (Mt/Year)")
    # Dimension names as the model spells its subscripts ("Sector", "Receiver") or snake_case.
    flow, inputs = (var.rename({d: str(d).lower() for d in var.dims
                                if str(d).lower() in ("sector", "receiver") and d != str(d).lower()})
                    for var in (ds["exchange_flow"], ds["network_boundary_input"]))
    for name, var, need in (("exchange_flow", flow, ("time", "sector", "receiver")),
                            ("network_boundary_input", inputs, ("time", "sector"))):
        if not set(need) <= set(var.dims) or (name != "exchange_flow" and "receiver" in var.dims):
            raise EntropyError(f"{name} has dimensions {var.dims}; network analysis needs {need}")
    if flow.sizes["receiver"] != flow.sizes["sector"]:
        raise EntropyError(f"exchange_flow has {flow.sizes['sector']} sectors but "
                           f"{flow.sizes['receiver']} receivers: they must be the same nodes")
    if "sector" in flow.coords and "receiver" in flow.coords:
        sectors, receivers = list(flow["sector"].values), list(flow["receiver"].values)
        if sorted(map(str, sectors)) != sorted(map(str, receivers)):
            raise EntropyError(f"exchange_flow: receivers {receivers} are not the sectors {sectors}")
        flow = flow.sel(receiver=flow["sector"].values)  # the same order on both axes
    nodes = ([str(v) for v in flow["sector"].values] if "sector" in flow.coords
             else [str(i) for i in range(flow.sizes["sector"])])
    other = [str(d) for d in dict.fromkeys([*flow.dims, *inputs.dims])
             if d not in ("time", "sector", "receiver")]
    dims = (*other, "time")
    template = xr.DataArray(np.zeros([ds.sizes[d] for d in dims]), dims=dims)
    inputs = inputs.sel(sector=flow["sector"].values) if "sector" in inputs.coords else inputs
    flows = flow.broadcast_like(template).transpose(*dims, "sector", "receiver").values
    imports = inputs.broadcast_like(template).transpose(*dims, "sector").values
    return (_checked("exchange_flow", flows.astype(np.float64)),
            _checked("network_boundary_input", imports.astype(np.float64)), dims, nodes)


def network_metrics(ds: xr.Dataset) -> xr.Dataset:
    """Ecological network analysis of a run's material flows at every saved time.

    Parameters
    ----------
    ds : xarray.Dataset
        A run with a ``time`` coordinate: with ``exchange_flow`` and
        ``network_boundary_input`` (Mt/Year; nodes are the sectors), or of the
        cluster model (nodes are its four compartments; see
        :func:`entropy.analysis.network.material_network`). Other dimensions, such as
        ``scenario`` of stacked runs, are kept.

    Returns
    -------
    xarray.Dataset
        The variables of :data:`METRICS` (each with ``units`` and
        ``long_name``) over time; ``node_removal_kept`` also over ``node``,
        whose coordinate holds the sector or compartment names. Links and
        the structure count flows between distinct nodes over all nodes
        (Dmnl); a network without flow has every index 0 except the node
        removal shares, which are NaN; the average path length is infinite
        where flow circulates without input.

    Raises
    ------
    MissingVariableError
        The run has neither kind of network.
    EntropyError
        A flow is NaN, infinite or negative, or the dimensions do not fit.

    References
    ----------
    Finn (1976); Ulanowicz (1986, 1997); Ulanowicz et al. (2009); Fath (2015);
    Layton, Bras & Weissburg (2016); see :mod:`entropy.network`.
    """
    if "exchange_flow" in ds:
        flows, imports, dims, nodes = _exchange_network(ds)
    else:
        dims = material_network_dims(ds)  # MissingVariableError if not the cluster model either
        raw_flows, raw_imports = material_network(ds)
        flows = _checked("the cluster's material flows", raw_flows)
        imports = _checked("the cluster's material imports", raw_imports)
        nodes = list(COMPARTMENTS)
    try:
        fci = finn_cycling_index(flows, imports)
    except np.linalg.LinAlgError:
        raise EntropyError("the Finn cycling index is undefined: part of the network circulates "
                           "material with neither input nor output") from None
    info = ascendency(flows, imports)
    removal = node_removal(flows)
    values: dict[str, NDArray[Any]] = {
        "finn_cycling_index": fci,
        "average_path_length": average_path_length(flows, imports),
        "links": link_count(flows),
        "connectance": connectance(flows),
        "link_density": link_density(flows),
        "cyclicity": cyclicity(flows),
        "ascendency": info.ascendency,
        "development_capacity": info.capacity,
        "ascendency_ratio": info.ratio,
        "robustness": info.robustness,
        "node_removal_kept": removal.kept,
        "weakest_node_kept": removal.weakest,
        "total_exchange_flow": flows.sum(axis=(-2, -1)),
    }
    coords = {d: ds[d] for d in dims if d in ds.coords}
    out = xr.Dataset(coords={**coords, "node": ("node", nodes)})
    for name, data in values.items():
        units, long_name = METRICS[name]
        var_dims = (*dims, "node") if name == "node_removal_kept" else dims
        out[name] = xr.DataArray(data, dims=var_dims, attrs={"units": units, "long_name": long_name})
    out.attrs.update({k: v for k, v in ds.attrs.items() if k in ("scenario", "model")})
    return out
