"""What evolution writes into the repository: proposal, verification record, report, index."""

from __future__ import annotations

import json
from collections.abc import Sequence

from esc_skills import resources
from esc_skills.evolve.decide import Rule
from esc_skills.evolve.records import Attempt, Baseline, Interval, Proposal, VerificationRecord
from esc_skills.evolve.verify import Verification

REPORTS_DIR = "evolution_reports"


def dumps(data: object) -> str:
    """Stable, readable JSON for committed files."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def record(
    *,
    run_id: str,
    proposal: Proposal,
    rule: Rule,
    seed: int,
    verification: Verification | None = None,
    reason: str | None = None,
    models: dict[str, str] | None = None,
) -> VerificationRecord:
    """verification.json: the decision and every number behind it (schema/report.schema.json).

    Without ``verification`` the candidate was dropped before it (generation failed lint).
    """
    v = verification
    data: VerificationRecord = {
        "schema_version": 1,
        "run_id": run_id,
        "skill": proposal["skill"],
        "kind": proposal["kind"],
        "rule": rule.to_dict(),
        "seed": seed,
        "profiles": list(proposal["verify_profiles"]),
        "decision": v.decision if v else "dropped",
        "reason": v.reason if v else reason or "dropped",
        "baseline": v.baseline if v else None,
        "attempts": v.attempts if v else [],
        "best_attempt": v.best_attempt if v else None,
        "paired": v.paired if v else [],
        "ci": v.ci if v else None,
        "models": dict(models or {}),
        "generation": proposal.get("generation", {}),
    }
    resources.validate("report.schema.json", data)
    return data


def proposal_markdown(proposal: Proposal) -> str:
    """proposal.md: why this candidate exists and how it will be verified."""
    verb = "Refine" if proposal["kind"] == "refine" else "Add"
    lines = [
        f"# {verb} skill `{proposal['skill']}` (evolution run {proposal['run_id']})",
        "",
        f"- kind: {proposal['kind']}",
        f"- asked for by {proposal['frequency']} conversation(s); mean emotion points at "
        f"stake {proposal['impact']}; rank score {proposal['score']}",
        f"- base commit: {proposal['base'][:12]}",
        f"- verification: {len(proposal['verify_profiles'])} profiles, seed {proposal['seed']}",
        "",
        "## Why",
        "",
    ]
    lines += [f"- ({r['count']}x) {r['text']}" for r in proposal["reasons"][:10]] or ["- (none)"]
    lines += ["", "## Profiles used for verification", ""]
    lines += [f"- {p}" for p in proposal["verify_profiles"]]
    gen = proposal.get("generation", {})
    if gen.get("problems"):
        lines += ["", "## Generation", "", f"Lint-clean after {gen['tries']} tries:"]
        lines += [f"- {p}" for p in gen["problems"]]
    return "\n".join(lines) + "\n"


def _measured(rec: VerificationRecord) -> tuple[Baseline, Attempt, Interval]:
    """The baseline, best attempt and interval of a record whose candidate was verified."""
    base, number, ci = rec["baseline"], rec["best_attempt"], rec["ci"]
    if base is None or number is None or ci is None:
        raise ValueError(f"{rec['run_id']}/{rec['skill']}: the record holds no verification")
    return base, rec["attempts"][number - 1], ci


def _scores(rec: VerificationRecord) -> str:
    base, best, _ = _measured(rec)
    return (
        f"avg final emotion {base['mean']:.1f} -> {best['mean']:.1f} "
        f"({best['improvement']:+.1f}), success {base['success']} -> {best['success']}, "
        f"failure {base['failure']} -> {best['failure']} of {best['conversations']}"
    )


def _gate_summary(rec: VerificationRecord) -> str:
    best = _measured(rec)[1]
    done = [f"{g['name']} {'passed' if g['passed'] else 'failed'}" for g in best.get("gates", [])]
    return f"Gates: {', '.join(done)}.\n" if done else ""


def merge_message(rec: VerificationRecord) -> str:
    """The merge commit's message: what was accepted and the scores that accepted it."""
    ci = _measured(rec)[2]
    return (
        f"evolve({rec['run_id']}): accept {rec['kind']} skill {rec['skill']}\n\n"
        f"{_scores(rec)}; mean paired difference {int(ci['level'] * 100)}% CI "
        f"[{ci['low']:+.1f}, {ci['high']:+.1f}].\n{rec['reason']}.\n"
        + _gate_summary(rec)
        + f"Report: {REPORTS_DIR}/{rec['run_id']}/{rec['skill']}/report.md\n"
    )


