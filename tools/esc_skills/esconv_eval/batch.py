"""ESConv response generation through a provider's batch API (about half the price)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from esc_skills.esconv_eval.runner import PREDICTIONS, load_examples, read_predictions
from esc_skills.llm.batch import PrefetchReport, prefetch

BATCH_STATE = "batch-state.json"


async def prefetch_responses(
    predictor: object,
    data_dir: str | os.PathLike[str],
    *,
    out: Path,
    split: str = "test",
    limit: int | None = None,
    poll_seconds: float | None = None,
    log: Callable[[str], None] | None = None,
) -> PrefetchReport:
    """Batch every turn not yet in ``out``'s predictions into the cache, then stop."""
    examples, _ = load_examples(data_dir, split, limit)
    done = {record["key"] for record in read_predictions(out / PREDICTIONS, repair=True)}
    requests = [
        await predictor.request_for(ex)  # type: ignore[attr-defined]
        for ex in examples
        if ex.key not in done
    ]
    client = predictor.client  # type: ignore[attr-defined]
    return await prefetch(
        client, requests, state_path=out / BATCH_STATE, poll_seconds=poll_seconds, log=log
    )
