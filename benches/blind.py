#!/usr/bin/env python3
"""Grade solutions written blind (from the started folder only) against the hidden suites.

    python3 benches/blind.py DIR [--katas deadlock,connection-pool] [--kata-bin target/debug/kata]

DIR holds <kata>/<name>/ folders, each with src/ and a SOLUTION.md whose `expect: pass|fail`
line says what the solution must get. A wrong solution is caught when it scores below the
maximum; a correct one must score the maximum. Grades one solution at a time (timing tests
are noisy under load) against this checkout's katas/, and prints one line per solution and a
table per kata.
"""

import argparse
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KATAS = ["deadlock", "session-race", "memory-leak", "priority-queue", "connection-pool"]


def expectation(folder):
    text = open(os.path.join(folder, "SOLUTION.md"), encoding="utf-8").read()
    found = re.search(r"^expect:\s*(pass|fail)", text, re.MULTILINE)
    if not found:
        sys.exit(f"{folder}/SOLUTION.md: no `expect: pass|fail` line")
    return found.group(1)


def grade(kata_bin, kata, folder):
    run = subprocess.run(
        [kata_bin, "grade", folder, "--kata", kata, "--format", "json"],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1:] or ["no output"]
    result = json.loads(run.stdout)
    failed = [t["name"] for t in result["tests"] if t["verdict"] != "passed"]
    return result, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--katas", default=",".join(KATAS))
    parser.add_argument("--kata-bin", default=os.path.join(REPO, "target", "debug", "kata"))
    args = parser.parse_args()
    table = []
    for kata in args.katas.split(","):
        root = os.path.join(args.dir, kata)
        if not os.path.isdir(root):
            continue
        counts = {"wrong": 0, "caught": 0, "correct": 0, "full": 0}
        for name in sorted(os.listdir(root)):
            folder = os.path.join(root, name)
            if not os.path.isdir(os.path.join(folder, "src")):
                continue
            expect = expectation(folder)
            result, failed = grade(args.kata_bin, kata, folder)
            if result is None:
                print(f"{kata} {name}: grading error: {failed[0]}", flush=True)
                continue
            full = result["score"] == result["max_score"]
            if expect == "fail":
                counts["wrong"] += 1
                counts["caught"] += not full
                status = "caught" if not full else "MISSED"
            else:
                counts["correct"] += 1
                counts["full"] += full
                status = "full marks" if full else "WRONGLY FAILED"
            missed = ", ".join(r["id"] for r in result.get("missed_requirements", []))
            print(
                f"{kata} {name} expect {expect}: {result['score']}/{result['max_score']} {status}"
                + (f" [{', '.join(failed)}]" if failed else "")
                + (f" missed {missed}" if missed else ""),
                flush=True,
            )
        table.append((kata, counts))
    print("\n| kata | wrong caught | correct at full marks |\n| --- | --- | --- |")
    for kata, c in table:
        print(f"| {kata} | {c['caught']} of {c['wrong']} | {c['full']} of {c['correct']} |")


if __name__ == "__main__":
    main()
