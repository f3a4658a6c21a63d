"""The Method page's text in English and Chinese, and its formulas.

The wording follows the documentation fields of ``sd_models/cluster/cluster.mdl``
(group headers and variables), which carry the sources; numbers are the
model's defaults. Each section is Markdown, optionally followed by LaTeX.
"""

from __future__ import annotations

#: (section key, LaTeX formulas shown after the section's text); symbols in :data:`WHERE`.
FORMULAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intro", ()),
    ("economy", (
        r"Y = \min\!\left(\frac{K}{v},\ D\,p^{-\varepsilon}\right)\,\bigl(1 - s_H\,(1-H_{felt})\bigr)\,f,\qquad "
        r"\frac{dD}{dt} = g\,D\left(1 - \frac{D}{c\,D_{2025}}\right)",
        r"I = \min\!\Bigl(\frac{K}{L_K} + \frac{v}{u}\,p^{-\varepsilon}\frac{dD}{dt} + \frac{K^* - K}{\tau_K},\ "
        r"F - I_d\Bigr),"
        r"\qquad K^* = \frac{v\,D\,p^{-\varepsilon}}{u}",
    )),
    ("products", (
        r"m = Y\,\mu\,(1 - r),\qquad \frac{dS_1}{dt} = s_l\,N + q - \frac{3 S_1}{\ell},\quad "
        r"\frac{dS_2}{dt} = \frac{3 S_1}{\ell} - \frac{3 S_2}{\ell},\quad "
        r"\frac{dS_3}{dt} = \frac{3 S_2}{\ell} - \frac{3 S_3}{\ell},\quad EoL = \frac{3 S_3}{\ell}",
    )),
    ("scrap", (
        r"C = \min(\kappa\,A_{old},\ C_{rec}),\qquad M_{sec} = y\,\min\!\Bigl(A,\ \frac{0.85\,P}{y}\Bigr)",
    )),
    ("virgin", (
        r"\gamma = \gamma_f + (\gamma_0 - \gamma_f)\,\frac{R}{R_{2025}},\qquad T = \frac{1}{\gamma\,\rho} - 1",
        r"V_{own} \le \min\!\Bigl(\frac{R\,\gamma\,\rho}{10\ \mathrm{y}},\ "
        r"\frac{C_{land} - S_{land}}{5\ \mathrm{y}\cdot w}\Bigr),\qquad V_{imp} \le 0.5\,P_{req}",
    )),
    ("waste", (
        r"\frac{dPP}{dt} = \mathrm{DELAY3}(G_p,\ 20\ \mathrm{y}) - \bigl(1 - (1 - a_r)(1 - H)\bigr)\,"
        r"\frac{PP}{1.4\,\mathrm{AHL}},\qquad "
        r"\mathrm{AHL} = 1.5\ \mathrm{y}\cdot\max\!\bigl(1,\ \min(41,\ 1 + 0.04\,(\mathrm{PPOLX} - 1))\bigr)",
        r"L = \max\!\Bigl(\frac{S_{land}}{C_{land}},\ \frac{G_p}{C_p(H)},\ \frac{E_f}{C_f}\Bigr)",
    )),
    ("ecosystem", (
        r"H^* = \frac{1}{1 + k\,\sigma},\quad \sigma = \max\!\Bigl(0, \frac{PP}{PP_c} - 1\Bigr) + "
        r"\max\!\Bigl(0, \frac{E_f}{C_f} - 1\Bigr),\quad \frac{dH}{dt} = \frac{\max(0, H^* - H)\,\phi(H)}{30\ \mathrm{y}}"
        r" - \frac{\max(0, H - H^*)}{5\ \mathrm{y}}",
    )),
    ("energy", (
        r"E = \frac{0.4}{\gamma\,\rho}\,V_{own} + 17\,V + 5\,M_{sec} + 0.5\,C + 2\,q + 0.12\,Y,\qquad "
        r"\mathrm{CO_2} = 0.0946\,E_{fossil}",
    )),
    ("exergy", (
        r"X_{fuel} + X_{ore} + X_{ren} = X_{products} + X_{waste} + X_{d},\qquad "
        r"\dot S_{gen} = \frac{\dot X_{d}}{T_0},\quad T_0 = 298.15\ \mathrm{K}",
    )),
    ("levers", (
        r"\lambda(t) = \lambda_{today} + (\lambda_{policy} - \lambda_{today})\,"
        r"\min\!\Bigl(1, \max\!\Bigl(0, \frac{t - t_{start}}{\tau_{adopt}}\Bigr)\Bigr)",
    )),
    ("loops", ()),
    ("indicators", (
        r"\mathrm{CMU} = \frac{U}{\mathrm{DMC} + U},\qquad "
        r"\mathrm{FCI} = \frac{\sum_j \frac{n_{jj}-1}{n_{jj}} T_j}{\sum_j T_j},\quad N = (I - G)^{-1}",
    )),
    ("sources", ()),
)

