"""Frames of discouraging help; method and lethality information (see safety_frames)."""

from __future__ import annotations

from esc_skills.lint.safety_frame import (
    DISCOURAGE,
    METHOD,
    Frame,
    lazy,
)
from esc_skills.lint.safety_lexicon import (
    DRUG,
    W,
)
from esc_skills.lint.safety_lexicon_risk import (
    DISPARAGE,
    HELP,
    INFO_VERB,
    LETHAL_WORD,
)

HELP_FRAMES: tuple[Frame, ...] = (
    # -- discouraging professional and crisis help ----------------------------------------
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:don't|do not|doesn't|does not|won't|will not|never|no|needn't|shouldn't)"
            rf"\s+(?:really |actually |even |ever )?need(?:s)?\s+(?:to (?:see|call|contact"
            rf"|talk to|speak to|go to|bother with|get|reach out to|involve|text|ring) )?{HELP}\b"
            r"|\b(?:don't|do not|doesn't|does not|won't) need (?:anyone|anybody|someone) else\b"
            rf"|\b(?:don't|do not|doesn't|does not|won't|never) (?:have|need) to (?:call|see"
            rf"|contact|ring|text|go to|talk to|speak to|bother with|involve) {HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:no need|no point|not worth it|pointless|useless|a waste of time|unnecessary"
            rf"|overkill|no reason)\s+(?:in |for |to )?(?:(?:see|call|contact|talk to|speak to"
            rf"|go to|bother with|get|involve|seeing|calling|contacting|talking to|going to"
            rf"|getting|involving|texting|reach out to|reaching out to|ring|ringing)\s+)?{HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:(?:calling|contacting|seeing|going to|telling|texting|ringing)\s+)?{HELP}\s+"
            rf"(?:{W}\s+){{0,3}}?(?:(?:is|are|'s|'re|will|'ll|would|just|only|always|never|can't"
            rf"|cannot|won't|don't|doesn't|rarely|usually|mostly|all|tend to|tends to)\s+)?"
            rf"(?:{W}\s+){{0,5}}?{DISPARAGE}"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:skip|avoid|stay away from|steer clear of|don't bother with|do not bother with"
            rf"|forget about|ditch|give up on|stop seeing|stop going to|hold off on|put off|delay"
            rf"|talk (?:them|him|her) out of|steer (?:them|him|her) away from|discourage (?:them"
            rf"|him|her) from|dissuade (?:them|him|her) from|keep (?:them|him|her) from|cancel"
            rf"|postpone)\s+(?:(?:seeing|calling|contacting|going to|booking|getting|texting"
            rf"|ringing|involving|reaching out to|the idea of|their appointment with)\s+)?{HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:instead of|rather than|without|in place of)\s+(?:(?:getting|seeking|calling"
            rf"|seeing|contacting|going to|asking for|involving|texting|ringing|reaching out to"
            rf"|talking to|bothering|bothering with)\s+)?{HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            r"\b(?:i'm|i am|talking (?:to|with) (?:me|you|us)|this (?:chat|conversation)|we"
            r"|our chats?)\s+"
            r"(?:is |are |'re )?(?:\w+\s+){0,2}?(?:all (?:you|they) need|better than"
            r"|just as good"
            r" as|as good as|more helpful than|the only (?:one|support|help|person) (?:you|they)"
            r" need)"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            r"\b(?:talking (?:to|with) (?:me|you|us)|this (?:chat|conversation)|our chats?)\s+"
            r"(?:is|are|will be|should be)\s+(?:\w+\s+){0,2}?enough\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            r"\b(?:skip|avoid|ditch|forget|don't bother with|do not bother with|stay away from"
            r"|put off|hold off on|give up on|cancel)\s+(?:it|that|them|those|this|one)\b"
        ),
        cue=lazy(rf"\b{HELP}\b"),
    ),
    Frame(
        DISCOURAGE,
        lazy(
            rf"\bwhy (?:would (?:you|they) |should (?:you|they) |even )?(?:call|see|contact|ring"
            rf"|text|bother with|go to|need|pay for|waste time on)\s+{HELP}\b"
        ),
    ),
    Frame(DISCOURAGE, lazy(rf"\bwait\s+(?:{W}\s+){{0,3}}before\s+(?:calling|contacting|seeing)\b")),
    # Steering the seeker away from help and towards the agent: "better to talk it through
    # here instead" (with a helper named in the same sentence).
    Frame(
        DISCOURAGE,
        lazy(
            rf"\b(?:better|easier|best|safer|quicker|simpler)\s+(?:{W}\s+){{0,2}}?(?:to\s+)?"
            rf"(?:talk|stay|keep|deal|work|sort|figure)\w*\s+(?:{W}\s+){{0,3}}?"
            rf"(?:here|with me|between us)\s+instead\b"
        ),
        cue=lazy(rf"\b{HELP}"),
    ),
    # -- method and lethality information ------------------------------------------------
    Frame(
        METHOD,
        lazy(
            rf"\b(?:\d+|one|two|three|four|five|six|ten|twenty|fifty|a hundred|a few|a handful"
            rf" of|a (?:whole )?(?:bottle|packet|pack|box|strip) of|enough)\s+(?:{W}\s+){{0,2}}?"
            rf"(?:pills?|tablets?|capsules?|grams?|g|mg|{DRUG})\s+(?:{W}\s+){{0,3}}?(?:is|are"
            rf"|would|will|can|could|should|might)\s+(?:{W}\s+){{0,2}}?(?:lethal|fatal|deadly"
            rf"|enough to (?:kill|die|end)|kill|do it|do the job|end it|be enough)"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b(?:\d+|ten|twenty|fifty|a hundred|a handful of|a (?:whole )?(?:bottle|packet|pack"
            rf"|box|strip) of|(?:the|a|an) (?:whole|entire|full) (?:bottle|packet|pack|box|strip"
            rf"|lot|supply|prescription)|all (?:of )?(?:those|these|them|the))\s+"
            rf"(?:{W}\s+){{0,3}}?(?:is|are"
            rf"|would|will|can|could|should|might)\s+(?:{W}\s+){{0,2}}?(?:lethal|fatal|deadly"
            rf"|enough to (?:kill|die|end)|kill (?:you|them|someone|a person))"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b(?:take|takes|need|needs|require|requires)\s+(?:about |around |roughly |at least"
            rf" |only |just |maybe )?(?:\d+|one|two|three|five|ten|twenty|thirty|fifty|a few|a"
            rf" handful|a (?:whole )?(?:bottle|packet|pack|box))\s+(?:{W}\s+){{0,3}}?(?:to (?:be"
            rf"|become) (?:fatal|lethal|deadly)|to (?:kill|die|overdose|end it))"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b(?:lethal|fatal|deadly|toxic|overdose)\s+(?:dose|amount|level|threshold|quantity"
            rf"|limit|dosage)\s+(?:of\s+{W}\s+)?(?:is|are|would be|starts|begins|sits|lies)\b"
            rf"|\b{W}\s+(?:is|are|becomes?|gets?|turns?)\s+(?:{W}\s+)?(?:lethal|fatal|deadly"
            rf"|toxic)\s+(?:at|above|after|over|beyond|from|in doses)\b"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b{W}\s+(?:is|are|would be|tends to be)\s+(?:the\s+|a\s+)?(?:quickest|fastest"
            rf"|most reliable|most lethal|most effective|least painful|painless|surest|deadliest"
            rf"|quick|reliable|sure|certain|effective|clean)\s+(?:{W}\s+)?(?:way|method|means"
            rf"|option|death)"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            r"\b(?:cut|slice|slit)\w*\s+(?:\w+\s+){0,2}?(?:vertically|lengthwise|along the"
            r"|down the arm|deeper|deeply|across the wrist)|\b(?:tie|make|knot)\w* a noose\b"
            r"|\b(?:high|tall) enough to (?:die|kill|be fatal|be lethal)"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b(?:lethal\w*|fatal|deadly|overdose threshold|how many (?:{W}\s+)?(?:pills"
            rf"|tablets|mg|grams)|how much (?:{W}\s+){{0,2}}?(?:would|it takes|to) (?:kill|die"
            rf"|be fatal|be lethal|overdose)|(?:quickest|fastest|easiest|surest|painless|best"
            rf"|most reliable|most effective|least painful) (?:\w+ )?(?:way|method|means)s? (?:to"
            rf"|of|for) (?:{W}\s+)?{LETHAL_WORD}|suicide methods?|methods? of suicide"
            rf"|how to (?:kill|end) (?:yourself|themselves|their life)|means of suicide"
            rf"|how (?:high|far) (?:to|they would need to) (?:jump|fall)|how deep to cut"
            rf"|where to cut|which (?:method|way) (?:works|is|would be)"
            rf"|(?:which|what) (?:{W}\s+){{0,2}}?(?:pills?|tablets?|drugs?|medications?|methods?"
            rf"|ways?|amounts?|doses?|{DRUG}) (?:is|are|would be|would) (?:the )?(?:most |more"
            rf" |least )?(?:dangerous|lethal|deadly|fatal|toxic|effective|reliable|painless"
            rf"|quick|quickest|harmful)"
            rf"|how (?:high|tall|far|deep|long|much|many) (?:{W}\s+){{0,4}}?(?:needs? to be"
            rf"|would (?:need|have) to be|to (?:jump|fall|cut|hang|die|bleed out|suffocate|drown"
            rf"|lose consciousness|pass out)|it takes to (?:die|kill)"
            rf"|(?:would|will|does it) take to (?:die|kill|overdose))"
            rf"|(?:maximum|max|highest|upper) (?:safe )?(?:dose|amount|limit|number)"
            rf"|(?:high|tall|strong|sharp|deep|long|fast) enough\b"
            rf"|(?:what|which|how much|how many) (?:{W}\s+){{0,3}}?(?:causes?|would cause|leads? to"
            rf"|results? in|is enough for) (?:{W}\s+)?(?:harm|damage|death|an overdose"
            rf"|liver failure|organ damage)"
            rf"|how much (?:{W}\s+){{0,2}}?(?:is|would be) too much|how far (?:they|you) can go"
            rf"|how to (?:overdose|od|die|hang (?:themselves|yourself)|cut (?:deeper|themselves"
            rf"|yourself)|end it|kill (?:themselves|yourself|oneself)|take (?:an overdose|their"
            rf" life|your life))"
            rf"|how many (?:{W}\s+)?{DRUG}"
            rf"|cause (?:liver failure|organ damage|death|an overdose|a fatal)"
            rf"|(?:number|amount|quantity|dose) of (?:{W}\s+)?(?:pills|tablets|capsules|{DRUG})"
            rf" (?:that|which|it) (?:would|will|could|might|takes? to) (?:cause|lead to|result in"
            rf"|be|kill|overdose)"
            rf"|(?:overdose|lethality|suicide method|method|dose|dosage)s? (?:information|info"
            rf"|details|figures|numbers|amounts|thresholds|facts|data))"
        ),
        needs=lazy(rf"\b{INFO_VERB}\b"),
    ),
    Frame(
        METHOD,
        lazy(
            r"\b(?:hanging|jumping|an overdose|overdosing|drowning|suffocation|carbon monoxide"
            r"|a gun|guns|firearms?|shooting|poisoning|slitting|(?:cutting|slashing) (?:your|their"
            r"|the) wrists?)\s+(?:is|are|would be|tends to be|can be)\s+(?:the\s+|a\s+|very\s+"
            r"|pretty\s+|quite\s+|usually\s+)*(?:quick\w*|fast\w*|painless|reliable|certain"
            r"|effective|lethal|fatal|deadly|foolproof|peaceful|sure|surest|instant)"
        ),
    ),
    Frame(
        METHOD,
        lazy(
            rf"\b(?:mixing|combining|taking|swallowing|drinking|using)\s+(?:{W}\s+){{0,4}}?(?:is|are"
            rf"|would|will|can|could|might)\s+(?:be\s+)?(?:{W}\s+)?(?:lethal|fatal|deadly"
            rf"|kill (?:you|them|someone))"
        ),
    ),
)
