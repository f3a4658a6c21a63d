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
"""

from __future__ import annotations

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
    ".Heat cascade": [
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
    ],
    ".Regional": [
        ("Reference Generation Floor", "0", "Mt/Year [0,1,0.001]",
         "Least persistent-pollutant generation a sector's local environment is calibrated for."),
        ("Reference Energy Floor", "0", "PJ/Year [0,100,1]",
         "Least energy use a sector's local emission capacity is calibrated for."),
        ("Spill Over Fraction", "0.15", f"{_D} [0,0.5,0.05]", "Share of persistent pollutants spilled over."),
        ("Local Pollutant Generation", "Persistent Pollutant Generation * (1 - Spill Over Fraction)", "Mt/Year",
         "Persistent pollutants that stay in the sector's local environment."),
        ("Spill Over", "Persistent Pollutant Generation * Spill Over Fraction", "Mt/Year",
         "Persistent pollutants carried to the shared regional sink."),
        ("Cumulative Spill Over", "INTEG(Spill Over, 0)", "Mt", "Pollutants a sector has spilled over so far."),
        ("Fossil Need", "(Energy Need - Heat Input Planned) * (1 - Renewable Share)", "PJ/Year",
         "Fossil energy a sector asks for (its energy need less the waste heat it plans to receive, at "
         "its fossil share)."),
        ("Regional Fossil Need", "SUM(Fossil Need[Sector!])", "PJ/Year", "Fossil energy all sectors ask for."),
        ("Regional Fossil Supply Capacity", "Fossil Reserve / Minimum Fossil Depletion Time", "PJ/Year",
         "Fossil energy the shared reserve can supply."),
        ("Regional Fossil Energy Use", "SUM(Fossil Energy Use[Sector!])", "PJ/Year", "Fossil energy used."),
        ("Regional Spill Over", "SUM(Spill Over[Sector!])", "Mt/Year", "Pollutants reaching the regional sink."),
        ("Regional Transit Delay", "10", "Year [2,30,1]",
         "Mean time for spilled pollutants to reach the Liao River and the Bohai (first order; "
         "assumption)."),
        ("Regional Pollution In Transit", "INTEG(Regional Spill Over - Regional Pollution Arrival,"
         " Regional Spill Over * Regional Transit Delay)", "Mt", "Pollutants on their way to the sink."),
        ("Regional Pollution Arrival", "Regional Pollution In Transit / Regional Transit Delay", "Mt/Year",
         "Pollutants arriving in the sink."),
        ("Regional Base Half Life", "1.5", "Year [0.5,5,0.1]",
         "Assimilation half-life of the regional sink at low load (World3's AHL70 1.5 years)."),
        ("Regional Reference Pollution", "INITIAL(Regional Spill Over) * Half Life To Time Constant"
         " * Reference Half Life", "Mt", "The sink's pollution at 2025 loading (index 1)."),
        ("Regional Sink Pollution", "INTEG(Regional Pollution Arrival - Regional Assimilation,"
         " Regional Spill Over * Half Life To Time Constant * Regional Base Half Life * MAX(1, 0.96 / (1"
         " - 0.04 * Regional Base Half Life / Reference Half Life)))", "Mt",
         "Persistent pollution in the shared sink (starts in equilibrium, as each sector's)."),
        ("Regional Pollution Index", "XIDZ(Regional Sink Pollution, Regional Reference Pollution, 1)", _D,
         "The sink's pollution against its 2025 level."),
        ("Regional Half Life Multiplier", "MAX(1, MIN(41, 1 + 0.04 * (Regional Pollution Index - 1)))", _D,
         "World3's AHLM line, as for each sector."),
        ("Regional Assimilation Health Factor", "1 - Health Assimilation Switch * (1 - Residual Assimilation"
         " Fraction) * (1 - Regional Ecosystem Health)", _D, "A sick regional ecosystem assimilates less."),
        ("Regional Assimilation", "Regional Assimilation Health Factor * Regional Sink Pollution"
         " / (Half Life To Time Constant * Regional Base Half Life * Regional Half Life Multiplier)", "Mt/Year",
         "Pollutants the sink assimilates."),
        ("Regional Assimilated Pollution", "INTEG(Regional Assimilation, 0)", "Mt", "Assimilated so far."),
        ("Regional Critical Pollution Index", "2", f"{_D} [1.2,10,0.1]",
         "The sink's critical level as a multiple of its 2025 level (as each sector's; assumption)."),
        ("Regional Critical Pollution", "Regional Critical Pollution Index * Regional Reference Pollution",
         "Mt", "Critical pollution of the sink."),
        ("Regional Carrying Capacity", "Regional Assimilation Health Factor * Regional Critical Pollution"
         " / (Half Life To Time Constant * Regional Base Half Life * MAX(1, MIN(41, 1 + 0.04"
         " * (Regional Critical Pollution Index - 1))))", "Mt/Year",
         "Spill-over the sink can assimilate at its critical level."),
        ("Regional Load Ratio", "XIDZ(Regional Spill Over, Regional Carrying Capacity, 0)", _D,
         "Spill-over against the sink's carrying capacity."),
        ("Regional Pollution Stress", "MAX(0, XIDZ(Regional Sink Pollution, Regional Critical Pollution, 0) - 1)",
         _D, "Pollution of the sink above its critical level."),
        ("Regional Indicated Health", "1 / (1 + Damage Sensitivity * Regional Pollution Stress)", _D,
         "Health the regional ecosystem tends to."),
        ("Regional Health Damage", "MAX(0, Regional Ecosystem Health - Regional Indicated Health) / Damage Time",
         "1/Year", "Loss of regional ecosystem health."),
        ("Regional Recovery Capacity", "MIN(1, MAX(0, XIDZ(Regional Ecosystem Health - Collapse Threshold,"
         " 0.5 * Collapse Threshold, 1)))", _D, "A collapsed regional ecosystem does not recover."),
        ("Regional Health Regeneration", "MAX(0, Regional Indicated Health - Regional Ecosystem Health)"
         " * Regional Recovery Capacity / Health Regeneration Time", "1/Year", "Recovery of regional health."),
        ("Regional Ecosystem Health", "INTEG(Regional Health Regeneration - Regional Health Damage, 1)", _D,
         "Health of the shared regional ecosystem (Liao River and Bohai)."),
        ("Regional Output", "SUM(Industrial Output[Sector!])", "BCNY/Year", "Output of all sectors."),
        ("Regional CO2 Emissions", "SUM(CO2 Emissions[Sector!])", "MtCO2/Year", "CO2 of all sectors."),
        ("Regional Entropy Generation", "SUM(Entropy Generation Rate[Sector!])", "TJ/K/Year",
         "Entropy generation of all sectors."),
        ("Regional Non Renewable Entropy Generation", "SUM(Non Renewable Entropy Generation[Sector!])",
         "TJ/K/Year", "Non-renewable entropy generation of all sectors."),
        ("Regional Virgin Extraction", "SUM(Ore Mining[Sector!]) + SUM(Imported Metal[Sector!])", "Mt/Year",
         "Virgin resource mined in the region plus virgin material bought from outside."),
        ("Regional Binding Load Ratio", "MAX(VMAX(Binding Load Ratio[Sector!]), Regional Load Ratio)", _D,
         "The largest load on any local environment or on the shared sink."),
        ("Regional Comprehensive Utilisation Rate", "XIDZ(SUM(By Product Utilisation[Sector!])"
         " + SUM(Inter Regional Waste Export[Sector!]), SUM(Tailings[Sector!]) + SUM(Smelting Slag[Sector!])"
         " + SUM(Combustion Ash[Sector!]), 0)", _D,
         "Regional comprehensive utilisation rate of general industrial solid waste (综合利用率)."),
        ("Total Exchange Flow", "SUM(Exchange Output[Sector!])", "Mt/Year",
         "By-products passed between sectors."),
    ],
}
