"""Registering the lianwei provider for tests, as qgis_process does."""

from qgis.core import QgsApplication

PLUGIN = []


def ensure_provider():
    """The lianwei provider as qgis_process registers it (classFactory(None), initProcessing()), re-registered
    if a test that loads and unloads the plugin itself took it away."""
    import lianwei

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lianwei") is None:
        if not PLUGIN:
            PLUGIN.append(lianwei.classFactory(None))
        PLUGIN[0].provider = None
        PLUGIN[0].initProcessing()
    return registry.providerById("lianwei")
