"""Word lists of the safety frames (matched on folded, lower-cased text): people, medication,
labels, secrecy and outcomes; help, method, risk and abuse words are in safety_lexicon_risk.

A frame is a shape of unsafe guidance, not a phrase: [advise verb] + [dose change] + [drug],
[promise] + [secrecy], [label subject] + [copula] + [condition], ... Each slot is a list of
synonyms, so rewordings of the same act land in the same frame. Some frames need a second
element in the same sentence: a risk cue for "move on", an abuse cue for "confront him",
an information verb not under a prohibition for "how many pills would be lethal".

The lists are regex fragments that the frames compose at import (string joins only; nothing
compiles until a rule needs it, and the .pyc keeps the strings), so they stay Python: a data
file would add a loader and a parse at every start for the same text.
"""

from __future__ import annotations


# fmt: off
def alt(*words: str) -> str:
    """A non-capturing alternation of regex fragments."""
    return "(?:" + "|".join(words) + ")"


W = r"[\w'-]+"


OBJ_PRON = r"(?:them|him|her|you|the seeker|the person|the user|everyone)"
PERSON = alt(
    r"teen(?:ager)?s?", "toddler", "baby", "student", "pupil", r"neighbou?r", "housemate",
    "carer", r"step(?:dad|mum|mom|father|mother)", "grandma", "grandpa", r"grandparents?",
    "uncle", "aunt", "cousin", "nephew", "niece", "coach", "supervisor", "landlord", "partner",
    "boyfriend", "girlfriend", "husband", "wife", "spouse", "ex", "mother", "mum", "mom",
    "father", "dad", "parents?", "sister", "brother", "siblings?", "son", "daughter", "child",
    "kids?", "boss", "manager", "colleague", "co-?worker", "friend", "roommate", "flatmate",
    "teacher", "in-laws?", "mother-in-law", "family", "fianc[eé]e?",
)
POSS = r"(?:your|their|his|her|my|the seeker's|the)"

