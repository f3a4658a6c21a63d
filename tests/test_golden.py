"""Golden outputs: fresh runs of both engines against the stored reference files.

Regenerate the references with ``make reference`` only when the model changes
on purpose. Tolerances are relative to each variable's largest magnitude over
the run; scenarios with a switch (the threshold constraint's IF THEN ELSE)
get more room, since a last-bit difference can move a switch by a step.
"""

from __future__ import annotations

import numpy as np
import pytest

import entropy
from entropy.analysis.reference import REFERENCE_VARIABLES, read_reference, reference_path

from .conftest import SHIPPED, cached_run

#: Tolerance per case (relative to each variable's scale).
TOLERANCE = {
    "bau": 1e-9,
    "reduce": 1e-9,
    "reuse": 1e-9,
    "recycle": 1e-9,
    "full-3r": 1e-9,
    "eco-park": 1e-6,
    "isomorphic": 1e-9,
    "heterogeneous": 1e-9,
    "symbiotic": 1e-9,
    "chain-led": 1e-9,
}


def test_every_shipped_scenario_has_a_reference_and_a_tolerance() -> None:
    names = {k.split("/", 1)[1] for k in SHIPPED}
    assert names == set(TOLERANCE)
    for path in SHIPPED.values():
        assert reference_path(path).is_file(), path


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
@pytest.mark.parametrize("name", sorted(TOLERANCE))
def test_matches_reference(name: str, engine: str) -> None:
    ref = read_reference(reference_path(SHIPPED[f"cluster/{name}"]))
    ds = cached_run(name, engine)
    assert np.allclose(ds["time"].values, ref.index.values)
    for var in REFERENCE_VARIABLES:
        expected = ref[var].to_numpy()
        got = np.broadcast_to(ds[var].values, expected.shape)
        scale = max(float(np.max(np.abs(expected))), 1e-300)
        err = float(np.max(np.abs(got - expected))) / scale
        assert err <= TOLERANCE[name], (
            f"{name}/{var} on {engine}: differs from the reference by {err:.3g} of its scale "
            f"(tolerance {TOLERANCE[name]:g}); model sha256 {ds.attrs['model_sha256'][:12]}. "
            "If the model changed on purpose, run `make reference`."
        )


def test_reference_files_hold_the_reference_variables() -> None:
    for name in TOLERANCE:
        ref = read_reference(reference_path(SHIPPED[f"cluster/{name}"]))
        assert list(ref.columns) == list(REFERENCE_VARIABLES), name
        assert np.all(np.isfinite(ref.to_numpy())), name


def test_golden_test_can_fail() -> None:
    """A deliberate change to a parameter moves the outputs beyond the tolerance."""
    ref = read_reference(reference_path(SHIPPED["cluster/bau"]))
    sc = entropy.load_scenario("bau").with_levers(critical_pollution_index=4)
    ds = entropy.run(sc, engine="simlin", variables=["ecosystem_health"])
    err = np.max(np.abs(ds["ecosystem_health"].values - ref["ecosystem_health"].to_numpy()))
    assert err > 1e3 * max(TOLERANCE.values())
