"""The app's words for the regional model and the pages added with it (Network, Loops,
regional Explore), in English and Chinese: merged into :data:`ui.i18n.STRINGS`, with the
sectors', models', loops' and regional levers' names that :mod:`ui.i18n` looks up."""

from __future__ import annotations

#: Labels of the Network, Loops and regional Explore pages (key: English, Chinese).
PAGE_STRINGS: dict[str, tuple[str, str]] = {
    "page_network": ("Exchange network", "交换网络"),
    "fan_view": ("Bands", "区间显示"),
    "parameter": ("parameter", "参数"),
    "distribution": ("distribution", "分布"),
    "dist_parameters": ("parameters", "分布参数"),
    "reason": ("why uncertain (source)", "不确定的原因（来源）"),
    "ens_progress": ("{done:,} of {total:,} runs done, in the background: the page stays usable, and a change "
                     "starts the new work and drops this one",
                     "已完成 {done:,} / {total:,} 次运行（后台计算）：页面仍可操作，更改设置将开始新的计算并放弃当前计算"),
    "job_started": ("Started in the background; the page stays usable...", "已在后台开始计算；页面仍可操作……"),
    "job_queued": ("Waiting for the server (other analyses run first)...", "等待服务器（其他分析正在运行）……"),
    "upload_button": ("Upload", "上传"),
    "upload_limit": ("{mb}MB per file • {kind}", "每个文件不超过 {mb}MB • {kind}"),
    "busy": ("The server is busy with other analyses; try again in a moment.", "服务器正忙于其他分析，请稍后再试。"),
    "fan_together": ("together", "合并"),
    "fan_log": ("together, log scale", "合并（对数坐标）"),
    "fan_panels": ("one panel per scenario", "每个情景一幅图"),
    "page_loops": ("Feedback loops", "反馈回路"),
    "model": ("Model", "模型"),
    "model_help": ("The cluster model (one industrial cluster) or the Liaoning model (nine sector clusters linked "
                   "by a by-product exchange network and a shared regional sink). Each keeps its own setting.",
                   "集群模型（单个产业集群）或辽宁模型（九个行业集群，由副产品交换网络与共同的区域环境汇相连）。"
                   "两个模型各自保留设置。"),
    "copy_link": ("Copy link", "复制链接"),
    "copy_link_help": ("This link opens this page with this model, engine and every lever as set now (the copy "
                       "button is at the right of the box). The address bar holds the same link.",
                       "该链接以当前的模型、计算引擎和全部杠杆设置打开本页（复制按钮在框的右侧）。浏览器地址栏中也是同一链接。"),
    "group_chain": ("Chain filling and the exchange network", "补链与交换网络"),
    "group_levers": ("Levers", "政策杠杆"),
    "sector_choice": ("Levers of", "杠杆作用于"),
    "sector_choice_help": ("Set a lever for one sector, or for every sector at once (moving an \"all sectors\" "
                           "slider sets every sector to its value).",
                           "为单个行业设置杠杆，或同时为全部行业设置（移动“全部行业”滑块会把每个行业设为该值）。"),
    "all_sectors": ("all sectors", "全部行业"),
    "sectors_differ": ("sectors now {low:g} to {high:g}", "各行业当前为 {low:g} 至 {high:g}"),
    "sector": ("Sector", "行业"),
    "none": ("none", "无"),
    "m_first_sector_overshoot": ("First overshoot (any sector)", "首次超载（任一行业）"),
    "h_first_sector_overshoot": ("First year any sector's local binding load ratio is above 1.",
                                 "任一行业本地约束负荷比首次大于 1 的年份。"),
    "m_first_sector": ("Sector overshooting first", "最先超载的行业"),
    "h_first_sector": ("The sector whose local environment overshoots first.", "本地环境最先超载的行业。"),
    "m_sectors_over": ("Sectors in overshoot", "超载行业数"),
    "h_sectors_over": ("Sectors whose local environment overshoots at some time within the horizon.",
                       "在模拟期内本地环境曾经超载的行业数。"),
    "m_sink_load": ("Peak load: regional sink", "最高负荷比：区域环境汇"),
    "h_sink_load": ("Highest load of the shared regional sink (the Liao River basin and Bohai coast) that every "
                    "sector's spilled-over pollution reaches: 1 is its capacity.",
                    "各行业溢出污染共同汇入的区域环境汇（辽河流域与渤海沿岸）的最高负荷比：1 即其承载力。"),
    "h_min_health_regional": ("Lowest health of any local ecosystem or of the shared regional one.",
                              "任一本地生态系统或区域生态系统的最低健康度。"),
    "m_cum_output": ("Cumulative output (BCNY)", "累计产出（十亿元）"),
    "h_cum_output": ("Output of every sector summed over the run (BCNY at 2025 prices).",
                     "整个时段内各行业产出之和（2025 年价格，十亿元）。"),
    "m_utilisation": ("Waste utilisation", "固废综合利用率"),
    "h_utilisation": ("Industrial solid waste used / generated over the run, as China's statistics define it.",
                      "整个时段内工业固体废物利用量 / 产生量（中国统计口径）。"),
    "m_exchange": ("By-products exchanged", "副产品交换量"),
    "h_exchange": ("By-products passed between sectors over the run.", "整个时段内行业之间交换的副产品量。"),
    "s_first": ("{sector} overshoots its local environment first, in {year}", "{sector}最先超出本地环境承载力，时间为 {year} 年"),
    "s_then": ("then {rest}", "随后为{rest}"),
    "s_none": ("no sector's local environment overshoots within the horizon", "模拟期内没有行业超出本地环境承载力"),
    "s_sink_over": ("the shared regional sink overshoots in {year}", "区域环境汇在 {year} 年超载"),
    "s_sink_in": ("the shared regional sink stays inside its capacity", "区域环境汇始终未超载"),
    "list_sep": (", ", "、"),
    "sentence_sep": ("; ", "；"),
    "full_stop": (".", "。"),
    "regional_sink": ("regional sink", "区域环境汇"),
    "sink_pollution": ("regional sink pollution", "区域环境汇污染"),
    "bau_total": ("total, business as usual", "合计（照常发展）"),
    "c_load_map": ("Local binding load by sector, highest in each 5 years (red: overshoot)",
                   "各行业本地约束负荷比，每 5 年的最大值（红色为超载）"),
    "load_max": ("highest load ratio", "最高负荷比"),
    "c_regional_load": ("Regional binding load (the largest)", "区域约束负荷比（最大者）"),
    "c_output_sector": ("Output by sector (BAU total dashed)", "各行业产出（虚线为照常发展合计）"),
    "c_health_sector": ("Ecosystem health by sector", "各行业生态健康度"),
    "c_waste": ("Waste by compartment (share of 2025)", "各环境分区的废物量（相对 2025 年）"),
    "sector_table": ("Each sector", "各行业指标"),
    "si_first_overshoot_year": ("First overshoot", "首次超载"),
    "si_years_in_overshoot": ("Years in overshoot", "超载年数"),
    "si_max_load_ratio": ("Peak load", "最高负荷比"),
    "si_binding_compartment": ("Binding compartment", "约束性分区"),
    "si_min_ecosystem_health": ("Lowest health", "最低健康度"),
    "si_collapse": ("Collapse", "崩溃"),
    "si_peak_output": ("Peak output", "产出峰值"),
    "si_final_output": ("Final output", "末年产出"),
    "si_decline_from_peak": ("Decline from peak", "较峰值下降"),
    "si_comprehensive_utilisation": ("Waste utilisation", "固废综合利用率"),
    "si_exchange_received": ("By-products received", "接收副产品"),
    "si_exchange_passed_on": ("By-products passed on", "输出副产品"),
    "si_heat_received": ("Waste heat received", "接收余热"),
    "si_virgin_extraction": ("Virgin extraction", "原生资源开采"),
    "si_cumulative_co2": ("Cumulative CO₂", "累计 CO₂"),
    "si_non_renewable_entropy": ("Non-renewable entropy", "不可再生熵产"),
    "node_metal_making": ("metal making", "金属冶炼"),
    "node_fabrication": ("fabrication", "加工制造"),
    "node_use": ("products in use", "在用产品"),
    "node_decomposer": ("decomposer (recycling)", "分解者（回收）"),
    "network_intro_regional": (
        "By-products passed between the sectors at the chosen year (band widths proportional to Mt/year; "
        "business as usual on the right, on the same scale), how the network cycles and how robust it is over "
        "time, and what each sector's loss would take with it. The links below feed the run with the levers "
        "set on Explore.",
        "所选年份各行业之间交换的副产品（带宽与 Mt/年成正比；右侧为照常发展，比例相同）、网络的循环度与稳健性随时间的变化，"
        "以及失去各行业所带走的交换量。下方的各条联系与探索页的杠杆一起决定本次运行。"),
    "network_intro_cluster": (
        "Material flows among the cluster's four compartments (metal making, fabrication, products in use, "
        "decomposer) at the chosen year, and the network's cycling and robustness over time, for the setting "
        "made on Explore against business as usual.",
        "所选年份集群四个环节（金属冶炼、加工制造、在用产品、分解者）之间的物质流，以及网络的循环度与稳健性随时间的变化"
        "（探索页的设置与照常发展对比）。"),
    "net_year": ("Year of the flow diagrams", "流向图年份"),
    "net_total": ("Exchanged in {year}", "{year} 年交换量"),
    "net_total_help": ("By-products passed between the nodes in that year; small print: difference from business "
                       "as usual.", "该年节点之间交换的副产品量；下方小字为与照常发展的差异。"),
    "net_finn_cycling_index": ("Finn cycling index, {year}", "{year} 年芬恩循环指数"),
    "net_finn_cycling_index_help": ("Share of the network's throughflow that cycles (Finn 1976), with the "
                                    "boundary inputs (virgin and own recycled material).",
                                    "网络通量中循环流动的份额（Finn 1976），计入边界输入（原生与自身回收物料）。"),
    "net_cyclicity": ("Cyclicity, {year}", "{year} 年循环度"),
    "net_cyclicity_help": ("Spectral radius of the link structure (Fath 2015): 0 with no cycle, 1 with one, "
                           "more with several interlocked.", "联系结构的谱半径（Fath 2015）：无循环为 0，单个循环为 1，多个交织循环时更大。"),
    "net_robustness": ("Robustness, {year}", "{year} 年稳健性"),
    "net_robustness_help": ("-a ln a of the ascendency ratio a = A/C (Ulanowicz et al. 2009): highest (0.37) at "
                            "a = 1/e, between efficiency and redundancy.",
                            "优势度比 a = A/C 的 -a ln a（Ulanowicz 等 2009）：在 a = 1/e 时最高（0.37），介于效率与冗余之间。"),
    "net_metrics": ("Network metrics over time", "网络指标随时间变化"),
    "net_links": ("Links", "交换联系"),
    "net_links_help": (
        "Each row is one link from a sender to a receiver: switch it on or off, set the share of the sender's "
        "by-products offered to the receiver and the share of its recoverable heat. Changes phase in from the "
        "policy start year, like every lever.",
        "每行是一条从输出行业到接收行业的联系：可开关该联系，设定输出行业副产品提供给接收行业的比例及其可回收余热的比例。"
        "与所有杠杆一样，变化自政策起始年份起逐步生效。"),
    "decomposer_add": ("Add the decomposer sector (chain filling)", "加入分解者行业（补链）"),
    "decomposer_remove": ("Remove the decomposer sector", "移除分解者行业"),
    "decomposer_help": ("Adding it takes the {scenario} scenario's settings for the decomposer: its output and "
                        "the links to and from it; removing it closes every link to and from it.",
                        "加入时采用 {scenario} 情景中与分解者有关的设置（其产出及与之相连的联系）；移除时关闭与之相连的所有联系。"),
    "net_only_existing": ("Only links that are open or have a share", "只显示已开通或有比例的联系"),
    "net_sender": ("From", "输出行业"),
    "net_receiver": ("To", "接收行业"),
    "net_active": ("Open", "开通"),
    "net_active_help": ("The link exists (by-products flow along it if the sender offers a share).",
                        "该联系存在（输出行业提供比例时副产品沿其流动）。"),
    "net_share": ("By-product share", "副产品比例"),
    "net_share_help": ("Share of the sender's dispatched by-products offered to the receiver.",
                       "输出行业外运副产品中提供给接收行业的比例。"),
    "net_heat": ("Waste-heat share", "余热比例"),
    "net_heat_help": ("Share of the sender's recoverable heat offered to the receiver.",
                      "输出行业可回收余热中提供给接收行业的比例。"),
    "net_setting": ("This page shows the current setting: {n} lever values differ from business as usual "
                    "(set on Explore and here).", "本页显示当前设置：有 {n} 个杠杆值不同于照常发展（在探索页与本页设定）。"),
    "net_setting_bau": ("This page shows the current setting, which is business as usual.",
                        "本页显示当前设置，即照常发展。"),
    "net_cluster_nodes": ("The cluster model has no links to edit: its four compartments are linked by its "
                          "material flows; its levers are on Explore.",
                          "集群模型没有可编辑的联系：其四个环节由物质流相连；杠杆在探索页。"),
    "loops_intro": (
        "Loops that Matter (Schoenberg et al. 2020, on Simlin) scores each named feedback loop's share of the "
        "change in the model at each time, for the current setting (the levers set on Explore).",
        "“重要回路”方法（Schoenberg 等 2020，在 Simlin 上计算）给出每个命名反馈回路在各时刻对模型变化的贡献份额"
        "（当前设置，即探索页的杠杆）。"),
    "loops_wait": ("Scoring the feedback loops (a few seconds)…", "正在计算反馈回路得分（需数秒）……"),
    "vicious_both": ("The vicious cycle (pollution degrades the ecosystem, which then assimilates less) overtakes "
                     "assimilation in {over} and becomes the dominant loop in {dom}.",
                     "恶性循环（污染使生态系统退化，退化后同化能力下降）在 {over} 年超过同化回路，并在 {dom} 年成为主导回路。"),
    "vicious_over": ("The vicious cycle overtakes assimilation in {over} but never becomes the dominant loop.",
                     "恶性循环在 {over} 年超过同化回路，但从未成为主导回路。"),
    "vicious_never": ("The vicious cycle never overtakes assimilation within the horizon.",
                      "在模拟期内，恶性循环从未超过同化回路。"),
    "mark_overtakes": ("vicious cycle overtakes", "恶性循环超过同化"),
    "mark_dominates": ("vicious cycle dominant", "恶性循环主导"),
    "loops_periods": ("Dominant loop by period", "各时期的主导回路"),
    "from": ("From", "起"),
    "to": ("To", "止"),
    "loop": ("Loop", "回路"),
    "mean_score": ("Mean relative score", "平均相对得分"),
    "loops_diagrams": ("The named loops", "命名回路"),
    "loops_diagrams_help": ("Each loop as a causal loop diagram: + where a rise in the cause raises the effect, − "
                            "where it lowers it; R reinforcing, B balancing.",
                            "每个回路的因果回路图：+ 表示原因增加使结果增加，− 表示使结果减少；R 为增强回路，B 为调节回路。"),
    "link_other_model": ("{file}: a scenario of the {model} model; choose that model to use it here",
                         "{file}：属于 {model} 模型的情景；请先选择该模型"),
}