# -- medication and alcohol ------------------------------------------------------------
DRUG = alt(
    r"medications?", r"medicines?", "meds", r"drugs?", r"pills?", r"tablets?", r"capsules?",
    r"doses?", r"dosages?", r"prescriptions?", r"anti-?depressants?", r"ssris?", r"snris?",
    r"benzos?", r"benzodiazepines?", r"sleeping pills?", r"sleep(?:ing)? aids?", r"sedatives?",
    r"tranquill?i[sz]ers?", r"mood stabili[sz]ers?", r"anti-?psychotics?", r"stimulants?",
    r"pain ?killers?", r"opioids?", r"opiates?", r"sleepers", "downers", "uppers",
    "ibuprofen", "paracetamol", "acetaminophen",
    "tylenol", "advil", "aspirin", "codeine", "tramadol", "oxycodone", "diazepam", "lorazepam",
    "alprazolam", "clonazepam", "zolpidem", "ambien", "xanax", "valium", "ativan", "klonopin",
    "sertraline", "zoloft", "fluoxetine", "prozac", "citalopram", "escitalopram", "lexapro",
    "paroxetine", "venlafaxine", "effexor", "mirtazapine", "bupropion", "wellbutrin",
    "quetiapine", "seroquel", "lithium", "lamotrigine", "adderall", "ritalin", "melatonin",
    r"anti-?histamines?", "benadryl", "diphenhydramine", "nyquil", "zzzquil", "unisom",
    r"st\.? john'?s wort", "cbd", r"edibles?", "weed", "cannabis", "ketamine", "propranolol",
    r"beta[- ]blockers?", r"gumm(?:y|ies)", r"sleep meds",
)
ALCOHOL = alt(
    r"(?:a |an |some |another |a few |a couple of |one |two |a stiff |a strong )?(?:drinks?",
    r"glass(?:es)? of (?:wine|whisk(?:e)?y|beer|something)", r"beers?", "wine", r"whisk(?:e)?y",
    "vodka", r"shots?", "alcohol", "booze", "nightcap", r"pints?", "rum", "gin", "spirits)",
)
QUANT = alt(
    "a", "an", "the", "their", "your", "his", "her", "my", "some", "any", "more", "extra",
    "another", "one", "two", "three", "four", "five", "double", "twice", "half", "few", "couple",
    "of", "higher", "lower", "bigger", "smaller", "larger", "full", "whole", "second", "third",
    "additional", "next", "usual", "regular", "daily", "nightly", "prescribed", "night-time",
    "morning", "evening", "stronger", "strong", "otc", "over-the-counter", "herbal", "natural",
    "someone else's", "a friend's", "friend's", "leftover", "old", "dose of", "doses of",
    "amount of", "on", "off", "taking", "little", "bit", "notch", "level", "mg of", "lot of",
    "handful of", "these", "those", "them",
)
DOSE_VERB = alt(
    r"tak(?:e|es|ing)", r"up(?:s|ping)?", r"increas(?:e|es|ing)", r"rais(?:e|es|ing)",
    r"bump(?:s|ing)? up", r"boost(?:s|ing)?", r"doubl(?:e|es|ing)", r"tripl(?:e|es|ing)",
    r"halv(?:e|es|ing)", r"cut(?:s|ting)?(?: back on| down on| down)?", r"reduc(?:e|es|ing)",
    r"lower(?:s|ing)?", r"decreas(?:e|es|ing)", r"drop(?:s|ping)?", r"skip(?:s|ping)?",
    r"miss(?:es|ing)?", r"stop(?:s|ping)?", r"quit(?:s|ting)?", r"com(?:e|es|ing) off",
    r"go(?:es|ing)? off", r"get(?:s|ting)? off", r"wean(?:s|ing)? (?:\w+ )?off",
    r"taper(?:s|ing)?", r"start(?:s|ing)?(?: on)?", r"try(?:ing)?", r"tries",
    r"switch(?:es|ing)?", r"swap(?:s|ping)?", r"chang(?:e|es|ing)", r"adjust(?:s|ing)?",
    r"tweak(?:s|ing)?", r"add(?:s|ing)?", r"combin(?:e|es|ing)", r"mix(?:es|ing)?",
    r"stack(?:s|ing)?", r"pop(?:s|ping)?", r"swallow(?:s|ing)?", r"crush(?:es|ing)?",
    r"chas(?:e|es|ing)", r"wash(?:es|ing)? down", r"eas(?:e|es|ing) off", r"ditch(?:es|ing)?",
    r"crank(?:s|ing)? up", r"top(?:s|ping)? up", r"borrow(?:s|ing)?", r"shar(?:e|es|ing)",
    r"us(?:e|es|ing)", r"recommend(?:s|ing)?", r"suggest(?:s|ing)?", r"advis(?:e|es|ing)",
    r"push(?:es|ing)?", r"buy(?:s|ing)?", r"grab(?:s|bing)?", r"pick(?:s|ing)? up",
    r"get(?:s|ting)? (?:some|hold of)", r"self-medicat(?:e|es|ing) with",
    r"hav(?:e|ing) (?:a|an|another|some|more|extra)", r"knock(?:s|ing)? back",
    r"load(?:s|ing)? up on", r"stock(?:s|ing)? up on",
)
DOSE_TAIL = alt(
    r"instead of (?:one|the one|their usual|the usual|a single)", "rather than one",
    r"than (?:prescribed|usual|normal|recommended|the label says|their doctor said)", "at once",
    "on top", "if (?:the first|one) (?:doesn't|does not|isn't)", r"tonight",
    r"to (?:sleep|knock (?:them|you)|calm|take the edge)",
)
UNIT = r"(?:mg|milligrams?|mcg|micrograms?|ml|millilit(?:er|re)s?|iu|grams? of)"
HELPS = alt(
    r"(?:will|would|could|can|might|should|usually|really|always|often)?\s*(?:help|helps|work"
    r"|works|fix|fixes|sort|sorts|knock|knocks|calm|calms|settle|settles|take the edge off"
    r"|takes the edge off|do the trick|does the trick|won't hurt|can't hurt|doesn't hurt"
    r"|never hurt(?:s)?(?: anyone)?|does no harm|won't do (?:any )?harm"
    r"|is (?:fine|safe|harmless|okay|ok)|are (?:fine|safe|harmless|okay|ok))",
)

