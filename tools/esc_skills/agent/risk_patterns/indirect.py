"""Indirect wording of the same signs: burden, no future, goodbyes, asking about ways."""

from __future__ import annotations

from esc_skills.agent.risk_patterns.base import PERSON, PILLS, THINGS, RiskPattern, family

# Wider families: the ways people say the same warning signs less directly.
BROAD: tuple[RiskPattern, ...] = (
    family(
        "wish to die",
        r"(?:stop|stopped|stopping|quit|cease) (?:existing|living|being alive|breathing)",
    ),
    family(
        "wish to die",
        r"(?:do not|not|no longer|never) (?:want to )?(?:exist|existing|be alive|being alive)(?! (?:in|at|near|with))",
    ),
    family(
        "no reason to live",
        r"(?:point|reason|sense) (?:in|of|to) (?:me |my )?(?:being alive|living|existing|going on|staying alive|being here|carrying on)",
    ),
    family(
        "no reason to live",
        r"(?:life|living|my life|it) (?:is not|is no longer|was not|does not feel) worth (?:living|it any ?more|it without)|not worth living|worth living (?:for|without)",
    ),
    family(
        "no reason to live",
        r"(?:want|need|wish) (?:it|everything|the pain|this|all of it|it all) (?:all )?to (?:stop|end|be over) (?:forever|for good|permanently)",
    ),
    family(
        "better off without me",
        r"(?:relieved|relief|a favou?r|easier|lighter|happier|better) (?:[a-z]+ ){0,5}(?:if|when|once) i (?:just )?(?:stopped|was|were|am|disappeared|died|left for good|was not|were not|am not)(?: [a-z]+){0,2} ?(?:gone|dead|existing|around|here|living|alive)?",
    ),
    family(
        "better off without me",
        r"doing (?:"
        + PERSON
        + r") a favou?r (?:by|if)|(?:in|get in) the way of "
        + PERSON
        + r"|(?:dragging|drag|bringing|holding) "
        + PERSON
        + r" (?:down|back)(?: all the time)?|ruin(?:ing)? "
        + PERSON
        + r"(?:s)? li(?:fe|ves)",
    ),
    family(
        "saying goodbye",
        r"(?:who|which one of them|what) (?:should|will|would|can|gets to|is going to) (?:get|have|take|keep|look after) my "
        + THINGS
        + r"|look after my "
        + THINGS
        + r" (?:if|when|after|once)|(?:if|when) (?:anything|something) (?:happens|were to happen|was to happen) to me",
    ),
    family(
        "saying goodbye",
        r"(?:made|making|make) (?:my )?peace with (?:it|dying|everything|leaving)|(?:know|decided|worked out) (?:exactly )?(?:what|how|when) i am going to do(?: it)?(?! (?:about|with|for|next|after))|it will (?:all )?be over soon|you will not (?:have to )?(?:hear from|see) me again",
    ),
    family(
        "better off without me",
        r"(?:not|do not plan on|not planning on|will not|do not expect to|not going to) (?:be |being )?(?:here|around|alive) (?:by|after|for|next|past|much|when|at|in)",
    ),
    family(
        "overdose",
        r"took (?:like |about |around |maybe |nearly |over |almost )?(?:\d+|a (?:lot|bunch|handful)|loads|all) (?:of )?(?:[a-z]+ ){0,3}"
        + PILLS,
    ),
    family(
        "overdose",
        r"swallow(?:ed|ing)? (?:everything|all|the whole|a bunch|a handful|loads)|medicine cabinet|(?:empty|emptied|finish(?:ed)?) (?:the|my|a) (?:bottle|pack|box) of "
        + PILLS,
    ),
    family(
        "self-harm",
        r"\bi (?:[a-z]+ ){0,6}(?:until|till|til) (?:they|it|i|my [a-z]+) (?:bleed|bled|bleeds|bleeding|bruise|bruised|bruises|burn|burned|scar|scarred)|(?:i|been|keep|kept|started|start) (?:[a-z]+ )?(?:scratch|scratching|scratched|pick|picking|picked|bite|biting|punch|punching|punched|slam|slamming|slammed|bang|banging|banged) (?:at )?(?:my )?(?:arms?|wrists?|legs?|skin|thighs?|head|hands?|fists?)",
    ),
    family(
        "method",
        r"(?:stand|stood|standing|sit|sat|sitting|walk|walked|go|went|wait|waited|waiting) (?:[a-z]+ ){0,2}(?:near|by|at|on|to) (?:the |a )?(?:tracks|railway|platform edge|edge of (?:the |a )?(?:roof|bridge|cliff|platform)|ledge|cliff edge|bridge|rooftop)(?: [a-z]+){0,5} (?:think|thinking|thought) about (?:it|jumping|doing it|ending)",
    ),
    family(
        "method",
        r"(?:near|by|at|on) the (?:tracks|ledge|rooftop|cliff edge|edge of the (?:roof|bridge|cliff|platform))",
    ),
    family(
        "wish to die",
        r"disappear(?:ing|ed)? (?:for good|forever|permanently|and never come back|off the face of)",
    ),
    family(
        "someone else at risk",
        r"(?:going to|gonna|wants to|want to|talk(?:s|ed|ing)? about|keeps? saying|said) (?:he|she|they)?(?: is| are)? ?(?:going to )?end (?:it all|his life|her life|their life|everything)",
    ),
    family(
        "self-harm",
        r"(?:she|he|they|my (?:daughter|son|friend|sister|brother|kid|child|partner|girlfriend|boyfriend)) (?:has been|have been|is|are|was|were|started|keeps?) (?:[a-z]+ )?(?:cutting|self harming|burning (?:her|him|them)sel(?:f|ves)|hurting (?:her|him|them)sel(?:f|ves))",
    ),
)

