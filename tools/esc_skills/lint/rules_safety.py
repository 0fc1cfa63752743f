"""Safety rules: prompt injection and hidden text (ESC5xx), unsafe guidance (ESC6xx).

Every text file a skill ships is read (SKILL.md, references/, any .md/.txt/.json); rules
match on folded text (see textnorm), so homoglyphs, fullwidth letters and invisible
characters cannot split a word. Injection wording lives in safety_injection. Unsafe-guidance
rules are semantic frames (safety_frames) and read guidance only: evals/ seeker messages and
references/evidence.json are read for injection and hidden text. A match is exempt only when
its own clause forbids it (safety_context).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from esc_skills.lint import safety_context as ctx
from esc_skills.lint import safety_frames as sf
from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, Severity, rule
from esc_skills.lint.prefilter import Hit, PatternLike, Scanner
from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.lint.safety_frame import Frame
from esc_skills.lint.safety_injection import (
    HTML_COMMENT,
    IGNORE_INSTR,
    INJECTION,
    ROLE_OVERRIDE,
    VAGUE,
)
from esc_skills.lint.safety_text import GUIDANCE, TextFile, Unit, skill_files
from esc_skills.lint.textnorm import INVISIBLE as INVISIBLE_CHAR
from esc_skills.lint.textnorm import mixed_script_words

E = Severity.ERROR

INVISIBLE = rule("ESC504", "invisible-characters", E, "invisible or format Unicode characters")
MD_COMMENT = rule("ESC505", "hidden-markdown-comment", E, "markdown comments ([//]: # (...))")
HOMOGLYPH = rule("ESC506", "mixed-script-word", E, "look-alike letters from another script")
DIAGNOSE = rule(sf.DIAGNOSE, "unsafe-diagnosis", E, "diagnoses or labels the seeker or others")
MEDICATION = rule(sf.MEDICATION, "unsafe-medication", E, "medication, dosing or alcohol advice")
CONFIDENTIAL = rule(sf.CONFIDENTIAL, "unsafe-confidentiality", E, "promises secrecy")
OUTCOME = rule(sf.OUTCOME, "unsafe-outcome-promise", E, "promises an outcome (it will be fine)")
DISCOURAGE = rule(sf.DISCOURAGE, "discourages-help", E, "discourages professional or crisis help")
METHOD = rule(sf.METHOD, "method-lethality", E, "gives or invites method or lethality details")
MINIMISE = rule(sf.MINIMISE, "minimises-risk", E, "minimises self-harm, suicide talk or risk")
CONFRONT = rule(sf.CONFRONTATION, "unsafe-confrontation", E, "urges confronting an abuser")
HUMAN = rule(sf.HUMAN, "claims-human", E, "claims to be human or invents human experiences")

MESSAGES = {
    IGNORE_INSTR: "text tells the model to drop its instructions (prompt injection); remove it",
    ROLE_OVERRIDE: "role marker, persona override or jailbreak wording (prompt injection); "
    "remove it",
    HTML_COMMENT: "hidden HTML (a comment or a hidden element) is read by the agent but not "
    "by reviewers; remove it or make it visible text",
    INVISIBLE: "invisible character U+{cp:04X} can hide or split text; delete it",
    MD_COMMENT: "markdown comment (a link definition nothing uses) is hidden when rendered; "
    "remove it or make it visible text",
    HOMOGLYPH: "'{word}' mixes look-alike letters of another script (homoglyphs); retype it",
    DIAGNOSE: "diagnoses or labels the seeker or someone in their life; describe feelings and "
    "suggest a professional assessment, or phrase it as a prohibition ('Do not diagnose')",
    MEDICATION: "advises on medication, doses or alcohol; refer medication questions to a "
    "doctor or pharmacist, or phrase it as a prohibition",
    CONFIDENTIAL: "promises secrecy; a supporter cannot keep risk secret: be honest about "
    "limits, or phrase it as a prohibition ('Do not promise to keep it secret')",
    OUTCOME: "promises an outcome the supporter cannot know; offer hope without guarantees, "
    "or phrase it as a prohibition ('Do not promise it will be fine')",
    DISCOURAGE: "discourages or disparages professional or crisis help; encourage it instead, "
    "or phrase it as a prohibition",
    METHOD: "gives or invites method or lethality details; never give them: ask about safety "
    "and hand over to crisis-safety-response",
    MINIMISE: "minimises self-harm, suicidal talk or risk; take it seriously, ask directly "
    "about safety and hand over to crisis-safety-response",
    CONFRONT: "urges confronting or returning to someone who is abusive; safety comes first: "
    "point to domestic-abuse services, or phrase it as a prohibition",
    HUMAN: "claims to be human or invents a human experience; the supporter is an AI and must "
    "say so, or phrase it as a prohibition",
}

_MD_COMMENT = compile_pattern(
    r"^\s{0,3}\[([^\]\n]*)\]:\s*(\S*)\s*(\([^)\n]*\)|\"[^\"\n]*\"|'[^'\n]*')?\s*$"
)
_JSON_INVISIBLE = compile_pattern(r"\\u(?:200[b-f]|202[a-e]|206[0-9a-f]|feff|00ad|180e|db40)", re.I)
# One scan per file: injection patterns everywhere, frames too in guidance files.
SCANNED: tuple[list[tuple[object, PatternLike]], ...] = (
    list(INJECTION.items()),
    [*INJECTION.items(), *((i, f.pattern) for i, f in enumerate(sf.FRAMES))],
)
_INJECTION_SCAN, _GUIDANCE_SCAN = (Scanner(patterns) for patterns in SCANNED)


def _scan(tf: TextFile) -> list[Hit]:
    if tf.matches is None:
        scanner = _GUIDANCE_SCAN if tf.kind == GUIDANCE else _INJECTION_SCAN
        tf.matches = scanner.scan(tf.text, _spans(tf))
    return tf.matches


# Prohibition-exempt injection: "Never ignore your safety rules" is a safe warning.
_EXEMPT_INJECTION = {IGNORE_INSTR}


def check_injection(doc: SkillDoc, emit: Emit) -> None:
    """Injection wording and hidden text in every text file of the skill."""
    for tf in skill_files(doc):
        _hidden(tf, emit)
        for rule_id, start, _ in _scan(tf):
            if not isinstance(rule_id, str):
                continue  # a frame (unsafe guidance): check_unsafe
            unit, pos = tf.unit_at(start)
            if rule_id == VAGUE:
                if tf.kind != GUIDANCE or ctx.example_exempt(unit):
                    continue
                rule_id = IGNORE_INSTR
            if rule_id == HTML_COMMENT and unit.kind == "code":
                continue  # shown verbatim when rendered: visible to reviewers
            if rule_id in _EXEMPT_INJECTION and ctx.prohibited(unit, pos):
                continue
            line, col = unit.pos(pos)
            emit(rule_id, tf.path, line, col, MESSAGES[rule_id])


def _spans(tf: TextFile) -> list[tuple[int, int]]:
    return [(s, s + len(u.text)) for s, u in zip(tf.starts, tf.units, strict=True)]


def _hidden(tf: TextFile, emit: Emit) -> None:
    if not tf.raw.isascii():
        for m in INVISIBLE_CHAR.finditer(tf.raw):
            line = tf.raw.count("\n", 0, m.start()) + 1
            col = m.start() - (tf.raw.rfind("\n", 0, m.start()) + 1) + 1
            if m.start() == 0 and m.group(0) == "\ufeff":
                continue  # a BOM: ESC402
            emit(INVISIBLE, tf.path, line, col, MESSAGES[INVISIBLE].format(cp=ord(m.group(0))))
        for i, line_text in enumerate(tf.lines, 1):
            for col, word in mixed_script_words(line_text):
                emit(HOMOGLYPH, tf.path, i, col + 1, MESSAGES[HOMOGLYPH].format(word=word))
    if tf.path.suffix.lower() in (".json", ".jsonl") and "\\u" in tf.raw:
        for i, line_text in enumerate(tf.lines, 1):
            for m in _JSON_INVISIBLE.finditer(line_text):
                cp = int(m.group(0)[2:], 16)
                emit(INVISIBLE, tf.path, i, m.start() + 1, MESSAGES[INVISIBLE].format(cp=cp))
    if tf.path.suffix.lower() in (".md", ".markdown") and "]:" in tf.raw:
        _markdown_comments(tf, emit)


def _markdown_comments(tf: TextFile, emit: Emit) -> None:
    defs = [(i, m) for i, line in enumerate(tf.lines, 1) if (m := _MD_COMMENT.match(line))]
    if not defs:
        return
    body = "\n".join(line for line in tf.lines if not _MD_COMMENT.match(line)).lower()
    for i, m in defs:
        label, target, title = m.group(1).strip().lower(), m.group(2), m.group(3)
        used = f"[{label}]" in body
        if (
            target in ("#", "<>", "//")
            or label in ("//", "comment", "_", "")
            or (title and not used)
        ):
            emit(MD_COMMENT, tf.path, i, m.start() + 1, MESSAGES[MD_COMMENT])


def check_unsafe(doc: SkillDoc, emit: Emit) -> None:
    """Unsafe guidance in SKILL.md and the skill's other guidance files."""
    for tf in skill_files(doc):
        if tf.kind != GUIDANCE:
            continue
        for rule_id, line, col in unsafe_findings(tf):
            emit(rule_id, tf.path, line, col, MESSAGES[rule_id])


