"""What the regional model changes and adds to the cluster model's equations.

Read by ``tools/build_liaoning.py``. Equations are written with plain names:
the builder adds ``[Sector]`` to every arrayed variable. Entries whose
left-hand side carries subscripts (the exchange matrices, the receiver-side
sums and the regional totals) are written exactly as they appear in the model.

The exchange network (after the research notes, ``shared/research/regional.md``):

* each sector's used by-products (tailings, slag and ash at the cluster
  model's utilisation rates), its surplus scrap and, for the decomposer, its
  products enter a by-product inventory (a stock, so the network has no
  simultaneous equations) and are dispatched within about a season;
* ``Exchange Offered[s, r] = dispatch[s] * share[s, r] * link active[s, r]``,
  rows scaled to at most 1;
* each receiver accepts at most its absorption capacity (a share of its
  material input, within what its own scrap leaves):
  ``acceptance[r] = MIN(1, ZIDZ(capacity[r], SUM offered[*, r]))``;
* accepted by-products replace the receiver's virgin input, pro rata to its
  production (mass and exergy accounted, processing energy and transport
  cost paid); what is not exchanged goes to users outside the modelled
  sectors, as in the cluster model.

The waste-heat cascade and the shared regional parts (sink, fossil supply,
totals) are in ``liaoning_heat.py`` and ``liaoning_regional.py``.
"""

from __future__ import annotations

from liaoning_heat import HEAT
from liaoning_regional import REGIONAL

#: Constants of the cluster model that become one lever per sector (same default everywhere).
POLICY_ARRAYS = (
    "Reduce Policy",
    "Reuse Policy",
    "By Product Exchange Policy",
    "Decomposer Investment Share Policy",
    "Renewable Share Policy",
    "Inter Regional Export Share",
)

#: Variables kept scalar although they read arrayed ones (their equation is an override).
SCALAR = {"fossil reserve"}

