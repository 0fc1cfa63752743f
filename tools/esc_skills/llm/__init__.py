"""The one layer that talks to language models: backends behind a cached, limited client."""

from esc_skills.llm.client import LLMClient
from esc_skills.llm.fake import FakeBackend
from esc_skills.llm.types import Backend, LLMRequest, LLMResponse, Message, Usage

__all__ = ["Backend", "FakeBackend", "LLMClient", "LLMRequest", "LLMResponse", "Message", "Usage"]
