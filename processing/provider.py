"""The Processing provider ``lianwei``: every algorithm of the plugin, usable from the toolbox, batch mode,
the Graphical Modeler and qgis_process."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..resources_paths import ICON_PATH
from ..translation import tr
from .algorithms import ALGORITHMS


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
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
