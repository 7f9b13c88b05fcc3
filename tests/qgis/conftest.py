"""QGIS tests: the real QGIS (pytest-qgis), the plugin loaded the way QGIS loads it."""

import gc
import os

import pytest
from provider_helper import PLUGIN, ensure_provider
from qgis.core import Qgis, QgsApplication

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}


def pytest_report_header(config):
    return f"QGIS {Qgis.QGIS_VERSION} ({Qgis.QGIS_RELEASE_NAME})"


@pytest.fixture
def lianwei_provider(qgis_app, qgis_processing):
    return ensure_provider()


@pytest.fixture
def without_lianwei_provider(qgis_app, qgis_processing):
    """For tests that load the plugin themselves: no provider of ours registered before them."""
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("lianwei")
    if provider is not None:
        registry.removeProvider(provider)
    if PLUGIN:
        PLUGIN[0].provider = None


@pytest.fixture(scope="session")
def small_sample(qgis_app, qgis_processing, tmp_path_factory):
    import processing

    ensure_provider()
    path = str(tmp_path_factory.mktemp("sample") / "sample.gpkg")
    results = processing.run("lianwei:sampletownship", dict(SMALL, OUTPUT=path))
    assert os.path.exists(results["OUTPUT"])
    return results


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    """Free what a test left in reference cycles (widgets holding layers, layers holding GDAL datasets) while QGIS
    and GDAL are up: collected at the interpreter's exit instead, they crash QGIS 3.44 (a GDAL double free)."""
    yield
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def _unload_plugin_before_qgis_exits(qgis_app):
    """Python-side providers left registered when QGIS exits make the interpreter crash on the way out."""
    yield
    if PLUGIN:
        PLUGIN[0].unload()
        PLUGIN.clear()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    """A throw-away PostgreSQL + PostGIS server for this test run (tests/pg_server.py), stopped at the end."""
    import pg_server

    reason = pg_server.available()
    if reason:
        pytest.fail(f"the shared-ledger tests need a PostgreSQL server: {reason}")
    cluster = pg_server.Cluster().start()
    service_file = cluster.service_file(str(tmp_path_factory.mktemp("pg") / "pg_service.conf"))
    previous = os.environ.get("PGSERVICEFILE")
    os.environ["PGSERVICEFILE"] = service_file
    yield cluster
    if previous is None:
        os.environ.pop("PGSERVICEFILE", None)
    else:
        os.environ["PGSERVICEFILE"] = previous
    cluster.stop()


@pytest.fixture
def pg_database(pg_cluster, request):
    """A fresh database with PostGIS for one test; DATABASE parameter text (libpq, as the office's superuser)."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50] + f"_{os.getpid()}"
    pg_cluster.new_database(name)
    return name


@pytest.fixture(scope="module")
def shared_ledger(qgis_app, qgis_processing, pg_cluster, request):
    """A sample ledger in PostgreSQL (schema town) for one test module: (cluster, database)."""
    from shared_ledger import make_shared_ledger

    return make_shared_ledger(pg_cluster, request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def hooked_layer(shared_ledger, qgis_iface):
    """The shared ledger's violations layer in the project, the plugin's save hook watching it: (layer, hook)."""
    from shared_ledger import watched_layer

    yield from watched_layer(shared_ledger, qgis_iface)
