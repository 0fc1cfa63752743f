"""Run SAGE conversations concurrently, append each finished one to a trace file, resume."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esc_skills.agent.agent import SupportAgent
from esc_skills.data.profiles import Profile
from esc_skills.data.traces import Trace, Turn, append_trace, read_traces, repair_tail
from esc_skills.errors import DataError, UserError
from esc_skills.sage.metrics import FAILURE_BELOW, SUCCESS_AT
from esc_skills.sage.seeker import START_EMOTION, Seeker, apply_change
from esc_skills.sage.usage import conversation_usage, usage_dict

if TYPE_CHECKING:  # named in annotations only; callers build the client
    from esc_skills.llm import LLMClient

MAX_ROUNDS = 10


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def run_conversation(
    profile: Profile,
    *,
    agent: SupportAgent,
    client: LLMClient,
    max_rounds: int = MAX_ROUNDS,
    language: str | None = None,
    seed: int = 0,
    run_id: str = "",
    bank_label: str = "skills",
) -> Trace:
    """Play one profile under the SAGE protocol; model failures give an ``errored`` trace."""
    with conversation_usage() as usage:
        trace = await _play(profile, agent, client, max_rounds, language, seed, run_id, bank_label)
    trace.usage = dict(usage_dict(usage))  # Trace keeps JSON objects as plain dicts
    trace.finished_at = _now()
    return trace


async def _play(
    profile: Profile,
    agent: SupportAgent,
    client: LLMClient,
    max_rounds: int,
    language: str | None,
    seed: int,
    run_id: str,
    bank_label: str,
) -> Trace:
    """The conversation itself; its model calls are counted by the caller."""
    seeker = Seeker(client, profile, language=language, seed=seed)
    trace = Trace(
        run_id=run_id,
        profile_id=profile.id,
        profile=profile.summary(),
        bank=bank_label,
        agent_model=_model(agent.client, "agent"),
        seeker_model=_model(client, "seeker"),
        language=seeker.language,
        initial_emotion=START_EMOTION,
        started_at=_now(),
    )
    history: list[dict[str, str]] = []
    emotion = START_EMOTION

    def add(turn: Turn) -> None:
        trace.turns.append(turn)
        history.append({"role": turn.role, "content": turn.content})

    try:
        opening = await seeker.opening()
        add(Turn(0, "seeker", opening.content, emotion=emotion, plan=opening.plan or None))
        trace.rounds = 1
        while True:
            answer = await agent.reply(history)
            add(
                Turn(
                    len(trace.turns),
                    "supporter",
                    answer.content,
                    skills_offered=answer.skills_offered,
                    skills_applied=answer.skills_applied,
                )
            )
            if trace.rounds >= max_rounds:
                trace.end_reason = "max_rounds"
                break
            judgement = await seeker.judge(history, emotion)
            before = emotion
            emotion, change = apply_change(emotion, judgement.change)
            said = await seeker.reply(history, emotion, judgement)
            add(
                Turn(
                    len(trace.turns),
                    "seeker",
                    said.content,
                    emotion=emotion,
                    emotion_before=before,
                    change=change,
                    thoughts=judgement.thoughts,
                    plan=said.plan,
                )
            )
            trace.rounds += 1
            if emotion >= SUCCESS_AT:
                trace.end_reason = "success"
                break
            if emotion < FAILURE_BELOW:
                trace.end_reason = "failure"
                break
            if said.leave:
                trace.end_reason = "goodbye"
                break
        trace.final_emotion = emotion
    except UserError:
        # A missing key, an unreachable server, a config mistake: every conversation would
        # fail the same way, so stop the run (finished ones are saved) and say what to fix.
        raise
    except Exception as exc:  # one broken conversation must never stop the run
        trace.status, trace.end_reason = "errored", "errored"
        trace.error = f"{type(exc).__name__}: {exc}"
        trace.final_emotion = None
    return trace


def _model(client: LLMClient, role: str) -> str:
    try:
        return str(client.settings_for(role).model)
    except Exception:
        return "unknown"


async def run_conversations(
    profiles: Sequence[Profile],
    *,
    agent: SupportAgent,
    client: LLMClient,
    out: str | os.PathLike[str],
    max_rounds: int = MAX_ROUNDS,
    concurrency: int = 8,
    language: str | None = None,
    seed: int = 0,
    bank_label: str = "skills",
    run_id: str | None = None,
    retry_errored: bool = True,
    progress: bool = False,
    on_trace: Callable[[Trace], None] | None = None,
) -> list[Trace]:
    """Simulate every profile not yet finished in ``out``; return the traces of all of them."""
    out = Path(out)
    repair_tail(out)
    previous = read_traces(out)
    _check_same_run(out, previous, bank_label, agent.client, client)
    finished: dict[str, Trace] = {}
    for trace in previous:
        if trace.completed or not retry_errored:
            finished[trace.profile_id] = trace
    run_id = run_id or (previous[0].run_id if previous else _new_run_id())
    pending = [p for p in profiles if p.id not in finished]
    semaphore = asyncio.Semaphore(max(1, concurrency))
    new: dict[str, Trace] = {}
    tracker = _Progress(len(profiles), [finished[p.id] for p in profiles if p.id in finished])

    async def one(profile: Profile) -> None:
        async with semaphore:
            trace = await run_conversation(
                profile,
                agent=agent,
                client=client,
                max_rounds=max_rounds,
                language=language,
                seed=seed,
                run_id=run_id,
                bank_label=bank_label,
            )
        append_trace(out, trace)  # written the moment it ends: an interrupt loses nothing done
        new[profile.id] = trace
        tracker.add(trace)
        if on_trace is not None:
            on_trace(trace)

    with tracker.display(progress):
        tasks = [asyncio.ensure_future(one(p)) for p in pending]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            # Ctrl-C or a crash: stop the conversations in flight; finished ones are on disk.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    result = {**finished, **new}
    return [result[p.id] for p in profiles if p.id in result]


def _check_same_run(
    out: Path, previous: list[Trace], bank_label: str, agent_client: LLMClient, client: LLMClient
) -> None:
    """Refuse to resume a trace file written with another bank or other models."""
    if not previous:
        return
    first = previous[0]
    now = (bank_label, _model(agent_client, "agent"), _model(client, "seeker"))
    before = (first.bank, first.agent_model, first.seeker_model)
    if now != before:
        raise DataError(
            f"{out}: holds a run with bank {before[0]}, agent {before[1]}, seeker {before[2]}; "
            f"this run uses bank {now[0]}, agent {now[1]}, seeker {now[2]}. Resume with the same "
            "settings, or write to another --out file"
        )


def _new_run_id() -> str:
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"


class _Progress:
    """A rich progress bar whose description shows the running score."""

    def __init__(self, total: int, done: list[Trace]) -> None:
        self.total = total
        self.finals = [t.final_emotion for t in done if t.completed and t.final_emotion is not None]
        self.errored = sum(1 for t in done if not t.completed)
        self.count = len(done)
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def describe(self) -> str:
        """E.g. ``score 61.3  S 4  F 1  err 0``."""
        mean = sum(self.finals) / len(self.finals) if self.finals else 0.0
        success = sum(1 for f in self.finals if f >= SUCCESS_AT)
        failure = sum(1 for f in self.finals if f < FAILURE_BELOW)
        return f"score {mean:5.1f}  S {success}  F {failure}  err {self.errored}"

    def add(self, trace: Trace) -> None:
        """Count a finished conversation and refresh the bar."""
        self.count += 1
        if trace.completed and trace.final_emotion is not None:
            self.finals.append(trace.final_emotion)
        else:
            self.errored += 1
        if self._bar is not None:
            self._bar.update(self._task, completed=self.count, description=self.describe())

    def display(self, enabled: bool) -> Any:
        """A context manager showing the bar on stderr (a no-op when disabled)."""
        import contextlib

        if not enabled:
            return contextlib.nullcontext()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self._task = self._bar.add_task(self.describe(), total=self.total, completed=self.count)
        return self._bar
