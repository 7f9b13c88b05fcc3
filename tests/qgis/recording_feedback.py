"""A Processing feedback that keeps what an algorithm logged, for tests that read the log."""

from qgis.core import QgsProcessingFeedback


class RecordingFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        self.lines.append(info)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        self.lines.append(warning)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 - QGIS API
        self.lines.append(error)

    @property
    def log(self):
        return "\n".join(self.lines)
