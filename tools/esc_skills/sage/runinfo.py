"""What a set of traces was made with: bank, models, profiles, and whether it is a smoke run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from esc_skills.data.traces import Trace
from esc_skills.llm.accounting import LOCAL_QUALITY_NOTE, is_smoke_model

# More profiles than this are counted, not listed, in titles.
MAX_LISTED_PROFILES = 4


@dataclass
class RunInfo:
    """The settings behind a run, for report headers, plot titles and the metrics JSON."""

    banks: list[str] = field(default_factory=list)
    agent_models: list[str] = field(default_factory=list)
    seeker_models: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    # True when any model was the embedded smoke-test model: such scores prove nothing.
    smoke_model: bool = False
    quality_note: str | None = None

    @classmethod
    def of(cls, traces: Iterable[Trace]) -> RunInfo:
        """Collect the distinct banks, models and profile ids, in order of appearance."""
        banks: dict[str, None] = {}
        agents: dict[str, None] = {}
        seekers: dict[str, None] = {}
        profiles: dict[str, None] = {}
        for trace in traces:
            banks[trace.bank] = agents[trace.agent_model] = seekers[trace.seeker_model] = None
            profiles[trace.profile_id] = None
        smoke = any(is_smoke_model(m) for m in [*agents, *seekers])
        return cls(
            banks=list(banks),
            agent_models=list(agents),
            seeker_models=list(seekers),
            profiles=list(profiles),
            smoke_model=smoke,
            quality_note=LOCAL_QUALITY_NOTE if smoke else None,
        )

    def profiles_text(self) -> str:
        """``2 profiles (a, b)`` or ``100 profiles``."""
        count = len(self.profiles)
        noun = "profile" if count == 1 else "profiles"
        if 0 < count <= MAX_LISTED_PROFILES:
            return f"{count} {noun} ({', '.join(self.profiles)})"
        return f"{count} {noun}"

    def describe(self) -> str:
        """One line: bank, agent model, seeker model, profiles."""
        return (
            f"bank {', '.join(self.banks) or '?'} · agent {', '.join(self.agent_models) or '?'} · "
            f"seeker {', '.join(self.seeker_models) or '?'} · {self.profiles_text()}"
        )

    def smoke_banner(self) -> str | None:
        """The warning every smoke-model report, metrics file and plot carries."""
        if not self.smoke_model:
            return None
        models = sorted(m for m in {*self.agent_models, *self.seeker_models} if is_smoke_model(m))
        return (
            f"SMOKE TEST: made with the embedded model {', '.join(models)}; it proves the "
            "pipeline runs, not that the skills help"
        )
