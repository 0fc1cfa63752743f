"""Plain-language cue lexicon for routing, keyed by taxonomy label ids.

``schema/taxonomy.yaml`` carries a few cue phrases per label, written for annotating support
dialogues. Seekers say the same things in many more words ("midterm", "my GPA", "my manager
keeps moving deadlines"), so this adds everyday synonyms per label. Phrases are matched on Porter
stems, so one form covers its inflections ("exam" also matches "exams"); a phrase written
"=word" matches that exact word only ("=died" is not "die of embarrassment"). A skill reaches these
cues through its own ``esc-scenarios`` / ``esc-seeker-states`` metadata, so any bank that uses
the taxonomy benefits, not only this one. Crisis is not here: the risk detector
(``esc_skills.agent.risk``) decides it, and a risk hit also counts as a match of the
``crisis-and-self-harm`` label for skills that list it beside the crisis skill.
"""

from __future__ import annotations

# fmt: off
SCENARIO_CUES: dict[str, tuple[str, ...]] = {
    "work-stress": (
        "work", "job", "boss", "manager", "supervisor at work", "coworker", "co-worker",
        "colleague", "office", "shift", "double shift", "overtime", "deadline", "promotion",
        "promoted", "performance review", "appraisal", "client", "clients", "team lead",
        "my team", "the team", "workplace", "hr", "burnout", "burned out", "meeting",
        "presentation", "contract", "project", "micromanage", "take credit", "workload",
        "commute", "layoffs", "quit", "career", "weekend off", "on call", "customers", "salary",
        "raise",
    ),
    "job-loss": (
        "laid off", "lost my job", "fired", "got fired", "sacked", "unemployed", "unemployment",
        "job search", "job hunting", "applying for jobs", "apply to", "applications",
        "interview", "rejected", "rejection", "let go", "redundant", "redundancy",
        "out of work", "no job", "resume", "cv", "hiring", "job offer", "benefits", "jobless",
        "job interview", "interviews",
    ),
    "financial-stress": (
        "payments", "behind on", "car payment", "repossess", "bailiffs", "card got declined",
        "money", "bills", "rent", "debt", "credit card", "loan", "mortgage", "afford", "broke",
        "savings", "paycheck", "pay", "landlord", "evict", "eviction", "lose my house", "bank",
        "overdraft", "budget", "expenses", "vet bills", "medical bills", "scholarship", "owe",
    ),
    "academic-pressure": (
        "exam", "exams", "test", "midterm", "final", "finals", "quiz", "grade", "grades", "gpa",
        "mark", "marks", "class", "classes", "course", "lecture", "study", "studying",
        "student", "school", "college", "university", "uni", "semester", "term", "thesis",
        "dissertation", "essay", "assignment", "homework", "coursework", "professor", "teacher",
        "tutor", "supervisor", "degree", "graduation", "graduate", "bar exam", "sat",
        "admission", "internship", "scholarship", "revision", "revise", "fail a class",
        "failing",
    ),
    "breakup-and-divorce": (
        "broke up", "break up", "breakup", "broken up", "dumped", "divorce", "divorced",
        "separated", "separation", "my ex", "ex boyfriend", "ex girlfriend", "ex husband",
        "ex wife", "called off the wedding", "left me", "ended things", "heartbroken",
        "heartbreak", "move on", "miss him", "miss her", "get over",
    ),
    "partner-conflict": (
        "wedding", "engaged", "engagement", "moving in together",
        "boyfriend", "girlfriend", "husband", "wife", "partner", "fiance", "fiancee", "spouse",
        "marriage", "relationship", "cheating", "cheated", "affair", "jealous", "trust",
        "we fight", "we argue", "keep fighting", "checks my phone", "dating", "date",
    ),
    "family-conflict": (
        "mom", "mother", "dad", "father", "parents", "sister", "brother", "sibling", "siblings",
        "family", "in-laws", "mother-in-law", "father-in-law", "stepmom", "stepdad", "aunt",
        "uncle", "cousin", "grandma", "grandpa", "relatives", "home", "criticizes",
    ),
    "parenting-worries": (
        "son", "daughter", "kid", "kids", "child", "children", "baby", "toddler", "teenager",
        "teen", "newborn", "parenting", "parent", "raise", "raising", "tantrum", "screams",
        "suspended", "mother of", "father of", "terrible mother", "terrible father", "bad mom",
        "bad dad", "my boy", "my girl", "stepson", "stepdaughter", "custody",
    ),
    "friendship-problems": (
        "friend", "friends", "best friend", "friendship", "friend group", "group chat",
        "roommate", "housemate", "flatmate", "behind my back", "ghosted", "left out",
        "betrayed", "fell out", "falling out", "make up with", "drifted apart", "mate",
        "best mate", "mates", "bestie", "buddy", "pal",
    ),
    "bullying-and-harassment": (
        "bullied", "bully", "bullies", "bullying", "mock", "mocking", "mocked", "teased",
        "teasing", "picked on", "harass", "harassed", "laugh at me", "make fun", "made fun",
        "name calling", "excluded", "cyberbullying",
    ),
    "loneliness-and-isolation": (
        "lonely", "loneliness", "alone", "isolated", "isolation", "no friends", "no one",
        "nobody", "by myself", "on my own", "moved to a new city", "new city", "moved abroad",
        "abroad", "no one to talk to", "talk to my plants", "left my apartment", "disconnected",
        "invisible", "no one calls", "nobody checks",
    ),
    "grief-and-loss": (
        "estate", "inheritance", "going missing", "went missing", "missing",
        "passed away", "=died", "=dies", "death", "funeral", "grief", "grieving", "lost my",
        "loss", "=miss", "mourning", "anniversary", "put down", "put to sleep", "miscarriage",
        "widow", "widower", "terminal", "hospice", "dementia", "memorial", "=passed",
        "since she passed", "since he passed", "lost the baby", "lost our", "lost the",
        "stillborn", "passing",
    ),
    "health-worries": (
        "doctor", "hospital", "diagnosis", "diagnosed", "symptom", "symptoms", "sick",
        "illness", "ill", "pain", "chronic", "blood pressure", "biopsy", "results", "scan",
        "test results", "surgery", "insomnia", "sleep", "can not sleep", "tired", "covid",
        "virus", "pandemic", "cancer", "disease", "medication", "health", "body", "vet",
        "wet the bed", "headache", "migraine", "lump", "rash", "chest pain", "dizzy", "fever",
        "cough", "ache", "serious", "appointment", "specialist", "mri", "x-ray", "blood test",
        "check up",
    ),
    "ongoing-low-mood": (
        "depressed", "depression", "down", "feeling low", "low mood", "no motivation",
        "unmotivated", "empty", "numb", "flat", "grey", "heavy", "pointless", "meaningless",
        "for months", "every day is the same", "nothing matters", "can not get out of bed",
    ),
    "anxiety-and-worry": (
        "anxious", "anxiety", "panic", "panicking", "panic attack", "nervous", "worried",
        "worry", "worrying", "overthinking", "fear", "scared", "afraid", "terrified", "dread",
        "heart races", "racing heart", "shaking", "calm down", "what if", "freaking out",
        "something bad will happen", "on edge",
    ),
    "self-esteem-and-appearance": (
        "weight", "put on weight", "gained weight", "overweight", "skinny", "acne", "bald",
        "ugly", "fat", "my weight", "my body", "body looks", "appearance", "looks", "photos",
        "not good enough", "worthless", "useless", "failure", "loser", "compare myself",
        "comparing myself", "confidence", "insecure", "hate myself", "idiot", "stupid",
    ),
    "abuse-and-violence": (
        "shoved me", "pushed me", "allowance", "not allowed", "will not let me",
        "turning up outside",
        "turns up outside", "locked in", "locks me", "throws things", "screams at me", "provoking",
        "controlling", "hurts me",
        "abuse", "abusive", "abused", "domestic violence", "hits me", "hit me", "beats me",
        "pushed me", "choked", "threatens me", "threatened me", "controls my money",
        "checks my phone", "not allowed to see", "walking on eggshells", "afraid of him",
        "afraid of her", "scared of him", "scared of her", "raped", "rape", "sexual assault",
        "sexually assaulted", "assaulted", "molested", "groped", "would not stop",
        "too drunk to say no", "forced me", "flashbacks", "nightmares", "trauma",
        "traumatic", "attacked", "stalking", "stalks me",
    ),
    "substance-use": (
        "drinking", "drunk", "alcohol", "beer", "wine", "drugs", "weed", "high", "hungover",
        "hangover", "addiction", "addicted", "sober", "sobriety", "relapse", "using again",
        "pills", "vaping", "gambling",
    ),
}

