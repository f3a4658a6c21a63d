"""Method: what the model assumes and how entropy and carrying capacity are computed."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t

state.init()
lang = state.lang()
st.title(t("page_method", lang))

TEXT = {
    "en": {
        "intro": """An industrial cluster is an open system: it takes **low-entropy** matter and
energy (ores, fossil fuels) from nature and returns **high-entropy** waste. The local ecosystem
absorbs waste only up to its **carrying capacity**; past a threshold it degrades, absorbs less,
and the cluster enters a vicious cycle of declining function. This model (a Vensim file,
`sd_models/cluster/cluster.mdl`) follows that argument with one cluster of 5 BCNY output a year,
2025 to 2225. Every variable's units and source are in its documentation (see Structure).""",
        "material": """**Material cycle (Mt).** Extraction from the ore reserve feeds processing;
products enter use, where their target stock follows output times material intensity; after their
service life they are collected for recycling at the recycle rate, up to the capacity of the
decomposer (vein) industry, or discarded. Recycling has a yield below 1, and recycled material can
be at most 85% of external input (impurities), so 100% circularity is impossible. Losses go to
the waste stock; the ecosystem assimilates waste into a separate stock, so that mass balances
exactly:""",
        "eco": """**Ecosystem (World3's persistent pollution).** Assimilation slows as waste piles up,
with half-life multiplier AHLM = 1 + 0.04 (W/W_ref - 1), clamped to [1, 41], AHL70 = 1.5 years,
and scales with ecosystem health H. Past the critical waste level health is damaged; it recovers
slowly, and not at all below the collapse threshold. Health limits output: the vicious cycle.""",
        "load": """**Carrying-capacity load ratio**: waste generation over what the ecosystem can
assimilate at the critical waste level with its present health. Above 1 the cluster is in
overshoot (shaded on Explore).""",
        "entropy": """**Entropy (Gouy-Stodola).** Entropy generated is exergy destroyed over the
dead-state temperature T0 = 298.15 K: the chemical exergy of fossil fuel (1.06 times its heating
value, Szargut) burned, plus the chemical exergy of material dispersed as waste (iron: 6.7 GJ/t).
Renewable energy is sunlight that is degraded anyway: its use is reported separately and not
charged.""",
        "levers": """**Levers** phase in linearly from the policy start year over the adoption time.
The **threshold constraint** (阀限约束) stops net growth while the load is above its level.
Circular material use rate = cycled input / total material input (Eurostat). The Finn Cycling
Index measures how much of the material throughflow is cycled (Finn 1976).""",
        "rebound": """**Rebound.** With the ecosystem feeding back on output, recycling that averts
a collapse lets the cluster grow further, so total virgin extraction over the horizon can rise.
For a fixed output path (switch off "Ecosystem and resources limit output"), more recycling never
raises extraction; the test suite checks both.""",
        "sources": """Sources: Meadows et al. (1974) *Dynamics of Growth in a Finite World*; Szargut,
Morris and Steward (1988) *Exergy Analysis of Thermal, Chemical and Metallurgical Processes*;
Allwood and Cullen (2012) *Sustainable Materials: With Both Eyes Open*; Cullen et al. (2012);
Pauliuk et al. (2013); Daehn et al. (2017); Finn (1976); Eurostat. The seed: a paper on the
sustainability of industrial clusters in Liaoning (49 key clusters; 63% with output of 1-10
BCNY).""",
    },
    "zh": {
        "intro": """产业集群是一个开放系统：它从自然界摄入**低熵**的物质和能量（矿产、化石燃料），
向环境排放**高熵**废物。当地生态系统吸收废物的能力受其**环境承载力**限制；超过阈值后生态系统退化、
吸收能力下降，集群陷入机能递减的恶性循环。本模型（Vensim 文件 `sd_models/cluster/cluster.mdl`）
以一个年产出 50 亿元的集群为例，模拟 2025 至 2225 年。每个变量的单位与数据来源见“结构”页。""",
        "material": """**物质循环（Mt）。** 从矿产储量开采的原生资源进入加工；产品投入使用，其在用存量目标
等于产出乘以物质强度；产品寿命结束后，按回收率由分解者（静脉产业）回收，受其产能限制，其余被废弃。
再生利用的得率小于 1，再生料最多占外部投入的 85%（杂质），因此不可能实现 100% 循环。损耗进入废物存量；
生态系统同化的废物计入单独的存量，使质量严格守恒：""",
        "eco": """**生态系统（World3 持久性污染）。** 废物越多，同化越慢：半衰期乘数 AHLM = 1 + 0.04
(W/W_ref - 1)，限制在 [1, 41]，AHL70 = 1.5 年；同化量随生态健康度 H 变化。废物超过临界水平后健康度受损，
恢复缓慢，低于崩溃阈值后不再恢复。健康度限制产出：形成恶性循环。""",
        "load": """**环境承载负荷比**：废物产生量除以生态系统在当前健康度、临界废物水平下的同化能力。
大于 1 即为超载（“探索”页中的阴影）。""",
        "entropy": """**熵（Gouy-Stodola 关系）。** 熵产等于㶲损失除以环境温度 T0 = 298.15 K：燃烧化石燃料
损失的化学㶲（为热值的 1.06 倍，Szargut），加上以废物形式耗散的物质化学㶲（铁：6.7 GJ/t）。
可再生能源来自本就会退化的太阳光，单独报告，不计入集群熵产。""",
        "levers": """**政策杠杆** 自政策起始年份起在推行时间内线性生效。**阀限约束** 在负荷高于设定水平时
停止净增长。循环材料使用率 = 循环投入 / 物质总投入（欧盟统计局定义）。Finn 循环指数衡量物质通量中
循环部分的比例（Finn 1976）。""",
        "rebound": """**反弹效应。** 由于生态系统反馈影响产出，避免崩溃的再循环使集群得以继续增长，
整个时段内原生资源开采总量可能上升。在产出路径固定时（关闭“生态与资源限制产出”），提高再循环从不增加开采；
测试同时验证这两点。""",
        "sources": """资料来源：Meadows 等（1974）；Szargut、Morris 与 Steward（1988）；Allwood 与 Cullen（2012）；
Cullen 等（2012）；Pauliuk 等（2013）；Daehn 等（2017）；Finn（1976）；欧盟统计局。原始论文：辽宁产业集群
可持续发展研究（49 个重点集群，63% 产值在 10-100 亿元）。""",
    },
}[lang]

st.markdown(TEXT["intro"])
st.markdown(TEXT["material"])
st.latex(r"R + P + W + A = \text{initial total} + \text{combustion residue added}")
st.markdown(TEXT["eco"])
st.latex(r"\text{assimilation} = \left(h_0 + (1-h_0)\,H\right)\,\frac{W}{1.4\,\mathrm{AHL}(W)}")
st.markdown(TEXT["load"])
st.latex(r"L = \frac{\text{waste generation}}{\left(h_0 + (1-h_0)H\right) W_c / \left(1.4\,\mathrm{AHL}(W_c)\right)}")
st.markdown(TEXT["entropy"])
st.latex(r"\dot S_{gen} = \frac{\dot X_{destroyed}}{T_0} = \frac{1.06\,\dot E_{fossil} + e_{ch}\,\dot m_{waste}}{298.15\ \mathrm{K}}")
st.markdown(TEXT["levers"])
st.latex(r"\mathrm{FCI} = \frac{\sum_j \frac{n_{jj}-1}{n_{jj}} T_j}{\sum_j T_j},\qquad N = (I - G)^{-1}")
st.markdown(TEXT["rebound"])
st.markdown(TEXT["sources"])
