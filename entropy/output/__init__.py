"""Output: result files (netCDF, CSV, zarr) written atomically with CF and provenance attributes, plain-text tables, the levers table, the Vensim sketch, the hand-laid-out views as SVG."""
