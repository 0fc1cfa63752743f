"""The client: cache hits, in-flight sharing, schema re-asks, accounting, settle()."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from esc_skills.llm import FakeBackend, LLMClient, LLMError, settle
from esc_skills.llm.cache import ResponseCache
from esc_skills.llm.factory import make_client

SCHEMA = {
    "type": "object",
    "properties": {"mood": {"type": "integer", "minimum": 0, "maximum": 100}},
    "required": ["mood"],
}


def _client(tmp_path: Path, backend: FakeBackend) -> LLMClient:
    return make_client(
        model="fake/test", backends={"fake": backend}, cache_path=tmp_path / "cache.sqlite"
    )


async def test_second_identical_run_makes_zero_calls(tmp_path: Path) -> None:
    fake = FakeBackend(lambda req: {"mood": len(req.messages[-1].content)}, cacheable=True)
    first = _client(tmp_path, fake)
    prompts = [f"prompt {i}" for i in range(20)]
    one = [await first.complete("agent", [{"role": "user", "content": p}], schema=SCHEMA)
           for p in prompts]  # fmt: skip
    assert len(fake.calls) == 20 and not any(r.cached for r in one)

    again = FakeBackend(lambda req: {"mood": -1}, cacheable=True)  # differs if ever called
    second = _client(tmp_path, again)
    two = await asyncio.gather(
        *(
            second.complete("agent", [{"role": "user", "content": p}], schema=SCHEMA)
            for p in prompts
        )
    )
    assert again.calls == []
    assert [r.data for r in two] == [r.data for r in one]
    assert all(r.cached for r in two)
    total = second.accounting.total()
    assert (total.calls, total.cache_hits) == (0, 20)
    header, *rows = second.summary().splitlines()
    total_row = next(row for row in rows if row.startswith("total"))
    # model calls, re-asks, retries, failed, cache hits
    assert "cache hits" in header and total_row.split()[1:6] == ["0", "0", "0", "0", "20"]
    assert "cache: " in second.summary() and "20 entries" in second.summary()


async def test_scripted_fakes_bypass_the_disk_cache(tmp_path: Path) -> None:
    # Two tests scripting different answers for one prompt must not see each other's
    # through the cache a config file names (the repository's, in real life).
    config = tmp_path / "esc.toml"
    config.write_text('[cache]\npath = "shared.sqlite"\n')
    messages = [{"role": "user", "content": "p"}]
    one = make_client(config, model="fake/t", backends={"fake": FakeBackend(["first"])})
    assert (await one.complete("agent", messages)).text == "first"
    two = make_client(config, model="fake/t", backends={"fake": FakeBackend(["second"])})
    assert (await two.complete("agent", messages)).text == "second"
    assert two.cache is not None and two.cache.stats()["entries"] == 0
    # A cache path given on purpose caches fakes too (tests of resumable runs rely on it).
    three = make_client(model="fake/t", backends={"fake": FakeBackend(["third"])},
                        cache_path=tmp_path / "explicit.sqlite")  # fmt: skip
    four = make_client(model="fake/t", backends={"fake": FakeBackend(["fourth"])},
                       cache_path=tmp_path / "explicit.sqlite")  # fmt: skip
    assert (await three.complete("agent", messages)).text == "third"
    hit = await four.complete("agent", messages)
    assert hit.text == "third" and hit.cached and hit.cost_usd == 0.0


async def test_no_cache_calls_every_time(tmp_path: Path) -> None:
    fake = FakeBackend()
    client = make_client(model="fake/test", backends={"fake": fake}, no_cache=True)
    for _ in range(3):
        await client.complete("seeker", [{"role": "user", "content": "same"}])
    assert len(fake.calls) == 3 and client.cache is None
    assert "cache: off" in client.summary()


async def test_identical_concurrent_requests_are_sent_once(tmp_path: Path) -> None:
    fake = FakeBackend(latency=0.05, cacheable=True)
    client = _client(tmp_path, fake)
    results = await asyncio.gather(
        *(client.complete("agent", [{"role": "user", "content": "x"}]) for _ in range(10))
    )
    assert len(fake.calls) == 1
    assert len({r.text for r in results}) == 1
    assert sum(r.cached for r in results) == 9


async def test_schema_reask_then_success_and_accounting(tmp_path: Path) -> None:
    fake = FakeBackend(["not json", {"mood": 500}, {"mood": 40}])
    client = _client(tmp_path, fake)
    resp = await client.complete("annotator", [{"role": "user", "content": "rate"}], schema=SCHEMA)
    assert resp.data == {"mood": 40}
    assert len(fake.calls) == 3
    # The second re-ask carries the validation error of the first two answers.
    assert "invalid" in fake.calls[2].messages[-1].content
    stats = client.accounting.roles["annotator"]
    assert stats.schema_reasks == 2 and stats.calls == 3


async def test_schema_failure_names_role_model_and_schema(tmp_path: Path) -> None:
    client = _client(tmp_path, FakeBackend(["{", "{", "{"]))
    with pytest.raises(LLMError, match=r"role 'generator' \(fake/test\).*'skill'.*3 tries"):
        await client.complete(
            "generator", [{"role": "user", "content": "x"}], schema=SCHEMA, schema_name="skill"
        )


async def test_settle_keeps_other_calls(tmp_path: Path) -> None:
    def answer(req: object) -> dict[str, int] | str:
        text = req.messages[-1].content  # type: ignore[attr-defined]
        return "broken" if text == "bad" else {"mood": 1}

    client = LLMClient.with_backend(FakeBackend(answer), max_schema_retries=0)
    prompts = ["a", "bad", "c"]
    results = await settle(
        client.complete("agent", [{"role": "user", "content": p}], schema=SCHEMA) for p in prompts
    )
    assert isinstance(results[1], LLMError)
    assert [r.data for i, r in enumerate(results) if i != 1] == [{"mood": 1}, {"mood": 1}]  # type: ignore[union-attr]


def _writer(path: str, worker: int) -> None:
    from esc_skills.llm.types import LLMRequest, LLMResponse, Message

    cache = ResponseCache(path)
    for i in range(40):
        request = LLMRequest("fake/t", (Message("user", f"{worker}-{i}"),))
        cache.put(request, LLMResponse(text=f"answer {worker}-{i}"))
    cache.close()


def test_cache_is_safe_for_concurrent_processes(tmp_path: Path) -> None:
    import multiprocessing

    path = str(tmp_path / "shared.sqlite")
    # fork: a spawned child would have to re-import this test module by its package name.
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    cache = ResponseCache(path)
    assert cache.stats()["entries"] == 120
    from esc_skills.llm.types import LLMRequest, Message

    hit = cache.get(LLMRequest("fake/t", (Message("user", "2-39"),)))
    assert hit is not None and hit.text == "answer 2-39" and hit.cached


async def test_cancelling_the_first_of_two_identical_calls_spares_the_second(
    tmp_path: Path,
) -> None:
    fake = FakeBackend(latency=0.1, cacheable=True)
    client = _client(tmp_path, fake)
    messages = [{"role": "user", "content": "shared"}]
    first = asyncio.create_task(client.complete("agent", messages))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(client.complete("agent", messages))
    await asyncio.sleep(0.01)
    first.cancel()
    resp = await second
    assert first.cancelled() and resp.text.startswith("(fake reply")
    assert client._inflight == {}
    assert client.limiters["fake"].in_flight == 0


async def test_backend_generation_options_are_part_of_the_cache_key(tmp_path: Path) -> None:
    # A local model's repetition penalty changes its answers, so a cached answer made
    # under another setting must not be served.
    messages = [{"role": "user", "content": "how are you?"}]
    answers = []
    for penalty in (1.0, 1.3, 1.3):
        fake = FakeBackend([f"answer at {penalty}"], cacheable=True)
        fake.generation_options = {"repeat_penalty": penalty}  # type: ignore[attr-defined]
        answers.append((await _client(tmp_path, fake).complete("agent", messages), fake))
    (first, fake1), (second, fake2), (third, fake3) = answers
    assert (first.text, second.text) == ("answer at 1.0", "answer at 1.3")
    assert len(fake1.calls) == len(fake2.calls) == 1
    assert third.cached and third.text == "answer at 1.3" and fake3.calls == []


async def test_raw_newlines_inside_json_strings_are_accepted(tmp_path: Path) -> None:
    # Models often write a literal line break inside a string; that answer is still usable.
    schema = {"type": "object", "properties": {"reply": {"type": "string"}}, "required": ["reply"]}
    fake = FakeBackend(['{"reply": "first line\nsecond line"}'])
    resp = await _client(tmp_path, fake).complete(
        "agent", [{"role": "user", "content": "hi"}], schema=schema
    )
    assert resp.data == {"reply": "first line\nsecond line"} and len(fake.calls) == 1


@pytest.mark.parametrize("name", ["notes.txt", "cache", "llm.json"])
def test_an_empty_foreign_file_is_not_turned_into_a_database(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"")
    with pytest.raises(LLMError, match="existing empty file"):
        ResponseCache(target)
    assert target.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no -wal / -shm beside it


@pytest.mark.parametrize("name", ["llm.sqlite", "cache.DB", "x.sqlite3"])
def test_an_empty_file_named_like_a_database_is_used(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"")
    ResponseCache(target).close()
    assert target.read_bytes().startswith(b"SQLite format 3")