STATE_CUES: dict[str, tuple[str, ...]] = {
    "overwhelmed": (
        "lose my mind", "losing my mind", "buried", "paperwork", "admin", "snowed under",
        "up to my neck",
        "overwhelmed", "too much", "so much to do", "where to start",
        "don't know where to start", "can not cope", "drowning", "swamped", "piling up",
        "juggling", "no time", "exhausted", "burned out", "everything at once", "all at once",
        "so many things", "to do list", "falling behind", "behind on everything",
    ),
    "sadness": (
        "sad", "cry", "crying", "tears", "upset", "heartbroken", "hurt", "miserable", "down",
    ),
    "anxiety": (
        "waiting to hear", "hear back", "waiting for results", "waiting on",
        "keep checking", "checking if", "checking again", "intrusive thoughts", "a wreck",
        "anxious", "nervous", "worried", "worry", "scared", "afraid", "panic", "panicking",
        "stressed", "stress", "freaking out", "what if", "dread", "terrified",
        "can not stop thinking",
    ),
    "anger": (
        "angry", "mad", "furious", "rage", "pissed", "annoyed", "irritated", "frustrated",
        "fed up", "hate", "unfair", "snapping", "snap at", "yelled", "screamed", "idiot",
        "sick of", "can not stand", "driving me up the wall", "vent", "venting",
    ),
    "self-blame": (
        "wasted", "i wasted", "regret", "regrets", "should not have",
        "my fault", "blame myself", "blaming myself", "guilty", "guilt", "should have",
        "shouldn't have", "regret", "i messed up", "i ruined", "i failed", "because of me",
        "if only", "i let", "let them down", "let everyone down",
    ),
    "hopelessness": (
        "hopeless", "no hope", "losing hope", "pointless", "no point", "what's the point",
        "nothing changes", "nothing ever changes", "never gets better", "stopped trying",
        "give up", "given up", "why bother", "nothing works", "stuck",
    ),
    "loneliness": (
        "lonely", "alone", "nobody", "no one", "isolated", "left out", "by myself",
    ),
    "shame": (
        "ashamed", "embarrassed", "embarrassing", "humiliated", "mortified", "useless",
        "worthless", "failure", "loser", "pathetic", "idiot", "stupid", "not good enough",
        "ugly", "disgusting", "hate myself", "can not do anything right",
        "what is wrong with me",
    ),
    "confusion": (
        "confused", "not sure", "unsure", "torn", "should i", "or should", "can not decide",
        "decide", "decision", "don't know what to do", "don't know what i feel",
        "mixed feelings", "whether to", "stay or", "leave or", "or stay", "or leave", "or not",
        "or should i", "should i stay", "should i leave", "should i take", "should i quit",
        "should i tell", "either way", "pros and cons", "which one",
    ),
    "resistance": (
        "already tried", "won't work", "will not work", "does not work", "that won't help",
        "you don't get it", "you do not get it", "you don't understand",
        "you do not understand", "easy for you to say", "yeah but", "yes but", "tried that",
        "not that simple", "nobody gets it", "useless advice",
    ),
    "withdrawal": (
        "whatever", "i guess", "idk", "i do not know", "doesn't matter", "does not matter",
        "fine", "nothing", "never mind", "nvm", "meh", "sure", "ok",
    ),
    "venting": (
        "vent", "venting", "rant", "get it off my chest", "just need to talk",
        "let me tell you", "listen", "need someone to listen",
    ),
    "seeking-advice": (
        "what should i do", "tell me what to do", "what do i do", "any advice", "advice",
        "any ideas", "any tips", "tips", "how do i", "how can i", "ways to", "what can i do",
        "should i", "help me figure", "suggest",
    ),
    "relief": (
        "thank you", "thanks", "helped", "that helps", "feel better", "feeling better",
        "good day", "proud", "better now", "i will try", "good night", "go to bed", "bye",
        "talk later", "appreciate",
    ),
}
# fmt: on

# Scenarios whose everyday words also signal a seeker state: a skill that lists the state
# (anxiety-worry-grounding lists "anxiety") is reached by the scenario's words too.
SCENARIO_STATE: dict[str, str] = {
    "anxiety-and-worry": "anxiety",
    "loneliness-and-isolation": "loneliness",
    "self-esteem-and-appearance": "shame",
    "ongoing-low-mood": "hopelessness",
}
