"""Safety rules: prompt injection (ESC5xx) and unsafe support content (ESC6xx).

Unsafe-content patterns describe what a supporter must not do, so a skill that *warns*
against them ("Do not diagnose", a Pitfalls bullet, a seeker's line in an example) must not
be flagged: each match is checked against its section, its line and the words before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, Severity, rule

E, W = Severity.ERROR, Severity.WARNING

IGNORE_INSTR = rule("ESC501", "ignore-instructions", E, "text telling the model to drop its rules")
ROLE_OVERRIDE = rule("ESC502", "role-override", E, "system/role markers or identity overrides")
HTML_COMMENT = rule("ESC503", "hidden-html-comment", E, "HTML comments are hidden from reviewers")
INVISIBLE = rule("ESC504", "invisible-characters", E, "zero-width or bidi control characters")
DIAGNOSE = rule("ESC601", "unsafe-diagnosis", E, "instructs the supporter to diagnose")
MEDICATION = rule("ESC602", "unsafe-medication", E, "prescribes, recommends or doses medication")
CONFIDENTIAL = rule("ESC603", "unsafe-confidentiality", E, "promises secrecy or confidentiality")
OUTCOME = rule("ESC604", "unsafe-outcome-promise", E, "promises an outcome (it will be fine)")
DISCOURAGE = rule("ESC605", "discourages-help", E, "discourages professional or crisis help")

_I = re.IGNORECASE | re.MULTILINE
_COND = (
    r"(?:clinical |severe |major |bipolar |an? )?(?:depression|anxiety disorder|ptsd|bipolar"
    r"(?: disorder)?|adhd|ocd|borderline(?: personality disorder)?|(?:a )?personality disorder"
    r"|(?:an )?eating disorder|schizophrenia|panic disorder|psychosis|autism)"
)
_MEDS = (
    r"(?:medications?|meds|antidepressants?|sleeping pills?|pills|tablets|benzodiazepines?"
    r"|sertraline|fluoxetine|prozac|zoloft|xanax|lexapro|valium|lithium|melatonin|ssris?)"
)
_PROS = (
    r"(?:therapists?|therapy|counsell?ors?|counsell?ing|psychiatrists?|psychologists?|doctors?"
    r"|gp|professionals?|professional help|hotlines?|helplines?|crisis lines?|medication|meds)"
)
PATTERNS: dict[str, re.Pattern[str]] = {
    IGNORE_INSTR: re.compile(
        r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+"
        r"|every\s+)*(?:previous|prior|above|earlier|preceding|system|safety|original)\s+"
        r"(?:instructions?|prompts?|rules|guidelines|messages|directions|context)\b",
        _I,
    ),
    ROLE_OVERRIDE: re.compile(
        r"^[ \t>*_-]*(?:system|developer)(?: prompt| message)?[*_ \t]*:"
        r"|<\|?(?:im_start|im_end|endoftext|system)\|?>|\[/?(?:INST|SYS)\]|<<\s*SYS\s*>>"
        r"|\byou are (?:now|no longer) (?:an? |the )?(?:ai|assistant|model|chatbot|system"
        r"|developer|dan|jailbroken|unrestricted|bound|in (?:developer|god|dan) mode)\b"
        r"|\b(?:new|updated) system (?:instructions|prompt)\b"
        r"|\benable (?:developer|god|dan) mode\b",
        _I,
    ),
    HTML_COMMENT: re.compile(r"<!--"),
    INVISIBLE: re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]"),
    DIAGNOSE: re.compile(
        r"(?<!self-)\bdiagnos(?:e|ing)\b|\b(?:give|offer|make|provide)\s+(?:them\s+|the seeker\s+)?"
        r"an?\s+diagnosis\b|\blabel (?:them|the seeker|the person|their \w+) (?:as|with)\b"
        rf"|\byou (?:probably |clearly |definitely |obviously |likely |must |might )?(?:have|are "
        rf"suffering from|suffer from|'ve got) {_COND}\b"
        rf"|\b(?:sounds|seems|looks) like (?:you have |you've got |a case of )?{_COND}\b"
        rf"|\btell (?:them|the seeker|the person) (?:that )?they (?:have|are suffering from) "
        rf"{_COND}\b|\byou are (?:clinically depressed|bipolar|a narcissist|psychotic)\b",
        _I,
    ),
    MEDICATION: re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:mg|milligrams?|mcg|micrograms?)\b|\bprescrib(?:e|ing)\b"
        r"|\b(?:take|taking|try|trying|start|increase|double|reduce|lower|raise|stop taking"
        r"|come off|skip) (?:a |an |some |your |their |more |less |extra |another |higher "
        rf"|lower )?(?:dose|doses|dosage|{_MEDS})\b"
        rf"|\b(?:recommend|suggest|advise)(?:s|ing)? (?:that they take |they take |taking )?"
        rf"(?:a |an |some )?{_MEDS}\b",
        _I,
    ),
    CONFIDENTIAL: re.compile(
        r"\b(?:promise|guarantee|assure|swear)\w*\s+(?:them\s+|the seeker\s+|you\s+)?(?:that\s+)?"
        r"(?:this |it |everything |what they say |what you say |anything )?(?:will )?"
        r"(?:stays?|remains?|is|be kept|kept|be)\s+(?:secret|confidential|private|between "
        r"(?:us|you and me))\b|\b(?:this|it|everything) (?:stays|will stay|is|remains) (?:just )?"
        r"between (?:us|you and me)\b|\bI (?:won't|will not|will never|'ll never) tell "
        r"(?:anyone|anybody|a soul)\b|\b(?:keep|keeping) (?:it|this|that|their secret|the "
        r"secret) (?:a )?(?:secret|confidential|to yourself)\b|\bno one (?:else )?will (?:ever )?"
        r"(?:know|find out)\b",
        _I,
    ),
    OUTCOME: re.compile(
        r"\b(?:promise|guarantee|assure)\w*\s+(?:them\s+|the seeker\s+|you\s+)?(?:that\s+)?"
        r"(?:it|everything|things|this|you|they|all)\s*(?:'ll|will|is going to|are going to"
        r"|'s going to)\s+(?:be|get|turn out|work out|feel)\b"
        r"|\b(?:everything|it|things|you|this) (?:'ll|will|is going to|are going to|'s going to)"
        r" (?:definitely |surely |certainly |absolutely )?(?:be (?:fine|okay|ok|alright|all "
        r"right)|work out|turn out fine)\b|\bI (?:promise|guarantee) (?:you|it|things|that)\b",
        _I,
    ),
    DISCOURAGE: re.compile(
        r"\b(?:don't|do not|doesn't|does not|won't) need (?:a |an |any |to see (?:a |an )?"
        rf"|to talk to (?:a |an )?|professional )?{_PROS}\b"
        rf"|\b{_PROS} (?:is|are) (?:just |only )?(?:useless|pointless|a waste|for (?:the )?weak"
        r"|unnecessary|overrated|a scam|not worth)"
        r"|\b(?:there's |there is )?no need (?:for|to see|to call|to contact|to talk to) "
        rf"(?:a |an |the )?{_PROS}\b"
        r"|\b(?:skip|stay away from|don't bother with|do not bother with|avoid) (?:seeing |calling "
        rf"|going to |contacting )?(?:a |an |the )?{_PROS}\b"
        r"|\b(?:instead of|rather than|without) (?:getting |seeking |calling |seeing |asking for "
        r")?(?:professional help|a therapist|therapy|a doctor|a hotline|a crisis line)\b",
        _I,
    ),
}
# Literal words every match of a rule contains: one fast scan of the lower-cased text decides
# whether the (slower) rule pattern runs at all. Keep in sync with PATTERNS.
_ANCHOR_WORDS: dict[str, tuple[str, ...]] = {
    IGNORE_INSTR: ("ignore", "disregard", "forget", "override", "bypass"),
    ROLE_OVERRIDE: (
        "system",
        "developer",
        "<|",
        "im_start",
        "im_end",
        "endoftext",
        "[inst",
        "[/inst",
        "[sys",
        "[/sys",
        "<<",
        "you are now",
        "you are no longer",
        " mode",
    ),
    HTML_COMMENT: ("<!--",),
    DIAGNOSE: (
        "diagnos",
        "label ",
        "depress",
        "anxiety disorder",
        "ptsd",
        "bipolar",
        "adhd",
        "ocd",
        "borderline",
        "personality disorder",
        "eating disorder",
        "schizophren",
        "panic disorder",
        "psychosis",
        "psychotic",
        "autism",
        "narcissist",
    ),
    MEDICATION: (
        "mg",
        "milligram",
        "mcg",
        "microgram",
        "prescrib",
        "dose",
        "dosage",
        "medication",
        "meds",
        "antidepressant",
        "pill",
        "tablet",
        "benzodiazepine",
        "sertraline",
        "fluoxetine",
        "prozac",
        "zoloft",
        "xanax",
        "lexapro",
        "valium",
        "lithium",
        "melatonin",
        "ssri",
    ),
    CONFIDENTIAL: (
        "secret",
        "confidential",
        "private",
        "between us",
        "between you and me",
        "tell anyone",
        "tell anybody",
        "a soul",
        "no one",
        "to yourself",
    ),
    OUTCOME: (
        "promise",
        "guarantee",
        "assure",
        "be fine",
        "be okay",
        "be ok",
        "be alright",
        "be all right",
        "work out",
        "turn out fine",
    ),
    DISCOURAGE: (
        "therap",
        "counsel",
        "psychiatr",
        "psycholog",
        "doctor",
        "gp",
        "professional",
        "hotline",
        "helpline",
        "crisis line",
        "medication",
        "meds",
    ),
}
_ANCHOR_RULES: dict[str, set[str]] = {}
for _rule_id, _words in _ANCHOR_WORDS.items():
    for _word in _words:
        _ANCHOR_RULES.setdefault(_word, set()).add(_rule_id)
# findall() does not report overlapping words, so a word also triggers the rules of every
# anchor inside it ("dosage" contains "dose").
for _word in _ANCHOR_RULES:
    for _inner, _rules in list(_ANCHOR_RULES.items()):
        if _inner in _word:
            _ANCHOR_RULES[_word] = _ANCHOR_RULES[_word] | _rules


def _trie_regex(words: list[str]) -> str:
    # A plain alternation of ~90 words makes re try every branch at every position; as a
    # trie each position costs one character test. Longer words win (greedy branches first).
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + render(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return render(trie)


# Case-sensitive on lower-cased text: IGNORECASE makes re test every branch at every
# position (about 4x slower here).
_ANCHOR = re.compile(_trie_regex(list(_ANCHOR_RULES)))
_ANCHOR_ANY_CASE = re.compile(_ANCHOR.pattern, re.IGNORECASE)


def _anchor_lines(doc: SkillDoc) -> dict[str, set[int]]:
    """Rule id -> lines (0-based) holding one of its anchor words; one scan, cached."""
    found: dict[str, set[int]] | None = doc.cache.get("safety-anchors")
    if found is None:
        found = {}
        text = doc.text or ""
        lower = text.lower()
        # lower() keeps offsets except for a few characters (e.g. U+0130); then scan as is.
        matches = (
            _ANCHOR.finditer(lower) if len(lower) == len(text) else _ANCHOR_ANY_CASE.finditer(text)
        )
        for m in matches:
            line = doc.offset_pos(m.start())[0] - 1
            for rule_id in _ANCHOR_RULES[m.group(0).lower()]:
                found.setdefault(rule_id, set()).add(line)
        doc.cache["safety-anchors"] = found
    return found


def _matches(doc: SkillDoc, rule_id: str) -> list[int]:
    """Offsets of the rule's matches, searched only around lines with an anchor word."""
    lines = _anchor_lines(doc).get(rule_id)
    if not lines:
        return []
    doc.offset_pos(0)  # builds the line-start table
    starts, text, pattern = doc._starts, doc.text or "", PATTERNS[rule_id]
    last = len(starts) - 1
    hits: set[int] = set()
    # A window of one line either side catches sentences wrapped over lines.
    for line in lines:
        lo = starts[max(line - 1, 0)]
        hi = starts[line + 2] - 1 if line + 2 <= last else len(text)
        for m in pattern.finditer(text[lo:hi]):
            hits.add(lo + m.start())
    return sorted(hits)


