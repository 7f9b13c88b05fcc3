"""The Processing provider ``lianwei``: every algorithm of the plugin, usable from the toolbox, batch mode,
the Graphical Modeler and qgis_process."""

from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..dependencies import missing_message, missing_package
from ..resources_paths import ICON_PATH
from ..translation import tr
from .algorithms import MODULES, algorithm_id, load
from .unavailable import UnavailableAlgorithm


class LianweiProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "lianwei"

    def name(self) -> str:
        return tr("Land and building violations (Lianwei)")

    def longName(self) -> str:
        return self.name()

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def loadAlgorithms(self) -> None:
        """Each algorithm imported here; one that needs a missing package (numpy, shapely) is listed as unavailable
        and says what to install, and the others load all the same."""
        logged = set()
        for module, name in MODULES:
            try:
                algorithm = load(module, name)()
            except ImportError as error:
                package = missing_package(error)
                if package is None:
                    raise
                if package not in logged:
                    logged.add(package)
                    QgsMessageLog.logMessage(missing_message(package), "Lianwei", Qgis.MessageLevel.Warning)
                algorithm = UnavailableAlgorithm(algorithm_id(module), package)
            self.addAlgorithm(algorithm)
