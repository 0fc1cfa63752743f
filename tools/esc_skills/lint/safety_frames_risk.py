"""Frames of minimising risk; confrontation; claiming to be human (see safety_frames)."""

from __future__ import annotations

from esc_skills.lint.safety_frame import (
    CONFRONTATION,
    HUMAN,
    METHOD,
    MINIMISE,
    Frame,
    lazy,
)
from esc_skills.lint.safety_lexicon import (
    W,
)
from esc_skills.lint.safety_lexicon_risk import (
    ABUSE,
    CONFRONT,
    MIN_ACT,
    MIN_WORD,
    RISK,
)

RISK_FRAMES: tuple[Frame, ...] = (
    # -- minimising self-harm or risk -----------------------------------------------------
    Frame(
        MINIMISE,
        lazy(
            rf"\b{RISK}\s*(?:{W}\s+){{0,3}}?(?:is|are|'s|was|seems|sounds|looks|tends to be"
            rf"|tend to be|can be|usually is)\s+(?:(?:just|only|merely|simply|mostly|usually"
            rf"|probably|often|typically|basically|really|generally|likely|normally|quite|pretty"
            rf"|most often|in most cases|mainly)\s+)*{MIN_WORD}"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
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
        lazy(
            rf"\b{RISK}\s*(?:{W}\s+){{0,3}}?(?:aren't|isn't|are not|is not|ain't)\s+(?:really\s+)?"
            rf"(?:a (?:big )?(?:deal|concern|worry|problem)|serious|dangerous|a risk|worth)"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
            r"\b(?:just|only) (?:a )?(?:few )?(?:scratch(?:es)?|surface cuts?"
            r"|superficial cuts?|small cuts?|little cuts?)\b"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
            r"\b(?:they|he|she|the seeker|you|they're|he's|she's)\s*(?:'re|are|is|'s)?\s+"
            r"(?:\w+\s+)?(?:not (?:really|actually|truly|seriously) (?:suicidal|at risk|in danger"
            r"|going to (?:do|act))|(?:just|only|probably|usually|likely) (?:venting|being dramatic"
            r"|exaggerating|seeking attention|attention[- ]seeking|looking for attention"
            r"|overreacting|joking|blowing off steam|saying (?:it|that)))"
        ),
        cue=lazy(rf"\b{RISK}"),
    ),
    Frame(MINIMISE, lazy(rf"\b{MIN_ACT}\b"), cue=lazy(rf"\b{RISK}")),
    Frame(
        MINIMISE,
        lazy(
            r"\b(?:don't|do not|no need to|never|there's no need to|skip)\s+(?:bother\s+)?"
            r"(?:asking|checking|ask|check)\s+(?:about\s+|on\s+)?(?:their\s+)?(?:safety|risk"
            r"|suicid\w*|self-harm|whether they(?:'re| are) safe)"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
            r"\b(?:you|they|he|she)(?:'d| would| will|'ll)? never (?:actually |really )?(?:do it"
            r"|go through with it|act on it|hurt (?:yourself|themselves|himself|herself))"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
            rf"\b{RISK}\s+(?:is|are)\s+(?:just|only|merely|simply|nothing but)\s+a (?:way to cope"
            rf"|coping \w+|habit|release|phase)"
        ),
    ),
    Frame(
        MINIMISE,
        lazy(
            r"\b(?:you|they|he|she|people|it|that|this)\s+(?:don't|doesn't|do not|does not|didn't"
            r"|never)\s+(?:really |actually |truly |seriously |usually )?mean (?:it|that|what"
            r"|anything|much|a thing)"
        ),
        cue=lazy(rf"\b{RISK}"),
    ),
    Frame(
        MINIMISE,
        lazy(
            rf"\b(?:it|that|this|which)(?:'s| is| was)\s+(?:(?:just|only|really|usually|probably"
            rf"|totally|completely|perfectly|pretty|quite|all|so)\s+)*{MIN_WORD}"
        ),
        cue=lazy(rf"\b{RISK}"),
    ),
    Frame(
        MINIMISE,
        lazy(
            rf"\b(?:treat|see|view|regard|consider|dismiss|write off|frame|describe|think of"
            rf"|present|call)\w*\s+(?:{W}\s+){{0,2}}?{RISK}\s+(?:{W}\s+){{0,2}}?as\s+"
            rf"(?:(?:just|only|merely|simply|mostly|a|an|basically|nothing but)\s+)*{MIN_WORD}"
        ),
    ),
    # A method named with its lethality affirmed ("jumping from that height would be fatal").
    Frame(
        METHOD,
        lazy(
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
        lazy(
            r"\b(?:confront|face|stand up to|call out|meet|go back to|return to|reconcile with)"
            r"\w*\s+(?:their|your|the|his|her)\s+(?:abuser|attacker|rapist|assailant|perpetrator"
            r"|abusive (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|parent|father|mother"
            r"|ex))\b"
        ),
    ),
    Frame(CONFRONTATION, lazy(rf"\b{CONFRONT}"), cue=lazy(rf"\b{ABUSE}")),
    # -- claiming to be human, invented human experience ----------------------------------
    Frame(
        HUMAN,
        lazy(
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
        lazy(
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
        lazy(
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
        lazy(
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
        lazy(
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
