"""What one judge run costs: sandbox start-up, a small case, a 10^5 case, per language.

    .venv/bin/python scripts/bench_judge.py            # 7 rounds
    .venv/bin/python scripts/bench_judge.py --rounds 15

Per language, the median (and min) over the rounds of:
- `start-up`: a run of one trivial case (wall) minus that case's own time: sandbox, interpreter
  (V8 for JavaScript), loading the code, the parent's bookkeeping.
- `small case`: the CPU ms the judge reports for two-sum on 4 numbers (the harness's own timer).
- `10^5 case`: the CPU ms for two-sum on 100,000 numbers, and the whole run's wall ms (sending
  ~0.6 MB of arguments, parsing them, the call, the result, the comparison).
Figures depend on the machine's load: quote them with the load average this prints.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "src"))

from interview_sim.judge import Case, JudgeRequest, LocalJudge

CODE = {
    "python": "def twoSum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
    "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n",
    "javascript": "function twoSum(nums, target) { const seen = new Map();"
    " for (let i = 0; i < nums.length; i++) {"
    " if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];"
    " seen.set(nums[i], i) } }",
}
SMALL = Case(([2, 7, 11, 15], 9), [0, 1])
LARGE = Case((list(range(100_000)), 199_997), [99_998, 99_999], category="large input")


async def one_round(judge: LocalJudge, language: str) -> tuple[float, float, float, float]:
    small = await judge.run(JudgeRequest(CODE[language], language, "twoSum", [SMALL]))
    large = await judge.run(JudgeRequest(CODE[language], language, "twoSum", [LARGE]))
    assert small.outcomes[0].passed and large.outcomes[0].passed, (small, large)
    startup = small.wall_ms - small.outcomes[0].ms
    return startup, small.outcomes[0].ms, large.outcomes[0].ms, large.wall_ms


def line(name: str, values: list[float]) -> str:
    return f"  {name:<22} median {statistics.median(values):8.1f} ms   min {min(values):8.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    judge = LocalJudge()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {rounds} rounds")
    for language in ("python", "javascript"):
        runs = [await one_round(judge, language) for _ in range(rounds)]
        columns = list(zip(*runs, strict=True))
        print(language)
        print(line("start-up", list(columns[0])))
        print(line("small case (CPU)", list(columns[1])))
        print(line("10^5 case (CPU)", list(columns[2])))
        print(line("10^5 run (wall)", list(columns[3])))


if __name__ == "__main__":
    asyncio.run(main())
