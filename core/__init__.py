"""Lianwei's rules as plain Python (shapely, pandas). Never imports qgis or PyQt: a test enforces it."""
