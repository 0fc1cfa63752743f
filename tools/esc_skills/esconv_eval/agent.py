"""The LLM agent as an ESConv predictor: the next supporter utterance and its strategy.

It reuses the SAGE supporter (esc_skills.agent.SupportAgent): the same system prompt, bank
catalog and BM25-loaded skill bodies, so a bank is judged the same way at both levels. The
gold history goes into one user message (the next utterance may continue the supporter's
own turn, which a chat transcript cannot end on), followed by the ESConv task.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from string import Template

from esc_skills import resources
from esc_skills.agent.agent import SupportAgent
from esc_skills.agent.retrieval import RetrievalQuery
from esc_skills.bank import Skill
from esc_skills.esconv_eval.context import TurnExample, format_history
from esc_skills.esconv_eval.records import AgentAnswer, AgentSettings
from esc_skills.llm import LLMClient
from esc_skills.llm.types import JSONSchema, LLMRequest

PROMPT = "esconv_response.md"
# One line each, in our words, after the strategy definitions of Liu et al. (ACL 2021).
STRATEGY_DEFINITIONS = {
    "Question": "asks for information about the problem or the seeker's feelings",
    "Restatement or Paraphrasing": "restates what the seeker said, more concisely",
    "Reflection of feelings": "names and reflects the feelings the seeker expresses",
    "Self-disclosure": "shares a similar experience or feeling of the supporter's own",
    "Affirmation and Reassurance": "affirms the seeker's strengths, efforts or worth; reassures",
    "Providing Suggestions": "suggests a way to change or cope, without imposing it",
    "Information": "gives useful facts, data, explanations or resources",
    "Others": "anything else: greetings, thanks, small talk, closing",
}


@lru_cache(maxsize=2)
def _template(name: str) -> Template:
    return resources.template(name)


def answer_schema(strategies: Sequence[str], offered: Sequence[str]) -> JSONSchema:
    """The agent's answer: strategy (an enum), reply, and the loaded skills it followed."""
    properties: JSONSchema = {
        "strategy": {"type": "string", "enum": list(strategies)},
        "reply": {"type": "string", "minLength": 1},
    }
    if offered:
        properties["skills_applied"] = {
            "type": "array",
            "items": {"type": "string", "enum": list(offered)},
        }
    return {"type": "object", "properties": properties, "required": list(properties)}


class AgentPredictor:
    """Asks the agent role for each example's next utterance and strategy."""

    def __init__(
        self,
        client: LLMClient,
        skills: Sequence[Skill],
        *,
        strategies: Sequence[str],
        top_k: int = 3,
        history_utterances: int | None = None,
    ) -> None:
        self.client = client
        self.strategies = list(strategies)
        self.supporter = SupportAgent(client, skills, top_k=top_k)
        self.history_utterances = history_utterances

    @property
    def settings(self) -> AgentSettings:
        """What shapes the prompt besides the bank and model (part of a run's identity)."""
        return {"top_k": self.supporter.top_k, "history": self.history_utterances}

    @property
    def model(self) -> str:
        """The model behind the agent role."""
        return self.supporter.model

    def messages(self, example: TurnExample, loaded: Sequence[Skill]) -> list[dict[str, str]]:
        """System prompt (SAGE supporter + loaded skills) and the ESConv task message."""
        fields: dict[str, str | list[str]] = {"strategy": "<one of the eight strategy names>"}
        if loaded:
            fields["skills_applied"] = ["<names of the loaded skills you followed>"]
        fields["reply"] = "<the supporter's next message>"
        dialogue = format_history(example.history, self.history_utterances)
        task = _template(PROMPT).safe_substitute(
            strategies="\n".join(
                f"- {s}: {STRATEGY_DEFINITIONS.get(s, '')}".rstrip(": ") for s in self.strategies
            ),
            dialogue=dialogue or "(nothing yet: the supporter opens the conversation)",
            answer_format=json.dumps(fields),
        )
        return [
            {"role": "system", "content": self.supporter.system_prompt(loaded)},
            {"role": "user", "content": task},
        ]

    async def request_for(self, example: TurnExample) -> LLMRequest:
        """The model request ``predict_one`` makes for this example (for batch mode)."""
        history = [{"role": t.speaker, "content": t.text} for t in example.history]
        loaded = await self.supporter.retriever.select(
            RetrievalQuery(context=history), self.supporter.top_k
        )
        return self.client.request_for(
            "agent",
            self.messages(example, loaded),
            schema=answer_schema(self.strategies, [s.name for s in loaded]),
            schema_name="esconv_reply",
        )

    async def predict_one(self, example: TurnExample) -> AgentAnswer:
        """One prediction record: strategy, response, skills offered and applied."""
        history = [{"role": t.speaker, "content": t.text} for t in example.history]
        loaded = await self.supporter.retriever.select(
            RetrievalQuery(context=history), self.supporter.top_k
        )
        offered = [s.name for s in loaded]
        response = await self.client.complete(
            "agent",
            self.messages(example, loaded),
            schema=answer_schema(self.strategies, offered),
            schema_name="esconv_reply",
        )
        data = response.data
        applied = [n for n in dict.fromkeys(data.get("skills_applied", [])) if n in offered]
        return {
            "predicted_strategy": str(data["strategy"]),
            "response": " ".join(str(data["reply"]).split()),
            "skills_offered": offered,
            "skills_applied": applied,
            "cached": response.cached,
        }