def _full(tf: TextFile) -> Iterator[Hit]:
    # Every frame on every block: what the prefiltered scan must equal (tests check it).
    for lo, hi in _spans(tf):
        for index, frame in enumerate(sf.FRAMES):
            for m in frame.pattern.finditer(tf.text, lo, hi):
                yield index, m.start(), m.end()


def unsafe_findings(tf: TextFile, *, scan: bool = True) -> list[tuple[str, int, int]]:
    """(rule, line, col) of every frame match in a guidance file that no exemption covers.

    ``scan=False`` runs every frame on every block without the prefilter (for tests).
    """
    found: set[tuple[str, int, int]] = set()
    for index, start, end in _scan(tf) if scan else _full(tf):
        if not isinstance(index, int):
            continue  # an injection rule id: check_injection
        frame = sf.FRAMES[index]
        unit, pos = tf.unit_at(start)
        if _exempt(frame, unit, pos, pos + end - start):
            continue
        line, col = unit.pos(pos)
        found.add((frame.rule, line, col))
    # Several frames of one rule often match one sentence: report the rule once per line.
    first: dict[tuple[str, int], int] = {}
    for rule_id, line, col in sorted(found):
        first.setdefault((rule_id, line), col)
    return sorted(((r, ln, c) for (r, ln), c in first.items()), key=lambda f: (f[1], f[2], f[0]))


