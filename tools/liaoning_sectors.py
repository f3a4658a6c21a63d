"""Sector data of the Liaoning regional model: one value per sector, with its basis.

Read by ``tools/build_liaoning.py``. Sectors (the seed's eight, plus the
decomposer or vein industry, 静脉产业) in this order::

    equip petro metal build agri textile marine energy decomp

Sizes follow the seed: Liaoning's 49 key clusters (equipment 18, petrochemical
5, metallurgy 4, building materials incl. magnesite 4, agri-food 3, textiles 6,
marine 5, energy 4); 63% of them have an output of 1-10 BCNY and eight named
clusters more than 10 BCNY (Bohai shipbuilding; Shenyang automobiles; Shenyang-
Dalian machine tools; Dalian petrochemicals; Fushun petrochemicals; south
Liaoning magnesia materials; Anshan-Benxi-Liaoyang steel deep processing;
Dalian electronics). Assumptions: a named cluster has 30 BCNY, the other
clusters 3.2 BCNY on average (31 of them at a mean of 4 BCNY, 10 below 1 BCNY
at 0.6), so sector output = named x 30 + others x 3.2. Each sector element of
the model is the sum of its clusters; the decomposer sector starts at 1 BCNY
(Liaoning's existing renewable-resource recyclers, an assumption).

Values without a published source are assumptions: they are stated as such in
the documentation field of the model and put in
``sd_models/liaoning/uncertainty.toml``.
"""

from __future__ import annotations

SECTORS = ("equip", "petro", "metal", "build", "agri", "textile", "marine", "energy", "decomp")

SECTOR_TEXT = (
    "equip: equipment manufacturing (machine tools, automobiles, aviation, electronics; 18 clusters); "
    "petro: petrochemicals (5); metal: metallurgy, steel deep processing (4); build: building "
    "materials incl. magnesite and magnesia (4); agri: agri-food processing (3); textile: textiles "
    "and clothing (6); marine: shipbuilding and marine industries (5); energy: coal-based energy "
    "(mining, washing, coking, power; 4); decomp: the decomposer (vein, 静脉) industry that turns "
    "other sectors' wastes into secondary raw materials"
)

