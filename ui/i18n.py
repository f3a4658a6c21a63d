"""The app's words in English and Chinese (中文).

Every label the app shows goes through :func:`t`; lever names and help texts
through :func:`lever_label` and :func:`lever_help`. Help texts paraphrase the
model's documentation fields (``sd_models/cluster/cluster.mdl``), which hold
the sources.
"""

from __future__ import annotations

from .i18n_decide import DECIDE_STRINGS
from .i18n_regional import (LEVER_HELP_REGIONAL, LEVER_TEXT_REGIONAL_ONLY, LOOP_TEXT_ZH, MODEL_TEXT, PAGE_STRINGS,
                            SECTOR_SHORT, SECTOR_TEXT)

LANGUAGES = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Industrial cluster: entropy and carrying capacity", "产业集群：熵与环境承载力"),
    "app_title_regional": ("Liaoning's industrial clusters: carrying capacity and the exchange network",
                           "辽宁产业集群：环境承载力与副产品交换网络"),
    "language": ("Language", "语言"),
    "page_explore": ("Explore", "探索"),
    "page_compare": ("Compare", "比较"),
    "page_structure": ("Structure", "结构"),
    "page_method": ("Method", "方法"),
    "levers": ("Levers", "政策杠杆"),
    "preset": ("Preset", "预设情景"),
    "preset_help": ("Set every lever as a shipped scenario does (and the other constants it sets)",
                    "按内置情景设置所有杠杆（及其设定的其他常数）"),
    "preset_extra": ("This preset also sets: {what}", "该预设还设定了：{what}"),
    "custom": ("(custom)", "（自定义）"),
    "reset": ("Reset to business as usual", "重置为照常发展"),
    "engine": ("Engine", "计算引擎"),
    "engine_help": ("Simlin is fast; PySD is the reference engine", "Simlin 速度快；PySD 为参考引擎"),
    "group_reduce": ("Reduce", "减量化"),
    "group_reuse": ("Reuse", "再利用"),
    "group_recycle": ("Recycle, decomposers and by-products", "再循环、分解者与副产品"),
    "group_energy": ("Energy", "能源"),
    "group_growth": ("Growth and threshold", "增长与阀限"),
    "group_timing": ("Policy timing", "政策时间"),
    "group_loops": ("Feedback loops (advanced: knock out a loop)", "反馈回路（高级：切断回路）"),
    "loops_hint": ("Each switch cuts one feedback loop, to see what it does; leave them on for policy runs.",
                   "每个开关切断一个反馈回路，用于观察其作用；评估政策时请保持开启。"),
    "m_first_overshoot": ("First overshoot", "首次超载年份"),
    "m_years_overshoot": ("Years in overshoot", "超载年数"),
    "m_peak_load": ("Peak binding load", "最高约束负荷比"),
    "m_binding": ("Binding compartment", "约束性环境分区"),
    "m_min_health": ("Lowest ecosystem health", "生态系统最低健康度"),
    "m_decline": ("Output decline from peak", "产出较峰值下降"),
    "m_entropy": ("Non-renewable entropy", "累计不可再生熵产"),
    "m_co2": ("Cumulative CO₂", "累计 CO₂ 排放"),
    "m_circularity": ("Circular material use", "循环材料使用率"),
    "m_ore_depletion": ("Ore reserve depleted", "矿产储量耗尽"),
    "h_first_overshoot": ("First year the binding (largest compartment) load ratio is above 1.",
                          "约束负荷比（各分区中最大者）首次大于 1 的年份。"),
    "h_years_overshoot": ("Years with the binding load ratio above 1 (shaded on the first chart).",
                          "约束负荷比大于 1 的年数（第一张图中的阴影）。"),
    "h_peak_load": ("Highest binding load ratio over the run: 1 is the carrying capacity.",
                    "整个时段内约束负荷比的最大值：1 即承载力。"),
    "h_binding": ("The compartment (land, persistent pollution, fast emissions) whose load is highest over the run.",
                  "整个时段内负荷最高的分区（土地、持久性污染、快速排放）。"),
    "h_min_health": ("Lowest ecosystem health (1 healthy, 0 degraded); below the collapse threshold (0.2) it no "
                     "longer recovers.", "生态系统最低健康度（1 为健康，0 为退化）；低于崩溃阈值（0.2）后不再恢复。"),
    "h_decline": ("Share of peak output lost by the last year.", "末年产出较峰值损失的比例。"),
    "h_entropy": ("Entropy generated from fossil fuel and ore over the run (exergy destroyed / T0); renewable "
                  "energy's part is reported apart.", "整个时段内化石燃料与矿石产生的熵（有效能损失 / T0）；"
                  "可再生能源部分单列。"),
    "h_co2": ("CO₂ from fossil fuel over the run (Mt).", "整个时段内化石燃料排放的 CO₂（Mt）。"),
    "h_circularity": ("Circular material use rate over the run (Eurostat): recovered material used / (domestic "
                      "material consumption + recovered material used).",
                      "整个时段的循环材料使用率（欧盟统计局定义）：回收利用的物质 /（国内物质消耗 + 回收利用的物质）。"),
    "h_ore_depletion": ("Year the cluster's own ore reserve falls below 5% of its 2025 size; imports then supply "
                        "the virgin metal.", "集群本地矿产储量降至 2025 年 5% 以下的年份；此后原生金属由进口供给。"),
    "bau_was": ("business as usual: {value}", "照常发展：{value}"),
    "never": ("never", "从未"),
    "vs_bau": ("Over 2025-2225; small print under each figure: difference from business as usual.",
               "2025-2225 年；各数值下方小字为与照常发展情景的差异。"),
    "land": ("land", "土地"),
    "persistent": ("persistent pollution", "持久性污染"),
    "emission": ("fast emissions", "快速排放"),
    "binding": ("binding", "约束性"),
    "binding_largest": ("binding (largest)", "约束性（最大）"),
    "land_short": ("land", "土地"),
    "persistent_short": ("pollution", "持久污染"),
    "emission_short": ("emissions", "排放"),
    "load_axis": ("load ratio", "负荷比"),
    "c_load": ("Carrying-capacity load by compartment (overshoot shaded)", "各环境分区承载负荷（阴影为超载期）"),
    "c_health": ("Ecosystem health (collapse threshold dashed)", "生态系统健康度（虚线为崩溃阈值）"),
    "c_pollution": ("Persistent pollution and its critical level", "持久性污染及其临界水平"),
    "c_output": ("Industrial output and demand", "工业产出与需求"),
    "c_energy": ("Energy use: fossil and renewable", "能源使用：化石与可再生"),
    "c_co2": ("CO₂ emissions", "CO₂ 排放"),
    "c_entropy": ("Entropy generation (exergy destroyed / T0)", "熵产生率（有效能损失 / T0）"),
    "c_circularity": ("Circular material use rate", "循环材料使用率"),
    "c_supply": ("Metal supply by source", "金属供给来源"),
    "c_reserves": ("Reserves and ore grade", "资源储量与矿石品位"),
    "current": ("current setting", "当前设置"),
    "bau": ("business as usual", "照常发展"),
    "bau_tag": ("{what} (bau)", "{what}（照常发展）"),
    "demand": ("demand", "需求"),
    "output": ("output", "产出"),
    "fossil_energy": ("fossil", "化石能源"),
    "renewable_energy": ("renewable", "可再生能源"),
    "total": ("total", "合计"),
    "non_renewable": ("non-renewable", "不可再生"),
    "renewable": ("renewable", "可再生"),
    "own_ore": ("own ore", "本地矿石"),
    "imported": ("imported ore", "进口矿石"),
    "secondary": ("scrap (secondary)", "废钢（再生）"),
    "remanufactured": ("remanufactured", "再制造"),
    "virgin": ("ore reserve", "矿产储量"),
    "fossil": ("fossil reserve", "化石能源储量"),
    "grade": ("ore grade", "矿石品位"),
    "share_2025": ("share of 2025", "占 2025 年比例"),
    "year": ("Year", "年份"),
    "downloads": ("Downloads", "下载"),
    "dl_csv": ("Run as CSV", "运行结果 CSV"),
    "dl_nc": ("Run as netCDF", "运行结果 netCDF"),
    "dl_toml": ("Scenario as TOML", "情景 TOML"),
    "dl_table": ("Table as CSV", "表格 CSV"),
    "png_hint": (
        "Hover for values; drag or scroll to pan and zoom along time; double-click to reset.",
        "悬停查看数值；拖动或滚轮沿时间平移缩放；双击复原。",
    ),
    "png_chart": ("Chart to save as PNG", "保存为 PNG 的图表"),
    "dl_png": ("Chart as PNG", "图表 PNG"),
    "save_as": ("Save this setting as", "将当前设置保存为"),
    "save": ("Save scenario", "保存情景"),
    "saved": ("Saved", "已保存"),
    "name_taken": ("That name is a shipped scenario; choose another", "该名称为内置情景，请另选"),
    "scenarios": ("Scenarios", "情景"),
    "baseline": ("Baseline", "基准情景"),
    "variable": ("Variable", "变量"),
    "indicators": ("Indicators (best per row highlighted)", "指标（每行最优者高亮）"),
    "upload": ("Upload a scenario (TOML)", "上传情景（TOML）"),
    "upload_ok": ("Loaded scenario", "已载入情景"),
    "upload_help": ("A scenario file of the shipped model, at most {kb} kB; checked like `entropy run` checks it.",
                    "内置模型的情景文件，最大 {kb} kB；检查方式与 `entropy run` 相同。"),
    "upload_renamed": ("“{old}” is the name of a shipped scenario, so the upload is listed as “{new}”",
                       "“{old}”是内置情景的名称，因此上传的情景列为“{new}”"),
    "too_many_saved": ("This session already keeps {n} saved or uploaded scenarios; reload the page to start afresh",
                       "本会话已保存或上传 {n} 个情景；请重新加载页面后再试"),
    "unexpected_error": ("Something went wrong on this page; it has been logged. Try another setting, or reload.",
                         "此页面出错，已记录。请尝试其他设置或重新加载页面。"),
    "choose_two": ("Choose at least one scenario", "请至少选择一个情景"),
    "diagram": ("Stock-and-flow diagram", "存量流量图"),
    "diagram_hint": ("Enlarge it and scroll to read the names; the SVG download opens at any zoom.",
                     "放大后滚动查看变量名称；下载的 SVG 可任意缩放。"),
    "dl_svg": ("Diagram as SVG", "存量流量图 SVG"),
    "zoom": ("Diagram size", "图的大小"),
    "view": ("View", "视图"),
    "kind_auxiliary": ("auxiliary", "辅助变量"),
    "kind_constant": ("constant", "常数"),
    "kind_flow": ("flow", "流量"),
    "kind_lever": ("lever", "政策杠杆"),
    "kind_stock": ("stock", "存量"),
    "kind_lookup": ("lookup", "表函数"),
    "kind_data": ("data", "数据"),
    "view_whole": ("Every variable (automatic layout)", "全部变量（自动布局）"),
    "view_hint": ("The main stocks and flows of one part of the model, laid out by hand: boxes are stocks, pipes "
                  "with valves flows, clouds sources and sinks, blue arrows information links; stacked shapes are "
                  "arrayed (one per sector). Scroll the box to pan; in the SVG download each name shows its units on hover.",
                  "模型某一部分的主要存量与流量（手工布局）：方框为存量，带阀门的管道为流量，云为源与汇，蓝色箭头为信息联系；"
                  "叠放的图形为数组变量（每个行业一个）。滚动方框可平移；在下载的 SVG 中悬停名称可查看单位。"),
    "zoom_fit": ("whole model", "整个模型"),
    "variable_detail": ("Variable", "变量"),
    "kind": ("Kind", "类型"),
    "units": ("Units", "单位"),
    "years_unit": (" y", " 年"),
    "pp_unit": (" pp", " 个百分点"),
    "units_in_label": (" ({units})", "（{units}）"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "equation": ("Equation", "方程"),
    "documentation": ("Documentation", "说明"),
    "inputs": ("Depends on", "依赖于"),
    "outputs": ("Used by", "被用于"),
    "links": ("Direct causes and effects", "直接因果关系"),
    "legend": (
        "Boxes: stocks. Diamonds: flows. Green: levers. Plain text: constants. Ellipses: auxiliaries.",
        "方框：存量；菱形：流量；绿色：政策杠杆；纯文本：常数；椭圆：辅助变量。",
    ),
    "error": ("Error", "错误"),
    "page_uncertainty": ("Uncertainty", "不确定性"),
    "band": ("Uncertainty band (200 runs)", "不确定性区间（200 次运行）"),
    "band_help": (
        "5-95% of the binding load ratio when the uncertain parameters vary (shipped uncertainty file). "
        "Computed in the background: the charts follow the levers at once, the band a moment later.",
        "不确定参数变化时约束负荷比的 5%-95% 区间（内置不确定性文件）。后台计算：图表随杠杆即时更新，区间稍后显示。",
    ),
    "band_help_regional": (
        "5-95% of the region's binding load ratio (the highest local load or the shared sink's) when the "
        "uncertain parameters vary (shipped uncertainty file; a few seconds in the background).",
        "不确定参数变化时区域约束负荷比（各地最高负荷或共享汇的负荷）的 5%-95% 区间（内置不确定性文件；后台计算数秒）。",
    ),
    "band_label": ("5-95% band", "5%-95% 区间"),
    "all_charts": ("Every chart", "全部图表"),
    "all_charts_help": (
        "Off: four charts, each chosen in the box above it (a lever move redraws only these). "
        "On: all ten charts at once.",
        "关：四幅图表，每幅可在其上方的下拉框中选择（移动杠杆时只重绘这四幅）。开：同时显示全部十幅图表。",
    ),
    "chart_shown": ("Chart shown here", "此处显示的图表"),
    "ens_wait": ("Running {n:,} runs (a few seconds per hundred)...", "正在运行 {n:,} 次（每百次约数秒）……"),
    "runs": ("Runs per scenario", "每个情景的运行次数"),
    "sampler": ("Sampler", "抽样方法"),
    "fan": ("Percentile bands (5-95%, 25-75%, median)", "百分位区间（5-95%、25-75%、中位数）"),
    "p_overshoot": ("Probability that the binding load ratio is above 1", "约束负荷比大于 1 的概率"),
    "robustness": ("Robustness (most robust first; regret on years in overshoot)",
                   "稳健性（最稳健者在前；以超载年数计的遗憾值）"),
    "sensitivity": ("Global sensitivity", "全局敏感性"),
    "method": ("Method", "方法"),
    "output_indicator": ("Output", "输出指标"),
    "run_sensitivity": ("Run the sensitivity analysis", "运行敏感性分析"),
    "unc_params": ("Uncertain parameters", "不确定参数"),
    "sens_wait": ("Running the analysis over {n} parameters (Morris about 15 s, Sobol' about a minute)...",
                  "正在对 {n} 个参数进行分析（Morris 约 15 秒，Sobol' 约 1 分钟）……"),
    "sens_title": ("{method}: {output} ({scenario}); the {shown} most influential of {total} parameters",
                   "{method}：{output}（{scenario}）；{total} 个参数中影响最大的 {shown} 个"),
}

