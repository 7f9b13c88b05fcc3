"""No algorithm writes its output over a ledger or over a GeoPackage holding other tables, whatever way QGIS names
the destination and whichever way the algorithm is run (processing.run, the dialog's check, a direct run as the
batch dialog does, a background task, a model, qgis_process); the message names the file and says what to do, and
the ledger is left exactly as it was."""

import os
import shutil
import subprocess

import pytest
from batch_file import close_at_teardown, open_with_batch_dialog, write_batch_file
from gpkg_copy import copy_gpkg
from osgeo import ogr
from plugin_paths import PLUGIN_ROOT, REPO
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsProperty,
    QgsVectorLayer,
)
from qgis.PyQt.QtWidgets import QTextEdit

from lianwei.layers.ledger import layer_uri
from lianwei.layers.ledger_store import table_dump
from lianwei.processing.algorithms.check_violations import ledger_parameters

LEDGER_WORDS = ("两违整治台账", "不得写入", "另选一个新文件名", "is a Lianwei ledger", "Choose a new file name")


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = tmp_path / "清溪镇台账.gpkg"
    copy_gpkg(small_sample["OUTPUT"], path)
    return str(path)


def run_check(ledger, output):
    import processing

    parameters = dict(ledger_parameters(ledger), REPORT_DATE="2024-08-31", OUTPUT=output)
    return processing.run("lianwei:checkviolations", parameters)


def refused(ledger, output, *words, alg="lianwei:checkviolations", **parameters):
    """Run ``alg`` writing to ``output``: it must be refused with ``words`` in its message, the ledger unchanged."""
    import processing

    before = table_dump(ledger)
    parameters = parameters or dict(ledger_parameters(ledger), REPORT_DATE="2024-08-31")
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(alg, dict(parameters, OUTPUT=output))
    message = str(caught.value)
    for word in words or LEDGER_WORDS:
        assert word in message, message
    assert table_dump(ledger) == before
    return message


def test_the_check_refuses_its_own_ledger_as_output(ledger, lianwei_provider):
    """The defect: the check's output over the ledger replaced the whole ledger (every case, parcel, log row)."""
    message = refused(ledger, ledger)
    assert ledger in message


@pytest.mark.parametrize(
    "form",
    [
        "{path}|layername=checked",
        "{path}|layername=violations",
        "ogr:dbname='{path}' table=\"checked\" (geom)",
        "ogr:dbname='{path}' table=\"violations\" (geom)",
    ],
)
def test_a_table_inside_the_ledger_is_refused_too(ledger, lianwei_provider, form):
    refused(ledger, form.format(path=ledger))


@pytest.mark.parametrize("options", [{}, {"layerName": "checked"}, {"fileEncoding": "UTF-8", "layerName": "x"}])
def test_an_output_layer_definition_is_looked_into(ledger, lianwei_provider, options):
    """A definition's sink (a QgsProperty static value) with or without create options: QGIS 3.22 replaces the
    whole file even with a layerName option (measured), so every form is refused."""
    definition = QgsProcessingOutputLayerDefinition(QgsProperty.fromValue(ledger))
    definition.createOptions = options
    refused(ledger, definition)


def test_an_expression_property_is_evaluated(ledger, lianwei_provider):
    definition = QgsProcessingOutputLayerDefinition(QgsProperty.fromExpression(f"'{ledger}'"))
    refused(ledger, definition)


def test_upper_case_relative_and_extensionless_names(ledger, lianwei_provider, tmp_path, monkeypatch):
    upper = tmp_path / "副本.GPKG"
    shutil.copy(ledger, upper)
    refused(str(upper), str(upper))
    monkeypatch.chdir(tmp_path)
    refused(ledger, os.path.basename(ledger))
    refused(ledger, os.path.splitext(os.path.basename(ledger))[0])  # QGIS adds .gpkg to a name without a format


def make_geopackage(path, tables):
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for table in tables:
        layer = dataset.CreateLayer(table, geom_type=ogr.wkbPolygon)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((0 0,1 0,1 1,0 0))"))
        layer.CreateFeature(feature)
    dataset = None  # noqa: F841 - writes the file
    return str(path)


def tables_of(path):
    dataset = ogr.Open(str(path))
    return sorted(dataset.GetLayer(k).GetName() for k in range(dataset.GetLayerCount()))


