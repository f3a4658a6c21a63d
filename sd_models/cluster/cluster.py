"""
Python model 'cluster.py'
Translated using PySD
"""

from pathlib import Path
import numpy as np

from pysd.py_backend.functions import if_then_else
from pysd.py_backend.statefuls import Integ
from pysd import Component

__pysd_version__ = "3.14.3"

__data = {"scope": None, "time": lambda: 0}

_root = Path(__file__).parent


component = Component()

#######################################################################
#                          CONTROL VARIABLES                          #
#######################################################################

_control_vars = {
    "initial_time": lambda: 2025,
    "final_time": lambda: 2225,
    "time_step": lambda: 0.125,
    "saveper": lambda: 1,
}


def _init_outer_references(data):
    for key in data:
        __data[key] = data[key]


@component.add(name="Time")
def time():
    """
    Current time of the model.
    """
    return __data["time"]()


@component.add(
    name="FINAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The final time for the simulation.
    """
    return __data["time"].final_time()


@component.add(
    name="INITIAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The initial time for the simulation.
    """
    return __data["time"].initial_time()


@component.add(
    name="SAVEPER",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Constant",
    comp_subtype="Normal",
)
def saveper():
    """
    The frequency with which output is stored.
    """
    return __data["time"].saveper()


@component.add(
    name="TIME STEP",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Constant",
    comp_subtype="Normal",
)
def time_step():
    """
    The time step for the simulation.
    """
    return __data["time"].time_step()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="Virgin Reserve",
    units="Mt",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_virgin_reserve": 1},
    other_deps={
        "_integ_virgin_reserve": {
            "initial": {"initial_virgin_reserve": 1},
            "step": {"extraction": 1},
        }
    },
)
def virgin_reserve():
    """
    Low-entropy ore (metal content) that the cluster can still extract. Drained by Extraction only.
    """
    return _integ_virgin_reserve()


_integ_virgin_reserve = Integ(
    lambda: -extraction(), lambda: initial_virgin_reserve(), "_integ_virgin_reserve"
)


