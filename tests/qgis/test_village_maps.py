"""lianwei:villagemaps on the small sample township: pages, text, fonts, pictures, and the numbers printed."""

import os
import re
import shutil
import subprocess

import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

from lianwei.core.progress import STATUSES
from lianwei.core.schema import code_label
from lianwei.layers.ledger import layer_uri


def need(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is needed (poppler-utils): `make test` installs it")
    return tool


def pdf_text(path, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([need("pdftotext"), "-layout", *pages, path, "-"], capture_output=True, text=True).stdout


def pdf_pages(path):
    info = subprocess.run([need("pdfinfo"), path], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def parameters(ledger, folder, **extra):
    values = {
        "INPUT": layer_uri(ledger, "violations"),
        "VILLAGES": layer_uri(ledger, "villages"),
        "CADASTRE": layer_uri(ledger, "cadastre"),
        "PERMITS": layer_uri(ledger, "permits"),
        "REPORT_DATE": "2024-08-31",
        "DPI": 72,
        "OUTPUT_FOLDER": str(folder),
    }
    values.update(extra)
    return values


@pytest.fixture(scope="module")
def series(small_sample, tmp_path_factory):
    from provider_helper import ensure_provider

    import processing

    ensure_provider()  # module-scoped: an earlier test may have unloaded the plugin's provider
    from lianwei.translation import install_translator

    install_translator("zh_CN")  # the maps are printed for a Chinese meeting
    folder = tmp_path_factory.mktemp("maps")
    ledger = small_sample["OUTPUT"]
    results = processing.run("lianwei:villagemaps", parameters(ledger, folder))
    summary = processing.run(
        "lianwei:progresssummary",
        {
            "INPUT": layer_uri(ledger, "violations"),
            "VILLAGES": layer_uri(ledger, "villages"),
            "REPORT_DATE": "2024-08-31",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )["OUTPUT"]
    rows = [{n: f[n] for n in summary.fields().names()} for f in summary.getFeatures()]
    yield results, rows, ledger
    install_translator("en")


def test_one_page_per_village_and_the_overview(series):
    results, rows, _ = series
    villages = [r for r in rows if r["village_code"] not in ("*", "")]
    assert results["PAGES"] == len(villages) + 1 == 15
    assert pdf_pages(results["MERGED_PDF"]) == 15
    files = os.listdir(results["OUTPUT_FOLDER"])
    assert len([f for f in files if f.endswith(".png")]) == 15
    assert len([f for f in files if f.endswith(".pdf")]) == 16  # the pages and the merged file
    for name in files:
        if name.endswith(".pdf") and name != os.path.basename(results["MERGED_PDF"]):
            path = os.path.join(results["OUTPUT_FOLDER"], name)
            assert pdf_pages(path) == 1, name
            place = name[:-4].split("_")[1 if name.startswith("00_") else 2]  # 00_清溪镇_总图, 01_<code>_石桥村
            assert f"{place}违法用地违法建设分布" in pdf_text(path), name


def test_text_names_villages_crs_and_statuses(series):
    results, rows, _ = series
    text = pdf_text(results["MERGED_PDF"])
    flat = re.sub(r"\s+", "", text)  # a label may wrap differently from one QGIS version to another
    assert "2000国家大地坐标系高斯-克吕格投影3度带中央经线108°" in flat
    for row in rows:
        if row["village_code"] not in ("*", ""):
            assert f"{row['village_name']}违法用地违法建设分布图" in flat
    first = pdf_text(results["MERGED_PDF"], 1)
    assert "违法用地违法建设分布总图" in first
    present = [s for s in STATUSES if next(r for r in rows if r["village_code"] == "*")[f"n_{s.lower()}"]]
    for status in present:
        assert code_label("status", status) in first
    assert "报告日期：2024-08-31" in flat


def test_fonts_are_embedded_cjk(series):
    results, _, _ = series
    fonts = subprocess.run([need("pdffonts"), results["MERGED_PDF"]], capture_output=True, text=True).stdout
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and all(" yes " in line for line in lines)  # every font embedded
    assert any(re.search(r"WenQuanYi|Noto|CJK|YaHei|SimSun", line) for line in lines)


def test_pngs_have_the_page_size_and_are_not_blank(series):
    results, _, _ = series
    for name in os.listdir(results["OUTPUT_FOLDER"]):
        if name.endswith(".png"):
            image = QImage(os.path.join(results["OUTPUT_FOLDER"], name))
            assert abs(image.width() - 842) <= 1 and abs(image.height() - 595) <= 1, name  # A4 landscape, 72 dpi
            colours = {image.pixel(x, y) for x in range(0, 840, 9) for y in range(0, 594, 9)}
            assert len(colours) > 30, name


def test_the_pngs_are_the_printed_pages_and_nothing_else_is_left(series):
    from lianwei.layers.layout_export import can_rasterize_pdf

    results, _, _ = series
    names = os.listdir(results["OUTPUT_FOLDER"])
    assert not [n for n in names if n.endswith(".aux.xml") or n.startswith("page")]
    assert can_rasterize_pdf()  # Debian's GDAL reads PDFs (poppler): the PNGs here come from the page PDFs
    info = subprocess.run(["pdfinfo", results["MERGED_PDF"]], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Title:\s+清溪镇村级违法用地违法建设分布图", info) and re.search(r"Pages:\s+15\n", info)
    pngs = sorted(n[:-4] for n in names if n.endswith(".png"))
    assert pngs == sorted(n[:-4] for n in names if n.endswith(".pdf") and n != os.path.basename(results["MERGED_PDF"]))


def test_pngs_are_drawn_by_qgis_where_gdal_cannot_read_pdfs(lianwei_provider, small_sample, tmp_path, monkeypatch):
    import processing
    from lianwei.layers import layout_export

    monkeypatch.setattr(layout_export, "can_rasterize_pdf", lambda: False)
    codes = "450109101203"
    results = processing.run("lianwei:villagemaps", parameters(small_sample["OUTPUT"], tmp_path, VILLAGE_CODES=codes))
    pngs = [p for p in tmp_path.iterdir() if p.suffix == ".png"]
    assert results["PAGES"] == 2 and len(pngs) == 2
    image = QImage(str(pngs[0]))
    assert abs(image.width() - 842) <= 1 and abs(image.height() - 595) <= 1


def test_statistics_on_each_page_equal_the_progress_summary(series):
    results, rows, _ = series
    villages = [r for r in rows if r["village_code"] not in ("*", "")]
    for page, row in enumerate([next(r for r in rows if r["village_code"] == "*")] + villages, start=1):
        text = pdf_text(results["MERGED_PDF"], page)
        found = re.search(r"立案合计\s+(\d+)\s+([\d,]+\.\d\d)", text)
        assert found, (page, text[-800:])
        assert (int(found.group(1)), float(found.group(2).replace(",", ""))) == (row["cases"], row["found_m2"])
        demolished = re.search(r"已拆除 / 任务\s+(\d+)\s+([\d,]+\.\d\d) / ([\d,]+\.\d\d)", text)
        assert float(demolished.group(2).replace(",", "")) == row["demolished_m2"], page
        assert float(demolished.group(3).replace(",", "")) == row["quota_m2"], page
        overdue = re.search(r"逾期宗数\s+(\d+)", text)
        assert int(overdue.group(1)) == row["overdue_cases"], page


def test_some_villages_on_a3_portrait(lianwei_provider, small_sample, tmp_path):
    import processing

    ledger = small_sample["OUTPUT"]
    codes = "450109101203,450109101207"
    results = processing.run(
        "lianwei:villagemaps", parameters(ledger, tmp_path, VILLAGE_CODES=codes, PAPER=1, ORIENTATION=1)
    )
    assert results["PAGES"] == 3
    image = QImage(next(str(p) for p in tmp_path.iterdir() if p.suffix == ".png"))
    assert abs(image.width() - 842) <= 1 and abs(image.height() - 1191) <= 1  # A3 portrait at 72 dpi


def test_unknown_village_code_is_named(lianwei_provider, small_sample, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException) as error:
        processing.run(
            "lianwei:villagemaps", parameters(small_sample["OUTPUT"], tmp_path, VILLAGE_CODES="999999999999")
        )
    assert "999999999999" in str(error.value) and " / " in str(error.value)
    assert not list(tmp_path.iterdir())


def test_the_shipped_template_has_every_item(qgis_app):
    from qgis.core import QgsPrintLayout, QgsProject, QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    from lianwei.layers import village_layout

    path = os.path.join(os.path.dirname(village_layout.__file__), "..", "resources", "layouts", "village_map.qpt")
    document = QDomDocument()
    with open(path, encoding="utf-8") as handle:
        assert document.setContent(handle.read())
    project = QgsProject()  # kept: a layout outliving its project crashes
    layout = QgsPrintLayout(project)
    _, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    assert ok
    assert all(village_layout.find_items(layout).values())
    page = layout.pageCollection().page(0).pageSize()
    assert (round(page.width()), round(page.height())) == (297, 210)


def test_a_layout_adjusted_in_the_ledger_project_is_used(lianwei_provider, small_sample, tmp_path):
    from qgis.core import QgsPrintLayout, QgsProject, QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    import processing
    from lianwei.layers import village_layout

    for suffix in (".gpkg", ".qgz"):
        shutil.copy(os.path.splitext(small_sample["OUTPUT"])[0] + suffix, tmp_path / f"ledger{suffix}")
    project = QgsProject()
    assert project.read(str(tmp_path / "ledger.qgz"))
    path = os.path.join(os.path.dirname(village_layout.__file__), "..", "resources", "layouts", "village_map.qpt")
    document = QDomDocument()
    with open(path, encoding="utf-8") as handle:
        document.setContent(handle.read())
    layout = QgsPrintLayout(project)
    layout.loadFromTemplate(document, QgsReadWriteContext())
    layout.setName(village_layout.LAYOUT_NAME)
    title = village_layout.find_items(layout)["title"]
    title.setText("[% attribute(@atlas_feature, 'title') %]（镇村干部会议用）")
    project.layoutManager().addLayout(layout)
    assert project.write()
    project.clear()
    ledger = str(tmp_path / "ledger.gpkg")
    out = tmp_path / "maps"
    results = processing.run("lianwei:villagemaps", parameters(ledger, out, VILLAGE_CODES="450109101201"))
    assert "镇村干部会议用" in pdf_text(results["MERGED_PDF"])


def test_a_tianditu_basemap_without_a_token_is_refused_before_anything_is_written(
    lianwei_provider, small_sample, tmp_path
):
    from qgis.core import QgsProcessingFeedback

    import processing

    errors = []

    class Feedback(QgsProcessingFeedback):
        def reportError(self, error, fatal_error=False):  # noqa: N802 - QGIS API
            errors.append(error)

    with pytest.raises(QgsProcessingException):
        processing.run(
            "lianwei:villagemaps",
            parameters(small_sample["OUTPUT"], tmp_path, BASEMAP=1, AUTHCFG="nosuch1"),
            feedback=Feedback(),
        )
    assert any("nosuch1" in e and " / " in e for e in errors), errors
    assert not list(tmp_path.iterdir())