WAYS: tuple[RiskPattern, ...] = (
    family(
        "method",
        r"(?:ways|how|methods?|easiest way|best way) to (?:do it|end it|die|go through with it|not wake up)|(?:research|researching|researched|googl[a-z]*|look(?:ing|ed)? up) (?:[a-z]+ ){0,2}(?:ways|how|methods?) to (?:do it|end|die)",
    ),
    family(
        "no future",
        r"(?:can not|cannot|do not|could not) (?:see|imagine|picture) (?:myself|me) (?:getting older|growing old|living (?:past|to|beyond)|making it (?:to|past|through)|being (?:here|around|alive)|still (?:here|around|alive)|alive|reaching|turning \d+)",
    ),
    family(
        "no future",
        r"(?:think|thinking|thought) about (?:just )?not (?:coming home|coming back|being here|waking up|being around|going on)(?! (?:for|until|till|tonight|this))",
    ),
    family(
        "affairs in order",
        r"(?:sorted|sort|sorting|organi[sz]ed|organi[sz]ing|wrote down|writing down|written down|left|leaving|handed|gave|giving) (?:out )?(?:all )?(?:of )?my (?:passwords|accounts|bank details|pins?|papers|documents|paperwork)(?: [a-z]+){0,3} (?:for|to) (?:my|him|her|them)",
        r"travel[a-z]*|trip|holiday|vacation|while i am away|abroad",
    ),
    family(
        "no reason to live",
        r"(?:had enough|done|finished|sick|over|fed up|so done) (?:of |with )(?:life|living|being alive|existing|this life|my life)\b(?! (?:in|at|here|there|as|like))",
    ),
    family(
        "wish to die",
        r"(?:want|wish|wishing|wanted|long|longing|would love|just want) (?:to |i could )?(?:just )?sleep (?:forever|for ever|and never wake|permanently)|(?:deserve|deserves) to (?:be dead|not exist|not be alive|not be here|disappear)",
    ),
    family(
        "self-harm",
        r"(?:might|could|would|going to|will|want to|wanted to|afraid i will|scared i will) do (?:something )?(?:stupid |bad )?to my ?self|(?:scared|afraid|worried|terrified) (?:of|about) what i (?:might|could|would|will|am going to) do(?! (?:next|about|with|if|for|at))",
    ),
    family(
        "self-harm",
        r"(?:knife|blade|razor|glass|scissors|lighter) (?:[a-z]+ ){0,3}(?:my )?(?:wrists?|arms?|throat|skin|legs?|thighs?)|(?:wrists?|throat) (?:[a-z]+ ){0,3}(?:knife|blade|razor)",
    ),
    family(
        "saying goodbye",
        r"sorry for everything(?: [a-z]+){0,4} goodbye|goodbye(?: [a-z]+){0,4} sorry for everything|please tell (?:my )?[a-z]+ (?:that )?i (?:love|am sorry)|goodbye (?:world|everyone|forever|cruel)",
    ),
    family(
        "self-harm",
        r"(?:stopped|stop|quit|quitting|skipping|skipped|not|refusing|refused) (?:taking )?(?:my )?(?:insulin|medication|meds|medicine|pills|tablets|treatment|dialysis|inhaler)(?: [a-z]+){0,2} (?:on purpose|deliberately)|(?:stopped|not|quit) eating (?:on purpose|deliberately)|(?:starv|punish)[a-z]* (?:my ?self)",
    ),
    family(
        "danger from someone",
        r"(?:grabbed|grabs|grabbing|squeezed|squeezes|held|holds|pinned) (?:me )?(?:by )?(?:my )?(?:throat|neck)|pinned me (?:down|against)|threw (?:me|things at me) (?:against|across|down)|(?:hurts|hurt|harms|abuses|abused|rapes|raped) me\b",
    ),
    family(
        "overdose",
        r"(?:over ?dosed|o ?d d|od ed) (?:on|last|yesterday|again)|thinking of doing the same|(?:want|going|planning) to do the same (?:as|thing)",
    ),
    family(
        "wish to die",
        r"(?:want|wanting|wish|wished|hope|hoping) (?:to |i )?(?:would |could )?(?:just )?die in my sleep|(?:going|want|about) to jump\b(?! (?:in|into|at|on|ship|the gun|to conclusions|right|back|off (?:the )?(?:diving|board))|[a-z])",
    ),
)