#: name -> (values by sector, basis). Units and ranges come from the cluster model.
SECTOR_VALUES: dict[str, tuple[tuple[float, ...], str]] = {
    "Initial Product Demand": (
        (138, 70, 40, 40, 10, 19, 43, 13, 1),
        "Seed's cluster counts and size classes: named clusters (over 10 BCNY) at 30 BCNY, "
        "the others at 3.2 BCNY on average (assumption, see the Sector range); the decomposer "
        "starts small (assumption).",
    ),
    "Demand Growth Rate": (
        (0.05, 0.03, 0.02, 0.02, 0.04, 0.03, 0.04, 0.03, 0.05),
        "Assumption by sector: equipment and marine grow with China's 5%/yr industrial trend "
        "(NBS 2015-2024); steel and building materials near saturation (2%); others 3-4%.",
    ),
    "Demand Ceiling Ratio": (
        (3, 2, 1.5, 1.5, 2.5, 2, 3, 2, 5),
        "Assumption: steel and building materials are near China's saturation (Pauliuk, Wang and "
        "Mueller 2012, ES&T 46:148); equipment, marine and the decomposer have the most room.",
    ),
    "Material Intensity": (
        (0.012, 0.25, 0.07, 0.5, 0.25, 0.04, 0.02, 1.0, 0.2),
        "Principal material per unit output, from typical prices (assumption): equipment about "
        "0.12 t steel per 10,000 CNY; refined products about 4,000 CNY/t; the cluster model's "
        "steel chain 0.7 t/10,000 CNY; cement and magnesia 200-600 CNY/t; crops about 4,000 "
        "CNY/t; fibres; ship steel; washed coal and coke about 1,000 CNY/t; the decomposer 0.18 "
        "Mt of waste per BCNY (Dalian Jinzhou chain-filling retrofit: 3.8 Mt/yr used, 20.9 "
        "BCNY/yr output).",
    ),
    "Fabrication Yield": (
        (0.85, 0.95, 0.8, 0.95, 0.7, 0.9, 0.85, 0.95, 0.9),
        "Share of processed material in products: about 15% prompt scrap in equipment and "
        "shipbuilding (about half of US ferrous scrap is prompt scrap); the cluster model's 0.8 "
        "for steel; 30% residues in agri-food processing; 10% residue in the decomposer "
        "(assumptions).",
    ),
    "Local Use Share": (
        (0.3, 0.1, 0.3, 0.7, 0.3, 0.2, 0.1, 0, 0),
        "Share of products used in Liaoning: building materials are mostly used locally, ships "
        "mostly leave; most petroleum products are fuels burned (only durable chemicals and plastics count); energy products (fuels) are burned and counted in the regional fossil "
        "energy use, so none enter use stocks; the decomposer's products go to the exchange "
        "(assumptions).",
    ),
    "Products To Exchange Share": (
        (0, 0, 0, 0, 0, 0, 0, 0, 1),
        "Share of new products offered to other sectors through the exchange network: the "
        "decomposer's products are secondary raw materials for other sectors (its output to its "
        "users).",
    ),
    "Service Life": (
        (15, 5, 20, 40, 1, 3, 25, 20, 20),
        "Mean life of products in use: machinery 15 years, chemicals and plastics 5, steel 20, "
        "buildings 40, food 1, clothing 3, ships 25 (assumptions after Pauliuk et al. 2013 for "
        "steel end uses).",
    ),
    "Maximum Scrap Share": (
        (0, 0.1, 0.85, 0.3, 0.2, 0.3, 0, 0.1, 0),
        "Largest share of a sector's material input its own plants can take as scrap: steel "
        "0.85 (the cluster model); equipment and shipbuilding remelt nothing and sell their "
        "scrap; the decomposer's input is other sectors' waste (assumptions).",
    ),
    "Process Scrap Recycling Rate": (
        (0.95, 0.9, 0.95, 0.9, 0.8, 0.8, 0.95, 0.9, 0),
        "Share of process scrap recycled: 95% for metals (Cullen et al. 2012); 80-90% elsewhere "
        "(assumption); the decomposer's residue is landfilled.",
    ),
    "Current Collection Rate": (
        (0.6, 0.3, 0.6, 0.2, 0.3, 0.3, 0.6, 0.1, 0),
        "Old-scrap collection today: 60% for metal products (the cluster model; UNEP 2011 gives "
        "70-90% globally, China is lower); 20-30% for plastics, building rubble, food and "
        "textile waste (assumptions).",
    ),
    "Recycle Policy": (
        (0.6, 0.3, 0.6, 0.2, 0.3, 0.3, 0.6, 0.1, 0),
        "Recycle lever: old-scrap collection rate reached after the policy is adopted; BAU "
        "keeps today's rates.",
    ),
    "Provincial Ore Reserve": (
        (0, 300, 3955, 2640, 100000, 0, 0, 2600, 0),
        "Liaoning's virgin resource for each sector's principal material (Mt): iron ore 3,955 "
        "(MNR, China Mineral Resources 2023); magnesite 2,640 at Haicheng (74.4% of the "
        "province's; Liaoning 14th FYP); crude oil 300 and coal 2,600 (assumptions for the "
        "Liaohe oilfield and the Fuxin, Tiefa and Fushun fields); crops are renewable (a "
        "reserve that never binds); equipment, textiles, marine and the decomposer buy their "
        "material.",
    ),
    "Cluster Share Of Provincial Ore": (
        (0, 0.5, 0.4, 0.5, 1, 0, 0, 0.3, 0),
        "Share of the provincial resource open to the sector's clusters (assumption).",
    ),
    "Initial Ore Grade": (
        (1, 1, 0.31, 0.8, 0.5, 1, 1, 0.8, 1),
        "Usable share of the mined resource: iron ore 31% Fe (the cluster model); building-material minerals 80% (limestone and "
        "clay are mostly used; magnesite is 45% MgO but a minor part of the mass); crops about half straw by mass; coal 80% after washing (assumptions); bought "
        "materials 1.",
    ),
    "Final Ore Grade": (
        (1, 1, 0.15, 0.7, 0.5, 1, 1, 0.6, 1),
        "Grade when the resource is exhausted (lower grades are mined last; assumptions after "
        "Mudd 2010).",
    ),
    "Beneficiation Recovery": (
        (1, 0.95, 0.8, 0.9, 1, 1, 1, 0.9, 1),
        "Share of the usable content recovered (the cluster model's 0.8 for iron ore; "
        "assumptions elsewhere).",
    ),
    "Import Share Limit": (
        (1, 0.8, 0.5, 0.3, 0.5, 1, 1, 0.6, 0),
        "Largest share of material bought from outside the sector's own resource: equipment, "
        "textiles and marine buy all their material; Dalian's refineries run largely on "
        "imported crude; the decomposer buys no virgin material (assumptions).",
    ),
    "Imported Ore Cost": (
        (4, 3.5, 1.3, 0.3, 2.5, 10, 4, 0.8, 0),
        "Price of bought virgin material (BCNY per Mt, i.e. 1,000 CNY/t): steel about 4,000 "
        "CNY/t, crude about 3,500, iron ore 1,300 per t of metal (the cluster model), mineral "
        "raw materials 300, crops 2,500, fibres 10,000, coal 800 (assumptions at 2025 prices).",
    ),
    "Ore Unit Cost": (
        (0, 3.0, 0.25, 0.15, 1.5, 0, 0, 0.4, 0),
        "Cost of own extraction per Mt of resource mined (assumptions; the cluster model's 0.25 "
        "for iron ore; Liaohe crude is valued near the world price).",
    ),
    "Remanufacturing Unit Cost": (
        (3, 2.6, 3, 0.3, 1.9, 7.5, 3, 0.6, 1),
        "Cost of remanufacturing per Mt, about three quarters of the material's price as in the "
        "cluster model (3 BCNY/Mt for steel products): reused building components and fuels are "
        "cheap, textiles dear (assumption).",
    ),
    "Collection Unit Cost": (
        (1, 1, 1, 0.1, 0.3, 1, 1, 0.1, 0.3),
        "Cost of collecting and sorting old scrap per Mt: 1,000 CNY/t for metal and plastic scrap "
        "(the cluster model); building rubble and ash about 100 CNY/t; organic waste 300 "
        "(assumptions).",
    ),
    "Slag Intensity": (
        (0.02, 0.03, 0.45, 0.1, 0, 0.05, 0.02, 0.25, 0),
        "By-products formed per tonne of virgin material processed (with fluxes and additives): "
        "steel slag and ash 0.45 (the cluster model; BF slag 300-540 kg/t pig iron); coal ash "
        "about 25% of coal burned or gasified; foundry sand, spent catalysts and sludge a few "
        "per cent (assumptions).",
    ),
    "Current Tailings Utilisation": (
        (0, 0, 0.27, 0.3, 0.88, 0, 0, 0.537, 0),
        "Share of mining residues used today: tailings 27.1% and coal gangue 53.7% (MEE 2018 "
        "annual report); straw 88.1% (2021); magnesite residues 30% (assumption).",
    ),
    "Current Slag Utilisation": (
        (0.5, 0.3, 0.75, 0.5, 0.5, 0.3, 0.5, 0.749, 0),
        "Share of slag, ash and process by-products used today: smelting slag and fly ash about "
        "75% (MEE 2018: fly ash 74.9%, smelting slag 88.7%, steel slag only about 22%); others "
        "30-50% (assumption).",
    ),
    "Critical Pollution Index": (
        (3, 2, 1.6, 1.8, 3, 2.5, 4, 2, 2),
        "Local carrying capacity as a multiple of the reference level. Assumption: the steel "
        "(Anshan-Benxi) and magnesia (Haicheng) environments in the Liao River basin are the most "
        "strained, coastal Dalian's the least; the decomposer's reference is the park it is "
        "planned to fill (Reference Generation Floor).",
    ),
    "Reference Generation Floor": (
        (0, 0, 0, 0, 0, 0, 0, 0, 0.004),
        "The producing sectors' environments are calibrated on their 2025 generation (as the "
        "cluster model). The decomposer starts at 1 BCNY in a park that can host a vein-industry "
        "base of the Dalian Jinzhou size (3.8 Mt/yr of waste used): with 10% residue landfilled "
        "and 1% of it persistent, 0.004 Mt/yr (assumption).",
    ),
    "Reference Energy Floor": (
        (0, 0, 0, 0, 0, 0, 0, 0, 9),
        "As Reference Generation Floor: the decomposer's emission capacity is calibrated on the "
        "energy of a Jinzhou-size base (about 2 PJ/yr of other energy for 20 BCNY and 7 PJ/yr to "
        "process 3.8 Mt of by-products; assumption).",
    ),
    "Emission Capacity Ratio": (
        (3, 2, 2.5, 2, 3, 3, 4, 2, 2.5),
        "Local capacity for fast emissions as a multiple of 2025 emissions (the cluster model's "
        "2.5 for steel; assumptions elsewhere, as for the critical index).",
    ),
    "Ore Energy Intensity": (
        (0, 0.3, 0.4, 0.3, 0.5, 0, 0, 0.2, 0),
        "Energy per Mt of resource extracted (PJ/Mt = GJ/t): iron ore 0.4 (the cluster model); "
        "oil extraction, quarrying, farming inputs and coal mining 0.2-0.5 (assumptions).",
    ),
    "Primary Energy Intensity": (
        (3, 3, 17, 4, 2, 25, 3, 1, 0),
        "Energy per tonne of virgin material processed: primary steel 17 GJ/t (the cluster "
        "model); forming and heat treatment of bought steel 3; refining about 3 (5-7% of "
        "crude's energy); cement and magnesia calcining 4; food processing 2; textiles 25; "
        "coal washing and coking 1 (assumptions).",
    ),
    "Secondary Energy Intensity": (
        (2, 2, 5, 2, 1, 10, 2, 1, 0),
        "Energy per tonne of scrap-based material: EAF steel 5 GJ/t (the cluster model); others "
        "about half of primary (assumption).",
    ),
    "Fabrication Energy Intensity": (
        (0.08, 0.3, 0.12, 0.5, 0.15, 0.2, 0.1, 0.5, 0.1),
        "Other energy per unit output (PJ/BCNY): 0.12 for the steel chain (the cluster model); "
        "chemicals, building materials and energy conversion are more energy intensive "
        "(assumptions).",
    ),
    "Metal Specific Exergy": (
        (6.7, 42, 6.7, 0.7, 15, 20, 6.7, 25, 2),
        "Chemical exergy of the sector's material (PJ/Mt = GJ/t; Szargut 2005): iron 6.7; "
        "petroleum products about 42; cement clinker and magnesia about 0.7; food and biomass "
        "about 15; fibres about 20; washed coal and coke about 25; recovered secondary raw "
        "materials 2 (assumption).",
    ),
    "Ore Specific Exergy": (
        (6.7, 44, 0.15, 0.2, 30, 20, 6.7, 28, 0),
        "Exergy of the virgin input per tonne of material made (PJ/Mt): iron ore 0.15 (the "
        "cluster model); bought steel 6.7; crude oil about 44; crops about 30 per tonne of "
        "food with its straw; fibres 20; coal about 28 per tonne of washed product "
        "(Szargut 2005; assumptions).",
    ),
    "By Product Specific Exergy": (
        (0.5, 0.5, 0.5, 0.2, 14, 0.5, 0.5, 0.3, 0),
        "Chemical exergy of the sector's used mining residues and slag (PJ/Mt): slag about 0.5 "
        "(Szargut 2005, order of magnitude), straw and food residues about 14, coal gangue and "
        "ash 0.3 (assumptions). Landfilled residues count as destroyed.",
    ),
    "Absorption Share": (
        (0, 0.05, 0.3, 0.5, 0, 0.1, 0, 0.2, 1),
        "Largest share of a sector's material input that by-products from other sectors can "
        "replace: slag and fly ash can replace up to half of cement's clinker and raw "
        "materials; steel furnaces take prompt scrap within their scrap share; straw and fuel "
        "gas replace some coal; the decomposer's input is all waste (assumptions).",
    ),
    "Recoverable Heat Share": (
        (0.03, 0.1, 0.15, 0.1, 0.02, 0.03, 0.03, 0.12, 0.03),
        "Share of energy use recoverable as heat for other users. Order of magnitude: the "
        "technically available industrial waste heat is about a tenth of industrial fuel use in "
        "the EU, highest in iron and steel, cement, chemicals and refining (Papapetrou et al. 2018, "
        "Appl. Therm. Eng. 138:207). Steel 0.15 (sinter cooling, flue gas, slag), coking 0.12, "
        "refining and cement kilns 0.1, light and assembly industry 0.02-0.03 (assumptions).",
    ),
    "Heat Absorption Share": (
        (0.15, 0.1, 0.02, 0.05, 0.5, 0.5, 0.15, 0.1, 0.2),
        "Share of energy use that is heat below about 150 C: food processing and textiles (washing, "
        "dyeing, drying, cooking) use most of their heat at low temperature, steel and cement almost "
        "none (Lauterbach et al. 2012, Renew. Sust. Energy Rev. 16:5121, for the ordering); the "
        "values are assumptions.",
    ),
    "Heat Supply Temperature": (
        (363.15, 423.15, 473.15, 473.15, 363.15, 363.15, 363.15, 423.15, 363.15),
        "Delivery temperature of recovered heat (K): steam at about 200 C from steel and cement "
        "flue gas and cooling, 150 C from refineries and coke ovens, hot water at 90 C from the "
        "others (assumptions).",
    ),
    "Fuel Substitution": (
        (0, 0, 0, 0, 0, 0, 0, 1, 0),
        "The energy sector's material (washed coal and coke) is a fuel: straw, waste textiles and "
        "fuel gas replace it by heating value (co-firing), the others' materials tonne for tonne.",
    ),
    "Land Capacity": (
        (41, 760, 820, 960, 350, 58, 14, 650, 100),
        "Local land available for stockpiles and landfill (Mt): 200 Mt for a 5 BCNY steel "
        "cluster in the cluster model (about 235 years of its 2025 landfilling). Here years of "
        "each sector's 2025 landfilling (assumption): 150 in the Liao River basin's steel and "
        "magnesia districts (Anshan, Benxi, Haicheng), 200 for coal, 250-300 elsewhere; 100 Mt "
        "for the decomposer's park.",
    ),
    "Initial Land Stockpile": (
        (2.4, 37.9, 82.4, 96.3, 17.4, 3.5, 0.7, 48.9, 0.3),
        "Wastes already stockpiled in 2025 (Mt): about 15 years of each sector's 2025 "
        "landfilling (assumption; the cluster model's 15 Mt).",
    ),
    "Spill Over Fraction": (
        (0.15, 0.2, 0.15, 0.15, 0.15, 0.15, 0.25, 0.15, 0.1),
        "Share of each sector's persistent pollutants carried off site by rivers and air to the "
        "shared regional sink (the Liao River and the Bohai; assumption; coastal marine and "
        "petrochemical sites discharge more directly).",
    ),
    "Chain Filling Output": (
        (0, 0, 0, 0, 0, 0, 0, 0, 0),
        "Chain-filling (补链) lever: output added to a sector's demand by policy (BCNY/yr), "
        "phased in with the policy. The Dalian Jinzhou retrofit added 20.9 BCNY/yr of output "
        "from 47 projects and 6.67 BCNY invested.",
    ),
}

