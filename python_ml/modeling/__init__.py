"""The throughput model split by job: estimator, intervals, extrapolation, domain checks, baselines,
selection, validation, and the train / predict entry points."""
