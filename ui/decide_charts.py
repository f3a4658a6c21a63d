"""Charts of the Decide page: PRIM's peeling trade-off and box, a Pareto front, a calibration fit."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .charts import Chart

HEIGHT = 320
#: The chosen box and the optimum stand out in this colour; the rest is grey-blue.
CHOSEN, OTHER, RANGE = "#d62728", "#4c78a8", "#d9d9d9"


def peeling_chart(trajectory: pd.DataFrame, chosen: int, title: str, x_title: str, y_title: str) -> Chart:
    """Coverage against density along the peeling trajectory, the chosen box marked."""
    data = pd.DataFrame({"step": trajectory.index.to_numpy(), "coverage": trajectory["coverage"].to_numpy(),
                         "density": trajectory["density"].to_numpy(),
                         "restricted": trajectory["restricted"].to_numpy(),
                         "chosen": trajectory.index.to_numpy() == chosen})
    tooltip = [{"field": "step", "type": "quantitative"},
               {"field": "coverage", "type": "quantitative", "format": ".3f"},
               {"field": "density", "type": "quantitative", "format": ".3f"},
               {"field": "restricted", "type": "quantitative"}]
    spec = {"title": title, "height": HEIGHT, "width": "container", "layer": [
        {"mark": {"type": "line", "color": OTHER, "point": True},
         "encoding": {"x": {"field": "coverage", "type": "quantitative", "title": x_title,
                            "scale": {"domain": [0, 1]}},
                      "y": {"field": "density", "type": "quantitative", "title": y_title,
                            "scale": {"zero": False}},
                      "order": {"field": "step", "type": "quantitative"}, "tooltip": tooltip}},
        {"transform": [{"filter": "datum.chosen"}], "mark": {"type": "point", "size": 220, "filled": True,
                                                           "color": CHOSEN},
         "encoding": {"x": {"field": "coverage", "type": "quantitative"},
                      "y": {"field": "density", "type": "quantitative"}, "tooltip": tooltip}},
    ]}
    return Chart(title, data, spec)


def box_chart(box: pd.DataFrame, label: Callable[[str], str], title: str, sampled: str, chosen: str) -> Chart:
    """Each lever's searched range (grey) and the box's range (coloured), as shares of the searched range,
    with the values themselves in the tooltip."""
    rows = []
    for lever, r in box.iterrows():
        lo, hi = float(r["sampled_low"]), float(r["sampled_high"])
        width = hi - lo
        rows.append({"lever": label(str(lever)), "what": sampled, "from": 0.0, "to": 1.0, "low": lo, "high": hi})
        rows.append({"lever": label(str(lever)), "what": chosen, "from": (float(r["low"]) - lo) / width,
                     "to": (float(r["high"]) - lo) / width, "low": float(r["low"]), "high": float(r["high"])})
    data = pd.DataFrame(rows)
    spec = {"title": title, "height": 36 * len(box) + 60, "width": "container", "mark": {"type": "bar", "height": 14},
            "encoding": {
                "y": {"field": "lever", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 0}},
                "x": {"field": "from", "type": "quantitative", "title": None, "scale": {"domain": [0, 1]},
                      "axis": {"format": "%"}},
                "x2": {"field": "to"},
                "yOffset": {"field": "what"},
                "color": {"field": "what", "type": "nominal", "scale": {"domain": [sampled, chosen],
                                                                          "range": [RANGE, CHOSEN]},
                          "legend": {"orient": "bottom", "title": None}},
                "tooltip": [{"field": "lever"}, {"field": "what"},
                            {"field": "low", "type": "quantitative", "format": ".4g"},
                            {"field": "high", "type": "quantitative", "format": ".4g"}]}}
    return Chart(title, data, spec)


def pareto_chart(front: pd.DataFrame, x: str, y: str, title: str, x_title: str, y_title: str) -> Chart:
    """The Pareto front of two objectives, one point per mix."""
    data = front.reset_index(names="mix")[["mix", x, y, "p_overshoot", "p_overshoot_check"]]
    spec = {"title": title, "height": HEIGHT, "width": "container",
            "mark": {"type": "line", "point": True, "color": OTHER},
            "encoding": {"x": {"field": x, "type": "quantitative", "title": x_title, "scale": {"zero": False}},
                         "y": {"field": y, "type": "quantitative", "title": y_title, "scale": {"zero": False}},
                         "order": {"field": x, "type": "quantitative"},
                         "tooltip": [{"field": "mix"}, {"field": x, "format": ".4g", "type": "quantitative"},
                                     {"field": y, "format": ".4g", "type": "quantitative"},
                                     {"field": "p_overshoot", "format": ".3f", "type": "quantitative"},
                                     {"field": "p_overshoot_check", "format": ".3f", "type": "quantitative"}]}}
    return Chart(title, data, spec)


def fit_chart(fitted: pd.DataFrame, variable: str, title: str, units: str, observed: str, simulated: str,
              time_title: str) -> Chart:
    """Observed points and the calibrated run's line of one series."""
    t = fitted.index.to_numpy()
    data = pd.concat([
        pd.DataFrame({"time": t, "value": fitted[f"{variable} observed"].to_numpy(), "what": observed}),
        pd.DataFrame({"time": t, "value": fitted[f"{variable} simulated"].to_numpy(), "what": simulated}),
    ], ignore_index=True).dropna()
    colour = {"field": "what", "type": "nominal", "scale": {"domain": [observed, simulated],
                                                              "range": ["#000000", CHOSEN]},
              "legend": {"orient": "bottom", "title": None}}
    x = {"field": "time", "type": "quantitative", "title": time_title, "axis": {"format": "d"}}
    y = {"field": "value", "type": "quantitative", "title": units, "scale": {"zero": False}}
    spec = {"title": title, "height": HEIGHT, "width": "container", "layer": [
        {"transform": [{"filter": {"field": "what", "equal": simulated}}], "mark": "line",
         "encoding": {"x": x, "y": y, "color": colour}},
        {"transform": [{"filter": {"field": "what", "equal": observed}}], "mark": {"type": "point", "filled": True},
         "encoding": {"x": x, "y": y, "color": colour,
                      "tooltip": [{"field": "time"}, {"field": "value", "format": ".4g", "type": "quantitative"}]}},
    ]}
    return Chart(title, data, spec)
