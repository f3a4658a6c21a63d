"""The Method page's sections on what the Liaoning model adds to the cluster model.

Worded from the documentation fields and equations of ``sd_models/liaoning/liaoning.mdl``
(groups Exchange, Heat cascade and Regional), which carry the sources. Shown before the
cluster model's sections, which every sector's cluster follows.
"""

from __future__ import annotations

#: (section key, LaTeX formulas) in reading order.
FORMULAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("regional_intro", ()),
    ("exchange", (
        r"O_{ij} = \frac{B_i}{\tau_{inv}}\,\frac{e_{ij}}{\max(1, \sum_k e_{ik})},\qquad "
        r"e_{ij} = e^{0}_{ij} + \bigl(\bar e_{ij}\,\ell_{ij}\,n - e^{0}_{ij}\bigr)\,\phi(t)",
        r"a_j = \min\!\Bigl(1,\ \frac{\alpha_j\,M_j}{s_j \sum_i O_{ij}}\Bigr),\qquad "
        r"F_{ij} = O_{ij}\,a_j\,u_j,\qquad s_j = 1 - f_j\Bigl(1 - \min\!\bigl(1, \tfrac{x_{in,j}}{x_j}\bigr)\Bigr)",
    )),
    ("heat", (
        r"Q_{ij} = q_i\,E_i\,\frac{h_{ij}}{\max(1, \sum_k h_{ik})}\;\min\!\Bigl(1, "
        r"\frac{\beta_j E_j}{\sum_i q_i E_i h_{ij}}\Bigr),\qquad X^{Q}_{ij} = Q_{ij}\Bigl(1 - \frac{T_0}{T_i}\Bigr)",
    )),
    ("sink", (
        r"S_i = G_{p,i}\,\sigma_i,\qquad \frac{dP_R}{dt} = \frac{T_R}{\tau_R} - "
        r"\bigl(1 - (1 - a_r)(1 - H_R)\bigr)\frac{P_R}{1.4\,\mathrm{AHL}_R},\qquad "
        r"L_R = \frac{\sum_i S_i}{C_R}",
        r"L_{region} = \max\bigl(\max_i L_i,\ L_R\bigr)",
    )),
    ("network", (
        r"\mathrm{FCI} = \frac{\sum_i \bigl(1 - 1/n_{ii}\bigr) T_i}{\sum_i T_i},\qquad "
        r"a = \frac{A}{C},\qquad R = -a \ln a",
    )),
)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "regional_intro": (
            "### The Liaoning model\n"
            "Nine sector clusters of Liaoning (equipment, petrochemicals, metallurgy, building materials, "
            "agri-food, textiles, shipbuilding, energy and a decomposer sector) each run the cluster model's "
            "structure below, with their own data (Liaoning statistical yearbooks; sources in each constant's "
            "documentation), their own local environment and their own levers (one value per sector). They "
            "are linked three ways: by-products pass between them along an exchange network, waste heat "
            "cascades from hot processes to ones that need low-temperature heat, and a share of every "
            "sector's persistent pollution spills over into one shared regional sink (the Liao River basin "
            "and the Bohai coast). Fossil energy comes from one shared provincial supply."),
        "exchange": (
            "**The by-product exchange network.** Each sector's usable by-products (tailings, slag, ash, "
            "surplus scrap, the decomposer's secondary materials) wait in an inventory for about three "
            "months and are then offered to receivers along the network's links, each link with a share "
            "(a matrix of levers, and a switch per link). Today's links (Current Exchange Share) move to "
            "the setting as the policy is adopted, as every lever does, so a scenario never changes the "
            "2025 state the local capacities are calibrated on. A receiver accepts up to what its process "
            "can absorb (Absorption Share of its material need) and takes the same share of every offer; "
            "a fuel (the energy sector) takes by-products at the ratio of their exergy to its own, and the "
            "rest of the mass leaves as conversion loss. Processing costs energy (0.3 PJ/Mt) and transport "
            "money (50 CNY/t)."),
        "heat": (
            "**The waste-heat cascade.** A share of each sector's energy use leaves its processes as "
            "recoverable heat (steel 0.15, coking 0.12, refining and cement 0.10; Papapetrou et al. 2018 give "
            "the order of magnitude); along a link it replaces a receiver's bought energy up to its "
            "low-temperature need (food and textiles half of their energy), lowering fossil use and CO2. "
            "Heat carries exergy at the Carnot factor of its delivery temperature (90-200 °C)."),
        "sink": (
            "**The shared regional sink.** A share of every sector's persistent pollutants (10-25%) is "
            "carried, after a transit delay of about ten years, into one regional sink assimilated as "
            "World3's persistent pollution, with its own ecosystem health and carrying capacity. The "
            "region's binding load is the largest of every local load and the sink's."),
        "network": (
            "**Network metrics** (Exchange network page), with the sectors as nodes, by-product flows as "
            "internal flows and virgin and own recycled material as boundary inputs: Finn's cycling index "
            "(Finn 1976), the share of throughflow that cycles; cyclicity, the spectral radius of the link "
            "structure (Fath 2015); Ulanowicz's ascendency ratio a = A/C and robustness R = -a ln a "
            "(Ulanowicz et al. 2009), highest between efficiency and redundancy; connectance; and the share "
            "of exchange that each node's loss would take with it (first-order, no rerouting)."),
    },
    "zh": {
        "regional_intro": (
            "### 辽宁模型\n"
            "辽宁的九个行业集群（装备制造、石化、冶金、建材、农产品加工、纺织、船舶与海工、能源以及分解者行业）"
            "各自采用下述集群模型的结构，使用各自的数据（辽宁统计年鉴；来源见各常数的说明）、各自的本地环境与各自的杠杆"
            "（每个行业一个值）。它们通过三条途径相连：副产品沿交换网络在行业间流动；余热从高温工序梯级传给需要低温热的工序；"
            "各行业的持久性污染有一部分溢出到共同的区域环境汇（辽河流域与渤海沿岸）。化石能源来自全省共同的供给。"),
        "exchange": (
            "**副产品交换网络。** 各行业可利用的副产品（尾矿、炉渣、灰渣、富余废料、分解者的再生原料）在库存中停留约三个月后，"
            "沿网络中的联系提供给接收行业，每条联系有一个比例（杠杆矩阵，每条联系还有一个开关）。现有联系（Current Exchange "
            "Share）随政策推行逐步变为设定值，与所有杠杆相同，因此情景不会改变本地承载力所依据的 2025 年状态。接收行业最多接收其"
            "工艺可吸收的量（物料需求的吸收比例），并对每份供给接收相同比例；燃料（能源行业）按副产品与自身有效能之比接收，"
            "其余质量作为转换损失离开。加工耗能（0.3 PJ/Mt），运输耗资（50 元/吨）。"),
        "heat": (
            "**余热梯级利用。** 各行业能源使用的一部分以可回收余热离开工序（钢铁 0.15、炼焦 0.12、炼油与水泥 0.10；"
            "Papapetrou 等 2018 给出量级）；沿联系传给接收行业，在其低温用热需求范围内替代外购能源（食品与纺织为其能源的一半），"
            "从而减少化石能源使用与 CO₂。余热的有效能按其供热温度（90-200 °C）的卡诺因子计算。"),
        "sink": (
            "**共同的区域环境汇。** 各行业持久性污染物的一部分（10%-25%）经约十年的传输延迟进入一个区域环境汇，"
            "按 World3 的持久性污染方式同化，并有其自身的生态健康度与承载力。区域约束负荷比为各本地负荷与环境汇负荷中的最大者。"),
        "network": (
            "**网络指标**（交换网络页），以行业为节点、副产品流为内部流、原生与自身回收物料为边界输入："
            "芬恩循环指数（Finn 1976），即循环流动的通量份额；循环度，即联系结构的谱半径（Fath 2015）；"
            "Ulanowicz 的优势度比 a = A/C 与稳健性 R = -a ln a（Ulanowicz 等 2009），在效率与冗余之间最高；连接度；"
            "以及失去各节点所带走的交换份额（一阶，不考虑改道）。"),
    },
}

