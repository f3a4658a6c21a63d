"""The least a Streamlit page does for a slider move: the floor under ``bench_ui.py``'s figures.

Served by ``bench/bench_ui.py`` (never by the app): a fragment holding one slider,
ten metrics and ``CHARTS`` line charts of two 201-point lines each (the size of
Explore's), whose data move with the slider while their specs stay the same (so
Streamlit updates them in place, as on Explore). No model runs: what it costs is
Streamlit's rerun, sending and the browser's drawing alone.
"""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
import streamlit as st

pa.set_cpu_count(1)  # as the app does
CHARTS = int(os.environ.get("FLOOR_CHARTS", "4"))
YEARS = np.arange(2025.0, 2226.0)
SPEC = {"height": 230, "mark": {"type": "line", "strokeWidth": 2.2},
        "encoding": {"x": {"field": "year", "type": "quantitative"},
                     "y": {"field": "value", "type": "quantitative"},
                     "color": {"field": "run", "type": "nominal"}}}


@st.fragment
def live() -> None:
    k = st.slider("Reduce", 0.0, 0.5, 0.0, 0.01, key="reduce")
    for row in range(2):
        for col, i in zip(st.columns(5), range(5)):
            col.metric(f"Metric {row * 5 + i}", f"{(row * 5 + i) * (1 + k):,.2f}")
    for i in range(0, CHARTS, 2):
        for col, j in zip(st.columns(2), range(i, min(i + 2, CHARTS))):
            base = np.sin(YEARS / (20.0 + j)) + 2.0
            table = pa.table({"year": np.concatenate([YEARS, YEARS]),
                              "value": np.concatenate([base, base * (1.0 - k)]),
                              "run": ["business as usual"] * len(YEARS) + ["current setting"] * len(YEARS)})
            col.vega_lite_chart(spec={**SPEC, "data": {"name": "main"}, "datasets": {"main": table}},
                                key=f"chart{j}", height=320)


live()
