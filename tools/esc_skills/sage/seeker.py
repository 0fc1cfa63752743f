"""The simulated seeker of the SAGE protocol: inner judgement, emotion update, reply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from string import Template
from typing import Any

from esc_skills import resources
from esc_skills.data.profiles import Profile, opening_line
from esc_skills.llm import LLMClient, LLMResponse

START_EMOTION = 40
MAX_EMOTION = 100
FAILURE_BELOW = 10
MAX_CHANGE = 10
LANGUAGES = {"zh": "中文", "en": "English"}
LANGUAGE_NAMES_EN = {"zh": "Chinese", "en": "English"}

JUDGEMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "content": {"type": "string"},
        "target_completion": {"type": "string"},
        "activity": {"type": "string"},
        "analyse": {"type": "string"},
        # No bounds here on purpose: SAGE clips the change to [-10, 10] after the call.
        "change": {"type": "integer"},
    },
    "required": ["content", "target_completion", "activity", "analyse", "change"],
}
REPLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "plan": {
            "type": "object",
            "properties": {
                "attitude": {"type": "string"},
                "goal": {"type": "string"},
                "tone": {"type": "string"},
                "content": {"type": "string"},
            },
            "required": ["attitude", "goal", "tone", "content"],
        },
        "draft": {"type": "string"},
        "rewrite": {"type": "string"},
        "leave": {"type": "boolean"},
    },
    "required": ["plan", "draft", "rewrite", "leave"],
}

_TIER_NOTES = {
    "zh": {
        "S": "你的心结已经解开，心满意足。真诚地道谢，然后道别离开。",
        "A": "你感觉好多了，愿意继续敞开心扉。",
        "B": "你的情绪一般，还在观望对方是否真的懂你。",
        "C": "你很低落，对这次对话有些失望，回应变得敷衍或带刺。",
        "F": "你已经崩溃、不想再聊了。简短地表达失望，然后道别离开。",
    },
    "en": {
        "S": "Your knot has come undone and you feel fully relieved. Thank them and say goodbye.",
        "A": "You feel much better and are willing to open up further.",
        "B": "You feel so-so and are still testing whether they really understand you.",
        "C": "You feel low and let down by this conversation; your replies get curt or prickly.",
        "F": "You have had enough and want to stop. Say briefly that this did not help, then "
        "say goodbye.",
    },
}
_THOUGHT_LABELS = {
    "zh": (
        "你对对方上一条回复的内心想法：",
        {
            "content": "对方想表达的",
            "target_completion": "目的是否达到",
            "activity": "内心活动",
            "analyse": "感受",
        },
    ),
    "en": (
        "Your private thoughts on their last reply:",
        {
            "content": "What they meant",
            "target_completion": "Did it serve your goal",
            "activity": "Inner activity",
            "analyse": "How it felt",
        },
    ),
}
_LANGUAGE_NOTE = {
    "zh": "用中文说话。",
    "en": "Speak English in the rewrite, keeping your persona, temperament and way of talking "
    "(even though your profile is written in another language).",
}
_LABELS = {
    "zh": ("你", "倾听者", "对话记录", "（还没有对话）"),
    "en": ("You", "Supporter", "Conversation so far", "(nothing yet)"),
}
_ASK = {
    "zh": {
        "judge": "请评判倾听者的最后一条回复。",
        "reply": "请写出你的下一句话。",
        "open": "对话现在开始，由你先开口，说出你想倾诉的事。",
        "open_fixed": "对话现在开始。用你自己的话、以中文说出这句开场白，意思不变：",
    },
    "en": {
        "judge": "Judge the supporter's last reply.",
        "reply": "Write your next message.",
        "open": "The conversation starts now and you speak first: open up about what troubles you.",
        "open_fixed": "The conversation starts now. Say this opening line in English, in your "
        "own voice, keeping its meaning:",
    },
}


def tier(emotion: int) -> str:
    """The SAGE tier of an emotion value: S (100), A (>=70), B (>=40), C (>=10), F (<10)."""
    if emotion >= MAX_EMOTION:
        return "S"
    if emotion >= 70:
        return "A"
    if emotion >= 40:
        return "B"
    if emotion >= FAILURE_BELOW:
        return "C"
    return "F"


def apply_change(emotion: int, change: int) -> tuple[int, int]:
    """Clip the change to [-10, 10], add it, cap at 100 (and floor at 0)."""
    clipped = max(-MAX_CHANGE, min(MAX_CHANGE, int(change)))
    return max(0, min(MAX_EMOTION, emotion + clipped)), clipped


@lru_cache(maxsize=8)
def _template(name: str) -> Template:
    return resources.template(name)


@dataclass
class Judgement:
    """The seeker's inner thoughts about a reply and the clipped emotion change."""

    thoughts: dict[str, str]
    change: int
    raw_change: int
    response: LLMResponse