STRINGS.update(PAGE_STRINGS)
STRINGS.update(DECIDE_STRINGS)

#: Columns of the Uncertainty page's robustness table.
ROBUSTNESS_TEXT: dict[str, tuple[str, str]] = {
    "p_overshoot": ("P(overshoot)", "超载概率"),
    "expected_years_in_overshoot": ("Expected years in overshoot", "期望超载年数"),
    "p_collapse": ("P(collapse)", "崩溃概率"),
    "expected_cumulative_output": ("Expected cumulative output (BCNY)", "期望累计产出（BCNY）"),
    "mean_regret": ("Mean regret (years)", "平均遗憾值（年）"),
    "max_regret": ("Largest regret (years)", "最大遗憾值（年）"),
    "failed_runs": ("Failed runs", "失败运行数"),
    "median_first_overshoot_year": ("Median first overshoot", "首次超载年份中位数"),
}

#: Model units people read in Chinese (the rest are symbols: Mt, PJ, TJ/K, BCNY, MtCO2).
UNIT_TEXT_ZH = {"count": "个", "Year": "年", "Dmnl": "无量纲", "1/Year": "1/年", "BCNY/Year": "BCNY/年", "Mt/Year": "Mt/年",
                "PJ/Year": "PJ/年", "TJ/K/Year": "TJ/K/年", "MtCO2/Year": "MtCO2/年"}

