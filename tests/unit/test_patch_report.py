"""The import report keeps every line in order, a million of them in a temporary file (JSON, no pickle)."""

import numpy as np

from lianwei.core import patch_report
from lianwei.core.notes import info, warning
from lianwei.core.patch_dedup import BY_OVERLAP, NEW, REFUSED


def test_lines_come_back_in_order_through_the_spool(monkeypatch):
    monkeypatch.setattr(patch_report, "SPOOLED", 3)
    report = patch_report.ImportReport()
    for k in range(10):
        kind = REFUSED if k == 4 else NEW
        note = info(BY_OVERLAP, k, patch_no=f"P{k}", case_id="C1", share=np.float64(0.9))
        report.append(
            patch_report.ReportLine(
                k, f"P{k}", kind, [f"C{k}"], np.float64(0.5), [note, warning("x {n}", k, n=np.int64(k))]
            )
        )
    lines = list(report.lines())
    assert [line.patch_no for line in lines] == [f"P{k}" for k in range(10)]
    assert lines[7].notes[0].text() == "Patch P7 overlaps case C1 by 90% of the smaller: linked to it"
    assert lines[7].notes[1].text() == "x 7" and lines[7].case_ids == ["C7"] and lines[7].share == 0.5
    assert report.counts()[REFUSED] == 1 and report.total == 10
    assert [line.patch_no for line in report.lines()] == [f"P{k}" for k in range(10)]  # read again
