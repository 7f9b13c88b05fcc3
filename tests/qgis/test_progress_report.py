"""lianwei:progressreport: one self-contained HTML file with the summary's numbers, the chart and overdue cases."""

import re
from pathlib import Path

import pytest
from progress_cases import CAMPAIGN_ROWS, REPORT_DATE, VILLAGES, ledger_records
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException

from lianwei.layers.ledger import build_ledger, layer_uri


@pytest.fixture(scope="module")
def hand_ledger(qgis_app, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("report") / "hand.gpkg")
    build_ledger(path, QgsCoordinateReferenceSystem("EPSG:4545"), CAMPAIGN_ROWS, ledger_records())
    return path


def run_report(ledger, output):
    import processing

    return processing.run(
        "lianwei:progressreport",
        {
            "INPUT": layer_uri(ledger, "violations"),
            "VILLAGES": layer_uri(ledger, "villages"),
            "REPORT_DATE": REPORT_DATE,
            "OUTPUT": output,
        },
    )["OUTPUT"]


def test_report_holds_the_summary(lianwei_provider, hand_ledger, tmp_path):
    path = run_report(hand_ledger, str(tmp_path / "进度报告.html"))
    html = Path(path).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in html
    assert "@page { size: A4 portrait" in html
    for _, name, _ in VILLAGES:
        assert f"<td>{name}</td>" in html
    total = re.search(r'<tr class="total">(.*?)</tr>', html).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", total)
    assert cells[:7] == ["清溪镇", "8", "922.85", "422.35", "1,000.00", "577.65", "42.2%"]
    assert html.count("<svg") == 1 and "422.35" in html.split("<svg")[1]
    assert "<td>B-1</td>" in html and "<td>A-3</td>" in html
    assert not re.search(r'(src|href)="(https?:|file:|/)', html)  # one file: nothing fetched from elsewhere
    assert "footprint_m2" in html  # how the areas were computed


def test_unwritable_output_is_refused_and_leaves_nothing(lianwei_provider, hand_ledger, tmp_path):
    target = tmp_path / "missing-folder" / "report.html"
    with pytest.raises(QgsProcessingException) as error:
        run_report(hand_ledger, str(target))
    assert " / " in str(error.value)
    assert not target.exists() and not (tmp_path / "missing-folder").exists()
