"""The app on every shipped model (streamlit.testing's AppTest): the model selector, the
regional model's per-sector levers and Explore, and links that restore a setting.

Assertions are about behaviour (a lever moves what the package computes, a link restores
what it carries, a bad link is refused with a note), not pinned numbers.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import entropy
from entropy.analysis import regional as reg
from ui import share
from ui.jobs import JOBS
from ui.models import load_app_model, shipped_models

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
TIMEOUT = 180
PAGES = ("screens/explore.py", "screens/compare.py", "screens/network.py", "screens/structure.py",
         "screens/method.py", "screens/loops.py",
         pytest.param("screens/uncertainty.py", marks=pytest.mark.slow))  # 600 regional runs


def start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def regional() -> AppTest:
    at = start()
    at.radio(key="model_choice__en").set_value("liaoning").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(at: AppTest) -> dict[str, str]:
    """The address bar's query (the last value of a repeated key)."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def year(text: str) -> float:
    digits = re.sub(r"[^0-9]", "", text)
    return float(digits) if digits else float("inf")


def test_every_model_has_an_app_file_the_app_reads() -> None:
    for name in shipped_models():
        app = load_app_model(name)
        assert app.groups and app.base_name in app.scenarios
        for spec in app.specs.values():
            assert spec.minimum <= min(spec.defaults) and max(spec.defaults) <= spec.maximum
    assert load_app_model("liaoning").sectors == entropy.load_scenario("liaoning/bau").model.subscripts["Sector"]


def test_a_broken_app_file_names_the_file_and_key(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cluster"
    (folder / "scenarios").mkdir(parents=True)
    src = ROOT / "sd_models" / "cluster"
    (folder / "cluster.mdl").write_bytes((src / "cluster.mdl").read_bytes())
    (folder / "scenarios" / "bau.toml").write_text((src / "scenarios" / "bau.toml").read_text())
    (folder / "app.toml").write_text('[[group]]\nkey = "g"\nlevers = ["no_such_lever"]\n')
    monkeypatch.setattr(entropy, "list_models", lambda: {"cluster": folder / "cluster.mdl"})
    monkeypatch.setattr(entropy, "list_scenarios", lambda name: {"cluster/bau": folder / "scenarios" / "bau.toml"})
    with pytest.raises(entropy.ModelError, match=r"app\.toml: levers: 'no_such_lever' is not a constant"):
        load_app_model("cluster")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_starts_on_the_regional_model(page: str) -> None:
    at = regional()
    at.switch_page(page).run()
    JOBS.wait()  # the Uncertainty page's ensemble runs in the background
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    at.radio(key="lang").set_value("zh").run()  # and in Chinese
    assert not at.exception and not at.error


def test_the_method_page_explains_what_the_regional_model_adds() -> None:
    at = regional()
    at.switch_page("screens/method.py").run()
    text = " ".join(m.value for m in at.markdown)
    assert "exchange network" in text and "regional sink" in text and "Carnot" in text
    assert len(at.latex) > 10


def test_regional_explore_shows_the_packages_figures_and_the_first_sector_in_words() -> None:
    at = regional()
    ds = entropy.run(entropy.load_scenario("liaoning/bau"), engine="simlin")
    order = reg.overshoot_order(ds)
    assert year(metric(at, "First overshoot (any sector)")) == order[0][1]
    info = " ".join(i.value for i in at.info)
    assert f"in {order[0][1]:.0f}" in info and "Building materials" in info  # the first sector, in words
    assert len(at.get("vega_lite_chart")) >= 5  # the heat map and the charts by sector


@pytest.mark.slow  # 200 regional runs
def test_regional_explore_draws_the_uncertainty_band_of_the_regional_load() -> None:
    at = regional()
    at.toggle(key="band__liaoning").set_value(True).run()
    assert not at.exception and not at.error
    JOBS.wait()
    at.run()
    import pyarrow as pa

    charts = at.get("vega_lite_chart")
    i = next(k for k, c in enumerate(charts) if "Regional binding load" in str(json.loads(c.proto.spec).get("title")))
    area = next(layer for layer in json.loads(charts[i].proto.spec)["layer"]
                if layer.get("mark", {}).get("type") == "area")
    data = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in charts[i].proto.datasets}
    band = data[area["data"]["name"]]
    low, high = (band[area["encoding"][k]["field"]] for k in ("y", "y2"))
    assert len(band) > 100 and (high >= low).all() and (high > low).any()


def test_a_sector_lever_moves_that_sector_and_all_sectors_moves_every_one() -> None:
    at = regional()
    before = year(metric(at, "First overshoot (any sector)"))
    at.selectbox(key="sector__liaoning__en").set_value("build").run()
    at.slider(key="lever__liaoning__reduce_policy[build]").set_value(0.4).run()
    assert not at.exception
    assert query(at)["reduce_policy[build]"] == "0.4"
    one = year(metric(at, "First overshoot (any sector)"))
    assert one > before  # the sector that overshoots first uses less material
    at.selectbox(key="sector__liaoning__en").set_value("*").run()
    at.slider(key="lever__liaoning__reduce_policy[*]").set_value(0.3).run()
    params = query(at)
    assert params["reduce_policy"] == "0.3" and "reduce_policy[build]" not in params
    assert year(metric(at, "First overshoot (any sector)")) > before