FINAL: tuple[RiskPattern, ...] = (
    # Settling accounts: a message that ends on having done, said or sorted everything.
    family(
        "saying goodbye",
        r"(?:done|said|finished|sorted|arranged) (?:everything|all|what) i (?:needed|had|wanted) to(?: do| say)?$|(?:will|would|are going to) be (?:fine|okay|ok|alright|better) (?:without me|when i am gone|after i am gone)",
    ),
)

MORE: tuple[RiskPattern, ...] = (
    family(
        "better off without me",
        r"(?:simpler|easier|better|happier|lighter|calmer|nicer|freer) (?:[a-z]+ ){0,3}without me(?! [a-z]+ing)|(?:a |dead )weight (?:around|on|to) (?:my |their |his |her |everyone|everybody|them)|waste of (?:space|oxygen|air)",
    ),
    family(
        "saying goodbye",
        r"my own funeral|(?:left|leaving|wrote|writing|written) (?:a |my )?(?:note|letter)(?: [a-z]+){0,4} (?:on|for|under|by) (?:my|the|his|her|their) (?:desk|bed|pillow|table|door|family|parents|mom|dad|kids|children|husband|wife|partner)",
    ),
    family(
        "no reason to live",
        r"only (?:thing|reason|one|person) (?:stopping|keeping|holding) me|only reason i am still (?:here|alive|around)|(?:want|need|looking for) (?:a way )?out of (?:this )?life|(?:can not|could not|do not want to) (?:keep )?(?:living|live) like this|keep living like this",
    ),
    family(
        "end it",
        r"(?:thinking about|think about|thought about|going to|want to|ready to|planning to|plan to|considering) end(?:ing)? (?:things|it all|everything|it|my pain for good)(?! with| between| off| for (?:him|her|them|us)| here| now and| early)",
    ),
    family(
        "method",
        r"(?:tonight|the night|today|this weekend|this week)(?: [a-z]+){0,6} (?:finally|actually) do it|(?:finally|actually) (?:going to )?do it (?:tonight|today|this time|for real)",
    ),
    family(
        "overdose",
        r"(?:took|swallowed|taken|has taken|had taken) (?:something|a lot of something|a bunch of (?:stuff|something))|(?:locked|shut) (?:her|him|them)sel(?:f|ves) in (?:[a-z]+ ){0,3}(?:took|taken|pills|razor|knife)",
    ),
)