@component.add(
    name="Initial Virgin Reserve",
    units="Mt",
    limits=(100.0, 20000.0, 100.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_virgin_reserve():
    """
    Economically recoverable ore reserve (metal content) available to the cluster in 2025. Assumption: about 300 years of the 2025 virgin demand, so that depletion matters on a multi-century horizon but not before the ecosystem does.
    """
    return 1500


@component.add(
    name="Virgin Reserve Fraction",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"virgin_reserve": 1, "initial_virgin_reserve": 1},
)
def virgin_reserve_fraction():
    """
    Share of the initial virgin reserve still in the ground.
    """
    return virgin_reserve() / initial_virgin_reserve()


@component.add(
    name="Depletion Half Saturation",
    units="Dmnl",
    limits=(0.01, 0.5, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def depletion_half_saturation():
    """
    Reserve fraction at which a resource's availability has fallen to about half (Michaelis-Menten form of declining ore grade). Assumption, in the spirit of World3's fraction of resources remaining.
    """
    return 0.05


@component.add(
    name="Material Availability",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"depletion_half_saturation": 2, "virgin_reserve_fraction": 2},
)
def material_availability():
    """
    Multiplier (1 when the reserve is untouched, 0 when exhausted) on output from the cost of ever poorer ore.
    """
    return (
        (1 + depletion_half_saturation())
        * virgin_reserve_fraction()
        / (virgin_reserve_fraction() + depletion_half_saturation())
    )


@component.add(
    name="Extraction Difficulty Constant",
    units="Dmnl",
    limits=(0.01, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def extraction_difficulty_constant():
    """
    Shapes how fast extraction energy rises as the reserve depletes: the multiplier is (1 + c) / (fraction + c), 1 at the start and 1/c + 1 when exhausted. Assumption: an elevenfold rise at exhaustion, in line with ore-grade decline studies (Mudd 2010, Resources Policy 35:98).
    """
    return 0.1


@component.add(
    name="Extraction Energy Multiplier",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"extraction_difficulty_constant": 2, "virgin_reserve_fraction": 1},
)
def extraction_energy_multiplier():
    """
    How many times more energy a tonne of virgin material takes to extract than in 2025.
    """
    return (1 + extraction_difficulty_constant()) / (
        virgin_reserve_fraction() + extraction_difficulty_constant()
    )


@component.add(
    name="Minimum Extraction Time",
    units="Year",
    limits=(0.5, 20.0, 0.5),
    comp_type="Constant",
    comp_subtype="Normal",
)
def minimum_extraction_time():
    """
    Fastest the remaining reserve can be drawn down: extraction never exceeds reserve / this time, so the reserve never goes negative. Assumption.
    """
    return 2


@component.add(
    name="Extraction",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "desired_extraction": 1,
        "virgin_reserve": 1,
        "minimum_extraction_time": 1,
    },
)
def extraction():
    """
    Virgin material extracted (flow out of Virgin Reserve).
    """
    return float(
        np.minimum(desired_extraction(), virgin_reserve() / minimum_extraction_time())
    )


@component.add(
    name="Desired Extraction",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"external_material_needed": 1, "potential_secondary_input": 1},
)
def desired_extraction():
    """
    Virgin material the cluster would extract to meet its material demand, after secondary material.
    """
    return external_material_needed() - potential_secondary_input()


@component.add(
    name="Products In Use",
    units="Mt",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_products_in_use": 1},
    other_deps={
        "_integ_products_in_use": {
            "initial": {"products_target": 1},
            "step": {"new_products": 1, "end_of_life": 1},
        }
    },
)
def products_in_use():
    """
    Material embodied in the cluster's products while they are in service. Starts at its target (equilibrium with 2025 output).
    """
    return _integ_products_in_use()


_integ_products_in_use = Integ(
    lambda: new_products() - end_of_life(),
    lambda: products_target(),
    "_integ_products_in_use",
)


@component.add(
    name="Material Stock Intensity",
    units="Mt*Year/BCNY",
    limits=(0.1, 10.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def material_stock_intensity():
    """
    Products in use per unit of annual output before any reduce policy. Assumption for an equipment-manufacturing cluster: with a 15-year service life it gives 0.1 Mt of new products per BCNY of output, i.e. steel at about 4,000 CNY/t making a quarter of output value.
    """
    return 1.5


@component.add(
    name="Products Target",
    units="Mt",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_output": 1, "material_stock_intensity": 1, "reduce": 1},
)
def products_target():
    """
    Products in use that the cluster's output supports; reduce (lightweighting, dematerialisation) lowers it.
    """
    return industrial_output() * material_stock_intensity() * (1 - reduce())


@component.add(
    name="Stock Adjustment Time",
    units="Year",
    limits=(1.0, 20.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def stock_adjustment_time():
    """
    Time over which new products close the gap between products in use and their target. Assumption.
    """
    return 5


@component.add(
    name="Product Service Life",
    units="Year",
    limits=(2.0, 60.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def product_service_life():
    """
    Average service life of a product with no reuse. Machinery and equipment: 15 to 30 years (Pauliuk et al. 2013, Environ. Sci. Technol. 47:6564, steel end-use lifetimes).
    """
    return 15


@component.add(
    name="Effective Service Life",
    units="Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"product_service_life": 1, "reuse": 1},
)
def effective_service_life():
    """
    Service life including reuse: a share r of retired products is repaired or remanufactured for another life, a geometric series giving life / (1 - r).
    """
    return product_service_life() / (1 - reuse())


@component.add(
    name="End Of Life",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"products_in_use": 1, "effective_service_life": 1},
)
def end_of_life():
    """
    Products that leave service for good (flow out of Products In Use).
    """
    return products_in_use() / effective_service_life()


@component.add(
    name="Desired New Products",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "end_of_life": 1,
        "stock_adjustment_time": 1,
        "products_target": 1,
        "products_in_use": 1,
    },
)
def desired_new_products():
    """
    Replacement of retired products plus closing the gap to the target (stock-driven demand).
    """
    return float(
        np.maximum(
            0,
            end_of_life()
            + (products_target() - products_in_use()) / stock_adjustment_time(),
        )
    )


@component.add(
    name="Process Loss Fraction",
    units="Dmnl",
    limits=(0.0, 0.5, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def process_loss_fraction():
    """
    Share of material input lost in processing (slag, offcuts, dust) before any reduce policy. Assumption: slag and fabrication losses of a steel-based supply chain are 15% to 30% of input (Cullen, Allwood and Bambach 2012, Environ. Sci. Technol. 46:13048).
    """
    return 0.15


@component.add(
    name="Effective Process Loss Fraction",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"process_loss_fraction": 1, "reduce": 1},
)
def effective_process_loss_fraction():
    """
    Process loss share after cleaner production (reduce).
    """
    return process_loss_fraction() * (1 - reduce())


@component.add(
    name="By Product Exchange Fraction",
    units="Dmnl",
    limits=(0.0, 0.9, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def by_product_exchange_fraction():
    """
    Share of process losses that another firm of the cluster takes as raw material (industrial symbiosis). 0 in a linear cluster; symbiotic clusters exchange by-products (seed, section 4).
    """
    return 0


@component.add(
    name="Exchange Share Of Input",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "effective_process_loss_fraction": 1,
        "by_product_exchange_fraction": 1,
    },
)
def exchange_share_of_input():
    """
    Share of total material input that comes from by-products of other firms.
    """
    return effective_process_loss_fraction() * by_product_exchange_fraction()


@component.add(
    name="Desired Material Input",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"desired_new_products": 1, "effective_process_loss_fraction": 1},
)
def desired_material_input():
    """
    Total material the processes need to make the desired new products.
    """
    return desired_new_products() / (1 - effective_process_loss_fraction())


@component.add(
    name="External Material Needed",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"desired_material_input": 1, "exchange_share_of_input": 1},
)
def external_material_needed():
    """
    Material input that has to come from outside the processes: virgin or recycled end-of-life material.
    """
    return desired_material_input() * (1 - exchange_share_of_input())


@component.add(
    name="Maximum Secondary Share",
    units="Dmnl",
    limits=(0.0, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def maximum_secondary_share():
    """
    Largest share of external input that recycled material can take: accumulating impurities (copper in steel scrap) force dilution with virgin material (Daehn, Cabrera Serrenho and Allwood 2017, Environ. Sci. Technol. 51:6599). Assumption for the value.
    """
    return 0.85


@component.add(
    name="Potential Secondary Input",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "secondary_supply": 1,
        "maximum_secondary_share": 1,
        "external_material_needed": 1,
    },
)
def potential_secondary_input():
    """
    Recycled material the processes could take if virgin extraction is not constrained.
    """
    return float(
        np.minimum(
            secondary_supply(), maximum_secondary_share() * external_material_needed()
        )
    )


@component.add(
    name="Secondary Input",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "potential_secondary_input": 1,
        "extraction": 1,
        "maximum_secondary_share": 2,
    },
)
def secondary_input():
    """
    Recycled material actually used, kept within the maximum secondary share of what is really extracted.
    """
    return float(
        np.minimum(
            potential_secondary_input(),
            extraction()
            * maximum_secondary_share()
            / (1 - maximum_secondary_share() + 1e-09),
        )
    )


@component.add(
    name="Material Input",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"extraction": 1, "secondary_input": 1, "exchange_share_of_input": 1},
)
def material_input():
    """
    Total material input to processing: virgin, recycled and exchanged by-products.
    """
    return (extraction() + secondary_input()) / (1 - exchange_share_of_input())


@component.add(
    name="By Product Exchange",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"material_input": 1, "exchange_share_of_input": 1},
)
def by_product_exchange():
    """
    By-products passed between firms and used again as input.
    """
    return material_input() * exchange_share_of_input()


@component.add(
    name="Process Waste",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "material_input": 1,
        "effective_process_loss_fraction": 1,
        "by_product_exchange": 1,
    },
)
def process_waste():
    """
    Process losses that nobody uses: to the Waste Stock.
    """
    return material_input() * effective_process_loss_fraction() - by_product_exchange()


@component.add(
    name="New Products",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"material_input": 1, "effective_process_loss_fraction": 1},
)
def new_products():
    """
    Products put into service (flow into Products In Use).
    """
    return material_input() * (1 - effective_process_loss_fraction())


@component.add(
    name="Recycle Collection Target",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"end_of_life": 1, "recycle_rate": 1},
)
def recycle_collection_target():
    """
    End-of-life material that the recycle policy aims to collect.
    """
    return end_of_life() * recycle_rate()


