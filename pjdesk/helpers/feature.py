"""Wiring of the helpers feature into the core: CLI commands, the demo step, the registry list
column 帮扶责任人 and the status hook (已销户 ends the pairing). Called once from pjdesk.features."""

from __future__ import annotations


def install() -> None:
    """Register everything; calling it again changes nothing."""
    from .. import cli, demo
    from ..services import households, registry_query
    from . import assignments, queries
    from .cli import register
    from .demo_data import demo_step

    if register not in cli.COMMANDS:
        cli.COMMANDS.append(register)
    if demo_step not in demo.DEMO_STEPS:
        demo.DEMO_STEPS.append(demo_step)
    registry_query.ROW_EXTENSIONS["helper_name"] = queries.CURRENT_HELPER_SQL
    if assignments.end_on_close not in households.STATUS_HOOKS:
        households.STATUS_HOOKS.append(assignments.end_on_close)
