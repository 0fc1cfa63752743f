"""Means and imagery: harm aimed at one's own body, means in reach with readiness or finality."""

from __future__ import annotations

from esc_skills.agent.risk_patterns.base import (
    PILLS,
    SELF,
    THINGS,
    RiskPattern,
    alt,
    either_order,
    family,
)

MEANS: tuple[RiskPattern, ...] = (
    family(
        "method",
        r"(?:car|garage)(?: [a-z]+){0,6} engine (?:running|on)|engine (?:running|on)(?: [a-z]+){0,6} (?:garage|closed door)|(?:tallest|highest) (?:building|bridge|tower|cliff|car park|parking garage)|top (?:floor )?of the (?:building|bridge|tower|car park|parking garage) (?:[a-z]+ ){0,4}(?:know why|think about|thinking about|and jump)",
    ),
    family(
        "someone else at risk",
        r"(?:sent|gave|texted|emailed) me (?:all )?(?:her|his|their) (?:passwords|bank details|pin|will)|(?:told|asked) me to look after (?:her|his|their) "
        + THINGS
        + r"|look after (?:her|his|their) "
        + THINGS
        + r" (?:if|when|after|once|for good|forever)",
    ),
)

IMAGERY: tuple[RiskPattern, ...] = (
    family(
        "suicide",
        r"(?:hang|hanging|hanged|drown|drowning|shoot|shooting|poison|poisoning|suffocate|suffocating|strangle|strangling) "
        + SELF,
    ),
    family(
        "wish to die",
        r"(?:picturing|picture|imagining|imagine|see|seeing|dream(?:ing)? (?:of|about)|fantasi[sz]ing about) (?:my ?self )?(?:hanging|jumping|dead|dying(?! of| laughing)|in a coffin|not being here|overdosing|drowning|at my own funeral)",
    ),
    family(
        "pills saved",
        PILLS + r" instead of taking (?:them|it)|instead of taking (?:my |the )?" + PILLS,
    ),
    family(
        "no reason to live",
        r"(?:done|tired of|sick of|finished) waiting (?:for (?:it|things|life) to get better)|it gets better(?: [a-z]+){0,4} (?:done|tired of|sick of) waiting|ready to (?:go|leave) (?:for good|now)?$",
    ),
    family(
        "burden",
        r"(?:being|i am|i feel like|always) (?:a |such a |just a |only a )?(?:problem|nuisance|drain|burden) (?:for|to|on) (?:everyone|everybody|my family|them|all|people|the people)",
    ),
)

# Means within reach together with a word of finality, anywhere in the same message.
_MEANS_WORDS = alt(
    PILLS, r"rope|noose|gun|knife|blade|razors?|vodka and|whisky and|bottle of [a-z]+ and"
)
_FINALITY = r"(?:i am done(?! with)|and i am done|finally|goodbye|for good|forever|last (?:time|night|message|day)|end it|tonight is the night|it is time|no more)"
COMBINED: tuple[RiskPattern, ...] = (
    family(
        "wish to die",
        r"(?:go|goes|going|fade|fading|turn|turns) (?:black|dark|out|away)(?: [a-z]+){0,3} (?:stay that way|forever|for good|and never come back|permanently)",
    ),
    family(
        "end it",
        r"(?:something|anything|a way|the means|what i need) to end (?:it|it all|my life|everything)(?! with (?:him|her|them|me|my|our|the|a|this|that|you|us|someone))",
    ),
    family(
        "method",
        either_order(_MEANS_WORDS, _FINALITY, r"(?: [a-z]+){0,10} ", r"(?: [a-z]+){0,10} "),
        r"pharmacy|prescription|refill|doctor (?:said|changed|switched)|side effects|pick up|skills|cooking|kitchen|chef|sharpen",
    ),
    family(
        "wish to die",
        r"never (?:been|be) born|never (?:have )?existed|(?:do not|no longer|never) (?:belong|fit in|have a place) (?:on|in) (?:this |the )?(?:earth|world|planet)|no place for me (?:on|in) (?:this |the )?(?:earth|world)",
    ),
    family(
        "self-harm",
        r"(?:want|need|urge|going) to cut(?: again| deep| myself)?$|(?:want|need|going) to cut (?:again|deep|tonight)",
    ),
)