@dataclass
class SeekerReply:
    """What the seeker says next, with its plan."""

    content: str
    plan: dict[str, str]
    leave: bool
    response: LLMResponse | None = None


class Seeker:
    """Plays one profile under the SAGE protocol through the ``seeker`` role."""

    def __init__(
        self,
        client: LLMClient | Any,
        profile: Profile,
        *,
        language: str | None = None,
        seed: int = 0,
    ) -> None:
        self.client = client
        self.profile = profile
        # "profile" and None both mean: speak the language the profile is written in.
        self.language = profile.language if language in (None, "profile") else str(language)
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported seeker language {self.language!r}")
        self.seed = seed

    def _system(self, kind: str, emotion: int, thoughts: str = "") -> str:
        lang = self.language
        current = tier(emotion)
        language_name = LANGUAGES[lang] if lang == "zh" else LANGUAGE_NAMES_EN[lang]
        note = _LANGUAGE_NOTE[lang] if lang != self.profile.language else ""
        return _template(f"seeker_{kind}_{lang}.md").safe_substitute(
            player=self.profile.player,
            scene=self.profile.scene,
            main_cha=self.profile.main_cha,
            cha_group=", ".join(self.profile.cha_group),
            task=self.profile.task,
            emotion=emotion,
            tier=current,
            tier_note=_TIER_NOTES[lang][current],
            thoughts=thoughts,
            language_name=language_name,
            language_note=note,
        )

    def _transcript(self, history: list[dict[str, str]]) -> str:
        you, them, title, empty = _LABELS[self.language]
        lines = [f"[{you if h['role'] == 'seeker' else them}] {h['content']}" for h in history]
        return f"{title}:\n" + ("\n".join(lines) if lines else empty)

    async def opening(self) -> SeekerReply:
        """Turn 1: the profile's ``first_talk``, rendered by the model only when it must be."""
        first = self.profile.first_talk
        if first and self.language == self.profile.language:
            return SeekerReply(content=first, plan={}, leave=False)
        ask = _ASK[self.language]
        instruction = f"{ask['open_fixed']} {first}" if first else ask["open"]
        reply = await self._reply_call([], START_EMOTION, "", instruction)
        if not reply.content.strip():
            reply.content = first or opening_line(self.profile, self.language)
        reply.leave = False
        return reply

    async def judge(self, history: list[dict[str, str]], emotion: int) -> Judgement:
        """The inner judgement of the supporter's last reply (raises LLMError when invalid)."""
        messages = [
            {"role": "system", "content": self._system("judge", emotion)},
            {
                "role": "user",
                "content": f"{self._transcript(history)}\n\n{_ASK[self.language]['judge']}",
            },
        ]
        response = await self.client.complete(
            "seeker",
            messages,
            schema=JUDGEMENT_SCHEMA,
            schema_name="seeker_judgement",
            seed=self.seed,
        )
        data = response.data
        _, clipped = apply_change(0, data["change"])
        thoughts = {
            k: str(data[k]) for k in ("content", "target_completion", "activity", "analyse")
        }
        return Judgement(thoughts, clipped, int(data["change"]), response)

    async def reply(
        self, history: list[dict[str, str]], emotion: int, judgement: Judgement | None
    ) -> SeekerReply:
        """The seeker's next message: plan, draft, and the colloquial rewrite it says."""
        thoughts = ""
        if judgement is not None:
            header, labels = _THOUGHT_LABELS[self.language]
            lines = [f"- {labels[k]}: {v}" for k, v in judgement.thoughts.items()]
            thoughts = "\n".join([header, *lines])
        return await self._reply_call(history, emotion, thoughts, _ASK[self.language]["reply"])

    async def _reply_call(
        self, history: list[dict[str, str]], emotion: int, thoughts: str, instruction: str
    ) -> SeekerReply:
        messages = [
            {"role": "system", "content": self._system("reply", emotion, thoughts)},
            {"role": "user", "content": f"{self._transcript(history)}\n\n{instruction}"},
        ]
        response = await self.client.complete(
            "seeker", messages, schema=REPLY_SCHEMA, schema_name="seeker_reply", seed=self.seed
        )
        data = response.data
        plan = {k: str(v) for k, v in data["plan"].items()}
        plan["draft"] = str(data["draft"])
        text = str(data["rewrite"]).strip() or str(data["draft"]).strip()
        return SeekerReply(content=text, plan=plan, leave=bool(data["leave"]), response=response)
