"""Throughput of ``score`` with the learned loaded-term scorer against without it (same run).

Scores PolNeAR article texts (read in place from ../shared/data) repeated to about
one million words, once with ``loaded_scorer="lexicon"`` and once with ``"both"``,
alternating three times, and prints the best words-per-second of each and their ratio.
Not a test: the machine's speed varies from run to run.
"""

from __future__ import annotations

import time

from analysis.paths import SHARED_DATA_DIR
from analysis.pipeline import Options, annotate_text
from analysis.text import count_words
from analysis.validation.datasets import load_dataset

TARGET_WORDS = 1_000_000


def main() -> None:
    """Run the benchmark and print the figures."""
    texts = [str(t) for t in load_dataset("polnear", SHARED_DATA_DIR).corpus.articles["text"]]
    corpus, words = [], 0
    while words < TARGET_WORDS:
        for text in texts:
            corpus.append(text)
            words += count_words(text)
            if words >= TARGET_WORDS:
                break
    best = {}
    for _ in range(3):
        for scorer in ("lexicon", "both"):
            options = Options(loaded_scorer=scorer)
            annotate_text(corpus[0], "warm", options=options)
            start = time.perf_counter()
            for k, text in enumerate(corpus):
                annotate_text(text, f"a{k}", options=options)
            rate = words / (time.perf_counter() - start)
            best[scorer] = max(best.get(scorer, 0.0), rate)
    print(f"{words:,} words of PolNeAR text, best of 3 alternating runs")
    print(f"score, lexicon only:      {best['lexicon']:,.0f} words per second")
    print(f"score, lexicon + model:   {best['both']:,.0f} words per second")
    print(f"ratio: {best['both'] / best['lexicon']:.2f} (target >= 0.50)")


if __name__ == "__main__":
    main()
