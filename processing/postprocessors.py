"""Post-processors: what happens to an output layer once QGIS loads it (outside the algorithm's thread)."""

from __future__ import annotations

from qgis.core import QgsProcessingLayerPostProcessorInterface

from ..core import schema
from ..layers import form, styles

_ALIVE = []  # QGIS keeps only a C++ pointer: the Python object must outlive the algorithm that created it


class _AreaMethodPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """A post-processor that knows how the output's areas were computed; ``create`` keeps it alive."""

    def __init__(self, method: str):
        super().__init__()
        self.method = method

    @classmethod
    def create(cls, method: str):
        instance = cls(method)
        _ALIVE[:] = _ALIVE[-16:] + [instance]
        return instance


class CheckedViolationsStyle(_AreaMethodPostProcessor):
    """Styles a checked-violations layer like the ledger's (status colours, Chinese form) and writes how its
    areas were computed into its metadata."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        styles.apply_style(layer, "violations")
        form.apply_schema(layer, schema.layer("violations"))
        metadata = layer.metadata()
        metadata.setAbstract(self.method)
        layer.setMetadata(metadata)


class ProgressSummaryLabels(_AreaMethodPostProcessor):
    """Gives a progress summary's columns their labels and writes how the areas were computed into its metadata."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.progress_labels import column_label

        for index, field in enumerate(layer.fields()):
            try:
                layer.setFieldAlias(index, column_label(field.name()))
            except KeyError:
                continue
        metadata = layer.metadata()
        metadata.setAbstract(self.method)
        layer.setMetadata(metadata)
