"""Direct statements: wishing to die, ending it, suicide, self-harm, someone in danger."""

from __future__ import annotations

from esc_skills.agent.risk_patterns.base import (
    GAP,
    LIVE,
    NOT_WANT,
    OTHER_SELF,
    PILLS,
    SELF,
    TRIVIAL,
    RiskPattern,
    family,
)

CORE: tuple[RiskPattern, ...] = (
    # Direct statements of suicidal intent or wish.
    family("suicide", r"suicid[a-z]*|kill(?:ing|ed)? " + SELF + r"|off(?:ing)? " + SELF),
    family("suicide", r"(?:take|taking|end|ending) (?:my|my own) (?:own )?life|unalive"),
    family(
        "end it",
        r"end(?:ing)? it all|end(?:ing)? everything|end(?:ing)? (?:it|things) (?:for good|tonight|today|soon|now)",
    ),
    family(
        "end it",
        r"(?:want|wanting|going|planning|plan|ready|thinking about|think about|could|should|just|will)"
        r" (?:to )?(?:just )?end(?:ing)? it(?! with (?:him|her|them|me|my|our|the|a|this|that|you|us|someone)| between| off| for (?:him|her|them|us| today| tonight| now)| here| there| early| now and)",
    ),
    family(
        "wish to die",
        r"(?:want|wanted|wanting|wish|wished|ready|going|deserve) (?:to )?(?:just )?die",
    ),
    family(
        "wish to die",
        r"wish (?:i|that i) (?:was|were|could be) dead|better off dead|rather be dead",
    ),
    family(
        "wish to die",
        NOT_WANT
        + r" (?:to )?(?:"
        + LIVE
        + r")(?! (?:in|with|at|near|together|early|late|so|for|on|before|after|today|this|that))",
    ),
    family(
        "wish to die",
        r"(?:never|not|do not want to|hope i do not) wake up(?: again| tomorrow| anymore)?(?! early| late| at)",
    ),
    family(
        "wish to die",
        r"(?:if|wish|wishing|wished) (?:that )?i (?:just )?(?:was not|were not|did not|was never|were never|was no longer|were no longer) (?:alive|around|here|exist|born|living)|(?:if|wish|wished) (?:that )?i (?:just )?(?:was|were) (?:dead|gone)",
    ),
    family(
        "wish to die",
        r"go to sleep and (?:not|never)|fall asleep and (?:not|never)|wish i (?:had )?never (?:been born|existed)",
    ),
    family(
        "wish to die",
        r"(?:want|wish|wishing) (?:i could |to )?(?:just )?(?:disappear|vanish|stop existing|not exist|cease to exist)(?! for a| on| to the| into| from work| from school| for the| under| behind| in a| somewhere for| off the grid for)",
    ),
    family(
        "no reason to live",
        r"no (?:reason|point|purpose) (?:to|in|of) (?:live|living|life|being alive|going on|be alive|carry on|carrying on)",
    ),
    family(
        "no reason to live",
        r"nothing (?:left )?to live for|tired of (?:living|being alive|existing|life)|(?:point|purpose) of (?:living|being alive|my life|life|existing|going on)",
    ),
    family(
        "no way out",
        r"no way out|can not go on|can not keep going|(?:can not|could not) do (?:this|it) any ?more|can not take (?:it|this) any ?more|(?:can not|could not) (?:live|bear to live) like this",
    ),
    # Being a burden, being better off without them, saying goodbye, putting affairs in order.
    family(
        "burden",
        r"(?:i am|i feel|feel like|feeling like|just|been|being) (?:such |only |nothing but |a |just )*(?:a )?burden|burden (?:to|on|for) (?:everyone|everybody|my|them|you|people|others|all)",
    ),
    family(
        "better off without me",
        r"better (?:off )?without me|(?:easier|happier|better) (?:for everyone|for them|for my family)? ?(?:if|when) i (?:was|were|am|was not|were not|am not) (?:gone|dead|not here|not around|around no more)",
    ),
    family(
        "better off without me",
        r"(?:notice|care|miss me|matter) (?:if|when|once) i (?:was|were|am|died|disappeared|was not here|were not here) ?(?:gone|dead|not here|not around)?|be (?:around|here) (?:much|for much|a lot|any) longer|(?:when|after|once) i am gone|(?:will not|would not|not going to) be (?:around|here|a problem|a burden) (?:much |for )?(?:longer|long|any ?more)",
    ),
    family(
        "saying goodbye",
        r"(?:say|said|saying|wrote|write|writing|written|send|sent|texted|posted)(?: my| a| him| her| them)? (?:goodbye|goodbyes)(?: letters?| notes?| messages?)? (?:to (?:everyone|everybody|all|my (?:family|friends|kids|children|parents))|for good|forever|before|for the last time)",
    ),
    family(
        "saying goodbye",
        r"(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) "
        + GAP % 7
        + r"(?:just )?in case|goodbye (?:letters?|notes?|messages?|posts?)|suicide notes?|this is (?:my )?goodbye|saying (?:my )?goodbyes|my last (?:goodbye|message|post|letter)",
    ),
    family(
        "affairs in order",
        r"(?:wrote|written|writing|made|making|updated|updating|finished|sorted|sorting) (?:out )?(?:my )?(?:will|last wishes|funeral)|(?:getting|got|put|putting) (?:my )?affairs in order",
        r"after (?:my|our|his|her) [a-z]+ (?:passed|died)|mortgage|lawyer|solicitor|estate|new baby",
    ),
    # Self-harm, methods and means.
    family(
        "self-harm",
        r"self ?(?:harm|harming|harmed|injury|injure)|(?:cut|cutting|burn|burning|burnt|hurt|hurting|harm|harming|punish|punishing|starve|starving|scratch|scratching|hit|hitting|bang|banging|bruise) "
        + SELF,
    ),
    family(
        "self-harm",
        r"(?:started|start|been|back to|urge to|urges to|relapsed|relapse|thinking about|stop) cutting|cutting again|razor ?blades?|blades? (?:again|on my)|scars? on my (?:arm|arms|wrist|wrists|legs|thighs)",
    ),
    family(
        "pills saved",
        r"(?:sav|stockpil|hoard|collect|stash|gather|count|keep|kept|hid|hidden|hiding|sav)[a-z]* (?:up )?"
        + GAP % 3
        + PILLS,
    ),
    family(
        "pills saved",
        PILLS
        + r" "
        + GAP % 4
        + r"(?:saved|stashed|stockpiled|hidden|put aside|set aside|collected|enough to|to end|in a drawer)|enough "
        + PILLS,
    ),
    family(
        "overdose",
        r"overdos[a-z]*|took (?:too many|a (?:whole )?(?:bottle|box|pack)|all (?:of )?(?:my|the)) "
        + GAP % 2
        + PILLS
        + r"|swallowed (?:a|all|the) "
        + GAP % 2
        + PILLS,
    ),
    family(
        "method",
        r"(?:bought|buy|buying|got|have|tied|found) (?:a )?(?:rope|noose|gun)|noose|jump(?:ing|ed)? (?:off|from) (?:a |the )?(?:bridge|roof|building|balcony|cliff|ledge)|jump(?:ing)? in front of|step in front of (?:a |the )?(?:train|bus|car|truck)",
    ),
    family(
        "method",
        r"(?:driv|crash|steer|swerv)[a-z]* (?:my |the |a )?(?:car|truck|bike) (?:into|off|in front)|(?:walk|step|run|jump)[a-z]* (?:out )?(?:into|in front of) (?:the )?(?:traffic|a bus|a train|a truck|a car|the road)",
    ),
    family(
        "method",
        r"how many "
        + PILLS
        + r"|(?:thinking about|thought about|think about|want to|wanted to|going to) (?:jumping|jump)(?! (?:ship|in|into|at|on|the gun|to conclusions))|(?:stood|standing|sat|sitting) (?:on|at) (?:the |a )?(?:edge|ledge|bridge|roof|tracks)|(?:how|when|where) i (?:would|will|am going to|could|might) do it|(?:have|made|got) a plan (?:to|for how)",
    ),
    # Someone else at risk: a friend, a child, a partner talking about suicide or self-harm.
    family(
        "someone else at risk",
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|starve|starving|off) "
        + OTHER_SELF
        + r"|(?:end|ending|take|taking) (?:his|her|their) (?:own )?life|(?:wants|wanted) to die|(?:talks|talking|talked|texted|posted|says|said) (?:about )?(?:wanting to die|dying|ending it|not wanting to live|not being here)",
    ),
    # Acute danger from another person.
    family(
        "danger from someone",
        r"(?:hits|hit|beats|beat|beating|chokes|choked|choking|strangled|kicks|kicked|punched|punches|slaps|slapped|shoves|shoved|pushed) me"
        r"|(?:threatened|threatens|threatening|said he would|said she would|said they would) (?:to )?(?:kill|hurt|beat) me"
        # "going to kill me" alone is usually an idiom ("Mum is going to kill me when ...").
        r"|(?:he|she|they|someone) (?:is|are|was|were) going to (?:kill|hurt|beat) me"
        r"(?! (?:when|if|for|because|after|once))"
        r"|(?:afraid|scared|terrified) (?:that )?(?:he|she|they) (?:will|would|is going to|are going to|might) (?:kill|hurt|beat) me"
        r"|(?:not|do not feel|never feel) safe (?:at home|in my (?:own )?home|with (?:him|her|them)|going home)",
        # A toddler's swipe or a pillow fight is not danger.
        r"(?:son|daughter|toddler|baby|kid|child|little brother|little sister|nephew|niece|puppy|dog|cat)"
        r" (?:[a-z]+ )?(?:hit|hits|kicked|kicks|punched|slapped|pushed|bit|bites) me|toy|pillow|ball|snowball|"
        + TRIVIAL,
    ),
)
