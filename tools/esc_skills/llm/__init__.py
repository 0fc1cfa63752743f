"""The one layer that talks to language models: backends behind a cached, limited client."""

from esc_skills.llm.client import LLMClient, RoleSettings, settle
from esc_skills.llm.errors import BackendUnreachable, LLMError, TransientError
from esc_skills.llm.fake import FakeBackend
from esc_skills.llm.types import Backend, LLMRequest, LLMResponse, Message, Usage

__all__ = [
    "Backend",
    "BackendUnreachable",
    "FakeBackend",
    "LLMClient",
    "LLMError",
    "LLMRequest",
    "LLMResponse",
    "Message",
    "RoleSettings",
    "TransientError",
    "Usage",
    "settle",
]
