"""Output: result files (netCDF, CSV, zarr) written atomically, plain-text tables, the levers table, the Vensim sketch, the hand-laid-out views as SVG."""