#: What the symbols of each section's formulas stand for.
WHERE: dict[str, dict[str, str]] = {
    "en": {
        "economy": "Y output; K capital; v capital output ratio (0.5 y); D demand; p price index (2025 = 1); "
                   "ε price elasticity (0.5); s_H share of output lost at health 0 (0.3); H_felt health as industry "
                   "feels it (5-year delay); f supply factor; g demand growth rate; c demand ceiling ratio; "
                   "I investment; L_K capital life (15 y); u planned utilisation (0.8); τ_K adjustment time (4 y); "
                   "K* desired capital; F funds (cash flow); I_d decomposer investment.",
        "products": "m metal in products; μ material intensity (0.07 Mt/BCNY); r reduce; S_1, S_2, S_3 product "
                    "cohorts in use in the region; s_l local use share (0.3); N new products; q remanufacturing "
                    "(reuse); ℓ service life (20 y); EoL end of life.",
        "scrap": "C old scrap collected; κ target collection rate (recycle lever); A_old old scrap arising; "
                 "C_rec recycling capacity; M_sec secondary metal; y remelting yield (0.9); A scrap available "
                 "(new + old); P metal production.",
        "virgin": "γ ore grade (γ_0 = 31%, γ_f = 15% Fe); R ore reserve; ρ beneficiation recovery (0.8); T tailings "
                  "per tonne of metal; V_own virgin metal from own ore; w waste landfilled per tonne of virgin "
                  "metal; C_land land capacity (200 Mt); S_land land stockpile; V_imp imported; P_req metal needed.",
        "waste": "PP persistent pollution; G_p persistent pollutant generation; a_r assimilation left at health 0 "
                 "(0.1); H ecosystem health; AHL absorption half-life; PPOLX pollution index (PP / PP_ref, the reference level); "
                 "L binding load; C_p carrying capacity (generation assimilated in equilibrium at the critical "
                 "level); E_f fast emissions; C_f their capacity.",
        "ecosystem": "H* indicated health; k damage sensitivity (2); σ stress; PP_c critical pollution "
                     "(2 x PP_ref); φ recovery capacity (0 once collapsed).",
        "energy": "E energy use (PJ/Year); V virgin metal (own and imported); C old scrap collected; "
                  "q remanufacturing; E_fossil fossil energy use (MtCO2 per PJ: IPCC 2006).",
        "exergy": "X exergy flows per process (PJ/Year); X_d exergy destroyed; S_gen entropy generation.",
        "levers": "λ a lever in force: from today's value to the policy's over the adoption time.",
        "indicators": "U recovered material used (scrap remelted, products remanufactured, by-products used); "
                      "DMC domestic material consumption (ore mined, ore imported, fuel); n_jj, T_j, G: diagonal "
                      "of the integral flow matrix, throughflow and flow fractions of the metal network.",
    },
    "zh": {
        "economy": "Y 产出；K 资本；v 资本产出比（0.5 年）；D 需求；p 价格指数（2025 = 1）；ε 需求价格弹性（0.5）；"
                   "s_H 健康度为 0 时损失的产出比例（0.3）；H_felt 产业感受到的健康度（5 年延迟）；f 供给系数；"
                   "g 需求增长率；c 需求上限倍数；I 投资；L_K 资本寿命（15 年）；u 计划利用率（0.8）；"
                   "τ_K 调整时间（4 年）；K* 期望资本；F 投资资金（现金流）；I_d 分解者投资。",
        "products": "m 产品中的金属；μ 物质强度（0.07 Mt/十亿元）；r 减量化；S_1、S_2、S_3 本地区在用产品的三个队列；"
                    "s_l 本地使用比例（0.3）；N 新产品；q 再制造（再利用）；ℓ 使用寿命（20 年）；EoL 报废量。",
        "scrap": "C 旧废钢回收量；κ 目标回收率（再循环杠杆）；A_old 旧废钢产生量；C_rec 回收产能；M_sec 再生金属；"
                 "y 重熔得率（0.9）；A 可得废钢（新 + 旧）；P 金属产量。",
        "virgin": "γ 矿石品位（γ_0 = 31%，γ_f = 15% Fe）；R 矿产储量；ρ 选矿回收率（0.8）；T 每吨金属的尾矿；"
                  "V_own 本地矿石生产的原生金属；w 每吨原生金属的填埋废物；C_land 土地容量（200 Mt）；"
                  "S_land 土地堆存量；V_imp 进口；P_req 所需金属。",
        "waste": "PP 持久性污染；G_p 持久性污染物产生量；a_r 健康度为 0 时剩余的同化能力（0.1）；H 生态系统健康度；"
                 "AHL 吸收半衰期；PPOLX 污染指数（PP / 参考水平 PP_ref）；L 约束负荷；C_p 承载力（临界水平下平衡时可同化的"
                 "产生量）；E_f 快速排放；C_f 其容量。",
        "ecosystem": "H* 压力所对应的健康度；k 损害敏感度（2）；σ 压力；PP_c 临界污染（2 × PP_ref）；"
                     "φ 恢复能力（崩溃后为 0）。",
        "energy": "E 能源使用（PJ/年）；V 原生金属（本地与进口）；C 旧废钢回收量；q 再制造；"
                  "E_fossil 化石能源使用（每 PJ 的 CO₂：IPCC 2006）。",
        "exergy": "X 各过程的有效能流（PJ/年）；X_d 有效能损失；S_gen 熵产。",
        "levers": "λ 生效中的杠杆值：在推行时间内由现状值变为政策值。",
        "indicators": "U 回收利用的物质（重熔废钢、再制造产品、被利用的副产品）；DMC 国内物质消耗（开采的矿石、"
                      "进口矿石、燃料）；n_jj、T_j、G：金属网络积分流矩阵的对角元、通量与流量分配比例。",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "intro": """An industrial cluster is an open system: it takes **low-entropy** matter and energy
(ore, coal) from nature and returns **high-entropy** waste. The local ecosystem absorbs waste only up
to its **carrying capacity**; past a threshold it degrades, absorbs less, and the cluster enters a
vicious cycle of declining function (机能递减的恶性循环). The model (a Vensim file,
`sd_models/cluster/cluster.mdl`) follows one iron-and-steel chain cluster, from ore to products in
use, with an output of 5 BCNY in 2025 (63% of Liaoning's 49 key clusters produce 1 to 10 BCNY a
year), from 2025 to 2225. Every variable has its units and its source in its documentation field:
see Structure.""",
        "economy": """**Economy** (BCNY at 2025 prices). Output = MIN(capacity, demand) x health effect x
supply factor. Demand fills a market: logistic growth at the demand growth rate (5% a year; China's
industrial output grew 5-6% a year in 2015-2024) toward the demand ceiling (3 x 2025 demand; steel
demand saturates at 10-15 t per person, Pauliuk, Wang and Müller 2012), and falls as the price
rises (elasticity 0.5). Prices follow unit costs within a year and pass on 70% of a cost rise
(full-cost pricing, Sterman 2000 ch. 20). Investment closes the gap between desired and actual
capital (replacement, capacity for demand growth, and the gap over 4 years), paid from the cash
flow: profit (8% of output in 2025, NBS) plus depreciation, less what dearer ore, energy and levers
cost beyond what the price passes on (structure after Sterman 2000, *Business Dynamics*, ch. 17).
Capital output ratio 0.5 years, planned utilisation 0.8, capital life 15 years. A fully degraded
ecosystem costs 30% of output, felt by industry after a first-order delay of 5 years (World Bank and
SEPA 2007: pollution cost China 5.8% of GDP at the national average degradation). The supply factor
is the scarcer of material and energy availability (Liebig).""",
        "products": """**Products, production-driven** (Mt). Metal in products = output x material
intensity (0.07 Mt/BCNY) x (1 - reduce). A fifth of the metal becomes process (new, prompt) scrap
in fabrication (Cullen, Allwood and Bambach 2012). Products are sold: 30% are used in the region and
enter three cohort stocks (Vensim's DELAY3 written out, so the mass in use is visible), mean service
life 20 years (Pauliuk, Wang and Müller 2013); the rest leave the region and are counted in Material
Exported, so mass balances. **Reuse** remanufactures a share of the region's end-of-life products
and puts them back into use, up to half of the cluster's product mass.""",
        "scrap": """**New and old scrap.** 95% of process scrap goes back to the furnaces. Old
(end-of-life) scrap is collected at the target collection rate (today 0.6; the global end-of-life
recycling rate of iron and steel is 70-90%, UNEP 2011), limited by the capacity of the decomposer
(vein, 静脉) industry. That capacity follows the scrap available; the decomposer lever is only a
ceiling on the share of investment funds it may take (1.75 BCNY per Mt/Year, from Dalian Jinzhou's
chain-filling retrofit). Remelting yields 0.9; at most 85% of the metal can come from scrap (copper
and other tramp elements, Daehn, Cabrera Serrenho and Allwood 2017); scrap the furnaces cannot take
is sold out of the region.""",
        "virgin": """**Ore, grade, land and imports.** The cluster mines a 5% share of Liaoning's iron ore
reserve (3,955 Mt at the end of 2022, Ministry of Natural Resources), about 200 Mt of crude ore. As
the reserve is drawn down the grade falls linearly from 31% to 15% Fe, so each tonne of metal needs
more ore: more mining energy, more tailings, dearer metal (Mudd 2010; Norgate and Jahanshahi 2010).
Mining never exceeds the reserve over 10 years; tailings and slag need land (200 Mt of storage,
filled no faster than over 5 years: the seed's strong land constraint, 土地资源强约束). Up to half
of the metal needed can be bought from outside the region as ore (1,300 CNY per tonne of iron).
**By-product exchange** sends tailings (27% used today), slag and ash (75%) to other firms, up to
the technical maximum of 95%.""",
        "waste": """**Three waste compartments**, each with its own capacity (after World3's persistent
pollution sector, Meadows et al. 1974, as in pyworld3): solid waste stockpiled on **land** (load =
stockpile / land capacity); **persistent pollutants** (1% of the landfilled mass: heavy metals, acid
drainage) that reach the ecosystem through World3's third-order transmission delay of 20 years and
are assimilated with World3's absorption half-life, which grows with the pollution index (AHL70 =
1.5 years); **fast emissions** to air and water (0.2 kg per GJ of fossil energy), which the local
environment takes up to 2.5 times what the cluster's 2025 energy use would emit if it were all
fossil. The persistent load is generation over what the
ecosystem can assimilate in equilibrium at the critical level (2 x the reference level, what 2025's
generation holds at World3's half-life of 1.5 years: 2025's own level with the default half-life),
which falls with health. The **binding load** is the largest of the three; above 1 the cluster is in overshoot
(shaded on Explore).""",
        "ecosystem": """**Ecosystem health** (0 to 1) moves toward the level the pollution stress
indicates: down within 5 years, up only over 30 years, and not at all once it has collapsed below
0.2 (a regime shift, Scheffer et al. 2001; regeneration fades between 0.3 and 0.2). A degraded
ecosystem assimilates less (10% is left at health 0): the reinforcing vicious cycle. It also lowers
output. The formulation stays in [0, 1] at any parameter value in range.""",
        "energy": """**Energy and CO₂.** Mining and beneficiation 0.4 GJ per tonne of crude ore (Norgate
and Haque 2010), so per tonne of metal it rises as the grade falls; ironmaking and steelmaking 17
GJ/t (594 kgce/t of crude steel in key Chinese firms); remelting scrap 5 GJ/t; collection 0.5;
remanufacturing 2; fabrication 0.12 PJ/BCNY. The renewable share is a lever (5% today); fossil
energy comes from a reserve of 200 years of 2025 use, and renewables stand in when it runs short.
CO₂: 94.6 t per TJ of coal (IPCC 2006).""",
        "exergy": """**Exergy and entropy.** Every process keeps an exergy balance: inputs (fuel, ore,
renewable energy) = products + wastes + destroyed. Iron carries 6.7 GJ/t of chemical exergy
(Szargut, Morris and Steward 1988), iron in ore 0.15 GJ/t (Szargut 1989), coal 1.06 times its
heating value (Szargut and Styrylska 1964). The exergy of reduced metal is carried with it in the
products and destroyed once, when the metal is dispersed (landfilled); recycling keeps it at an
energy cost. Entropy generation follows Gouy-Stodola: exergy destroyed over T0. Destruction is
attributed to renewable energy in proportion to its share of exergy input and reported apart
(sunlight is degraded anyway); the headline figure is the **non-renewable** entropy.""",
        "levers": """**Levers and their costs.** Each lever phases in linearly from the policy start
year over the adoption time, from today's value (the model's Current ... constants) to the
policy's, and each has a cost paid from the cash flow: reduce 0.2 x output x reduce² (3.2% of
output at 0.4); remanufacturing 3,000 CNY/t; collection 1,000 CNY/t, plus the decomposers' capital;
by-product exchange 50 CNY/t; renewable energy 0.06 against fossil 0.035 BCNY/PJ. The
**threshold constraint** (阀限约束) allows only replacement investment, no net growth of capacity,
while the binding load is above its level.""",
        "loops": """**Knockout switches** (Explore, "Feedback loops"): each cuts one named loop of
`sd_models/cluster/loops.toml`, to see what it does. *Health lowers assimilation*: the vicious cycle,
pollution degrades the ecosystem, which then assimilates less (reinforcing). *Ecosystem health lowers
output*: a degraded ecosystem lowers output, mining and so pollution (balancing). *Depletion raises
ore cost*: poorer ore, more ore per tonne, dearer metal, less investment (balancing). *Investment
limited by cash flow*: output pays for investment, which adds capacity and output (reinforcing; off,
the economy grows as if financed from outside). The threshold constraint is a balancing loop with
its own switch. `entropy loops SCENARIO` shows which loop dominates when (Loops that Matter).""",
        "indicators": """**Indicators.** Circular material use rate (Eurostat): recovered material used
over domestic material consumption (ore mined, ore imported, fuel) plus recovered material used.
Finn Cycling Index (Finn 1976): the share of the metal throughflow that is cycled, from the integral
flow matrix. Mass balance (every stock of matter, less the mass that fluxes, fuel, air and imports
added) and exergy balance hold to 1e-9 in every run (`entropy check`).""",
        "sources": """Sources (details in each variable's documentation): Meadows et al. (1974)
*Dynamics of Growth in a Finite World*; Sterman (2000) *Business Dynamics*; Szargut, Morris and
Steward (1988) *Exergy Analysis of Thermal, Chemical and Metallurgical Processes*; Allwood and
Cullen (2012) *Sustainable Materials: With Both Eyes Open*; Cullen, Allwood and Bambach (2012);
Pauliuk, Wang and Müller (2012, 2013); Daehn, Cabrera Serrenho and Allwood (2017); Mudd (2010);
Norgate and Jahanshahi (2010); Norgate and Haque (2010); UNEP (2011) *Recycling Rates of Metals*;
Scheffer et al. (2001); World Bank and SEPA (2007); IPCC (2006); Finn (1976); Eurostat; Ministry of
Natural Resources (2023); Ministry of Ecology and Environment (2019). The seed: a paper on the
sustainability of Liaoning's industrial clusters.""",
    },
    "zh": {
        "intro": """产业集群是一个开放系统：它从自然界摄入**低熵**的物质和能量（矿石、煤炭），向环境排放
**高熵**废物。当地生态系统吸收废物的能力受其**环境承载力**限制；超过阈值后生态系统退化、吸收能力下降，
集群陷入机能递减的恶性循环。本模型（Vensim 文件 `sd_models/cluster/cluster.mdl`）描述一个钢铁产业链集群，
从矿石直到在用产品，2025 年产出 50 亿元（辽宁 49 个重点集群中 63% 的年产值在 10-100 亿元），
模拟 2025 至 2225 年。每个变量的单位与资料来源见其说明字段（“结构”页）。""",
        "economy": """**经济**（2025 年价格，十亿元）。产出 = MIN（产能，需求）× 健康效应 × 供给系数。需求
按逻辑斯蒂曲线增长：增长率为需求增长率（年 5%；2015-2024 年中国工业产出年增 5%-6%），趋近需求上限
（2025 年需求的 3 倍；人均钢材存量约 10-15 吨时需求饱和，Pauliuk、Wang 与 Müller 2012），并随价格上涨而下降
（弹性 0.5）。价格在一年内跟随单位成本，转嫁 70% 的成本上涨（完全成本定价，Sterman 2000 第 20 章）。
投资弥补期望资本与实际资本之差（更新、需求增长所需产能，以及 4 年内补齐缺口），由现金流支付：利润
（2025 年为产出的 8%，国家统计局）加折旧，减去矿石、能源与政策成本中价格未能转嫁的部分（结构参照
Sterman 2000《商业动态学》第 17 章）。资本产出比 0.5 年，计划利用率 0.8，资本寿命 15 年。生态系统完全退化时
损失 30% 的产出，产业经 5 年一阶延迟才感受到（世界银行与国家环保总局 2007：全国平均污染损失为 GDP 的 5.8%）。
供给系数取物质与能源可得性中较小者（李比希最小因子定律）。""",
        "products": """**产品：由生产驱动**（Mt）。产品中的金属 = 产出 × 物质强度（0.07 Mt/十亿元）×（1 - 减量化）。
五分之一的金属在加工中成为加工（新）废料（Cullen、Allwood 与 Bambach 2012）。产品售出：30% 在本地区使用，
进入三个队列存量（即展开写出的 Vensim DELAY3，在用质量可见），平均使用寿命 20 年（Pauliuk、Wang 与 Müller 2013
）；其余离开本地区，计入“输出物质”，使质量守恒。**再利用** 将本地区一部分报废产品再制造后重新投入使用，
最多占集群产品质量的一半。""",
        "scrap": """**新废料与旧废料。** 95% 的加工废料返回炉内。旧（报废）废钢按目标回收率回收（现状 0.6；
全球钢铁报废回收率为 70%-90%，UNEP 2011），受分解者（静脉产业）产能限制。该产能跟随可得废钢增长；
分解者杠杆只是其可占投资资金比例的上限（每 Mt/年 1.75 十亿元，来自大连金州补链改造）。重熔得率 0.9；
金属中废钢最多占 85%（铜等残余元素，Daehn、Cabrera Serrenho 与 Allwood 2017）；炉子无法消纳的废钢售往区外。""",
        "virgin": """**矿石、品位、土地与进口。** 集群开采辽宁铁矿储量（2022 年底 3,955 Mt，自然资源部）的 5%，
约 200 Mt 原矿。随着储量减少，品位从 31% 线性降至 15% Fe，每吨金属需要更多矿石：采矿能耗更高、尾矿更多、
金属更贵（Mudd 2010；Norgate 与 Jahanshahi 2010）。开采量不超过储量的十年开完速度；尾矿与炉渣需要土地
（200 Mt 堆存能力，至少 5 年填满：原文所说的土地资源强约束）。所需金属最多一半可以矿石形式从区外购入
（每吨铁 1,300 元）。**副产品交换** 将尾矿（现利用 27%）、炉渣与灰渣（75%）送往其他企业，最高达技术上限 95%。""",
        "waste": """**三个废物分区**，各有其容量（参照 World3 持久性污染部门，Meadows 等 1974，与 pyworld3 相同）：
堆存在**土地**上的固体废物（负荷 = 堆存量 / 土地容量）；**持久性污染物**（填埋质量的 1%：重金属、酸性排水），
经 World3 的三阶传输延迟（20 年）进入生态系统，按 World3 的吸收半衰期同化，半衰期随污染指数上升
（AHL70 = 1.5 年）；进入大气与水体的**快速排放**（每 GJ 化石能源 0.2 kg），当地环境最多可容纳
集群 2025 年能源用量全部来自化石能源时排放量的 2.5 倍。持久性负荷为污染物产生量除以生态系统在临界水平下的平衡同化能力，后者随健康度下降；临界水平为参考水平的 2 倍，
参考水平即 2025 年的产生量在 World3 半衰期 1.5 年下所维持的污染量（默认半衰期下即 2025 年自身的水平）。
**约束负荷** 取三者中的最大值；大于 1 即为超载（“探索”页中的阴影）。""",
        "ecosystem": """**生态系统健康度**（0 至 1）趋向污染压力所对应的水平：5 年内下降，30 年才能恢复，
一旦跌破 0.2 即崩溃、不再恢复（稳态转换，Scheffer 等 2001；再生能力在 0.3 至 0.2 之间逐渐消失）。
退化的生态系统同化能力下降（健康度为 0 时剩余 10%）：这是增强型恶性循环。健康度也降低产出。
在参数取值范围内，健康度始终保持在 [0, 1]。""",
        "energy": """**能源与 CO₂。** 采矿与选矿每吨原矿 0.4 GJ（Norgate 与 Haque 2010），因此每吨金属的采矿
能耗随品位下降而上升；炼铁炼钢 17 GJ/t（重点钢铁企业吨钢综合能耗 594 kgce）；废钢重熔 5 GJ/t；回收 0.5；
再制造 2；加工制造 0.12 PJ/十亿元。可再生能源比例为政策杠杆（现状 5%）；化石能源来自相当于 2025 年用量
200 年的储量，不足时由可再生能源替代。CO₂：每 TJ 煤炭 94.6 吨（IPCC 2006）。""",
        "exergy": """**有效能（exergy）与熵。** 每个过程都保持有效能平衡：输入（燃料、矿石、可再生能源）=
产品 + 废物 + 损失。铁的化学有效能为 6.7 GJ/t（Szargut、Morris 与 Steward 1988），矿石中的铁为 0.15 GJ/t
（Szargut 1989），煤为其热值的 1.06 倍（Szargut 与 Styrylska 1964）。还原金属的有效能随产品一起存留，
只在金属耗散（填埋）时一次性损失；再循环以能源为代价保留它。熵产按 Gouy-Stodola 关系计算：有效能损失
除以 T0。损失按可再生能源在有效能输入中的比例归于可再生能源并单列（阳光本就会退化）；首要指标为
**不可再生**熵产。""",
        "levers": """**政策杠杆及其成本。** 每个杠杆自政策起始年份起在推行时间内线性生效，从现状值（模型中的
Current ... 常数）变为政策值，其成本均由现金流支付：减量化 0.2 × 产出 × 减量化比例²（比例 0.4 时为产出的
3.2%）；再制造每吨 3,000 元；回收每吨 1,000 元，另加分解者的资本投资；副产品交换每吨 50 元；可再生能源
每 PJ 0.06 十亿元，化石能源 0.035。**阀限约束** 在约束负荷高于设定水平时只允许更新投资，不允许产能净增长。""",
        "loops": """**回路切断开关**（“探索”页“反馈回路”）：每个开关切断 `sd_models/cluster/loops.toml`
中的一个命名回路，以观察其作用。*健康度降低同化能力*：恶性循环，污染使生态系统退化，退化后同化能力下降
（增强回路）。*生态健康影响产出*：退化的生态系统降低产出、采矿以及污染（调节回路）。*资源耗竭推高矿石成本*：
矿石变贫，每吨金属需要更多矿石，金属更贵，投资减少（调节回路）。*投资受现金流约束*：产出支付投资，投资增加
产能与产出（增强回路；关闭时经济如同由外部融资而增长）。阀限约束是一个有独立开关的调节回路。
`entropy loops SCENARIO` 显示各回路何时占主导（Loops that Matter）。""",
        "indicators": """**指标。** 循环材料使用率（欧盟统计局 Eurostat 的定义）：回收利用的物质除以国内物质消耗（开采的矿石、
进口矿石、燃料）加回收利用的物质。Finn 循环指数（Finn 1976）：由积分流矩阵计算的金属通量中循环部分的比例。
每次运行的质量平衡（所有物质存量，扣除熔剂、燃料、空气与进口带入的质量）与有效能平衡误差均小于 1e-9
（`entropy check`）。""",
        "sources": """资料来源（详见各变量的说明）：Meadows 等（1974）；Sterman（2000）；Szargut、Morris 与
Steward（1988）；Allwood 与 Cullen（2012）；Cullen、Allwood 与 Bambach（2012）；Pauliuk、Wang 与 Müller
（2012、2013）；Daehn、Cabrera Serrenho 与 Allwood（2017）；Mudd（2010）；Norgate 与 Jahanshahi（2010）；
Norgate 与 Haque（2010）；UNEP（2011）；Scheffer 等（2001）；世界银行与国家环保总局（2007）；IPCC（2006）；
Finn（1976）；欧盟统计局（Eurostat）；自然资源部（2023）；生态环境部（2019）。原始论文：辽宁产业集群可持续发展研究。""",
    },
}


def paragraph(key: str, lang: str) -> str:
    """Section ``key`` as Markdown in ``lang``. Chinese text has no spaces between words, so its
    source line breaks are dropped (Markdown would show each as a space)."""
    if lang == "zh":
        return TEXT["zh"][key].replace("\n", "")
    return TEXT["en"][key]


def symbols(key: str, lang: str) -> str | None:
    """What the symbols of section ``key``'s formulas stand for, or None."""
    return WHERE["zh" if lang == "zh" else "en"].get(key)
