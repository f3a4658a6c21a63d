"""The regional model's shared parts: the regional sink, the shared fossil supply and regional totals.

Equations for ``tools/build_liaoning.py``, written as in ``liaoning_new.py``.
"""

from __future__ import annotations

_D = "Dmnl"

#: [(left-hand side, right-hand side, units, documentation)], as ``liaoning_new.NEW``.
REGIONAL: list[tuple[str, str, str, str]] = [
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
]
