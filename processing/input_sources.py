"""The layer inputs of a Lianwei algorithm, looked at before anything is read: a file that is there but cannot be
read whole (no .shx or .dbf, truncated), a layer name the file lacks, a file of several layers named without one.

QGIS opens most of these without a word (the first layer of a GeoPackage, 3 rows of a .dbf that announces 6,
shapes without attributes) or says "not found" for a file that is there. Every algorithm asks here in
checkParameterValues and again in prepareAlgorithm, and ``unreadable_input`` explains a source QGIS could not
open at all.
"""

from __future__ import annotations

import os
from typing import Optional, Tuple

from qgis.core import (
    QgsMapLayer,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProperty,
)

from ..layers.source_problems import explain_unreadable, file_source, source_problem
from ..translation import tr_both, tr_later

NO_LAYER = tr_later("No layer was given")

LAYER_PARAMETERS = (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)


def input_source(value, context) -> Optional[Tuple[str, str, bool]]:
    """(the source, its provider, whether it is a layer already open in the project or the run) for a layer
    parameter's value; None when there is nothing to look at."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        if value.propertyType() == QgsProperty.Type.StaticProperty:
            value = value.staticValue()
        else:
            value, _ok = value.valueAsString(context.expressionContext(), "")
    if isinstance(value, QgsMapLayer):
        return value.source(), value.providerType(), True
    if not isinstance(value, str) or not value.strip():
        return None
    layer = QgsProcessingUtils.mapLayerFromString(value, context, False)
    if layer is not None:
        return layer.source(), layer.providerType(), True
    return value.strip(), "ogr", False


def looks_like_file(uri: str) -> bool:
    """A source string that names a file (a path with an extension), not a database URI or a provider string."""
    path = file_source(uri).path
    return "://" not in path and "=" not in path and bool(os.path.splitext(path)[1])


def inputs_problem(algorithm, parameters, context) -> Optional[str]:
    """The first layer input of ``algorithm`` that cannot be read whole and as meant, explained; or None."""
    for definition in algorithm.parameterDefinitions():
        if not isinstance(definition, LAYER_PARAMETERS):
            continue
        found = input_source(parameters.get(definition.name()), context)
        if found is None:
            continue
        uri, provider, opened = found
        exists = os.path.exists(file_source(uri).path)
        if provider != "ogr" or (opened and not exists) or not (exists or looks_like_file(uri)):
            continue  # not a file: QGIS's to read (a database, /vsizip/, a provider string)
        problem = source_problem(uri, whole_file_choice=not opened)
        if problem:
            return f"{definition.description()} ({definition.name()}): {problem}"
    return None


def unreadable_input(algorithm, parameters, key, context) -> str:
    """Why the layer input ``key`` gave no source, for the error message."""
    definition = algorithm.parameterDefinition(key)
    found = input_source(parameters.get(key), context)
    reason = explain_unreadable(found[0], found[1]) if found is not None else tr_both(NO_LAYER)
    return f"{definition.description()} ({key}): {reason}"