#: Exchange Share[Sector, Receiver]: share of a sector's dispatched by-products offered to each receiver.
EXCHANGE_SHARE = {
    "equip": {"metal": 0.9, "decomp": 0.05},
    "petro": {"energy": 0.3, "build": 0.1, "decomp": 0.1},
    "metal": {"build": 0.8, "decomp": 0.1},
    "build": {"decomp": 0.1},
    "agri": {"energy": 0.1, "decomp": 0.1},
    "textile": {"decomp": 0.2},
    "marine": {"metal": 0.9, "decomp": 0.05},
    "energy": {"build": 0.75, "decomp": 0.1},
    "decomp": {"metal": 0.4, "build": 0.4, "energy": 0.2},
}

EXCHANGE_TEXT = (
    "Default links and shares of each sector's used by-products (slag, ash, tailings, residues, "
    "surplus scrap) offered to each receiver: metal to building materials 0.8 (BF slag about 90% "
    "used, steel slag 20-30%: Huang Yi et al. 2012, Procedia Env. Sci. 16:791); energy to building "
    "materials 0.75 (fly ash 74.9% used, MEE 2018); prompt and old scrap from equipment and "
    "shipbuilding to metallurgy 0.9 (about half of ferrous scrap is prompt scrap); agri-food "
    "residues and straw to energy 0.1 (about 60 Mt of 647 Mt straw used as fuel, 2021); refinery "
    "fuel gas and residues to energy 0.3 (assumption); every sector to the decomposer 0.05-0.2 "
    "(assumption); the decomposer's products to metallurgy, building materials and energy. Rows "
    "that sum above 1 are scaled down."
)

#: Heat Cascade Share[Sector, Receiver]: share of a sector's recoverable heat offered to each receiver.
HEAT_CASCADE_SHARE = {
    "metal": {"equip": 0.05},
    "petro": {"textile": 0.1},
}

HEAT_TEXT = (
    "Default links: few today. Liaoning's recovered industrial heat goes mostly to urban district "
    "heating outside the modelled sectors (Anshan's steel waste-heat heating scheme, for example); "
    "between sectors, steel to co-located machinery 0.05 and refinery heat to chemical-fibre "
    "textiles 0.1 (Liaoyang's petrochemical fibre base; assumptions). Rows that sum above 1 are "
    "scaled down."
)
