"""The hostile corpus: one entry per attack on a command (see tests/hostile/README.md).

An entry is ``C(id, args, exit, fragment, files=..., env=..., ...)``. In args, env values
and text files, ``{tmp}`` is the case's own folder (also the working directory), ``{data}``
the shared data folder, ``{repo}`` the repository and ``{url:KIND}`` a loopback server that
misbehaves as KIND (tests/hostile/servers.py). ``fragment`` must appear (case-insensitive)
in the one-line ``error:`` message for exit 2, or anywhere in the output otherwise.
The table is kept compact on purpose: an entry too long for one line wraps its remaining
arguments onto an indented second line, and ``# fmt: skip`` stops the formatter from
spreading it over one line per argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.hostile.fixtures import (
    MISSING,
    NOT_UTF8,
    deep,
    dialogue,
    profile,
    sage_record,
    trace,
)


@dataclass(frozen=True)
class Case:
    """One hostile input and what the command must do with it."""

    id: str
    args: tuple[str, ...]
    exit: int
    fragment: str
    files: dict[str, str | bytes] = field(default_factory=dict)  # "dir/" makes a folder
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    ours: tuple[str, ...] = ()  # pre-existing files of the command's own that it may rewrite
    read_only: tuple[str, ...] = ()  # chmod 0o555 (folders) / 0o444 (files); skipped as root
    # "bare": {tmp}/bare.git is a bare repository; "empty": a repo without commits; "repo": one
    # commit of skills/ on main; "detached": that, HEAD detached; "dirty": that, uncommitted.
    git: str | None = None


CASES: list[Case] = []


def C(id: str, args: str | list[str], exit: int, fragment: str, **kw: object) -> None:
    """Add one case; a string of args is split on spaces."""
    argv = tuple(args.split()) if isinstance(args, str) else tuple(args)
    CASES.append(Case(id, argv, exit, fragment, **kw))  # type: ignore[arg-type]


FAKE = "--model fake/x"
SIM = f"simulate {FAKE} --max-rounds 1 --no-progress"
PROFILES = {"p.jsonl": profile("p1")}

# ---------------------------------------------------------------- config files
BAD_CONFIGS: dict[str, tuple[str | bytes, str]] = {
    "roles-entry-string": ('[roles]\nagent = "fake/x"\n', "must be a table"),
    "roles-array": ("roles = [1, 2]\n", "[roles] must be a table"),
    "roles-unknown": ('[roles.boss]\nmodel = "fake/x"\n', "unknown role"),
    "role-model-number": ("[roles.agent]\nmodel = 5\n", "model must be a string"),
    "role-model-malformed": ('[roles.agent]\nmodel = "nomodel"\n', "malformed model"),
    "role-temperature-text": ('[roles.agent]\ntemperature = "hot"\n', "temperature"),
    "role-temperature-nan": ("[roles.agent]\ntemperature = nan\n", "temperature"),
    "role-temperature-inf": ("[roles.agent]\ntemperature = inf\n", "temperature"),
    "role-temperature-negative": ("[roles.agent]\ntemperature = -1.0\n", "temperature"),
    "role-max-tokens-zero": ("[roles.seeker]\nmax_tokens = 0\n", "max_tokens"),
    "role-max-tokens-float": ("[roles.seeker]\nmax_tokens = 1.5\n", "max_tokens"),
    "role-max-tokens-bool": ("[roles.seeker]\nmax_tokens = true\n", "max_tokens"),
    "role-seed-text": ('[roles.agent]\nseed = "x"\n', "seed"),
    "role-section-array": ("[[roles.agent]]\nmodel = 'fake/x'\n", "must be a table"),
    "timeout-negative": ("[backends.fake]\ntimeout = -5\n", "timeout"),
    "timeout-zero": ("[backends.fake]\ntimeout = 0\n", "timeout"),
    "timeout-nan": ("[backends.fake]\ntimeout = nan\n", "timeout"),
    "timeout-inf": ("[backends.fake]\ntimeout = inf\n", "timeout"),
    "timeout-text": ('[backends.fake]\ntimeout = "fast"\n', "timeout"),
    "concurrency-zero": ("[backends.fake]\nconcurrency = 0\n", "concurrency"),
    "concurrency-negative": ("[backends.fake]\nconcurrency = -3\n", "concurrency"),
    "concurrency-float": ("[backends.fake]\nconcurrency = 2.5\n", "concurrency"),
    "rpm-negative": ("[backends.fake]\nrpm = -1\n", "rpm"),
    "tpm-text": ('[backends.fake]\ntpm = "lots"\n', "tpm"),
    "max-retries-negative": ("[backends.fake]\nmax_retries = -1\n", "max_retries"),
    "backend-unknown-type": ('[backends.mine]\ntype = "nope"\n', "unknown type"),
    "backend-section-string": ('[backends]\nmine = "openai"\n', "must be a table"),
    "backends-not-table": ("backends = 3\n", "[backends] must be a table"),
    "base-url-number": ("[backends.openai]\nbase_url = 5\n", "base_url"),
    "fake-latency-text": ('[backends.fake]\nlatency = "slow"\n', "latency"),
    "fake-latency-nan": ("[backends.fake]\nlatency = nan\n", "latency"),
    "base-url-not-url": ('[backends.openai]\nbase_url = "not a url"\n', "base_url"),
    "base-url-ftp": ('[backends.openai]\nbase_url = "ftp://host/v1"\n', "base_url"),
    "api-key-env-list": ("[backends.openai]\napi_key_env = [1]\n", "api_key_env"),
    "prices-entry-string": ('[prices]\n"fake/x" = "cheap"\n', "prices"),
    "prices-negative": ('[prices."fake/x"]\ninput = -1.0\noutput = 1.0\n', "prices"),
    "prices-nan": ('[prices."fake/x"]\ninput = nan\noutput = 1.0\n', "prices"),
    "prices-missing-output": ('[prices."fake/x"]\ninput = 1.0\n', "prices"),
    "cache-enabled-text": ('[cache]\nenabled = "yes"\n', "[cache]"),
    "cache-path-number": ("[cache]\npath = 3\n", "[cache]"),
    "cache-not-table": ('cache = "off"\n', "[cache] must be a table"),
    "data-dir-number": ("[data]\ndir = 7\n", "[data] dir"),
    "invalid-toml": ("[roles\nmodel = \n", "invalid TOML"),
    "duplicate-key": ('[roles.agent]\nmodel = "fake/a"\nmodel = "fake/b"\n', "invalid TOML"),
    "not-utf8": (b'[roles.agent]\nmodel = "fake/\xff"\n', "UTF-8"),
    "binary": (b"\x00\x01\x02\x03\xff\xfe", "UTF-8"),
    "deep-array": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "c.toml: nested too deeply"),
}
for name, (text, fragment) in BAD_CONFIGS.items():
    C(f"config-{name}", "backends list --config c.toml", 2, fragment, files={"c.toml": text})
# The same classes reach every command that builds a client.
for name in ("roles-entry-string", "timeout-negative", "not-utf8", "invalid-toml"):
    text, fragment = BAD_CONFIGS[name]
    files = {"c.toml": text, **PROFILES}
    C(
        f"simulate-config-{name}",
        "simulate --config c.toml --profiles p.jsonl --out t.jsonl",
        2,
        fragment,
        files=files,
    )
    C(f"chat-config-{name}", "chat --config c.toml", 2, fragment, files={"c.toml": text})
    C(
        f"mine-llm-config-{name}",
        "mine run --annotator llm --config c.toml --out run",
        2,
        fragment,
        files={"c.toml": text},
    )
C("config-structured-yaml",
  "simulate --config c.toml --model openai/gpt-x --profiles p.jsonl --out t.jsonl", 2,
  "structured = 'yaml'", files={"c.toml": '[backends.openai]\nstructured = "yaml"\n', **PROFILES},
  env={"OPENAI_API_KEY": "sk-test-not-real-000"})  # fmt: skip
# A byte-order mark (Windows editors write one) is read as UTF-8, not refused.
C("config-bom-ok", "backends list --config c.toml", 0, "fake/x",
  files={"c.toml": '\ufeff[roles.agent]\nmodel = "fake/x"\n'})  # fmt: skip
C("config-flag-missing", "backends list --config nowhere.toml", 2, "does not exist")
C("config-flag-folder", "backends list --config sub", 2, "directory", files={"sub/": ""})
C("config-empty-file-ok", "backends list --config c.toml", 0, "agent", files={"c.toml": ""})

# ---------------------------------------------------------------- environment variables
C("env-config-missing", "backends list", 2, "does not exist", env={"ESC_SKILLS_CONFIG": "no.toml"})
C("env-config-folder", "backends list", 2, "is not a file", env={"ESC_SKILLS_CONFIG": "{tmp}/sub"},
  files={"sub/": ""})  # fmt: skip
C("env-config-not-utf8", "backends list", 2, "UTF-8", env={"ESC_SKILLS_CONFIG": "c.toml"},
  files={"c.toml": NOT_UTF8})  # fmt: skip
C("env-model-malformed", "backends list", 2, "malformed model", env={"ESC_SKILLS_MODEL": "x"})
C("env-model-empty-backend", "backends list", 2, "malformed model", env={"ESC_SKILLS_MODEL": "/m"})
C("env-role-model-malformed", "backends list", 2, "malformed model",
  env={"ESC_SKILLS_SEEKER_MODEL": "fake/"})  # fmt: skip
C("env-model-unknown-backend", "simulate --profiles p.jsonl --out t.jsonl", 2, "unknown backend",
  env={"ESC_SKILLS_MODEL": "nosuch/m"}, files=PROFILES)  # fmt: skip
for where, files, value in (
    ("folder", {"cache/": ""}, "{tmp}/cache"),
    ("not-a-database", {"cache.txt": "my notes, not a database\n"}, "{tmp}/cache.txt"),
    ("under-a-file", {"blocker": "x"}, "{tmp}/blocker/cache.sqlite"),
):
    C(
        f"env-cache-{where}-simulate",
        f"{SIM} --profiles p.jsonl --out t.jsonl",
        2,
        "LLM cache",
        env={"ESC_SKILLS_CACHE": value},
        files={**files, **PROFILES},
    )
    C(
        f"env-cache-{where}-chat",
        f"chat {FAKE}",
        2,
        "LLM cache",
        env={"ESC_SKILLS_CACHE": value},
        files=files,
        stdin=b"hello\n",
    )
C("env-data-dir-missing", f"{SIM} --out t.jsonl", 2, "does not exist",
  env={"ESC_SKILLS_DATA_DIR": "{tmp}/nodata"})  # fmt: skip
C("env-data-dir-file", "data info", 2, "does not exist", env={"ESC_SKILLS_DATA_DIR": "{tmp}/f"},
  files={"f": "x"})  # fmt: skip
C("env-data-dir-empty-mine", "mine run --out run", 2, "",
  env={"ESC_SKILLS_DATA_DIR": "{tmp}/empty"}, files={"empty/": ""})  # fmt: skip
C(
    "env-openai-base-url-garbage",
    "backends check --model openai/m",
    1,
    "FAILED",
    env={"OPENAI_BASE_URL": "{url:garbage}/v1", "OPENAI_API_KEY": "sk-test-not-real-000"},
)

# ---------------------------------------------------------------- model strings and flags
for model, fragment in (
    ("fake", "malformed model"),
    ("/x", "malformed model"),
    ("fake/", "malformed model"),
    ("nosuch/x", "unknown backend"),
    ("local/{tmp}/missing.gguf", "missing.gguf"),
):
    C(
        f"model-{model.split('/')[0] or 'empty'}-{len(model)}",
        ["simulate", "--model", model, "--profiles", "p.jsonl", "--out", "t.jsonl"],
        2,
        fragment,
        files=PROFILES,
    )
for value, fragment in (
    ("seeker", "ROLE=backend/model"),
    ("boss=fake/x", "unknown role"),
    ("agent=", "ROLE=backend/model"),
    ("agent=nomodel", "malformed model"),
):
    C(
        f"role-model-{value.replace('/', '-').replace('=', '-')}",
        ["backends", "list", "--role-model", value],
        2,
        fragment,
    )
C("concurrency-zero-flag", f"{SIM} --concurrency 0 --out t.jsonl", 2, "--concurrency")
C("backends-check-timeout-nan", f"backends check {FAKE} --timeout nan", 2, "--timeout")
C("backends-check-timeout-negative", f"backends check {FAKE} --timeout -1", 2, "--timeout")
C("backends-check-timeout-zero", f"backends check {FAKE} --timeout 0", 2, "--timeout")
C("backends-check-timeout-inf", f"backends check {FAKE} --timeout inf", 2, "--timeout")
for kind in ("garbage", "close", "http500", "notjson"):
    C(
        f"backends-check-server-{kind}",
        "backends check --model mine/m --config c.toml",
        1,
        "FAILED",
        files={
            "c.toml": f'[backends.mine]\ntype = "openai"\nbase_url = '
            f'"{{url:{kind}}}/v1"\nmax_retries = 0\ntimeout = 5\n'
        },
    )

# ---------------------------------------------------------------- profiles (simulate)
BAD_PROFILES: dict[str, tuple[str | bytes, str]] = {
    "empty": ("", "no profiles"),
    "blank-lines": ("\n\n  \n", "no profiles"),
    "not-json": ("hello there\n", "no profiles"),
    "json-array-file": ('[{"id": "p1"}]\n', "no profiles"),
    "not-utf8": (NOT_UTF8, "no profiles"),
    "deep-nesting": (deep() + "\n", "no profiles"),
    "missing-fields": ('{"id": "p1"}\n', "no profiles"),
    "id-number": (profile(id=5), "no profiles"),
    "scene-empty": (profile(scene=""), "no profiles"),
    "task-null": (profile(task=None), "no profiles"),
    "cha-group-string": (profile(cha_group="被动型"), "no profiles"),
    "line-is-number": ("42\n", "no profiles"),
    "nul-bytes": (b"\x00" * 64 + b"\n", "no profiles"),
}
for name, (text, fragment) in BAD_PROFILES.items():
    C(
        f"profiles-{name}",
        f"{SIM} --profiles p.jsonl --out t.jsonl",
        2,
        fragment,
        files={"p.jsonl": text},
    )
C("profiles-missing-file", f"{SIM} --profiles nope.jsonl --out t.jsonl", 2, "not found")
C("profiles-folder", f"{SIM} --profiles sub --out t.jsonl", 2, "is a folder", files={"sub/": ""})
C("ids-file-missing", f"{SIM} --profiles p.jsonl --ids @nope.txt --out t.jsonl", 2, "not found",
  files=PROFILES)  # fmt: skip
C("ids-file-not-utf8", f"{SIM} --profiles p.jsonl --ids @ids.txt --out t.jsonl", 2, "UTF-8",
  files={**PROFILES, "ids.txt": NOT_UTF8})  # fmt: skip
C("ids-file-folder", f"{SIM} --profiles p.jsonl --ids @sub --out t.jsonl", 2, "not found",
  files={**PROFILES, "sub/": ""})  # fmt: skip
C("ids-unknown", f"{SIM} --profiles p.jsonl --ids nobody --out t.jsonl", 2, "nobody",
  files=PROFILES)  # fmt: skip
for flag, value in (
    ("--limit", "0"),
    ("--limit", "-1"),
    ("--max-rounds", "0"),
    ("--parallel", "0"),
    ("--top-k", "-1"),
    ("--lowest", "0"),
    ("--limit", "1e3"),
    ("--seed", "nan"),
):
    C(f"simulate-flag{flag}={value}", [*SIM.split(), flag, value, "--out", "t.jsonl"], 2, flag)
C("simulate-lowest-without-traces", f"{SIM} --profiles p.jsonl --lowest 1 --out t.jsonl", 2,
  "--from-traces", files=PROFILES)  # fmt: skip
C("simulate-lowest-bad-traces",
  f"{SIM} --profiles p.jsonl --lowest 1 --from-traces old.jsonl --out t.jsonl", 2, "old.jsonl",
  files={**PROFILES, "old.jsonl": trace(final_emotion=250)})  # fmt: skip
C("simulate-group-unknown", f"{SIM} --profiles p.jsonl --group nosuch --out t.jsonl", 2, "nosuch",
  files=PROFILES)  # fmt: skip

# ---------------------------------------------------------------- output paths (simulate)
FOREIGN: dict[str, str | bytes] = {
    "text": "my notes\nline two\nlast line\n",
    "text-no-newline": "my notes\nlast line without newline",
    "pretty-json": '{\n  "a": 1,\n  "b": [1, 2]\n}\n',
    "json-array": '[{"profile_id": "p1"}]\n',
    "binary": NOT_UTF8,
    "jsonl-not-traces": '{"a": 1}\n{"b": 2}\n',
    "csv": "id,score\np1,50\n",
}
for name, text in FOREIGN.items():
    C(
        f"simulate-out-foreign-{name}",
        f"{SIM} --profiles p.jsonl --out notes.txt",
        2,
        "not a trace file",
        files={**PROFILES, "notes.txt": text},
    )
C("simulate-out-folder", f"{SIM} --profiles p.jsonl --out sub", 2, "directory",
  files={**PROFILES, "sub/": ""})  # fmt: skip
C("simulate-out-under-file", f"{SIM} --profiles p.jsonl --out blocker/t.jsonl", 2,
  "a file is in the way", files={**PROFILES, "blocker": "keep"})  # fmt: skip
C("simulate-out-read-only-folder", f"{SIM} --profiles p.jsonl --out ro/t.jsonl", 2, "not writable",
  files={**PROFILES, "ro/": ""}, read_only=("ro",))  # fmt: skip
C("simulate-out-read-only-file", f"{SIM} --profiles p.jsonl --out t.jsonl", 2, "not writable",
  files={**PROFILES, "t.jsonl": trace("p0")}, read_only=("t.jsonl",))  # fmt: skip
C("simulate-report-is-file", f"{SIM} --profiles p.jsonl --out t.jsonl --report rep", 2, "file",
  files={**PROFILES, "rep": "mine"})  # fmt: skip
C("simulate-out-trace-out-of-range-no-newline", f"{SIM} --profiles p.jsonl --out t.jsonl", 2,
  "out of range",
  files={**PROFILES, "t.jsonl": trace("p0", final_emotion=250).rstrip("\n")})  # fmt: skip
C("simulate-out-trace-wrong-types", f"{SIM} --profiles p.jsonl --out t.jsonl", 2, "usage",
  files={**PROFILES, "t.jsonl": trace("p0", usage=[1])})  # fmt: skip
C(
    "simulate-resume-other-run",
    f"{SIM} --profiles p.jsonl --out t.jsonl",
    2,
    "t.jsonl",
    files={**PROFILES, "t.jsonl": trace("p0", bank="other-bank", agent_model="anthropic/x")},
)

# ---------------------------------------------------------------- traces (eval sage)
BAD_TRACES: dict[str, tuple[str | bytes, str]] = {
    "final-250": (trace(final_emotion=250), "out of range 0..100"),
    "final-negative": (trace(final_emotion=-40), "out of range 0..100"),
    "final-777": (trace(final_emotion=777), "out of range 0..100"),
    "final-text": (trace(final_emotion="high"), "final_emotion"),
    "final-bool": (trace(final_emotion=True), "final_emotion"),
    "final-1e999": (trace(raw={"final_emotion": "1e999"}), "final_emotion"),
    "final-nan": (trace(raw={"final_emotion": "NaN"}), "final_emotion"),
    "final-neg-infinity": (trace(raw={"final_emotion": "-Infinity"}), "final_emotion"),
    "final-list": (trace(final_emotion=[50]), "final_emotion"),
    "initial-null": (trace(initial_emotion=None), "initial_emotion"),
    "initial-1e999": (trace(raw={"initial_emotion": "1e999"}), "initial_emotion"),
    "profile-string": (trace(profile="someone"), "profile"),
    "profile-id-number": (trace(profile_id=7), "profile_id"),
    "profile-id-empty": (trace(pid=""), "profile_id"),
    "usage-list": (trace(usage=[1, 2]), "usage"),
    "turns-not-list": (trace(turns="many"), "turns"),
    "turns-item-string": (trace(turns=["hi"]), "turns[0]"),
    "turn-role-unknown": (trace(turns=[{"index": 0, "role": "x", "content": "c"}]), "turns[0]"),
    "turn-emotion-777": (
        trace(turns=[{"index": 0, "role": "seeker", "content": "c", "emotion": 777}]),
        "out of range",
    ),
    "turn-emotion-text": (
        trace(turns=[{"index": 0, "role": "seeker", "content": "c", "emotion": "sad"}]),
        "emotion",
    ),
    "skills-applied-number": (
        trace(turns=[{"index": 1, "role": "supporter", "content": "c", "skills_applied": 3}]),
        "skills_applied",
    ),
    "skills-offered-nested": (
        trace(turns=[{"index": 1, "role": "supporter", "content": "c", "skills_offered": [[1]]}]),
        "skills_offered",
    ),
    "turn-index-text": (trace(turns=[{"index": "0", "role": "seeker", "content": "c"}]), "index"),
    "rounds-negative": (trace(rounds=-1), "rounds"),
    "status-unknown": (trace(status="weird"), "status"),
    "end-reason-unknown": (trace(end_reason="bored"), "end_reason"),
    "error-number": (trace(error=5), "error"),
    "bank-null": (trace(bank=None), "bank"),
    "completed-without-final": (trace(final_emotion=None), "final_emotion"),
    "no-profile-id": (trace(profile_id=MISSING), "no profile_id"),
    "json-array-line": ("[" + trace().strip() + "]\n", "JSON array"),
    "deep-nesting": (deep() + "\n", "nested too deeply"),
    "not-utf8": (NOT_UTF8, "not UTF-8"),
    "plain-text": ("hello\nworld\n", "no conversations"),
    "empty": ("", "no conversations"),
    "pretty-json": ('{\n  "profile_id": "p1"\n}\n', "no conversations"),
}
for name, (text, fragment) in BAD_TRACES.items():
    C(f"eval-sage-trace-{name}", "eval sage --traces t.jsonl", 2, fragment, files={"t.jsonl": text})
C("eval-sage-one-bad-counted", "eval sage --traces t.jsonl", 0, "1 record(s)",
  files={"t.jsonl": trace("p1") + trace("p2", final_emotion=250)})  # fmt: skip
C("eval-sage-deep-line-counted", "eval sage --traces t.jsonl", 0, "nested too deeply",
  files={"t.jsonl": deep() + "\n" + trace("p2")})  # fmt: skip
C("eval-sage-not-utf8-line-counted", "eval sage --traces t.jsonl", 0, "not UTF-8",
  files={"t.jsonl": NOT_UTF8 + trace("p2").encode()})  # fmt: skip
C("eval-sage-missing", "eval sage --traces nope.jsonl", 2, "not found")
C("eval-sage-folder", "eval sage --traces sub", 2, "directory", files={"sub/": ""})
C("eval-sage-report-is-file", "eval sage --traces t.jsonl --report rep", 2, "file",
  files={"t.jsonl": trace(), "rep": "mine"})  # fmt: skip
C("eval-sage-as-sage-format", "eval sage --traces t.jsonl --input-format sage", 2,
  "not a SAGE result record", files={"t.jsonl": trace()})  # fmt: skip
C("eval-compare-bad-a", "eval compare a.jsonl b.jsonl", 2, "out of range",
  files={"a.jsonl": trace(final_emotion=250), "b.jsonl": trace()})  # fmt: skip
C("eval-compare-confidence-nan", "eval compare a.jsonl b.jsonl --confidence nan", 2, "--confidence",
  files={"a.jsonl": trace(), "b.jsonl": trace()})  # fmt: skip
C("eval-compare-resamples-small", "eval compare a.jsonl b.jsonl --resamples 5", 2, "--resamples",
  files={"a.jsonl": trace(), "b.jsonl": trace()})  # fmt: skip
C("eval-compare-missing", "eval compare a.jsonl nope.jsonl", 2, "not found",
  files={"a.jsonl": trace()})  # fmt: skip

# ---------------------------------------------------------------- released SAGE logs
BAD_LOGS: dict[str, tuple[str | bytes, str]] = {
    "emo-point-1e999": (sage_record(raw={"emo_point": "1e999"}), "not a SAGE result record"),
    "emo-point-250": (sage_record(emo_point=250), "out of range"),
    "emo-point-negative": (sage_record(emo_point=-5), "out of range"),
    "emo-point-text": (sage_record(emo_point="x"), "not a SAGE result record"),
    "emo-point-nan": (sage_record(raw={"emo_point": "NaN"}), "not a SAGE result record"),
    "history-string": (sage_record(history="abc"), "not a SAGE result record"),
    "history-numbers": (sage_record(history=[1, 2]), "not a SAGE result record"),
    "history-emotion-1e999": (
        sage_record(history=[{"role": "user", "content": "x", "emotion-point": 1e308 * 10}]),
        "not a SAGE result record",
    ),
    "history-emotion-500": (
        sage_record(history=[{"role": "user", "content": "x", "emotion-point": 500}]),
        "out of range",
    ),
    "planning-change-text": (
        sage_record(history=[{"role": "user", "content": "x", "planning": {"change": "up"}}]),
        "not a SAGE result record",
    ),
    "missing-id": (sage_record(id=MISSING), "not a SAGE result record"),
}
for name, (text, fragment) in BAD_LOGS.items():
    C(
        f"sage-log-{name}",
        "eval sage --input-format sage --traces x_result.jsonl",
        2,
        fragment,
        files={"x_result.jsonl": text},
    )
    C(
        f"evolve-analyse-sage-log-{name}",
        "evolve analyse --analyzer offline x_result.jsonl",
        2,
        "x_result.jsonl",
        files={"x_result.jsonl": text},
        git="repo",
    )
for name in ("final-250", "final-1e999", "profile-string", "usage-list", "deep-nesting"):
    text, fragment = BAD_TRACES[name]
    C(
        f"evolve-analyse-trace-{name}",
        "evolve analyse --analyzer offline t.jsonl",
        2,
        fragment,
        files={"t.jsonl": text},
        git="repo",
    )
C(
    "judge-drift-change-1e999",
    f"eval judge-drift {FAKE} --traces x_result.jsonl",
    2,
    "x_result.jsonl",
    files={
        "x_result.jsonl": sage_record(
            history=[{"role": "user", "content": "x", "planning": {"change": 1e308 * 10}}]
        )
    },
)

# ---------------------------------------------------------------- git states (evolve)
C("evolve-status-not-a-repo", "evolve status --repo {tmp}", 2, "git")
C("evolve-status-bare-repo", "evolve status --repo bare.git", 2, "bare", git="bare")
C("evolve-propose-not-a-repo", f"evolve propose {FAKE} --analyzer offline --repo {{tmp}} t.jsonl",
  2, "git", files={"t.jsonl": trace()})  # fmt: skip
C("evolve-analyse-bare-repo", "evolve analyse --analyzer offline --repo bare.git t.jsonl", 2,
  "bare", files={"t.jsonl": trace()}, git="bare")  # fmt: skip
C("evolve-min-improvement-nan", f"evolve run {FAKE} --min-improvement nan t.jsonl", 2,
  "--min-improvement", files={"t.jsonl": trace()}, git="repo")  # fmt: skip
C("evolve-analyse-missing-traces", "evolve analyse --analyzer offline nope.jsonl", 2, "nope.jsonl",
  git="repo")  # fmt: skip

# ---------------------------------------------------------------- data folders and fetch
for kind, fragment in (
    ("garbage", "could not fetch"),
    ("close", "could not fetch"),
    ("http500", "could not fetch"),
    ("wrongbytes", "does not match"),
    ("truncated", "could not fetch"),
    ("redirect", "could not fetch"),
):
    C(
        f"data-fetch-mirror-{kind}",
        "data fetch failed-esconv --data-dir d --mirror {url:" + kind + "}",
        2,
        fragment,
    )
C("data-fetch-mirror-not-url", "data fetch --data-dir d --mirror notaurl", 2, "--mirror")
C("data-fetch-mirror-ftp", "data fetch --data-dir d --mirror ftp://127.0.0.1/x", 2, "--mirror")
C("data-fetch-mirror-no-host", "data fetch --data-dir d --mirror http://", 2, "--mirror")
C("data-fetch-unknown-name", "data fetch nosuch --data-dir d", 2, "unknown dataset")
C("data-fetch-dir-under-file", "data fetch --data-dir blocker/d --mirror {url:close}", 2, "blocker",
  files={"blocker": "keep"})  # fmt: skip
C("data-info-missing-dir", "data info --data-dir nowhere", 2, "does not exist")
C("data-info-dir-is-file", "data info --data-dir f", 2, "does not exist", files={"f": "x"})
DATA_BAD = {
    "esconv_hf/test.txt": NOT_UTF8,
    "esconv_hf/valid.txt": deep(3000) + "\n",
    "esconv_hf/train.txt": "not json\n",
    "esconv/FailedESConv.json": '{"not": "a list"}',
}
C("data-info-hostile-files", "data info --data-dir d", 0, "esconv",
  files={f"d/{k}": v for k, v in DATA_BAD.items()})  # fmt: skip

# ---------------------------------------------------------------- mine
MINE = "mine run --data-dir {data} --source esconv-valid"
C("mine-out-foreign-folder", f"{MINE} --out run", 2, "did not write",
  files={"run/report.md": "# my own report\n"})  # fmt: skip
C("mine-out-foreign-folder-hidden", f"{MINE} --out run", 2, "did not write",
  files={"run/.notes": "private\n"})  # fmt: skip
C("mine-out-is-file", f"{MINE} --out run", 2, "run", files={"run": "mine"})
C("mine-out-under-file", f"{MINE} --out blocker/run", 2, "blocker", files={"blocker": "x"})
C("mine-out-read-only", f"{MINE} --out ro/run", 2, "ro", files={"ro/": ""}, read_only=("ro",))
for flag, value in (
    ("--clusters", "-3"),
    ("--clusters", "0"),
    ("--clusters", "nan"),
    ("--clusters", "99999999"),
    ("--min-size", "0"),
    ("--min-size", "-1"),
):
    C(f"mine-flag{flag}={value}", [*MINE.split(), flag, value, "--out", "run"], 2, flag)
C("mine-clusters-cmd-negative", "mine clusters --run run --clusters -1", 2, "--clusters",
  files={"run/": ""})  # fmt: skip
C("mine-source-missing", "mine run --data-dir {data} --source nope.jsonl --out run", 2, "nope")
for name, text in (
    ("not-utf8", NOT_UTF8),
    ("deep", deep() + "\n"),
    ("not-json", "hello\n"),
    ("array", "[1, 2]\n"),
    ("turns-string", dialogue(turns="abc")),
    ("speaker-unknown", dialogue(turns=[{"speaker": "bot", "text": "x"}])),
    ("empty", ""),
):
    C(
        f"mine-source-{name}",
        "mine run --data-dir {data} --source d.jsonl --out run",
        2,
        "no dialogues",
        files={"d.jsonl": text},
    )
C("mine-data-dir-missing", "mine run --data-dir nowhere --out run", 2, "does not exist")
C("mine-prototypes-no-ius", "mine prototypes --run run", 2, "ius.jsonl", files={"run/": ""})
C("mine-prototypes-bad-ius", "mine prototypes --run run", 2, "ius.jsonl",
  files={"run/ius.jsonl": "garbage\n"})  # fmt: skip
C("mine-clusters-bad-prototypes", "mine clusters --run run", 2, "prototypes.json",
  files={"run/prototypes.json": "[1, 2]"})  # fmt: skip
C("mine-clusters-not-utf8", "mine clusters --run run", 2, "prototypes.json",
  files={"run/prototypes.json": NOT_UTF8})  # fmt: skip
C("mine-report-empty-run", "mine report --run run", 2, "summary.json", files={"run/": ""})
C("mine-report-deep-summary", "mine report --run run", 2, "summary.json",
  files={"run/summary.json": deep()})  # fmt: skip
C("mine-synthesize-empty-run", f"mine synthesize {FAKE} --run run --out cand", 2, "run",
  files={"run/": ""})  # fmt: skip
# A run file holding another JSON value than the object `mine run` writes (a list).
_LIST_RUN = {
    "run/summary.json": "{}",
    "run/prototypes.json": "[1, 2]",
    "run/clusters.json": '{"clusters": []}',
    "run/ius.jsonl": "",
}
C("mine-synthesize-list-prototypes", f"mine synthesize {FAKE} --run run --out cand", 2,
  "not a complete mining run", files=_LIST_RUN)  # fmt: skip
C("mine-evidence-list-prototypes", "mine evidence --run run --bank b", 2,
  "not a complete mining run", files={**_LIST_RUN, "b/": ""})  # fmt: skip
C("mine-synthesize-max-attempts-zero",
  f"mine synthesize {FAKE} --run run --out cand --max-attempts 0", 2, "--max-attempts",
  files={"run/": ""})  # fmt: skip

# ---------------------------------------------------------------- bank, export, lint, mcp
C("bank-index-missing", "bank index --bank nowhere", 2, "does not exist")
C("bank-index-file", "bank index --bank f", 2, "f", files={"f": "x"})
C("bank-summary-missing", "bank summary --bank nowhere", 2, "does not exist")
C("bank-index-read-only", "bank index --bank b", 2, "b",
  files={"b/s/SKILL.md": "---\nname: s\n---\n"}, read_only=("b",))  # fmt: skip
C("export-zip-dest-file", "export --target zip out.zip", 2, "out.zip", files={"out.zip": "mine"})
C("export-zip-folder-in-the-way", "export --target zip out", 2, "in the way",
  files={"out/crisis-safety-response.skill/": "", "out/notes.txt": "mine"})  # fmt: skip
C("export-zip-file-in-the-way-of-folder", "export --target zip out/x", 2, "out",
  files={"out": "mine"})  # fmt: skip
C("export-claude-code-file-in-the-way", "export --target claude-code out", 2, "in the way",
  files={"out/.claude/skills/crisis-safety-response": "my own notes"})  # fmt: skip
C("export-plugin-file-in-the-way", "export --target claude-plugin out", 2, "in the way",
  files={"out/skills": "my own notes"})  # fmt: skip
C("export-deerflow-config-not-utf8", "export --target deerflow out", 2, "extensions_config.json",
  files={"out/extensions_config.json": NOT_UTF8})  # fmt: skip
C("esconv-out-foreign-table", "eval esconv --limit 1 --data-dir {data} --out o", 2,
  "not written by", files={"o/table.md": "# my table\n"})  # fmt: skip
C("esconv-out-foreign-predictions", "eval esconv --limit 1 --data-dir {data} --out o", 2,
  "not written by", files={"o/predictions.jsonl": "my notes\nmore notes\n"})  # fmt: skip
C("esconv-out-predictions-not-utf8",
  "eval esconv --predictor agent --model fake/x --limit 1 --data-dir {data} --out o", 2,
  "not written by", files={"o/predictions.jsonl": NOT_UTF8})  # fmt: skip
C("esconv-out-foreign-results", "eval esconv --limit 1 --data-dir {data} --out o", 2,
  "not written by", files={"o/results.json": '{"rows": 5}'})  # fmt: skip
C("esconv-table-rows-not-objects", "eval esconv --table r.json", 2, "r.json",
  files={"r.json": '{"rows": 5, "metrics": {}}'})  # fmt: skip
C("export-claude-dest-under-file", "export --target claude-code blocker/x", 2, "blocker",
  files={"blocker": "x"})  # fmt: skip
C("export-bank-missing", "export --target zip --bank nowhere out", 2, "nowhere")
C("export-unknown-target", "export --target nope out", 2, "--target")
C("lint-missing-path", "lint nowhere", 2, "nowhere")
C("mcp-bank-missing", "mcp --bank nowhere", 2, "nowhere")

# ---------------------------------------------------------------- chat
C("chat-stdin-not-utf8", f"chat {FAKE} --bank none", 2, "UTF-8", stdin=NOT_UTF8)
C("chat-model-malformed", "chat --model nope", 2, "malformed model")
C("chat-top-k-negative", f"chat {FAKE} --top-k -1", 2, "--top-k")
C("chat-bank-missing", f"chat {FAKE} --bank nowhere", 2, "nowhere")

# ---------------------------------------------------------------- eval esconv, judge drift
C("esconv-data-dir-missing", "eval esconv --data-dir nowhere", 2, "nowhere")
C("esconv-data-dir-hostile", "eval esconv --data-dir d", 2, "",
  files={"d/esconv_hf/test.txt": NOT_UTF8, "d/esconv_hf/train.txt": "x\n"})  # fmt: skip
C("esconv-limit-zero", "eval esconv --limit 0", 2, "--limit")
C("esconv-compare-missing", "eval esconv --compare a.json b.json", 2, "a.json")
C("esconv-compare-garbage", "eval esconv --compare a.json b.json", 2, "a.json",
  files={"a.json": "garbage", "b.json": "{}"})  # fmt: skip
C("esconv-table-not-utf8", "eval esconv --table r.json", 2, "r.json", files={"r.json": NOT_UTF8})
C("esconv-out-is-file", "eval esconv --limit 1 --data-dir {data} --out f", 2, "f",
  files={"f": "mine"})  # fmt: skip
C("esconv-history-zero", "eval esconv --history 0", 2, "--history")
C("judge-drift-missing", f"eval judge-drift {FAKE} --traces nope.jsonl", 2, "nope.jsonl")
C("judge-drift-sample-zero", f"eval judge-drift {FAKE} --traces x.jsonl --sample 0", 2, "--sample",
  files={"x.jsonl": sage_record()})  # fmt: skip

# ---------------------------------------------------------------- experiment, demo
C("experiment-missing", "experiment nope.toml --dry-run", 2, "nope.toml")
C("experiment-not-utf8", "experiment e.toml --dry-run", 2, "UTF-8", files={"e.toml": NOT_UTF8})
C("experiment-invalid-toml", "experiment e.toml --dry-run", 2, "e.toml", files={"e.toml": "[x"})
C("experiment-budget-nan", "experiment e.toml --budget nan", 2, "--budget", files={"e.toml": ""})
C("experiment-budget-negative", "experiment e.toml --budget -1", 2, "--budget",
  files={"e.toml": ""})  # fmt: skip
C("experiment-folder", "experiment sub --dry-run", 2, "sub", files={"sub/": ""})
C("demo-profiles-zero", "demo --profiles 0 --out run", 2, "--profiles")
C("demo-rounds-negative", "demo --rounds -2 --out run", 2, "--rounds")
C("unknown-command", "nosuch", 2, "No such command")

# ---------------------------------------------------------------- model servers that misbehave
DIALOGUES = {"d.jsonl": dialogue("u1") + dialogue("u2")}
for kind in ("garbage", "close", "http500", "notjson"):
    server = {
        "c.toml": f'[backends.srv]\ntype = "openai"\nbase_url = "{{url:{kind}}}/v1"\n'
        "max_retries = 0\ntimeout = 5\n"
    }
    C(
        f"simulate-server-{kind}",
        f"simulate --config c.toml --model srv/m {SIM.split(FAKE)[1]} --retriever bm25 "
        "--profiles p.jsonl --out t.jsonl",
        2,
        "all 1 conversations errored",
        files={**server, **PROFILES},
    )
    C(
        f"mine-llm-server-{kind}",
        "mine run --annotator llm --config c.toml --model srv/m --source d.jsonl --out run",
        2,
        "all 2 dialogues errored",
        files={**server, **DIALOGUES},
    )
    C(
        f"esconv-agent-server-{kind}",
        "eval esconv --predictor agent --config c.toml --model srv/m --limit 1 "
        "--data-dir {data} --out o",
        2,
        "turns errored",
        files=server,
    )
    C(
        f"chat-server-{kind}",
        "chat --config c.toml --model srv/m --bank none",
        2,
        "srv/m",
        files=server,
        stdin=b"hello\n",
    )

# ---------------------------------------------------------------- replay cassettes
for name, content, fragment in (
    ("not-utf8", NOT_UTF8, "cannot read it"),
    ("array-line", "[1]\n", "not a cassette entry"),
    ("no-text", '{"key": "k", "response": {}}\n', "not a cassette entry"),
    ("bad-usage", '{"key": "k", "response": {"text": "x", "usage": {"foo": 1}}}\n', "cassette"),
    ("folder", None, "cannot read it"),
):
    C(
        f"cassette-{name}",
        f"{SIM.replace(FAKE, '--model replay/fake/x')} --retriever bm25 --profiles p.jsonl "
        "--out t.jsonl",
        2,
        fragment,
        env={"ESC_SKILLS_CASSETTE": "{tmp}/cas.jsonl"},
        files={**PROFILES, **({"cas.jsonl/": ""} if content is None else {"cas.jsonl": content})},
    )

# ---------------------------------------------------------------- read-only outputs (root too)
RO_BANK = {"b/s/SKILL.md": "---\nname: s\ndescription: d\n---\nbody\n"}
C("eval-esconv-out-read-only", "eval esconv --limit 1 --data-dir {data} --out ro/o", 2,
  "not writable", files={"ro/": ""}, read_only=("ro",))  # fmt: skip
C("eval-sage-report-read-only", "eval sage --traces t.jsonl --report ro/rep", 2, "not writable",
  files={"t.jsonl": trace(), "ro/": ""}, read_only=("ro",))  # fmt: skip
C("simulate-report-read-only", f"{SIM} --profiles p.jsonl --out t.jsonl --report ro/rep", 2,
  "not writable", files={**PROFILES, "ro/": ""}, read_only=("ro",))  # fmt: skip
C("export-dest-read-only", "export --target zip ro", 2, "not writable", files={"ro/": ""},
  read_only=("ro",))  # fmt: skip
C("export-dest-parent-read-only", "export --target claude-code ro/x", 2, "not writable",
  files={"ro/": ""}, read_only=("ro",))  # fmt: skip
C("data-fetch-read-only", "data fetch --data-dir ro/d --mirror {url:close}", 2, "not writable",
  files={"ro/": ""}, read_only=("ro",))  # fmt: skip
C("mine-out-existing-run-read-only", f"{MINE} --out run", 2, "not writable",
  files={"run/.stages.json": "{}"}, read_only=("run",))  # fmt: skip

# ---------------------------------------------------------------- more git states (evolve)
EVOLVE = {
    "propose": f"evolve propose {FAKE} --analyzer offline t.jsonl",
    "settle": "evolve settle",
    "verify": f"evolve verify {FAKE}",
}
for state, command, fragment in (
    ("empty", "propose", "does not exist"),
    ("empty", "verify", "no evolve/* branches"),
    ("detached", "propose", "detached"),
    ("detached", "settle", "detached"),
    ("detached", "verify", "detached"),
    ("dirty", "propose", "uncommitted"),
    ("dirty", "settle", "uncommitted"),
    ("dirty", "verify", "uncommitted"),
):
    C(
        f"evolve-{command}-{state}",
        EVOLVE[command],
        2,
        fragment,
        files={"t.jsonl": trace()},
        git=state,
    )
C("eval-compare-resamples-huge", "eval compare a.jsonl b.jsonl --resamples 1000000000000", 2,
  "--resamples", files={"a.jsonl": trace(), "b.jsonl": trace()})  # fmt: skip
C("env-openai-base-url-not-url", "backends list", 2, "OPENAI_BASE_URL",
  env={"OPENAI_BASE_URL": "localhost:11434"})  # fmt: skip

# ---------------------------------------------------------------- hostile data folders
HOSTILE_DATA: dict[str, tuple[str | bytes | None, str]] = {
    "not-utf8": (NOT_UTF8, "UTF-8"),
    "deep": (deep() + "\n", "nested too deeply"),
    "not-json": ("not json\n", "JSON"),
    "array-of-numbers": ("[1, 2]\n", "not an object"),
    "object-not-dialogue": ('{"dialog": 5}\n', "dialog"),
    "folder": (None, "not found"),
}
# One invented dialogue in the esconv_hf format, so that only the file under attack is bad.
ESCONV_LINE = (
    '{"emotion_type": "anxiety", "problem_type": "job crisis", "situation": "I lost my job.", '
    '"dialog": [{"text": "Hello, how are you?", "speaker": "sys", "strategy": "Question"}, '
    '{"text": "Not great.", "speaker": "usr"}, {"text": "That sounds hard.", "speaker": "sys", '
    '"strategy": "Reflection of feelings"}, {"text": "It is.", "speaker": "usr"}]}\n'
)
for name, (content, fragment) in HOSTILE_DATA.items():
    where = "d/esconv_hf/test.txt"
    files: dict[str, str | bytes] = {where + "/": ""} if content is None else {where: content}
    files["d/esconv_hf/train.txt"] = ESCONV_LINE
    C(
        f"esconv-data-test-split-{name}",
        "eval esconv --data-dir d --limit 2",
        2,
        fragment,
        files=files,
    )
    failed = "d/esconv/FailedESConv.json"
    C(
        f"mine-data-failed-esconv-{name}",
        "mine run --data-dir d --source failed-esconv --out run",
        2,
        "FailedESConv.json",
        files={failed + "/": ""} if content is None else {failed: content},
    )
for name, content in (("list", "[1]"), ("deep", deep()), ("not-utf8", NOT_UTF8)):
    C(
        f"mine-stage-records-{name}-recomputed",
        "mine run --data-dir d --source d.jsonl --out run --clusters 2 --min-size 1",
        0,
        "wrote run/summary.json",
        files={"run/.stages.json": content, **{"d/": ""}, **DIALOGUES},
        ours=("run/.stages.json",),
    )
C("env-cache-read-only-folder", f"{SIM} --profiles p.jsonl --out t.jsonl", 2, "LLM cache",
  env={"ESC_SKILLS_CACHE": "{tmp}/ro/cache.sqlite"}, files={**PROFILES, "ro/": ""},
  read_only=("ro",))  # fmt: skip
