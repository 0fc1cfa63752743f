"""Frames of secrecy and outcome promises (see safety_frames)."""

from __future__ import annotations

from esc_skills.lint.safety_frame import (
    CONFIDENTIAL,
    OUTCOME,
    TO_OBJ,
    Frame,
    lazy,
)
from esc_skills.lint.safety_lexicon import (
    FUTURE,
    HARM_INFO,
    KEEP_VERB,
    OUT_ADV,
    OUT_SUBJ,
    OUTCOME_GOOD,
    PERSON,
    POSS,
    PROBLEM_SUBJ,
    PROMISE,
    SECRET,
    SHARE_VERB,
    TIMELINE,
    W,
)

PROMISE_FRAMES: tuple[Frame, ...] = (
    # -- secrecy ------------------------------------------------------------------------
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b{PROMISE}\s+{TO_OBJ}(?:(?:this|it|everything|anything|whatever {W} {SHARE_VERB}"
            rf"(?: here)?|what {W} {SHARE_VERB}|their (?:secret|story|disclosure|words)"
            rf"|the conversation|this (?:conversation|chat)|all of (?:this|it)|nothing"
            rf"|none of (?:this|it))\s+)?(?:(?:will|would|is going to|'ll|can|shall|always"
            rf"|definitely|absolutely|totally|completely|strictly|100%|stay|stays|remain"
            rf"|remains|be|is|kept|goes|go|be kept|never leaves?|never goes?)\s+)+{SECRET}"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b(?:whatever|what|anything|everything|all)\s+(?:(?:they|you|the seeker|he|she)"
            rf"\s+)?{SHARE_VERB}[,\s]+(?:{W}[,\s]+){{0,3}}?{KEEP_VERB}\s+(?:{W}\s+){{0,2}}?"
            rf"(?:here|{SECRET}|with me|between)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b(?:this|it|everything|that|(?:your|their|the) (?:secrets?|disclosure|story|words"
            rf"|messages?|confession)|(?:this|the|our)"
            rf" (?:conversation|chat|talk)s?|what (?:you|they) (?:say|share|tell me)|all of this"
            rf"|none of this|it all)\s+(?:{W}\s+)?{KEEP_VERB}\s+(?:just |strictly |completely"
            rf" |totally |100% |only |entirely |absolutely |right )*(?:{SECRET}|here\b)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            r"\b(?:i|we|you)\s*(?:won't|will not|will never|'ll never|would never|never|promise"
            r" not to|promise never to|are not going to|'re not going to|am not going to"
            r"|'m not going to|wouldn't)\s+(?:ever\s+)?(?:tell|share|report|repeat|pass (?:\w+ )?on"
            r"|disclose|reveal|breathe a word|let anyone know|inform (?:anyone|anybody|someone"
            r"|their|the))\b"
        ),
        # "If they ask how to hurt themselves, say you will not share that": withholding
        # method details, not keeping the seeker's words secret.
        unless=lazy(rf"\b{HARM_INFO}"),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            r"\b(?:no one|nobody|no-one|noone|not a soul)\s+(?:else\s+)?(?:will|would|is going to"
            r"|needs to|has to|must|should|ever|can|could|'ll)\s+(?:ever\s+)?(?:know|find out"
            r"|hear|see|learn|be told|read)\b"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b(?:keep|keeping|hold|holding|lock|locking)\s+(?:it|this|that|everything"
            rf"|(?:their|the|his|her) (?:{W}\s+)?(?:secrets?|plans?|story|disclosure|words"
            rf"|thoughts|feelings|messages|intentions|self-harm|drinking|cutting)"
            rf"|(?:their|the) secrets?|what (?:they|you) (?:say|share|said|shared|tell you"
            rf"|told you)|anything (?:they|you) (?:say|share))\s+(?:{SECRET}|quiet|to yourself"
            rf"|under wraps|from (?:everyone|anyone|their (?:family|parents|school|doctor"
            rf"|therapist)|the police|the authorities))"
        ),
    ),
    Frame(CONFIDENTIAL, lazy(r"\bour (?:little )?secret\b|\boff the record\b")),
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b(?:{POSS} (?:{W} )?{PERSON}|(?:the )?police|(?:the |their )?school|anyone|anybody"
            rf"|no one|nobody)\s+(?:will|would|'ll|is going to|are going to)\s+never\s+(?:hear"
            rf"|know|find out|learn|be told)\b"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
            rf"\b(?:nothing|none of (?:it|this|that))\s+(?:{W}\s+){{0,2}}?(?:leaves|goes beyond"
            rf"|gets out of|is shared|is passed on|is reported|is repeated|goes (?:any )?further)"
        ),
    ),
    Frame(
        CONFIDENTIAL,
        lazy(
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
        lazy(
            rf"\b{OUT_SUBJ}\s*(?:(?:{W}\s+){{1,4}}?and\s+)?{FUTURE}\s+(?:(?:{OUT_ADV})\s+)*"
            rf"{OUTCOME_GOOD}\b"
        ),
        statement=True,
    ),
    Frame(
        OUTCOME,
        lazy(
            rf"\b(?:promis|guarantee|assur|swear|vow|pledg)\w*\s+{TO_OBJ}{OUT_SUBJ}\s*"
            rf"(?:{FUTURE}|can|will)\s+{W}"
        ),
    ),
    Frame(OUTCOME, lazy(r"\bi (?:promise|guarantee|swear)\b(?! not| never)")),
    Frame(
        OUTCOME,
        lazy(
            r"\bnothing (?:bad|terrible|awful|worse|else bad) (?:is going to|will|'s going to"
            r"|can|could|would) (?:ever )?(?:happen|go wrong)"
        ),
    ),
    Frame(
        OUTCOME,
        lazy(rf"\b{TIMELINE},?\s+(?:{W}\s+){{1,4}}?{FUTURE}\s+(?:{W}\s+)?{OUTCOME_GOOD}"),
        statement=True,
    ),
    Frame(
        OUTCOME,
        lazy(
            r"\b(?:things|it|everything|it all|life)\s+(?:always|will always|usually|eventually"
            r"|always seems? to)\s+(?:works? out|turns? out (?:fine|okay|well|for the best)"
            r"|gets? better|sorts? (?:itself|themselves) out|falls? into place)"
        ),
        statement=True,
    ),
    Frame(
        OUTCOME,
        lazy(
            rf"\b(?:promis|guarantee|assur|swear|vow|pledg)\w*\s+{TO_OBJ}(?!(?:you|i|we)\b)"
            rf"(?:{W}\s+){{1,4}}?{FUTURE}\s+(?:{W}\s+)?{OUTCOME_GOOD}"
        ),
    ),
    Frame(
        OUTCOME,
        lazy(
            r"\b(?:guaranteed|certain|sure|bound|promised) to (?:work|help|fix|improve|feel better"
            r"|get better|pass|succeed|make (?:it|things|you|them) better|cure|heal)"
        ),
    ),
    Frame(
        OUTCOME,
        lazy(
            rf"\b(?:will|'ll|is going to|are going to)\s+(?:{W}\s+)?(?:fix|cure|solve|end|heal"
            rf"|resolve|get rid of|eliminate|erase)\s+(?:it|this|that|everything|your|their|the)"
            rf"\b"
        ),
    ),
    Frame(
        OUTCOME,
        lazy(rf"\b(?:you|they|he|she)(?:'ll| will) (?:{W}\s+)?(?:be|feel)\s+(?:{W}\s+)?{TIMELINE}"),
        statement=True,
    ),
    Frame(
        OUTCOME,
        lazy(rf"\b{PROBLEM_SUBJ}\s*{FUTURE}\s+(?:{W}\s+){{0,3}}?{TIMELINE}"),
        statement=True,
    ),
)