def _errored_lines(rec: VerificationRecord) -> list[str]:
    """A note on conversations that errored (scored at the last emotion they reached)."""
    base = rec["baseline"]
    runs = [("original bank", base.get("errored", []) if base else [])]
    runs += [(f"attempt {a['attempt']}", a.get("errored", [])) for a in rec["attempts"]]
    bad = [f"{name}: {len(ids)}" for name, ids in runs if ids]
    if not bad:
        return []
    return [
        "",
        "Conversations that errored, scored at the last emotion they reached: "
        + ", ".join(bad)
        + ".",
    ]


def _gate_lines(rec: VerificationRecord) -> list[str]:
    """Every gate of the best attempt, and which one decided."""
    best = _measured(rec)[1]
    if "gates" not in best:
        return []
    lines = [
        "",
        f"Gates of attempt {best['attempt']} (decided by `{best['decided_by']}`):",
        "",
        "| gate | passed | detail |",
        "|---|---|---|",
    ]
    lines += [
        f"| {g['name']} | {'yes' if g['passed'] else 'no'} | {g['detail']} |" for g in best["gates"]
    ]
    return lines


def report_markdown(rec: VerificationRecord) -> str:
    """report.md: the decision, the attempts and the per-profile paired differences."""
    lines = [
        f"# {rec['decision'].capitalize()}: {rec['kind']} skill `{rec['skill']}` "
        f"(run {rec['run_id']})",
        "",
        rec["reason"] + ".",
        "",
    ]
    if rec["decision"] == "dropped":
        lines += ["The candidate never passed lint, so it was not verified."]
        lines += [f"- {p}" for p in rec.get("generation", {}).get("problems", [])]
        return "\n".join(lines) + "\n"
    if not rec.get("attempts"):
        lines += ["It was closed without a verification that decided it."]
        if rec.get("superseded"):
            old = rec["superseded"]
            lines += [f"An earlier verification said {old['decision']}: {old['reason']}."]
        return "\n".join(lines) + "\n"
    ci = _measured(rec)[2]
    lines += [
        f"Scores on {len(rec['profiles'])} profiles, seed {rec['seed']}: {_scores(rec)}.",
        f"Mean paired difference, {int(ci['level'] * 100)}% bootstrap CI "
        f"({ci['resamples']} resamples, seed {ci['seed']}): [{ci['low']:+.2f}, "
        f"{ci['high']:+.2f}].",
        *_errored_lines(rec),
        "",
        "Rule: accept if all conversations reach Success, or if within "
        f"{rec['rule']['max_attempts']} attempts a version raises the mean by more than "
        f"{rec['rule']['min_improvement']}"
        + (" with no new Failures" if rec["rule"]["require_no_new_failures"] else "")
        + (" with a CI lower bound above 0" if rec["rule"].get("require_ci_above_zero") else "")
        + (
            f", and no drop beyond {rec['rule'].get('regression_margin', 0)} on "
            f"{rec['rule']['regression_profiles']} other profiles"
            if rec["rule"].get("regression_profiles")
            else ""
        )
        + (f"; vetoes: {', '.join(rec['rule']['vetoes'])}" if rec["rule"].get("vetoes") else "")
        + ".",
        "",
        "| attempt | mean | change | success | failure | new failures | passed |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in rec["attempts"]:
        lines.append(
            f"| {a['attempt']} | {a['mean']:.1f} | {a['improvement']:+.1f} | "
            f"{a['success']} | {a['failure']} | {len(a['new_failures'])} | "
            f"{'yes' if a['accepted'] else 'no'} |"
        )
    lines += _gate_lines(rec)
    lines += [
        "",
        f"Per profile (attempt {rec['best_attempt']}):",
        "",
        "| profile | original bank | candidate | difference |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {p['profile_id']} | {p['baseline']} | {p['candidate']} | {p['diff']:+d} |"
        for p in rec["paired"]
    ]
    return "\n".join(lines) + "\n"


def index_markdown(records: Sequence[VerificationRecord]) -> str:
    """evolution_reports/index.md: every decision ever made, newest run first."""
    lines = [
        "# Evolution decisions",
        "",
        "Generated by `esc-skills evolve settle`; one row per candidate. Do not edit.",
        "",
        "| run | skill | kind | decision | baseline mean | best mean | change | report |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rec in sorted(records, key=lambda r: (r["run_id"], r["skill"]), reverse=True):
        base = rec.get("baseline")
        number = rec.get("best_attempt")
        best = rec["attempts"][number - 1] if number else None
        cells = [
            rec["run_id"],
            f"`{rec['skill']}`",
            rec["kind"],
            rec["decision"],
            f"{base['mean']:.1f}" if base else "-",
            f"{best['mean']:.1f}" if best else "-",
            f"{best['improvement']:+.1f}" if best else "-",
            f"[report]({rec['run_id']}/{rec['skill']}/report.md)",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
