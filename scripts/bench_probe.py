"""How steady the judge's observed-complexity label is: many probes of a solution whose growth is
known (a linear and a quadratic one, per language), on the real sandbox.

    .venv/bin/python scripts/bench_probe.py                 # 100 probes of each
    .venv/bin/python scripts/bench_probe.py --probes 30 --only javascript:quadratic

Per solution: how many probes got each label, the measured exponent's minimum, 1st and 5th
percentile, median and maximum, and the probe's wall time (the whole judge run, sandbox start-up
included). The sizes are the judge tests' (`tests/integration/test_judge_pool.py`): a quadratic
solution is wrong when labelled below O(n^2), a linear one when labelled above O(n log n).
Run it on a quiet machine, and quote it with the load average it prints.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "src"))

from interview_sim.judge import Case, JudgeRequest, LocalJudge, Probe

SOLUTIONS = {
    (
        "python",
        "linear",
    ): "def f(xs):\n    best = 0\n    for x in xs:\n        best = max(best, x)\n    return best\n",
    (
        "javascript",
        "linear",
    ): "function f(xs) { let m = 0; for (const x of xs) m = Math.max(m, x); return m }",
    (
        "python",
        "quadratic",
    ): "def f(xs):\n    c = 0\n    for a in xs:\n        for b in xs:\n            c += a < b\n    return c",
    (
        "javascript",
        "quadratic",
    ): "function f(xs) { let c = 0; for (const a of xs) for (const b of xs) c += a < b; return c }",
}
SIZES = {"linear": (2_000, 8_000, 32_000), "quadratic": (250, 500, 1_000)}
RIGHT = {"linear": ("O(n)", "O(n log n)"), "quadratic": ("O(n^2)", "worse than O(n^2)")}


async def measure(judge: LocalJudge, language: str, shape: str, probes: int) -> str:
    probe = Probe(tuple((n, (list(range(n, 0, -1)),)) for n in SIZES[shape]))
    request = JudgeRequest(
        SOLUTIONS[language, shape], language, "f", [Case(([3, 1, 2],), None, check=False)], probe=probe
    )
    labels: Counter[str] = Counter()
    exponents, walls = [], []
    for _ in range(probes):
        result = await judge.run(request)
        assert result.observed is not None and result.observed.exponent is not None, result
        labels[result.observed.label] += 1
        exponents.append(result.observed.exponent)
        walls.append(result.wall_ms)
    exponents.sort()
    wrong = sum(count for label, count in labels.items() if label not in RIGHT[shape])
    pct = [exponents[int(len(exponents) * q)] for q in (0.01, 0.05)]
    return (
        f"{language:<10} {shape:<9} wrong {wrong:>3}/{probes}  {dict(labels)}\n"
        f"{'':<21}exponent min {exponents[0]:.2f}  p1 {pct[0]:.2f}  p5 {pct[1]:.2f}  "
        f"median {statistics.median(exponents):.2f}  max {exponents[-1]:.2f}  "
        f"wall median {statistics.median(walls):.0f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument("--only", help="language:shape, e.g. javascript:quadratic")
    args = parser.parse_args()
    judge = LocalJudge()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {args.probes} probes each")
    for language, shape in SOLUTIONS:
        if args.only in (None, f"{language}:{shape}"):
            print(await measure(judge, language, shape, args.probes), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