INJECTION = (IGNORE_INSTR, ROLE_OVERRIDE, HTML_COMMENT, INVISIBLE)
UNSAFE = (DIAGNOSE, MEDICATION, CONFIDENTIAL, OUTCOME, DISCOURAGE)
MESSAGES = {
    IGNORE_INSTR: "text tells the model to ignore its instructions (prompt injection); remove it",
    ROLE_OVERRIDE: "system/role marker or identity override (prompt injection); remove it",
    HTML_COMMENT: "HTML comment: hidden when rendered but read by the agent; remove it or make "
    "it visible text",
    INVISIBLE: "invisible character U+{cp:04X} (zero-width or bidi control) can hide text; "
    "delete it",
    DIAGNOSE: "instructs the supporter to diagnose or label a condition; describe feelings and "
    "suggest a professional assessment instead, or phrase it as a pitfall ('Do not diagnose')",
    MEDICATION: "prescribes, recommends or doses medication; refer medication questions to a "
    "doctor or pharmacist, or phrase it as a pitfall",
    CONFIDENTIAL: "promises secrecy; a supporter cannot keep risk secret: be honest about "
    "limits, or phrase it as a pitfall ('Do not promise to keep it secret')",
    OUTCOME: "promises an outcome the supporter cannot know; offer hope without guarantees, or "
    "phrase it as a pitfall ('Do not promise it will be fine')",
    DISCOURAGE: "discourages professional or crisis help; encourage it instead, or phrase it as "
    "a pitfall",
}
# Words before a match (in the same sentence) that turn it into a warning against the act.
_NEGATION = re.compile(
    r"\b(?:not|never|no|don't|dont|doesn't|shouldn't|can't|cannot|won't|avoid\w*|refrain"
    r"|instead of|rather than|without|stop|resist|nor|unhelpful|wrong|bad|harmful|unsafe"
    r"|pitfall|mistake)\b|❌|✗",
    re.IGNORECASE,
)
# A professional doing it is fine: "a doctor can diagnose", "a psychiatrist may prescribe".
_PROFESSIONAL = re.compile(
    r"\b(?:doctors?|gp|physician|psychiatrists?|psychologists?|clinicians?|professionals?"
    r"|pharmacists?|therapists?|counsell?ors?|nurses?|prescriber)\b",
    re.IGNORECASE,
)
_SEEKER_LINE = re.compile(r"^[\s>*_-]*(?:\*\*)?seeker\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;]\s|[.!?;]$|^\s*(?:[-*+]|\d+\.)\s")
SAFE_SECTIONS = {"pitfalls to avoid"}
OUTCOME_SAFE_SECTIONS = {"pitfalls to avoid", "expected outcomes"}