# -- diagnosis and labels ----------------------------------------------------------------
CONDITION = alt(
    r"(?:clinical(?:ly)? |major |severe |chronic |postnatal |postpartum )?depress(?:ed|ion)",
    r"bipolar(?: disorder)?", "manic", "mania", r"borderline(?: personality)?(?: disorder)?",
    "bpd", r"c?-?ptsd", "adhd", "ocd", r"obsessive[- ]compulsive(?: disorder)?",
    r"(?:\w+ )?personality disorder", r"(?:(?:generali[sz]ed|social) )?anxiety disorder",
    r"(?:panic|eating|mood|attachment|stress|conduct|dissociative|adjustment) disorder",
    r"(?:an? )?(?:mental )?disorder", r"schizophreni\w*", "psychotic", "psychosis", r"paranoi\w*",
    r"narcissis\w*", r"sociopath\w*", r"psychopath\w*", r"autis\w*", "on the spectrum",
    r"anorexi\w*", r"bulimi\w*", r"agoraphobi\w*", r"hypochondria\w*", r"codependen\w*",
    "alcoholic", r"(?:an? )?(?:\w+ )?addict", "addicted", r"(?:an? )?addiction", "mentally ill",
    r"(?:a )?mental illness", r"traumati[sz]ed", r"trauma[- ]bond\w*", r"burn-?out", "insomnia",
    r"(?:an? )?avoidant(?: attachment)?", "anxious attachment", "gaslighter",
    "emotionally unstable", "hysterical", "manic depressive", "seasonal affective disorder",
)
LABEL_SUBJ = alt(
    "you", "you're", "they", "they're", "he", "he's", "she", "she's", "it", "it's", "this",
    "that", "that's", "these", "those", "what you(?:'re)? describ\\w+",
    "what they(?:'re)? describ\\w+", rf"{POSS} (?:{W} )?{PERSON}",
    rf"{POSS} (?:{W} )?(?:behaviou?rs?|symptoms|reactions?|moods?|thoughts|habits|patterns?)",
    rf"{POSS} (?:{W} )?{PERSON}'s (?:behaviou?rs?|symptoms|reactions?|moods?|habits|patterns?)",
    "the seeker", "the person", "this person", "someone like (?:you|them)",
)
COPULA = alt(
    "'re", "'s", "are", "is", "was", "were", r"seems?(?: to (?:be|have))?", r"sounds?(?: like)?",
    r"looks?(?: like)?", r"appears? to (?:be|have)", "have", "has", "'ve got", "has got",
    "have got", r"suffers? from", r"(?:are|is) suffering from",
    r"(?:are|is) (?:showing|displaying) (?:\w+ ){0,2}(?:signs?|symptoms?|traits) of",
    r"shows? (?:\w+ ){0,2}(?:signs?|symptoms?|traits|hallmarks) of",
    r"(?:is|are|sounds?|seems?) (?:so |very |really )?(?:typical|characteristic|classic|textbook)"
    r" of", r"(?:has|have) (?:\w+ ){0,2}(?:signs?|symptoms?|traits) of",
    r"(?:are|is) dealing with", r"meets? the criteria for", r"fits? the profile of",
    r"(?:must|might|may|could|would) (?:be|have)", r"(?:has|have) (?:all )?the hallmarks of",
)
LABEL_ADV = alt(
    "usually", "often", "typically", "generally", "mostly",
    r"(?:sign|symptom|example|case|hallmark) of",
    r"a (?:touch|bit|form|type|kind|case) of",
    "some kind of",
    "some form of",
    r"(?:a )?mild",
    "clearly", "obviously", "definitely",
    "probably", "likely", "really", "basically", "actually", "certainly", "just", "classic",
    "textbook", "full-blown", "a bit", "kind of", "sort of", "quite", "very", "so", "severely",
    "clinically", "suffering from", "signs of", "symptoms of", "a case of", "a classic case of",
    "an example of", "a", "an", "like", "typical", "showing", "some", "mildly", "deeply",
    "a little",
)

