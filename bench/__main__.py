"""`python -m bench [NAME ...]`: run the benchmarks, each in its own process and database.

Figures are medians and p95 over many repetitions; the machines are shared and
noisy, so compare ratios between runs on the same machine, not absolute numbers.
"""

import subprocess
import sys
from pathlib import Path

BENCHES = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    # `claims` and `bench_claims` name the same benchmark.
    names = [n if n.startswith("bench_") else f"bench_{n}" for n in argv] or BENCHES
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}")
        return 2
    failed = 0
    for name in names:
        print(f"\n== {name} ==", flush=True)
        failed |= subprocess.call([sys.executable, "-m", f"bench.{name}"]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