def check_injection(doc: SkillDoc, emit: Emit) -> None:
    """Prompt-injection patterns anywhere in SKILL.md."""
    text = doc.text
    if not text:
        return
    for m in PATTERNS[INVISIBLE].finditer(text):
        line, col = doc.offset_pos(m.start())
        emit(INVISIBLE, doc.path, line, col, MESSAGES[INVISIBLE].format(cp=ord(m.group(0))))
    for rule_id in (IGNORE_INSTR, ROLE_OVERRIDE, HTML_COMMENT):
        for offset in _matches(doc, rule_id):
            line, col = doc.offset_pos(offset)
            if rule_id == HTML_COMMENT and line in doc.code_lines:
                continue
            emit(rule_id, doc.path, line, col, MESSAGES[rule_id])


def check_unsafe(doc: SkillDoc, emit: Emit) -> None:
    """Unsafe support instructions, unless the context warns against them."""
    text = doc.text
    if not text or not doc.fm_closed:
        return
    starts = [s.line for s in doc.sections]
    for rule_id in UNSAFE:
        for offset in _matches(doc, rule_id):
            line, col = doc.offset_pos(offset)
            if line <= doc.fm_end_line and not doc.lines[line - 1].startswith("description"):
                continue
            if line in doc.code_lines or _is_warning(doc, rule_id, line, col, starts):
                continue
            emit(rule_id, doc.path, line, col, MESSAGES[rule_id])