#: Indicator rows of the Compare table: what people call them (entropy.INDICATORS has the units).
INDICATOR_TEXT: dict[str, tuple[str, str]] = {
    "first_overshoot_year": ("First overshoot", "首次超载年份"),
    "years_in_overshoot": ("Years in overshoot", "超载年数"),
    "max_load_ratio": ("Peak binding load", "最高约束负荷比"),
    "max_land_load": ("Peak load: land", "最高负荷比：土地"),
    "max_persistent_load": ("Peak load: persistent pollution", "最高负荷比：持久性污染"),
    "max_emission_load": ("Peak load: fast emissions", "最高负荷比：快速排放"),
    "min_ecosystem_health": ("Lowest ecosystem health", "生态系统最低健康度"),
    "collapse": ("Ecosystem collapse", "生态系统崩溃"),
    "peak_output": ("Peak output", "产出峰值"),
    "peak_output_year": ("Year of peak output", "产出峰值年份"),
    "final_output": ("Output in the last year", "末年产出"),
    "decline_from_peak": ("Output decline from peak", "产出较峰值下降"),
    "cumulative_output": ("Cumulative output", "累计产出"),
    "cumulative_entropy": ("Cumulative entropy (all)", "累计熵产（全部）"),
    "non_renewable_entropy": ("Non-renewable entropy", "不可再生熵产"),
    "renewable_entropy": ("Renewable entropy (apart)", "可再生熵产（单列）"),
    "entropy_intensity": ("Non-renewable entropy / output", "单位产出不可再生熵产"),
    "cumulative_co2": ("Cumulative CO₂", "累计 CO₂ 排放"),
    "cumulative_ore_mined": ("Ore mined", "累计采矿量"),
    "ore_depletion_year": ("Ore reserve depleted", "矿产储量耗尽年份"),
    "fossil_depletion_year": ("Fossil reserve depleted", "化石能源耗尽年份"),
    "circularity": ("Circular material use", "循环材料使用率"),
    "finn_cycling_index": ("Finn cycling index", "Finn 循环指数"),
    "first_sector_overshoot_year": ("First overshoot of any sector", "任一行业首次超载年份"),
    "sectors_in_overshoot": ("Sectors in overshoot", "超载行业数"),
    "max_regional_sink_load": ("Peak load: regional sink", "最高负荷比：区域环境汇"),
    "min_regional_health": ("Lowest health: regional sink", "区域生态系统最低健康度"),
    "comprehensive_utilisation": ("Waste utilisation (综合利用率)", "固废综合利用率"),
    "cumulative_virgin_extraction": ("Virgin extraction", "累计原生资源开采"),
    "cumulative_exchange": ("By-products exchanged", "累计副产品交换量"),
    "cumulative_heat_cascade": ("Waste heat passed on", "累计余热梯级利用量"),
    "mass_balance_residual": ("Mass-balance error (check)", "质量平衡误差（校核）"),
    "exergy_balance_residual": ("Exergy-balance error (check)", "有效能平衡误差（校核）"),
}