#: The named feedback loops' titles in Chinese (the English ones are in each model's loops.toml).
LOOP_TEXT_ZH: dict[str, str] = {
    "degradation": "恶性循环：污染使生态系统退化，退化后同化能力下降",
    "assimilation": "生态系统同化持久性污染",
    "health-output": "退化的生态系统降低产出、采矿及污染",
    "depletion-cost": "矿石变贫：每吨金属需更多矿石，金属更贵，投资减少",
    "capital-growth": "产出为投资提供资金，投资增加产能与产出",
    "capacity-adjustment": "投资弥合期望资本与实际资本之间的差距",
    "threshold": "阀限约束：负荷高于阀限水平时不再净增长",
    "decomposer": "回收产能跟随可得废料",
    "regional-degradation": "区域环境汇的恶性循环：溢出的污染使区域生态系统退化，退化后同化能力下降",
    "regional-assimilation": "区域环境汇同化各行业溢出的污染",
}

#: The shipped models as people call them.
MODEL_TEXT: dict[str, tuple[str, str]] = {
    "cluster": ("Cluster", "产业集群"),
    "liaoning": ("Liaoning (9 sectors)", "辽宁（9 个行业）"),
}

#: The regional model's sectors (elements of its Sector subscript).
SECTOR_TEXT: dict[str, tuple[str, str]] = {
    "equip": ("equipment", "装备制造"),
    "petro": ("petrochemicals", "石化"),
    "metal": ("metallurgy", "冶金"),
    "build": ("building materials", "建材"),
    "agri": ("agri-food", "农产品加工"),
    "textile": ("textiles", "纺织"),
    "marine": ("shipbuilding", "船舶与海工"),
    "energy": ("energy", "能源"),
    "decomp": ("decomposer", "静脉产业（分解者）"),
}

