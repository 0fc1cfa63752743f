"""Is a match an instruction, or a warning against it? Decided on the governing clause.

Exempt (the only exemptions): a clause that is itself a prohibition ("Do not ...",
"Never ...", "Avoid ...", "..., but never promise ..."), a head word negated right before
it ("you cannot keep it secret"), a Pitfalls bullet that names the behaviour as a fault
("- Promising that ..."), a seeker's line or a labelled counter-example in an example, and
the seeker's own words reported in a condition ("if they say therapy is pointless, ...").
A negation elsewhere in the sentence, a professional named somewhere, a code block or an
affirmative Pitfalls line exempts nothing.
"""

from __future__ import annotations

from functools import lru_cache

from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.lint.safety_text import Unit

_QUOTE = compile_pattern(r'"[^"\n]*"')
_SENT_END = compile_pattern(r"[.!?](?=\s|$)")
_CLAUSE_END = compile_pattern(r"[,;:](?=\s|$)|\s[-]{1,2}\s")
_LEAD = r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*(?:\*\*|__|\*|_)?\s*"
_SUBJECT = (
    r"(?:(?:you|we|i|supporters?|the supporter|the agent|agents?|the assistant|the model"
    r"|a supporter|one|it)\s+)?"
)
_MODAL = r"(?:(?:should|must|will|can|may|need to|ought to|are to|is to|shall)\s+)?"
_PROHIBIT_WORD = (
    r"(?:never|not|no|do not|don't|dont|does not|doesn't|cannot|can't|won't|will not"
    r"|should not|shouldn't|must not|mustn't|avoid\w*|refrain from|resist|stop|nor|no longer"
    r"|under no circumstances|at no point)"
)
# "Don't hesitate to ..." and "never forget to ..." encourage; they prohibit nothing.
_ENCOURAGE = (
    r"(?!\s+(?:hesitate|be afraid|forget|wait|be shy|delay|fail|worry|panic|be scared|mind"
    r"|be sorry|feel bad|stress))"
)
_BREAK_WORD = r"(?:and\s+)?(?:but|yet|however|instead|then|so|just|simply|rather|although)\b"
PROHIBITION = compile_pattern(
    rf"{_LEAD}(?:(?:but|and|so|also|please|instead|however|rather|or)\b,?\s+)?{_SUBJECT}"
    rf"{_MODAL}{_PROHIBIT_WORD}\b{_ENCOURAGE}"
)
# A verb at a clause start gives a new order: it ends the reach of an earlier "Do not".
DIRECTIVE = (
    r"(?:tell|say|suggest|recommend|encourage|advise|ask|let|promise|assure|reassure|offer"
    r"|remind|urge|explain|give|share|help|make|try|invite|push|insist|get|have|take|double"
    r"|call|confront|face|keep|answer|describe|list|mention|add|agree|treat|label|inform"
    r"|warn|admit|claim|pretend|act|be|move|change|brush|laugh|play|downplay|dismiss|up"
    r"|increase|raise|lower|cut|drop|mix|combine|switch|swap|buy|grab|pick|pop|stay|go|point"
    r"|guarantee|swear|you|they|we|i|he|she|this|that's|it's|it|there|everything|nothing"
    r"|whatever)"
)
_BREAK = compile_pattern(rf"^\s*(?:{_BREAK_WORD}|(?:and\s+)?{DIRECTIVE}\b)")
# A head word negated just before the match: "cannot keep it", "without promising".
_LOCAL_NEG = compile_pattern(
    r"(?:\bnot|\bnever|n't|\bcannot|\bwithout|\bno longer|\brefrain from|\bavoid(?:ing)?"
    r"|\binstead of|\brather than)\s+(?:[\w'-]+\s+){0,2}$"
)
_ENCOURAGER = compile_pattern(r"\b(?:hesitate|afraid|forget|wait|shy|delay|fail)\b")
# The seeker's own words or beliefs, reported in a condition: not guidance.
_REPORTED = compile_pattern(
    r"\b(?:if|when|whether|once|because|while)\s+(?:the seeker|they|someone|he|she|a seeker"
    r"|the person|you hear that they)\s+(?:\w+\s+)?(?:say|says|said|feel|feels|felt|believe"
    r"|believes|think|thinks|thought|mention|mentions|write|writes|tell you|tells you|worry"
    r"|worries|fear|fears|ask|asks|asked|describe|describes|report|reports|insist|insists"
    r"|claim|claims|want|wants|demand|demands|hint|hints|joke|jokes|type|types)\b"
)
_OTHER_SPEAKER = compile_pattern(
    r"\b(?:the seeker|a seeker|seekers|a human(?: supporter| friend)?|humans|a friend|friends"
    r"|people|someone else|another person|others)\s+(?:[\w'-]+\s+){0,3}?(?:say|says|said"
    r"|confirms?|adds?|replies|writes|answers|mentions|tells you|asks|describes|shares"
    r"|might say|may say|would say|could say|often say)\b"
)
# Descriptive subordinate clauses ("if they take more pills ...") are not advice.
_DESCRIPTIVE = compile_pattern(
    r"\b(?:if|when|whether|once|after|because|since|while|until|unless|who|how often"
    r"|how much)\s+(?:they|you|he|she|someone|people|the seeker|the person|a seeker|anyone"
    r"|their \w+)\s+(?:(?:have|has|had|did|do|does|already|recently|sometimes|regularly"
    r"|still|ever|might|may)\s+)*$"
)
_FAULT_SECTION = compile_pattern(r"pitfall|avoid|don'?t|mistake|anti-?pattern|red flag|not to do")
_GERUND = compile_pattern(rf"{_LEAD}(?:\w+ly\s+)?[a-z]+ing\b")
_APPROVAL = compile_pattern(
    r"\b(?:is|are|'s|'re|feels?)\s+(?:\w+\s+)?(?:fine|ok|okay|good|helpful|acceptable|allowed"
    r"|safe|recommended|encouraged|the right thing|appropriate|kind|useful)\b"
    r"|\b(?:always|make sure to|remember to|be sure to)\b"
)


