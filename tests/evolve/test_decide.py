"""The acceptance rule, paired differences and the seeded bootstrap interval."""

from __future__ import annotations

from esc_skills.evolve.decide import Rule, best_attempt, bootstrap_ci, decide, judge

BASE = {"a": 30, "b": 50, "c": 12}


def test_strict_improvement_accepts_and_equal_does_not() -> None:
    assert judge(BASE, {"a": 31, "b": 50, "c": 12}, Rule())["accepted"]
    assert not judge(BASE, dict(BASE), Rule())["accepted"]
    assert not judge(BASE, {"a": 31, "b": 50, "c": 12}, Rule(min_improvement=1.0))["accepted"]


def test_all_success_accepts_even_below_min_improvement() -> None:
    base = {"a": 100, "b": 100}
    result = judge(base, {"a": 100, "b": 100}, Rule(min_improvement=5))
    assert result["all_success"] and result["accepted"]


def test_new_failures_guard() -> None:
    cand = {"a": 80, "b": 5, "c": 40}  # mean rises but b falls below 10
    assert judge(BASE, cand, Rule())["accepted"]
    guarded = judge(BASE, cand, Rule(require_no_new_failures=True))
    assert guarded["new_failures"] == ["b"] and not guarded["accepted"]


def test_decision_stops_once_known() -> None:
    rule = Rule(max_attempts=3)
    fail = judge(BASE, dict(BASE), rule)
    ok = judge(BASE, {"a": 40, "b": 50, "c": 12}, rule)
    assert decide([fail], rule) is None
    assert decide([fail, ok], rule) == "accepted"
    assert decide([fail, fail, fail], rule) == "rejected"
    assert best_attempt([fail, ok]) == 2


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    diffs = [5, -2, 8, 0, 3, 7, -1, 4]
    one, two = bootstrap_ci(diffs, seed=3), bootstrap_ci(diffs, seed=3)
    assert one == two
    assert one["low"] < sum(diffs) / len(diffs) < one["high"]
    assert bootstrap_ci([2, 2, 2])["low"] == 2.0 == bootstrap_ci([2, 2, 2])["high"]


def test_rule_round_trips_and_check_flags_map_by_name() -> None:
    from dataclasses import fields

    from esc_skills.cli.evolve_options import Check

    rule = Rule(5, 0.5, True, True, 7, 1.5, ("safety",))
    assert Rule.from_dict({**rule.to_dict(), "written_by_a_newer_version": 1}) == rule
    # Every Rule field travels from the flag of the same name, whatever the field order.
    flags = {f.name: None for f in fields(Check)} | {
        k: v for k, v in vars(rule).items() if k != "vetoes"
    }
    assert Check(**{**flags, "vetoes": ("safety",)}).rule() == rule
    assert Check(**{**flags, "vetoes": ("none",)}).rule().vetoes == ()
