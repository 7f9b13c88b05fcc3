"""What every script run inside the real QGIS Desktop by tools/desktop*.py starts with (``PRELUDE``): the report,
screenshots of the whole screen or of one widget, steps run later on QGIS's event loop (an exception ends the run
with its traceback in the report instead of leaving QGIS waiting), the plugin object, a click of a map tool, and
the report written at the end. Each script is ``PRELUDE + its own steps``; a script may define ``finish()`` again
to do more before QGIS exits.
"""

PRELUDE = r"""
import json, os, traceback
import qgis.utils
from qgis.PyQt.QtCore import QPoint, QRect, QTimer
from qgis.PyQt.QtWidgets import QApplication

OUT = os.environ["LIANWEI_DESKTOP_OUT"]
REPORT = {"shots": []}

def shot(name, widget=None, margin=0, rect=None):
    # The whole screen, or the screen area of `widget` (grown by `margin` pixels), or `rect` in screen pixels.
    if widget is not None:
        rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size()).adjusted(-margin, -margin, margin, margin)
    screen = QApplication.primaryScreen()
    if rect is not None:
        rect = rect.intersected(screen.geometry())
        image = screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height())
    else:
        image = screen.grabWindow(0)
    path = os.path.join(OUT, name)
    image.save(path)
    REPORT["shots"].append(path)
    return path

def later(ms, step):
    def guarded():
        try:
            step()
        except Exception:
            REPORT["error"] = traceback.format_exc()
            finish()
    QTimer.singleShot(ms, guarded)

def plugin():
    return qgis.utils.plugins["lianwei"]

def click(tool, x, y, button=None):
    # A press and release of a map tool at map coordinates (x, y), as a mouse on the canvas gives them.
    from qgis.core import QgsPointXY
    from qgis.gui import QgsMapMouseEvent
    from qgis.PyQt.QtCore import QEvent, Qt

    button = Qt.MouseButton.LeftButton if button is None else button
    canvas = qgis.utils.iface.mapCanvas()
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    point = QPoint(round(pixel.x()), round(pixel.y()))
    tool.canvasPressEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonPress, point, button))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, point, button))

def write_report():
    with open(os.path.join(OUT, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(REPORT, handle, ensure_ascii=False, indent=1, default=str)

def finish():
    write_report()
    os._exit(0)
"""
