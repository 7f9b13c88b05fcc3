"""Run pytest without the checkout on sys.path (`python -m pytest` would put it there, and the plugin's own
processing/ package would then hide QGIS's processing module)."""

import sys

import pytest

if __name__ == "__main__":
    sys.exit(pytest.main(sys.argv[1:]))
