"""QGIS tests: the real QGIS (pytest-qgis), the plugin loaded the way QGIS loads it."""

import os

import pytest
from qgis.core import Qgis, QgsApplication

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}


def pytest_report_header(config):
    return f"QGIS {Qgis.QGIS_VERSION} ({Qgis.QGIS_RELEASE_NAME}), Qt via qgis.PyQt"


@pytest.fixture(scope="session")
def lianwei_provider(qgis_app, qgis_processing):
    """The plugin as qgis_process starts it: classFactory(None), then initProcessing()."""
    import lianwei

    plugin = lianwei.classFactory(None)
    plugin.initProcessing()
    yield QgsApplication.processingRegistry().providerById("lianwei")
    plugin.unload()


@pytest.fixture(scope="session")
def small_sample(lianwei_provider, tmp_path_factory):
    import processing

    path = str(tmp_path_factory.mktemp("sample") / "sample.gpkg")
    results = processing.run("lianwei:sampletownship", dict(SMALL, OUTPUT=path))
    assert os.path.exists(results["OUTPUT"])
    return results
