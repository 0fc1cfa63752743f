"""The offline default ranker: risk first, then activation cues, then BM25 over skill text.

How a skill scores for a message (all matching is on Porter stems, see ``textnorm``):

1. Risk. If ``risk.assess`` finds any risk cue in the recent seeker turns, the bank's crisis
   skill goes first, above everything else. The crisis skill is reached only this way, so
   ordinary messages that share words with it ("hopeless", "no point") are not sent there.
2. Activation cues. Each skill declares taxonomy labels in its metadata (``esc-scenarios``,
   ``esc-seeker-states``); every label brings its cue phrases (the taxonomy's plus
   ``lexicon``'s everyday synonyms). A matched scenario counts most, a matched seeker state
   less, and less again the more skills share that state and the later the skill lists it.
   Phrases quoted in the skill's own "When to use" section count as cues of that skill.
3. Text. BM25 (rank-bm25) over the name, description and "When to use" section, scaled to
   the best match, so skills without labels and unseen wording still rank.

The latest seeker turn counts fully, earlier seeker turns half; supporter turns are ignored
for cues (a supporter saying "it sounds anxious" is not the seeker's anxiety).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from esc_skills.agent import risk
from esc_skills.agent.lexicon import SCENARIO_CUES, SCENARIO_STATE, STATE_CUES
from esc_skills.agent.retrieval import RetrievalQuery, _LuceneBM25, expand_chinese
from esc_skills.agent.scored import Scored
from esc_skills.agent.textnorm import normalize, stem, stems
from esc_skills.bank import Skill

W_SCENARIO = 2.5
W_STATE = 1.5
W_QUOTE = 1.0
W_TEXT = 1.0
EARLIER_TURN = 0.5
# A risk hit about someone else, or about danger from someone, also matches the scenario
# label of the skills for it, so they follow the crisis skill.
RISK_LABELS = {
    "someone else at risk": "crisis-and-self-harm",
    "danger from someone": "abuse-and-violence",
}
RISK_STRENGTH = 2.0
STATE_DECAY = (1.0, 0.6, 0.45, 0.35, 0.3)
MAX_NGRAM = 6
# Minimal replies are withdrawal only when the whole turn is short.
SHORT_TURN_WORDS = 6
SHORT_ONLY = frozenset({"withdrawal"})
# Words seekers mostly use in idioms ("dying to know", "killing me", "dead tired"): a cue made
# of one of them matches only that exact word, and they never count as description terms.
IDIOM_PRONE = frozenset({"die", "dead", "kill", "murder", "death"})
# Figures of speech about death that say nothing about death or grief; removed before cue
# matching (risk detection has its own, stricter patterns and sees the original text).
IDIOMS = re.compile(
    r"\b(?:(?:the )?death of me|(?:is|was|are) killing me|kill(?:ed|ing)? it|murder(?:ed)? me|"
    r"(?:going|gonna) to (?:kill|murder) me|could (?:kill|murder)|die of|dying (?:to|of|laughing)|"
    r"to die for|(?:rather|almost|nearly) (?:die|died)|dead (?:tired|on my feet))\b"
)
_QUOTE = re.compile(r"[\"“]([^\"”]{1,80})[\"”]")
_STOP = frozenset(
    """
    a an the and or of to in on for with is are be it its this that as at by from i me my you
    your he she they them we our was were am do does did so just very really have has had not
    but if then there what when who how can will would could should about feel feeling get got
    like know even still any all some one now again been being want much
    """.split()  # noqa: SIM905 - a word list reads better as text
)

Phrase = tuple[str, ...]


def phrase_stems(phrase: str) -> Phrase:
    """A cue phrase as the sequence it matches: stems, or "=word" exact words."""
    if phrase.startswith("="):
        return tuple("=" + w for w in normalize(phrase[1:]).split())
    return tuple(stems(phrase))


def _ngrams(words: list[str]) -> set[Phrase]:
    out: set[Phrase] = set()
    for n in range(1, MAX_NGRAM + 1):
        out.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def text_grams(text: str) -> set[Phrase]:
    """Stem n-grams and exact-word n-grams of a text (idioms removed), for cue matching."""
    norm = IDIOMS.sub(" ", normalize(expand_chinese(text)))
    return _ngrams([stem(w) for w in norm.split()]) | _ngrams(["=" + w for w in norm.split()])


@dataclass
class _Profile:
    """What one skill is matched by."""

    skill: Skill
    labels: dict[str, tuple[float, bool]] = field(default_factory=dict)  # label -> weight, shared
    quotes: dict[Phrase, str] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)


def _quotes(skill: Skill) -> dict[Phrase, str]:
    text = skill.sections().get("When to use", "")
    out: dict[Phrase, str] = {}
    for raw in _QUOTE.findall(text):
        for part in re.split(r"\.\.\.|…", raw):
            words = phrase_stems(part)
            if 1 <= len(words) <= MAX_NGRAM and any(w not in _STOP for w in words):
                out[words] = " ".join(part.split()).strip(" ,.?!")
    return out


def _guard_idiom(cue: str) -> str:
    # A one-word cue such as "died" would match "die of embarrassment" once stemmed.
    return "=" + cue if " " not in cue.strip() and stem(cue.strip()) in IDIOM_PRONE else cue


def _label_cues(used: set[str]) -> dict[str, dict[Phrase, str]]:
    """Every label's cue phrases (taxonomy plus lexicon), as stems -> display text.

    A scenario no skill in ``used`` lists lends its phrases to the state it implies.
    """
    from esc_skills.taxonomy import load_taxonomy

    cues: dict[str, dict[Phrase, str]] = {}
    try:
        taxonomy = load_taxonomy()
        for kind in ("scenarios", "seeker_states"):
            for label in taxonomy.kind(kind).values():
                bucket = cues.setdefault(label.id, {})
                for cue in label.cues:
                    bucket.setdefault(phrase_stems(_guard_idiom(cue)), cue)
    except Exception:  # a broken taxonomy must not stop routing; lint reports it
        pass
    for table in (SCENARIO_CUES, STATE_CUES):
        for label_id, phrases in table.items():
            bucket = cues.setdefault(label_id, {})
            for cue in phrases:
                bucket.setdefault(phrase_stems(cue), cue)
    for scenario, state in SCENARIO_STATE.items():
        if scenario in used:
            continue
        target = cues.setdefault(state, {})
        for phrase, shown in cues.get(scenario, {}).items():
            target.setdefault(phrase, shown)
    for bucket in cues.values():
        bucket.pop((), None)
    return cues


class CueRanker:
    """Offline ranker: risk detector, activation cues and BM25 (see the module docstring)."""

    name = "cues"

    def __init__(self, skills: Sequence[Skill]) -> None:
        self.skills = list(skills)
        self.crisis = risk.crisis_skill(self.skills)
        self._profiles = [self._profile(s) for s in self.skills]
        self._cues = _label_cues({label for p in self._profiles for label in p.labels})
        share: dict[str, int] = {}
        for profile in self._profiles:
            for label in profile.labels:
                share[label] = share.get(label, 0) + 1
        self._share = share
        docs = [self._doc_stems(s) or ["_empty_"] for s in self.skills]
        self._bm25 = _LuceneBM25(docs) if docs else None

    @staticmethod
    def _doc_stems(skill: Skill) -> list[str]:
        text = "\n".join(
            [
                skill.name.replace("-", " "),
                skill.description,
                skill.sections().get("When to use", ""),
            ]
        )
        return [w for w in stems(text) if w not in _STOP and w not in IDIOM_PRONE and len(w) > 1]

    def _profile(self, skill: Skill) -> _Profile:
        profile = _Profile(skill, quotes=_quotes(skill))
        for label in skill.labels("esc-scenarios"):
            profile.labels[label] = (W_SCENARIO, False)
        states = skill.labels("esc-seeker-states")
        for i, label in enumerate(states):
            # A skill listing one state is about it; one listing five is about none of them.
            decay = STATE_DECAY[min(i, len(STATE_DECAY) - 1)] / math.sqrt(len(states))
            # A skill's first state is its own unless it is a scenario skill; later states,
            # and a scenario skill's states, are shared with many skills.
            shared = i > 0 or bool(profile.labels)
            profile.labels.setdefault(label, (W_STATE * decay, shared))
        profile.terms = set(self._doc_stems(skill))
        return profile

    def _turns(self, query: str | RetrievalQuery) -> list[tuple[str, float]]:
        """Seeker turns to match, newest first, with their weights."""
        if isinstance(query, str):
            return [(query, 1.0)]
        seeker = [t.get("content", "") for t in query.context if t.get("role") == "seeker"]
        turns = [(text, 1.0 if i == 0 else EARLIER_TURN) for i, text in enumerate(seeker[::-1][:4])]
        if query.state:
            turns.append((query.state, EARLIER_TURN))
        return turns

    def _matches(self, turns: list[tuple[str, float]]) -> dict[str, tuple[float, list[str]]]:
        """Label -> (strength, matched cue texts) over the weighted turns."""
        found: dict[str, tuple[float, list[str]]] = {}
        for text, weight in turns:
            grams = text_grams(text)
            short = len(normalize(text).split()) <= SHORT_TURN_WORDS
            for label, cues in self._cues.items():
                hits = [shown for phrase, shown in cues.items() if phrase in grams]
                if not hits:
                    continue
                if label in SHORT_ONLY and not short:
                    continue
                # Distinct cues add up with diminishing returns; longer phrases are surer.
                best = max(len(phrase_stems(h)) for h in hits)
                strength = weight * (1.0 + 0.4 * (best - 1)) * (1.0 + math.log(len(hits)))
                old, shown_old = found.get(label, (0.0, []))
                found[label] = (old + strength, shown_old + [h for h in hits if h not in shown_old])
        return found

    def rank(self, query: str | RetrievalQuery, top_k: int = 3) -> list[Scored]:
        """Skills scored against the query, best first, with why; no overlap means no skill."""
        if not self.skills or top_k <= 0:
            return []
        turns = [(t, w) for t, w in self._turns(query) if t.strip()]
        if not turns:
            return []
        found = self._matches(turns)
        assessment = risk.assess_turns(t for t, _ in turns)
        for cue in assessment.cues:
            if cue in RISK_LABELS:
                strength, shown = found.get(RISK_LABELS[cue], (0.0, []))
                found[RISK_LABELS[cue]] = (strength + RISK_STRENGTH, [*shown, cue])
        query_stems = [
            s for t, _ in turns for s in stems(IDIOMS.sub(" ", normalize(expand_chinese(t))))
        ]
        query_terms = [w for w in query_stems if w not in _STOP | IDIOM_PRONE and len(w) > 1]
        grams = set().union(*(text_grams(t) for t, _ in turns))
        text_scores = list(self._bm25.get_scores(query_terms)) if self._bm25 and query_terms else []
        top_text = max(text_scores, default=0.0)
        results: list[Scored] = []
        for i, profile in enumerate(self._profiles):
            if profile.skill is self.crisis:
                continue  # reached through the risk detector only
            score = 0.0
            cues: list[str] = []
            for label, (weight, shared) in profile.labels.items():
                if label in found:
                    strength, shown = found[label]
                    share = math.sqrt(self._share.get(label, 1)) if shared else 1.0
                    score += weight * strength / share
                    cues.append(f"{label}: {', '.join(shown[:4])}")
            quoted = [shown for phrase, shown in profile.quotes.items() if phrase in grams]
            score += W_QUOTE * len(quoted)
            if top_text > 0:
                score += W_TEXT * text_scores[i] / top_text
            if score <= 0:
                continue
            why: dict[str, list[str]] = {}
            if cues:
                why["cues"] = cues
            if quoted:
                why["when_to_use"] = quoted
            terms = self._shared_terms(profile, turns)
            if terms:
                why["terms"] = terms
            results.append(Scored(profile.skill, float(score), why))
        results.sort(key=lambda r: (-r.score, r.skill.name))
        if assessment.risk and self.crisis is not None:
            top = results[0].score if results else 0.0
            why = {"risk": list(assessment.cues), "risk_phrases": list(assessment.phrases)}
            results.insert(0, Scored(self.crisis, top + 10.0, why))
        return results[:top_k]

    @staticmethod
    def _shared_terms(profile: _Profile, turns: list[tuple[str, float]]) -> list[str]:
        """Seeker words whose stems appear in the skill's description or When to use."""
        seen: list[str] = []
        for text, _ in turns:
            for word in normalize(text).split():
                if word in _STOP or len(word) < 3:
                    continue
                if stem(word) in profile.terms and word not in seen:
                    seen.append(word)
        return seen[:8]

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """The top ``top_k`` skills (the crisis skill first when there is risk)."""
        return [r.skill for r in self.rank(query, top_k)]
