#!/usr/bin/env python3
"""Mutation testing of every kata's hidden suite: cargo-mutants proposes, kata grades.

    nice -n 10 python3 benches/mutants.py [--katas deadlock,memory-leak] [--only FILE]
        [--out-dir target/mutants] [--kata-bin target/debug/kata]

For each kata, builds a scratch crate from the kata's Cargo.toml/Cargo.lock, the harness and
`solutions/reference/src`, asks `cargo mutants --list --json --diff` for its mutants (files in
the kata's `fixed-files` are excluded: grading always takes them from the kata), applies each
mutant's diff to a copy of the reference in a candidate-folder layout and grades that folder
with `kata grade --format json` against this checkout's katas/, one mutant at a time, so the
timing and memory checks count like for a candidate.

cargo-mutants is used only to generate the mutants (it knows Rust syntax and types, so its
mutants mostly compile); it never runs the tests itself, because a plain `cargo test` would
miss the grader's per-test processes, timeouts, timing ratios and memory verdicts.

Outcomes:
  caught     the score is below the maximum and at least one failing verdict is not a timeout
  timed out  the score is below the maximum but every failing test timed out (or the whole
             grading exceeded --grade-timeout)
  missed     full marks: the hidden suite does not notice the mutation
  unviable   the mutant does not compile

Prints a line per mutant and a table per kata, and writes OUT_DIR/<kata>.json (rewritten after
every mutant) and OUT_DIR/summary.md. `--only FILE` grades only the mutants named in FILE
(one cargo-mutants name a line, e.g. the missed ones of an earlier run).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KATAS = ["deadlock", "session-race", "memory-leak", "priority-queue", "connection-pool"]
OUTCOMES = ["caught", "missed", "timed out", "unviable"]


def fixed_files(kata_dir):
    """The `fixed-files:` list of kata.yaml (a one-line flow list), without a YAML parser."""
    text = open(os.path.join(kata_dir, "kata.yaml"), encoding="utf-8").read()
    found = re.search(r"^fixed-files:\s*\[([^\]]*)\]", text, re.MULTILINE)
    return [f.strip().strip("'\"") for f in found.group(1).split(",") if f.strip()] if found else []


def scratch_crate(kata_dir, dest):
    """The reference as a crate cargo-mutants can read: manifest, lock file, harness, src/."""
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copy(os.path.join(kata_dir, name), dest)
    shutil.copytree(os.path.join(REPO, "katas", "_harness"), os.path.join(dest, "kata-harness"))
    shutil.copytree(os.path.join(kata_dir, "solutions", "reference", "src"), os.path.join(dest, "src"))


def list_mutants(crate, excluded):
    command = ["cargo", "mutants", "--list", "--json", "--diff"]
    for path in excluded:
        command += ["--exclude", path]
    run = subprocess.run(command, cwd=crate, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"cargo mutants --list failed in {crate}:\n{run.stderr}")
    return json.loads(run.stdout)


def apply_diff(path, diff):
    """Applies one cargo-mutants unified diff (one file, `--- path` / `+++ description`)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out, pos = [], 0
    hunks = re.split(r"^(@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@.*)$", diff, flags=re.MULTILINE)
    for header, body in zip(hunks[1::2], hunks[2::2]):
        start = int(re.match(r"@@ -(\d+)", header).group(1)) - 1
        out += lines[pos:start]
        pos = start
        for line in body.split("\n"):
            if line.startswith("\\") or line == "":
                continue
            tag, text = line[0], line[1:]
            if tag in " -":
                if lines[pos] != text:
                    raise ValueError(f"{path}:{pos + 1}: diff context does not match")
                pos += 1
                if tag == " ":
                    out.append(text)
            elif tag == "+":
                out.append(text)
    out += lines[pos:]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def grade(kata_bin, kata, folder, timeout):
    # The built-in katas are this checkout's (embedded when kata is built).
    command = [kata_bin, "grade", folder, "--kata", kata, "--format", "json", "--offline"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": "timed out", "note": f"grading took over {timeout} s"}
    if run.returncode != 0:
        tail = run.stderr.strip().splitlines()[-1:] or ["no output"]
        sys.exit(f"grading error for {folder}: {tail[0]}")
    result = json.loads(run.stdout)
    if not result["compiled"]:
        return {"outcome": "unviable"}
    failing = {t["name"]: t["verdict"] for t in result["tests"] if t["verdict"] != "passed"}
    if result["score"] == result["max_score"]:
        outcome = "missed"
    elif all(v == "timed_out" for v in failing.values()):
        outcome = "timed out"
    else:
        outcome = "caught"
    return {"outcome": outcome, "score": result["score"], "max_score": result["max_score"], "failing": failing}


def run_kata(args, kata, only):
    kata_dir = os.path.join(REPO, "katas", kata)
    with tempfile.TemporaryDirectory(prefix=f"mutants-{kata}-") as tmp:
        crate = os.path.join(tmp, "crate")
        os.mkdir(crate)
        scratch_crate(kata_dir, crate)
        mutants = list_mutants(crate, fixed_files(kata_dir))
        if only is not None:
            mutants = [m for m in mutants if m["name"] in only]
        reference = os.path.join(kata_dir, "solutions", "reference", "src")
        folder = os.path.join(tmp, "candidate")
        records = []
        baseline = None
        for index, mutant in enumerate([None] + mutants):
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(reference, os.path.join(folder, "src"))
            if mutant is not None:
                apply_diff(os.path.join(folder, mutant["file"]), mutant["diff"])
            started = time.monotonic()
            graded = grade(args.kata_bin, kata, folder, args.grade_timeout)
            seconds = round(time.monotonic() - started, 1)
            if mutant is None:
                # The unmutated reference must get full marks, or no outcome below means much.
                if graded["outcome"] != "missed":
                    sys.exit(f"{kata}: the reference itself does not get full marks: {graded}")
                baseline = seconds
                print(f"{kata}: reference at full marks in {seconds} s; {len(mutants)} mutants", flush=True)
                continue
            record = {"name": mutant["name"], "file": mutant["file"], "seconds": seconds, **graded}
            records.append(record)
            detail = ", ".join(f"{n} {v}" for n, v in graded.get("failing", {}).items())
            print(f"{kata} [{index}/{len(mutants)}] {graded['outcome']:<9} {mutant['name']}"
                  + (f"  [{detail}]" if detail else "")
                  + (f"  ({graded['note']})" if "note" in graded else ""), flush=True)
            write_json(args.out_dir, kata, records, baseline)
        write_json(args.out_dir, kata, records, baseline)
        return records


def write_json(out_dir, kata, records, baseline):
    path = os.path.join(out_dir, f"{kata}.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"kata": kata, "reference_seconds": baseline, "mutants": records}, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)


def table(rows):
    lines = ["| kata | mutants | caught | missed | timed out | unviable |", "| --- | --- | --- | --- | --- | --- |"]
    total = {o: 0 for o in OUTCOMES}
    for kata, records in rows:
        counts = {o: sum(r["outcome"] == o for r in records) for o in OUTCOMES}
        for o in OUTCOMES:
            total[o] += counts[o]
        lines.append(f"| {kata} | {len(records)} | " + " | ".join(str(counts[o]) for o in OUTCOMES) + " |")
    lines.append(f"| all | {sum(total.values())} | " + " | ".join(str(total[o]) for o in OUTCOMES) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--katas", default=",".join(KATAS))
    parser.add_argument("--kata-bin", default=os.path.join(REPO, "target", "debug", "kata"))
    parser.add_argument("--out-dir", default=os.path.join(REPO, "target", "mutants"))
    parser.add_argument("--only", help="file of mutant names (one a line) to grade, the others skipped")
    parser.add_argument("--grade-timeout", type=int, default=600, help="seconds one grading may take")
    args = parser.parse_args()
    if shutil.which("cargo-mutants") is None:
        sys.exit("cargo-mutants is not installed: cargo install --locked cargo-mutants")
    # Timing checks are noisy when the machine is shared: stay polite even if started without nice.
    if os.nice(0) < 10:
        os.nice(10 - os.nice(0))
    os.makedirs(args.out_dir, exist_ok=True)
    only = None
    if args.only:
        only = {line.strip() for line in open(args.only, encoding="utf-8") if line.strip()}
    rows = [(kata, run_kata(args, kata, only)) for kata in args.katas.split(",")]
    missed = [f"- {kata}: `{r['name']}`" for kata, records in rows for r in records if r["outcome"] == "missed"]
    summary = table(rows) + ("\nMissed:\n\n" + "\n".join(missed) + "\n" if missed else "")
    with open(os.path.join(args.out_dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write(summary)
    print("\n" + summary, end="")


if __name__ == "__main__":
    main()
