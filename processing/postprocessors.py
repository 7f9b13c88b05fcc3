"""Post-processors: what happens to an output layer once QGIS loads it (outside the algorithm's thread)."""

from __future__ import annotations

from qgis.core import QgsProcessingLayerPostProcessorInterface

from ..core import schema
from ..layers import form, styles

_ALIVE = []  # QGIS keeps only a C++ pointer: the Python object must outlive the algorithm that created it


class CheckedViolationsStyle(QgsProcessingLayerPostProcessorInterface):
    """Styles a checked-violations layer like the ledger's (status colours, Chinese form) and writes how its
    areas were computed into its metadata."""

    def __init__(self, method: str):
        super().__init__()
        self.method = method

    @classmethod
    def create(cls, method: str) -> "CheckedViolationsStyle":
        instance = cls(method)
        _ALIVE[:] = _ALIVE[-16:] + [instance]
        return instance

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        styles.apply_style(layer, "violations")
        form.apply_schema(layer, schema.layer("violations"))
        metadata = layer.metadata()
        metadata.setAbstract(self.method)
        layer.setMetadata(metadata)
