"""The vector layer tools QGIS Desktop gives every attribute form, for forms opened in tests."""

from qgis.core import QgsFeature, QgsVectorLayerTools


class LayerTools(QgsVectorLayerTools):
    """What QGIS Desktop gives every attribute form; relation editors need it (QGIS 3.22 crashes without)."""

    def addFeature(self, layer, *args, **kwargs):
        return False, QgsFeature()

    def startEditing(self, layer, *args):
        return layer.startEditing()

    def stopEditing(self, layer, *args):
        return layer.commitChanges()

    def saveEdits(self, layer, *args):
        return layer.commitChanges(False)

    def copyMoveFeatures(self, layer, request, *args, **kwargs):
        return False, request, ""


TOOLS = LayerTools()
