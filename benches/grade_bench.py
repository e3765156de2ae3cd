#!/usr/bin/env python3
"""Grading speed on the real katas: medians over repeated runs, and ratios measured in the
same run (never absolute thresholds: these machines are shared and noisy).

    python3 benches/grade_bench.py [--runs 3] [--katas deadlock,connection-pool] [--skip-batch]

Per kata, interleaved in every run:
  floor  compile just the kata crate and run its tests with plain cargo, dependencies already
         compiled (the least any grader can do)
  warm   `kata grade` of the reference with the warm dependency cache
  naive  `cargo test` of the same submission in a fresh copy with an empty target folder
         (also split: its build alone against the warm grade's build, from the results JSON)
  cold   `kata grade` after clearing the cache (dependencies compiled again)
Then a batch of 20 submissions across the katas: one `kata grade` of all 20 against 20
sequential `kata grade` runs.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KATAS = ["deadlock", "session-race", "memory-leak", "priority-queue", "connection-pool"]


def run(cmd, cwd=None, env=None, check=True):
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if check and proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return elapsed, proc


def assemble(kata, solution, out):
    run([os.path.join(REPO, "scripts/assemble-kata.sh"), os.path.join(REPO, "katas", kata), solution, out])


def warm_dir(cache, kata):
    targets = os.path.join(cache, "targets")
    for name in os.listdir(targets):
        if name.startswith(kata + "-") and not name.endswith(".lock"):
            return os.path.join(targets, name)
    sys.exit(f"no warm build of {kata} in {targets}")


def bench_kata(kata_bin, kata, runs, scratch, cache):
    env = dict(os.environ, KATA_CACHE_DIR=cache)
    reference = os.path.join(REPO, "katas", kata, "solutions", "reference")
    grade = [kata_bin, "--katas", os.path.join(REPO, "katas"), "grade", reference, "--kata", kata, "--format", "json"]
    run(grade, env=env)  # warm the cache (not timed)
    warm = warm_dir(cache, kata)
    times = {"floor": [], "warm": [], "naive": [], "cold": [], "warm_build": [], "naive_build": []}
    for r in range(runs):
        # floor: a fresh crate folder on a copy of the warm target (the copy is not timed).
        ws = os.path.join(scratch, f"{kata}-floor-{r}")
        assemble(kata, reference, ws)
        target = os.path.join(scratch, f"{kata}-floor-target-{r}")
        shutil.copytree(warm, target, symlinks=True)
        t, _ = run(["cargo", "test", "--offline", "-q", "--target-dir", target], cwd=ws, check=False)
        times["floor"].append(t)
        t, proc = run(grade, env=env)
        result = json.loads(proc.stdout)
        if result["score"] != result["max_score"]:
            sys.exit(f"{kata}: the reference scored {result['score']}/{result['max_score']}")
        times["warm"].append(t)
        times["warm_build"].append(result["build_ms"] / 1000.0)
        ws = os.path.join(scratch, f"{kata}-naive-{r}")
        assemble(kata, reference, ws)
        naive_target = os.path.join(ws, "target")
        # The build alone first (what the warm cache saves), then the tests (what it cannot).
        tb, _ = run(["cargo", "test", "--no-run", "-q", "--target-dir", naive_target], cwd=ws)
        tt, _ = run(["cargo", "test", "-q", "--target-dir", naive_target], cwd=ws, check=False)
        times["naive_build"].append(tb)
        times["naive"].append(tb + tt)
        cold_cache = os.path.join(scratch, f"cold-cache-{kata}-{r}")
        t, _ = run(grade, env=dict(os.environ, KATA_CACHE_DIR=cold_cache))
        times["cold"].append(t)
        for path in (target, cold_cache):
            shutil.rmtree(path, ignore_errors=True)
    return {k: statistics.median(v) for k, v in times.items()}


def bench_batch(kata_bin, katas, scratch, cache):
    env = dict(os.environ, KATA_CACHE_DIR=cache)
    folders = []
    for i in range(20):
        kata = katas[i % len(katas)]
        root = os.path.join(REPO, "katas", kata)
        solutions = sorted(os.listdir(os.path.join(root, "solutions")))
        pick = os.path.join(root, "solutions", solutions[(i // len(katas)) % len(solutions)])
        folder = os.path.join(scratch, "cohort", f"cand{i:02d}-{kata}")
        shutil.copytree(pick, folder)
        # A started folder's record, as `kata start` writes it, names each folder's kata.
        os.makedirs(os.path.join(folder, ".kata"))
        with open(os.path.join(folder, ".kata", "started.yaml"), "w") as f:
            f.write(f"format-version: 1\nkata: {kata}\nversion: bench\nstarted-at: 2026-01-01T00:00:00Z\n")
        folders.append((folder, kata))
    base = [kata_bin, "--katas", os.path.join(REPO, "katas"), "grade"]
    # Both sides start warm: compile every kata's dependencies first (not timed).
    for kata in katas:
        run(base + [os.path.join(REPO, "katas", kata, "solutions", "reference"), "--kata", kata, "--format", "json"], env=env)
    sequential = 0.0
    for folder, kata in folders:
        t, _ = run(base + [folder, "--format", "json"], env=env)
        sequential += t
    batch, _ = run(base + [f for f, _ in folders] + ["--out-dir", os.path.join(scratch, "batch-out")], env=env)
    return sequential, batch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--katas", default=",".join(KATAS))
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-katas", action="store_true", help="only the batch benchmark")
    args = parser.parse_args()
    katas = [k for k in args.katas.split(",") if k]
    print("building kata (release)...", file=sys.stderr)
    run(["cargo", "build", "--release", "-q"], cwd=REPO)
    kata_bin = os.path.join(REPO, "target", "release", "kata")
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        cache = os.path.join(scratch, "cache")
        rows = []
        for kata in [] if args.skip_katas else katas:
            print(f"benchmarking {kata} ({args.runs} runs)...", file=sys.stderr)
            rows.append((kata, bench_kata(kata_bin, kata, args.runs, scratch, cache)))
        if rows:
            print(f"\nmedians over {args.runs} interleaved runs (seconds); ratios from the same runs\n")
            print(f"{'kata':<16} {'floor':>7} {'warm':>7} {'naive':>7} {'cold':>7}  {'warm/floor':>10} {'naive/warm':>10} {'cold/warm':>9}")
            for kata, m in rows:
                print(
                    f"{kata:<16} {m['floor']:7.2f} {m['warm']:7.2f} {m['naive']:7.2f} {m['cold']:7.2f}  "
                    f"{m['warm'] / m['floor']:10.2f} {m['naive'] / m['warm']:10.2f} {m['cold'] / m['warm']:9.2f}"
                )
            print("\nbuild only (the part the warm cache removes; the tests' own run time is the same work in both)\n")
            print(f"{'kata':<16} {'naive build':>11} {'warm build':>10} {'naive/warm':>10}")
            for kata, m in rows:
                print(f"{kata:<16} {m['naive_build']:11.2f} {m['warm_build']:10.2f} {m['naive_build'] / m['warm_build']:10.2f}")
        if not args.skip_batch:
            print("\nbatch of 20 submissions...", file=sys.stderr)
            sequential, batch = bench_batch(kata_bin, katas, scratch, cache)
            print(f"\nbatch of 20: sequential {sequential:.1f} s, batch {batch:.1f} s, speed-up {sequential / batch:.2f}x")


if __name__ == "__main__":
    main()
