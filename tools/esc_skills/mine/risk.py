"""Risk cues in a seeker's own words: suicidal intent, method or means, self-harm, final acts.

The heuristic annotator labels a seeker turn ``crisis`` (and a reply that newly shows risk
``risk-escalation``) when :func:`risk_cues` finds anything. The taxonomy's short cue lists
miss how people actually say it (a method and a time, a question about the quickest way to
die, pills and a goodbye) and its hopelessness words ("no point", "give up") fire on ordinary
despair, so this module keeps its own patterns, grouped by what a counsellor listens for:

- ``intent``: wanting to die or not to live, suicide, being better off dead or gone;
- ``method``: a method, means, dose or lethality question, an overdose taken;
- ``self-harm``: hurting, cutting or burning oneself;
- ``final-acts``: goodbyes, notes, affairs in order, not being around much longer;
- ``indirect``: two weaker signs together (giving things away plus settling affairs or "won't
  need them"; feeling a burden plus others being better off).

Hopelessness alone is not risk here (the ``hopelessness`` state covers it), and neither is an
idiom ("my boss will kill me", "I could die of embarrassment"), a negated statement ("I'm not
suicidal", "I would never hurt myself"), or someone else's suicide told as a story. Measured
on the hand-labelled set in tests/mine/risk_labelled.jsonl (benchmarks/bench_annotator_risk.py).
"""

from __future__ import annotations

import re

_BODY = r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|body|hands?)"
_MEDS = (
    r"(?:pills|tablets|meds|medication|medicine|antidepressants|painkillers|paracetamol|"
    r"tylenol|insulin|sleeping pills|bottle|packet|cabinet)"
)
_GONE = (
    r"if i (?:was|were|'m|am|wasn't|weren't) (?:gone|dead|not (?:here|around|alive)|"
    r"no longer (?:here|around))|if i (?:died|disappeared|wasn't around|weren't around|"
    r"wasn't here|weren't here|was not around|left for good)"
)

