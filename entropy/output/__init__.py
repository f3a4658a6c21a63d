"""Output: result files (netCDF, CSV, zarr) written atomically, plain-text tables, the levers table, the Vensim sketch."""
