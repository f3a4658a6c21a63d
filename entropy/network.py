"""Ecological network analysis of the metal cycle: the Finn Cycling Index.

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

Finn Cycling Index (Finn 1976, J. Theor. Biol. 56:363; Ulanowicz 1986):
``FCI = TST_c / TST`` with ``TST_c = sum_j (n_jj - 1) / n_jj * T_j``, where
``N = (I - G)^-1`` is the integral flow matrix and ``G_ij = f_ji / T_j`` the
fraction of compartment j's throughflow that goes to i. With three cycles of
different lengths the index weighs each by how often material passes round
it, which the recycled share alone does not.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from numpy.typing import NDArray

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
    flows_ij``; for a balanced network it equals the output side.
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


def material_network(ds: xr.Dataset) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The cluster's metal flows as a network, at every saved time.

    Parameters
    ----------
    ds : xarray.Dataset
        A run of the cluster model (Mt/Year flows).

    Returns
    -------
    flows : ndarray, shape (time, 4, 4)
        Flows between Metal making, Fabrication, Use and Decomposer (Mt/Year).
    imports : ndarray, shape (time, 4)
        Imports to each compartment (Mt/Year), including stock drawdown.
    """
    def get(name: str) -> NDArray[np.float64]:
        return np.broadcast_to(ds[name].values, ds["time"].shape).astype(np.float64)

    available = get("scrap_available")
    used = np.divide(get("scrap_remelted"), available, out=np.zeros_like(available), where=available > 0)
    local = get("products_sold_locally")
    reman = get("remanufacturing")
    end_of_life = get("end_of_life")
    nt = local.shape[0]
    m, f, u, d = range(4)
    flows = np.zeros((nt, 4, 4))
    flows[:, m, f] = get("metal_production")
    flows[:, f, u] = local
    flows[:, f, m] = get("process_scrap_recycled") * used
    flows[:, u, d] = reman + get("old_scrap_collection")
    flows[:, d, u] = reman
    flows[:, d, m] = get("old_scrap_collection") * used
    imports = np.zeros((nt, 4))
    imports[:, m] = get("virgin_metal")
    imports[:, u] = np.maximum(0.0, end_of_life - local - reman)  # stock drawdown
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