@component.add(
    name="Recycling Collection",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"recycle_collection_target": 1, "recycling_capacity": 1},
)
def recycling_collection():
    """
    End-of-life material collected for recycling, limited by the decomposer industry's capacity. Never more than End Of Life because the recycle rate is at most 1.
    """
    return float(np.minimum(recycle_collection_target(), recycling_capacity()))


@component.add(
    name="Uncollected End Of Life",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"end_of_life": 1, "recycling_collection": 1},
)
def uncollected_end_of_life():
    """
    End-of-life products discarded to the environment.
    """
    return end_of_life() - recycling_collection()


@component.add(
    name="Recycling Yield",
    units="Dmnl",
    limits=(0.5, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def recycling_yield():
    """
    Share of collected material that becomes usable secondary material; the rest is lost (matter degrades too). Steel scrap yields are about 0.85 to 0.9 (Cullen, Allwood and Bambach 2012).
    """
    return 0.85


@component.add(
    name="Secondary Supply",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"recycling_collection": 1, "recycling_yield": 1},
)
def secondary_supply():
    """
    Secondary material produced by the decomposer industry.
    """
    return recycling_collection() * recycling_yield()


@component.add(
    name="Recycling Losses",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"recycling_collection": 1, "secondary_supply": 1},
)
def recycling_losses():
    """
    Material lost in sorting and remelting: to the Waste Stock.
    """
    return recycling_collection() - secondary_supply()


@component.add(
    name="Surplus Secondary Material",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"secondary_supply": 1, "secondary_input": 1},
)
def surplus_secondary_material():
    """
    Secondary material the processes cannot take (demand too small or too little virgin material to dilute it): landfilled to the Waste Stock.
    """
    return secondary_supply() - secondary_input()


@component.add(
    name="Recycling Capacity",
    units="Mt/Year",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_recycling_capacity": 1},
    other_deps={
        "_integ_recycling_capacity": {
            "initial": {"initial_recycling_capacity": 1},
            "step": {"capacity_construction": 1, "capacity_retirement": 1},
        }
    },
)
def recycling_capacity():
    """
    Throughput capacity of the decomposer (vein) industry: collection, sorting and reprocessing plants.
    """
    return _integ_recycling_capacity()


_integ_recycling_capacity = Integ(
    lambda: capacity_construction() - capacity_retirement(),
    lambda: initial_recycling_capacity(),
    "_integ_recycling_capacity",
)


