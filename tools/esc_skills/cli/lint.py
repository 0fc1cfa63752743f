"""`esc-skills lint`: check skills and banks; exit 0 clean, 1 findings that fail, 2 usage."""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from esc_skills.cli.command import Option, command
from esc_skills.cli.options import LLMOptions, llm_options, print_llm_summary
from esc_skills.cli.params import choice_option, count_option, format_option, strict_option
from esc_skills.errors import UserError

if TYPE_CHECKING:
    from esc_skills.lint.model import Finding


def _rule_table() -> str:
    from esc_skills.lint import RULES

    return "\n".join(
        f"{r.id}  {r.severity.value:<7}  {r.scope:<5}  {r.name:<28} {r.summary}"
        for r in sorted(RULES.values(), key=lambda r: r.id)
    )


@dataclass(frozen=True)
class LintOptions:
    """The flags of `esc-skills lint`."""

    # what is checked
    paths: tuple[Path, ...]
    select: tuple[str, ...] | None  # None: every rule
    ignore: tuple[str, ...] | None
    review: bool
    jobs: int
    llm: LLMOptions
    # how it is reported
    strict: bool
    fmt: str
    color: str
    list_rules: bool


def run_lint_command(opts: LintOptions) -> None:
    """Lint skill folders, SKILL.md files or banks (default: ./skills); never modifies files."""
    if opts.list_rules:
        click.echo(_rule_table())
        return
    paths = opts.paths
    if not paths:
        if not Path("skills").is_dir():
            raise UserError(
                "no PATH given and ./skills does not exist; pass a skill folder, "
                "a SKILL.md file or a bank folder"
            )
        paths = (Path("skills"),)
    from esc_skills.lint import has_errors
    from esc_skills.lint.engine import run_lint
    from esc_skills.lint.reporters import report

    # Linting keeps a small bank entry (a token set) per skill for the bank rules and makes
    # few reference cycles, yet the cyclic collector keeps re-walking the growing heap: ~10%
    # of the CPU of 10,000 skills with --jobs 1 (noise at 1,000). It is off for the run only.
    gc.disable()
    try:
        findings, checked = run_lint(paths, select=opts.select, ignore=opts.ignore, jobs=opts.jobs)
    finally:
        gc.enable()
    if opts.review:
        findings = _with_review(findings, paths, opts.llm, opts.select, opts.ignore)
    report(opts.fmt, findings, checked, opts.color)
    sys.exit(1 if has_errors(findings, strict=opts.strict) else 0)


def _rule_ids_option(flag: str, help: str) -> Option:
    """A repeatable rule-id filter; when it is not given at all it is None (no filter)."""
    return click.option(
        flag, multiple=True, metavar="IDS", help=help, callback=lambda _c, _p, v: v or None
    )


def _with_review(
    findings: list[Finding],
    paths: tuple[Path, ...],
    llm: LLMOptions,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
) -> list[Finding]:
    """Add the reviewer's findings (ESC9xx) that --select/--ignore keep."""
    from esc_skills.lint.engine import enabled_rules
    from esc_skills.lint.review import review_paths

    enabled = enabled_rules(select, ignore)
    client = llm.make_client()
    try:
        reviewed = review_paths(paths, client, concurrency=llm.concurrency or 4)
    finally:
        client.close()
    print_llm_summary(client)
    kept = [f for f in reviewed if f.rule in enabled]
    return sorted(set(findings) | set(kept))


lint = command("lint", run_lint_command, LintOptions, [
    click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
    format_option("text", "json", "github", help="Report format (github = workflow annotations)."),
    strict_option("Fail (exit 1) on warnings too."),
    _rule_ids_option("--select",
                     "Only these rule ids (comma list; a prefix such as ESC6 selects a group)."),
    _rule_ids_option("--ignore", "Skip these rule ids."),
    choice_option("--color", choices=("auto", "always", "never"),
                  help="Colour text output (auto honours NO_COLOR)."),
    click.option("--list-rules", is_flag=True, help="Print every rule id and exit."),
    count_option("--jobs", default=0, minimum=0, maximum=64,
                 help="Processes for the per-skill checks; 0 = one per core for banks of "
                      "200+ skills, 1 = this process only."),
    click.option("--review", is_flag=True,
                 help="Also ask the reviewer model to read each skill against "
                      "prompts/review_safety.md (ESC9xx findings; needs a configured model; "
                      "off by default, never needed offline)."),
    llm_options,
], epilog="Exit status: 0 no errors (warnings are printed), 1 errors (or warnings with "
   "--strict), 2 usage error or a PATH that is missing or not a skill. Rules: --list-rules; "
   "docs/bank-and-lint.md.")  # fmt: skip
