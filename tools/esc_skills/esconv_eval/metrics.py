"""Response metrics against ESConv's human supporters, with the field's standard packages.

* ACC: exact match of the predicted ESConv strategy.
* BLEU-1/2/4: sacrebleu corpus BLEU with ``max_ngram_order`` = n (cumulative BLEU-n:
  geometric mean of 1..n-gram precisions times the brevity penalty), ``13a`` tokenisation,
  lower-cased, ``exp`` smoothing (sacrebleu's default).
* ROUGE-1/2/L: rouge-score F1 averaged over turns (its default tokeniser: lower-case,
  alphanumeric tokens; no stemming).
* METEOR: nltk ``meteor_score`` averaged over turns, on lower-cased ``\\w+`` / punctuation
  tokens; it needs WordNet 3.0, found in this order: $ESC_SKILLS_WORDNET_DIR, nltk's own data
  path, Debian's ``wordnet-base`` (/usr/share/wordnet). Without one it is reported unavailable.
* BERTScore: only when the user passes a local model folder (and the bert-score package is
  installed); F1 averaged over turns, without baseline rescaling.

Every value is a fraction in 0..1; a metric that cannot run is None with a reason.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from esc_skills import atomic
from esc_skills.paths import user_cache_dir

METRICS = ("acc", "bleu1", "bleu2", "bleu4", "rouge1", "rouge2", "rougeL", "meteor", "bertscore")
TITLES = {
    "acc": "ACC",
    "bleu1": "B-1",
    "bleu2": "B-2",
    "bleu4": "B-4",
    "rouge1": "R-1",
    "rouge2": "R-2",
    "rougeL": "R-L",
    "meteor": "METEOR",
    "bertscore": "BERTScore",
}
WORDNET_ENV = "ESC_SKILLS_WORDNET_DIR"
DEBIAN_WORDNET = Path("/usr/share/wordnet")
# Debian's wordnet-base ships the database but not `lexnames`, which nltk's reader opens
# first; it is the fixed list of WordNet 3.0's 45 lexicographer files (lexnames(5WN)).
_LEXNAMES = [
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
]
_CATEGORY = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
_TOKEN = re.compile(r"\w+|[^\w\s]")


class MetricReportJSON(TypedDict):
    """:class:`MetricReport` as JSON."""

    values: dict[str, float | None]
    unavailable: dict[str, str]


@dataclass
class MetricReport:
    """Metric values (fractions) and, for each metric that could not run, why."""

    values: dict[str, float | None] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> MetricReportJSON:
        """JSON-ready form."""
        return {"values": dict(self.values), "unavailable": dict(self.unavailable)}


def tokenize(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens (for METEOR)."""
    return _TOKEN.findall(text.lower())


def accuracy(predicted: Sequence[str | None], gold: Sequence[str]) -> float:
    """Share of turns whose predicted strategy equals the gold one."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold labels")
    if not gold:
        return 0.0
    return sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold)


def bleu(hypotheses: Sequence[str], references: Sequence[str], n: int) -> float:
    """Corpus BLEU-n (cumulative, sacrebleu, 13a, lower-cased, exp smoothing) as 0..1."""
    from sacrebleu.metrics import BLEU

    scorer = BLEU(max_ngram_order=n, tokenize="13a", lowercase=True, smooth_method="exp")
    return float(scorer.corpus_score(list(hypotheses), [list(references)]).score) / 100.0


def rouge(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Mean ROUGE-1/2/L F1 over pairs (rouge-score, no stemming)."""
    from rouge_score import rouge_scorer

    kinds = ("rouge1", "rouge2", "rougeL")
    scorer = rouge_scorer.RougeScorer(list(kinds), use_stemmer=False)
    totals = dict.fromkeys(kinds, 0.0)
    for hyp, ref in zip(hypotheses, references, strict=True):
        scores = scorer.score(ref, hyp)  # rouge-score takes (target, prediction)
        for kind in kinds:
            totals[kind] += scores[kind].fmeasure
    count = max(len(hypotheses), 1)
    return {kind: total / count for kind, total in totals.items()}


