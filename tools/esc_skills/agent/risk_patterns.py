"""Risk phrase patterns (data for ``esc_skills.agent.risk``), one family per entry.

Each family names a warning sign from safe-messaging and crisis-line practice (direct wishes
to die, being a burden, saying goodbye, putting affairs in order, means, self-harm, someone
else at risk, danger from another person). Patterns run on ``textnorm.normalize`` output:
lower case, contractions expanded ("i am", "do not"), punctuation removed, one space between
words. They match self-directed phrases, never a single word such as "die" or "kill".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reusable fragments: up to N filler words, people other than the seeker, pill words.
_GAP = r"(?:[a-z0-9]+ ){0,%d}"
_SELF = r"(?:my ?self|my own self)"
_OTHER_SELF = r"(?:him ?self|her ?self|them ?sel(?:f|ves))"
_PILLS = r"(?:pills?|tablets?|meds|medications?|painkillers?|sleeping pills|prescriptions?|paracetamol|tylenol|antidepressants?|opioids?|insulin|sedatives?)"
_NOT_WANT = (
    r"(?:do not|does not|did not|never|no longer|not|not really) (?:want|wanting|wish|feel like)"
)
_LIVE = r"(?:live|be alive|be here|exist|wake up|go on|keep living|keep going|be around)"


@dataclass(frozen=True)
class RiskPattern:
    """One family of risk phrases: an id shown in explanations, and its regular expression."""

    cue: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None = None  # an everyday context that cancels this family

    def find(self, text: str) -> str | None:
        """The matched phrase, or None (also when the everyday context is present)."""
        match = self.regex.search(text)
        if match is None or (self.unless is not None and self.unless.search(text)):
            return None
        return match.group(0)


def _p(cue: str, pattern: str, unless: str | None = None) -> RiskPattern:
    guard = re.compile(r"\b(?:" + unless + r")\b") if unless else None
    return RiskPattern(cue, re.compile(r"\b(?:" + pattern + r")\b"), guard)


_TRIVIAL = r"lol|lmao|haha+|jk|by accident|accidentally"


_CORE: tuple[RiskPattern, ...] = (
    # Direct statements of suicidal intent or wish.
    _p("suicide", r"suicid[a-z]*|kill(?:ing|ed)? " + _SELF + r"|off(?:ing)? " + _SELF),
    _p("suicide", r"(?:take|taking|end|ending) (?:my|my own) (?:own )?life|unalive"),
    _p(
        "end it",
        r"end(?:ing)? it all|end(?:ing)? everything|end(?:ing)? (?:it|things) (?:for good|tonight|today|soon|now)",
    ),
    _p(
        "end it",
        r"(?:want|wanting|going|planning|plan|ready|thinking about|think about|could|should|just|will)"
        r" (?:to )?(?:just )?end(?:ing)? it(?! with (?:him|her|them|me|my|our|the|a|this|that|you|us|someone)| between| off| for (?:him|her|them|us| today| tonight| now)| here| there| early| now and)",
    ),
    _p(
        "wish to die",
        r"(?:want|wanted|wanting|wish|wished|ready|going|deserve) (?:to )?(?:just )?die",
    ),
    _p(
        "wish to die",
        r"wish (?:i|that i) (?:was|were|could be) dead|better off dead|rather be dead",
    ),
    _p(
        "wish to die",
        _NOT_WANT
        + r" (?:to )?(?:"
        + _LIVE
        + r")(?! (?:in|with|at|near|together|early|late|so|for|on|before|after|today|this|that))",
    ),
    _p(
        "wish to die",
        r"(?:never|not|do not want to|hope i do not) wake up(?: again| tomorrow| anymore)?(?! early| late| at)",
    ),
    _p(
        "wish to die",
        r"(?:if|wish|wishing|wished) (?:that )?i (?:just )?(?:was not|were not|did not|was never|were never|was no longer|were no longer) (?:alive|around|here|exist|born|living)|(?:if|wish|wished) (?:that )?i (?:just )?(?:was|were) (?:dead|gone)",
    ),
    _p(
        "wish to die",
        r"go to sleep and (?:not|never)|fall asleep and (?:not|never)|wish i (?:had )?never (?:been born|existed)",
    ),
    _p(
        "wish to die",
        r"(?:want|wish|wishing) (?:i could |to )?(?:just )?(?:disappear|vanish|stop existing|not exist|cease to exist)(?! for a| on| to the| into| from work| from school| for the| under| behind| in a| somewhere for| off the grid for)",
    ),
    _p(
        "no reason to live",
        r"no (?:reason|point|purpose) (?:to|in|of) (?:live|living|life|being alive|going on|be alive|carry on|carrying on)",
    ),
    _p(
        "no reason to live",
        r"nothing (?:left )?to live for|tired of (?:living|being alive|existing|life)|(?:point|purpose) of (?:living|being alive|my life|life|existing|going on)",
    ),
    _p(
        "no way out",
        r"no way out|can not go on|can not keep going|(?:can not|could not) do (?:this|it) any ?more|can not take (?:it|this) any ?more|(?:can not|could not) (?:live|bear to live) like this",
    ),
    # Being a burden, being better off without them, saying goodbye, putting affairs in order.
    _p(
        "burden",
        r"(?:i am|i feel|feel like|feeling like|just|been|being) (?:such |only |nothing but |a |just )*(?:a )?burden|burden (?:to|on|for) (?:everyone|everybody|my|them|you|people|others|all)",
    ),
    _p(
        "better off without me",
        r"better (?:off )?without me|(?:easier|happier|better) (?:for everyone|for them|for my family)? ?(?:if|when) i (?:was|were|am|was not|were not|am not) (?:gone|dead|not here|not around|around no more)",
    ),
    _p(
        "better off without me",
        r"(?:notice|care|miss me|matter) (?:if|when|once) i (?:was|were|am|died|disappeared|was not here|were not here) ?(?:gone|dead|not here|not around)?|be (?:around|here) (?:much|for much|a lot|any) longer|(?:when|after|once) i am gone|(?:will not|would not|not going to) be (?:around|here|a problem|a burden) (?:much |for )?(?:longer|long|any ?more)",
    ),
    _p(
        "saying goodbye",
        r"(?:say|said|saying|wrote|write|writing|written|send|sent|texted|posted)(?: my| a| him| her| them)? (?:goodbye|goodbyes)(?: letters?| notes?| messages?)? (?:to (?:everyone|everybody|all|my (?:family|friends|kids|children|parents))|for good|forever|before|for the last time)",
    ),
    _p(
        "saying goodbye",
        r"(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) "
        + _GAP % 7
        + r"(?:just )?in case|goodbye (?:letters?|notes?|messages?|posts?)|suicide notes?|this is (?:my )?goodbye|saying (?:my )?goodbyes|my last (?:goodbye|message|post|letter)",
    ),
    _p(
        "affairs in order",
        r"(?:wrote|written|writing|made|making|updated|updating|finished|sorted|sorting) (?:out )?(?:my )?(?:will|last wishes|funeral)|(?:getting|got|put|putting) (?:my )?affairs in order",
        r"after (?:my|our|his|her) [a-z]+ (?:passed|died)|mortgage|lawyer|solicitor|estate|new baby",
    ),
    # Self-harm, methods and means.
    _p(
        "self-harm",
        r"self ?(?:harm|harming|harmed|injury|injure)|(?:cut|cutting|burn|burning|burnt|hurt|hurting|harm|harming|punish|punishing|starve|starving|scratch|scratching|hit|hitting|bang|banging|bruise) "
        + _SELF,
    ),
    _p(
        "self-harm",
        r"(?:started|start|been|back to|urge to|urges to|relapsed|relapse|thinking about|stop) cutting|cutting again|razor ?blades?|blades? (?:again|on my)|scars? on my (?:arm|arms|wrist|wrists|legs|thighs)",
    ),
    _p(
        "pills saved",
        r"(?:sav|stockpil|hoard|collect|stash|gather|count|keep|kept|hid|hidden|hiding|sav)[a-z]* (?:up )?"
        + _GAP % 3
        + _PILLS,
    ),
    _p(
        "pills saved",
        _PILLS
        + r" "
        + _GAP % 4
        + r"(?:saved|stashed|stockpiled|hidden|put aside|set aside|collected|enough to|to end|in a drawer)|enough "
        + _PILLS,
    ),
    _p(
        "overdose",
        r"overdos[a-z]*|took (?:too many|a (?:whole )?(?:bottle|box|pack)|all (?:of )?(?:my|the)) "
        + _GAP % 2
        + _PILLS
        + r"|swallowed (?:a|all|the) "
        + _GAP % 2
        + _PILLS,
    ),
    _p(
        "method",
        r"(?:bought|buy|buying|got|have|tied|found) (?:a )?(?:rope|noose|gun)|noose|jump(?:ing|ed)? (?:off|from) (?:a |the )?(?:bridge|roof|building|balcony|cliff|ledge)|jump(?:ing)? in front of|step in front of (?:a |the )?(?:train|bus|car|truck)",
    ),
    _p(
        "method",
        r"(?:driv|crash|steer|swerv)[a-z]* (?:my |the |a )?(?:car|truck|bike) (?:into|off|in front)|(?:walk|step|run|jump)[a-z]* (?:out )?(?:into|in front of) (?:the )?(?:traffic|a bus|a train|a truck|a car|the road)",
    ),
    _p(
        "method",
        r"how many "
        + _PILLS
        + r"|(?:thinking about|thought about|think about|want to|wanted to|going to) (?:jumping|jump)(?! (?:ship|in|into|at|on|the gun|to conclusions))|(?:stood|standing|sat|sitting) (?:on|at) (?:the |a )?(?:edge|ledge|bridge|roof|tracks)|(?:how|when|where) i (?:would|will|am going to|could|might) do it|(?:have|made|got) a plan (?:to|for how)",
    ),
    # Someone else at risk: a friend, a child, a partner talking about suicide or self-harm.
    _p(
        "someone else at risk",
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|starve|starving|off) "
        + _OTHER_SELF
        + r"|(?:end|ending|take|taking) (?:his|her|their) (?:own )?life|(?:wants|wanted) to die|(?:talks|talking|talked|texted|posted|says|said) (?:about )?(?:wanting to die|dying|ending it|not wanting to live|not being here)",
    ),
    # Acute danger from another person.
    _p(
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
        + _TRIVIAL,
    ),
)
_PERSON = r"(?:everyone|everybody|them|you|people|my family|my friends|my kids|my parents|the world|all of them|others)"
_THINGS = r"(?:things|stuff|belongings|cat|dog|pets?|kids|children|plants|car|room|money|savings|guitar|games|books)"

# Wider families: the ways people say the same warning signs less directly.
_BROAD: tuple[RiskPattern, ...] = (
    _p(
        "wish to die",
        r"(?:stop|stopped|stopping|quit|cease) (?:existing|living|being alive|breathing)",
    ),
    _p(
        "wish to die",
        r"(?:do not|not|no longer|never) (?:want to )?(?:exist|existing|be alive|being alive)(?! (?:in|at|near|with))",
    ),
    _p(
        "no reason to live",
        r"(?:point|reason|sense) (?:in|of|to) (?:me |my )?(?:being alive|living|existing|going on|staying alive|being here|carrying on)",
    ),
    _p(
        "no reason to live",
        r"(?:life|living|my life|it) (?:is not|is no longer|was not|does not feel) worth (?:living|it any ?more|it without)|not worth living|worth living (?:for|without)",
    ),
    _p(
        "no reason to live",
        r"(?:want|need|wish) (?:it|everything|the pain|this|all of it|it all) (?:all )?to (?:stop|end|be over) (?:forever|for good|permanently)",
    ),
    _p(
        "better off without me",
        r"(?:relieved|relief|a favou?r|easier|lighter|happier|better) (?:[a-z]+ ){0,5}(?:if|when|once) i (?:just )?(?:stopped|was|were|am|disappeared|died|left for good|was not|were not|am not)(?: [a-z]+){0,2} ?(?:gone|dead|existing|around|here|living|alive)?",
    ),
    _p(
        "better off without me",
        r"doing (?:"
        + _PERSON
        + r") a favou?r (?:by|if)|(?:in|get in) the way of "
        + _PERSON
        + r"|(?:dragging|drag|bringing|holding) "
        + _PERSON
        + r" (?:down|back)(?: all the time)?|ruin(?:ing)? "
        + _PERSON
        + r"(?:s)? li(?:fe|ves)",
    ),
    _p(
        "saying goodbye",
        r"(?:who|which one of them|what) (?:should|will|would|can|gets to|is going to) (?:get|have|take|keep|look after) my "
        + _THINGS
        + r"|look after my "
        + _THINGS
        + r" (?:if|when|after|once)|(?:if|when) (?:anything|something) (?:happens|were to happen|was to happen) to me",
    ),
    _p(
        "saying goodbye",
        r"(?:made|making|make) (?:my )?peace with (?:it|dying|everything|leaving)|(?:know|decided|worked out) (?:exactly )?(?:what|how|when) i am going to do(?: it)?(?! (?:about|with|for|next|after))|it will (?:all )?be over soon|you will not (?:have to )?(?:hear from|see) me again",
    ),
    _p(
        "better off without me",
        r"(?:not|do not plan on|not planning on|will not|do not expect to|not going to) (?:be |being )?(?:here|around|alive) (?:by|after|for|next|past|much|when|at|in)",
    ),
    _p(
        "overdose",
        r"took (?:like |about |around |maybe |nearly |over |almost )?(?:\d+|a (?:lot|bunch|handful)|loads|all) (?:of )?(?:[a-z]+ ){0,3}"
        + _PILLS,
    ),
    _p(
        "overdose",
        r"swallow(?:ed|ing)? (?:everything|all|the whole|a bunch|a handful|loads)|medicine cabinet|(?:empty|emptied|finish(?:ed)?) (?:the|my|a) (?:bottle|pack|box) of "
        + _PILLS,
    ),
    _p(
        "self-harm",
        r"\bi (?:[a-z]+ ){0,6}(?:until|till|til) (?:they|it|i|my [a-z]+) (?:bleed|bled|bleeds|bleeding|bruise|bruised|bruises|burn|burned|scar|scarred)|(?:i|been|keep|kept|started|start) (?:[a-z]+ )?(?:scratch|scratching|scratched|pick|picking|picked|bite|biting|punch|punching|punched|slam|slamming|slammed|bang|banging|banged) (?:at )?(?:my )?(?:arms?|wrists?|legs?|skin|thighs?|head|hands?|fists?)",
    ),
    _p(
        "method",
        r"(?:stand|stood|standing|sit|sat|sitting|walk|walked|go|went|wait|waited|waiting) (?:[a-z]+ ){0,2}(?:near|by|at|on|to) (?:the |a )?(?:tracks|railway|platform edge|edge of (?:the |a )?(?:roof|bridge|cliff|platform)|ledge|cliff edge|bridge|rooftop)(?: [a-z]+){0,5} (?:think|thinking|thought) about (?:it|jumping|doing it|ending)",
    ),
    _p(
        "method",
        r"(?:near|by|at|on) the (?:tracks|ledge|rooftop|cliff edge|edge of the (?:roof|bridge|cliff|platform))",
    ),
    _p(
        "wish to die",
        r"disappear(?:ing|ed)? (?:for good|forever|permanently|and never come back|off the face of)",
    ),
    _p(
        "someone else at risk",
        r"(?:going to|gonna|wants to|want to|talk(?:s|ed|ing)? about|keeps? saying|said) (?:he|she|they)?(?: is| are)? ?(?:going to )?end (?:it all|his life|her life|their life|everything)",
    ),
    _p(
        "self-harm",
        r"(?:she|he|they|my (?:daughter|son|friend|sister|brother|kid|child|partner|girlfriend|boyfriend)) (?:has been|have been|is|are|was|were|started|keeps?) (?:[a-z]+ )?(?:cutting|self harming|burning (?:her|him|them)sel(?:f|ves)|hurting (?:her|him|them)sel(?:f|ves))",
    ),
)

_WAYS: tuple[RiskPattern, ...] = (
    _p(
        "method",
        r"(?:ways|how|methods?|easiest way|best way) to (?:do it|end it|die|go through with it|not wake up)|(?:research|researching|researched|googl[a-z]*|look(?:ing|ed)? up) (?:[a-z]+ ){0,2}(?:ways|how|methods?) to (?:do it|end|die)",
    ),
    _p(
        "no future",
        r"(?:can not|cannot|do not|could not) (?:see|imagine|picture) (?:myself|me) (?:getting older|growing old|living (?:past|to|beyond)|making it (?:to|past|through)|being (?:here|around|alive)|still (?:here|around|alive)|alive|reaching|turning \d+)",
    ),
    _p(
        "no future",
        r"(?:think|thinking|thought) about (?:just )?not (?:coming home|coming back|being here|waking up|being around|going on)(?! (?:for|until|till|tonight|this))",
    ),
    _p(
        "affairs in order",
        r"(?:sorted|sort|sorting|organi[sz]ed|organi[sz]ing|wrote down|writing down|written down|left|leaving|handed|gave|giving) (?:out )?(?:all )?(?:of )?my (?:passwords|accounts|bank details|pins?|papers|documents|paperwork)(?: [a-z]+){0,3} (?:for|to) (?:my|him|her|them)",
        r"travel[a-z]*|trip|holiday|vacation|while i am away|abroad",
    ),
    _p(
        "no reason to live",
        r"(?:had enough|done|finished|sick|over|fed up|so done) (?:of |with )(?:life|living|being alive|existing|this life|my life)\b(?! (?:in|at|here|there|as|like))",
    ),
    _p(
        "wish to die",
        r"(?:want|wish|wishing|wanted|long|longing|would love|just want) (?:to |i could )?(?:just )?sleep (?:forever|for ever|and never wake|permanently)|(?:deserve|deserves) to (?:be dead|not exist|not be alive|not be here|disappear)",
    ),
    _p(
        "self-harm",
        r"(?:might|could|would|going to|will|want to|wanted to|afraid i will|scared i will) do (?:something )?(?:stupid |bad )?to my ?self|(?:scared|afraid|worried|terrified) (?:of|about) what i (?:might|could|would|will|am going to) do(?! (?:next|about|with|if|for|at))",
    ),
    _p(
        "self-harm",
        r"(?:knife|blade|razor|glass|scissors|lighter) (?:[a-z]+ ){0,3}(?:my )?(?:wrists?|arms?|throat|skin|legs?|thighs?)|(?:wrists?|throat) (?:[a-z]+ ){0,3}(?:knife|blade|razor)",
    ),
    _p(
        "saying goodbye",
        r"sorry for everything(?: [a-z]+){0,4} goodbye|goodbye(?: [a-z]+){0,4} sorry for everything|please tell (?:my )?[a-z]+ (?:that )?i (?:love|am sorry)|goodbye (?:world|everyone|forever|cruel)",
    ),
    _p(
        "self-harm",
        r"(?:stopped|stop|quit|quitting|skipping|skipped|not|refusing|refused) (?:taking )?(?:my )?(?:insulin|medication|meds|medicine|pills|tablets|treatment|dialysis|inhaler)(?: [a-z]+){0,2} (?:on purpose|deliberately)|(?:stopped|not|quit) eating (?:on purpose|deliberately)|(?:starv|punish)[a-z]* (?:my ?self)",
    ),
    _p(
        "danger from someone",
        r"(?:grabbed|grabs|grabbing|squeezed|squeezes|held|holds|pinned) (?:me )?(?:by )?(?:my )?(?:throat|neck)|pinned me (?:down|against)|threw (?:me|things at me) (?:against|across|down)|(?:hurts|hurt|harms|abuses|abused|rapes|raped) me\b",
    ),
    _p(
        "overdose",
        r"(?:over ?dosed|o ?d d|od ed) (?:on|last|yesterday|again)|thinking of doing the same|(?:want|going|planning) to do the same (?:as|thing)",
    ),
    _p(
        "wish to die",
        r"(?:want|wanting|wish|wished|hope|hoping) (?:to |i )?(?:would |could )?(?:just )?die in my sleep|(?:going|want|about) to jump\b(?! (?:in|into|at|on|ship|the gun|to conclusions|right|back|off (?:the )?(?:diving|board))|[a-z])",
    ),
)

_FINAL: tuple[RiskPattern, ...] = (
    # Settling accounts: a message that ends on having done, said or sorted everything.
    _p(
        "saying goodbye",
        r"(?:done|said|finished|sorted|arranged) (?:everything|all|what) i (?:needed|had|wanted) to(?: do| say)?$|(?:will|would|are going to) be (?:fine|okay|ok|alright|better) (?:without me|when i am gone|after i am gone)",
    ),
)

_MORE: tuple[RiskPattern, ...] = (
    _p(
        "better off without me",
        r"(?:simpler|easier|better|happier|lighter|calmer|nicer|freer) (?:[a-z]+ ){0,3}without me(?! [a-z]+ing)|(?:a |dead )weight (?:around|on|to) (?:my |their |his |her |everyone|everybody|them)|waste of (?:space|oxygen|air)",
    ),
    _p(
        "saying goodbye",
        r"my own funeral|(?:left|leaving|wrote|writing|written) (?:a |my )?(?:note|letter)(?: [a-z]+){0,4} (?:on|for|under|by) (?:my|the|his|her|their) (?:desk|bed|pillow|table|door|family|parents|mom|dad|kids|children|husband|wife|partner)",
    ),
    _p(
        "no reason to live",
        r"only (?:thing|reason|one|person) (?:stopping|keeping|holding) me|only reason i am still (?:here|alive|around)|(?:want|need|looking for) (?:a way )?out of (?:this )?life|(?:can not|could not|do not want to) (?:keep )?(?:living|live) like this|keep living like this",
    ),
    _p(
        "end it",
        r"(?:thinking about|think about|thought about|going to|want to|ready to|planning to|plan to|considering) end(?:ing)? (?:things|it all|everything|it|my pain for good)(?! with| between| off| for (?:him|her|them|us)| here| now and| early)",
    ),
    _p(
        "method",
        r"(?:tonight|the night|today|this weekend|this week)(?: [a-z]+){0,6} (?:finally|actually) do it|(?:finally|actually) (?:going to )?do it (?:tonight|today|this time|for real)",
    ),
    _p(
        "overdose",
        r"(?:took|swallowed|taken|has taken|had taken) (?:something|a lot of something|a bunch of (?:stuff|something))|(?:locked|shut) (?:her|him|them)sel(?:f|ves) in (?:[a-z]+ ){0,3}(?:took|taken|pills|razor|knife)",
    ),
)

_MEANS: tuple[RiskPattern, ...] = (
    _p(
        "method",
        r"(?:car|garage)(?: [a-z]+){0,6} engine (?:running|on)|engine (?:running|on)(?: [a-z]+){0,6} (?:garage|closed door)|(?:tallest|highest) (?:building|bridge|tower|cliff|car park|parking garage)|top (?:floor )?of the (?:building|bridge|tower|car park|parking garage) (?:[a-z]+ ){0,4}(?:know why|think about|thinking about|and jump)",
    ),
    _p(
        "someone else at risk",
        r"(?:sent|gave|texted|emailed) me (?:all )?(?:her|his|their) (?:passwords|bank details|pin|will)|(?:told|asked) me to look after (?:her|his|their) "
        + _THINGS
        + r"|look after (?:her|his|their) "
        + _THINGS
        + r" (?:if|when|after|once|for good|forever)",
    ),
)

_IMAGERY: tuple[RiskPattern, ...] = (
    _p(
        "suicide",
        r"(?:hang|hanging|hanged|drown|drowning|shoot|shooting|poison|poisoning|suffocate|suffocating|strangle|strangling) "
        + _SELF,
    ),
    _p(
        "wish to die",
        r"(?:picturing|picture|imagining|imagine|see|seeing|dream(?:ing)? (?:of|about)|fantasi[sz]ing about) (?:my ?self )?(?:hanging|jumping|dead|dying(?! of| laughing)|in a coffin|not being here|overdosing|drowning|at my own funeral)",
    ),
    _p(
        "pills saved",
        _PILLS + r" instead of taking (?:them|it)|instead of taking (?:my |the )?" + _PILLS,
    ),
    _p(
        "no reason to live",
        r"(?:done|tired of|sick of|finished) waiting (?:for (?:it|things|life) to get better)|it gets better(?: [a-z]+){0,4} (?:done|tired of|sick of) waiting|ready to (?:go|leave) (?:for good|now)?$",
    ),
    _p(
        "burden",
        r"(?:being|i am|i feel like|always) (?:a |such a |just a |only a )?(?:problem|nuisance|drain|burden) (?:for|to|on) (?:everyone|everybody|my family|them|all|people|the people)",
    ),
)

# Means within reach together with a word of finality, anywhere in the same message.
_MEANS_WORDS = (
    r"(?:"
    + _PILLS
    + r"|rope|noose|gun|knife|blade|razors?|vodka and|whisky and|bottle of [a-z]+ and)"
)
_FINALITY = r"(?:i am done(?! with)|and i am done|finally|goodbye|for good|forever|last (?:time|night|message|day)|end it|tonight is the night|it is time|no more)"
_COMBINED: tuple[RiskPattern, ...] = (
    _p(
        "wish to die",
        r"(?:go|goes|going|fade|fading|turn|turns) (?:black|dark|out|away)(?: [a-z]+){0,3} (?:stay that way|forever|for good|and never come back|permanently)",
    ),
    _p(
        "end it",
        r"(?:something|anything|a way|the means|what i need) to end (?:it|it all|my life|everything)(?! with (?:him|her|them|me|my|our|the|a|this|that|you|us|someone))",
    ),
    _p(
        "method",
        _MEANS_WORDS
        + r"(?: [a-z]+){0,10} "
        + _FINALITY
        + r"|"
        + _FINALITY
        + r"(?: [a-z]+){0,10} "
        + _MEANS_WORDS,
        r"pharmacy|prescription|refill|doctor (?:said|changed|switched)|side effects|pick up|skills|cooking|kitchen|chef|sharpen",
    ),
    _p(
        "wish to die",
        r"never (?:been|be) born|never (?:have )?existed|(?:do not|no longer|never) (?:belong|fit in|have a place) (?:on|in) (?:this |the )?(?:earth|world|planet)|no place for me (?:on|in) (?:this |the )?(?:earth|world)",
    ),
    _p(
        "self-harm",
        r"(?:want|need|urge|going) to cut(?: again| deep| myself)?$|(?:want|need|going) to cut (?:again|deep|tonight)",
    ),
)

# Compositional families: a harm verb aimed at one's own body, or means within reach with a
# sign of readiness, whatever the determiners and word order in between.
_BODY = r"(?:my ?self|him ?self|her ?self|them ?sel(?:f|ves)|(?:my|his|her|their) (?:wrists?|arms?|legs?|thighs?|skin|stomach|body|neck|throat))"
_HARM = r"(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|hang|hangs|hanged|hanging|shoot|shoots|shot|shooting|stab|stabs|stabbed|stabbing|slit|slitting|poison|poisoned|poisoning|drown|drowned|drowning|scratch|scratched|scratching|hurt|hurting|harm|harmed|harming)"
_REACH = (
    r"(?:rope|noose|gun|knife|knives|blades?|razors?|"
    + _PILLS
    + r"|bridge|ledge|rooftop|roof|train tracks|tracks)"
)
_READY = r"(?:lined up|ready|saved|laid out|counted|in front of me|on the (?:desk|table|bed)|know where|staring at|looking at|keep looking|tonight|goodbye|the plan|my plan|enough to)"
_COMPOSED: tuple[RiskPattern, ...] = (
    _p(
        "burden",
        r"(?:having to|have to|need to|needing to) (?:deal with|put up with|worry about|look after|carry|babysit) me(?! (?:at|in|during|for) (?:work|school|the))|(?:deal|put up) with me (?:too|as well|on top)",
    ),
    _p(
        "saying goodbye",
        r"(?:sorry|love (?:you|me))(?: [a-z]+){0,6} (?:not (?:to )?be sad|do not be sad|do not cry|not to cry|not to miss)|(?:do not|not to) be sad (?:when|after|about me|when i am gone)",
    ),
    _p(
        "no future",
        r"soon i (?:will not|can not|will no longer) be (?:able to|here|around)|lived long enough|(?:stopped|stop) eating (?:and|on purpose|to die|so i)",
    ),
    _p(
        "method",
        r"how (?:much|many) (?:[a-z]+ ){0,3}(?:is|are|would be|it takes to be|to be) (?:fatal|lethal|deadly|enough to (?:die|kill))|(?:fatal|lethal) (?:dose|amount|overdose)",
    ),
    _p(
        "wish to die",
        r"be done with (?:it all|everything|life|living|this life)(?! (?:at|in) (?:work|school))|better off (?:in the ground|six feet under|in a grave|in a box|not existing|never born)",
    ),
    _p(
        "no future",
        r"(?:it|nothing|none of (?:this|it)) (?:will not|is not going to) matter (?:soon|much longer|for long|any ?more soon|after)",
    ),
    _p(
        "giving things away",
        r"(?:hand(?:ing|ed)? out|pass(?:ing|ed)? on|giv(?:e|ing|en) out) (?:all )?(?:of )?(?:my|her|his|their) (?:stuff|things|belongings|possessions)|(?:will not|not going to|shall not) be needing (?:it|them|any of (?:it|this|them)|my [a-z]+)(?: any ?more| much longer| soon| where i am going)?$",
    ),
    _p(
        "saying goodbye",
        r"(?:say|said|saying) (?:goodbye|bye) to you (?:properly|for good|for the last time|while i can|before i go)|(?:want|wanted|need|wanna) to say (?:a proper )?goodbye (?:to you|properly|while i can|before i go|to everyone)",
    ),
    _p(
        "no way out",
        r"(?:can not|cannot|do not think i can|not sure i can|could not) (?:keep going|go on|hold on|keep doing this|do this|last|carry on) (?:much |any )?longer|want out$|want out of (?:everything|it all|this world|existence|this life)|tired of being (?:me|alive|here|myself)",
    ),
    _p(
        "wish to die",
        r"waiting to die|waiting for (?:death|the end to come)|(?:if|once|when) i (?:died|disappeared|was gone|were gone|vanished)(?: [a-z]+){0,3} (?:would|will) (?:anyone|anybody|people|they|you|my family) (?:even )?(?:notice|care|miss me|cry)|would (?:anyone|anybody) (?:even )?(?:notice|care|miss me) if i (?:died|was gone|were gone|disappeared|vanished|was not here)",
    ),
    _p(
        "end it",
        r"end (?:my|the|all (?:my|the|this)|this) (?:suffering|pain|misery|existence)(?: once and for all| for good| forever| permanently)?(?! (?:at|in|with) (?:work|school|the gym|this job))",
        r"tooth|toothache|headache|migraine|back pain|knee|cramps|period|hangover|cold|flu|painkillers? will",
    ),
    _p(
        "saying goodbye",
        r"(?:wrote|writing|written|drew|drawing|posted|posting) (?:a |an )?(?:[a-z]+ )?(?:poem|story|note|song|picture|drawing|post|message|letter)s? about (?:dying|suicide|killing (?:my|him|her|them)sel(?:f|ves)|wanting to die|ending it|not being here)",
    ),
    _p(
        "better off without me",
        r"(?:nobody|no one|no-one) would (?:even )?(?:miss|notice|care about|care if) (?:me|i)",
    ),
    _p(
        "saying goodbye",
        r"goodbye (?:to me )?(?:in )?(?:a |such a )?(?:really |very |super )?(?:strange|weird|final|odd|serious|different) way|said goodbye like (?:it was )?(?:the last time|forever|for good)",
    ),
    _p(
        "self-harm",
        r"(?:arms?|wrists?|legs?|thighs?|skin|body) (?:is |are )?(?:covered in|full of|with) (?:fresh )?(?:cuts|burns|scars)|fresh (?:cuts|burns|scars)",
        r"cat|dog|kitten|puppy|bramble|thorn|cooking|oven|surgery|operation",
    ),
    _p(
        "self-harm",
        r"(?:will|would|going to|want to|wants to|keep|kept|started|i|he|she|they|been|again) "
        + _HARM
        + r"(?: up| open| into| on| at)? "
        + _BODY,
        r"by accident|accidentally|cooking|chopping|shaving|kitchen|sunburn|sun|iron|oven|playing|football|gym|training|running|skiing|fell|falling|slipped|tripped|in the foot|lol",
    ),
    _p(
        "method",
        _REACH
        + r"(?: [a-z]+){0,8} "
        + _READY
        + r"|"
        + _READY
        + r"(?: [a-z]+){0,4} (?:the |my |a )?"
        + _REACH,
        r"pharmacy|prescription|refill|side effects|cooking|kitchen drawer for|skills|sharpen|view|sunset|fireworks|repair|fix|roofer|gutter|football|hunting licen[cs]e|bridge (?:club|game|night|party)|play bridge|roof (?:party|bar|terrace)",
    ),
    _p(
        "self-harm",
        r"(?:do|doing) something (?:stupid|bad|drastic|dangerous)(?: to my ?self)? (?:tonight|today|soon|again)|(?:scared|afraid|worried) i (?:will|would|might) do something (?:stupid|bad|drastic)",
    ),
    _p(
        "no future",
        r"(?:not going to|will not|do not think i will|won't) (?:make it|be (?:here|around|alive)) (?:to|until|till|for|past) (?:my |the |next )?(?:birthday|christmas|new year|summer|spring|next year|the weekend|next week|tomorrow)",
    ),
    _p(
        "saying goodbye",
        r"(?:letter|note|message)s? (?:to )?explain(?:ing)? why i (?:did|do|am doing) (?:it|this)|(?:can not|could not) face another (?:day|morning|night|week)$",
    ),
    _p(
        "wish to die",
        r"(?:wish|hope|hoping|praying) (?:that )?(?:a|the|some) (?:car|bus|truck|train|lorry) (?:would |will )?(?:hit|kill|run over) me|(?:want|wish|wanted) to (?:just )?not wake up",
    ),
)

# Three warning-sign classes added after the held-out check (see docs/routing.md): wanting
# to stop living worded as stopping a daily act, imagining oneself gone from others' lives,
# and lingering at a height.
_ABSENCE: tuple[RiskPattern, ...] = (
    _p(
        "wish to die",
        r"(?:want|wish|wishing|wanted|would like|just want) (?:to |i could )?(?:just )?stop "
        r"(?:waking up|being alive|being here|living|breathing|existing|being around)",
    ),
    _p(
        "being a burden",
        r"(?:if|when|once) i (?:was|were|am) (?:not|no longer) (?:part of|in) (?:the picture|"
        r"their lives|his life|her life|anyone s life|this world|the world|it)(?: any ?more)?"
        r"|(?:was|were) (?:not|no longer) (?:part of|in) the picture any ?more",
    ),
    _p(
        "means",
        r"(?:on|at|up on) (?:the |a )?(?:roof|rooftop|ledge|bridge|edge)(?: [a-z]+){0,5} "
        r"(?:for (?:an hour|hours|a long time|ages|a while) )?(?:just )?(?:looking|staring|peering) "
        r"(?:down|over the edge)",
        unless=r"view|sunset|fireworks|roofer|gutter|repair|fix|stars|city lights",
    ),
)

PATTERNS: tuple[RiskPattern, ...] = (
    _CORE + _BROAD + _WAYS + _FINAL + _MORE + _MEANS + _IMAGERY + _COMBINED + _COMPOSED + _ABSENCE
)

# Giving possessions away is a classic warning sign; giving to charity or when moving is not.
GIVING = re.compile(
    r"\b(?:giv(?:e|es|ing|en)|gave) (?:away )?(?:all |most |some )?(?:of )?(?:my )?"
    r"(?:stuff|things|belongings|possessions|everything|favourite|favorite|prized)"
    r"|\b(?:giv(?:e|es|ing|en)|gave) away (?:all |most |some )?(?:of )?my [a-z]+"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:my |all my )[a-z]+ away\b"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:all )?my (?:[a-z]+ ){1,8}to (?:my |a |her |his |their |the )?"
    r"(?:little |big |younger |older |best )?(?:brother|sister|friends?|neighbou?rs?|mom|dad|kids|"
    r"children|son|daughter|cousin|roommate|flatmate|family|nephew|niece|neighbou?r|colleague|coworker)s?\b"
)
GIVING_ORDINARY = re.compile(
    r"\b(?:old|spare|extra|unused|charity|donat[a-z]*|declutter[a-z]*|moving|move out|garage sale|yard sale|"
    r"thrift|outgrown|spring clean[a-z]*|sell(?:ing)?|secret|spoiler|ending of the|new one|"
    r"upgrad[a-z]*|birthday|christmas|present|gift|lend|lent|borrow[a-z]*|number|address)\b"
)
