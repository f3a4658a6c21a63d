"""The regional model's waste-heat cascade between sectors: its equations, for ``tools/build_liaoning.py``.

A share of each sender's energy use (other than by-product processing) leaves as recoverable heat,
offered along the links of ``Heat Cascade Share[Sector,Receiver]``, rationed by each receiver's
low-temperature heat need, and used in place of bought energy; its exergy is the Carnot factor of
its delivery temperature. Plain names, as in ``liaoning_new.py``.
"""

from __future__ import annotations

_D = "Dmnl"

#: [(left-hand side, right-hand side, units, documentation)], as ``liaoning_new.NEW``.
HEAT: list[tuple[str, str, str, str]] = [
    ("Recoverable Heat Share", "0", f"{_D} [0,0.3,0.01]",
     "Share of a sector's energy use (other than by-product processing) that leaves its "
     "processes as heat recoverable for other users (flue gas, cooling water, steam; after pipe "
     "losses)."),
    ("Heat Absorption Share", "0", f"{_D} [0,0.8,0.05]",
     "Share of a sector's energy use (other than by-product processing) that is low-temperature "
     "heat (below about 150 C) which waste heat from other sectors can supply."),
    ("Heat Supply Temperature", "423.15", "K [333.15,573.15,5]",
     "Temperature at which a sector's recovered heat is delivered (steam or hot water)."),
    ("Heat Carnot Factor", "MAX(0, 1 - Reference Temperature / Heat Supply Temperature)", _D,
     "Exergy per unit of heat delivered at the supply temperature: the Carnot factor 1 - T0/T."),
    ("Heat Cascade Share[Sector,Receiver]", "", f"{_D} [0,1,0.05]",
     "Share of a sector's recoverable heat offered to each receiver (rows: senders; a share of 0 "
     "is an inactive link, each element a lever; the diagonal is heat shared between firms of "
     "one sector, e.g. a park's central heat network)."),
    ("Current Heat Cascade Share[Sector,Receiver]", "", f"{_D} [0,1,0.05]",
     "Share of a sector's recoverable heat passed to each receiver today (the default Heat "
     "Cascade Share). Not a lever: the 2025 network, as Current Exchange Share."),
    ("Heat Cascade Share In Effect[Sector,Receiver]", "Current Heat Cascade Share[Sector,Receiver]"
     " + (Heat Cascade Share[Sector,Receiver] * Exchange Network Switch"
     " - Current Heat Cascade Share[Sector,Receiver]) * Policy Phase", _D,
     "Heat share along each link: today's, moving to the levers' setting as policy is adopted."),
    ("Heat Offered Share Total[Sector]", "SUM(Heat Cascade Share In Effect[Sector,Receiver!])", _D,
     "Sum of a sender's heat shares in effect (a row above 1 is scaled down)."),
    ("Heat Eligible Energy Need", "Energy Need - Exchange Input Planned * Exchange Energy Per Tonne", "PJ/Year",
     "Energy full production would use, other than to process by-products received (that "
     "processing needs fuel or power, not low-temperature heat)."),
    ("Heat Eligible Energy Use", "Energy Use - Exchange Energy", "PJ/Year",
     "Energy used other than to process by-products received."),
    ("Recoverable Heat Planned", "Heat Eligible Energy Need * Recoverable Heat Share", "PJ/Year",
     "Recoverable heat at full production."),
    ("Heat Offered[Sector,Receiver]", "Recoverable Heat Planned[Sector] * Heat Cascade Share In Effect[Sector,Receiver]"
     " / MAX(1, Heat Offered Share Total[Sector])", "PJ/Year",
     "Waste heat each sender offers each receiver at full production."),
    ("Heat Offered To[Sector]", "SUM(Heat Offered[Receiver!,Sector])", "PJ/Year",
     "Waste heat offered to a sector by all senders."),
    ("Heat Absorption Capacity", "Heat Absorption Share * Heat Eligible Energy Need", "PJ/Year",
     "Waste heat a receiver can use at full production: its low-temperature heat need."),
    ("Heat Acceptance", "MIN(1, ZIDZ(Heat Absorption Capacity, Heat Offered To))", _D,
     "Share of the heat offered that a receiver accepts (rationing by its low-temperature need)."),
    ("Heat Input Planned", "Heat Offered To * Heat Acceptance", "PJ/Year",
     "Waste heat a sector plans to receive (it accepts the same share of every offer): it lowers "
     "the energy it asks of the fossil supply."),
    ("Heat Sender Activity", "MIN(1, XIDZ(Heat Eligible Energy Use, Heat Eligible Energy Need, 0))", _D,
     "Share of its full-production heat a sender rejects: a sector running below capacity "
     "rejects less."),
    ("Heat Supplied[Sector,Receiver]", "Heat Offered[Sector,Receiver] * Heat Acceptance[Receiver]"
     " * Heat Sender Activity[Sector]",
     "PJ/Year", "Accepted heat the senders deliver at their actual activity."),
    ("Heat Supplied To[Sector]", "SUM(Heat Supplied[Receiver!,Sector])", "PJ/Year",
     "Waste heat delivered to a sector by all senders."),
    ("Heat Use Fraction", "MIN(1, ZIDZ(Heat Absorption Share * Heat Eligible Energy Use, Heat Supplied To))", _D,
     "Share of the heat delivered a receiver uses: all of it unless its actual low-temperature "
     "need is smaller."),
    ("Heat Flow[Sector,Receiver]", "Heat Supplied[Sector,Receiver] * Heat Use Fraction[Receiver]", "PJ/Year",
     "Waste heat passed from each sector to each receiver (it replaces the receiver's bought "
     "energy one for one, ignoring the boiler losses it also saves: conservative)."),
    ("Heat Exergy Flow[Sector,Receiver]", "Heat Flow[Sector,Receiver] * Heat Carnot Factor[Sector]",
     "PJ/Year", "Exergy of the heat passed from each sector to each receiver."),
    ("Heat Input[Sector]", "SUM(Heat Flow[Receiver!,Sector])", "PJ/Year",
     "Waste heat a sector receives (never more than Heat Absorption Share of its energy use)."),
    ("Heat Output[Sector]", "SUM(Heat Flow[Sector,Receiver!])", "PJ/Year",
     "Recovered heat a sector passes on."),
    ("Heat Input Exergy[Sector]", "SUM(Heat Exergy Flow[Receiver!,Sector])", "PJ/Year",
     "Exergy of the waste heat received."),
    ("Heat Output Exergy[Sector]", "SUM(Heat Exergy Flow[Sector,Receiver!])", "PJ/Year",
     "Exergy of the recovered heat passed on."),
    ("Bought Energy Exergy Factor", "XIDZ(Fossil Exergy Input + Renewable Exergy Input, Energy Use"
     " - Heat Input, Fossil Exergy Factor)", _D,
     "Exergy per unit of bought energy (fossil and renewable: at least 1)."),
    ("Heat Unit Cost", "0.015", "BCNY/PJ [0,0.05,0.001]",
     "Cost of waste heat delivered to a receiver (heat exchangers, pipes and pumping; 15 CNY/GJ "
     "against about 34 CNY/GJ for coal; assumption)."),
    ("Cumulative Heat Input", "INTEG(Heat Input, 0)", "PJ", "Waste heat received so far."),
    ("Cumulative Heat Input Exergy", "INTEG(Heat Input Exergy, 0)", "PJ",
     "Exergy of the waste heat received so far (for the sector's exergy balance)."),
    ("Cumulative Heat Output Exergy", "INTEG(Heat Output Exergy, 0)", "PJ",
     "Exergy of the recovered heat passed on so far (for the sector's exergy balance)."),
    ("Total Heat Cascade", "SUM(Heat Output[Sector!])", "PJ/Year", "Waste heat passed between sectors."),
]
