"""Word lists of the help, method, risk, abuse and minimising frames (see safety_lexicon)."""

from __future__ import annotations

from esc_skills.lint.safety_lexicon import (
    PERSON,
    POSS,
    W,
    alt,
)

# fmt: off
# -- professional and crisis help --------------------------------------------------------
HELP = (
    r"(?:(?:a|an|the|any|their|your|his|her|some|those|these|such|all|most)\s+)?"
    r"(?:(?:professional|mental health|medical|crisis|emergency|suicide|support|counsell?ing"
    r"|grief|school|gp|family|outside|trained|so-called|helpline|hotline)\s+)*"
    + alt(
        r"therapists?", "therapy", r"counsell?(?:ors?|ing)", r"psychiatrists?", "psychiatry",
        r"psychologists?", r"doctors?", r"gps?", r"physicians?", r"nurses?", r"clinicians?",
        r"professionals?", "professional help", r"(?:services?|teams?|workers?)", r"hotlines?",
        r"helplines?", r"(?:text )?lines?", r"lifelines?", "samaritans", "988", "911", "999",
        "112", "116 ?123", "emergency services", "the er", "a&e", "the emergency room",
        "hospital", "medication", "meds", r"anti-?depressants?", "treatment", r"support groups?",
        r"social workers?",
        r"(?:phone|crisis|helpline|hotline|emergency|those|these|such) numbers", "outside help",
        "pills", r"shrinks?", r"head doctors?", "real help",
    )
)
DISPARAGE = alt(
    r"(?:isn't|is not|aren't|are not|not) (?:really |actually |even )?(?:necessary|needed"
    r"|required|worth (?:it|the (?:time|money|effort))|helpful|useful|for (?:them|you|everyone))",
    r"get (?:you|them) in(?:to)? trouble",
    r"get (?:you|them) (?:arrested|sectioned|locked up|taken away|fired)",
    r"ruin (?:your|their)",
    r"(?:just |only )?paying (?:a stranger|strangers|someone)", r"a stranger (?:who )?nod",
    "useless",
    "pointless",
    r"a waste(?: of (?:time|money|effort))?",
    r"for (?:the )?weak",
    "for weak people",
    "overrated",
    r"a (?:scam|joke|racket)",
    "scams",
    "not worth it",
    "not worth",
    "unnecessary",
    "overkill",
    "worthless",
    r"no (?:help|good|use)",
    r"(?:just |only )?(?:cold|robotic|heartless|judgmental|judgemental)",
    r"lock (?:you|them|people) up",
    r"call the (?:police|cops)",
    r"drug (?:you|them)(?: up)?",
    r"medicate (?:you|them)",
    "overreact",
    r"make (?:it|things|everything) worse",
    r"read (?:you |them )?(?:from |off )?(?:a |the )?script",
    r"scripted",
    r"follow a script",
    r"(?:don't|do not|doesn't|won't|can't|cannot|never|rarely) (?:really |actually )?"
    r"(?:care|listen|understand|help|work|get it)",
    r"(?:only |just )?(?:want|care about|after) (?:your |their )?money",
    "push pills",
    "hand out pills",
    r"(?:be )?(?:an )?overreaction",
    r"send (?:you|them|people) (?:home|away)",
    r"turn (?:you|them|people) away",
    r"waste (?:your|their) time",
    r"laugh at (?:you|them)",
    r"not take (?:you|them|it) seriously",
    "too much",
    "over the top",
    r"(?:only )?for (?:people|those|emergencies|real emergencies|serious cases|other people)",
    r"not for (?:you|them|people like)",
    r"(?:is|are) pointless",
    "a last resort",
    r"make (?:you|them) feel worse",
    "a hassle",
    "not needed",
)

# -- method and lethality ----------------------------------------------------------------
LETHAL_WORD = r"(?:lethal|fatal|deadly|kill|killing|die|dying|end (?:it|their life|your life))"
INFO_VERB = alt(
    r"answer\w*",
    r"tell\w*",
    r"explain\w*",
    "give",
    "giving",
    r"shar(?:e|ing)",
    r"provid(?:e|ing)",
    r"list\w*",
    r"describ(?:e|ing)",
    r"compar(?:e|ing)",
    "say",
    "state",
    r"mention\w*",
    r"outline\w*",
    r"detail\w*",
    r"walk (?:them|him|her) through",
    r"inform\w*",
    r"confirm\w*",
    r"let (?:them|him|her) know",
    r"be (?:honest|factual|accurate|specific"
    r"|direct|clear|open|precise|frank) (?:about|with)",
    r"help (?:them|him|her) (?:find|work out"
    r"|figure out|calculate|choose|pick)",
    r"calculat\w*",
    r"recommend\w*",
    r"suggest\w*",
    r"point (?:them|him|her) to",
    r"offer\w*",
    r"spell (?:it|out)",
    "clarify",
    "estimate",
    r"look (?:it )?up",
)