def _wordnet_dirs() -> list[Path]:
    found: list[Path] = []
    if os.environ.get(WORDNET_ENV):
        found.append(Path(os.environ[WORDNET_ENV]))
    try:
        import nltk

        found.extend(Path(p) / "corpora" / "wordnet" for p in nltk.data.path)
    except ImportError:
        pass
    found.append(DEBIAN_WORDNET)
    return found


def _view_dir() -> Path:
    cache = user_cache_dir()
    if cache is None:
        raise RuntimeError("no home folder for the WordNet view; set XDG_CACHE_HOME")
    return cache / "wordnet"


def _reader_root(source: Path) -> Path:
    """A folder nltk's reader accepts: the source itself, or a copy of it with `lexnames`.

    nltk refuses files whose real path leaves the reader's root and hard-linked files, so
    the view (about 28 MB, made once in the user's cache) holds copies.
    """
    if (source / "lexnames").is_file():
        return source
    view = _view_dir()
    view.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        target = view / item.name
        if not item.is_file() or target.exists():
            continue
        with item.open("rb") as src, atomic.open_binary(target) as out:
            shutil.copyfileobj(src, out)
    lexnames = view / "lexnames"
    if not lexnames.is_file():
        text = "".join(
            f"{i:02d}\t{name}\t{_CATEGORY[name.split('.')[0]]}\n"
            for i, name in enumerate(_LEXNAMES)
        )
        atomic.write_text(lexnames, text)
    return view


def _reader_class(base: type) -> type:
    class WordNet30Reader(base):
        """nltk's reader, minus the OMW sense mapping, which needs nltk's own download."""

        def map_wn(self, version: str = "wordnet") -> None:
            # The data is WordNet 3.0 itself: there is nothing to map it to.
            return None

    return WordNet30Reader


@functools.lru_cache(maxsize=1)
def load_wordnet() -> tuple[Any, str]:
    """(nltk WordNet reader, where it came from), or (None, why none could be read)."""
    try:
        import nltk
        from nltk.corpus.reader.wordnet import WordNetCorpusReader
    except ImportError:
        return None, "nltk is not installed (pip install nltk)"
    for source in _wordnet_dirs():
        if not (source / "data.noun").is_file():
            continue
        try:
            root = _reader_root(source)
            # nltk only reads files below its data path: allow the reader's root.
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "multilingual functions not available"
                reader = _reader_class(WordNetCorpusReader)(str(root), None)
                reader.synsets("support")
        except (OSError, ValueError, LookupError) as exc:
            return None, f"WordNet at {source} cannot be read by nltk: {exc}"
        return reader, str(source)
    return None, (
        "WordNet 3.0 not found (install Debian's wordnet-base: `apt-get install -y "
        f"wordnet-base`, or set {WORDNET_ENV} to a WordNet dict folder)"
    )


