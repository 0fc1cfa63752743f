"""Bind a verification record to the exact content it measured, and seal it.

A record names the candidate commit it started from, a digest of the behaviour-changing
content it verified (``skills/`` and ``prompts/`` trees), the base commit and base content
it was measured against, and every setting that changes an outcome. The seal is an
HMAC-SHA256 of the whole record under a key only the tool holds ($ESC_SKILLS_EVOLVE_KEY, else
a random key kept in ``.git/esc-evolve/key``), so a hand-written or edited record is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from esc_skills.evolve.records import Proposal, RecordedSettings, RoleSettings, VerificationRecord
from esc_skills.gitops import GitOps

if TYPE_CHECKING:  # only named in annotations; importing them here would load the simulator
    from esc_skills.evolve.decide import Rule
    from esc_skills.evolve.verify import Simulator
    from esc_skills.llm import LLMClient

KEY_ENV = "ESC_SKILLS_EVOLVE_KEY"
CONTENT = ("skills", "prompts")  # the folders whose content changes what the agent does
TRAILER = "Evolve-Step"  # marks the commits the tool wrote: "Evolve-Step: propose"


def seal_key(ops: GitOps) -> bytes:
    """The sealing key: $ESC_SKILLS_EVOLVE_KEY, else this clone's own random key."""
    env = os.environ.get(KEY_ENV, "")
    if env:
        return env.encode("utf-8")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # A runner's clone is thrown away: a key made here could never be checked again.
        from esc_skills.errors import ConfigError

        raise ConfigError(
            f"${KEY_ENV} is not set on this GitHub Actions runner; add the secret {KEY_ENV} "
            "and pass it to the verify and settle steps (docs/evolution.md)"
        )
    path = Path(ops.repo.common_dir) / "esc-evolve" / "key"
    if not path.exists():
        _create_key(path)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def _create_key(path: Path) -> None:
    """Make the clone's key whole or not at all; the first of two racing commands wins."""
    # Written in full under a private name, then linked into place: a command killed midway
    # leaves no empty key (which would seal with b""), and a racer's FileExistsError is fine.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"key.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        # FileExistsError: another evolve command made the key a moment ago; use theirs.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def content_digest(trees: dict[str, str]) -> str:
    """One digest of the behaviour-changing folders' git tree ids."""
    text = "\n".join(f"{name}:{trees.get(name, '')}" for name in CONTENT)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_at(ops: GitOps, ref: str) -> str:
    """The content digest of a commit."""
    return content_digest({name: ops.tree_id(ref, name) for name in CONTENT})


def prompts_digest() -> str:
    """A digest of the prompt templates this tool version sends to the models."""
    from esc_skills.paths import PROMPTS_DIR

    h = hashlib.sha256()
    for path in sorted(PROMPTS_DIR.glob("*.md")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _canonical(rec: Mapping[str, object]) -> bytes:
    body = {k: v for k, v in rec.items() if k != "seal"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal(rec: Mapping[str, object], key: bytes) -> str:
    """The record's seal (HMAC-SHA256 of its canonical JSON without the seal)."""
    return "hmac-sha256:" + hmac.new(key, _canonical(rec), hashlib.sha256).hexdigest()


def sealed(rec: Mapping[str, object], key: bytes) -> bool:
    """Whether the record carries a seal this key made for exactly this content."""
    given = rec.get("seal")
    return isinstance(given, str) and hmac.compare_digest(given, seal(rec, key))


def is_tool_commit(message: str) -> bool:
    """Whether a commit message carries the tool's trailer."""
    return any(line.startswith(f"{TRAILER}: ") for line in message.splitlines())


def trailer(step: str) -> str:
    """The trailer block appended to every commit message the tool writes."""
    return f"\n\n{TRAILER}: {step}"


def problem(
    ops: GitOps, rec: VerificationRecord, tip: str, base_tip: str, key: bytes
) -> tuple[str, str] | None:
    """Why a recorded verification cannot be merged now: (kind, reason), or None when it can.

    kind is ``forged`` (not the tool's record), ``moved`` (the branch changed since) or
    ``stale`` (the base's content changed since): the last two are cured by re-verifying.
    """
    bind = rec.get("binding")
    if not isinstance(bind, dict) or "seal" not in rec:
        return "forged", "its verification.json has no binding or seal (hand-written or old)"
    if not sealed(rec, key):
        return "forged", (
            "its verification.json was not produced by esc-skills for this content (the seal "
            f"does not match; is ${KEY_ENV} the one verification used?)"
        )
    if (
        ops.parents(tip)[:1] != [bind["candidate_commit"]]
        or content_at(ops, tip) != bind["candidate_content"]
    ):
        return "moved", (
            f"the branch moved after verification (its tip {tip[:10]} is not the verified "
            f"commit on top of {bind['candidate_commit'][:10]})"
        )
    if content_at(ops, base_tip) != bind["base_content"] or not ops.is_ancestor(
        bind["base_commit"], tip
    ):
        return "stale", (
            f"the base's bank changed since verification against {bind['base_commit'][:10]}"
        )
    return None


def blocking(
    ops: GitOps, rec: VerificationRecord, tip: str, base_tip: str, key: bytes
) -> tuple[str, str] | None:
    """The problem that stops acting on a record; a rejection only stale still closes.

    Closing loses nothing (the commits stay reachable) and a base that moved on does not
    make a rejected candidate better, so only an acceptance must be measured again.
    """
    found = problem(ops, rec, tip, base_tip, key)
    if found and found[0] == "stale" and rec.get("decision") == "rejected":
        return None
    return found


def recorded_settings(
    client: LLMClient | None, simulator: Simulator | None, proposal: Proposal, rule: Rule
) -> RecordedSettings:
    """Every setting that changes a verification's outcome, for verification.json."""
    from esc_skills import __version__

    roles: dict[str, RoleSettings] = {}
    if client is not None:
        for role in sorted(client.roles):
            opts = client.settings_for(role)
            roles[role] = {
                "model": opts.model,
                "temperature": opts.temperature,
                "max_tokens": opts.max_tokens,
                "seed": opts.seed,
            }
    describe = getattr(simulator, "describe", None)
    return {
        "profiles": list(proposal["verify_profiles"]),
        "seed": proposal["seed"],
        "rule": rule.to_dict(),
        "simulation": describe() if callable(describe) else {},
        "signature": simulator.signature() if simulator is not None else "",
        "roles": roles,
        "prompts_digest": prompts_digest(),
        "tool_version": __version__,
    }