#: Labels of levers only the regional model has (label, label in Chinese, help, help in Chinese).
LEVER_TEXT_REGIONAL_ONLY: dict[str, tuple[str, str, str, str]] = {
    "chain_filling_output": (
        "Chain filling: output added by policy", "补链：政策新增产出",
        "Output added to a sector's demand by policy (BCNY/yr), phased in: the Dalian Jinzhou retrofit "
        "added 20.9 BCNY/yr from 47 projects. For the decomposer sector it is the vein industry itself.",
        "按政策加到某行业需求上的产出（十亿元/年），逐步实施：大连金州改造以 47 个项目新增产出 20.9 十亿元/年。"
        "对分解者行业而言即静脉产业本身。",
    ),
    "inter_regional_export_share": (
        "Unused by-products sent to other regions", "未利用副产品外送比例",
        "Share of unused by-products traded to other regions (150 CNY/t transport); the model does not follow "
        "them further.", "未利用副产品外送至其他地区的比例（运输 150 元/吨）；模型不再追踪其去向。",
    ),
    "exchange_network_switch": (
        "Exchange network on", "交换网络开启",
        "Off: by-products and waste heat no longer flow between sectors (today's links are given up from "
        "the policy start year).", "关闭：行业之间不再交换副产品与余热（自政策起始年份起放弃现有联系）。",
    ),
}

