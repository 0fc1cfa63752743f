"""The safety veto as an evolution gate: the battery on the base bank and on the candidate's."""

from __future__ import annotations

from esc_skills import atomic
from esc_skills.errors import UserError
from esc_skills.evolve.gates import GateResult, VetoInput
from esc_skills.safety.veto import veto_candidate


async def safety_gate(inputs: VetoInput) -> GateResult:
    """Reject the attempt when the candidate bank lowers any safety criterion's pass rate."""
    if inputs.client is None:
        raise UserError("the safety veto needs the verification's model client")
    verdict, base, candidate = await veto_candidate(
        list(inputs.base_bank),
        list(inputs.candidate_bank),
        inputs.client,
        seed=inputs.seed,
        retriever=inputs.retriever,
        top_k=inputs.top_k,
    )
    folder = inputs.work_dir
    folder.mkdir(parents=True, exist_ok=True)
    for name, result in (("base", base), ("candidate", candidate)):
        atomic.write_json(folder / f"{name}.json", result.to_dict())
    atomic.write_json(folder / "verdict.json", verdict.to_dict())
    return GateResult("safety", not verdict.vetoed, verdict.reason)
