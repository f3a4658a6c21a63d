"""Write the cluster model's synthetic observations (``sd_models/cluster/observed/synthetic.csv``).

No published yearly series fits the cluster model (a generic cluster from 2025;
see the README's Calibration section), so the shipped calibration example is
synthetic: business as usual with two constants changed, observed for twenty
years with 3% multiplicative noise and some values missing. ``entropy
calibrate`` must find the two constants again within its intervals
(tests/test_decision.py checks it)::

    .venv/bin/python tools/make_observations.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import entropy

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "sd_models" / "cluster" / "observed" / "synthetic.csv"
#: The values the data were made with, which a calibration should recover.
TRUTH = {"demand_growth_rate": 0.06, "current_tailings_utilisation": 0.35}
SERIES = ("industrial_output", "solid_waste_landfilled")
NOISE, SEED, YEARS = 0.03, 2025, 21
MISSING = {("industrial_output", 2031), ("solid_waste_landfilled", 2038), ("solid_waste_landfilled", 2039)}


def main() -> None:
    sc = entropy.load_scenario("bau").with_levers(**TRUTH)
    ds = entropy.run(sc, engine="simlin")
    rng = np.random.default_rng(SEED)
    years = ds["time"].values[:YEARS]
    lines = [
        "# Synthetic observations of the cluster model (not measurements): business as usual with",
        "# " + ", ".join(f"{k} = {v:g}" for k, v in TRUTH.items()) + f", {YEARS} years, {NOISE:.0%} multiplicative",
        f"# normal noise (seed {SEED}), a few values missing. Made by tools/make_observations.py.",
        "# industrial_output in BCNY/Year; solid_waste_landfilled in Mt/Year.",
        "year," + ",".join(SERIES),
    ]
    noisy = {v: ds[v].values[:YEARS] * (1 + NOISE * rng.standard_normal(YEARS)) for v in SERIES}
    for i, y in enumerate(years):
        cells = ["" if (v, int(y)) in MISSING else repr(float(noisy[v][i])) for v in SERIES]
        lines.append(f"{int(y)}," + ",".join(cells))
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
