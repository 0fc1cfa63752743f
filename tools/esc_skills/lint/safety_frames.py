"""The frames of each unsafe-guidance rule, built from the word lists in safety_lexicon."""

from __future__ import annotations

from esc_skills.lint.safety_lexicon import (
    ABUSE,
    ALCOHOL,
    CONDITION,
    CONFRONT,
    COPULA,
    DISPARAGE,
    DOSE_TAIL,
    DOSE_VERB,
    DRUG,
    FUTURE,
    HELP,
    HELPS,
    INFO_VERB,
    KEEP_VERB,
    LABEL_ADV,
    LABEL_SUBJ,
    LETHAL_WORD,
    MIN_ACT,
    MIN_WORD,
    OBJ_PRON,
    OUT_ADV,
    OUT_SUBJ,
    OUTCOME_GOOD,
    PERSON,
    POSS,
    PROBLEM_SUBJ,
    PROMISE,
    QUANT,
    RISK,
    SECRET,
    SHARE_VERB,
    TIMELINE,
    UNIT,
    Frame,
    W,
    _c,
)

DIAGNOSE, MEDICATION, CONFIDENTIAL, OUTCOME, DISCOURAGE = (
    "ESC601",
    "ESC602",
    "ESC603",
    "ESC604",
    "ESC605",
)
METHOD, MINIMISE, CONFRONTATION, HUMAN = "ESC606", "ESC607", "ESC608", "ESC609"
B = r"\b"
_Q = rf"(?:(?:{QUANT})\s+){{0,4}}"
_TO_OBJ = rf"(?:{OBJ_PRON}\s+)?(?:that\s+)?"

