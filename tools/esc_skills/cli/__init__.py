"""The ``esc-skills`` command tree: one module per command group, loaded on demand."""