#: name -> (new right-hand side, note appended to the documentation).
OVERRIDES: dict[str, tuple[str, str]] = {
    "Change In Health Felt": (
        "(MIN(Ecosystem Health, Regional Ecosystem Health) - Health Felt By Industry) / Health Effect Delay",
        "industry feels the worse of its local ecosystem and the shared regional sink's.",
    ),
    "Effective Demand": (
        "Product Demand * Price Effect On Demand + Chain Filling Output * Policy Phase",
        "plus the chain-filling output added by policy.",
    ),
    "Threshold Binding": (
        "IF THEN ELSE(Threshold Constraint Active > 0 :AND: MAX(Binding Load Ratio, Regional Load Ratio)"
        " > Threshold Load Level, 1, 0)",
        "the local binding load or the regional sink's load.",
    ),
    "Initial Unit Variable Cost": (
        "INITIAL(XIDZ(Variable Costs, Potential Output, 0))",
        "zero for a sector without output.",
    ),
    "Margin Before Materials": (
        "Profit Share + INITIAL(XIDZ(Capital Depreciation, Potential Output, 0)) + Initial Unit Variable Cost",
        "",
    ),
    "Products Sold Locally": (
        "New Products * (1 - Products To Exchange Share) * Local Use Share",
        "products offered to the exchange network are not sold.",
    ),
    "Products Exported": (
        "New Products * (1 - Products To Exchange Share) * (1 - Local Use Share)",
        "",
    ),
    "Initial Local Sales": (
        "Initial Product Demand * Material Intensity * Local Use Share * (1 - Products To Exchange Share)",
        "",
    ),
    "Ore Reserve Fraction": (
        "XIDZ(Ore Reserve, Initial Ore Reserve, 0)",
        "zero for a sector without its own resource.",
    ),
    "Land Limit": (
        "XIDZ(MAX(0, Land Capacity - Land Stockpile) / Minimum Land Fill Time, Landfill Per Tonne Virgin Metal, 1e+09)",
        "no limit where virgin material leaves nothing to landfill.",
    ),
    "Virgin Metal Planned": (
        "MAX(0, Metal Required - Secondary Metal Potential - Exchange Material Planned)",
        "less the material the by-products received from other sectors replace.",
    ),
    "Most Metal Producible": (
        "MIN(XIDZ(Virgin Supply Capacity + Exchange Material Planned, 1 - Maximum Scrap Share, Metal Required),"
        " (Recycling Yield * Old Scrap Collection + Virgin Supply Capacity + Exchange Material Planned)"
        " / (1 - Recycling Yield * Process Scrap Recycling Rate * (1 - Fabrication Yield)))",
        "by-products received add to the virgin supply in both limits (scrap share and supply).",
    ),
    "Virgin Metal": (
        "Metal Production - Secondary Metal - Exchange Material",
        "less the material the by-products received from other sectors replace (never negative: a receiver uses at "
        "most what its production needs beyond its own scrap).",
    ),
    "Energy Need": (
        "Local Virgin Planned * Ore Energy Intensity / Metal Per Tonne Ore + Virgin Metal Planned"
        " * Primary Energy Intensity + Secondary Metal Potential * Secondary Energy Intensity"
        " + Old Scrap Collection * Recycling Energy Intensity + Remanufacturing Planned"
        " * Remanufacturing Energy Intensity + Potential Output * Fabrication Energy Intensity"
        " + Exchange Input Planned * Exchange Energy Per Tonne",
        "plus the energy to process by-products received.",
    ),
    "Fossil Supply Capacity": (
        "Regional Fossil Supply Capacity * ZIDZ(Fossil Need, Regional Fossil Need)",
        "the regional fossil supply shared in proportion to each sector's fossil need.",
    ),
    "Fossil Reserve": (
        "INTEG(-Regional Fossil Energy Use, Fossil Resource Lifetime * Regional Fossil Need)",
        "one reserve shared by all sectors.",
    ),
    "Tailings Utilisation": (
        "Base Tailings Utilisation + (Maximum Utilisation - Base Tailings Utilisation) * Decomposer Uptake Fraction",
        "plus the unused residues a decomposer (chain-filling) industry takes up.",
    ),
    "Slag Utilisation": (
        "Base Slag Utilisation + (Maximum Utilisation - Base Slag Utilisation) * Decomposer Uptake Fraction",
        "plus the unused slag and ash a decomposer (chain-filling) industry takes up.",
    ),
    "Unit Variable Cost": (
        "MIN(Maximum Unit Variable Cost, XIDZ(Variable Costs, Industrial Output, Initial Unit Variable Cost))",
        "",
    ),
    "Solid Waste Landfilled": (
        "Unused By Products - Inter Regional Waste Export + Process Scrap Landfilled + Remelting Losses"
        " + Uncollected End Of Life",
        "less the by-products sent to other regions.",
    ),
    "Material Exported": (
        "INTEG(Products Exported, 0)",
        "surplus scrap now goes through the by-product inventory.",
    ),
    "Exchanged By Products": (
        "INTEG(Outside Use, 0)",
        "by-products used outside the modelled sectors (in the cluster model: all used by-products).",
    ),
    "Exchange Cost": (
        "By Product Utilisation * Exchange Unit Cost + Exchange Input * Exchange Transport Cost"
        " + Inter Regional Waste Export * Inter Regional Transport Cost",
        "plus transport of by-products received and of wastes sent to other regions.",
    ),
    "Circular Material Use Rate": (
        "XIDZ(Scrap Remelted + Remanufacturing + By Product Utilisation + Exchange Input,"
        " Domestic Material Consumption + Scrap Remelted + Remanufacturing + By Product Utilisation"
        " + Exchange Input, 0)",
        "by-products received count as secondary input.",
    ),
    "Pollution In Transit 1": (
        "INTEG(Local Pollutant Generation - Transit Flow 1, Local Pollutant Generation * Transmission Delay / 3)",
        "only the pollutants that stay local.",
    ),
    "Pollution In Transit 2": (
        "INTEG(Transit Flow 1 - Transit Flow 2, Local Pollutant Generation * Transmission Delay / 3)", "",
    ),
    "Pollution In Transit 3": (
        "INTEG(Transit Flow 2 - Pollution Arrival, Local Pollutant Generation * Transmission Delay / 3)", "",
    ),
    "Reference Pollution": (
        "MAX(INITIAL(Local Pollutant Generation), Reference Generation Floor) * Half Life To Time Constant"
        " * Reference Half Life",
        "a sector that barely exists in 2025 (the decomposer) is judged against the environment of "
        "the size it is planned to reach (Reference Generation Floor).",
    ),
    "Emission Capacity": (
        "Emission Capacity Ratio * MAX(INITIAL(Energy Need), Reference Energy Floor) * Fast Emission Factor",
        "with a floor for a sector that barely exists in 2025, as Reference Pollution.",
    ),
    "Equilibrium Pollution": (
        "Local Pollutant Generation * Half Life To Time Constant * Base Assimilation Half Life"
        " * MAX(1, 0.96 / (1 - 0.04 * Base Assimilation Half Life / Reference Half Life))", "",
    ),
    "Persistent Load Ratio": (
        "XIDZ(Local Pollutant Generation, Carrying Capacity, 0)", "",
    ),
    "Pollution Stress": (
        "MAX(0, XIDZ(Persistent Pollution, Critical Pollution, 0) - 1) + MAX(0, Emission Load Ratio - 1)", "",
    ),
    "Emission Load Ratio": ("XIDZ(Fast Emissions, Emission Capacity, 0)", ""),
    "Energy Use": (
        "Mining Energy + Primary Energy + Secondary Energy + Recycling Energy + Remanufacturing Energy"
        " + Fabrication Energy + Exchange Energy",
        "plus the energy to process by-products received.",
    ),
    "Energy Availability": (
        "MIN(1, XIDZ(Fossil Supply Capacity, (Energy Need - Heat Input Planned) * (1 - Maximum Renewable Share), 1))",
        "waste heat received from other sectors covers part of the energy need.",
    ),
    "Fossil Energy Use": (
        "MIN((Energy Use - Heat Input) * (1 - Renewable Share), Fossil Supply Capacity)",
        "waste heat received replaces bought energy (fossil and renewable in their shares).",
    ),
    "Renewable Energy Use": (
        "Energy Use - Heat Input - Fossil Energy Use",
        "less the waste heat received.",
    ),
    "Energy Exergy Factor": (
        "XIDZ(Fossil Exergy Input + Renewable Exergy Input + Heat Input Exergy - Heat Output Exergy"
        " - Exchange Energy * Bought Energy Exergy Factor, Heat Eligible Energy Use, Fossil Exergy Factor)",
        "exergy per unit of energy used by the processes other than by-product processing (which "
        "runs on bought energy): bought energy and waste heat received, less the exergy leaving as "
        "recovered heat (recovered heat is not destroyed in the sender: its exergy is taken from "
        "these processes pro rata to their energy, an assumption). Never negative within the "
        "ranges: at most 80% of their energy is heat received and at most 30% leaves as heat, at a "
        "Carnot factor below 0.5.",
    ),
    "Total Exergy Input": (
        "Fossil Exergy Input + Renewable Exergy Input + Ore Exergy Input + Imported Ore Exergy + Heat Input Exergy",
        "plus the exergy of waste heat received.",
    ),
    "Energy Cost": (
        "Fossil Energy Use * Fossil Energy Price + Renewable Energy Use * Renewable Energy Price"
        " + Heat Input * Heat Unit Cost",
        "plus the cost of waste heat received.",
    ),
    "Policy Cost": (
        "Collection Cost + Exchange Cost + Remanufacturing Cost + Reduce Cost + Decomposer Investment"
        " + Renewable Energy Use * MAX(0, Renewable Energy Price - Fossil Energy Price) + Heat Input * Heat Unit Cost",
        "plus the heat cascade: what the waste heat received costs (its piping and exchangers).",
    ),
    "Primary Destruction": (
        "Primary Energy * Energy Exergy Factor + Ore Exergy Input + Imported Ore Exergy - Virgin Metal"
        " * Metal Specific Exergy - By Product Exergy Formed",
        "less the exergy carried away in used by-products.",
    ),
    "Exergy Destroyed": (
        "Mining Destruction + Primary Destruction + Secondary Destruction + Other Process Destruction"
        " + Dispersal Destruction + Exchange Processing Destruction",
        "",
    ),
    "Exergy Exported": (
        "Products Exported * Metal Specific Exergy + Outside Use Exergy",
        "surplus scrap's exergy leaves through the by-product inventory.",
    ),
}