def meteor(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[float | None, str]:
    """Mean nltk METEOR over pairs, or (None, reason) without WordNet."""
    reader, where = load_wordnet()
    if reader is None:
        return None, where
    from nltk.translate.meteor_score import meteor_score

    total = 0.0
    for hyp, ref in zip(hypotheses, references, strict=True):
        total += meteor_score([tokenize(ref)], tokenize(hyp), wordnet=reader)
    return total / max(len(hypotheses), 1), where


def bertscore(
    hypotheses: Sequence[str],
    references: Sequence[str],
    model_path: str | None,
    num_layers: int | None = None,
) -> tuple[float | None, str]:
    """Mean BERTScore F1 with a local model, or (None, reason)."""
    if not model_path:
        return None, (
            "needs model weights, which are not downloaded here: pass --bertscore-model "
            "PATH (a local Hugging Face model folder, e.g. roberta-large)"
        )
    if not Path(model_path).is_dir():
        return None, f"--bertscore-model {model_path} is not a folder"
    try:
        import bert_score
    except ImportError:
        return None, "the bert-score package is not installed (pip install bert-score)"
    try:
        scorer = bert_score.BERTScorer(
            model_type=model_path, num_layers=num_layers or 17, lang="en", use_fast_tokenizer=True
        )
        _, _, f1 = scorer.score(list(hypotheses), list(references))
    except Exception as exc:  # any load failure of a user-supplied model is reported, not raised
        return None, f"BERTScore with {model_path} failed: {exc}"
    return float(f1.mean().item()), model_path


@dataclass(frozen=True)
class MetricOptions:
    """Settings some response metrics need."""

    bertscore_model: str | None = None
    bertscore_layers: int | None = None


# A response metric fills one or more columns from (hypotheses, references); it returns the
# values, or None and the reason when it cannot run here. One entry adds a metric.
Computed = tuple[dict[str, float | None], str | None]


@dataclass(frozen=True)
class ResponseMetric:
    """One entry of the response-metric registry."""

    columns: tuple[str, ...]
    compute: Callable[[Sequence[str], Sequence[str], MetricOptions], Computed]


def _bleu_all(hyp: Sequence[str], ref: Sequence[str], _: MetricOptions) -> Computed:
    return {f"bleu{n}": bleu(hyp, ref, n) for n in (1, 2, 4)}, None


def _rouge_all(hyp: Sequence[str], ref: Sequence[str], _: MetricOptions) -> Computed:
    return dict(rouge(hyp, ref)), None


def _meteor(hyp: Sequence[str], ref: Sequence[str], _: MetricOptions) -> Computed:
    value, where = meteor(hyp, ref)
    return {"meteor": value}, None if value is not None else where


def _bertscore(hyp: Sequence[str], ref: Sequence[str], opts: MetricOptions) -> Computed:
    value, where = bertscore(hyp, ref, opts.bertscore_model, opts.bertscore_layers)
    return {"bertscore": value}, None if value is not None else where


RESPONSE_METRICS: tuple[ResponseMetric, ...] = (
    ResponseMetric(("bleu1", "bleu2", "bleu4"), _bleu_all),
    ResponseMetric(("rouge1", "rouge2", "rougeL"), _rouge_all),
    ResponseMetric(("meteor",), _meteor),
    ResponseMetric(("bertscore",), _bertscore),
)
if ("acc", *(c for m in RESPONSE_METRICS for c in m.columns)) != METRICS:
    raise AssertionError("METRICS and RESPONSE_METRICS disagree")


def evaluate(
    *,
    predicted_strategies: Sequence[str | None],
    gold_strategies: Sequence[str],
    hypotheses: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    bertscore_model: str | None = None,
    bertscore_layers: int | None = None,
) -> MetricReport:
    """Every metric; response metrics only when hypotheses are given."""
    report = MetricReport()
    report.values["acc"] = accuracy(predicted_strategies, gold_strategies)
    if hypotheses is None or references is None:
        for name in METRICS[1:]:
            report.values[name] = None
            report.unavailable[name] = "this predictor writes no responses (strategy only)"
        return report
    options = MetricOptions(bertscore_model, bertscore_layers)
    for metric in RESPONSE_METRICS:
        values, reason = metric.compute(hypotheses, references, options)
        for column in metric.columns:
            report.values[column] = values.get(column)
            if reason is not None:
                report.unavailable[column] = reason
    return report


def availability(bertscore_model: str | None = None) -> dict[str, str]:
    """For each response metric, ``available (source)`` or ``unavailable: reason``."""
    reader, where = load_wordnet()
    status = {n: "available" for n in ("bleu1", "bleu2", "bleu4", "rouge1", "rouge2", "rougeL")}
    status["meteor"] = f"available (WordNet: {where})" if reader else f"unavailable: {where}"
    if bertscore_model:
        status["bertscore"] = f"requested with {bertscore_model}"
    else:
        status["bertscore"] = "unavailable: " + bertscore([], [], None)[1]
    return status
