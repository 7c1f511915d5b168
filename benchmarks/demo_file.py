"""The demo file a benchmark runs on: built with ``pjdesk demo --households N`` when it is not there yet
(a few minutes for 50,000), the time it took printed. Shared by the benchmark scripts of this folder."""

from __future__ import annotations

import time
from pathlib import Path


def ensure_demo(path: Path, households: int) -> None:
    if path.exists():
        return
    from pjdesk.cli.main import main as cli

    t = time.perf_counter()
    cli(["--db", str(path), "demo", "--households", str(households)])
    print(f"demo --households {households}: {time.perf_counter() - t:.1f} s")
