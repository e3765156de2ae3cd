#!/usr/bin/env python3
"""Grading speed on the real katas: medians over repeated runs, and ratios measured in the
same run (never absolute thresholds: these machines are shared and noisy).

    python3 benches/grade_bench.py [--runs 3] [--katas deadlock,connection-pool] [--skip-batch]
                                   [--bin path/to/kata]  (compare two builds, interleaved)

Per kata, interleaved in every run:
  floor  compile just the kata crate and run its tests with plain cargo, dependencies already
         compiled (the least any grader can do)
  warm   `kata grade` of the reference with the warm dependency cache
  naive  `cargo test` of the same submission in a fresh copy with an empty target folder
         (also split: its build alone against the warm grade's build, from the results JSON)
  cold   `kata grade` after clearing the cache (dependencies compiled again)
Then a batch of submissions across the katas (--batch, 10 by default): one `kata grade` of
all of them against the same number of sequential `kata grade` runs.

    --assessment N   a whole assessment (five reference katas + an answer sheet) graded N
                     times: wall against CPU (user + sys of kata and everything it ran), and
                     the timing work (runs x reference time) against the fixed 5-run rule
    --stability N    N rounds, with two CPU-bound processes running beside them, of every
                     timing verdict that matters: each kata's correct solutions (never too
                     slow) and its declared-slow ones (always too slow); prints flipped verdicts
"""

import argparse
import json
import os
import resource
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
    grade = [kata_bin, "grade", reference, "--kata", kata, "--format", "json"]
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


def started_folder(kata, solution, folder):
    """A copy of a solution as a started kata folder (its record names the kata)."""
    shutil.copytree(solution, folder)
    os.makedirs(os.path.join(folder, ".kata"))
    with open(os.path.join(folder, ".kata", "started.yaml"), "w") as f:
        f.write(f"format-version: 1\nkata: {kata}\nversion: bench\nstarted-at: 2026-01-01T00:00:00Z\n")


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_assessment(kata_bin, rounds, scratch, cache):
    """Whole-assessment wall and CPU, and the timing work the sequential rule spent."""
    env = dict(os.environ, KATA_CACHE_DIR=cache)
    folder = os.path.join(scratch, "assessment")
    run([kata_bin, "start", "--assessment", "backend", "--dir", folder], env=env)
    for kata in KATAS:
        shutil.rmtree(os.path.join(folder, kata, "src"))
        shutil.copytree(os.path.join(REPO, "katas", kata, "solutions", "reference", "src"), os.path.join(folder, kata, "src"))
    shutil.copy(os.path.join(REPO, "tests", "fixtures", "answers", "strong.md"), os.path.join(folder, "ANSWERS.md"))
    run([kata_bin, "warm"], env=env)
    walls, cpus, spent, fixed = [], [], [], []
    for r in range(rounds):
        out = os.path.join(scratch, f"assessment-{r}.json")
        before = cpu_of_children()
        t, _ = run([kata_bin, "grade", folder, "--output", out, "--format", "json"], env=env)
        cpus.append(cpu_of_children() - before)
        walls.append(t)
        result = json.load(open(out))
        work, old = 0.0, 0.0
        for k in result["katas"]:
            for test in k["result"]["tests"]:
                timing = test.get("timing")
                if timing:
                    work += timing["runs"] * timing["reference_ms"]
                    old += 5 * timing["reference_ms"]
        spent.append(work)
        fixed.append(old)
    return walls, cpus, spent, fixed


def timing_cases():
    """(kata, solution dir, expected too_slow) for every solution whose timing verdict matters."""
    import yaml  # PyYAML: pip install pyyaml

    cases = []
    for kata in KATAS:
        definition = yaml.safe_load(open(os.path.join(REPO, "katas", kata, "kata.yaml")))
        timed = {t["name"] for t in definition.get("tests", []) if t.get("timing")}
        if not timed:
            continue
        for solution in definition.get("solutions", []):
            slow = any(v.get("verdict") == "too_slow" for v in solution.get("verdicts", []) or [])
            if solution.get("expect") == "pass" or slow:
                cases.append((kata, os.path.join(REPO, "katas", kata, solution["dir"]), slow, timed))
    return cases


def bench_stability(kata_bin, rounds, scratch, cache):
    """Every timing verdict that matters, `rounds` times, beside two CPU-bound processes."""
    env = dict(os.environ, KATA_CACHE_DIR=cache)
    cases = timing_cases()
    folders = []
    for i, (kata, solution, slow, timed) in enumerate(cases):
        folder = os.path.join(scratch, "stability", f"{i:02d}-{kata}-{os.path.basename(solution)}")
        started_folder(kata, solution, folder)
        folders.append(folder)
    run([kata_bin, "warm"], env=env)
    # `yes` itself, not a shell around it: killing a shell would leave its `yes` running.
    hogs = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(2)]
    flips, ratios = [], {}
    try:
        for r in range(rounds):
            out = os.path.join(scratch, f"stability-{r}")
            t, _ = run([kata_bin, "grade", *folders, "--out-dir", out], env=env, check=False)
            for folder, (kata, solution, slow, timed) in zip(folders, cases):
                path = os.path.join(out, os.path.basename(folder) + ".json")
                if not os.path.exists(path):
                    flips.append(f"round {r}: {kata}/{os.path.basename(solution)}: not graded")
                    continue
                result = json.load(open(path))
                for test in result["tests"]:
                    if test["name"] not in timed or not test.get("timing"):
                        continue
                    too_slow = test["verdict"] == "too_slow"
                    key = f"{kata}/{os.path.basename(solution)}"
                    ratios.setdefault(key, []).append((test["timing"]["ratio"], test["timing"]["runs"]))
                    if too_slow != slow:
                        flips.append(f"round {r}: {key}: {test['verdict']} at {test['timing']['ratio']:.2f}x (limit {test['timing']['limit']:.1f}x)")
            print(f"  stability round {r + 1}/{rounds}: {t:.0f} s, {len(flips)} flipped so far", file=sys.stderr)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    return cases, ratios, flips