#: Label, label in Chinese, help, help in Chinese: from the levers' documentation in the model.
LEVER_TEXT: dict[str, tuple[str, str, str, str]] = {
    "reduce_policy": (
        "Reduce: cut in metal per unit of output", "减量化：单位产出用材削减",
        "Light-weighting, yield improvement, design. Allwood and Cullen (2012): 30-40% of steel could be "
        "saved. Cost rises with the square of the cut: 3.2% of output at 0.4.",
        "轻量化、提高成材率、改进设计。Allwood 与 Cullen（2012）：30%-40% 的钢材可以节省。"
        "成本随削减比例的平方上升：削减 0.4 时为产出的 3.2%。",
    ),
    "reuse_policy": (
        "Reuse: share of end-of-life products remanufactured", "再利用：报废产品再制造比例",
        "Remanufactured and put back into use for another service life; only products used in the region "
        "(30%) come back. Saves about 70% of material and 60% of energy; net cost 3,000 CNY/t.",
        "再制造后重新投入使用，再服役一个寿命期；只有在本地区使用的产品（30%）能回来。"
        "约节省 70% 的材料与 60% 的能源；净成本 3,000 元/吨。",
    ),
    "recycle_policy": (
        "Recycle: collection rate of old scrap", "再循环：报废旧废钢回收率",
        "Target collection of end-of-life (old) scrap; today 0.6. Limited by the decomposer industry's "
        "capacity; remelting yield 0.9; at most 85% of metal from scrap. Cost 1,000 CNY/t collected.",
        "报废（旧）废钢的回收目标，现状为 0.6。受分解者产业产能限制；重熔得率 0.9；"
        "金属中废钢最多占 85%。回收成本 1,000 元/吨。",
    ),
    "decomposer_investment_share_policy": (
        "Decomposers: ceiling on investment share", "分解者：投资比例上限",
        "Ceiling on the share of investment funds for recycling (vein industry) capacity, today 0.1. "
        "Capacity follows the scrap available; the share only caps how fast it is built "
        "(1.75 BCNY per Mt/Year, Dalian Jinzhou).",
        "回收（静脉产业）产能可占投资资金的比例上限，现状为 0.1。产能跟随可得废钢，"
        "该比例只限制建设速度（每 Mt/年 1.75 BCNY，大连金州）。",
    ),
    "by_product_exchange_policy": (
        "By-product exchange (industrial symbiosis)", "副产品交换（产业共生）",
        "Share of the gap closed between today's use of tailings (27%), slag and ash (75%) and the "
        "technical maximum (95%): 0 = today, 1 = maximum. Net cost 50 CNY/t.",
        "尾矿（27%）、炉渣与灰渣（75%）现有利用率与技术上限（95%）之间差距的弥合比例："
        "0 为现状，1 为上限。净成本 50 元/吨。",
    ),
    "renewable_share_policy": (
        "Renewable share of energy", "可再生能源比例",
        "Target share of green power, and hydrogen in place of coke; today 0.05. Renewable energy costs "
        "0.06 BCNY/PJ, fossil 0.035. Renewables also stand in when fossil fuel runs out.",
        "绿电以及以氢代焦的目标比例，现状为 0.05。可再生能源价格 0.06 BCNY/PJ，化石能源 0.035。"
        "化石能源耗尽时也由可再生能源替代。",
    ),
    "demand_growth_rate": (
        "Demand growth rate", "需求增长率",
        "Growth of demand for the cluster's products while its market is far from saturation "
        "(logistic); China's industrial output grew 5-6% a year in 2015-2024.",
        "市场远未饱和时集群产品需求的增长率（逻辑斯蒂增长）；2015-2024 年中国工业产出年增 5%-6%。",
    ),
    "demand_ceiling_ratio": (
        "Demand ceiling (multiple of 2025 demand)", "需求上限（2025 年需求的倍数）",
        "Saturation level of demand: the market the cluster fills.",
        "需求的饱和水平：集群所能占满的市场。",
    ),
    "threshold_constraint_switch": (
        "Threshold constraint (阀限约束)", "阀限约束",
        "No net growth of capacity while the binding load is above the threshold level (from the policy "
        "start year).",
        "自政策起始年份起，当约束负荷比高于阀限水平时，产能不再净增长。",
    ),
    "threshold_load_level": (
        "Threshold load level", "阀限负荷水平",
        "Binding load above which the threshold constraint stops net capacity growth.",
        "超过该约束负荷比时，阀限约束停止产能净增长。",
    ),
    "policy_start_year": (
        "Policy start year", "政策起始年份",
        "Year the policies start to phase in.", "政策开始实施的年份。",
    ),
    "policy_adoption_time": (
        "Policy adoption time", "政策推行时间",
        "Years over which a policy phases in fully, from today's value to the policy's.",
        "政策从现状值到目标值完全生效所需的年数。",
    ),
    "health_output_switch": (
        "Loop: ecosystem health lowers output", "回路：生态健康影响产出",
        "Off: ecosystem health no longer lowers productivity (the health -> output balancing loop).",
        "关闭：生态健康不再降低生产率（健康度 -> 产出的调节回路）。",
    ),
    "health_assimilation_switch": (
        "Loop: vicious cycle (health lowers assimilation)", "回路：恶性循环（健康度降低同化能力）",
        "Off: assimilation no longer depends on health (the reinforcing vicious cycle, 机能递减的恶性循环).",
        "关闭：同化能力不再取决于健康度（机能递减的恶性循环，增强回路）。",
    ),
    "depletion_cost_switch": (
        "Loop: depletion raises ore cost", "回路：资源耗竭推高矿石成本",
        "Off: ore costs as if the grade stayed at its 2025 level (the depletion -> cost -> output loop).",
        "关闭：矿石成本按 2025 年品位计算（耗竭 -> 成本 -> 产出回路）。",
    ),
    "finance_constraint_switch": (
        "Loop: investment limited by cash flow", "回路：投资受现金流约束",
        "Off: investment follows the plan whatever it costs, as if financed from outside (costs of ore, "
        "energy and levers no longer act on capital).",
        "关闭：投资按计划进行而不计成本，如同外部融资（矿石、能源与政策成本不再影响资本）。",
    ),
}