def test_a_geopackage_of_other_tables_is_not_replaced_as_a_whole(ledger, lianwei_provider, tmp_path):
    other = make_geopackage(tmp_path / "scratch.gpkg", ("roads", "rivers"))
    message = refused(ledger, other, "2 个表", "rivers, roads", "holding 2 tables", "delete them all")
    assert other in message
    assert tables_of(other) == ["rivers", "roads"]
    message = refused(ledger, f"ogr:dbname='{other}' table=\"roads\" (geom)", "已有表 roads", "would replace it")
    assert tables_of(other) == ["rivers", "roads"]


def test_a_new_table_may_be_added_to_a_geopackage_that_is_not_a_ledger(ledger, lianwei_provider, tmp_path):
    """QGIS adds the table and keeps the others (ogr: destination, QgsVectorLayerExporter in update mode)."""
    other = make_geopackage(tmp_path / "scratch.gpkg", ("roads", "rivers"))
    result = run_check(ledger, f"ogr:dbname='{other}' table=\"checked\" (geom)")
    assert tables_of(other) == ["checked", "rivers", "roads"]
    assert QgsVectorLayer(result["OUTPUT"], "c", "ogr").featureCount() == 120


def test_an_earlier_output_of_one_table_is_replaced(ledger, lianwei_provider, tmp_path):
    earlier = make_geopackage(tmp_path / "checked.gpkg", ("checked",))
    run_check(ledger, earlier)
    assert QgsVectorLayer(earlier, "c", "ogr").featureCount() == 120


@pytest.mark.parametrize(
    "alg, key",
    [
        ("lianwei:exportledger", "OUTPUT"),
        ("lianwei:progressreport", "OUTPUT"),
        ("lianwei:progresssummary", "OUTPUT"),
        ("lianwei:villagemaps", "OUTPUT_FOLDER"),
        ("lianwei:casecard", "OUTPUT"),
    ],
)
def test_file_and_folder_destinations_refuse_a_ledger(ledger, lianwei_provider, alg, key):
    import processing

    parameters = {"INPUT": layer_uri(ledger, "violations"), "VILLAGES": layer_uri(ledger, "villages")}
    if alg == "lianwei:casecard":
        parameters = {"INPUT": layer_uri(ledger, "violations"), "CASE_ID": "X"}
    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(alg, dict(parameters, **{key: ledger}))
    for word in LEDGER_WORDS:
        assert word in str(caught.value)
    assert table_dump(ledger) == before


@pytest.mark.parametrize("alg", ["lianwei:createledger", "lianwei:sampletownship"])
def test_a_new_ledger_never_replaces_a_file(ledger, lianwei_provider, tmp_path, alg):
    """They refused an existing file when writing; now before running too, with the same message."""
    other = make_geopackage(tmp_path / "scratch.gpkg", ("roads",))
    before = table_dump(ledger)
    for path in (ledger, other):
        context = QgsProcessingContext()
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(alg)
        ok, message = algorithm.checkParameterValues({"OUTPUT": path}, context)
        assert not ok and path in message
        assert "台账不会被覆盖" in message and "a ledger is never overwritten" in message
    assert table_dump(ledger) == before and tables_of(other) == ["roads"]


def test_a_folder_destination_that_is_a_file(lianwei_provider, ledger, tmp_path):
    import processing

    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    parameters = {"INPUT": layer_uri(ledger, "violations"), "VILLAGES": layer_uri(ledger, "villages")}
    with pytest.raises(QgsProcessingException, match="是文件而不是文件夹.*is a file, not a folder"):
        processing.run("lianwei:villagemaps", dict(parameters, OUTPUT_FOLDER=str(plain)))


# --- every way of running: the rule holds whether or not checkParameterValues is called ---------------------------
def check_algorithm():
    return QgsApplication.processingRegistry().createAlgorithmById("lianwei:checkviolations")


def test_the_dialog_check_says_it_before_running(ledger, lianwei_provider):
    """AlgorithmDialog and qgis_process call checkParameterValues: the message is shown before anything runs."""
    context = QgsProcessingContext()
    ok, message = check_algorithm().checkParameterValues(dict(ledger_parameters(ledger), OUTPUT=ledger), context)
    assert not ok
    assert all(word in message for word in LEDGER_WORDS)