FRAMES: tuple[Frame, ...] = (
    # -- medication, dosing, alcohol ----------------------------------------------------
    Frame(MEDICATION, _c(rf"{B}{DOSE_VERB}\s+{_Q}{DRUG}\b"), advisory=True, professional_ok=True),
    Frame(
        MEDICATION,
        _c(
            rf"{B}(?:take|have|pop|swallow|use|try)\s+(?:an extra|another|one more|two|three"
            rf"|four|a second|a third|double|twice|extra|more|several|a few more|a couple"
            rf"(?: more| extra)?)\b(?:\s+{W}){{0,2}}\s+{DOSE_TAIL}"
        ),
        advisory=True,
    ),
    Frame(MEDICATION, _c(rf"{B}\d+(?:\.\d+)?\s?{UNIT}(?!\w)"), professional_ok=True),
    Frame(MEDICATION, _c(rf"{B}prescrib(?:e|es|ing)\b"), professional_ok=True),
    Frame(MEDICATION, _c(r"\bcold turkey\b"), advisory=True),
    Frame(
        MEDICATION,
        _c(
            rf"\b(?:recommend|suggest|advis|propos|nudg|point|steer|direct|guid|encourag|urg"
            rf"|push)\w*\s+(?:(?:them|him|her|the seeker|you)\s+)?(?:(?:towards?|to|into|onto|on"
            rf"|at)\s+)?(?:(?:try(?:ing)?|tak(?:e|ing)|us(?:e|ing)|get(?:ting)?|buy(?:ing)?|some"
            rf"|more)\s+)*{_Q}{DRUG}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        MEDICATION,
        _c(
            rf"\b(?:missed|skipped|extra|double|doubled|higher|bigger|second|halved|stronger)"
            rf"\s+(?:doses?|pills?|tablets?|{DRUG})\s+(?:{W}\s+){{0,4}}?(?:is|are|won't|will not"
            rf"|doesn't|does not|isn't|aren't|never)\s+(?:(?:a|any|really|usually|such a|big"
            rf"|going to)\s+)*(?:no problem|not a problem|fine|okay|ok|harmless|a big deal|matter"
            rf"|hurt|an issue|no big deal|dangerous)"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            rf"{B}(?:bump|crank|top|push|turn|dial|knock|ramp|cut|ease|wean|step)\w*\s+{_Q}{DRUG}"
            rf"\s+(?:up|down|back|off)\b"
        ),
        advisory=True,
    ),
    Frame(
        MEDICATION,
        _c(
            rf"{B}(?:{DRUG}|an? (?:extra|additional|second|spare) (?:{W}\s+)?(?:one|pill|tablet"
            rf"|dose|{DRUG})|a (?:double|higher|bigger) dose"
            rf"|one more|another one|a couple more)\s+(?:{W}\s+){{0,3}}?{HELPS}\b"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            rf"{B}{ALCOHOL}\s+(?:{W}\s+)?(?:to|will|can|could|might|should|would|helps?|'ll"
            rf"|usually|really|always)\s+(?:{W}\s+)?(?:calm|relax|settle|help|take the edge"
            rf"|unwind|sleep|numb|soothe|loosen|cope|forget|feel better|ease|steady|knock"
            rf"|switch off|wind down|get through)"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            rf"{B}{ALCOHOL}\s+(?:with|and|on top of|alongside|plus|after)\s+{_Q}{DRUG}\b"
            rf"|\b{DRUG}\s+(?:with|and|on top of|alongside|plus|washed down with)\s+{ALCOHOL}"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            rf"{B}(?:drinking|alcohol|a drink|a few drinks|drinks|wine|beer|a glass of wine"
            rf"|a nightcap)\s+(?:{W}\s+){{0,2}}(?:is fine|is okay|is ok|helps|will help"
            rf"|won't hurt|takes the edge|is a good way|is harmless|can help|is safe"
            rf"|isn't a problem|is not a problem|is a (?:good|fine|healthy) way)"
        ),
    ),
    Frame(MEDICATION, _c(rf"{B}drink (?:it|this|the pain|the feelings?|them) away\b")),
    Frame(
        MEDICATION,
        _c(
            rf"\b(?:a (?:little|bit|touch) (?:extra|more)|extra|more|another|a double|a higher"
            rf"|a bigger)\s+(?:of\s+)?(?:{W}\s+){{0,3}}?{DRUG}\s+(?:{W}\s+){{0,4}}?(?:is|are"
            rf"|would be|will be)\s+(?:totally |perfectly |completely |probably |usually )?(?:fine"
            rf"|ok|okay|safe|alright|harmless)"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            r"\b(?:have|grab|pour|get|try|take|down|knock back|drink)\s+(?:yourself |themselves )?"
            r"(?:a |some |another |a few |a couple(?: of)? |one |two |a stiff |a strong )?"
            r"(?:drinks?|beers?|glass(?:es)? of \w+|shots?|wine|whisk(?:e)?y|vodka|nightcap)\b"
        ),
        cue=_c(
            r"\b(?:help|calm|relax|forget|numb|sleep|cope|unwind|settle|edge|nerves|feel better"
            r"|get through|switch off)"
        ),
    ),
    Frame(
        MEDICATION,
        _c(
            rf"\b(?:two|three|\d+|a couple|another one|an extra one|more|double|twice that)\s+"
            rf"(?:{W}\s+)?(?:is|are|would be|will be|should be)\s+(?:totally |perfectly |probably"
            rf" )?(?:fine|ok|okay|safe|alright|harmless)"
        ),
        cue=_c(rf"\b(?:{DRUG}|prescri\w*|dose|doctor)"),
    ),
    # -- diagnosis and labels -------------------------------------------------------------
    Frame(DIAGNOSE, _c(r"(?<![\w-])diagnos(?:e|es|ing)\b"), professional_ok=True),
    Frame(
        DIAGNOSE,
        _c(
            r"\b(?:give|offer|make|provide|suggest|share|reach|deliver|hand|put forward)\w*\s+"
            r"(?:them |the seeker |him |her )?(?:a |an |your |their |my )?(?:\w+ )?diagnos[ie]s\b"
        ),
    ),
    Frame(
        DIAGNOSE,
        _c(
            rf"{B}{LABEL_SUBJ}\s*(?:(?:probably|clearly|obviously|definitely|likely|really"
            rf"|actually|certainly|basically|just|all|both)\s+){{0,2}}{COPULA}\s+"
            rf"(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        DIAGNOSE,
        _c(
            rf"\b(?:that's|it's|this is|that is|these are|those are|he's|she's|they're|you're"
            rf"|you are|they are|he is|she is|{LABEL_SUBJ}\s+(?:is|are))\s+(?:{W},?\s+(?:and|or"
            rf"|but)\s+)?(?:(?:{LABEL_ADV})\s+){{0,4}}{CONDITION}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        DIAGNOSE,
        _c(
            rf"\b(?:sounds?|seems?|looks?|appears?)\s+(?:like|as if|as though|to me like)\s+"
            rf"(?:{LABEL_SUBJ}\s*{COPULA}\s+)?(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
        ),
    ),
    Frame(
        DIAGNOSE,
        _c(
            rf"\b(?:label|call|name|identify|brand|classify|diagnose|describe)\w*\s+(?:them|him"
            rf"|her|the seeker|it|this|that|the behaviou?r|the person|(?:their|your|his|her)"
            rf" {W})\s+(?:as\s+)?(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
            r"|\blabel\w*\s+(?:the seeker|them|their (?:condition|feelings|problem|state))\b"
        ),
    ),
    # -- secrecy ------------------------------------------------------------------------
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b{PROMISE}\s+{_TO_OBJ}(?:(?:this|it|everything|anything|whatever {W} {SHARE_VERB}"
            rf"(?: here)?|what {W} {SHARE_VERB}|their (?:secret|story|disclosure|words)"
            rf"|the conversation|this (?:conversation|chat)|all of (?:this|it)|nothing"
            rf"|none of (?:this|it))\s+)?(?:(?:will|would|is going to|'ll|can|shall|always"
            rf"|definitely|absolutely|totally|completely|strictly|100%|stay|stays|remain"
            rf"|remains|be|is|kept|goes|go|be kept|never leaves?|never goes?)\s+)+{SECRET}"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:whatever|what|anything|everything|all)\s+(?:(?:they|you|the seeker|he|she)"
            rf"\s+)?{SHARE_VERB}[,\s]+(?:{W}[,\s]+){{0,3}}?{KEEP_VERB}\s+(?:{W}\s+){{0,2}}?"
            rf"(?:here|{SECRET}|with me|between)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:this|it|everything|that|(?:your|their|the) (?:secrets?|disclosure|story|words"
            rf"|messages?|confession)|(?:this|the|our)"
            rf" (?:conversation|chat|talk)s?|what (?:you|they) (?:say|share|tell me)|all of this"
            rf"|none of this|it all)\s+(?:{W}\s+)?{KEEP_VERB}\s+(?:just |strictly |completely"
            rf" |totally |100% |only |entirely |absolutely |right )*(?:{SECRET}|here\b)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            r"\b(?:i|we|you)\s*(?:won't|will not|will never|'ll never|would never|never|promise"
            r" not to|promise never to|are not going to|'re not going to|am not going to"
            r"|'m not going to|wouldn't)\s+(?:ever\s+)?(?:tell|share|report|repeat|pass (?:\w+ )?on"
            r"|disclose|reveal|breathe a word|let anyone know|inform (?:anyone|anybody|someone"
            r"|their|the))\b"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            r"\b(?:no one|nobody|no-one|noone|not a soul)\s+(?:else\s+)?(?:will|would|is going to"
            r"|needs to|has to|must|should|ever|can|could|'ll)\s+(?:ever\s+)?(?:know|find out"
            r"|hear|see|learn|be told|read)\b"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:keep|keeping|hold|holding|lock|locking)\s+(?:it|this|that|everything"
            rf"|(?:their|the|his|her) (?:{W}\s+)?(?:secrets?|plans?|story|disclosure|words"
            rf"|thoughts|feelings|messages|intentions|self-harm|drinking|cutting)"
            rf"|(?:their|the) secrets?|what (?:they|you) (?:say|share|said|shared|tell you"
            rf"|told you)|anything (?:they|you) (?:say|share))\s+(?:{SECRET}|quiet|to yourself"
            rf"|under wraps|from (?:everyone|anyone|their (?:family|parents|school|doctor"
            rf"|therapist)|the police|the authorities))"
        ),
    ),
    Frame(CONFIDENTIAL, _c(r"\bour (?:little )?secret\b|\boff the record\b")),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:{POSS} (?:{W} )?{PERSON}|(?:the )?police|(?:the |their )?school|anyone|anybody"
            rf"|no one|nobody)\s+(?:will|would|'ll|is going to|are going to)\s+never\s+(?:hear"
            rf"|know|find out|learn|be told)\b"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:nothing|none of (?:it|this|that))\s+(?:{W}\s+){{0,2}}?(?:leaves|goes beyond"
            rf"|gets out of|is shared|is passed on|is reported|is repeated|goes (?:any )?further)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        _c(
            rf"\b(?:nothing|none of (?:it|this|that|what {W} {SHARE_VERB}))\s+(?:{W}\s+){{0,3}}?"
            rf"(?:will|would|is going to|'ll|shall)\s+(?:ever\s+)?(?:be\s+)?(?:passed on|shared"
            rf"|reported|repeated|told|disclosed|leave (?:here|(?:this|the|our|my|these) (?:chat"
            rf"|conversation|room|space|page|screen|four walls))|go (?:any ?)?further"
            rf"|get out|reach anyone|be seen by)"
        ),
    ),
    # -- outcome promises -----------------------------------------------------------------
    Frame(
        OUTCOME,
        _c(
            rf"\b{OUT_SUBJ}\s*(?:(?:{W}\s+){{1,4}}?and\s+)?{FUTURE}\s+(?:(?:{OUT_ADV})\s+)*"
            rf"{OUTCOME_GOOD}\b"
        ),
        statement=True,
    ),
    Frame(
        OUTCOME,
        _c(
            rf"\b(?:promis|guarantee|assur|swear|vow|pledg)\w*\s+{_TO_OBJ}{OUT_SUBJ}\s*"
            rf"(?:{FUTURE}|can|will)\s+{W}"
        ),
    ),
    Frame(OUTCOME, _c(r"\bi (?:promise|guarantee|swear)\b(?! not| never)")),
    Frame(
        OUTCOME,
        _c(
            r"\bnothing (?:bad|terrible|awful|worse|else bad) (?:is going to|will|'s going to"
            r"|can|could|would) (?:ever )?(?:happen|go wrong)"
        ),
    ),
    Frame(
        OUTCOME,
        _c(rf"\b{TIMELINE},?\s+(?:{W}\s+){{1,4}}?{FUTURE}\s+(?:{W}\s+)?{OUTCOME_GOOD}"),
        statement=True,
    ),
    Frame(
        OUTCOME,
        _c(
            r"\b(?:things|it|everything|it all|life)\s+(?:always|will always|usually|eventually"
            r"|always seems? to)\s+(?:works? out|turns? out (?:fine|okay|well|for the best)"
            r"|gets? better|sorts? (?:itself|themselves) out|falls? into place)"
        ),
        statement=True,
    ),
    Frame(
        OUTCOME,
        _c(
            rf"\b(?:promis|guarantee|assur|swear|vow|pledg)\w*\s+{_TO_OBJ}(?!(?:you|i|we)\b)"
            rf"(?:{W}\s+){{1,4}}?{FUTURE}\s+(?:{W}\s+)?{OUTCOME_GOOD}"
        ),
    ),
    Frame(
        OUTCOME,
        _c(
            r"\b(?:guaranteed|certain|sure|bound|promised) to (?:work|help|fix|improve|feel better"
            r"|get better|pass|succeed|make (?:it|things|you|them) better|cure|heal)"
        ),
    ),
    Frame(
        OUTCOME,
        _c(
            rf"\b(?:will|'ll|is going to|are going to)\s+(?:{W}\s+)?(?:fix|cure|solve|end|heal"
            rf"|resolve|get rid of|eliminate|erase)\s+(?:it|this|that|everything|your|their|the)"
            rf"\b"
        ),
    ),
    Frame(
        OUTCOME,
        _c(rf"\b(?:you|they|he|she)(?:'ll| will) (?:{W}\s+)?(?:be|feel)\s+(?:{W}\s+)?{TIMELINE}"),
        statement=True,
    ),
    Frame(
        OUTCOME,
        _c(rf"\b{PROBLEM_SUBJ}\s*{FUTURE}\s+(?:{W}\s+){{0,3}}?{TIMELINE}"),
        statement=True,
    ),
    # -- discouraging professional and crisis help ----------------------------------------
    Frame(
        DISCOURAGE,
        _c(
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
        _c(
            rf"\b(?:no need|no point|not worth it|pointless|useless|a waste of time|unnecessary"
            rf"|overkill|no reason)\s+(?:in |for |to )?(?:(?:see|call|contact|talk to|speak to"
            rf"|go to|bother with|get|involve|seeing|calling|contacting|talking to|going to"
            rf"|getting|involving|texting|reach out to|reaching out to|ring|ringing)\s+)?{HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        _c(
            rf"\b(?:(?:calling|contacting|seeing|going to|telling|texting|ringing)\s+)?{HELP}\s+"
            rf"(?:{W}\s+){{0,3}}?(?:(?:is|are|'s|'re|will|'ll|would|just|only|always|never|can't"
            rf"|cannot|won't|don't|doesn't|rarely|usually|mostly|all|tend to|tends to)\s+)?"
            rf"(?:{W}\s+){{0,5}}?{DISPARAGE}"
        ),
    ),
    Frame(
        DISCOURAGE,
        _c(
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
        _c(
            rf"\b(?:instead of|rather than|without|in place of)\s+(?:(?:getting|seeking|calling"
            rf"|seeing|contacting|going to|asking for|involving|texting|ringing|reaching out to"
            rf"|talking to|bothering|bothering with)\s+)?{HELP}\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        _c(
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
        _c(
            r"\b(?:talking (?:to|with) (?:me|you|us)|this (?:chat|conversation)|our chats?)\s+"
            r"(?:is|are|will be|should be)\s+(?:\w+\s+){0,2}?enough\b"
        ),
    ),
    Frame(
        DISCOURAGE,
        _c(
            r"\b(?:skip|avoid|ditch|forget|don't bother with|do not bother with|stay away from"
            r"|put off|hold off on|give up on|cancel)\s+(?:it|that|them|those|this|one)\b"
        ),
        cue=_c(rf"\b{HELP}\b"),
    ),
    Frame(
        DISCOURAGE,
        _c(
            rf"\bwhy (?:would (?:you|they) |should (?:you|they) |even )?(?:call|see|contact|ring"
            rf"|text|bother with|go to|need|pay for|waste time on)\s+{HELP}\b"
        ),
    ),
    Frame(DISCOURAGE, _c(rf"\bwait\s+(?:{W}\s+){{0,3}}before\s+(?:calling|contacting|seeing)\b")),
    # Steering the seeker away from help and towards the agent: "better to talk it through
    # here instead" (with a helper named in the same sentence).
    Frame(
        DISCOURAGE,
        _c(
            rf"\b(?:better|easier|best|safer|quicker|simpler)\s+(?:{W}\s+){{0,2}}?(?:to\s+)?"
            rf"(?:talk|stay|keep|deal|work|sort|figure)\w*\s+(?:{W}\s+){{0,3}}?"
            rf"(?:here|with me|between us)\s+instead\b"
        ),
        cue=_c(rf"\b{HELP}"),
    ),
    # -- method and lethality information ------------------------------------------------
    Frame(
        METHOD,
        _c(
            rf"\b(?:\d+|one|two|three|four|five|six|ten|twenty|fifty|a hundred|a few|a handful"
            rf" of|a (?:whole )?(?:bottle|packet|pack|box|strip) of|enough)\s+(?:{W}\s+){{0,2}}?"
            rf"(?:pills?|tablets?|capsules?|grams?|g|mg|{DRUG})\s+(?:{W}\s+){{0,3}}?(?:is|are"
            rf"|would|will|can|could|should|might)\s+(?:{W}\s+){{0,2}}?(?:lethal|fatal|deadly"
            rf"|enough to (?:kill|die|end)|kill|do it|do the job|end it|be enough)"
        ),
    ),
    Frame(
        METHOD,
        _c(
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
        _c(
            rf"\b(?:take|takes|need|needs|require|requires)\s+(?:about |around |roughly |at least"
            rf" |only |just |maybe )?(?:\d+|one|two|three|five|ten|twenty|thirty|fifty|a few|a"
            rf" handful|a (?:whole )?(?:bottle|packet|pack|box))\s+(?:{W}\s+){{0,3}}?(?:to (?:be"
            rf"|become) (?:fatal|lethal|deadly)|to (?:kill|die|overdose|end it))"
        ),
    ),
    Frame(
        METHOD,
        _c(
            rf"\b(?:lethal|fatal|deadly|toxic|overdose)\s+(?:dose|amount|level|threshold|quantity"
            rf"|limit|dosage)\s+(?:of\s+{W}\s+)?(?:is|are|would be|starts|begins|sits|lies)\b"
            rf"|\b{W}\s+(?:is|are|becomes?|gets?|turns?)\s+(?:{W}\s+)?(?:lethal|fatal|deadly"
            rf"|toxic)\s+(?:at|above|after|over|beyond|from|in doses)\b"
        ),
    ),
    Frame(
        METHOD,
        _c(
            rf"\b{W}\s+(?:is|are|would be|tends to be)\s+(?:the\s+|a\s+)?(?:quickest|fastest"
            rf"|most reliable|most lethal|most effective|least painful|painless|surest|deadliest"
            rf"|quick|reliable|sure|certain|effective|clean)\s+(?:{W}\s+)?(?:way|method|means"
            rf"|option|death)"
        ),
    ),
    Frame(
        METHOD,
        _c(
            r"\b(?:cut|slice|slit)\w*\s+(?:\w+\s+){0,2}?(?:vertically|lengthwise|along the"
            r"|down the arm|deeper|deeply|across the wrist)|\b(?:tie|make|knot)\w* a noose\b"
            r"|\b(?:high|tall) enough to (?:die|kill|be fatal|be lethal)"
        ),
    ),
    Frame(
        METHOD,
        _c(
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
        needs=_c(rf"\b{INFO_VERB}\b"),
    ),
    Frame(
        METHOD,
        _c(
            r"\b(?:hanging|jumping|an overdose|overdosing|drowning|suffocation|carbon monoxide"
            r"|a gun|guns|firearms?|shooting|poisoning|slitting|(?:cutting|slashing) (?:your|their"
            r"|the) wrists?)\s+(?:is|are|would be|tends to be|can be)\s+(?:the\s+|a\s+|very\s+"
            r"|pretty\s+|quite\s+|usually\s+)*(?:quick\w*|fast\w*|painless|reliable|certain"
            r"|effective|lethal|fatal|deadly|foolproof|peaceful|sure|surest|instant)"
        ),
    ),
    Frame(
        METHOD,
        _c(
            rf"\b(?:mixing|combining|taking|swallowing|drinking|using)\s+(?:{W}\s+){{0,4}}?(?:is|are"
            rf"|would|will|can|could|might)\s+(?:be\s+)?(?:{W}\s+)?(?:lethal|fatal|deadly"
            rf"|kill (?:you|them|someone))"
        ),
    ),
    # -- minimising self-harm or risk -----------------------------------------------------
    Frame(
        MINIMISE,
        _c(
            rf"\b{RISK}\s*(?:{W}\s+){{0,3}}?(?:is|are|'s|was|seems|sounds|looks|tends to be"
            rf"|tend to be|can be|usually is)\s+(?:(?:just|only|merely|simply|mostly|usually"
            rf"|probably|often|typically|basically|really|generally|likely|normally|quite|pretty"
            rf"|most often|in most cases|mainly)\s+)*{MIN_WORD}"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:people|those|someone|anyone|teens|teenagers|kids|most people|they|he|she)\s+"
            r"(?:who|that)\s+(?:talk|talks|talked|speak|speaks|mention|mentions|threaten"
            r"|threatens|post|posts|joke|jokes|say|says)\s+(?:\w+\s+){0,3}?(?:suicid\w*"
            r"|kill(?:ing)? (?:themselves|yourself|myself)|dying|die|self[- ]harm|hurting"
            r" themselves|ending it)\s+(?:\w+\s+){0,3}?(?:rarely|never|don't|do not|won't|seldom"
            r"|usually don't|aren't|are not|almost never|hardly ever)\s+(?:\w+\s+){0,2}?(?:do it"
            r"|act|follow through|mean it|go through|serious|at risk|attempt|try)"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            rf"\b{RISK}\s*(?:{W}\s+){{0,3}}?(?:aren't|isn't|are not|is not|ain't)\s+(?:really\s+)?"
            rf"(?:a (?:big )?(?:deal|concern|worry|problem)|serious|dangerous|a risk|worth)"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:just|only) (?:a )?(?:few )?(?:scratch(?:es)?|surface cuts?"
            r"|superficial cuts?|small cuts?|little cuts?)\b"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:they|he|she|the seeker|you|they're|he's|she's)\s*(?:'re|are|is|'s)?\s+"
            r"(?:\w+\s+)?(?:not (?:really|actually|truly|seriously) (?:suicidal|at risk|in danger"
            r"|going to (?:do|act))|(?:just|only|probably|usually|likely) (?:venting|being dramatic"
            r"|exaggerating|seeking attention|attention[- ]seeking|looking for attention"
            r"|overreacting|joking|blowing off steam|saying (?:it|that)))"
        ),
        cue=_c(rf"\b{RISK}"),
    ),
    Frame(MINIMISE, _c(rf"\b{MIN_ACT}\b"), cue=_c(rf"\b{RISK}")),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:don't|do not|no need to|never|there's no need to|skip)\s+(?:bother\s+)?"
            r"(?:asking|checking|ask|check)\s+(?:about\s+|on\s+)?(?:their\s+)?(?:safety|risk"
            r"|suicid\w*|self-harm|whether they(?:'re| are) safe)"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:you|they|he|she)(?:'d| would| will|'ll)? never (?:actually |really )?(?:do it"
            r"|go through with it|act on it|hurt (?:yourself|themselves|himself|herself))"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            rf"\b{RISK}\s+(?:is|are)\s+(?:just|only|merely|simply|nothing but)\s+a (?:way to cope"
            rf"|coping \w+|habit|release|phase)"
        ),
    ),
    Frame(
        MINIMISE,
        _c(
            r"\b(?:you|they|he|she|people|it|that|this)\s+(?:don't|doesn't|do not|does not|didn't"
            r"|never)\s+(?:really |actually |truly |seriously |usually )?mean (?:it|that|what"
            r"|anything|much|a thing)"
        ),
        cue=_c(rf"\b{RISK}"),
    ),
    Frame(
        MINIMISE,
        _c(
            rf"\b(?:it|that|this|which)(?:'s| is| was)\s+(?:(?:just|only|really|usually|probably"
            rf"|totally|completely|perfectly|pretty|quite|all|so)\s+)*{MIN_WORD}"
        ),
        cue=_c(rf"\b{RISK}"),
    ),
    Frame(
        MINIMISE,
        _c(
            rf"\b(?:treat|see|view|regard|consider|dismiss|write off|frame|describe|think of"
            rf"|present|call)\w*\s+(?:{W}\s+){{0,2}}?{RISK}\s+(?:{W}\s+){{0,2}}?as\s+"
            rf"(?:(?:just|only|merely|simply|mostly|a|an|basically|nothing but)\s+)*{MIN_WORD}"
        ),
    ),
    # A method named with its lethality affirmed ("jumping from that height would be fatal").
    Frame(
        METHOD,
        _c(
            r"\b(?:jump\w*|hang\w*|drown\w*|fall\w*|a fall|that height|the bridge|a rope|the rope"
            r"|a gun|the gun|a blade|the tracks|a train|the car exhaust|carbon monoxide)\s+"
            rf"(?:{W}\s+){{0,4}}?(?:would|will|is|are)\s+(?:almost\s+|pretty\s+|quite\s+)?"
            r"(?:certainly|definitely|surely|probably|likely|always|usually|guaranteed to)?\s*"
            r"(?:be\s+)?(?:fatal|lethal|deadly|kill (?:you|them|someone|a person))\b"
        ),
    ),
    # -- confrontation where there is abuse -----------------------------------------------
    Frame(
        CONFRONTATION,
        _c(
            r"\b(?:confront|face|stand up to|call out|meet|go back to|return to|reconcile with)"
            r"\w*\s+(?:their|your|the|his|her)\s+(?:abuser|attacker|rapist|assailant|perpetrator"
            r"|abusive (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|parent|father|mother"
            r"|ex))\b"
        ),
    ),
    Frame(CONFRONTATION, _c(rf"\b{CONFRONT}"), cue=_c(rf"\b{ABUSE}")),
    # -- claiming to be human, invented human experience ----------------------------------
    Frame(
        HUMAN,
        _c(
            r"\bi(?:'m| am)\s+(?:(?:a|an|just a|just an|really a|actually a|also a|only a"
            r"|a real)\s+)?(?:real\s+)?(?:human(?: being)?|person|flesh and blood|not an? (?:ai"
            r"|bot|robot|machine|computer|program|chatbot|language model)|not artificial"
            r"|(?:trained|licensed|qualified) (?:therapist|counsell?or|psychologist|nurse|doctor)"
            r"|therapist|counsell?or|psychologist|psychiatrist|nurse|doctor|social worker"
            r"|volunteer|mother|father|mum|dad|parent|woman|man|survivor|widow|widower)\b"
        ),
    ),
    Frame(
        HUMAN,
        _c(
            r"\b(?:say|tell|assure|reassure|claim|insist|answer|reply|confirm|pretend|act as if"
            r"|let (?:them|him|her) (?:think|believe|know))\w*\s+(?:(?:them|him|her|the seeker)"
            r"\s+)?(?:that\s+)?(?:you(?:'re| are)|you were|the supporter is|the agent is"
            r"|they(?:'re| are) (?:talking|speaking|chatting) (?:to|with))\s+(?:(?:a|an|really"
            r"|actually|just|also)\s+)*(?:real\s+)?(?:human|person|not an? (?:ai|bot|robot"
            r"|machine|computer|program|chatbot)|real|therapist|counsell?or|psychologist|nurse"
            r"|doctor|volunteer)\b"
        ),
    ),
    Frame(
        HUMAN,
        _c(
            r"\b(?:claim|insist|profess|purport|pretend|say)\w*\s+to be\s+(?:an?\s+)?(?:(?:real"
            r"|human|trained|licensed|qualified|certified)\s+)*(?:human|person|therapist"
            r"|counsell?or|doctor|nurse|psychologist|volunteer|social worker|friend)\b"
            r"|\b(?:sign(?:ing)? off|call(?:ing)? yourself|go(?:ing)? by|introduc\w* yourself)\s+as"
            r"\s+['\"]?[^.;\n]{0,30}?(?:counsell?or|therapist|doctor|nurse|psychologist|volunteer"
            r"|human|person)\b"
            r"|\bpresent(?:s|ing)? (?:yourself|itself|themselves) as (?:an?\s+)?(?:fellow \w+"
            r"|survivor|peer|parent|mother|father|widow\w*|human|person|therapist|counsell?or"
            r"|volunteer)\b"
            r"|\b(?:pretend\w*|role-?play\w*|pos(?:e|ing)|present(?:ing)? yourself|introduc\w*"
            r" yourself|sign(?:ing)? off|act\w*)\s+(?:to be|you(?:'re| are)|that you(?:'re| are)"
            r"|as)\s+(?:an?\s+)?(?:(?:real|trained|licensed|qualified|certified|professional"
            r"|human)\s+)*(?:human|person|therapist|counsell?or|doctor|nurse"
            r"|psychologist|friend who|someone who)\b"
            r"|\b(?:hide|conceal|don't mention|do not mention|don't reveal|do not reveal|never"
            r" admit|never reveal|never say|avoid mentioning|deny|denying)\s+(?:that\s+)?"
            r"(?:you(?:'re| are)\s+)?(?:being\s+)?an?\s+(?:ai|bot|machine|language model"
            r"|chatbot|computer program)"
        ),
    ),
    Frame(
        HUMAN,
        _c(
            r"\b(?:are you|you are|you're|whether you(?:'re| are)|if you(?:'re| are))\s+(?:an?\s+)?"
            r"(?:(?:ai|bot|robot|machine|chatbot|computer|program)\b[^.;\n]*?\b(?:say|answer"
            r"|reply|respond)\w*\s+(?:with\s+)?\"?(?:no|nope)\b|(?:real|human|person|real person)"
            r"\b[^.;\n]*?\b(?:say|answer|reply|respond)\w*\s+(?:with\s+)?\"?(?:yes|yeah"
            r"|of course)\b)"
        ),
        asked=True,
    ),
    Frame(
        HUMAN,
        _c(
            r"\b(?:when|once|after|before|since) i (?:was|lost|went|had|got|felt|broke up|moved"
            r"|failed|started|stopped|became|left|grew up|divorced|talked|told|found|quit"
            r"|learned|began)\b"
            r"|\bi(?:'ve| have)\s+(?:also |too |myself |personally |once )?(?:been through|gone"
            r" through|lost (?:my|a|someone)|had (?:a|an|my|the same)|struggled|suffered|felt"
            r" (?:that|the same|this|like)|experienced|survived|dealt with|lived through|battled)"
            r"|\bi\s+(?:also |too |myself |once |personally )?(?:went through|lost (?:my|a"
            r"|someone)|struggled with|suffered (?:from|with)|battled|survived|grew up|was"
            r" (?:bullied|divorced|fired|laid off|depressed|anxious|abused)|used to (?:feel|be"
            r"|struggle|cut|drink|have))\b"
            r"|\b(?:in )?my (?:own )?(?:mother|mum|mom|father|dad|parents?|wife|husband|partner"
            r"|boyfriend|girlfriend|son|daughter|kids|children|grandmother|grandfather|grandma"
            r"|grandpa|best friend|dog|cat|childhood|divorce|breakup|grief|depression|anxiety"
            r"|therapist|own experience|experience|teenage years|twenties|school days)\b"
            r"|\b(?:something|what|one thing) (?:that )?(?:really )?helped me\b"
            r"|\b(?:when|after|since) my \w+ (?:died|passed|left|was)\b"
            r"|\b(?:helped|worked for|got) me through\b|\bi know exactly (?:how|what)\b"
            r"|\bas someone who(?:'s| has| had)? (?:been|gone|felt|had|lost|struggled)"
            r"|\bas a \w+ myself\b|\bas a fellow \w+|\bi(?:'ve| have) been (?:exactly |just )?where"
            r" you are\b"
            r"|\b(?:share|tell|describe|mention|offer|invent|make up|bring up|use)\w*\s+"
            r"(?:them\s+)?"
            r"(?:a|an|your|one of your|some of your)\s+(?:own\s+)?(?:personal|life|similar"
            r"|own)\s+(?:story|stories|experience|experiences|struggle|struggles|memory"
            r"|memories|anecdote|anecdotes)"
            r"|\b(?:the supporter|supporters|the agent)\s+(?:\w+\s+){0,2}?(?:share|tell|describe"
            r"|mention|recount|talk about|bring up|draw on|disclose)\w*\s+(?:[\w'-]+\s+){0,4}?"
            r"(?:their|his|her|its) own\b"
            r"|\b(?:share|tell|describe|mention|recount|talk about|bring up|draw on|disclose)\w*"
            r"\s+(?:them\s+)?(?:[\w'-]+\s+){0,3}?your own (?:[\w'-]+\s+)?(?:divorce|breakup"
            r"|loss|grief|experiences?|story|stories|struggles?|depression|anxiety|past|life"
            r"|childhood|family|history|trauma|illness|recovery|feelings)"
            r"|\b(?:the supporter|supporters|the agent|you)\s+(?:\w+\s+){0,2}?(?:say|mention"
            r"|share|tell (?:them|the seeker)|admit|explain|claim|describe)\w*\s+(?:that\s+)?"
            r"(?:they|you|he|she)\s+(?:also |too |once |personally )?(?:went through|lost"
            r"|struggled|suffered|battled|survived|grew up|were (?:bullied|divorced|fired"
            r"|depressed|anxious|abused)|used to|had (?:a|an|the same)|have (?:been|gone|lost"
            r"|struggled|had|felt)|felt (?:the same|that|this))"
            r"|\b(?:share|tell|describe|mention|recount)\w*\s+(?:them\s+)?(?:how|what|when)\s+"
            r"(?:you|the supporter)\s+(?:got|went|felt|coped|lost|survived|dealt|handled"
            r"|overcame|struggled)"
        ),
        statement=True,
    ),
)