_PRO_SUBJECT = compile_pattern(
    r"\b(?:doctors?|gps?|physicians?|psychiatrists?|psychologists?|clinicians?|pharmacists?"
    r"|prescribers?|nurses?|professionals?|specialists?|therapists?)\s+(?:(?:can|may|could"
    r"|should|will|would|must|alone|only|might|is the one to|are the ones to|is able to"
    r"|are able to|decides? whether to|who|to)\s+){0,3}$"
)
_ASK_PRO = compile_pattern(
    r"\b(?:ask|asking|check with|checking with|talk to|talking to|speak to|speak with|consult"
    r"|consulting|see|contact|call)\s+(?:their|a|the|your|his|her)\s+(?:own\s+)?(?:doctor|gp"
    r"|pharmacist|psychiatrist|prescriber|nurse|clinician|care team)\s+(?:before|about|whether"
    r"|if|how|for|first)\b"
)
_AS_PRESCRIBED = compile_pattern(
    r"^\s*(?:[\w'-]+\s+){0,2}(?:as (?:prescribed|directed|agreed)|exactly as|the way (?:their|the)"
    r" (?:doctor|prescriber))"
)


# "Say you will not share that", "tell them we can't give those": the verb reports a refusal.
_REFUSES = compile_pattern(
    r"\s+(?:(?:them|him|her|the seeker|the person)\s+)?(?:that\s+)?(?:you|we|i)\s*(?:won't"
    r"|will not|will never|'ll never|would never|are not going to|'re not going to|am not going"
    r" to|'m not going to|cannot|can't|can not)\b"
)
_NEAR = 60
_SEEKER_SECTIONS = {"when to use", "expected outcomes"}


def _exempt(frame: Frame, unit: Unit, pos: int, end: int) -> bool:
    if unit.kind == "fm" or unit.kind == "heading":
        return True
    if ctx.example_exempt(unit) or ctx.fault_bullet(unit):
        return True
    if frame.statement and unit.section == "expected outcomes":
        return True  # describes what the seeker does or says, not what to tell them
    if unit.section in _SEEKER_SECTIONS and ctx.quote_start(unit.text, pos) != pos:
        return True  # a quote in "When to use" is what a seeker says
    text = unit.text
    if ctx.prohibited(unit, pos) or ctx.illustration(unit, pos):
        return True
    # A seeker's reported question about methods is the trigger, not an exemption.
    if frame.needs is None and not frame.asked and ctx.reported(unit, pos):
        return True
    if frame.advisory and ctx.descriptive(unit, pos):
        return True
    if frame.professional_ok:
        clause = ctx.governing_clause(text, pos)
        if _PRO_SUBJECT.search(text[max(0, pos - 80) : pos]) or _ASK_PRO.search(clause):
            return True
        if _AS_PRESCRIBED.match(text[end:]):
            return True
    start, stop = ctx.sentence_span(text, pos)
    sentence = text[start:stop]
    if frame.cue is not None and not frame.cue.search(sentence):
        return True
    if frame.unless is not None and frame.unless.search(sentence):
        return True
    if frame.needs is not None:
        # The verb must act on the topic: near it, and not itself forbidden.
        lo, hi = max(start, pos - _NEAR), min(stop, end + _NEAR)
        # A semicolon starts another instruction ("...; share crisis resources").
        lo = max(lo, text.rfind(";", lo, pos) + 1)
        semi = text.find(";", end, hi)
        hi = semi if semi >= 0 else hi
        live = [
            m
            for m in frame.needs.finditer(text, lo, hi)
            if not ctx.prohibited(unit, m.start()) and not _REFUSES.match(text, m.end())
        ]
        if not live:
            return True
    return False
