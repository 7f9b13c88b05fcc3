"""The QGIS side of the data: ledgers (GeoPackage) built from core's schema, forms, styles, projects."""
