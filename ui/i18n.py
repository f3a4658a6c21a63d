"""The app's words in English and Chinese (中文).

Every label the app shows goes through :func:`t`; lever names and help texts
through :func:`lever_label` and :func:`lever_help`.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Industrial cluster: entropy and carrying capacity", "产业集群：熵与环境承载力"),
    "language": ("Language", "语言"),
    "page_explore": ("Explore", "探索"),
    "page_compare": ("Compare", "比较"),
    "page_structure": ("Structure", "结构"),
    "page_method": ("Method", "方法"),
    "levers": ("Levers", "政策杠杆"),
    "preset": ("Preset", "预设情景"),
    "preset_help": ("Set every lever as a shipped scenario does", "按内置情景设置所有杠杆"),
    "custom": ("(custom)", "（自定义）"),
    "reset": ("Reset to business as usual", "重置为照常发展"),
    "engine": ("Engine", "计算引擎"),
    "engine_help": ("Simlin is fast; PySD is the reference engine", "Simlin 速度快；PySD 为参考引擎"),
    "group_reduce": ("Reduce", "减量化"),
    "group_reuse": ("Reuse", "再利用"),
    "group_recycle": ("Recycle and decomposers", "再循环与分解者"),
    "group_energy": ("Energy", "能源"),
    "group_growth": ("Growth and threshold", "增长与阀限"),
    "group_timing": ("Policy timing", "政策时间"),
    "m_first_overshoot": ("First overshoot", "首次超载年份"),
    "m_years_overshoot": ("Years in overshoot", "超载年数"),
    "m_min_health": ("Lowest ecosystem health", "生态系统最低健康度"),
    "m_entropy": ("Cumulative entropy", "累计熵产"),
    "m_circularity": ("Circular material use", "循环材料使用率"),
    "m_extraction": ("Cumulative virgin extraction", "累计原生资源开采"),
    "m_virgin_depletion": ("Ore reserve depleted", "矿产储量耗尽"),
    "m_fossil_depletion": ("Fossil reserve depleted", "化石能源耗尽"),
    "never": ("never", "从未"),
    "vs_bau": ("difference from business as usual", "与照常发展情景的差异"),
    "c_reserves": ("Reserves", "资源储量"),
    "c_products": ("Products in use", "在用产品"),
    "c_waste": ("Waste stock and its critical level", "废物存量与临界水平"),
    "c_health": ("Ecosystem health", "生态系统健康度"),
    "c_output": ("Industrial output", "工业产出"),
    "c_entropy": ("Entropy generation", "熵产生率"),
    "c_load": ("Carrying-capacity load (overshoot shaded)", "环境承载负荷（阴影为超载期）"),
    "current": ("current setting", "当前设置"),
    "bau": ("business as usual", "照常发展"),
    "critical_level": ("critical level", "临界水平"),
    "virgin": ("ore reserve", "矿产储量"),
    "fossil": ("fossil reserve", "化石能源储量"),
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
    "diagram_hint": ("Scroll the diagram to move around it; the SVG download opens at any zoom.",
                     "滚动查看图的各部分；下载的 SVG 可任意缩放。"),
    "dl_svg": ("Diagram as SVG", "存量流量图 SVG"),
    "variable_detail": ("Variable", "变量"),
    "kind": ("Kind", "类型"),
    "units": ("Units", "单位"),
    "years_unit": (" y", " 年"),
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
        "5-95% of the load ratio when the uncertain parameters vary (shipped uncertainty file).",
        "不确定参数变化时负荷比的 5%-95% 区间（内置不确定性文件）。",
    ),
    "runs": ("Runs per scenario", "每个情景的运行次数"),
    "sampler": ("Sampler", "抽样方法"),
    "fan": ("Percentile bands (5-95%, 25-75%, median)", "百分位区间（5-95%、25-75%、中位数）"),
    "p_overshoot": ("Probability that the load ratio is above 1", "负荷比大于 1 的概率"),
    "robustness": ("Robustness (most robust first; regret on years in overshoot)",
                   "稳健性（最稳健者在前；以超载年数计的遗憾值）"),
    "sensitivity": ("Global sensitivity", "全局敏感性"),
    "method": ("Method", "方法"),
    "output": ("Output", "输出指标"),
    "run_sensitivity": ("Run the sensitivity analysis", "运行敏感性分析"),
    "unc_params": ("Uncertain parameters", "不确定参数"),
}

#: Columns of the Uncertainty page's robustness table.
ROBUSTNESS_TEXT: dict[str, tuple[str, str]] = {
    "p_overshoot": ("P(overshoot)", "超载概率"),
    "expected_years_in_overshoot": ("Expected years in overshoot", "期望超载年数"),
    "p_collapse": ("P(collapse)", "崩溃概率"),
    "expected_cumulative_output": ("Expected cumulative output (BCNY)", "期望累计产出（BCNY）"),
    "mean_regret": ("Mean regret (years)", "平均遗憾值（年）"),
    "max_regret": ("Largest regret (years)", "最大遗憾值（年）"),
    "failed_runs": ("Failed runs", "失败运行数"),
}

#: Model units people read in Chinese (the rest are symbols: Mt, TJ/K, BCNY).
UNIT_TEXT_ZH = {"Year": "年", "Dmnl": "无量纲", "BCNY/Year": "BCNY/年", "Mt/Year": "Mt/年",
                "TJ/K/Year": "TJ/K/年"}

#: Indicator rows of the Compare table: what people call them (entropy.INDICATORS has the units).
INDICATOR_TEXT: dict[str, tuple[str, str]] = {
    "first_overshoot_year": ("First overshoot", "首次超载年份"),
    "years_in_overshoot": ("Years in overshoot", "超载年数"),
    "max_load_ratio": ("Highest load ratio", "最高负荷比"),
    "min_ecosystem_health": ("Lowest ecosystem health", "生态系统最低健康度"),
    "collapse": ("Ecosystem collapse", "生态系统崩溃"),
    "peak_output": ("Peak output", "产出峰值"),
    "peak_output_year": ("Year of peak output", "产出峰值年份"),
    "final_output": ("Output in the last year", "末年产出"),
    "cumulative_output": ("Cumulative output", "累计产出"),
    "cumulative_entropy": ("Cumulative entropy", "累计熵产"),
    "entropy_intensity": ("Entropy per unit of output", "单位产出熵产"),
    "solar_negentropy": ("Renewable energy as entropy (not charged)", "可再生能源熵（不计入）"),
    "cumulative_virgin_extraction": ("Cumulative virgin extraction", "累计原生资源开采"),
    "virgin_depletion_year": ("Ore reserve depleted", "矿产储量耗尽年份"),
    "fossil_depletion_year": ("Fossil reserve depleted", "化石能源耗尽年份"),
    "final_virgin_lifetime": ("Ore reserve lifetime in the last year", "末年矿产储量可用年限"),
    "circularity": ("Circular material use", "循环材料使用率"),
    "finn_cycling_index": ("Finn cycling index", "Finn 循环指数"),
    "mass_balance_residual": ("Mass-balance error (check)", "质量平衡误差（校核）"),
}

LEVER_TEXT: dict[str, tuple[str, str, str, str]] = {
    "reduce_policy": (
        "Reduce: cut in material and energy intensity", "减量化：物质与能源强度降低",
        "Less material per unit of output, lower process losses and energy use.",
        "单位产出物质更少，加工损耗与能耗更低。",
    ),
    "reuse_policy": (
        "Reuse: share of retired products used again", "再利用：退役产品再使用比例",
        "Repair and remanufacture lengthen service life: life / (1 - share).",
        "维修与再制造延长使用寿命：寿命 /（1 - 比例）。",
    ),
    "recycle_policy": (
        "Recycle: share of end-of-life material collected", "再循环：报废物质回收比例",
        "Collection target; what is collected is limited by decomposer capacity.",
        "回收目标；实际回收量受分解者产能限制。",
    ),
    "decomposer_investment_share_policy": (
        "Decomposer (vein industry) investment share", "分解者（静脉产业）投资比例",
        "Share of investment that builds recycling capacity.", "用于建设回收处理产能的投资比例。",
    ),
    "by_product_exchange_fraction": (
        "By-product exchange between firms", "企业间副产品交换比例",
        "Share of process losses another firm uses as raw material (industrial symbiosis).",
        "被其他企业用作原料的加工损耗比例（产业共生）。",
    ),
    "renewable_share_policy": (
        "Renewable share of energy", "可再生能源比例",
        "Energy from solar-derived sources; the rest is fossil.", "来自太阳能等可再生来源的能源；其余为化石能源。",
    ),
    "investment_share": (
        "Investment share (growth)", "投资比例（增长）",
        "Share of output invested; 0.25 gives about 3% growth a year.", "产出中用于投资的比例；0.25 约对应年增长 3%。",
    ),
    "threshold_constraint_switch": (
        "Threshold constraint (阀限约束)", "阀限约束",
        "Stop net growth while the carrying-capacity load is above the level below.",
        "当环境承载负荷高于下方阈值时停止净增长。",
    ),
    "threshold_load_level": (
        "Threshold load level", "阀限负荷水平",
        "Load ratio above which the threshold constraint stops net growth.", "超过该负荷比时阀限约束停止净增长。",
    ),
    "output_feedback_switch": (
        "Ecosystem and resources limit output", "生态与资源限制产出",
        "Switch off to see the economy without the vicious cycle (loop knockout).",
        "关闭后可观察没有恶性循环时的经济（回路切断）。",
    ),
    "policy_start_year": (
        "Policy start year", "政策起始年份",
        "Year the policies start to phase in.", "政策开始实施的年份。",
    ),
    "policy_adoption_time": (
        "Policy adoption time", "政策推行时间",
        "Years a policy takes to reach full strength.", "政策达到全部效力所需年数。",
    ),
}


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


def lever_label(name: str, lang: str) -> str:
    """A lever's label (falls back to its snake_case name)."""
    text = LEVER_TEXT.get(name)
    if text is None:
        return name
    return text[1] if lang == "zh" else text[0]


def lever_help(name: str, lang: str) -> str:
    """A lever's one-line help text."""
    text = LEVER_TEXT.get(name)
    if text is None:
        return ""
    return text[3] if lang == "zh" else text[2]
