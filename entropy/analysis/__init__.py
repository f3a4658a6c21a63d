"""Analysis of runs: accounting, indicators, invariants, network analysis, regional indicators, robustness, sensitivity, loop dominance, comparison, reference outputs."""
