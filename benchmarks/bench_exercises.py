"""Speed of exercise feedback: loading the exercises, then feedback on every model answer.

Prints the time to load (YAML only), a first pass (which loads spaCy), and the mean
and slowest feedback after that with the passage checked afresh each time, the figure
a trainee waits for on each check once cpclint is running (the web page).
Run: .venv/bin/python benchmarks/bench_exercises.py
"""

from __future__ import annotations

import statistics
import time

from cpclint.exercises import feedback, load_exercises
from cpclint.feedback import passage_facts, passage_report


def main() -> None:
    t0 = time.perf_counter()
    exercises = load_exercises()
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    for e in exercises.values():  # the first pass loads the language model
        feedback(e, e.model_answers[0])
    cold = time.perf_counter() - t0
    passage_report.cache_clear()
    passage_facts.cache_clear()
    times = []
    for e in exercises.values():
        for answer in (*e.model_answers, e.passage):
            t0 = time.perf_counter()
            feedback(e, answer)
            times.append(time.perf_counter() - t0)
    print(f"{len(exercises)} exercises loaded in {loaded * 1000:.0f} ms")
    print(f"first pass over every model answer (loads the language model): {cold:.2f} s")
    print(f"{len(times)} feedbacks (model answers and untouched passages): mean {statistics.mean(times) * 1000:.0f} ms,"
          f" slowest {max(times) * 1000:.0f} ms, total {sum(times):.2f} s")

if __name__ == "__main__":
    main()
