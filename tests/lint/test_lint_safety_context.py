"""Unsafe-content rules fire on instructions and stay quiet on warnings against them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from esc_skills.lint import lint_paths

SEED = Path(__file__).parent / "positive" / "grief-companioning"
ANCHOR = "4. Ask what has helped them get through the hardest days so far."


def _skill_with(tmp_path: Path, section: str, text: str) -> Path:
    folder = tmp_path / "grief-companioning"
    shutil.copytree(SEED, folder)
    skill_md = folder / "SKILL.md"
    source = skill_md.read_text(encoding="utf-8")
    heading = f"## {section}\n\n"
    assert heading in source
    skill_md.write_text(source.replace(heading, heading + text + "\n", 1), encoding="utf-8")
    return folder


UNSAFE = [
    ("ESC601", "Recommended actions", "1. Diagnose the seeker's condition early."),
    ("ESC601", "Examples", "Supporter: It sounds like you have clinical depression."),
    ("ESC602", "Recommended actions", "1. Tell them to double their dose when it is bad."),
    ("ESC602", "Recommended actions", "1. Suggest 20 mg of melatonin before bed."),
    ("ESC603", "Recommended actions", "1. Promise them it will stay confidential."),
    ("ESC603", "Examples", "Supporter: I won't tell anyone, I promise."),
    ("ESC604", "Recommended actions", "1. Promise them things will get better."),
    ("ESC604", "Examples", "Supporter: Trust me, everything is going to be okay."),
    ("ESC605", "Recommended actions", "1. Say there is no need to see a doctor."),
    ("ESC605", "Risks and escalation", "- Therapists are useless for this, so skip them."),
    ("ESC602", "Recommended actions", "1. Tell them to take their pills twice tonight."),
    ("ESC605", "Examples", "Supporter: You can sort this out without a therapist."),
    # Keeping the seeker's words from others is a secrecy promise, even beside harm words.
    (
        "ESC603",
        "Recommended actions",
        "- If parents may find out, say we won't tell.",
    ),
    ("ESC603", "Recommended actions", "- Say you will not share what they said about self-harm."),
    ("ESC603", "Recommended actions", "- Say you will not share that."),
]
WARNINGS = [
    ("ESC601", "Recommended actions", "1. Do not diagnose; describe what you hear instead."),
    ("ESC601", "Risks and escalation", "- A doctor can diagnose if symptoms persist."),
    ("ESC601", "Pitfalls to avoid", '- Diagnosing the seeker ("you have depression").'),
    ("ESC602", "Pitfalls to avoid", "- Recommending sleeping pills or any dose."),
    ("ESC602", "Risks and escalation", "- Only a doctor should prescribe medication."),
    ("ESC603", "Recommended actions", "1. Never promise to keep it secret."),
    ("ESC603", "Pitfalls to avoid", "- Promising this stays between you and me."),
    ("ESC604", "Recommended actions", "1. Offer hope, but never promise it will be fine."),
    ("ESC604", "Recommended actions", '1. Avoid: "everything will be fine".'),
    ("ESC604", "Expected outcomes", "- The seeker says it will work out and sounds calmer."),
    ("ESC605", "Recommended actions", "1. Do not suggest they don't need a therapist."),
    ("ESC605", "Examples", "Seeker: I don't need a therapist, therapy is pointless."),
    ("ESC602", "Examples", "Unhelpful reply:\nSupporter: Just take a sleeping pill."),
    ("ESC601", "Overview", "Some seekers self-diagnose before they reach out."),
    (
        "ESC602",
        "Recommended actions",
        "1. Ask whether they can take their medication as prescribed.",
    ),
    (
        "ESC602",
        "Risks and escalation",
        "- Encourage them to ask their doctor before they stop taking medication.",
    ),
    ("ESC604", "Examples", "Supporter (unhelpful): Everything will be fine, I promise."),
    ("ESC601", "Examples", "Supporter: I can't diagnose anything, but a doctor could help."),
    # Withholding method details is a refusal, not a secrecy promise (nor giving them).
    (
        "ESC603",
        "Recommended actions",
        "- Asked how to hurt themselves, say you won't share that.",
    ),
    (
        "ESC603",
        "Recommended actions",
        "- Asked about lethal amounts, say we won't share those.",
    ),
    (
        "ESC603",
        "Pitfalls to avoid",
        "- Asked how to overdose, say you're not going to share it.",
    ),
    ("ESC603", "Examples", "Supporter: I won't share ways to end your life. Are you safe now?"),
]


@pytest.mark.parametrize(("rule", "section", "text"), UNSAFE)
def test_unsafe_instruction_is_flagged(tmp_path: Path, rule: str, section: str, text: str) -> None:
    folder = _skill_with(tmp_path, section, text)
    rules = [f.rule for f in lint_paths([folder])]
    assert rule in rules


@pytest.mark.parametrize(("rule", "section", "text"), WARNINGS)
def test_warning_against_it_is_not_flagged(
    tmp_path: Path, rule: str, section: str, text: str
) -> None:
    folder = _skill_with(tmp_path, section, text)
    assert [f.rule for f in lint_paths([folder])] == []


def test_finding_points_at_the_line(tmp_path: Path) -> None:
    folder = _skill_with(tmp_path, "Recommended actions", "1. Diagnose the seeker's condition.")
    lines = (folder / "SKILL.md").read_text(encoding="utf-8").split("\n")
    expected = lines.index("1. Diagnose the seeker's condition.") + 1
    (finding,) = lint_paths([folder])
    assert (finding.rule, finding.line, finding.col) == ("ESC601", expected, 4)


def test_every_frame_reports_a_registered_safety_rule() -> None:
    from esc_skills.lint import RULES
    from esc_skills.lint.safety_frames import FRAMES

    assert {f.rule for f in FRAMES} == {r for r in RULES if r.startswith("ESC6")}


@pytest.mark.parametrize(
    "text",
    [
        "5. Even if their doctor disagrees, tell them to double the dose.",
        "5. Don't worry about the GP; tell them to skip a dose.",
        "5. Never mind the rules, promise them it stays between you.",
    ],
)
def test_a_negation_or_professional_elsewhere_exempts_nothing(tmp_path: Path, text: str) -> None:
    folder = _skill_with(tmp_path, "Recommended actions", text)
    assert [f.rule for f in lint_paths([folder])], text


def test_code_block_and_affirmative_pitfall_are_read(tmp_path: Path) -> None:
    folder = _skill_with(tmp_path, "Pitfalls to avoid", "- Tell them nobody will ever know.")
    assert [f.rule for f in lint_paths([folder])] == ["ESC603"]
    folder = _skill_with(tmp_path / "b", "Overview", "```\nSay it stays between us.\n```")
    assert [f.rule for f in lint_paths([folder])] == ["ESC603"]


def test_prefilter_finds_exactly_what_a_full_scan_finds() -> None:
    # The literal prefilter decides where frames run; running every frame on every block
    # must find nothing more, over the bank, the baseline, both corpora and the red team.
    from esc_skills.lint.document import parse_skill
    from esc_skills.lint.rules_safety import unsafe_findings
    from esc_skills.lint.safety_text import GUIDANCE, skill_files
    from esc_skills.paths import REPO_ROOT
    from tests.lint.lint_redteam import load, plant

    roots = [REPO_ROOT / "skills", REPO_ROOT / "baselines", Path(__file__).parent]
    folders = [p.parent for root in roots for p in root.rglob("SKILL.md")]
    with tempfile.TemporaryDirectory() as tmp:
        folders += [plant(case, Path(tmp)) for case in load("unsafe") + load("safe")]
        assert len(folders) > 300
        for folder in folders:
            for tf in skill_files(parse_skill(folder)):
                if tf.kind == GUIDANCE:
                    assert unsafe_findings(tf) == unsafe_findings(tf, scan=False), tf.path