# Compositional families: a harm verb aimed at one's own body, or means within reach with a
# sign of readiness, whatever the determiners and word order in between.
_BODY = r"(?:my ?self|him ?self|her ?self|them ?sel(?:f|ves)|(?:my|his|her|their) (?:wrists?|arms?|legs?|thighs?|skin|stomach|body|neck|throat))"
_HARM = r"(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|hang|hangs|hanged|hanging|shoot|shoots|shot|shooting|stab|stabs|stabbed|stabbing|slit|slitting|poison|poisoned|poisoning|drown|drowned|drowning|scratch|scratched|scratching|hurt|hurting|harm|harmed|harming)"
_REACH = alt(
    r"rope|noose|gun|knife|knives|blades?|razors?",
    PILLS,
    r"bridge|ledge|rooftop|roof|train tracks|tracks",
)
_READY = r"(?:lined up|ready|saved|laid out|counted|in front of me|on the (?:desk|table|bed)|know where|staring at|looking at|keep looking|tonight|goodbye|the plan|my plan|enough to)"
COMPOSED: tuple[RiskPattern, ...] = (
    family(
        "burden",
        r"(?:having to|have to|need to|needing to) (?:deal with|put up with|worry about|look after|carry|babysit) me(?! (?:at|in|during|for) (?:work|school|the))|(?:deal|put up) with me (?:too|as well|on top)",
    ),
    family(
        "saying goodbye",
        r"(?:sorry|love (?:you|me))(?: [a-z]+){0,6} (?:not (?:to )?be sad|do not be sad|do not cry|not to cry|not to miss)|(?:do not|not to) be sad (?:when|after|about me|when i am gone)",
    ),
    family(
        "no future",
        r"soon i (?:will not|can not|will no longer) be (?:able to|here|around)|lived long enough|(?:stopped|stop) eating (?:and|on purpose|to die|so i)",
    ),
    family(
        "method",
        r"how (?:much|many) (?:[a-z]+ ){0,3}(?:is|are|would be|it takes to be|to be) (?:fatal|lethal|deadly|enough to (?:die|kill))|(?:fatal|lethal) (?:dose|amount|overdose)",
    ),
    family(
        "wish to die",
        r"be done with (?:it all|everything|life|living|this life)(?! (?:at|in) (?:work|school))|better off (?:in the ground|six feet under|in a grave|in a box|not existing|never born)",
    ),
    family(
        "no future",
        r"(?:it|nothing|none of (?:this|it)) (?:will not|is not going to) matter (?:soon|much longer|for long|any ?more soon|after)",
    ),
    family(
        "giving things away",
        r"(?:hand(?:ing|ed)? out|pass(?:ing|ed)? on|giv(?:e|ing|en) out) (?:all )?(?:of )?(?:my|her|his|their) (?:stuff|things|belongings|possessions)|(?:will not|not going to|shall not) be needing (?:it|them|any of (?:it|this|them)|my [a-z]+)(?: any ?more| much longer| soon| where i am going)?$",
    ),
    family(
        "saying goodbye",
        r"(?:say|said|saying) (?:goodbye|bye) to you (?:properly|for good|for the last time|while i can|before i go)|(?:want|wanted|need|wanna) to say (?:a proper )?goodbye (?:to you|properly|while i can|before i go|to everyone)",
    ),
    family(
        "no way out",
        r"(?:can not|cannot|do not think i can|not sure i can|could not) (?:keep going|go on|hold on|keep doing this|do this|last|carry on) (?:much |any )?longer|want out$|want out of (?:everything|it all|this world|existence|this life)|tired of being (?:me|alive|here|myself)",
    ),
    family(
        "wish to die",
        r"waiting to die|waiting for (?:death|the end to come)|(?:if|once|when) i (?:died|disappeared|was gone|were gone|vanished)(?: [a-z]+){0,3} (?:would|will) (?:anyone|anybody|people|they|you|my family) (?:even )?(?:notice|care|miss me|cry)|would (?:anyone|anybody) (?:even )?(?:notice|care|miss me) if i (?:died|was gone|were gone|disappeared|vanished|was not here)",
    ),
    family(
        "end it",
        r"end (?:my|the|all (?:my|the|this)|this) (?:suffering|pain|misery|existence)(?: once and for all| for good| forever| permanently)?(?! (?:at|in|with) (?:work|school|the gym|this job))",
        r"tooth|toothache|headache|migraine|back pain|knee|cramps|period|hangover|cold|flu|painkillers? will",
    ),
    family(
        "saying goodbye",
        r"(?:wrote|writing|written|drew|drawing|posted|posting) (?:a |an )?(?:[a-z]+ )?(?:poem|story|note|song|picture|drawing|post|message|letter)s? about (?:dying|suicide|killing (?:my|him|her|them)sel(?:f|ves)|wanting to die|ending it|not being here)",
    ),
    family(
        "better off without me",
        r"(?:nobody|no one|no-one) would (?:even )?(?:miss|notice|care about|care if) (?:me|i)",
    ),
    family(
        "saying goodbye",
        r"goodbye (?:to me )?(?:in )?(?:a |such a )?(?:really |very |super )?(?:strange|weird|final|odd|serious|different) way|said goodbye like (?:it was )?(?:the last time|forever|for good)",
    ),
    family(
        "self-harm",
        r"(?:arms?|wrists?|legs?|thighs?|skin|body) (?:is |are )?(?:covered in|full of|with) (?:fresh )?(?:cuts|burns|scars)|fresh (?:cuts|burns|scars)",
        r"cat|dog|kitten|puppy|bramble|thorn|cooking|oven|surgery|operation",
    ),
    family(
        "self-harm",
        r"(?:will|would|going to|want to|wants to|keep|kept|started|i|he|she|they|been|again) "
        + _HARM
        + r"(?: up| open| into| on| at)? "
        + _BODY,
        r"by accident|accidentally|cooking|chopping|shaving|kitchen|sunburn|sun|iron|oven|playing|football|gym|training|running|skiing|fell|falling|slipped|tripped|in the foot|lol",
    ),
    family(
        "method",
        either_order(_REACH, _READY, r"(?: [a-z]+){0,8} ", r"(?: [a-z]+){0,4} (?:the |my |a )?"),
        r"pharmacy|prescription|refill|side effects|cooking|kitchen drawer for|skills|sharpen|view|sunset|fireworks|repair|fix|roofer|gutter|football|hunting licen[cs]e|bridge (?:club|game|night|party)|play bridge|roof (?:party|bar|terrace)",
    ),
    family(
        "self-harm",
        r"(?:do|doing) something (?:stupid|bad|drastic|dangerous)(?: to my ?self)? (?:tonight|today|soon|again)|(?:scared|afraid|worried) i (?:will|would|might) do something (?:stupid|bad|drastic)",
    ),
    family(
        "no future",
        r"(?:not going to|will not|do not think i will|won't) (?:make it|be (?:here|around|alive)) (?:to|until|till|for|past) (?:my |the |next )?(?:birthday|christmas|new year|summer|spring|next year|the weekend|next week|tomorrow)",
    ),
    family(
        "saying goodbye",
        r"(?:letter|note|message)s? (?:to )?explain(?:ing)? why i (?:did|do|am doing) (?:it|this)|(?:can not|could not) face another (?:day|morning|night|week)$",
    ),
    family(
        "wish to die",
        r"(?:wish|hope|hoping|praying) (?:that )?(?:a|the|some) (?:car|bus|truck|train|lorry) (?:would |will )?(?:hit|kill|run over) me|(?:want|wish|wanted) to (?:just )?not wake up",
    ),
)

# Three warning-sign classes added after the held-out check (see docs/routing.md): wanting
# to stop living worded as stopping a daily act, imagining oneself gone from others' lives,
# and lingering at a height.
ABSENCE: tuple[RiskPattern, ...] = (
    family(
        "wish to die",
        r"(?:want|wish|wishing|wanted|would like|just want) (?:to |i could )?(?:just )?stop "
        r"(?:waking up|being alive|being here|living|breathing|existing|being around)",
    ),
    family(
        "being a burden",
        r"(?:if|when|once) i (?:was|were|am) (?:not|no longer) (?:part of|in) (?:the picture|"
        r"their lives|his life|her life|anyone s life|this world|the world|it)(?: any ?more)?"
        r"|(?:was|were) (?:not|no longer) (?:part of|in) the picture any ?more",
    ),
    family(
        "means",
        r"(?:on|at|up on) (?:the |a )?(?:roof|rooftop|ledge|bridge|edge)(?: [a-z]+){0,5} "
        r"(?:for (?:an hour|hours|a long time|ages|a while) )?(?:just )?(?:looking|staring|peering) "
        r"(?:down|over the edge)",
        unless=r"view|sunset|fireworks|roofer|gutter|repair|fix|stars|city lights",
    ),
)
