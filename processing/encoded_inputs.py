"""An algorithm's shapefile inputs read in the encoding their text is really in.

A shapefile without .cpg whose text is GBK (or GB18030), or whose .cpg says UTF-8 over GBK bytes, shows U+FFFD
as QGIS opens it; lianwei's algorithms read such a file again in its real encoding (office_source.text_reading,
the check every reader of the plugin shares). Layers belong to the main thread, so the files are opened again in
prepareAlgorithm and kept here; processAlgorithm, in the background, reads these (the parameters dict it gets is
a copy: nothing can be handed over through it).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsVectorLayer,
    QgsVectorLayerSelectedFeatureSource,
)

from ..layers import office_source
from ..layers.convert import layer_label


class EncodedInputs:
    """The inputs opened again for their text; ``lines``: what the log says about each (Chinese / English)."""

    def __init__(self) -> None:
        self.layers: Dict[str, QgsVectorLayer] = {}
        self.readers: Dict[str, Tuple[object, int]] = {}  # key -> (what to read, feature limit)
        self.lines: List[str] = []

    @classmethod
    def prepare(cls, algorithm, parameters, context, keys: Sequence[str]) -> "EncodedInputs":
        """Called in prepareAlgorithm (the main thread)."""
        inputs = cls()
        for key in keys:
            definition = parameters.get(key)
            layer = algorithm.parameterAsVectorLayer(parameters, key, context)
            if layer is None and isinstance(definition, QgsProcessingFeatureSourceDefinition):
                # QGIS 3.22 gives no layer for a source definition (selected features, a feature limit)
                source = definition.source.valueAsString(context.expressionContext())[0]
                layer = QgsProcessingUtils.mapLayerFromString(source, context)
            text = office_source.text_reading(layer if isinstance(layer, QgsVectorLayer) else None)
            if text.layer is None:
                continue
            reader, limit = text.layer, -1
            if isinstance(definition, QgsProcessingFeatureSourceDefinition):
                limit = definition.featureLimit
                if definition.selectedFeaturesOnly:  # a shapefile's feature ids are its record numbers
                    text.layer.selectByIds(layer.selectedFeatureIds())
                    reader = QgsVectorLayerSelectedFeatureSource(text.layer)
            inputs.layers[key] = text.layer
            inputs.readers[key] = (reader, limit)
            inputs.lines.append(text.log_line(layer_label(layer, key)))
        return inputs

    def layer(self, key: str) -> Optional[QgsVectorLayer]:
        """The layer opened again for ``key`` (None when QGIS's own reading is right)."""
        return self.layers.get(key)

    def source(self, algorithm, parameters, key: str, context):
        """The input ``key`` as a Processing feature source: the file opened again when its text needed it."""
        if key not in self.readers:
            return algorithm.parameterAsSource(parameters, key, context)
        reader, limit = self.readers[key]
        return QgsProcessingFeatureSource(reader, context, False, limit)

    def release(self) -> None:
        """Let go of the layers once read: a layer that outlives QGIS's exit crashes it."""
        self.layers, self.readers = {}, {}

    def log(self, feedback) -> None:
        for line in self.lines:
            feedback.pushInfo(line)


def encoded_inputs(algorithm) -> EncodedInputs:
    """What prepareAlgorithm kept (nothing when the algorithm runs without it, as a script may call it)."""
    return getattr(algorithm, "_encoded_inputs", None) or EncodedInputs()
