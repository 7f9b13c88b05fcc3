"""Regenerate resources/layouts/village_map.qpt, the village map layout a technician opens in the layout designer
(Project → New Print Layout → "Add items from template"; save it in the ledger's project as 两违村级图 to make
lianwei:villagemaps use the adjusted copy). Developer tool:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/make_layout.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bootstrap import start_qgis  # noqa: E402

TARGET = os.path.join(os.path.dirname(HERE), "resources", "layouts", "village_map.qpt")


def main() -> None:
    app, plugin = start_qgis()
    from qgis.core import QgsProject, QgsReadWriteContext

    from lianwei.layers import village_layout
    from lianwei.processing.algorithms.village_maps import headings
    from lianwei.translation import install_translator

    install_translator("zh_CN")
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    project = QgsProject()
    layout = village_layout.build_layout(project, 297.0, 210.0, headings())
    if not layout.saveAsTemplate(TARGET, QgsReadWriteContext()):
        raise SystemExit(f"cannot write {TARGET}")
    print(TARGET)
    os._exit(0)


if __name__ == "__main__":
    main()