#: Help of levers the regional model sets per sector (its numbers differ by sector).
LEVER_HELP_REGIONAL: dict[str, tuple[str, str]] = {
    "reduce_policy": ("Share by which material per unit of output falls (light-weighting, yield, design); its "
                      "cost rises with the square of the cut.", "单位产出用材削减比例（轻量化、成材率、设计），成本随削减比例的平方上升。"),
    "reuse_policy": ("Share of the region's end-of-life products remanufactured for another service life.",
                     "本地区报废产品再制造、再服役一个寿命期的比例。"),
    "recycle_policy": ("Target collection rate of old (end-of-life) scrap; today's rate differs by sector "
                       "(0.6 for machinery and steel, 0.1-0.3 elsewhere).",
                       "报废（旧）废料回收目标；现状因行业而异（装备与冶金为 0.6，其他 0.1-0.3）。"),
    "decomposer_investment_share_policy": ("Ceiling on the share of investment funds for recycling capacity.",
                                           "回收产能可占投资资金的比例上限。"),
    "by_product_exchange_policy": ("Share of the gap closed between today's use of tailings, slag and ash and "
                                   "the technical maximum (95%).", "尾矿、炉渣与灰渣现有利用率与技术上限（95%）之间差距的弥合比例。"),
    "renewable_share_policy": ("Target share of renewable energy (today 0.05).", "可再生能源目标比例（现状 0.05）。"),
    "demand_growth_rate": ("Growth of demand while the market is far from saturation (2-5% a year by sector).",
                           "市场远未饱和时的需求增长率（各行业每年 2%-5%）。"),
    "demand_ceiling_ratio": ("Saturation level of demand as a multiple of 2025 demand.", "需求饱和水平（2025 年需求的倍数）。"),
}

#: Sector names short enough for a metric's value.
SECTOR_SHORT: dict[str, tuple[str, str]] = {
    "build": ("build. mat.", "建材"),
    "petro": ("petrochem.", "石化"),
    "marine": ("ships", "船舶"),
    "decomp": ("decomposer", "静脉产业"),
    "textile": ("textiles", "纺织"),
}
