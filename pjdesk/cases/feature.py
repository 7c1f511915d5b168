"""Wiring of the cases feature into the core on import: the ``cases`` CLI commands and the demo step.
Imported once from pjdesk.features; importing it again changes nothing."""

from __future__ import annotations

from .. import cli, demo
from ..services import households
from .cli import register
from .demo_data import demo_step
from .status_hook import refuse_closing_with_open_case

if register not in cli.COMMANDS:
    cli.COMMANDS.append(register)
if demo_step not in demo.DEMO_STEPS:
    demo.DEMO_STEPS.append(demo_step)
if refuse_closing_with_open_case not in households.STATUS_HOOKS:
    households.STATUS_HOOKS.append(refuse_closing_with_open_case)
