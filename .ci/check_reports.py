"""Fail unless the JUnit reports of `make test` show tests that ran and none that failed.

    check_reports.py FOLDER [--label "QGIS 3.40.6 (trixie)"] [--summary FILE]

With --summary, one line `LABEL: N passed, N failed, N skipped` is appended to FILE for the matrix's summary block.
"""

import argparse
import glob
import os
import sys
import xml.etree.ElementTree as ET

parser = argparse.ArgumentParser()
parser.add_argument("folder", nargs="?", default="build/test-reports")
parser.add_argument("--label", default="")
parser.add_argument("--summary", default="")
args = parser.parse_args()

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sorted(glob.glob(os.path.join(args.folder, "*.xml"))):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
print("test totals:", totals)
ran = totals["tests"] - totals["skipped"]
failed = totals["failures"] + totals["errors"]
if args.summary:
    line = f"{ran - failed} passed, {failed} failed, {totals['skipped']} skipped"
    with open(args.summary, "a", encoding="utf-8") as f:
        f.write(f"{args.label}: {line}{'' if ran > 0 else ' (no test ran)'}\n")
if ran <= 0:
    print("no test ran")
    sys.exit(1)
sys.exit(1 if failed else 0)
