"""SAGE runner speed: 15 profiles at concurrency 15 on a fake backend with 100 ms per call.

The target: the whole run takes at most 1.2x its longest single conversation, i.e. the
runner adds almost nothing on top of the model's own latency. Prints measured figures.

    /work/venv/bin/python benchmarks/bench_sage.py [--profiles 15] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import LLMChooser
from esc_skills.bank import load_bank
from esc_skills.data.profiles import Profile, load_profiles
from esc_skills.llm import FakeBackend, LLMClient, LLMRequest
from esc_skills.paths import SKILLS_DIR, resolve_data_dir
from esc_skills.sage.runner import run_conversations

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' scripted answers

from tests.sage.sage_script import judgement


def script(request: LLMRequest) -> Any:
    """Scripted answers; the emotion change depends on the profile so lengths differ."""
    name = request.schema_name
    if name == "seeker_judgement":
        scene = request.messages[0].content.split("## 你的性格")[0]  # the profile, not the turn
        digest = hashlib.sha256(scene.encode()).digest()
        change = (-9, -4, 0, 3, 6, 10)[digest[0] % 6]
        return judgement(change)
    if name == "seeker_reply":
        plan = {"attitude": "a", "goal": "g", "tone": "t", "content": "c"}
        return {"plan": plan, "draft": "d", "rewrite": "go on", "leave": False}
    if name == "skill_choice":
        return {
            "seeker_state": "s",
            "skills": request.schema["properties"]["skills"]["items"]["enum"][:2],
        }
    if name == "agent_reply":
        offered = request.schema["properties"]["skills_applied"]["items"]["enum"]
        return {"skills_applied": offered[:1], "reply": "I hear you."}
    return "I hear you."


async def timed_run(
    profiles: list[Profile], latency: float, concurrency: int, *, factory: bool = False
) -> tuple[float, list[Any]]:
    """Wall time and traces of one run on a fresh fake backend and trace file."""
    with tempfile.TemporaryDirectory() as tmp:
        fake = FakeBackend(script, latency=latency)
        client: Any = LLMClient.with_backend(fake)
        if factory:  # the real client: limits, accounting and a fresh (cold) SQLite cache
            from esc_skills.llm.factory import make_client

            client = make_client(
                model="fake/bench", backends={"fake": fake}, cache_path=Path(tmp) / "c.sqlite"
            )
        skills = load_bank(SKILLS_DIR)
        agent = SupportAgent(client, skills, retriever=LLMChooser(client, skills), top_k=2)
        start = time.perf_counter()
        traces = await run_conversations(
            profiles, agent=agent, client=client, out=Path(tmp) / "t.jsonl", concurrency=concurrency
        )
        return time.perf_counter() - start, traces


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=15)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=15)
    args = parser.parse_args()

    profiles = load_profiles(resolve_data_dir(None), "sage", limit=args.profiles)
    total, traces = await timed_run(profiles, args.latency, args.concurrency)
    longest = max(traces, key=lambda t: t.usage["calls"])
    single, _ = await timed_run(
        [p for p in profiles if p.id == longest.profile_id], args.latency, 1
    )
    calls = sum(t.usage["calls"] for t in traces)
    fewest = min(t.usage["calls"] for t in traces)
    print(f"profiles {len(traces)}, concurrency {args.concurrency}, fake {args.latency:.3f} s/call")
    print(f"calls {calls} (per conversation {fewest}..{longest.usage['calls']})")
    print(f"end reasons: {sorted({t.end_reason for t in traces})}")
    print(f"whole run           {total:7.2f} s")
    print(f"longest conversation {single:7.2f} s alone ({longest.usage['calls']} calls)")
    print(f"sequential estimate {calls * args.latency:7.2f} s")
    ratio = total / single
    print(
        f"ratio run / longest {ratio:7.3f}  (target <= 1.2: {'PASS' if ratio <= 1.2 else 'FAIL'})"
    )
    total_f, _ = await timed_run(profiles, args.latency, args.concurrency, factory=True)
    alone = [p for p in profiles if p.id == longest.profile_id]
    single_f, _ = await timed_run(alone, args.latency, 1, factory=True)
    print(
        f"with make_client (limits, accounting, SQLite cache): run {total_f:.2f} s, "
        f"longest alone {single_f:.2f} s, ratio {total_f / single_f:.3f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