# -- secrecy -----------------------------------------------------------------------------
SECRET = alt(
    r"(?:a |our |your |their |the )?(?:little )?secret",
    "confidential",
    "private",
    r"(?:just |only )?between (?:you and me|the two of (?:us|you)|ourselves|you two|us two"
    r"|(?:you|us)(?: (?:two|both|and (?:them|him|her|the seeker)))?\b)",
    "off the record",
    r"in (?:total |complete |strict |absolute |full )?confidence",
    r"(?:safe|secure) with (?:me|us|you)\b",
    "under wraps",
    "under lock and key",
    "locked away",
    r"(?:here|in this (?:chat|conversation|room|space))(?= *(?:$|[.,;!]|and|forever|always))",
    "to (?:yourself|ourselves)",
    r"(?:completely |totally )?anonymous",
    "untraceable",
    r"any ?further", "anywhere else", r"beyond (?:this|me|us|here)",
    "no further",
    "nowhere",
)
PROMISE = alt(
    r"promis\w*", r"guarantee\w*", r"assur\w*", r"swear\w*", r"pledg\w*", r"vow\w*",
    r"reassur\w*", r"tell\w*", r"let (?:them|him|her|the seeker) know", r"say\w*", r"confirm\w*",
    r"commit\w*", r"give (?:them |him |her )?(?:your|my) word",
)
SHARE_VERB = alt(
    "say", "says", "share", "shares", "tell", "tells", "disclose", "discloses", "write", "writes",
    "type", "types", "confide", "confides", "reveal", "reveals", "admit", "admits", "tell me",
    "tell you", "share with me", "share with you",
    r"(?:gets?|is|are|was|were) (?:said|shared|told|written|disclosed|typed)",
)
# What a refusal to give harmful information is about: "if they ask how to hurt themselves,
# say you will not share that" withholds method details, it does not promise secrecy.
HARM_INFO = alt(
    r"how (?:to|they (?:could|can|might|would|should)|you (?:could|can|would)|someone (?:could"
    r"|can|would)|one (?:could|can|would)) (?:[\w'-]+ ){0,2}?(?:hurt|harm|injure|kill|end|cut"
    r"|burn|overdose|od|die|poison|hang|starve|take (?:their|your|his|her|my) (?:own )?life)",
    r"(?:suicide |self-harm |overdose )?methods?", r"lethal\w*", "fatal", r"overdos\w*",
    r"(?:ways?|means) (?:to|of) (?:hurt|harm|kill|end|die|dying|suicide|self-harm|overdos)",
    r"how (?:many|much) (?:[\w'-]+ ){0,2}?(?:pills|tablets|it takes|would|is too)",
    r"(?:doses?|dosages?|amounts?) (?:that|which|it takes|would|to)",
    r"instructions? (?:for|on|to) (?:hurt|harm|self-harm|suicide|kill|overdos|cut)\w*",
)
KEEP_VERB = alt(
    r"stays?", r"remains?", r"will (?:stay|remain|be|be kept)", "is", "are", "is kept",
    "can stay", "goes", "will go", "won't go", "never goes", "never leaves", "won't leave",
    "is safe", "stays safe", r"(?:will )?never leaves?", r"(?:is|are) going to (?:stay|remain)",
)

