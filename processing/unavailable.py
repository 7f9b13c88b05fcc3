"""An algorithm that cannot load because a Python package it needs is missing (numpy, shapely): listed under its
own id in the group "Unavailable", it says in Chinese and English what is missing and how to get it, and refuses
to run. Imports nothing that may be missing."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ..dependencies import missing_message
from ..translation import tr, tr_later

TITLE = tr_later("{algorithm} (unavailable: Python package {package} missing)")
GROUP = tr_later("Unavailable (Python packages missing)")


class UnavailableAlgorithm(QgsProcessingAlgorithm):
    def __init__(self, algorithm_id: str, package: str):
        super().__init__()
        self.algorithm_id, self.package = algorithm_id, package

    def createInstance(self):  # noqa: N802 - QGIS API
        return UnavailableAlgorithm(self.algorithm_id, self.package)

    def name(self) -> str:
        return self.algorithm_id

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr(TITLE).format(algorithm=self.algorithm_id, package=self.package)

    def group(self) -> str:
        return tr(GROUP)

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return "unavailable"

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return missing_message(self.package)

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        pass

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        return False, missing_message(self.package)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        raise QgsProcessingException(missing_message(self.package))
