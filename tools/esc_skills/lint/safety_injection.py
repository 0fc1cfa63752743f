"""Prompt-injection wording (ESC501 ignore-instructions, ESC502 role-override, ESC503 hidden
HTML): the rules and their patterns, matched on folded, lower-cased text by rules_safety."""

from __future__ import annotations

import re

from esc_skills.lint.lazyre import LazyPattern
from esc_skills.lint.model import Severity, rule
from esc_skills.lint.safety_lexicon import W, alt

E = Severity.ERROR

IGNORE_INSTR = rule("ESC501", "ignore-instructions", E, "text telling the model to drop its rules")
ROLE_OVERRIDE = rule("ESC502", "role-override", E, "role markers, persona overrides, jailbreaks")
HTML_COMMENT = rule("ESC503", "hidden-html-comment", E, "HTML comments or hidden HTML elements")

_OVR_VERB = alt(
    r"ignor\w*",
    r"disregard\w*",
    r"forget\w*",
    r"overrid\w*",
    r"overrul\w*",
    r"bypass\w*",
    r"skip",
    r"drop",
    r"discard\w*",
    r"abandon\w*",
    r"set aside",
    r"put aside",
    r"cast aside",
    r"pay no (?:attention|heed|mind) to",
    r"(?:don't|do not|stop|no longer) (?:follow|obey"
    r"|apply|adhere to|comply with|listen to)\w*",
    r"throw (?:out|away)",
    r"eras\w*",
    r"delet\w*",
    r"wipe",
    r"clear",
    r"neglect",
    r"dismiss\w*",
    r"scrap",
    r"overlook",
    r"cancel\w*",
    r"nullify",
    r"void",
    r"invalidate",
    r"suspend",
    r"deactivate",
    r"disabl\w*",
    r"turn off",
    r"switch off",
    r"lift",
    r"remove",
    r"unlearn",
    r"reset",
    r"supersed\w*",
)
_OVR_MOD = alt(
    "previous",
    "prior",
    "above",
    "earlier",
    "preceding",
    "foregoing",
    "former",
    "original",
    "initial",
    "existing",
    "old",
    "other",
    "current",
    "default",
    "system",
    "safety",
    "developer",
    "built-in",
    "standard",
    "given",
    "aforementioned",
    "above-mentioned",
    "all",
    "any",
    "every",
    "each",
    "the",
    "your",
    "these",
    "those",
    "its",
    "of the",
    "of your",
    "my",
    "ethical",
    "content",
    "skill's",
    "earlier",
)
_OVR_NOUN = alt(
    r"instructions?",
    r"prompts?",
    r"rules?",
    r"guidelines?",
    r"directions?",
    r"directives?",
    r"constraints?",
    "guidance",
    r"polic(?:y|ies)",
    r"commands?",
    r"restrictions?",
    r"guardrails?",
    "programming",
    "training",
    r"filters?",
    r"limits?",
    r"limitations?",
    "boundaries",
    r"safeguards?",
    r"protocols?",
    "system prompt",
    "conditioning",
    "role",
    "persona",
    "identity",
    "purpose",
)
_BEFORE = alt(
    "above",
    "before",
    "so far",
    "previously",
    "earlier",
    r"(?:that )?you (?:were|have been"
    r"|'ve been) (?:told|given)",
    "that came before",
    r"(?:written|said|stated) (?:above"
    r"|before|earlier)",
    r"in this (?:skill|file|document|prompt)",
    "else",
    "until now",
    "up to now",
    "prior to this",
    r"of this (?:skill|file|document|prompt|page|text)",
)
VAGUE = IGNORE_INSTR + ":vague"
# Read only by the prefilter, which compiles the parts a text calls for: not compiled here.
INJECTION: dict[str, LazyPattern] = {
    # "Forget everything I said before" is ordinary speech from a seeker: this vague form
    # is read in guidance only, the forms naming instructions or rules everywhere.
    VAGUE: LazyPattern(
        rf"\b{_OVR_VERB}\s+(?:(?:all|any|of)\s+)?(?:everything|anything|all|what|whatever"
        rf"|the (?:text|content|rest)|it all)\s+(?:{W}\s+){{0,3}}?{_BEFORE}"
    ),
    IGNORE_INSTR: LazyPattern(
        rf"\b{_OVR_VERB}\s+(?:(?:{_OVR_MOD})\s+){{0,4}}{_OVR_NOUN}\b"
        r"|\b(?:everything|anything|all|whatever)\s+(?:(?:written|said|stated|given)\s+)?(?:above"
        r"|before|earlier|previously)\s+(?:is|are)\s+(?:now\s+)?(?:outdated|void|cancell?ed"
        r"|obsolete|invalid|irrelevant|superseded|wrong|null|no longer valid)"
        rf"|\b{_OVR_VERB}\s+(?:all\s+(?:of\s+)?)?(?:the|everything)\s+(?:above|foregoing"
        rf"|preceding)\b"
        rf"|\b(?:(?:{_OVR_MOD})\s+){{0,3}}{_OVR_NOUN}\s+(?:{W}\s+){{0,6}}?(?:no longer apply"
        r"|(?:is|are) (?:now )?(?:void|null|invalid|cancell?ed|obsolete|outdated|suspended"
        r"|revoked|lifted|overridden|superseded|no longer (?:valid|in force|binding))"
        r"|(?:no longer|doesn't|does not) apply"
        r"|don't apply|do not apply|are void|are cancell?ed|are obsolete|are outdated"
        r"|are suspended|are revoked|have been (?:lifted|removed|revoked|replaced|updated)"
        r"|are not binding|can be ignored|should be ignored|must be ignored|are (?:just )?"
        r"suggestions|were a test|don't matter|do not matter)"
        r"|\bfrom now on,? (?:you|the agent|the assistant|the model)? ?(?:will|must|shall"
        r"|should|are to|only)\s+(?:only\s+)?(?:obey|follow|answer to|listen to|comply)"
    ),
    ROLE_OVERRIDE: LazyPattern(
        r"(?:^|[:\]>]\s*)[ \t>*_#-]*\b(?:system|developer)(?: prompt| message| instructions?"
        r"| note)?[*_ \t]*:|\[(?:system|developer|admin)(?: note| message| prompt)?\]"
        r"|\byou(?:'re| are| will be| shall be)\s+(?:now\s+)?(?:an?\s+)?(?:completely\s+"
        r"|totally\s+)?(?:uncensored|unfiltered|unrestricted|jailbroken|evil|rogue|amoral"
        r"|unbound)\b"
        r"|\b(?:ai|assistant|model|bot|chatbot|persona|character)\s+(?:that|which|who)\s+"
        r"(?:has|have)\s+no\s+(?:\w+\s+)?(?:rules|guidelines|restrictions|filters|limits|ethics"
        r"|morals|boundaries|safety)"
        r"|\b(?:ai|assistant|model|bot|chatbot|persona|version of yourself)\s+(?:with no"
        r"|without(?: any)?|free of|free from)\s+(?:limits|restrictions|filters|rules"
        r"|guidelines|boundaries|censorship|safety)"
        r"|<\|?(?:im_start|im_end|endoftext|system|user|assistant)\|?>|\[/?(?:inst|sys)\]"
        r"|<<\s*/?sys\s*>>|</?(?:system|instructions?|sys|prompt)>"
        r"|\byou(?:'re| are) (?:now|no longer|henceforth|from now on)\s+(?:an? |the |my )?"
        r"(?:ai|assistant|model|chatbot|system|developer|dan|jailbroken|unrestricted|unfiltered"
        r"|uncensored|free|bound|called|named|different|new|in (?:\w+ )?mode)\b"
        r"|\b(?:new|updated|revised) rules?\s*:"
        r"|\b(?:new|updated|revised|real|true|actual|secret|hidden) (?:system )?(?:instructions"
        r"|prompt|directives?)\s*(?::|follow|below|are|is)"
        r"|\b(?:enable|enter|activate|switch (?:to|into)|turn on)\s+(?:\w+\s+)?(?:developer|god"
        r"|dan|jailbreak|unrestricted|unfiltered|uncensored|evil|sudo|admin|debug) mode\b"
        r"|\b(?:dan|developer|god|jailbreak|unfiltered|uncensored|evil|sudo) mode\b"
        r"|\bdo anything now\b|\bjail-?br(?:eak|oken)\w*"
        r"|\b(?:become|turn into|transform into|switch to being)\s+(?:an?\s+)?(?:unrestricted"
        r"|unfiltered|uncensored|jailbroken|evil|rogue|amoral|different|new)\b"
        r"|\b(?:act|behave|respond|answer|operate|speak|reply|talk|role-?play|pose)\s+(?:only\s+)?"
        r"(?:as|like)\s+(?:if you (?:were|are)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered"
        r"|uncensored|jailbroken|evil|rogue|different|new|another) (?:ai|assistant|model|bot"
        r"|persona|character|version)"
        r"|\b(?:pretend|imagine|suppose|assume) (?:that )?(?:you(?:'re| are| have)|you were)"
        r" (?:\w+ ){0,3}?(?:no (?:rules|restrictions|limits|filters|guidelines|boundaries|safety)"
        r"|unrestricted|unfiltered|uncensored|jailbroken|free (?:from|of)|not bound|without"
        r" (?:rules|restrictions|limits|filters))"
        r"|\b(?:without|with no|free (?:from|of)|no longer bound by|not bound by|unbound by)\s+"
        r"(?:any\s+)?(?:of\s+)?(?:your\s+|the\s+)?(?:restrictions|filters|guardrails|censorship"
        r"|content polic(?:y|ies)|safety (?:rules|guidelines|filters|policies)|ethical"
        r" (?:guidelines|constraints|rules))"
        r"|\byour (?:new|real|true) (?:role|persona|identity|name|purpose|instructions|task"
        r"|goal) (?:is|are|will be)\b"
        r"|\b(?:assume|adopt|take on|switch to|enter|activate)\s+(?:the\s+|a\s+|an\s+)?"
        r"(?:\w+\s+)?(?:persona|identity|alter ego)\b|\bstay in character\b",
        re.MULTILINE,
    ),
    HTML_COMMENT: LazyPattern(
        r"<!--|<[a-z][^>]*(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden"
        r"|font-size\s*:\s*0|opacity\s*:\s*0)"
    ),
}