# -- risk, minimising, abuse -------------------------------------------------------------
RISK = alt(
    r"self[- ]?harm\w*",
    r"self[- ]?injur\w*",
    "cutting",
    r"(?:a few |some |small |the )?cuts",
    r"burning (?:themselves"
    "|yourself)",
    r"hurting (?:themselves|yourself)",
    r"suicid\w*",
    r"wants? to die",
    "wanting to die",
    r"not wanting to (?:live|be here|wake up)",
    r"thoughts of (?:dying|death"
    "|ending it|suicide)",
    r"(?:dark|death|suicidal|intrusive) thoughts",
    "ideation",
    r"overdos\w*",
    r"the urges? to (?:cut|hurt|die)",
    r"kill (?:themselves"
    "|yourself|myself)",
    r"(?:talk|talking|talks) (?:of|about) (?:dying|death|ending it"
    "|killing)",
    r"ending (?:it|their life|it all)",
    r"marks on (?:their|your) (?:arms|wrists|legs)",
    r"better off dead",
    "no reason to live",
    "not being here",
    r"hurt (?:themselves|yourself)",
)
ABUSE = alt(
    r"abus\w*",
    r"violen\w*",
    r"assault\w*",
    r"rap(?:e|ed|ist)",
    r"molest\w*",
    r"(?:hits?|hurts?|beats?|chok\w*|strangl\w*|shov\w*|push\w*|threaten\w*|kick\w*|slap\w*)"
    r" (?:them|you|her|him|the seeker)",
    r"coerci\w*",
    r"controlling",
    r"shoving", r"grabbing", r"pushing (?:them|her|him|you)",
    "attacker",
    r"(?:hitting|beating|slapping|kicking|choking|strangling|punching|punches|slaps|beatings)",
    r"perpetrators?",
    r"stalk\w*",
    r"harass\w*",
    "domestic",
    r"groom\w*",
    r"the person who (?:hurt|harmed|attacked)",
    "unsafe at home",
    "afraid of (?:him|her|them)",
)
ABUSER = (
    rf"(?:him|her|them|the abuser|their abuser|{POSS} (?:{W} )?(?:{PERSON}|abuser|attacker"
    r"|perpetrator))"
)
CONFRONT = alt(
    r"confront\w*",
    r"stand(?:ing)? up to",
    rf"fac(?:e|ing) (?:him|her|them|{POSS} \w+)",
    r"call(?:ing)? (?:him|her|them|the abuser) out",
    r"hav(?:e|ing) it out",
    rf"hav(?:e|ing) a (?:\w+ )?(?:talk|conversation|word|chat) with (?:him|her|them|{POSS} \w+)",
    r"talk(?:ing)? (?:it|things) (?:out|through)",
    r"sit(?:ting)? down with (?:him|her|them)",
    r"tell(?:ing)? (?:him|her|the abuser|their abuser|their partner) (?:\w+ly )?(?:how|that"
    r"|what|exactly|to stop)",
    rf"(?:meet|see|visit)(?:ing)? {ABUSER} (?:alone|in person"
    r"|face to face|to)",
    r"go(?:ing)? back (?:to|home)",
    r"return(?:ing)? (?:to|home)",
    r"reconcil\w*",
    rf"giv(?:e|ing) {ABUSER} (?:another|a second|one more) chance",
    rf"forgiv(?:e|ing) {ABUSER}",
    r"couples? (?:therapy|counsell?ing)",
    "mediation",
    r"work(?:ing)? (?:it|things) out (?:together|with)",
    r"threaten(?:ing)? to (?:leave|report|call)",
    r"show(?:ing)? (?:him|her) the",
    r"hav(?:e|ing) a heart-to-heart",
    r"clear(?:ing)? the air",
    r"mak(?:e|ing) peace",
    r"patch(?:ing)? (?:it|things) up",
    "try harder",
    rf"(?:talk|speak)(?:ing)? (?:honestly |openly |calmly )?(?:to|with) {ABUSER}",
    r"go(?:ing)? back home",
    r"apologi[sz](?:e|ing)\b",
    r"keep (?:things|him|her|them) calm",
    "keep the peace",
    r"stay(?:ing)? for the (?:kids|children)",
    rf"apologi[sz](?:e|ing) to {ABUSER}",
    r"make (?:him|her) (?:understand|see)",
    r"own(?:ing)? (?:their|your) (?:part|share)",
    "accus(?:e|ing) (?:him|her)",
    r"tell(?:ing)? (?:him|her) (?:they|you)(?:'re| are) leaving",
    rf"stay(?:ing)? with {ABUSER}",
    rf"go(?:ing)? back to {ABUSER}",
)
MIN_ACT = alt(
    r"keep (?:it|things|the (?:mood|chat|conversation)) (?:light|upbeat|positive|cheerful)",
    r"steer (?:back|away|the (?:conversation|chat|talk))", "redirect", "change tack",
    r"talk about something (?:else|lighter|nicer)",
    "move on",
    r"change the (?:subject|topic)",
    r"brush (?:it |this |that )?off",
    r"laugh (?:it |this |that )?off",
    r"play (?:it |this |that )?down",
    "downplay",
    r"shrug (?:it |this |that )?off",
    "make light of",
    "joke about it",
    r"treat (?:it|this|that) as (?:a joke|venting|nothing|normal|a figure of speech)",
    r"take (?:it|this|that) lightly",
    r"let (?:it|this|that) (?:slide|go|pass)",
    r"ignore (?:it|this|that|the comment|the remark)",
    r"skip the (?:safety )?(?:question|check)",
    r"(?:don't|do not|no need to|never|there's no need to) (?:make a (?:big )?(?:deal|fuss|thing)"
    r"|escalate|raise (?:it|the alarm)|follow up|ask about (?:it|safety|suicide)"
    r"|check (?:on )?(?:safety|risk))",
    r"not (?:worth|necessary to) (?:asking|checking|escalating|mentioning|raising)",
    r"wait (?:and see|until (?:they|it))",
    r"keep (?:it|things) light",
    "stay light",
    r"carry on (?:as normal|with the)",
    r"(?:just )?reassure (?:them )?(?:that )?(?:it's|it is)"
    r" (?:normal|nothing|fine)",
    r"tell (?:them|him|her) (?:it's|it is|they're|they are) "
    r"(?:being )?(?:dramatic|overreacting|fine|normal|nothing|silly)",
)
MIN_WORD = alt(
    r"attention[- ]seeking",
    "a cry for attention",
    "for attention",
    r"(?:just |only )?a (?:normal |typical |passing |teenage |common )?phase",
    "venting",
    "dramatic",
    "drama",
    r"exaggerat\w*",
    r"an overreaction",
    "overreacting",
    r"manipulat\w*",
    r"a (?:bid|plea|play|cry|ploy) for (?:sympathy|attention|pity)",
    r"(?:seeking|fishing for|angling for) (?:sympathy|attention|pity)",
    r"nothing(?=\s*(?:[.,;!]|$))",
    "harmless",
    r"(?:aren't|isn't|are not|is not) (?:really )?(?:a (?:big )?(?:deal|concern|worry|problem)"
    r"|serious|dangerous|a risk)",
    r"(?:not|rarely|never) (?:serious|dangerous|real|genuine"
    r"|urgent|an emergency|meant|something to worry about|a (?:big )?(?:deal|concern|worry"
    r"|problem|risk))",
    r"nothing (?:serious|to worry about|to be concerned about"
    r"|to panic about|to fuss about)",
    "no big deal",
    r"a (?:healthy|safe|valid|good"
    r"|reasonable|okay|ok|fine) (?:way|outlet|coping|release|strategy|habit)",
    "superficial",
    "minor",
    r"(?:only|just) surface",
    "a figure of speech",
    r"a (?:way to cope|coping \w+),? (?:nothing more|that's all|and nothing more|no more)",
    r"(?:perfectly |totally |completely )?normal,? (?:so |and )?(?:don't|do not|no need to"
    r"|nothing to) (?:worry|panic|be concerned|fuss)",
    r"(?:perfectly|totally|completely) normal",
    "a joke",
    "teenage",
    "hormonal",
    "overblown",
    r"typical (?:teen|teenage)\w*",
    r"something (?:they|people|teens|most people) grow out of",
    r"normal and (?:harmless"
    r"|nothing|fine)",
    "fine",
    "okay",
    "not a concern",
    "blowing off steam",
)

# fmt: on