@lru_cache(maxsize=512)
def _mask_quotes(text: str) -> str:
    # Boundaries inside quotes do not split the sentence that quotes them.
    return _QUOTE.sub(lambda m: '"' + "x" * (len(m.group(0)) - 2) + '"', text)


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the sentence around ``pos``."""
    masked = _mask_quotes(text)
    start = 0
    for m in _SENT_END.finditer(masked, 0, pos):
        start = m.end()
    end_m = _SENT_END.search(masked, pos)
    return start, end_m.end() if end_m else len(text)


def quote_start(text: str, pos: int) -> int:
    """The opening quote when ``pos`` is inside a quote (its object), else ``pos``."""
    for q in _QUOTE.finditer(text):
        if q.start() < pos < q.end():
            return q.start()
    return pos


def governing_clause(text: str, pos: int) -> str:
    """The clause that governs ``pos``: back across list continuations to its order."""
    masked = _mask_quotes(text)
    pos = quote_start(text, pos)
    start, _ = sentence_span(text, pos)
    cuts = [start] + [m.end() for m in _CLAUSE_END.finditer(masked, start, pos)]
    i = len(cuts) - 1
    while (
        i > 0
        and not _BREAK.match(masked[cuts[i] : pos])
        and not PROHIBITION.match(masked[cuts[i] : pos])
    ):
        i -= 1  # "or that ...", "even ...", a quoted list item: still under the earlier verb
    return text[cuts[i] : pos]


_DIRECTIVE_START = compile_pattern(rf"{_LEAD}(?:(?:and|then|just|simply)\s+)?{DIRECTIVE}\b")
_PAREN_QUOTE = compile_pattern(r'\((?:e\.g\.,?\s*|for example,?\s*|like\s*)?"[^"\n]*"[^)\n]*\)')


def illustration(unit: Unit, pos: int) -> bool:
    """A quoted example in parentheses after a noun ("reassurance ("it will be fine")")."""
    for m in _PAREN_QUOTE.finditer(unit.text):
        if m.start() < pos < m.end():
            return not _DIRECTIVE_START.match(governing_clause(unit.text, m.start()))
    return False


def prohibited(unit: Unit, pos: int) -> bool:
    """True when the clause governing ``pos`` forbids what follows it."""
    text = unit.text
    clause = governing_clause(text, pos)
    if PROHIBITION.match(clause):
        return True
    pos = quote_start(text, pos)
    local = _LOCAL_NEG.search(text[max(0, pos - 60) : pos])
    return local is not None and not _ENCOURAGER.search(local.group(0))


def reported(unit: Unit, pos: int) -> bool:
    """True when ``pos`` sits in someone else's reported words ("if they say ...")."""
    start, _ = sentence_span(unit.text, pos)
    head = unit.text[start:pos]
    cut = max((m.end() for m in _CLAUSE_END.finditer(_mask_quotes(head))), default=0)
    return bool(_REPORTED.search(head[cut:]) or _OTHER_SPEAKER.search(head[cut:]))


_CLAUSE_HEAD = compile_pattern(rf"{_LEAD}(?:(?:and|but|so|or)\s+)?$")


def descriptive(unit: Unit, pos: int) -> bool:
    """True when ``pos`` is the verb of a clause that opens with "if they ..." (a condition
    the guidance then answers), not "... won't mind if they take ..." (advice)."""
    head = unit.text[max(0, pos - 80) : pos]
    m = _DESCRIPTIVE.search(head)
    if m is None:
        return False
    start, _ = sentence_span(unit.text, pos)
    before = unit.text[start : pos - len(head) + m.start()]
    cut = max((c.end() for c in _CLAUSE_END.finditer(before)), default=0)
    return bool(_CLAUSE_HEAD.match(before[cut:]))


def fault_bullet(unit: Unit) -> bool:
    """A Pitfalls-section bullet naming the fault ("- Promising ..."), not endorsing it."""
    if not _FAULT_SECTION.search(unit.section) or unit.kind not in ("bullet", "para"):
        return False
    return bool(_GERUND.match(unit.text)) and not _APPROVAL.search(unit.text)


def example_exempt(unit: Unit) -> bool:
    """The seeker's line, or a labelled counter-example, in an example dialogue."""
    return unit.speaker in ("seeker", "user", "client", "caller") or unit.counter