_D = "Dmnl"
#: New groups (name, description), placed before the control section.
NEW_GROUPS = [
    (".Exchange", "The by-product exchange network between sectors (producer, consumer and decomposer)."),
    (".Heat cascade", "Waste heat passed between sectors (the seed: waste heat, 废热, recovered through "
     "pipes before it reaches the environment, before the energy is wholly bound): a "
     "share of a sender's energy leaves its processes as recoverable heat, which replaces bought "
     "energy in receivers that use low-temperature heat, with its exergy at the Carnot factor."),
    (".Regional", "The shared regional sink, the shared fossil supply and regional totals."),
]

#: group -> [(left-hand side, right-hand side, units, documentation)].
NEW: dict[str, list[tuple[str, str, str, str]]] = {
    ".Exchange": [
        ("Products To Exchange Share", "0", f"{_D} [0,1,0.05]", "Share of new products offered to other sectors."),
        ("Products To Exchange", "New Products * Products To Exchange Share", "Mt/Year",
         "New products offered to other sectors through the exchange network (the decomposer's output)."),
        ("Exchangeable By Products", "By Product Utilisation + Surplus Scrap Sold + Products To Exchange",
         "Mt/Year", "By-products a sector can pass on: used tailings, slag and ash, surplus scrap and "
         "products offered to the network."),
        ("By Product Exergy Formed",
         "(Tailings * Tailings Utilisation + Smelting Slag * Slag Utilisation) * By Product Specific Exergy",
         "PJ/Year", "Exergy carried away in used mining residues and slag (ash counts as none)."),
        ("By Product Specific Exergy", "0.5", "PJ/Mt [0,20,0.1]", "Chemical exergy of used residues."),
        ("Exchangeable Exergy", "By Product Exergy Formed + (Surplus Scrap Sold + Products To Exchange)"
         " * Metal Specific Exergy", "PJ/Year", "Exergy of the by-products entering the inventory."),
        ("Inventory Time", "0.25", "Year [0.125,2,0.125]",
         "Time by-products wait before dispatch (stockyards hold weeks to months of slag and ash; "
         "assumption). The inventory stock also keeps the network free of simultaneous equations."),
        ("Initial By Product Inventory", "0", "Mt [0,1000]",
         "By-products in stock in 2025: the stock one year into a run that starts empty, computed by "
         "tools/build_liaoning.py (a spin-up: an initial value from production would make the "
         "initial state circular, since production depends on the fossil reserve, whose size "
         "depends on the energy needed to process exchanged by-products)."),
        ("Initial By Product Inventory Exergy", "0", "PJ [0,100000]",
         "Exergy of the by-products in stock in 2025 (spin-up, as Initial By Product Inventory)."),
        ("By Product Inventory", "INTEG(Exchangeable By Products - By Product Dispatch,"
         " Initial By Product Inventory)", "Mt", "By-products waiting for dispatch."),
        ("By Product Inventory Exergy", "INTEG(Exchangeable Exergy - Dispatch Exergy,"
         " Initial By Product Inventory Exergy)", "PJ", "Exergy of the by-products waiting for dispatch."),
        ("By Product Dispatch", "By Product Inventory / Inventory Time", "Mt/Year", "By-products dispatched."),
        ("Dispatch Exergy", "By Product Inventory Exergy / Inventory Time", "PJ/Year",
         "Exergy of the by-products dispatched."),
        ("Pool Specific Exergy", "XIDZ(By Product Inventory Exergy, By Product Inventory, 0)", "PJ/Mt",
         "Mean exergy per tonne of a sector's dispatched by-products."),
        ("Exchange Network Switch", "1", f"{_D} [0,1,1]",
         "1: by-products and heat flow along the active links; 0: the links are given up (the "
         "control), phased out from Policy Start Year like every lever."),
        ("Exchange Share[Sector,Receiver]", "", f"{_D} [0,1,0.05]",
         "Share of a sector's dispatched by-products offered to each receiver (rows: senders)."),
        ("Link Active[Sector,Receiver]", "", f"{_D} [0,1,1]",
         "1 where the link exists (a lever for each link): the defaults are the links that exist "
         "today."),
        ("Current Exchange Share[Sector,Receiver]", "", f"{_D} [0,1,0.05]",
         "Share of a sector's by-products offered to each receiver today, on today's links (the "
         "default Exchange Share where Link Active is 1). Not a lever: the network of 2025, from "
         "which the levers move the network once policy starts, so that every scenario starts "
         "from the same province (and its local environments are calibrated on the same 2025 "
         "state)."),
        ("Exchange Share In Effect[Sector,Receiver]", "Current Exchange Share[Sector,Receiver]"
         " + (Exchange Share[Sector,Receiver] * Link Active[Sector,Receiver] * Exchange Network Switch"
         " - Current Exchange Share[Sector,Receiver]) * Policy Phase", _D,
         "Share offered along each link: today's, moving to the levers' setting as policy is "
         "adopted (Policy Phase, as every policy lever)."),
        ("Offered Share Total[Sector]", "SUM(Exchange Share In Effect[Sector,Receiver!])",
         _D, "Sum of a sender's shares in effect (a row above 1 is scaled down)."),
        ("Exchange Offered[Sector,Receiver]", "By Product Dispatch[Sector] * Exchange Share In Effect[Sector,Receiver]"
         " / MAX(1, Offered Share Total[Sector])",
         "Mt/Year", "By-products offered by each sender to each receiver."),
        ("Exchange Offered To[Sector]", "SUM(Exchange Offered[Receiver!,Sector])", "Mt/Year",
         "By-products offered to a sector by all senders."),
        ("Absorption Share", "0", f"{_D} [0,1,0.05]", "Share of material input by-products can replace."),
        ("Exchange Offered Exergy[Sector,Receiver]", "Exchange Offered[Sector,Receiver]"
         " * Pool Specific Exergy[Sector]", "PJ/Year", "Exergy of the by-products offered."),
        ("Exchange Input Specific Exergy[Sector]", "XIDZ(SUM(Exchange Offered Exergy[Receiver!,Sector]),"
         " Exchange Offered To[Sector], 0)", "PJ/Mt",
         "Mean exergy per tonne of the by-products offered to a sector, and so of those it receives "
         "(a receiver takes the same share of every offer)."),
        ("Fuel Substitution", "0", f"{_D} [0,1,1]",
         "1 where the sector's material is a fuel: by-products received (straw, waste textiles, fuel "
         "gas) replace it by exergy (heating value), not tonne for tonne; 0: by-products replace "
         "material tonne for tonne, topped up with processing energy to the material's exergy."),
        ("Exchange Substitution Ratio", "1 - Fuel Substitution * (1 - MIN(1, XIDZ(Exchange Input Specific Exergy,"
         " Metal Specific Exergy, 1)))", "Mt/Mt",
         "Tonnes of the receiver's material one tonne of by-products replaces: 1, or for a fuel the "
         "ratio of their exergies (at most 1)."),
        ("Absorption Capacity", "Absorption Share * Metal Required", "Mt/Year",
         "Material a receiver can replace with by-products: a share of its material input."),
        ("Exchange Acceptance", "MIN(1, ZIDZ(Absorption Capacity, Exchange Offered To * Exchange Substitution Ratio))",
         _D, "Share of the offers a receiver accepts (rationing by absorption capacity)."),
        ("Exchange Planned[Sector,Receiver]", "Exchange Offered[Sector,Receiver] * Exchange Acceptance[Receiver]",
         "Mt/Year", "Accepted offers at full production."),
        ("Exchange Input Planned[Sector]", "SUM(Exchange Planned[Receiver!,Sector])", "Mt/Year",
         "By-products a sector plans to receive."),
        ("Exchange Material Planned", "Exchange Input Planned * Exchange Substitution Ratio", "Mt/Year",
         "Material the by-products a sector plans to receive replace."),
        ("Exchange Use Fraction", "XIDZ(MIN(Exchange Material Planned, MAX(0, Metal Production - Secondary Metal)),"
         " Exchange Material Planned, 0)", _D,
         "Share of the accepted by-products a receiver uses: all of them unless its production (limited "
         "by energy, health or demand) needs less beyond its own scrap."),
        ("Exchange Flow[Sector,Receiver]", "Exchange Planned[Sector,Receiver] * Exchange Use Fraction[Receiver]",
         "Mt/Year", "By-products passed from each sector to each receiver."),
        ("Exchange Exergy Flow[Sector,Receiver]", "Exchange Flow[Sector,Receiver] * Pool Specific Exergy[Sector]",
         "PJ/Year", "Exergy passed from each sector to each receiver."),
        ("Exchange Input[Sector]", "SUM(Exchange Flow[Receiver!,Sector])", "Mt/Year",
         "By-products a sector receives (they replace virgin material)."),
        ("Exchange Material", "Exchange Input * Exchange Substitution Ratio", "Mt/Year",
         "Material the by-products received replace (it enters the receiver's production)."),
        ("Exchange Conversion Loss", "Exchange Input - Exchange Material", "Mt/Year",
         "Mass of by-products received as fuel beyond the fuel they replace by exergy (moisture, "
         "volatiles and ash driven off in firing; dispersed with no local load: assumption)."),
        ("Cumulative Conversion Loss", "INTEG(Exchange Conversion Loss, 0)", "Mt",
         "Mass lost in fuel substitution so far (for the sector's mass balance)."),
        ("Exchange Output[Sector]", "SUM(Exchange Flow[Sector,Receiver!])", "Mt/Year",
         "By-products a sector passes to other sectors."),
        ("Exchange Input Exergy[Sector]", "SUM(Exchange Exergy Flow[Receiver!,Sector])", "PJ/Year",
         "Exergy received with by-products."),
        ("Exchange Output Exergy[Sector]", "SUM(Exchange Exergy Flow[Sector,Receiver!])", "PJ/Year",
         "Exergy passed on with by-products."),
        ("Outside Use", "By Product Dispatch - Exchange Output", "Mt/Year",
         "Dispatched by-products used outside the modelled sectors (as in the cluster model)."),
        ("Outside Use Exergy", "Dispatch Exergy - Exchange Output Exergy", "PJ/Year",
         "Exergy of the by-products used outside the modelled sectors."),
        ("Exchange Processing Energy Intensity", "0.3", "PJ/Mt [0,2,0.05]",
         "Energy to sort, grind and dry by-products received (GJ/t; slag grinding about 0.1-0.3, "
         "assumption)."),
        ("Exchange Energy Per Tonne", "Exchange Processing Energy Intensity + MAX(0, Exchange Substitution Ratio"
         " * Metal Specific Exergy - Exchange Input Specific Exergy)", "PJ/Mt",
         "Processing energy per tonne received plus, where by-products hold less exergy than the "
         "material they replace, at least the difference (the second-law minimum; none for a fuel "
         "replaced by exergy)."),
        ("Exchange Energy", "Exchange Input * Exchange Energy Per Tonne", "PJ/Year",
         "Energy to process by-products received."),
        ("Exchange Processing Destruction", "Exchange Energy * Bought Energy Exergy Factor + Exchange Input Exergy"
         " - Exchange Material * Metal Specific Exergy", "PJ/Year",
         "Exergy destroyed turning received by-products into the receiver's material (never negative: "
         "the processing runs on bought energy, at least 1 PJ of exergy per PJ, and its energy covers "
         "at least the exergy difference)."),
        ("Exchange Transport Cost", "0.05", "BCNY/Mt [0,0.5,0.01]",
         "Transport and handling of by-products between sectors (50 CNY/t; assumption)."),
        ("Cumulative Exchange Input", "INTEG(Exchange Input, 0)", "Mt", "By-products received so far."),
        ("Cumulative Exchange Output", "INTEG(Exchange Output, 0)", "Mt", "By-products passed on so far."),
        ("Cumulative Exchange Input Exergy", "INTEG(Exchange Input Exergy, 0)", "PJ", "Exergy received so far."),
        ("Cumulative Exchange Output Exergy", "INTEG(Exchange Output Exergy, 0)", "PJ",
         "Exergy passed on so far."),
        ("Cumulative Fossil Exergy", "INTEG(Fossil Exergy Input, 0)", "PJ",
         "Fossil exergy a sector has drawn from the shared reserve so far (for its own exergy balance)."),
        ("Base Tailings Utilisation", "Current Tailings Utilisation + (Maximum Utilisation"
         " - Current Tailings Utilisation) * By Product Exchange", _D,
         "Share of mining residues used without a decomposer industry (the cluster model's rate)."),
        ("Base Slag Utilisation", "Current Slag Utilisation + (Maximum Utilisation"
         " - Current Slag Utilisation) * By Product Exchange", _D,
         "Share of slag and ash used without a decomposer industry (the cluster model's rate)."),
        ("Unused Before Uptake", "Tailings * (1 - Base Tailings Utilisation) + (Smelting Slag"
         " + Combustion Ash) * (1 - Base Slag Utilisation)", "Mt/Year",
         "Residues, slag and ash that would find no use without a decomposer industry."),
        ("Uptake Expectation Time", "1", "Year [0.25,5,0.25]",
         "Time over which decomposer firms judge how much unused waste there is to take (assumption)."),
        ("Initial Expected Unused By Products", "0", "Mt/Year [0,10000]",
         "Expected unused residues in 2025: the value one year into a run, computed by "
         "tools/build_liaoning.py (a spin-up, as Initial By Product Inventory)."),
        ("Expected Unused By Products", "INTEG((Unused Before Uptake - Expected Unused By Products)"
         " / Uptake Expectation Time, Initial Expected Unused By Products)", "Mt/Year",
         "Unused residues decomposer firms expect (first-order smoothing; a stock, so uptake "
         "does not feed back on production within a step)."),
        ("Decomposer Offer Share[Sector]", "Exchange Share In Effect[Sector,decomp]"
         " / MAX(1, Offered Share Total[Sector])", _D,
         "Share of a sector's residues offered to the decomposer (its link to the decomposer)."),
        ("Decomposer Treatment Capacity", "SUM(Production Capacity[Sector!] * Material Intensity[Sector!]"
         " / Fabrication Yield[Sector!] * Products To Exchange Share[Sector!])", "Mt/Year",
         "Waste the decomposer industry can process at full capacity."),
        ("Decomposer Coverage", "MIN(1, XIDZ(Decomposer Treatment Capacity, SUM(Expected Unused By Products"
         "[Sector!] * Decomposer Offer Share[Sector!]), 1))", _D,
         "Share of the unused residues offered to it that the decomposer industry can take up."),
        ("Decomposer Uptake Fraction", "Decomposer Offer Share * Decomposer Coverage", _D,
         "Share of a sector's unused residues a decomposer (chain-filling) industry turns to use: "
         "chain-filling closes loops the producers leave open (the seed)."),
        ("Unused By Products", "Tailings * (1 - Tailings Utilisation) + (Smelting Slag + Combustion Ash)"
         " * (1 - Slag Utilisation)", "Mt/Year", "Tailings, slag and ash that find no use."),
        ("Inter Regional Export Share", "0", f"{_D} [0,1,0.05]",
         "Inter-regional exchange lever (the seed): share of unused by-products sent to users in "
         "other regions once the policy is adopted."),
        ("Inter Regional Waste Export", "Unused By Products * Inter Regional Export Share * Policy Phase",
         "Mt/Year", "Unused by-products sent to other regions."),
        ("Inter Regional Transport Cost", "0.15", "BCNY/Mt [0,1,0.01]",
         "Cost of sending by-products to another region (150 CNY/t; assumption)."),
        ("Waste Exported To Other Regions", "INTEG(Inter Regional Waste Export, 0)", "Mt",
         "By-products sent to other regions so far."),
        ("Comprehensive Utilisation Rate", "XIDZ(By Product Utilisation + Inter Regional Waste Export,"
         " Tailings + Smelting Slag + Combustion Ash, 0)", _D,
         "Share of general industrial solid waste (tailings, slag, ash) used, comparable to China's "
         "official 综合利用率 (MEE)."),
        ("Network Boundary Input", "Virgin Metal + Secondary Metal", "Mt/Year",
         "Material entering a sector's node from outside the exchange network (virgin and own "
         "recycled), for network analysis."),
        ("Chain Filling Output", "0", "BCNY/Year [0,50,1]", "Chain-filling lever."),
    ],
    ".Heat cascade": HEAT,
    ".Regional": REGIONAL,
}
