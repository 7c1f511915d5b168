"""Imports the UI feature modules; each registers its pages on import (see ui/pages.py)."""
