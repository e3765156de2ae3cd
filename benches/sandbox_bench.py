#!/usr/bin/env python3
"""What the sandbox costs: a warm `kata grade` of each kata's reference by this checkout
against the same grade by a baseline revision built before the sandbox (no Landlock, no
namespaces, one-step build), run in turn A B A B ... in the same script, so the ratio holds
when the machine's speed drifts.

    python3 benches/sandbox_bench.py [--runs 5] [--baseline 1e1d219] [--katas deadlock,memory-leak]

Prints per kata the median wall time of each side and the median of the pair-by-pair ratios
(sandboxed / baseline). Both sides use release builds and their own warm caches.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, cwd=None, env=None):
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return proc


def build(checkout, target):
    sh(["cargo", "build", "--release", "--locked", "--target-dir", target], cwd=checkout)
    return os.path.join(target, "release", "kata")


def timed(cmd, env):
    start = time.monotonic()
    sh(cmd, env=env)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default="1e1d219", help="revision without the sandbox")
    parser.add_argument("--katas", default="deadlock,memory-leak,connection-pool")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kata-sandbox-bench-") as scratch:
        base_checkout = os.path.join(scratch, "baseline")
        sh(["git", "worktree", "add", "--detach", base_checkout, args.baseline], cwd=REPO)
        try:
            print("building both binaries (release)...", file=sys.stderr)
            current = build(REPO, os.path.join(REPO, "target"))
            baseline = build(base_checkout, os.path.join(scratch, "baseline-target"))
            print(f"{'kata':<18} {'baseline s':>10} {'sandboxed s':>11} {'ratio':>6}")
            for kata in args.katas.split(","):
                reference = os.path.join(REPO, "katas", kata, "solutions", "reference")
                sides = {}
                for name, binary, katas in (("baseline", baseline, base_checkout), ("sandboxed", current, REPO)):
                    env = dict(os.environ, KATA_CACHE_DIR=os.path.join(scratch, f"cache-{name}"))
                    # The baseline predates additive --katas: it grades the katas it is pointed at.
                    # This build's built-in katas are this checkout's.
                    content = ["--katas", os.path.join(katas, "katas")] if name == "baseline" else []
                    cmd = [binary, *content, "grade", reference, "--kata", kata, "--format", "json"]
                    timed(cmd, env)  # warm the cache, not counted
                    sides[name] = (cmd, env)
                times = {"baseline": [], "sandboxed": []}
                ratios = []
                for _ in range(args.runs):
                    b = timed(*sides["baseline"])
                    s = timed(*sides["sandboxed"])
                    times["baseline"].append(b)
                    times["sandboxed"].append(s)
                    ratios.append(s / b)
                print(f"{kata:<18} {statistics.median(times['baseline']):>10.2f} "
                      f"{statistics.median(times['sandboxed']):>11.2f} {statistics.median(ratios):>6.2f}")
        finally:
            sh(["git", "worktree", "remove", "--force", base_checkout], cwd=REPO)


if __name__ == "__main__":
    main()
