"""Risk detection for routing: any sign of suicide, self-harm or acute danger in seeker text.

One shared module so that every ranker, ``esc-skills route`` and the evaluations agree on what
counts as risk. It is deliberately sensitive (a calm safety question costs little), but it
matches self-directed phrases, not single words, so idioms such as "this job is killing me" or
"I'd die of embarrassment" stay ordinary. Patterns run on ``textnorm.normalize`` output
(lower case, contractions expanded, punctuation removed), so "I'm", "im" and "I am" all match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from esc_skills.agent.textnorm import normalize
from esc_skills.bank import Skill

CRISIS_SKILL = "crisis-safety-response"
CRISIS_LABELS = ("crisis", "crisis-and-self-harm")

# Reusable fragments: up to N filler words, people other than the seeker, pill words.
_GAP = r"(?:[a-z0-9]+ ){0,%d}"
_SELF = r"(?:my ?self|my own self)"
_OTHER_SELF = r"(?:him ?self|her ?self|them ?sel(?:f|ves))"
_PILLS = r"(?:pills?|tablets?|meds|medications?|painkillers?|sleeping pills|prescriptions?|paracetamol|tylenol)"
_NOT_WANT = (
    r"(?:do not|does not|did not|never|no longer|not|not really) (?:want|wanting|wish|feel like)"
)
_LIVE = r"(?:live|be alive|be here|exist|wake up|go on|keep living|keep going|be around)"


@dataclass(frozen=True)
class RiskPattern:
    """One family of risk phrases: an id shown in explanations, and its regular expression."""

    cue: str
    regex: re.Pattern[str]


def _p(cue: str, pattern: str) -> RiskPattern:
    return RiskPattern(cue, re.compile(r"\b(?:" + pattern + r")\b"))


PATTERNS: tuple[RiskPattern, ...] = (
    # Direct statements of suicidal intent or wish.
    _p("suicide", r"suicid[a-z]*|kill(?:ing|ed)? " + _SELF + r"|off(?:ing)? " + _SELF),
    _p("suicide", r"(?:take|taking|end|ending) (?:my|my own) (?:own )?life|unalive"),
    _p(
        "end it",
        r"end(?:ing)? it all|end(?:ing)? everything|end(?:ing)? (?:it|things) (?:for good|tonight|today|soon|now)",
    ),
    _p(
        "end it",
        r"(?:want|wanting|going|planning|plan|ready|thinking about|think about|could|should|just|will)"
        r" (?:to )?(?:just )?end(?:ing)? it(?! with| between| off| for (?:him|her|them|us))",
    ),
    _p(
        "wish to die",
        r"(?:want|wanted|wanting|wish|wished|ready|going|deserve) (?:to )?(?:just )?die",
    ),
    _p(
        "wish to die",
        r"wish (?:i|that i) (?:was|were|could be) dead|better off dead|rather be dead",
    ),
    _p("wish to die", _NOT_WANT + r" (?:to )?(?:" + _LIVE + r")(?! (?:in|with|at|near|together))"),
    _p(
        "wish to die",
        r"(?:never|not|do not want to|hope i do not) wake up(?: again| tomorrow| anymore)?(?! early| late| at)",
    ),
    _p(
        "wish to die",
        r"(?:if|wish|wishing|wished) (?:that )?i (?:just )?(?:was not|were not|did not|was never|were never|was no longer|were no longer) (?:alive|around|here|exist|born|living)|(?:if|wish|wished) (?:that )?i (?:just )?(?:was|were) (?:dead|gone)",
    ),
    _p(
        "wish to die",
        r"go to sleep and (?:not|never)|fall asleep and (?:not|never)|wish i (?:had )?never (?:been born|existed)",
    ),
    _p(
        "wish to die",
        r"(?:want|wish|wishing) (?:i could |to )?(?:just )?(?:disappear|vanish|stop existing|not exist|cease to exist)(?! for a| on| to the| into the| from work| from school| for the)",
    ),
    _p(
        "no reason to live",
        r"no (?:reason|point|purpose) (?:to|in|of) (?:live|living|life|being alive|going on|be alive|carry on|carrying on)",
    ),
    _p(
        "no reason to live",
        r"nothing (?:left )?to live for|tired of (?:living|being alive|existing|life)|(?:point|purpose) of (?:living|being alive|my life|life|existing|going on)",
    ),
    _p(
        "no way out",
        r"no way out|can not go on|can not keep going|(?:can not|could not) do (?:this|it) any ?more|can not take (?:it|this) any ?more|(?:can not|could not) (?:live|bear to live) like this",
    ),
    # Being a burden, being better off without them, saying goodbye, putting affairs in order.
    _p(
        "burden",
        r"(?:i am|i feel|feel like|feeling like|just|been|being) (?:such |only |nothing but |a |just )*(?:a )?burden|burden (?:to|on|for) (?:everyone|everybody|my|them|you|people|others|all)",
    ),
    _p(
        "better off without me",
        r"better (?:off )?without me|(?:easier|happier|better) (?:for everyone|for them|for my family)? ?(?:if|when) i (?:was|were|am|was not|were not|am not) (?:gone|dead|not here|not around|around no more)",
    ),
    _p(
        "better off without me",
        r"(?:notice|care|miss me|matter) (?:if|when|once) i (?:was|were|am|died|disappeared|was not here|were not here) ?(?:gone|dead|not here|not around)?|be (?:around|here) (?:much|for much|a lot|any) longer|(?:when|after|once) i am gone|(?:will not|would not|not going to) be (?:around|here|a problem|a burden) (?:much |for )?(?:longer|long|any ?more)",
    ),
    _p(
        "saying goodbye",
        r"(?:say|said|saying|wrote|write|writing|written|send|sent|texted|posted)(?: my| a| him| her| them)? (?:goodbye|goodbyes)(?: letters?| notes?| messages?)? (?:to (?:everyone|everybody|all|my (?:family|friends|kids|children|parents))|for good|forever|before|for the last time)",
    ),
    _p(
        "saying goodbye",
        r"(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) "
        + _GAP % 7
        + r"(?:just )?in case|goodbye (?:letters?|notes?|messages?|posts?)|suicide notes?|this is (?:my )?goodbye|saying (?:my )?goodbyes|my last (?:goodbye|message|post|letter)",
    ),
    _p(
        "affairs in order",
        r"(?:wrote|written|writing|made|making|updated|updating|finished|sorted|sorting) (?:out )?(?:my )?(?:will|last wishes|funeral)|(?:getting|got|put|putting) (?:my )?affairs in order",
    ),
    # Self-harm, methods and means.
    _p(
        "self-harm",
        r"self ?(?:harm|harming|harmed|injury|injure)|(?:cut|cutting|burn|burning|burnt|hurt|hurting|harm|harming|punish|punishing|starve|starving|scratch|scratching|hit|hitting|bang|banging|bruise) "
        + _SELF,
    ),
    _p(
        "self-harm",
        r"(?:started|start|been|back to|urge to|urges to|relapsed|relapse|thinking about|stop) cutting|cutting again|razor ?blades?|blades? (?:again|on my)|scars? on my (?:arm|arms|wrist|wrists|legs|thighs)",
    ),
    _p(
        "pills saved",
        r"(?:sav|stockpil|hoard|collect|stash|gather|count|keep|kept|hid|hidden|hiding|sav)[a-z]* (?:up )?"
        + _GAP % 3
        + _PILLS,
    ),
    _p(
        "pills saved",
        _PILLS
        + r" "
        + _GAP % 4
        + r"(?:saved|stashed|stockpiled|hidden|put aside|set aside|collected|enough to|to end|in a drawer)|enough "
        + _PILLS,
    ),
    _p(
        "overdose",
        r"overdos[a-z]*|took (?:too many|a (?:whole )?(?:bottle|box|pack)|all (?:of )?(?:my|the)) "
        + _GAP % 2
        + _PILLS
        + r"|swallowed (?:a|all|the) "
        + _GAP % 2
        + _PILLS,
    ),
    _p(
        "method",
        r"(?:bought|buy|buying|got|have|tied|found) (?:a )?(?:rope|noose|gun)|noose|jump(?:ing|ed)? (?:off|from) (?:a |the )?(?:bridge|roof|building|balcony|cliff|ledge)|jump(?:ing)? in front of|step in front of (?:a |the )?(?:train|bus|car|truck)",
    ),
    _p(
        "method",
        r"(?:driv|crash|steer|swerv)[a-z]* (?:my |the |a )?(?:car|truck|bike) (?:into|off|in front)|(?:walk|step|run|jump)[a-z]* (?:out )?(?:into|in front of) (?:the )?(?:traffic|a bus|a train|a truck|a car|the road)",
    ),
    _p(
        "method",
        r"how many "
        + _PILLS
        + r"|(?:thinking about|thought about|think about|want to|wanted to|going to) (?:jumping|jump)(?! (?:ship|in|into|at|on|the gun|to conclusions))|(?:stood|standing|sat|sitting) (?:on|at) (?:the |a )?(?:edge|ledge|bridge|roof|tracks)|(?:how|when|where) i (?:would|will|am going to|could|might) do it|(?:have|made|got) a plan (?:to|for how)",
    ),
    # Someone else at risk: a friend, a child, a partner talking about suicide or self-harm.
    _p(
        "someone else at risk",
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|starve|starving|off) "
        + _OTHER_SELF
        + r"|(?:end|ending|take|taking) (?:his|her|their) (?:own )?life|(?:wants|wanted) to die|(?:talks|talking|talked|texted|posted|says|said) (?:about )?(?:wanting to die|dying|ending it|not wanting to live|not being here)",
    ),
    # Acute danger from another person.
    _p(
        "danger from someone",
        r"(?:hits|hit|beats|beat|beating|chokes|choked|choking|strangled|kicks|kicked|punched|punches|slaps|slapped|shoves|shoved|pushed) me"
        r"|(?:threatened|threatens|threatening|said he would|said she would|said they would) (?:to )?(?:kill|hurt|beat) me"
        # "going to kill me" alone is usually an idiom ("Mum is going to kill me when ...").
        r"|(?:he|she|they|someone) (?:is|are|was|were) going to (?:kill|hurt|beat) me"
        r"(?! (?:when|if|for|because|after|once))"
        r"|(?:afraid|scared|terrified) (?:that )?(?:he|she|they) (?:will|would|is going to|are going to|might) (?:kill|hurt|beat) me"
        r"|(?:not|do not feel|never feel) safe (?:at home|in my (?:own )?home|with (?:him|her|them)|going home)",
    ),
)
# Giving possessions away is a classic warning sign; giving to charity or when moving is not.
_GIVING = re.compile(
    r"\b(?:giv(?:e|es|ing|en)|gave) (?:away )?(?:all |most |some )?(?:of )?(?:my )?"
    r"(?:stuff|things|belongings|possessions|everything|favourite|favorite|prized)"
    r"|\b(?:giv(?:e|es|ing|en)|gave) away (?:all |most |some )?(?:of )?my [a-z]+"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:my |all my )[a-z]+ away\b"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:all )?my (?:[a-z]+ ){1,8}to (?:my |a |her |his |their |the )?"
    r"(?:little |big |younger |older |best )?(?:brother|sister|friends?|neighbou?rs?|mom|dad|kids|"
    r"children|son|daughter|cousin|roommate|flatmate|family)\b"
)
_GIVING_ORDINARY = re.compile(
    r"\b(?:charity|donat[a-z]*|declutter[a-z]*|moving|move out|garage sale|yard sale|"
    r"thrift|outgrown|spring clean[a-z]*|sell(?:ing)?|secret|spoiler|ending of the|new one|"
    r"upgrad[a-z]*|birthday|christmas|present|gift|lend|lent|borrow[a-z]*|number|address)\b"
)


@dataclass(frozen=True)
class RiskAssessment:
    """Whether seeker text shows risk, and the cue families and phrases that said so."""

    risk: bool
    cues: tuple[str, ...] = ()
    phrases: tuple[str, ...] = field(default=())


def assess(text: str) -> RiskAssessment:
    """Risk cues in one piece of seeker text (empty when none)."""
    norm = normalize(text)
    cues: list[str] = []
    phrases: list[str] = []
    for pattern in PATTERNS:
        match = pattern.regex.search(norm)
        if match:
            cues.append(pattern.cue)
            phrases.append(match.group(0))
    giving = _GIVING.search(norm)
    if giving and not _GIVING_ORDINARY.search(norm):
        cues.append("giving things away")
        phrases.append(giving.group(0))
    unique = tuple(dict.fromkeys(cues))
    return RiskAssessment(bool(unique), unique, tuple(dict.fromkeys(phrases)))


def assess_turns(turns: Iterable[str]) -> RiskAssessment:
    """Risk over several seeker turns: a cue in any of them counts (risk does not expire)."""
    cues: list[str] = []
    phrases: list[str] = []
    for turn in turns:
        found = assess(turn)
        cues.extend(found.cues)
        phrases.extend(found.phrases)
    unique = tuple(dict.fromkeys(cues))
    return RiskAssessment(bool(unique), unique, tuple(dict.fromkeys(phrases)))


def is_crisis_skill(skill: Skill) -> bool:
    """A skill that handles risk: the bank's crisis skill by name, or labelled for crisis."""
    if skill.name == CRISIS_SKILL:
        return True
    states = skill.labels("esc-seeker-states")
    return (bool(states) and states[0] in CRISIS_LABELS) or any(
        s in CRISIS_LABELS for s in skill.labels("esc-scenarios")
    )


def crisis_skill(skills: Sequence[Skill]) -> Skill | None:
    """The skill risk routes to: crisis-safety-response if present, else the first crisis-labelled."""
    by_name = {s.name: s for s in skills}
    if CRISIS_SKILL in by_name:
        return by_name[CRISIS_SKILL]
    labelled = sorted((s for s in skills if is_crisis_skill(s)), key=lambda s: s.name)
    return labelled[0] if labelled else None