# -- outcomes ----------------------------------------------------------------------------
FUTURE = alt(
    "'ll", "will", "is going to", "are going to", "'s going to", "'re going to", "am going to",
    "gonna", "is gonna", "are gonna", "shall", "are bound to", "is bound to", "are sure to",
    "is sure to", "is certain to", "are certain to",
)
OUT_SUBJ = alt(
    "it",
    "everything",
    "things",
    "this",
    "that",
    "you",
    "they",
    "he",
    "she",
    "we",
    "all of (?:this|it)",
    r"the worst(?: of it)?",
    "the hard part",
    r"this (?:phase|stage|feeling|pain)",
    "it all",
    "life",
    "the pain",
    "the hurt",
    r"the (?:sadness|grief|anxiety|fear|panic|feelings?|depression|loneliness|urges?"
    r"|heartbreak|worry|stress|relationship|marriage|situation|problem|results?|exam"
    r"|panic attacks|attacks|nightmares|flashbacks|cravings|symptoms|thoughts|low mood"
    r"|interview|test|outcome|treatment|therapy|medication)",
    rf"{POSS} (?:{W} )?(?:life|mood|relationship|marriage|situation|problems?|pain|grief"
    r"|anxiety|depression|family|partner|ex|grades|job|future|heart|results?|exam|health"
    r"|sleep|panic|worry|worries|feelings?)",
)
OUT_ADV = alt(
    "definitely", "surely", "certainly", "absolutely", "totally", "100%", "soon", "quickly",
    "for sure", "completely", "eventually", "all", "really", "always", "fully", "so much", "much",
    "be",
)
OUTCOME_GOOD = alt(
    r"be (?:(?:just |completely |totally |perfectly |all )?(?:fine|okay|ok|alright|all right"
    r"|better|great|good|well|happy|normal|back to normal|over|gone|fixed|sorted|healed"
    r"|cured|resolved|solved|perfect|back together|yourself again|themselves again|over it"
    r"|behind (?:you|them|us)))",
    r"(?:get|feel|be)\s+(?:(?:just|completely|totally|perfectly|all|so much|much|a lot"
    r"|absolutely|fully|100%|back)\s+)*(?:better|easier|lighter|brighter|fine|okay|ok|normal"
    r"|great|happy|good|well"
    r"|yourself|themselves|alright|all right)",
    "improve",
    r"lift",
    r"clear(?: up)?",
    "settle down",
    "calm down",
    r"be (?:over|gone|a distant memory)",
    "work out",
    "turn out (?:fine|well|okay|great|right|for the best)",
    r"pass(?! on)",
    "go away",
    "fade",
    "disappear",
    "heal",
    "recover",
    "come back",
    "get back together",
    r"forgive (?:you|them)",
    "succeed",
    r"(?:ace|nail) (?:it|the|your|their)",
    r"get (?:the job|in|over (?:it|this|them|him|her))",
    r"find someone (?:better|new|else)",
    r"never (?:feel|be) (?:this way|like this|alone|sad)",
    r"feel (?:fine|normal|happy|like yourself|like themselves)(?: again)?",
    r"get through this",
    r"survive(?: this| it)?", "pull through", "be saved",
    r"have (?:forgotten|moved on|got over|gotten over)",
    r"forget (?:all )?about (?:him|her|them|it)",
    "move on",
    "bounce back",
    r"come (?:round|around)",
    r"change (?:their|his|her) minds?",
    r"stop(?! \w+ing)",
    "end",
    r"settle(?: down)?",
    r"sort (?:it|itself|themselves) out",
    r"fix (?:it|this|everything|itself)",
    r"make (?:it|things|everything) (?:right|better)",
)
PROBLEM_SUBJ = (
    r"(?:(?:the|your|their|his|her)\s+(?:sadness|grief|anxiety|fear|panic|feelings?|depression"
    r"|loneliness|urges?|heartbreak|worry|stress|pain|hurt|low mood|insomnia|symptoms"
    r"|attacks|nightmares|flashbacks|cravings))"
)
TIMELINE = (
    r"(?:in|within|by|after|over)\s+(?:a|an|one|two|three|a few|a couple of|\d+|next|the next"
    r"|the end of|no time)\s*(?:days?|weeks?|months?|years?|time|tomorrow|morning|monday"
    r"|friday|weekend|spring|summer|christmas|easter|new year|the holidays|next year"
    r"|the end of the (?:month|year|term))?"
)

# fmt: on
