"""Print an HTML file to PDF with Qt WebKit, as a browser would on A4 (developer tool, for looking at reports).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/html_to_pdf.py report.html report.pdf

Qt WebKit ships with Debian's QGIS 3.22 but not with every newer build; the report itself needs no Qt.
"""

import sys

from qgis.PyQt.QtCore import QEventLoop, QMarginsF, QUrl
from qgis.PyQt.QtGui import QPageLayout, QPageSize
from qgis.PyQt.QtPrintSupport import QPrinter
from qgis.PyQt.QtWebKitWidgets import QWebPage
from qgis.PyQt.QtWidgets import QApplication


def main(source: str, target: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    page = QWebPage()
    loop = QEventLoop()
    page.mainFrame().loadFinished.connect(lambda ok: loop.quit())
    page.mainFrame().load(QUrl.fromLocalFile(source))
    loop.exec()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(target)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(12, 14, 12, 14))
    )
    page.mainFrame().print(printer)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
