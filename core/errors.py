"""Exceptions the rules raise; the QGIS side turns them into messages for the user."""


class Canceled(Exception):
    """Raised from a progress callback to stop long work; nothing is written."""
