"""Aggregation: near-duplicates merged, ranked by frequency x impact, limits applied."""

from __future__ import annotations

from typing import Any

from esc_skills.evolve.aggregate import aggregate


def _report(pid: str, final: int, recs: list[dict[str, Any]], applied: list[str] = ()) -> dict:  # type: ignore[assignment,type-arg]
    return {
        "profile_id": pid,
        "final_emotion": final,
        "recommendations": recs,
        "skills_applied": list(applied),
        "group": {"main_cha": "negative", "goal": "g"},
    }


def _new(name: str, reason: str, impact: float = 5) -> dict[str, Any]:
    return {"kind": "new", "skill": name, "reason": reason, "impact": impact}


def test_near_duplicate_new_skills_merge_and_rank() -> None:
    reports = [
        _report("a", 5, [_new("study-planning", "seeker needed a concrete study plan")]),
        _report("b", 20, [_new("study-plan-building", "seeker needed a concrete study plan now")]),
        _report("c", 30, [_new("grief-companionship", "loss of a pet", impact=30)]),
        _report("d", 60, [_new("study-planning", "wanted a plan for exams")]),
    ]
    chosen = aggregate(reports, bank=[], n_profiles=2)
    assert [c.skill for c in chosen] == ["grief-companionship", "study-planning"]
    study = chosen[1]
    assert study.frequency == 3 and study.aliases == ["study-plan-building"]
    assert study.reasons[0] == {"text": "seeker needed a concrete study plan", "count": 2}
    assert study.verify_profiles == ["a", "b"]  # the globally lowest


def test_refinements_use_profiles_where_the_skill_was_applied() -> None:
    refine = {"kind": "refine", "skill": "s1", "reason": "too fast", "impact": 4}
    reports = [
        _report("a", 5, [], applied=[]),
        _report("b", 50, [refine], applied=["s1"]),
        _report("c", 20, [], applied=["s1"]),
        _report("d", 10, [refine], applied=["s1"]),
    ]
    (cand,) = aggregate(reports, bank=["s1"], max_new=0, n_profiles=3)
    assert cand.kind == "refine" and cand.frequency == 2
    assert cand.verify_profiles == ["d", "c", "b"]  # applied there, lowest first; not "a"


def test_refinements_are_topped_up_from_the_lowest_scoring_profiles() -> None:
    # The paper's rule judges every candidate on the full set: a skill applied in only two
    # conversations is topped up from the globally lowest-scoring ones it did not meet.
    refine = {"kind": "refine", "skill": "s1", "reason": "too fast", "impact": 4}
    scores = [("x", 30), ("y", 60), ("a", 5), ("b", 50), ("c", 70), ("d", 90)]
    used = {"x", "y"}
    reports = [
        _report(p, score, [refine] if p in used else [], applied=["s1"] if p in used else [])
        for p, score in scores
    ]
    (cand,) = aggregate(reports, bank=["s1"], max_new=0, n_profiles=5)
    assert cand.verify_profiles == ["x", "y", "a", "b", "c"]
    (cand,) = aggregate(reports, bank=["s1"], max_new=0, n_profiles=15)
    assert sorted(cand.verify_profiles) == ["a", "b", "c", "d", "x", "y"]  # all there are


def test_limits_and_unknown_refinements() -> None:
    reports = [
        _report(
            str(i),
            i,
            [
                _new(f"skill-{i}x", f"need number {i}"),
                {"kind": "refine", "skill": "gone", "reason": "r", "impact": 1},
            ],
        )
        for i in range(20)
    ]
    chosen = aggregate(reports, bank=["other"], max_refine=9, max_new=12)
    assert len(chosen) == 12 and all(c.kind == "new" for c in chosen)
