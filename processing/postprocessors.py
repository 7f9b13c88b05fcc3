"""Post-processors: what happens to an output layer once QGIS loads it (outside the algorithm's thread)."""

from __future__ import annotations

from qgis.core import QgsProcessingLayerPostProcessorInterface


class AreaMethodNote(QgsProcessingLayerPostProcessorInterface):
    """Writes how the areas were computed into the loaded layer's metadata (abstract)."""

    def __init__(self, method: str):
        super().__init__()
        self.method = method

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        metadata = layer.metadata()
        metadata.setAbstract(self.method)
        layer.setMetadata(metadata)
