"""The plugin's case-marking actions: three map tools, the operator's name, the check on save."""

from __future__ import annotations

from typing import Dict, List, Optional

from qgis.core import QgsApplication, QgsExpressionContextUtils
from qgis.PyQt.QtWidgets import QAction, QInputDialog, QLineEdit

from ..core import schema
from ..translation import tr, tr_later
from .case_save_hook import CaseSaveHook
from .case_tools import DrawCaseTool, PickCaseTool, SplitCaseTool, ledger_violations
from .errors import reports_errors

TOOLS = (
    ("draw", tr_later("Draw a violation"), "mActionCapturePolygon.svg", DrawCaseTool),
    ("pick", tr_later("Take a parcel or patch as a violation"), "mActionSelectFreehand.svg", PickCaseTool),
    ("split", tr_later("Split a case"), "mActionSplitFeatures.svg", SplitCaseTool),
)


class CaseActions:
    def __init__(self, iface, parent):
        self.iface = iface
        self.hook = CaseSaveHook(iface)
        self.tools: Dict[str, object] = {}
        self.actions: List[QAction] = []
        for key, text, icon, _tool in TOOLS:
            action = QAction(QgsApplication.getThemeIcon(icon), tr(text), parent)
            action.setObjectName(f"LianweiCaseTool_{key}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, k=key: self.activate(k))
            self.actions.append(action)
        operator = QAction(QgsApplication.getThemeIcon("user.svg"), tr("Operator name…"), parent)
        operator.setObjectName("LianweiOperatorName")
        operator.triggered.connect(self.ask_operator)
        self.operator_action = operator

    @reports_errors(tr_later("Case tools"))
    def activate(self, key: str) -> Optional[object]:
        action = next(a for a in self.actions if a.objectName().endswith(key))
        layer = ledger_violations(self.iface)
        if layer is None:
            action.setChecked(False)
            return None
        tool_class = next(t for k, _, _, t in TOOLS if k == key)
        tool = self.tools.get(key)
        if tool is None or tool.case_layer is not layer:
            tool = tool_class(self.iface, layer)
            tool.setAction(action)
            self.tools[key] = tool
        self.iface.mapCanvas().setMapTool(tool)
        return tool

    @reports_errors(tr_later("Operator name…"))
    def ask_operator(self) -> None:
        current = QgsExpressionContextUtils.globalScope().variable(schema.USER_VARIABLE) or ""
        name, ok = QInputDialog.getText(
            self.iface.mainWindow(),
            tr("Operator name"),
            tr("Name written into the case history (empty: the QGIS user name)"),
            QLineEdit.EchoMode.Normal,
            str(current),
        )
        if ok:
            set_operator(name)

    def unload(self) -> None:
        canvas = self.iface.mapCanvas()
        for tool in self.tools.values():
            if canvas.mapTool() is tool:
                canvas.unsetMapTool(tool)
        self.tools.clear()
        self.hook.unload()
        for action in self.actions + [self.operator_action]:
            action.deleteLater()
        self.actions = []


def set_operator(name: str) -> None:
    """The name the ledger records as the author of edits made in this QGIS (a global variable, kept by QGIS)."""
    name = name.strip()
    if name:
        QgsExpressionContextUtils.setGlobalVariable(schema.USER_VARIABLE, name)
    else:
        QgsExpressionContextUtils.removeGlobalVariable(schema.USER_VARIABLE)
