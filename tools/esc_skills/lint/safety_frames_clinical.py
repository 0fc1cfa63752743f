"""Frames of medication, dosing and alcohol; diagnosis and labels (see safety_frames)."""

from __future__ import annotations

from esc_skills.lint.safety_frame import (
    DIAGNOSE,
    MEDICATION,
    QTY,
    B,
    Frame,
    lazy,
)
from esc_skills.lint.safety_lexicon import (
    ALCOHOL,
    CONDITION,
    COPULA,
    DOSE_TAIL,
    DOSE_VERB,
    DRUG,
    HELPS,
    LABEL_ADV,
    LABEL_SUBJ,
    UNIT,
    W,
)

CLINICAL_FRAMES: tuple[Frame, ...] = (
    # -- medication, dosing, alcohol ----------------------------------------------------
    Frame(
        MEDICATION, lazy(rf"{B}{DOSE_VERB}\s+{QTY}{DRUG}\b"), advisory=True, professional_ok=True
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}(?:take|have|pop|swallow|use|try)\s+(?:an extra|another|one more|two|three"
            rf"|four|a second|a third|double|twice|extra|more|several|a few more|a couple"
            rf"(?: more| extra)?)\b(?:\s+{W}){{0,2}}\s+{DOSE_TAIL}"
        ),
        advisory=True,
    ),
    Frame(MEDICATION, lazy(rf"{B}\d+(?:\.\d+)?\s?{UNIT}(?!\w)"), professional_ok=True),
    Frame(MEDICATION, lazy(rf"{B}prescrib(?:e|es|ing)\b"), professional_ok=True),
    Frame(MEDICATION, lazy(r"\bcold turkey\b"), advisory=True),
    Frame(
        MEDICATION,
        lazy(
            rf"\b(?:recommend|suggest|advis|propos|nudg|point|steer|direct|guid|encourag|urg"
            rf"|push)\w*\s+(?:(?:them|him|her|the seeker|you)\s+)?(?:(?:towards?|to|into|onto|on"
            rf"|at)\s+)?(?:(?:try(?:ing)?|tak(?:e|ing)|us(?:e|ing)|get(?:ting)?|buy(?:ing)?|some"
            rf"|more)\s+)*{QTY}{DRUG}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"\b(?:missed|skipped|extra|double|doubled|higher|bigger|second|halved|stronger)"
            rf"\s+(?:doses?|pills?|tablets?|{DRUG})\s+(?:{W}\s+){{0,4}}?(?:is|are|won't|will not"
            rf"|doesn't|does not|isn't|aren't|never)\s+(?:(?:a|any|really|usually|such a|big"
            rf"|going to)\s+)*(?:no problem|not a problem|fine|okay|ok|harmless|a big deal|matter"
            rf"|hurt|an issue|no big deal|dangerous)"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}(?:bump|crank|top|push|turn|dial|knock|ramp|cut|ease|wean|step)\w*\s+{QTY}{DRUG}"
            rf"\s+(?:up|down|back|off)\b"
        ),
        advisory=True,
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}(?:{DRUG}|an? (?:extra|additional|second|spare) (?:{W}\s+)?(?:one|pill|tablet"
            rf"|dose|{DRUG})|a (?:double|higher|bigger) dose"
            rf"|one more|another one|a couple more)\s+(?:{W}\s+){{0,3}}?{HELPS}\b"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}{ALCOHOL}\s+(?:{W}\s+)?(?:to|will|can|could|might|should|would|helps?|'ll"
            rf"|usually|really|always)\s+(?:{W}\s+)?(?:calm|relax|settle|help|take the edge"
            rf"|unwind|sleep|numb|soothe|loosen|cope|forget|feel better|ease|steady|knock"
            rf"|switch off|wind down|get through)"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}{ALCOHOL}\s+(?:with|and|on top of|alongside|plus|after)\s+{QTY}{DRUG}\b"
            rf"|\b{DRUG}\s+(?:with|and|on top of|alongside|plus|washed down with)\s+{ALCOHOL}"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"{B}(?:drinking|alcohol|a drink|a few drinks|drinks|wine|beer|a glass of wine"
            rf"|a nightcap)\s+(?:{W}\s+){{0,2}}(?:is fine|is okay|is ok|helps|will help"
            rf"|won't hurt|takes the edge|is a good way|is harmless|can help|is safe"
            rf"|isn't a problem|is not a problem|is a (?:good|fine|healthy) way)"
        ),
    ),
    Frame(MEDICATION, lazy(rf"{B}drink (?:it|this|the pain|the feelings?|them) away\b")),
    Frame(
        MEDICATION,
        lazy(
            rf"\b(?:a (?:little|bit|touch) (?:extra|more)|extra|more|another|a double|a higher"
            rf"|a bigger)\s+(?:of\s+)?(?:{W}\s+){{0,3}}?{DRUG}\s+(?:{W}\s+){{0,4}}?(?:is|are"
            rf"|would be|will be)\s+(?:totally |perfectly |completely |probably |usually )?(?:fine"
            rf"|ok|okay|safe|alright|harmless)"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            r"\b(?:have|grab|pour|get|try|take|down|knock back|drink)\s+(?:yourself |themselves )?"
            r"(?:a |some |another |a few |a couple(?: of)? |one |two |a stiff |a strong )?"
            r"(?:drinks?|beers?|glass(?:es)? of \w+|shots?|wine|whisk(?:e)?y|vodka|nightcap)\b"
        ),
        cue=lazy(
            r"\b(?:help|calm|relax|forget|numb|sleep|cope|unwind|settle|edge|nerves|feel better"
            r"|get through|switch off)"
        ),
    ),
    Frame(
        MEDICATION,
        lazy(
            rf"\b(?:two|three|\d+|a couple|another one|an extra one|more|double|twice that)\s+"
            rf"(?:{W}\s+)?(?:is|are|would be|will be|should be)\s+(?:totally |perfectly |probably"
            rf" )?(?:fine|ok|okay|safe|alright|harmless)"
        ),
        cue=lazy(rf"\b(?:{DRUG}|prescri\w*|dose|doctor)"),
    ),
    # -- diagnosis and labels -------------------------------------------------------------
    Frame(DIAGNOSE, lazy(r"(?<![\w-])diagnos(?:e|es|ing)\b"), professional_ok=True),
    Frame(
        DIAGNOSE,
        lazy(
            r"\b(?:give|offer|make|provide|suggest|share|reach|deliver|hand|put forward)\w*\s+"
            r"(?:them |the seeker |him |her )?(?:a |an |your |their |my )?(?:\w+ )?diagnos[ie]s\b"
        ),
    ),
    Frame(
        DIAGNOSE,
        lazy(
            rf"{B}{LABEL_SUBJ}\s*(?:(?:probably|clearly|obviously|definitely|likely|really"
            rf"|actually|certainly|basically|just|all|both)\s+){{0,2}}{COPULA}\s+"
            rf"(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        DIAGNOSE,
        lazy(
            rf"\b(?:that's|it's|this is|that is|these are|those are|he's|she's|they're|you're"
            rf"|you are|they are|he is|she is|{LABEL_SUBJ}\s+(?:is|are))\s+(?:{W},?\s+(?:and|or"
            rf"|but)\s+)?(?:(?:{LABEL_ADV})\s+){{0,4}}{CONDITION}\b"
        ),
        advisory=True,
        professional_ok=True,
    ),
    Frame(
        DIAGNOSE,
        lazy(
            rf"\b(?:sounds?|seems?|looks?|appears?)\s+(?:like|as if|as though|to me like)\s+"
            rf"(?:{LABEL_SUBJ}\s*{COPULA}\s+)?(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
        ),
    ),
    Frame(
        DIAGNOSE,
        lazy(
            rf"\b(?:label|call|name|identify|brand|classify|diagnose|describe)\w*\s+(?:them|him"
            rf"|her|the seeker|it|this|that|the behaviou?r|the person|(?:their|your|his|her)"
            rf" {W})\s+(?:as\s+)?(?:(?:{LABEL_ADV})\s+){{0,3}}{CONDITION}\b"
            r"|\blabel\w*\s+(?:the seeker|them|their (?:condition|feelings|problem|state))\b"
        ),
    ),
)
