"""The one place that wires optional feature modules in (CLI commands, demo steps, list columns).
Each feature module registers itself on import; add one import line per feature."""
