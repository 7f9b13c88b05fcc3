"""Fail unless the JUnit reports of `make test` show tests that ran and none that failed."""

import glob
import os
import sys
import xml.etree.ElementTree as ET

folder = sys.argv[1] if len(sys.argv) > 1 else "build/test-reports"
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sorted(glob.glob(os.path.join(folder, "*.xml"))):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
print("test totals:", totals)
ran = totals["tests"] - totals["skipped"]
if ran <= 0:
    print("no test ran")
    sys.exit(1)
sys.exit(1 if totals["failures"] or totals["errors"] else 0)
