"""Rebuild lint/prefilter_plans.json: `python -m esc_skills.lint.prefilter_gen [--check]`.

The plans are data, not code: a JSON file loads in a millisecond with or without
bytecode caches, where the generated module it replaces took ~80 ms to compile when no
.pyc could be written. ``--check`` exits 1 when the file is stale (CI, pre-commit).
"""

from __future__ import annotations

import argparse
import json
import sys

from esc_skills.atomic import write_text
from esc_skills.lint.prefilter import Plan, derive_plan, plan_key, plans_file


def render_plans(plans: dict[str, Plan]) -> str:
    """The text of prefilter_plans.json holding ``plans``: one literal a line, for diffs."""
    lines = ["{"]
    for n, (key, plan) in enumerate(sorted(plans.items())):
        literals = [
            f"   {json.dumps(literal)}: {json.dumps(list(parts))}"
            for literal, parts in sorted(plan.by_literal.items())
        ]
        lines += [
            f"  {json.dumps(key)}: {{",
            f'   "parts": {json.dumps([list(part) for part in plan.parts])},',
            f'   "always": {json.dumps(list(plan.always))},',
            '   "by_literal": {',
            ",\n".join(literals),
            "   }",
            "  }" + ("," if n < len(plans) - 1 else ""),
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def current_plans() -> dict[str, Plan]:
    """The plan of every scanner rules_safety builds, derived from its patterns now."""
    from esc_skills.lint import rules_safety

    return {plan_key(patterns): derive_plan(patterns) for patterns in rules_safety.SCANNED}


def main(argv: list[str] | None = None) -> int:
    """Rewrite prefilter_plans.json from the scanners of rules_safety (or check it)."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = ap.parse_args(argv)
    plans = current_plans()
    text, target = render_plans(plans), plans_file()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target}: out of date; run `python -m esc_skills.lint.prefilter_gen`")
            return 1
        print(f"{target}: up to date ({len(plans)} plan(s))")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, text)
    print(f"wrote {len(plans)} plan(s) to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