WHERE: dict[str, dict[str, str]] = {
    "en": {
        "exchange": ("B: by-product inventory; τ_inv: inventory time; e: share in effect (e⁰ today's, ē the "
                     "lever, ℓ the link switch, n the network switch, φ the policy phase); a: acceptance; α: "
                     "absorption share; M: material need; u: use fraction; f: 1 for a fuel; x: specific exergy."),
        "heat": "q: recoverable heat share; E: energy use; h: heat cascade share; β: heat absorption share; T: "
                "delivery temperature; T₀: 298.15 K.",
        "sink": "G_p: persistent pollutant generation; σ: spill-over fraction; T_R: pollution in transit; τ_R: "
                "transit delay; H_R: regional health; C_R: regional carrying capacity.",
        "network": "T: throughflow; n_ii: diagonal of the inverse of (I - G); A: ascendency; C: development "
                   "capacity.",
    },
    "zh": {
        "exchange": ("B：副产品库存；τ_inv：库存时间；e：生效比例（e⁰ 为现状，ē 为杠杆，ℓ 为联系开关，n 为网络开关，φ 为政策进度）；"
                     "a：接收率；α：吸收比例；M：物料需求；u：利用比例；f：燃料为 1；x：比有效能。"),
        "heat": "q：可回收余热比例；E：能源使用；h：余热梯级比例；β：余热吸收比例；T：供热温度；T₀：298.15 K。",
        "sink": "G_p：持久性污染物产生量；σ：溢出比例；T_R：传输中的污染物；τ_R：传输延迟；H_R：区域健康度；C_R：区域承载力。",
        "network": "T：通量；n_ii：(I - G) 逆矩阵的对角元素；A：优势度；C：发展容量。",
    },
}


def paragraph(key: str, lang: str) -> str:
    """Section ``key`` as Markdown in ``lang``."""
    return TEXT["zh" if lang == "zh" else "en"][key]


def symbols(key: str, lang: str) -> str | None:
    """What the symbols of section ``key``'s formulas stand for, or None."""
    return WHERE["zh" if lang == "zh" else "en"].get(key)
