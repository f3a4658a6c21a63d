"""Simulation: one run as an xarray Dataset, ensembles (Dask, resumable chunks), progress."""
