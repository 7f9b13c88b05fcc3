"""`make demo`: the main job, headless, on the sample township, into demo-output/.

The sample township ledger and its project, the violation check (table violations_checked of checked.gpkg:
a ledger is never an output), the progress summary (table progress_summary, same file), the county's patch file
(county_patches.shp, GBK without .cpg), the ledger workbook (.xlsx), the HTML progress report, the village
maps (村级图件/: a PDF and a PNG per village, the merged PDF), a picture of the project's map to look at, and the
sample township's reference layers as an office hands them over (office_layers/), to try 加载本单位图层….
"""

import os
import shutil
import sys
import time

from bootstrap import start_qgis


def render_project(project_path, png_path, width=1600, height=1200):
    """Draw the project's map as QGIS would show it at start (its layers, styles and default extent)."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsProject
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    project = QgsProject()
    if not project.read(project_path):
        raise SystemExit(f"cannot read {project_path}")
    settings = QgsMapSettings()
    settings.setLayers([node.layer() for node in project.layerTreeRoot().findLayers() if node.layer().isSpatial()])
    settings.setDestinationCrs(project.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("white"))
    settings.setExtent(project.viewSettings().defaultViewExtent())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(png_path):
        raise SystemExit(f"cannot write {png_path}")
    project.clear()


def main(folder):
    app, plugin = start_qgis()
    import processing
    from lianwei.processing.algorithms.check_violations import ledger_parameters
    from lianwei.translation import install_translator

    install_translator("zh_CN")  # the sample township is Chinese: write its project as a Chinese user would
    from qgis.core import QgsProcessingFeedback

    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    started = time.time()
    feedback = QgsProcessingFeedback()
    feedback.pushInfo = lambda text: print("  " + text)
    results = processing.run(
        "lianwei:sampletownship",
        {
            "OUTPUT": os.path.join(folder, "sample_township.gpkg"),
            "PATCHES": os.path.join(folder, "county_patches.shp"),
        },
        feedback=feedback,
    )
    print(f"sample township ledger: {results['OUTPUT']} ({time.time() - started:.1f} s)")
    print(f"project:                {results['PROJECT']}")
    print(f"county's patch file:    {results['PATCHES']} ({results['PATCH_COUNT']} patches, GBK without .cpg)")
    ledger = results["OUTPUT"]
    checked_file = os.path.join(folder, "checked.gpkg")
    started = time.time()
    tables = ledger_parameters(ledger)
    checked = processing.run(
        "lianwei:checkviolations",
        dict(
            tables, REPORT_DATE="2024-08-31", OUTPUT=f"ogr:dbname='{checked_file}' table=\"violations_checked\" (geom)"
        ),
        feedback=feedback,
    )
    print(f"checked violations:     {checked['OUTPUT']} ({time.time() - started:.1f} s)")
    progress = {
        "INPUT": f"{checked_file}|layername=violations_checked",
        "VILLAGES": f"{ledger}|layername=villages",
        "REPORT_DATE": "2024-08-31",
    }
    summary = processing.run(
        "lianwei:progresssummary",
        dict(progress, OUTPUT=f"ogr:dbname='{checked_file}' table=\"progress_summary\""),
        feedback=feedback,
    )
    print(f"progress summary:       {summary['OUTPUT']}")
    workbook = processing.run(
        "lianwei:exportledger", dict(progress, OUTPUT=os.path.join(folder, "两违台账.xlsx")), feedback=feedback
    )
    print(f"ledger workbook:        {workbook['OUTPUT']}")
    report = processing.run(
        "lianwei:progressreport", dict(progress, OUTPUT=os.path.join(folder, "整治进度报告.html")), feedback=feedback
    )
    print(f"progress report:        {report['OUTPUT']}")
    maps = processing.run(
        "lianwei:villagemaps",
        dict(
            progress,
            CADASTRE=f"{ledger}|layername=cadastre",
            PERMITS=f"{ledger}|layername=permits",
            OUTPUT_FOLDER=os.path.join(folder, "村级图件"),
        ),
        feedback=feedback,
    )
    print(f"village maps:           {maps['MERGED_PDF']} ({maps['PAGES']} pages, a PDF and a PNG each)")
    picture = os.path.join(folder, "sample_township.png")
    render_project(results["PROJECT"], picture)
    print(f"map picture:            {picture}")
    from sample_sources import write_sample_sources

    office = os.path.join(folder, "office_layers")
    write_sample_sources(ledger, office)
    print(f"office layers to load:  {office} (GBK shapefiles, a zone-prefixed CRS, a GeoPackage in EPSG:4490)")
    plugin.unload()
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo-output")
