"""Lianwei's rules as plain Python (shapely, pandas). Never imports qgis or PyQt: a test enforces it."""

# The schema first: it takes the patch fields from patch_fields, which builds them from schema's Field, so a
# module that imports patch_fields first would otherwise find schema half made.
from . import schema  # noqa: E402,F401
