"""Start a headless QGIS with Processing and the plugin imported as ``lianwei`` (for tools/ and bench/ scripts)."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests"))
from plugin_paths import PLUGIN_ROOT  # noqa: E402  - makes `import lianwei` work from any checkout folder

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.append("/usr/share/qgis/python/plugins")


def start_qgis():
    """QgsApplication + Processing + the lianwei provider; returns (app, plugin)."""
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath(os.environ.get("QGIS_PREFIX_PATH", "/usr"), True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import lianwei

    plugin = lianwei.classFactory(None)
    plugin.initProcessing()
    return app, plugin


__all__ = ["PLUGIN_ROOT", "REPO", "start_qgis"]