# Each pattern reads the lower-cased turn; "negatable" ones are skipped right after a
# negation ("I'm not suicidal", "I would never hurt myself").
_STRONG: dict[str, tuple[tuple[str, bool], ...]] = {
    "intent": (
        (
            r"\b(?:kill|killing|hang|hanging|shoot|shooting|drown|drowning) (?:myself|my self)\b",
            True,
        ),
        (r"\bsuicid(?:e|al)\b(?! (?:hotline|helpline|line|prevention|awareness))", True),
        (r"\b(?:end|ending|take|taking|took) (?:my own|my) life\b", True),
        (r"\bend(?:ing)? it all\b", True),
        (r"\b(?:want|wanna|wanted|wish i could|ready|deserve|planning|plan|going) to die\b", True),
        (r"\bwish (?:i|i'd) (?:was|were|had) (?:dead|died|never been born)\b", True),
        (r"\bbetter off dead\b", True),
        (
            r"\b(?:don't|do not|dont|no longer|not|never) (?:really )?(?:want|wanna) to "
            r"(?:live|be alive|be here|exist|wake up|go on living|keep living)\b"
            r"(?! (?:in|with|at|near|under|there|through|without|on|together|alone))",
            False,
        ),
        (r"\b(?:never|not) (?:to )?wake up\b", False),
        (
            r"\bno (?:reason|point) (?:for me )?(?:to|in) (?:live|living|keep living|go on|being "
            r"alive)\b",
            True,
        ),
        (r"\b(?:isn't|is not|not|no longer) worth living\b", False),
        (r"\b(?:stop|not) existing\b", True),
        (r"\bdisappear(?:ed)? (?:forever|for good|permanently)\b", True),
        (
            r"\b(?:everyone|everybody|family|kids|children|world|people|they|they'd|all|parents|"
            r"friends)\b[^.?!]{0,25}\bbetter off without me\b",
            False,
        ),
        (
            rf"\b(?:better|happier|easier|relieved|freer|notice|care|miss "
            rf"me)\b[^.?!]{{0,40}}\b{_GONE}\b",
            False,
        ),
        (
            rf"\b{_GONE}\b[^.?!]{{0,40}}\b(?:better|happier|easier|relieved|freer|notice|care)\b",
            False,
        ),
        (r"\bthoughts? (?:of|about) (?:dying|death|killing|ending)\b", True),
    ),
    "method": (
        (
            r"\b(?:quickest|fastest|easiest|painless|least painful|surest|best|simplest) "
            r"(?:way|method|ways) (?:to|of) (?:die|dying|end it|kill|go|do it)\b",
            False,
        ),
        (
            r"\bhow (?:many|much)\b[^.?!]{0,40}\b(?:would it take|it would take|does it take|"
            r"would kill|to die|to overdose|be lethal|is lethal)\b",
            False,
        ),
        (r"\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)\b|\bwould be (?:a )?lethal\b", False),
        (r"\boverdos(?:e|ed|ing)\b", True),
        (
            r"\b(?:take|took|taken|taking|swallow|swallowed|down|downed)\b[^.?!]{0,25}"
            r"\b(?:all (?:of )?my|a whole|the whole|an entire|the entire|a bunch of|a handful of|"
            rf"everything in)\b[^.?!]{{0,25}}\b{_MEDS}",
            True,
        ),
        (
            rf"\b{_MEDS}\b[^.?!]{{0,60}}\b(?:take|took|taking|swallow|swallowed) (?:them|it|those|"
            rf"these) all\b",
            True,
        ),
        (
            rf"\b(?:stockpil\w*|saving up|saved up|hoarding|collecting)\b[^.?!]{{0,25}}\b{_MEDS}",
            True,
        ),
        (
            rf"\b(?:less|least|more|most) painful\b[^.?!]{{0,30}}\b(?:{_MEDS}|jumping|hanging|"
            rf"drowning|overdose)\b",
            False,
        ),
        (
            rf"\b(?:{_MEDS}|jumping|hanging|drowning|overdose)\b[^.?!]{{0,30}}\b(?:less|least|"
            rf"more|most) painful\b",
            False,
        ),
        (r"\bjump(?:ing)? (?:off|from|in front of)\b", True),
        (
            r"\b(?:step|stepping|walk|walking|throw myself) in front of (?:a|the) (?:train|bus|"
            r"car|truck|lorry)\b",
            True,
        ),
        (
            r"\b(?:drive|driving|crash|crashing|steer|steering)\b[^.?!]{0,20}\b(?:off the "
            r"(?:road|bridge|cliff)|into (?:a|the) (?:tree|wall|river|truck|lorry))\b",
            True,
        ),
        (r"\bnoose\b|\b(?:bought|got|have|tied|found) (?:a|the) rope\b", True),
        (
            r"\b(?:gun|pistol|knife|blade|razor|rope)\b[^.?!]{0,40}\b(?:in case i|to do it|"
            r"use it on myself|when i do it)\b",
            True,
        ),
        (r"\b(?:slit|cut|cutting|slash|slashing|scratch\w*)\b[^.?!]{0,15}\bwrists?\b", True),
        (r"\b(?:where|when|how) (?:i'll|i will|i'm going to|i am going to) do it\b", True),
        (r"\b(?:have|got|with|and) the means\b(?! to (?:pay|afford|buy|live|get))", True),
        (
            r"\b(?:picked|chosen|choose|pick|set|decided on) (?:a|the) (?:day|date|time|place|"
            r"spot)\b"
            r"(?! (?:for|to (?:meet|go|visit|start|move)))",
            False,
        ),
    ),
    "self-harm": (
        (
            rf"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|hit|hitting|"
            rf"punch|punching|punish|punishing|scratch\w*) (?:myself|my self|my {_BODY})\b(?! out)",
            True,
        ),
        (r"\bself[- ]?harm\w*\b|\bself[- ]?injur\w*\b", True),
        (
            r"\bcutting (?:again|myself)\b|\b(?:started|start|been) cutting\b(?! (?:back|down|out|"
            r"class|corners|costs))",
            True,
        ),
        (r"\buntil (?:it|they|i) bled\b", True),
    ),
    "final-acts": (
        (
            r"\bthis is (?:my )?goodbye\b|\bgoodbye (?:forever|for good|everyone)\b|\bbye "
            r"forever\b",
            False,
        ),
        (
            r"\b(?:say|saying|said) goodbye properly\b|\bmade (?:my )?peace with (?:it|everything|"
            r"dying|death|the idea)\b",
            False,
        ),
        (
            r"\b(?:written|wrote|finished|left|leave|leaving) (?:my|a) (?:suicide |goodbye |"
            r"final |last )?note\b(?! (?:to|for) (?:my )?(?:teacher|boss|school|work|landlord))",
            False,
        ),
        (r"\bfor after\b(?=\s*(?:[.!?]|$))|\bfor (?:when|after) i'?m (?:gone|not here)\b", False),
        (
            r"\blast time (?:you'll|you will|i'll|i will|anyone will|anyone would) (?:hear|talk|"
            r"speak|see)\b",
            False,
        ),
        (
            r"\b(?:won't|will not|wouldn't|would not|not) be (?:around|here|alive) (?:much longer|"
            r"for (?:much )?long|"
            r"anymore|to (?:tell|see|say|help))\b|\b(?:be|being) (?:here|around|"
            r"alive) much longer\b",
            True,
        ),
        (r"\b(?:put|putting|get|getting|got) (?:my )?affairs in order\b", False),
        (
            r"\b(?:i'?m not|i am not|never) coming back\b"
            r"(?! (?:for|to|until|after|from|home|here|there|next|this|that))",
            True,
        ),
    ),
}

