"""The process the kill-point test crashes: the whole loop, as `esc-skills evolve run` does it.

Usage: python -m tests.evolve.killpoint_child TMP_DIR (with $ESC_SKILLS_EVOLVE_CRASH_AT set).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from esc_skills.evolve.lock import exclusive

from .helpers import BAD, GOOD, build_loop
from .test_landing_e2e import propose

MARKERS = {"practical-advice-support": BAD, "exam-stress-coaching": GOOD}  # name order matters


def main(tmp: Path) -> None:
    """Propose, verify and settle under the repository lock, like the CLI."""
    loop, _ = build_loop(tmp, MARKERS, max_rounds=2)
    with exclusive(loop.landing.ops, "killpoint"):
        propose(loop, tmp)
        asyncio.run(loop.verify_and_settle())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
