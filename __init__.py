"""两违整治 Lianwei: a QGIS plugin for township campaigns against illegal land use and illegal construction."""


def classFactory(iface):  # noqa: N802 - the name QGIS calls
    """Called by QGIS Desktop with its interface and by qgis_process with None; imports lazily."""
    from .plugin import LianweiPlugin

    return LianweiPlugin(iface)
