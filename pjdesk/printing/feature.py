"""Wiring of the printing feature into the core on import: the ``print`` CLI commands.
Imported once from pjdesk.features; importing it again changes nothing."""

from __future__ import annotations

from .. import cli
from .cli import register

if register not in cli.COMMANDS:
    cli.COMMANDS.append(register)
