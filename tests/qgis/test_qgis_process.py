"""qgis_process finds the plugin on QGIS_PLUGINPATH, lists its algorithms and runs lianwei:sampletownship."""

import json
import os
import shutil
import subprocess

import pytest
from osgeo import ogr
from plugin_paths import PLUGIN_ROOT

from lianwei.processing.algorithms.check_violations import ledger_parameters


def qgis_process():
    # Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which the executable rejects.
    for name in ("qgis_process.bin", "qgis_process"):
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
        if path:
            return path
    pytest.fail("qgis_process is not installed")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("qgis-process-home")  # a fresh profile: enabling the plugin touches no one's
    env = dict(
        os.environ, HOME=str(home), QGIS_PLUGINPATH=PLUGIN_ROOT, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(home)
    )
    for name in ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH"):  # set by pytest-qgis for its own QGIS
        env.pop(name, None)

    def call(*args):
        return subprocess.run([qgis_process(), *args], env=env, capture_output=True, text=True, timeout=600)

    call.env = env  # for tests that start qgis_process themselves
    enabled = call("plugins", "enable", "lianwei")
    assert enabled.returncode == 0, enabled.stderr
    return call


def test_algorithms_are_listed(run):
    listing = run("list")
    assert listing.returncode == 0
    assert "lianwei:createledger" in listing.stdout
    assert "lianwei:sampletownship" in listing.stdout
    for name in ("checkviolations", "progresssummary", "exportledger", "progressreport", "villagemaps", "casecard"):
        assert f"lianwei:{name}" in listing.stdout


def test_sample_township_runs(run, tmp_path):
    out = tmp_path / "示例.gpkg"
    result = run(
        "--json",
        "run",
        "lianwei:sampletownship",
        "--",
        f"OUTPUT={out}",
        "VIOLATIONS=60",
        "PARCELS=800",
        "PERMITS=25",
        "SEED=5",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(result.stdout)["results"]
    assert results["OUTPUT"] == str(out)
    assert os.path.exists(results["PROJECT"])
    dataset = ogr.Open(str(out))
    assert dataset.GetLayerByName("violations").GetFeatureCount() == 60
    assert dataset.GetLayerByName("cadastre").GetFeatureCount() == 800
    assert dataset.GetLayerByName("villages").GetFeatureCount() == 14


def test_create_ledger_runs_with_only_an_output(run, tmp_path):
    out = tmp_path / "ledger.gpkg"
    result = run("run", "lianwei:createledger", "--", f"OUTPUT={out}")
    assert result.returncode == 0, result.stdout + result.stderr
    dataset = ogr.Open(str(out))
    assert dataset.GetLayerByName("campaign").GetFeatureCount() == 8  # the seven settings and the schema version


def test_check_violations_runs(run, tmp_path):
    ledger = tmp_path / "ledger.gpkg"
    assert (
        run(
            "run", "lianwei:sampletownship", "--", f"OUTPUT={ledger}", "VIOLATIONS=30", "PARCELS=400", "PERMITS=10"
        ).returncode
        == 0
    )
    checked = tmp_path / "checked.gpkg"
    tables = ledger_parameters(str(ledger))
    result = run(
        "--json",
        "run",
        "lianwei:checkviolations",
        "--",
        *[f"{k}={v}" for k, v in tables.items()],
        "REPORT_DATE=2024-08-31",
        f"OUTPUT={checked}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "EPSG:4545" in json.loads(result.stdout)["results"]["AREA_METHOD"]
    dataset = ogr.Open(str(checked))  # keep the dataset: its layer dies with it
    layer = dataset.GetLayer(0)
    assert layer.GetFeatureCount() == 30
    assert all(f.GetField("ellipsoid_m2") > 0 and f.GetField("village_code") for f in layer)


def test_progress_outputs_run(run, tmp_path):
    """The summary, the workbook and the HTML report from the command line, on a township of 30 cases."""
    ledger = tmp_path / "ledger.gpkg"
    made = run("run", "lianwei:sampletownship", "--", f"OUTPUT={ledger}", "VIOLATIONS=30", "PARCELS=400", "PERMITS=10")
    assert made.returncode == 0, made.stdout + made.stderr
    inputs = [f"INPUT={ledger}|layername=violations", f"VILLAGES={ledger}|layername=villages", "REPORT_DATE=2024-08-31"]
    summary = tmp_path / "summary.gpkg"
    outputs = {
        "lianwei:progresssummary": summary,
        "lianwei:exportledger": tmp_path / "台账.xlsx",
        "lianwei:progressreport": tmp_path / "report.html",
    }
    for algorithm, output in outputs.items():
        result = run("run", algorithm, "--", *inputs, f"OUTPUT={output}")
        assert result.returncode == 0, algorithm + result.stdout + result.stderr
        assert output.exists() and output.stat().st_size > 0, algorithm
    maps = tmp_path / "maps"
    result = run(
        "--json",
        "run",
        "lianwei:villagemaps",
        "--",
        *inputs,
        "DPI=72",
        "VILLAGE_CODES=450109101203",
        f"OUTPUT_FOLDER={maps}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["results"]["PAGES"] == 2
    assert len([p for p in maps.iterdir() if p.suffix == ".png"]) == 2
    dataset = ogr.Open(str(summary))
    layer = dataset.GetLayer(0)
    rows = {f.GetField("village_code"): f.GetField("cases") for f in layer}
    assert rows["*"] == sum(v for k, v in rows.items() if k != "*") > 0
