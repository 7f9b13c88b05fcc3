"""Exceptions the rules raise; the QGIS side turns them into messages for the user."""


class Canceled(Exception):
    """Raised from a progress callback to stop long work; nothing is written."""


class NotFiniteCoordinates(ValueError):
    """Features whose geometry has NaN or infinite coordinates (GEOS measures them as NaN); ``keys`` names them."""

    def __init__(self, keys):
        super().__init__(", ".join(keys))
        self.keys = list(keys)
