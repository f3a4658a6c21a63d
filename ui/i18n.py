"""The app's words in English and Chinese (中文).

Every label the app shows goes through :func:`t`; lever names and help texts
through :func:`lever_label` and :func:`lever_help`. Help texts paraphrase the
model's documentation fields (``sd_models/cluster/cluster.mdl``), which hold
the sources.
"""

from __future__ import annotations

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
    "page_network": ("Exchange network", "交换网络"),
    "fan_view": ("Bands", "区间显示"),
    "parameter": ("parameter", "参数"),
    "distribution": ("distribution", "分布"),
    "dist_parameters": ("parameters", "分布参数"),
    "reason": ("why uncertain (source)", "不确定的原因（来源）"),
    "ens_progress": ("{done:,} of {total:,} runs done; the page stays usable (a change restarts the work)",
                     "已完成 {done:,} / {total:,} 次运行；页面仍可操作（更改设置会重新开始计算）"),
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
    "c_regional_load": ("Regional binding load (largest of every environment)", "区域约束负荷比（各环境中最大者）"),
    "c_output_sector": ("Output by sector (business as usual's total dashed)", "各行业产出（虚线为照常发展合计）"),
    "c_health_sector": ("Ecosystem health by sector (collapse threshold dashed)", "各行业生态健康度（虚线为崩溃阈值）"),
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
        "5-95% of the binding load ratio when the uncertain parameters vary (shipped uncertainty file).",
        "不确定参数变化时约束负荷比的 5%-95% 区间（内置不确定性文件）。",
    ),
    "band_label": ("5-95% band", "5%-95% 区间"),
    "band_wait": ("Running {n} runs with the uncertain parameters varied...", "正在运行 {n} 次（不确定参数变化）……"),
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


#: Sector names short enough for a metric's value.
SECTOR_SHORT: dict[str, tuple[str, str]] = {
    "build": ("build. mat.", "建材"),
    "petro": ("petrochem.", "石化"),
    "marine": ("ships", "船舶"),
    "decomp": ("decomposer", "静脉产业"),
    "textile": ("textiles", "纺织"),
}


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