# Once a seeker has voiced risk, vaguer words refer back to it ("just want to end it", "I'll do
# it tomorrow", "this is it"); read alone they are usually about a job, a chat or homework.
_CONTEXTUAL = re.compile(
    r"\b(?:end|ending) it\b(?! (?:with|between|off))|\bdo it\b[^.?!]{0,20}\b(?:tomorrow|tonight|"
    r"today|soon|this (?:weekend|week)|when|after|before)\b|\bgo through with it\b|"
    r"\b(?:won't|will not|wouldn't|would not) be (?:here|around)\b|\bno way out\b|"
    r"\bcan't go on\b|\bnot (?:be )?safe\b"
)

# Weaker signs that count only together with another kind of weak sign.
_WEAK: dict[str, str] = {
    "giving-away": (
        r"\b(?:gave|giving|given|give|giving away|gave away)\b[^.?!]{0,20}\b(?:away|my (?:cat|dog|"
        r"pet|"
        r"things|stuff|belongings|guitar|books|clothes|savings|jewellery|jewelry))\b"
    ),
    "settling": (
        r"\b(?:sorted|sorting|tied up|tying up|sorted out) (?:everything|it all|all my|loose "
        r"ends)\b|"
        r"\bcancell?ed my (?:phone|contract|subscriptions?|lease)\b|"
        r"\b(?:won't|will not|not going to|don't) need (?:them|it|these|those|any of (?:it|this|"
        r"them))"
        r"(?: anymore| any more)?(?: where i'?m going)?\b|\bwhere i'?m going\b"
    ),
    "burden": (
        r"\b(?:a |such a |just a )?(?:burden|weight|drain|waste of space)\b[^.?!]{0,20}\b(?:on|to|"
        r"for) "
        r"(?:everyone|everybody|my family|them|people|my (?:kids|children|parents|partner|wife|"
        r"husband|friends))\b"
    ),
    "relief-if-gone": r"\b(?:relieved|better off|freer|happier|easier)\b",
}
_WEAK_PAIRS = (
    ("giving-away", "settling"),
    ("burden", "relief-if-gone"),
)

# Someone else's suicide told as a story is grief or worry, not the seeker's own risk.
_THIRD_PARTY = re.compile(
    r"\b(?:he|she|they|his|her|their|friend|brother|sister|mom|mum|dad|father|mother|son|"
    r"daughter|child|kid|cousin|uncle|aunt|husband|wife|partner|someone|classmate|colleague|"
    r"coworker)(?:'s)?\b(?:(?!\b(?:i|i'm|i've|me|myself)\b)[^.?!]){0,30}\bsuicid"
)
_NEGATION = re.compile(r"(?:\bnot|\bnever|n't|\bno|\bnor|\bwithout)\s+(?:\w+\s+){0,3}$")
# "I can't stop thinking about killing myself" insists rather than denies.
_INSISTING = re.compile(r"(?:n't|\bnot|\bnever)\s+(?:stop|help|get rid of|shake|quit)\b")
_COMPILED = {
    kind: tuple((re.compile(p), negatable) for p, negatable in pats)
    for kind, pats in _STRONG.items()
}
_WEAK_COMPILED = {kind: re.compile(p) for kind, p in _WEAK.items()}


def normalise(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the form every pattern reads."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", t)


def _negated(text: str, start: int) -> bool:
    # Only the words of the same clause before the match count ("I don't know, I want to
    # die" is not negated).
    clause = re.split(r"[.,;:!?]|\bbut\b", text[:start])[-1]
    return bool(_NEGATION.search(clause)) and not _INSISTING.search(clause)


def risk_cues(text: str, *, after_risk: bool = False) -> list[str]:
    """Kinds of risk cue in one seeker utterance, in a fixed order; empty when none.

    ``after_risk``: the seeker already voiced risk earlier in the conversation, so vaguer
    references ("I just want to end it") count too (kind ``contextual``).
    """
    t = normalise(text)
    found: list[str] = []
    for kind, patterns in _COMPILED.items():
        for rx, negatable in patterns:
            hit = False
            for m in rx.finditer(t):
                if negatable and _negated(t, m.start()):
                    continue
                if kind == "intent" and "suicid" in m.group(0) and _THIRD_PARTY.search(t):
                    continue
                hit = True
                break
            if hit:
                found.append(kind)
                break
    weak = {k for k, rx in _WEAK_COMPILED.items() if rx.search(t)}
    if any(a in weak and b in weak for a, b in _WEAK_PAIRS):
        found.append("indirect")
    if after_risk and not found and _CONTEXTUAL.search(t):
        found.append("contextual")
    return found


def is_risk(text: str, *, after_risk: bool = False) -> bool:
    """True when the utterance voices suicidal intent, a method, self-harm or final acts."""
    return bool(risk_cues(text, after_risk=after_risk))