def test_a_preset_sets_per_sector_and_link_levers_and_the_url_carries_them() -> None:
    at = regional()
    at.selectbox(key="preset__liaoning").set_value("symbiosis").run()
    sc = entropy.load_scenario("liaoning/symbiosis")
    ds = entropy.run(sc, engine="simlin")
    assert year(metric(at, "First overshoot (any sector)")) == reg.overshoot_order(ds)[0][1]
    params = query(at)
    assert params["model"] == "liaoning" and params["by_product_exchange_policy"] == "1"
    assert params["link_active[textile,energy]"] == "1"


def test_a_link_restores_model_engine_and_levers() -> None:
    app = load_app_model("liaoning")
    setting = {"recycle_policy[metal]": 0.9, "exchange_share[agri,energy]": 0.4, "policy_start_year": 2035.0}
    at = start(**share.encode(app, "simlin", setting))
    assert at.radio(key="model_choice__en").value == "liaoning"
    assert not at.warning
    expected = entropy.run(app.base.with_levers(**setting), engine="simlin")
    assert year(metric(at, "First overshoot (any sector)")) == reg.overshoot_order(expected)[0][1]
    assert at.session_state["lever__liaoning__recycle_policy[metal]"] == pytest.approx(0.9)
    assert query(at) == share.encode(app, "simlin", setting)


@pytest.mark.parametrize("query, note", [
    ({"model": "liaoning", "sha": "0000000000000000"}, "another version of the liaoning model"),
    ({"model": "nosuch"}, "not a shipped model"),
    ({"model": "cluster", "recycle_policy": "7"}, "not a number in the lever's range"),
    ({"model": "cluster", "recycle_policy": "nan"}, "not a number in the lever's range"),
    ({"model": "cluster", "no_such_thing": "1"}, "'no_such_thing' is not a lever or constant of the cluster model"),
    ({"model": "cluster", "lang": "zh"}, "'lang' is not a lever or constant"),  # the key named, not its value
    ({"model": "cluster", "recycling_yield": "abc"}, "recycling_yield='abc' is not a finite number"),
    ({"model": "cluster", "engine": "rm -rf"}, "engine='rm -rf' is not allowed"),
])
def test_a_bad_or_stale_link_opens_with_a_note(query: dict[str, str], note: str) -> None:
    at = start(**query)
    assert any(note in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
    assert at.metric  # the page still works


def test_models_keep_their_own_settings() -> None:
    at = start()
    at.slider(key="lever__cluster__recycle_policy").set_value(0.9).run()
    at.radio(key="model_choice__en").set_value("liaoning").run()
    assert "recycle_policy" not in query(at)
    at.radio(key="model_choice__en").set_value("cluster").run()
    assert at.slider(key="lever__cluster__recycle_policy").value == pytest.approx(0.9)
    assert query(at)["recycle_policy"] == "0.9"


def test_a_scenario_of_the_other_model_is_refused_on_upload_and_joins_its_own() -> None:
    text = (ROOT / "sd_models" / "liaoning" / "scenarios" / "symbiosis.toml").read_bytes().replace(
        b'name = "symbiosis"', b'name = "mine"')
    at = start()
    at.switch_page("screens/compare.py").run()
    at.file_uploader(key="upload").upload("mine.toml", text, "application/toml").run()
    assert not at.exception
    assert "liaoning" in at.error[0].value and "mine" not in at.multiselect(key="compare_selection__cluster").options
    at = regional()
    at.switch_page("screens/compare.py").run()
    at.file_uploader(key="upload").upload("mine.toml", text, "application/toml").run()
    assert not at.error
    assert "mine" in at.multiselect(key="compare_selection__liaoning").options


@pytest.mark.parametrize("model", ["cluster", "liaoning"])
def test_the_network_page_shows_the_packages_figures(model: str) -> None:
    from entropy.analysis.network import flows_at

    at = start() if model == "cluster" else regional()
    at.switch_page("screens/network.py").run()
    assert not at.exception and not at.error
    ds = entropy.run(entropy.load_scenario("bau" if model == "cluster" else "liaoning/bau"), engine="simlin")
    metrics = entropy.network_metrics(ds)
    fci = float(metrics["finn_cycling_index"].sel(time=2050.0))
    assert metric(at, "Finn cycling index, 2050") == f"{fci:.3f}"
    assert metric(at, "Exchanged in 2050").startswith(f"{flows_at(ds, 2050.0)[0].sum():,.2f}")
    if model == "liaoning":  # every open link is an editable row
        app = load_app_model("liaoning")
        active, share_, heat = app.network
        open_links = [k for k in app.specs[active].keys if app.defaults[k] > 0
                      or app.defaults[k.replace(active, share_, 1)] > 0 or app.defaults[k.replace(active, heat, 1)] > 0]
        table = at.dataframe[0].value
        assert list(table.columns) == ["sender", "receiver", "active", "share", "heat"]
        assert len(table) == len(open_links)
        # The decomposer button (in the page's fragment) moves the run and the link in the address bar.
        exchanged = metric(at, "Exchanged in 2050")
        at.button(key="decomposer_liaoning").click().run()
        assert not at.exception and not at.error
        assert metric(at, "Exchanged in 2050") != exchanged
        assert any(k.startswith("link_active") or k.startswith("chain_filling_output") for k in query(at)), query(at)


def test_the_loops_page_states_the_years_the_package_finds() -> None:
    from ui.loop_charts import vicious_cycle_years

    at = start()
    at.switch_page("screens/loops.py").run()
    assert not at.exception and not at.error
    overtakes, dominates = vicious_cycle_years(entropy.loop_dominance("bau"))
    text = " ".join(i.value for i in at.info)
    assert f"overtakes assimilation in {overtakes:.0f}" in text and f"dominant loop in {dominates:.0f}" in text
