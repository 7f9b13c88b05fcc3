"""Python packages the plugin needs that a QGIS may lack, and the message that says how to get one.

QGIS's installers ship numpy, and OSGeo4W ships pandas, openpyxl and shapely too; a minimal Debian/Ubuntu QGIS
(python3-qgis without recommends) and some Windows set-ups have none of them. Without pandas or openpyxl only the
algorithms that read or write spreadsheets refuse (their imports are made where they run); without numpy or
shapely, which nearly every module uses, the plugin still loads and lists its algorithms as unavailable, each saying
what to install. Nothing here imports anything optional.
"""

from __future__ import annotations

import importlib.util
from typing import Optional

from .translation import both, tr_later

OPTIONAL = ("pandas", "openpyxl", "numpy", "shapely", "psycopg2")

MISSING = tr_later(
    "The Python package {package} is missing from this QGIS. To install it: on Windows, run the OSGeo4W Setup "
    "(Advanced Install) and add python3-{package}, or in the OSGeo4W Shell run: python -m pip install {package}; "
    "on Debian or Ubuntu: sudo apt install python3-{package}; elsewhere: python3 -m pip install {package} with the "
    "Python that QGIS uses. Then restart QGIS."
)


def missing_package(error: BaseException) -> Optional[str]:
    """The optional package whose import failed in ``error`` (or in an error it came from), else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ImportError):
            name = (error.name or "").split(".")[0]
            if name in OPTIONAL:
                return name
        error = error.__cause__ or error.__context__
    return None


def missing_message(package: str) -> str:
    """What is missing and how to get it, in Chinese and English."""
    return both(MISSING, package=package)


def first_missing(*packages: str) -> Optional[str]:
    """The first of ``packages`` that cannot be imported (checked without importing it), else None."""
    for package in packages:
        try:
            if importlib.util.find_spec(package) is None:
                return package
        except (ImportError, ValueError):
            return package
    return None