#: What the compartments are called (keys of ``entropy.analysis.accounting.COMPARTMENTS``).
COMPARTMENT_KEYS = ("land", "persistent", "emission")


def t(key: str, lang: str) -> str:
    """The string ``key`` in ``lang`` ("en" or "zh")."""
    en, zh = STRINGS[key]
    return zh if lang == "zh" else en


def unit_text(units: str, lang: str) -> str:
    """Units as shown: the model's, with years and "dimensionless" in Chinese."""
    return UNIT_TEXT_ZH.get(units, units) if lang == "zh" else units


def robustness_label(name: str, lang: str) -> str:
    """A robustness-table column's label (falls back to its snake_case name)."""
    text = ROBUSTNESS_TEXT.get(name)
    if text is None:
        return name
    return text[1] if lang == "zh" else text[0]


def indicator_label(name: str, lang: str) -> str:
    """An indicator's row label (falls back to its snake_case name)."""
    text = INDICATOR_TEXT.get(name)
    if text is None:
        return name
    return text[1] if lang == "zh" else text[0]


def loop_title(name: str, title: str, lang: str) -> str:
    """A named loop's title: the loops file's in English, a translation where one exists."""
    return LOOP_TEXT_ZH.get(name, title) if lang == "zh" else title


def model_label(name: str, lang: str) -> str:
    """A model's name as people read it (falls back to its file name)."""
    text = MODEL_TEXT.get(name)
    return name if text is None else (text[1] if lang == "zh" else text[0])


def sector_label(name: str, lang: str, short: bool = False) -> str:
    """A sector's name as people read it (falls back to the model's element name)."""
    text = (SECTOR_SHORT.get(name) if short else None) or SECTOR_TEXT.get(name)
    return name if text is None else (text[1] if lang == "zh" else text[0])


def lever_label(name: str, lang: str) -> str:
    """A lever's label (falls back to its snake_case name)."""
    text = LEVER_TEXT.get(name) or LEVER_TEXT_REGIONAL_ONLY.get(name)
    if text is None:
        return name
    return text[1] if lang == "zh" else text[0]


def lever_help(name: str, lang: str, regional: bool = False) -> str:
    """A lever's one-line help text (``regional``: the regional model's, whose figures differ by sector)."""
    if regional and name in LEVER_HELP_REGIONAL:
        en, zh = LEVER_HELP_REGIONAL[name]
        return zh if lang == "zh" else en
    text = LEVER_TEXT.get(name) or LEVER_TEXT_REGIONAL_ONLY.get(name)
    if text is None:
        return ""
    return text[3] if lang == "zh" else text[2]