@component.add(
    name="Initial Recycling Capacity",
    units="Mt/Year",
    limits=(0.0, 5.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_recycling_capacity():
    """
    Decomposer capacity in 2025: a small informal scrap trade. Assumption.
    """
    return 0.02


@component.add(
    name="Capacity Unit Cost",
    units="BCNY*Year/Mt",
    limits=(0.1, 10.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def capacity_unit_cost():
    """
    Investment per unit of annual recycling capacity. Assumption: electric-arc and scrap-processing plants cost about 1 to 2 thousand CNY per tonne of annual capacity.
    """
    return 1.5


@component.add(
    name="Recycling Capacity Lifetime",
    units="Year",
    limits=(5.0, 50.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def recycling_capacity_lifetime():
    """
    Average life of decomposer plants. Assumption.
    """
    return 20


@component.add(
    name="Capacity Construction",
    units="Mt/Year/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"decomposer_investment": 1, "capacity_unit_cost": 1},
)
def capacity_construction():
    """
    New recycling capacity built per year.
    """
    return decomposer_investment() / capacity_unit_cost()


@component.add(
    name="Capacity Retirement",
    units="Mt/Year/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"recycling_capacity": 1, "recycling_capacity_lifetime": 1},
)
def capacity_retirement():
    """
    Recycling capacity retired per year.
    """
    return recycling_capacity() / recycling_capacity_lifetime()


@component.add(
    name="Waste Stock",
    units="Mt",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_waste_stock": 1},
    other_deps={
        "_integ_waste_stock": {
            "initial": {"initial_waste_stock": 1},
            "step": {"waste_generation": 1, "assimilation": 1},
        }
    },
)
def waste_stock():
    """
    High-entropy waste in the local environment (slag heaps, landfill, dispersed residues) not yet assimilated.
    """
    return _integ_waste_stock()


_integ_waste_stock = Integ(
    lambda: waste_generation() - assimilation(),
    lambda: initial_waste_stock(),
    "_integ_waste_stock",
)


@component.add(
    name="Initial Waste Stock",
    units="Mt",
    limits=(0.0, 1000.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_waste_stock():
    """
    Waste stock in 2025. Assumption: a few years of the cluster's current waste generation.
    """
    return 2


@component.add(
    name="Material Waste Generation",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "process_waste": 1,
        "uncollected_end_of_life": 1,
        "recycling_losses": 1,
        "surplus_secondary_material": 1,
    },
)
def material_waste_generation():
    """
    Material of the cycle that ends as waste.
    """
    return (
        process_waste()
        + uncollected_end_of_life()
        + recycling_losses()
        + surplus_secondary_material()
    )


@component.add(
    name="Combustion Residue Factor",
    units="Mt/PJ",
    limits=(0.0, 0.1, 0.001),
    comp_type="Constant",
    comp_subtype="Normal",
)
def combustion_residue_factor():
    """
    Local solid and gaseous residues of burning fossil fuel (ash, desulfurisation gypsum, SOx, NOx, particulates) per PJ. Coal of 25 GJ/t with 15% ash gives 0.006 Mt/PJ. Assumption.
    """
    return 0.006


@component.add(
    name="Combustion Residues",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fossil_energy_use": 1, "combustion_residue_factor": 1},
)
def combustion_residues():
    """
    Combustion residues emitted into the local environment: mass that comes from the fuel and air, not from the material cycle.
    """
    return fossil_energy_use() * combustion_residue_factor()


@component.add(
    name="Combustion Residue Added",
    units="Mt",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_combustion_residue_added": 1},
    other_deps={
        "_integ_combustion_residue_added": {
            "initial": {},
            "step": {"combustion_residues": 1},
        }
    },
)
def combustion_residue_added():
    """
    All mass that combustion has added to the material system since the start; the mass-balance check subtracts it.
    """
    return _integ_combustion_residue_added()


_integ_combustion_residue_added = Integ(
    lambda: combustion_residues(), lambda: 0, "_integ_combustion_residue_added"
)


@component.add(
    name="Waste Generation",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"material_waste_generation": 1, "combustion_residues": 1},
)
def waste_generation():
    """
    Everything that flows into the Waste Stock.
    """
    return material_waste_generation() + combustion_residues()


@component.add(
    name="Assimilated Waste",
    units="Mt",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_assimilated_waste": 1},
    other_deps={
        "_integ_assimilated_waste": {"initial": {}, "step": {"assimilation": 1}}
    },
)
def assimilated_waste():
    """
    Waste the ecosystem has absorbed since the start. Kept as a stock so that mass balances exactly.
    """
    return _integ_assimilated_waste()


_integ_assimilated_waste = Integ(
    lambda: assimilation(), lambda: 0, "_integ_assimilated_waste"
)


@component.add(
    name="Waste Reference Level",
    units="Mt",
    limits=(0.1, 100.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def waste_reference_level():
    """
    Waste stock at which the assimilation half-life is its base value: the analogue of World3's 1970 persistent pollution level. Set to the 2025 waste stock.
    """
    return 2


@component.add(
    name="Waste Index",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"waste_stock": 1, "waste_reference_level": 1},
)
def waste_index():
    """
    Waste stock relative to the reference level (World3 PPOLX).
    """
    return waste_stock() / waste_reference_level()


@component.add(
    name="Half Life Multiplier Slope",
    units="Dmnl",
    limits=(0.0, 0.2, 0.005),
    comp_type="Constant",
    comp_subtype="Normal",
)
def half_life_multiplier_slope():
    """
    Slope of the absorption half-life multiplier: World3's table AHLM over PPOLX, x = 1, 251, 501, 751, 1001 and y = 1, 11, 21, 31, 41, is the straight line 1 + 0.04 (x - 1) (Meadows et al. 1974, Dynamics of Growth in a Finite World; pyworld3).
    """
    return 0.04


@component.add(
    name="Maximum Half Life Multiplier",
    units="Dmnl",
    limits=(1.0, 100.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def maximum_half_life_multiplier():
    """
    Upper end of World3's AHLM table (41 at PPOLX 1001); the table is flat beyond.
    """
    return 41


@component.add(
    name="Half Life Multiplier",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "maximum_half_life_multiplier": 1,
        "half_life_multiplier_slope": 1,
        "waste_index": 1,
    },
)
def half_life_multiplier():
    """
    World3's AHLM table written as the straight line it is, clamped as the table is.
    """
    return float(
        np.maximum(
            1,
            float(
                np.minimum(
                    maximum_half_life_multiplier(),
                    1 + half_life_multiplier_slope() * (waste_index() - 1),
                )
            ),
        )
    )


@component.add(
    name="Base Assimilation Half Life",
    units="Year",
    limits=(0.1, 20.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def base_assimilation_half_life():
    """
    Assimilation half-life at the reference waste level: World3's AHL70 = 1.5 years (Meadows et al. 1974).
    """
    return 1.5


@component.add(
    name="Assimilation Half Life",
    units="Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"base_assimilation_half_life": 1, "half_life_multiplier": 1},
)
def assimilation_half_life():
    """
    Half-life of waste in the environment; grows as waste piles up.
    """
    return base_assimilation_half_life() * half_life_multiplier()


@component.add(
    name="Half Life To Time Constant",
    units="Dmnl",
    comp_type="Constant",
    comp_subtype="Normal",
)
def half_life_to_time_constant():
    """
    World3's factor between half-life and the time constant of absorption: assimilation = PPOL / (1.4 AHL) (Meadows et al. 1974).
    """
    return 1.4


@component.add(
    name="Assimilation",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ecosystem_health": 1,
        "waste_stock": 1,
        "half_life_to_time_constant": 1,
        "assimilation_half_life": 1,
    },
)
def assimilation():
    """
    Waste the ecosystem absorbs (flow from Waste Stock to Assimilated Waste), scaled by its health.
    """
    return (
        ecosystem_health()
        * waste_stock()
        / (half_life_to_time_constant() * assimilation_half_life())
    )


@component.add(
    name="Critical Waste Level",
    units="Mt",
    limits=(1.0, 10000.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def critical_waste_level():
    """
    Waste stock beyond which the ecosystem is damaged: the threshold of the seed's carrying capacity (阀限). Assumption: 50 times the 2025 stock.
    """
    return 100


@component.add(
    name="Critical Half Life",
    units="Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "base_assimilation_half_life": 1,
        "half_life_multiplier_slope": 1,
        "critical_waste_level": 1,
        "maximum_half_life_multiplier": 1,
        "waste_reference_level": 1,
    },
)
def critical_half_life():
    """
    Assimilation half-life when the waste stock is at the critical level.
    """
    return base_assimilation_half_life() * float(
        np.maximum(
            1,
            float(
                np.minimum(
                    maximum_half_life_multiplier(),
                    1
                    + half_life_multiplier_slope()
                    * (critical_waste_level() / waste_reference_level() - 1),
                )
            ),
        )
    )


@component.add(
    name="Carrying Capacity",
    units="Mt/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ecosystem_health": 1,
        "critical_waste_level": 1,
        "half_life_to_time_constant": 1,
        "critical_half_life": 1,
    },
)
def carrying_capacity():
    """
    Waste the ecosystem can assimilate per year at the critical level with its present health: the carrying capacity for the cluster's waste.
    """
    return (
        ecosystem_health()
        * critical_waste_level()
        / (half_life_to_time_constant() * critical_half_life())
    )


@component.add(
    name="Load Ratio",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"waste_generation": 1, "carrying_capacity": 1},
)
def load_ratio():
    """
    Carrying-capacity load: waste generation over what the ecosystem can assimilate at the critical level. Above 1 the waste stock heads past the critical level (overshoot).
    """
    return waste_generation() / carrying_capacity()


@component.add(
    name="Ecosystem Health",
    units="Dmnl",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_ecosystem_health": 1},
    other_deps={
        "_integ_ecosystem_health": {
            "initial": {"initial_ecosystem_health": 1},
            "step": {"health_regeneration": 1, "health_damage": 1},
        }
    },
)
def ecosystem_health():
    """
    State of the local ecosystem from 0 (collapsed) to 1 (undisturbed).
    """
    return _integ_ecosystem_health()


_integ_ecosystem_health = Integ(
    lambda: health_regeneration() - health_damage(),
    lambda: initial_ecosystem_health(),
    "_integ_ecosystem_health",
)


@component.add(
    name="Initial Ecosystem Health",
    units="Dmnl",
    limits=(0.01, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_ecosystem_health():
    """
    Ecosystem health in 2025.
    """
    return 1


@component.add(
    name="Health Damage Rate",
    units="1/Year",
    limits=(0.0, 2.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def health_damage_rate():
    """
    Fractional loss of health per year for each unit by which the waste stock exceeds the critical level (relative). Assumption.
    """
    return 0.1


@component.add(
    name="Maximum Damage Rate",
    units="1/Year",
    limits=(0.1, 4.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def maximum_damage_rate():
    """
    Largest fractional loss of health per year, however far past the critical level. Assumption; it also keeps health positive at any time step up to 1 year.
    """
    return 1


@component.add(
    name="Health Damage",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ecosystem_health": 1,
        "critical_waste_level": 1,
        "waste_stock": 1,
        "health_damage_rate": 1,
        "maximum_damage_rate": 1,
    },
)
def health_damage():
    """
    Loss of health when the waste stock is past the critical level.
    """
    return ecosystem_health() * float(
        np.minimum(
            maximum_damage_rate(),
            health_damage_rate()
            * float(np.maximum(0, waste_stock() / critical_waste_level() - 1)),
        )
    )


@component.add(
    name="Collapse Threshold",
    units="Dmnl",
    limits=(0.0, 0.9, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def collapse_threshold():
    """
    Health below which the ecosystem no longer regenerates (irreversible collapse). Assumption.
    """
    return 0.2


@component.add(
    name="Health Regeneration Time",
    units="Year",
    limits=(2.0, 200.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def health_regeneration_time():
    """
    Time constant of recovery of a healthy ecosystem. Assumption: decades, as for degraded land and water bodies.
    """
    return 30


@component.add(
    name="Health Regeneration",
    units="1/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "ecosystem_health": 2,
        "collapse_threshold": 2,
        "health_regeneration_time": 1,
    },
)
def health_regeneration():
    """
    Recovery of health; slows as health falls and stops below the collapse threshold.
    """
    return (
        (1 - ecosystem_health())
        * float(
            np.maximum(
                0,
                (ecosystem_health() - collapse_threshold())
                / (1 - collapse_threshold()),
            )
        )
        / health_regeneration_time()
    )


@component.add(
    name="Fossil Reserve",
    units="PJ",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_fossil_reserve": 1},
    other_deps={
        "_integ_fossil_reserve": {
            "initial": {"initial_fossil_reserve": 1},
            "step": {"fossil_energy_use": 1},
        }
    },
)
def fossil_reserve():
    """
    Fossil fuel available to the cluster (energy content).
    """
    return _integ_fossil_reserve()


_integ_fossil_reserve = Integ(
    lambda: -fossil_energy_use(),
    lambda: initial_fossil_reserve(),
    "_integ_fossil_reserve",
)


@component.add(
    name="Initial Fossil Reserve",
    units="PJ",
    limits=(1000.0, 200000.0, 1000.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_fossil_reserve():
    """
    Fossil fuel the cluster can draw on in 2025. Assumption: about 0.7 Gt of coal equivalent, a regional allocation.
    """
    return 20000


@component.add(
    name="Fossil Reserve Fraction",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fossil_reserve": 1, "initial_fossil_reserve": 1},
)
def fossil_reserve_fraction():
    """
    Share of the initial fossil reserve left.
    """
    return fossil_reserve() / initial_fossil_reserve()


@component.add(
    name="Energy Availability",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"depletion_half_saturation": 2, "fossil_reserve_fraction": 2},
)
def energy_availability():
    """
    Multiplier on output from the cost of scarcer fossil fuel (1 when untouched, 0 when exhausted).
    """
    return (
        (1 + depletion_half_saturation())
        * fossil_reserve_fraction()
        / (fossil_reserve_fraction() + depletion_half_saturation())
    )


@component.add(
    name="Extraction Energy Intensity",
    units="PJ/Mt",
    limits=(0.0, 10.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def extraction_energy_intensity():
    """
    Energy to mine and beneficiate a tonne of metal content from the 2025 reserve. Assumption (about 1 GJ/t).
    """
    return 1


@component.add(
    name="Primary Processing Energy Intensity",
    units="PJ/Mt",
    limits=(1.0, 50.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def primary_processing_energy_intensity():
    """
    Energy to make a tonne of material from virgin ore: blast furnace and oxygen converter steel about 20 GJ/t (worldsteel; Allwood and Cullen 2012, Sustainable Materials: With Both Eyes Open).
    """
    return 20


@component.add(
    name="Secondary Processing Energy Intensity",
    units="PJ/Mt",
    limits=(0.5, 30.0, 0.5),
    comp_type="Constant",
    comp_subtype="Normal",
)
def secondary_processing_energy_intensity():
    """
    Primary energy to remelt a tonne of secondary material: electric-arc steel from scrap about 6 GJ/t (Allwood and Cullen 2012).
    """
    return 6


@component.add(
    name="Recycling Energy Intensity",
    units="PJ/Mt",
    limits=(0.0, 10.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def recycling_energy_intensity():
    """
    Energy to collect, dismantle and sort a tonne of end-of-life material. Assumption.
    """
    return 1


@component.add(
    name="Other Energy Intensity",
    units="PJ*Year/BCNY",
    limits=(0.0, 5.0, 0.05),
    comp_type="Constant",
    comp_subtype="Normal",
)
def other_energy_intensity():
    """
    Energy for fabrication, assembly, buildings and transport per unit of annual output. Assumption: about 0.017 tce per thousand CNY.
    """
    return 0.5


@component.add(
    name="Energy Demand",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "reduce": 1,
        "other_energy_intensity": 1,
        "recycling_energy_intensity": 1,
        "industrial_output": 1,
        "secondary_processing_energy_intensity": 1,
        "extraction": 2,
        "recycling_collection": 1,
        "extraction_energy_intensity": 1,
        "extraction_energy_multiplier": 1,
        "primary_processing_energy_intensity": 1,
        "secondary_input": 1,
    },
)
def energy_demand():
    """
    Total energy demand of the cluster; reduce lowers every energy intensity by the same fraction.
    """
    return (1 - reduce()) * (
        extraction() * extraction_energy_intensity() * extraction_energy_multiplier()
        + extraction() * primary_processing_energy_intensity()
        + secondary_input() * secondary_processing_energy_intensity()
        + recycling_collection() * recycling_energy_intensity()
        + industrial_output() * other_energy_intensity()
    )


@component.add(
    name="Renewable Energy Use",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"energy_demand": 1, "renewable_share": 1},
)
def renewable_energy_use():
    """
    Energy from solar-derived sources.
    """
    return energy_demand() * renewable_share()


@component.add(
    name="Desired Fossil Energy Use",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"energy_demand": 1, "renewable_energy_use": 1},
)
def desired_fossil_energy_use():
    """
    Fossil energy the cluster would burn.
    """
    return energy_demand() - renewable_energy_use()


@component.add(
    name="Fossil Energy Use",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "desired_fossil_energy_use": 1,
        "minimum_extraction_time": 1,
        "fossil_reserve": 1,
    },
)
def fossil_energy_use():
    """
    Fossil energy burned (flow out of Fossil Reserve).
    """
    return float(
        np.minimum(
            desired_fossil_energy_use(), fossil_reserve() / minimum_extraction_time()
        )
    )


@component.add(
    name="Reference Temperature", units="K", comp_type="Constant", comp_subtype="Normal"
)
def reference_temperature():
    """
    Dead-state temperature T0 of the Gouy-Stodola relation (standard ambient, Szargut et al. 1988).
    """
    return 298.15


@component.add(
    name="TJ Per PJ", units="TJ/PJ", comp_type="Constant", comp_subtype="Normal"
)
def tj_per_pj():
    """
    Unit conversion.
    """
    return 1000


@component.add(
    name="Fossil Exergy Factor",
    units="Dmnl",
    limits=(1.0, 1.2, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def fossil_exergy_factor():
    """
    Chemical exergy of fossil fuel per unit of its heating value: about 1.06 for coal (Szargut, Morris and Steward 1988, Exergy Analysis of Thermal, Chemical and Metallurgical Processes).
    """
    return 1.06


@component.add(
    name="Material Specific Exergy",
    units="PJ/Mt",
    limits=(0.0, 40.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def material_specific_exergy():
    """
    Standard chemical exergy of the cluster's main material: iron 374.3 kJ/mol, 6.7 GJ/t (Szargut et al. 1988).
    """
    return 6.7


@component.add(
    name="Fossil Exergy Destruction",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"fossil_energy_use": 1, "fossil_exergy_factor": 1},
)
def fossil_exergy_destruction():
    """
    Exergy destroyed by burning fossil fuel.
    """
    return fossil_energy_use() * fossil_exergy_factor()


@component.add(
    name="Material Exergy Dispersal",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"material_waste_generation": 1, "material_specific_exergy": 1},
)
def material_exergy_dispersal():
    """
    Chemical exergy of material destroyed by dispersing it as waste.
    """
    return material_waste_generation() * material_specific_exergy()


@component.add(
    name="Exergy Retained By Recycling",
    units="PJ/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"secondary_input": 1, "material_specific_exergy": 1},
)
def exergy_retained_by_recycling():
    """
    Chemical exergy that recycling keeps in use instead of dispersing (its energy cost is in Energy Demand).
    """
    return secondary_input() * material_specific_exergy()


@component.add(
    name="Entropy Generation Rate",
    units="TJ/K/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "fossil_exergy_destruction": 1,
        "material_exergy_dispersal": 1,
        "tj_per_pj": 1,
        "reference_temperature": 1,
    },
)
def entropy_generation_rate():
    """
    Entropy the cluster generates per year (Gouy-Stodola: exergy destroyed / T0).
    """
    return (
        (fossil_exergy_destruction() + material_exergy_dispersal())
        * tj_per_pj()
        / reference_temperature()
    )


@component.add(
    name="Cumulative Entropy",
    units="TJ/K",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_cumulative_entropy": 1},
    other_deps={
        "_integ_cumulative_entropy": {
            "initial": {},
            "step": {"entropy_generation_rate": 1},
        }
    },
)
def cumulative_entropy():
    """
    Entropy generated since the start: the disorder the cluster has exported to its environment.
    """
    return _integ_cumulative_entropy()


_integ_cumulative_entropy = Integ(
    lambda: entropy_generation_rate(), lambda: 0, "_integ_cumulative_entropy"
)


@component.add(
    name="Solar Negentropy Use",
    units="TJ/K/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"renewable_energy_use": 1, "tj_per_pj": 1, "reference_temperature": 1},
)
def solar_negentropy_use():
    """
    Renewable energy use expressed as entropy: sunlight that is degraded anyway, reported separately and not charged to local stocks.
    """
    return renewable_energy_use() * tj_per_pj() / reference_temperature()


@component.add(
    name="Industrial Capital",
    units="BCNY",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_industrial_capital": 1},
    other_deps={
        "_integ_industrial_capital": {
            "initial": {"initial_industrial_capital": 1},
            "step": {"industrial_investment": 1, "capital_depreciation": 1},
        }
    },
)
def industrial_capital():
    """
    Productive capital of the cluster.
    """
    return _integ_industrial_capital()


_integ_industrial_capital = Integ(
    lambda: industrial_investment() - capital_depreciation(),
    lambda: initial_industrial_capital(),
    "_integ_industrial_capital",
)


@component.add(
    name="Initial Industrial Capital",
    units="BCNY",
    limits=(1.0, 1000.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def initial_industrial_capital():
    """
    Capital in 2025: with a capital-output ratio of 3 years it gives an output of 5 BCNY a year (50亿元), inside the 1 to 10 BCNY band of 63% of Liaoning's key clusters (seed, section 4).
    """
    return 15


@component.add(
    name="Capital Output Ratio",
    units="Year",
    limits=(1.0, 10.0, 0.1),
    comp_type="Constant",
    comp_subtype="Normal",
)
def capital_output_ratio():
    """
    Capital needed per unit of annual output. Assumption typical of manufacturing.
    """
    return 3


@component.add(
    name="Capital Lifetime",
    units="Year",
    limits=(5.0, 50.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def capital_lifetime():
    """
    Average life of industrial capital. Assumption.
    """
    return 20


@component.add(
    name="Productivity Health Sensitivity",
    units="Dmnl",
    limits=(0.0, 1.0, 0.05),
    comp_type="Constant",
    comp_subtype="Normal",
)
def productivity_health_sensitivity():
    """
    Share of productivity lost when the ecosystem collapses completely (health 0): polluted water, land and air raise costs and drive firms and workers away. Assumption.
    """
    return 0.8


@component.add(
    name="Health Effect On Output",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"productivity_health_sensitivity": 1, "ecosystem_health": 1},
)
def health_effect_on_output():
    """
    Multiplier on output from ecosystem health: the seed's vicious cycle of declining function.
    """
    return 1 - productivity_health_sensitivity() * (1 - ecosystem_health())


@component.add(
    name="Industrial Output",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "industrial_capital": 1,
        "capital_output_ratio": 1,
        "health_effect_on_output": 1,
        "material_availability": 1,
        "energy_availability": 1,
    },
)
def industrial_output():
    """
    Gross output of the cluster.
    """
    return (
        industrial_capital()
        / capital_output_ratio()
        * health_effect_on_output()
        * material_availability()
        * energy_availability()
    )


@component.add(
    name="Total Investment",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_output": 1, "investment_share": 1},
)
def total_investment():
    """
    Output set aside for investment.
    """
    return industrial_output() * investment_share()


@component.add(
    name="Decomposer Investment",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"total_investment": 1, "decomposer_investment_share": 1},
)
def decomposer_investment():
    """
    Investment in the decomposer (vein) industry.
    """
    return total_investment() * decomposer_investment_share()


@component.add(
    name="Desired Industrial Investment",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"total_investment": 1, "decomposer_investment": 1},
)
def desired_industrial_investment():
    """
    Investment in industrial capital before the threshold constraint.
    """
    return total_investment() - decomposer_investment()


@component.add(
    name="Capital Depreciation",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"industrial_capital": 1, "capital_lifetime": 1},
)
def capital_depreciation():
    """
    Capital worn out per year.
    """
    return industrial_capital() / capital_lifetime()


@component.add(
    name="Threshold Binding",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "threshold_constraint_active": 1,
        "threshold_load_level": 1,
        "load_ratio": 1,
    },
)
def threshold_binding():
    """
    1 while the threshold constraint holds net growth at zero, else 0.
    """
    return if_then_else(
        np.logical_and(
            threshold_constraint_active() > 0, load_ratio() > threshold_load_level()
        ),
        lambda: 1,
        lambda: 0,
    )


@component.add(
    name="Industrial Investment",
    units="BCNY/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "threshold_binding": 1,
        "desired_industrial_investment": 2,
        "capital_depreciation": 1,
    },
)
def industrial_investment():
    """
    Investment in industrial capital; under a binding threshold constraint only replacement.
    """
    return if_then_else(
        threshold_binding() > 0,
        lambda: float(
            np.minimum(desired_industrial_investment(), capital_depreciation())
        ),
        lambda: desired_industrial_investment(),
    )


@component.add(
    name="Policy Start Year",
    units="Year",
    limits=(2025.0, 2225.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def policy_start_year():
    """
    Year in which the policies start to phase in.
    """
    return 2030


@component.add(
    name="Policy Adoption Time",
    units="Year",
    limits=(1.0, 50.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def policy_adoption_time():
    """
    Years a policy takes to reach its full value after the start year.
    """
    return 10


@component.add(
    name="Policy Phase",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"time": 1, "policy_start_year": 1, "policy_adoption_time": 1},
)
def policy_phase():
    """
    Share of the policy change in force: 0 before the start year, rising linearly to 1.
    """
    return float(
        np.minimum(
            1,
            float(
                np.maximum(0, (time() - policy_start_year()) / policy_adoption_time())
            ),
        )
    )


@component.add(
    name="Reduce Policy",
    units="Dmnl",
    limits=(0.0, 0.5, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def reduce_policy():
    """
    Lever (reduce, 减量化): fractional cut in material stock intensity, process losses and energy intensity.
    """
    return 0


@component.add(
    name="Reduce",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"reduce_policy": 1, "policy_phase": 1},
)
def reduce():
    """
    Reduce in force (current practice: none).
    """
    return reduce_policy() * policy_phase()


@component.add(
    name="Reuse Policy",
    units="Dmnl",
    limits=(0.0, 0.6, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def reuse_policy():
    """
    Lever (reuse, 再利用): share of retired products repaired or remanufactured for another service life.
    """
    return 0


@component.add(
    name="Reuse",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"reuse_policy": 1, "policy_phase": 1},
)
def reuse():
    """
    Reuse in force (current practice: none).
    """
    return reuse_policy() * policy_phase()


@component.add(
    name="Recycle Policy",
    units="Dmnl",
    limits=(0.0, 0.95, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def recycle_policy():
    """
    Lever (recycle, 再循环): share of end-of-life material the cluster aims to collect for recycling.
    """
    return 0


@component.add(
    name="Recycle Rate",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"recycle_policy": 1, "policy_phase": 1},
)
def recycle_rate():
    """
    Collection target in force (current practice: none, the linear economy).
    """
    return recycle_policy() * policy_phase()


@component.add(
    name="Decomposer Investment Share Policy",
    units="Dmnl",
    limits=(0.0, 0.3, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def decomposer_investment_share_policy():
    """
    Lever (分解者, vein industry): share of total investment going to recycling capacity.
    """
    return 0


@component.add(
    name="Decomposer Investment Share",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"decomposer_investment_share_policy": 1, "policy_phase": 1},
)
def decomposer_investment_share():
    """
    Decomposer investment share in force.
    """
    return decomposer_investment_share_policy() * policy_phase()


@component.add(
    name="Current Renewable Share",
    units="Dmnl",
    limits=(0.0, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def current_renewable_share():
    """
    Renewable share of the cluster's energy in 2025. Assumption, near China's non-fossil share of industrial energy.
    """
    return 0.1


@component.add(
    name="Renewable Share Policy",
    units="Dmnl",
    limits=(0.0, 1.0, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def renewable_share_policy():
    """
    Lever: share of energy demand met by renewable (solar-derived) sources.
    """
    return 0.1


@component.add(
    name="Renewable Share",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={
        "current_renewable_share": 2,
        "policy_phase": 1,
        "renewable_share_policy": 1,
    },
)
def renewable_share():
    """
    Renewable share in force.
    """
    return (
        current_renewable_share()
        + (renewable_share_policy() - current_renewable_share()) * policy_phase()
    )


@component.add(
    name="Investment Share",
    units="Dmnl",
    limits=(0.0, 0.5, 0.01),
    comp_type="Constant",
    comp_subtype="Normal",
)
def investment_share():
    """
    Lever (growth): share of output invested. 0.25 with a capital-output ratio of 3 years and a 20-year capital life gives about 3% growth a year.
    """
    return 0.25


@component.add(
    name="Threshold Constraint Switch",
    units="Dmnl",
    limits=(0.0, 1.0, 1.0),
    comp_type="Constant",
    comp_subtype="Normal",
)
def threshold_constraint_switch():
    """
    Lever (阀限约束, threshold constraint): 1 stops net industrial growth while the load ratio is above Threshold Load Level (from Policy Start Year).
    """
    return 0


@component.add(
    name="Threshold Load Level",
    units="Dmnl",
    limits=(0.3, 1.5, 0.05),
    comp_type="Constant",
    comp_subtype="Normal",
)
def threshold_load_level():
    """
    Load ratio above which the threshold constraint stops net growth.
    """
    return 0.8


@component.add(
    name="Threshold Constraint Active",
    units="Dmnl",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"time": 1, "policy_start_year": 1, "threshold_constraint_switch": 1},
)
def threshold_constraint_active():
    """
    1 when the threshold constraint is switched on and the policy has started.
    """
    return if_then_else(
        time() >= policy_start_year(), lambda: threshold_constraint_switch(), lambda: 0
    )