def test_a_direct_run_as_the_batch_dialog_does_is_refused(ledger, lianwei_provider):
    """QGIS 3.22's batch dialog calls algorithm.run() for each row without checkParameterValues."""
    before = table_dump(ledger)
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = check_algorithm().run(dict(ledger_parameters(ledger), OUTPUT=ledger), context, feedback)
    assert not ok
    assert "不得写入" in feedback.textLog() and "is a Lianwei ledger" in feedback.textLog()
    assert table_dump(ledger) == before


def test_a_background_task_is_refused_before_it_starts(ledger, lianwei_provider):
    """The menu's runners (case card, village maps, load dialog) start QgsProcessingAlgRunnerTask, which prepares
    the algorithm in the main thread and never calls checkParameterValues."""
    before = table_dump(ledger)
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    context.setProject(QgsProject.instance())
    parameters = dict(ledger_parameters(ledger), OUTPUT=ledger)
    task = QgsProcessingAlgRunnerTask(check_algorithm(), parameters, context, feedback)
    assert task.isCanceled()
    assert "is a Lianwei ledger" in feedback.textLog()
    assert table_dump(ledger) == before


def test_a_model_step_is_refused(ledger, lianwei_provider, tmp_path):
    """The shipped model: a sample township, then the check; the check's output given as an existing ledger."""
    import processing

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(f"{REPO}/resources/models/lianwei_sample_check.model3")
    before = table_dump(ledger)
    parameters = {
        "SEED": 3,
        "VIOLATIONS": 20,
        "PARCELS": 300,
        "lianwei:sampletownship_1:台账": str(tmp_path / "model.gpkg"),
        "lianwei:checkviolations_1:核查后的违法图斑": ledger,
        "lianwei:villagemaps_1:村级图件文件夹": str(tmp_path / "maps"),
    }
    feedback = QgsProcessingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run(model, parameters, feedback=feedback)
    assert "is a Lianwei ledger" in feedback.textLog()
    assert table_dump(ledger) == before


def qgis_process_binary():
    for name in ("qgis_process.bin", "qgis_process"):
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
        if path:
            return path
    pytest.fail("qgis_process is not installed")


def test_qgis_process_refuses_the_ledger_as_output(ledger, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = dict(
        os.environ, HOME=str(home), QGIS_PLUGINPATH=PLUGIN_ROOT, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(home)
    )
    for name in ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH"):
        env.pop(name, None)

    def call(*args):
        return subprocess.run([qgis_process_binary(), *args], env=env, capture_output=True, text=True, timeout=600)

    assert call("plugins", "enable", "lianwei").returncode == 0
    before = table_dump(ledger)
    tables = ledger_parameters(ledger)
    result = call("run", "lianwei:checkviolations", "--", *[f"{k}={v}" for k, v in tables.items()], f"OUTPUT={ledger}")
    assert result.returncode != 0
    printed = result.stdout + result.stderr
    assert "不得写入" in printed and "is a Lianwei ledger" in printed and ledger in printed
    assert table_dump(ledger) == before


def test_the_batch_dialog_refuses_a_row_into_the_ledger(
    ledger, lianwei_provider, qgis_iface, qtbot, tmp_path, monkeypatch, request
):
    """Two rows from a batch file: the first into a new file runs, the second into the ledger is refused."""
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog

    tables = ledger_parameters(ledger)
    good = tmp_path / "checked.gpkg"
    batch_file = tmp_path / "batch.json"
    write_batch_file(batch_file, [(tables, {"OUTPUT": str(out)}) for out in (good, ledger)])
    open_with_batch_dialog(monkeypatch, batch_file)
    before = table_dump(ledger)
    dialog = BatchAlgorithmDialog(check_algorithm())
    close_at_teardown(request, dialog)
    panel = dialog.mainWidget()
    panel.load()
    panel.checkLoadLayersOnCompletion.setChecked(False)
    dialog.runAlgorithm()

    def log():
        return "\n".join(widget.toPlainText() for widget in dialog.findChildren(QTextEdit))

    # QGIS 3.40 runs the rows one after the other as tasks: the first output is there before the second row ran.
    qtbot.waitUntil(
        lambda: good.exists() and QgsVectorLayer(str(good), "c", "ogr").featureCount() == 120 and "不得写入" in log(),
        timeout=120000,
    )
    assert "不得写入" in log() and "is a Lianwei ledger" in log(), log()
    assert table_dump(ledger) == before