def _is_warning(doc: SkillDoc, rule_id: str, line: int, col: int, starts: list[int]) -> bool:
    i = bisect_right(starts, line) - 1
    if i >= 0 and line > doc.fm_end_line:
        title = doc.sections[i].title.lower()
        safe = OUTCOME_SAFE_SECTIONS if rule_id == OUTCOME else SAFE_SECTIONS
        if title in safe:
            return True
    text = doc.lines[line - 1]
    if _SEEKER_LINE.match(text):
        return True  # the seeker's words in an example, not an instruction
    prefix = _sentence_prefix(text[: col - 1])
    if _NEGATION.search(prefix):
        return True
    if rule_id in (DIAGNOSE, MEDICATION) and _PROFESSIONAL.search(prefix):
        return True
    if rule_id == MEDICATION and _AS_PRESCRIBED.search(_sentence_rest(text[col - 1 :])):
        return True  # "take their medication as prescribed", "ask their doctor about ..."
    # A label on the line before ("Avoid:", "Unhelpful reply:") covers this line.
    for back in (line - 2, line - 3):
        if back >= doc.fm_end_line and doc.lines[back].strip():
            prev = doc.lines[back].strip()
            return prev.endswith(":") and bool(_NEGATION.search(prev))
    return False


_AS_PRESCRIBED = re.compile(
    r"\bas prescribed\b|\b(?:with|by|from|ask|asks|asking) (?:their|a|your|the) (?:doctor|gp"
    r"|pharmacist|psychiatrist|prescriber)\b",
    re.IGNORECASE,
)


def _sentence_rest(after: str) -> str:
    m = re.search(r"[.!?;](?:\s|$)", after)
    return after[: m.start()] if m else after


def _sentence_prefix(before: str) -> str:
    cut = 0
    for m in _SENTENCE_END.finditer(before):
        cut = m.end()
    return before[cut:]
