"""Response-level evaluation on ESConv: per-turn examples, strategy predictors, metrics, tables."""
