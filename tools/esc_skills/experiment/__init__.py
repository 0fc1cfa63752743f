"""Experiment grids: plan, cost estimate, execution and the report."""