def bench_batch(kata_bin, katas, scratch, cache, size):
    env = dict(os.environ, KATA_CACHE_DIR=cache)
    folders = []
    for i in range(size):
        kata = katas[i % len(katas)]
        root = os.path.join(REPO, "katas", kata)
        solutions = sorted(os.listdir(os.path.join(root, "solutions")))
        pick = os.path.join(root, "solutions", solutions[(i // len(katas)) % len(solutions)])
        folder = os.path.join(scratch, "cohort", f"cand{i:02d}-{kata}")
        started_folder(kata, pick, folder)
        folders.append((folder, kata))
    base = [kata_bin, "grade"]
    # Both sides start warm: compile every kata's dependencies first (not timed).
    for kata in katas:
        run(base + [os.path.join(REPO, "katas", kata, "solutions", "reference"), "--kata", kata, "--format", "json"], env=env)
    sequential = 0.0
    before = cpu_of_children()
    for folder, kata in folders:
        t, _ = run(base + [folder, "--format", "json"], env=env)
        sequential += t
    sequential_cpu = cpu_of_children() - before
    before = cpu_of_children()
    batch, _ = run(base + [f for f, _ in folders] + ["--out-dir", os.path.join(scratch, "batch-out")], env=env)
    return sequential, batch, sequential_cpu, cpu_of_children() - before


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--katas", default=",".join(KATAS))
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-katas", action="store_true", help="no per-kata benchmark")
    parser.add_argument("--batch", type=int, default=10, help="submissions in the batch benchmark")
    parser.add_argument("--assessment", type=int, default=0, metavar="N", help="whole assessment, N rounds")
    parser.add_argument("--stability", type=int, default=0, metavar="N", help="loaded stability run, N rounds")
    parser.add_argument("--bin", help="grade with this kata binary instead of building target/release/kata")
    args = parser.parse_args()
    katas = [k for k in args.katas.split(",") if k]
    if args.bin:
        kata_bin = os.path.abspath(args.bin)
    else:
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
        if args.assessment:
            print(f"\nwhole assessment, {args.assessment} rounds...", file=sys.stderr)
            walls, cpus, spent, fixed = bench_assessment(kata_bin, args.assessment, scratch, cache)
            print(f"\nwhole assessment (5 reference katas + answers), {args.assessment} rounds")
            for w, c in zip(walls, cpus):
                print(f"  wall {w:6.2f} s  CPU {c:6.2f} s  wall/CPU {w / c:.2f}")
            print(f"  median wall/CPU {statistics.median([w / c for w, c in zip(walls, cpus)]):.2f}")
            print(
                f"  timing work on the references (runs x reference time): {statistics.median(spent) / 1000:.2f} s "
                f"against {statistics.median(fixed) / 1000:.2f} s with 5 fixed runs ({statistics.median(spent) / statistics.median(fixed):.2f}x)"
            )
        if not args.skip_batch:
            print(f"\nbatch of {args.batch} submissions...", file=sys.stderr)
            sequential, batch, seq_cpu, batch_cpu = bench_batch(kata_bin, katas, scratch, cache, args.batch)
            print(f"\nbatch of {args.batch}: one by one {sequential:.1f} s, batch {batch:.1f} s, speed-up {sequential / batch:.2f}x")
            cpus = os.cpu_count() or 1
            print(
                f"  CPU: one by one {seq_cpu:.1f} s (wall/CPU {sequential / seq_cpu:.2f}), batch {batch_cpu:.1f} s "
                f"(wall/CPU {batch / batch_cpu:.2f}); the batch's floor on {cpus} CPUs is {batch_cpu / cpus:.1f} s"
            )
        if args.stability:
            print(f"\nstability run, {args.stability} rounds beside two CPU-bound processes...", file=sys.stderr)
            cases, ratios, flips = bench_stability(kata_bin, args.stability, scratch, cache)
            print(f"\nstability: {len(cases)} timing verdicts x {args.stability} rounds beside two `yes > /dev/null`")
            for (kata, solution, slow, _), key in zip(cases, [f"{c[0]}/{os.path.basename(c[1])}" for c in cases]):
                got = ratios.get(key, [])
                shown = ", ".join(f"{r:.2f}x/{n}" for r, n in got)
                print(f"  {key:<40} {'too slow' if slow else 'in time':<9} {shown}")
            print(f"  flipped verdicts: {len(flips)}")
            for flip in flips:
                print(f"    {flip}")


if __name__ == "__main__":
    main()
