"""lianwei:syncpatches — the patches a monitoring service (OGC API Features or GeoJSON) changed since the last sync,
downloaded whole, then imported by lianwei:importpatches; the last sync's stamp kept in the ledger afterwards."""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ...core import schema
from ...core.service_paging import normalise_since, shown_url
from ...layers import ledgers
from ...layers.ledger import LedgerError
from ...layers.patch_service import LOG, PatchService, ServiceError, ServiceSettings, last_sync, record_sync
from ...translation import both, tr, tr_later
from ..base import LianweiAlgorithm
from .import_patches import ImportPatchesAlgorithm

IMPORT = "lianwei:importpatches"
FAILED = (
    tr_later("{error}. Nothing was imported: the ledger {ledger} is unchanged"),
    tr_later(
        "{error}. The download was whole ({fetched} patches) but the import refused it: the ledger {ledger} is "
        "unchanged and the last sync was not recorded"
    ),
)
COUNTS = tuple((key, description) for key, _, description in ImportPatchesAlgorithm.COUNTS)  # its outputs


class SyncPatchesAlgorithm(LianweiAlgorithm):
    ID = "syncpatches"
    SHARED_LEDGER = True
    TITLE = tr_later("Sync satellite patches from a monitoring service")
    HELP = tr_later(
        "Downloads the change patches of a monitoring service — an OGC API Features collection "
        "(…/collections/{id}/items) or a plain GeoJSON address — and imports them like “import satellite "
        "patches”. Only what changed since the last successful sync of this service is asked for (OGC API's "
        "datetime=<last sync>/.., or the service's own parameter); “changed since” overrides it (a date, or "
        "“all”). Every page is downloaded first, following the service's next links or limit/offset; nothing "
        "reaches the ledger unless every page came whole (a page cut off, not JSON, or a count that disagrees "
        "refuses the sync). Slow and busy services are asked again after a wait (HTTP 429 and 5xx, honouring "
        "Retry-After) a bounded number of times. The token comes from QGIS's authentication manager (Basic, "
        "OAuth2, API header, or a token kept as an ESRI token configuration): only its id is kept. QGIS's proxy "
        "settings are used and TLS certificates are always verified. The last sync is recorded in the ledger "
        "only after the import succeeded; an offline, slow or failing service leaves the ledger as it was."
    )

    URL = "URL"
    COLLECTION = "COLLECTION"
    AUTH = "AUTH"
    LEDGER = "LEDGER"
    SINCE = "SINCE"
    SINCE_PARAMETER = "SINCE_PARAMETER"
    MAPPING = "MAPPING"
    TIMEOUT = "TIMEOUT"
    PAGE_SIZE = "PAGE_SIZE"
    ATTEMPTS = "ATTEMPTS"
    REPORT = "REPORT"
    OUTPUT = "OUTPUT"
    FETCHED = "FETCHED"
    PAGES = "PAGES"
    STAMP = "STAMP"
    BACKOFF_BASE = 1.0  # seconds before the second attempt, doubled each time (tests make it short)

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterString(self.URL, tr("Service address (https://…)")))
        self.addParameter(
            QgsProcessingParameterString(
                self.COLLECTION,
                tr("Collection id (OGC API Features; empty: the address is the GeoJSON)"),
                "",
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterAuthConfig(self.AUTH, tr("Authentication"), "", optional=True))
        self.add_ledger_input()
        self.addParameter(
            QgsProcessingParameterString(
                self.SINCE, tr("Changed since (empty: since the last sync; “all”: everything)"), "", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.MAPPING, tr("Field mapping (ledger_field=column;…; empty: proposed)"), "", optional=True
            )
        )
        timeout = QgsProcessingParameterNumber(
            self.TIMEOUT, tr("Timeout per request (s)"), QgsProcessingParameterNumber.Type.Double, 60, minValue=1
        )
        self.addParameter(timeout)
        advanced = [
            QgsProcessingParameterString(
                self.SINCE_PARAMETER,
                tr("The service's “changed since” query parameter (empty: OGC API datetime)"),
                "",
                optional=True,
            ),
            QgsProcessingParameterNumber(
                self.PAGE_SIZE, tr("Patches per page"), QgsProcessingParameterNumber.Type.Integer, 1000, minValue=1
            ),
            QgsProcessingParameterNumber(
                self.ATTEMPTS,
                tr("Attempts per page (slow or busy service)"),
                QgsProcessingParameterNumber.Type.Integer,
                5,
                minValue=1,
                maxValue=20,
            ),
        ]
        self.add_advanced(*advanced)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.REPORT, tr("Import report"), QgsProcessing.SourceType.TypeVector, optional=True
            )
        )
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, tr("Violations (ledger table)")))
        self.addOutput(QgsProcessingOutputNumber(self.FETCHED, tr("Patches downloaded")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, tr("Pages downloaded")))
        self.addOutput(QgsProcessingOutputString(self.STAMP, tr("Last sync recorded")))
        for key, description in COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(description)))

    def processAlgorithm(self, parameters, context, feedback):
        ledger = self.ledger_input(parameters, context)
        settings = self._settings(parameters, context)
        path = QgsProcessingUtils.generateTempFilename("service_patches.geojson")
        try:
            ledgers.check(ledger)
            client = PatchService(settings, feedback.pushInfo, feedback.isCanceled)
            settings.since = self._since(parameters, context, ledger, client.url, feedback)
            download = client.download(path)
        except LedgerError as error:
            raise self.fail("{error}", error=error) from None
        except ServiceError as error:
            if os.path.exists(path):
                os.remove(path)  # what came before the failure is not kept
            raise QgsProcessingException(both(FAILED[0], error=error.pair, ledger=ledger)) from None
        feedback.pushInfo(
            tr("Downloaded {fetched} patches in {pages} pages").format(fetched=download.fetched, pages=download.pages)
        )
        results = {self.OUTPUT: ledgers.table_source(ledger, "violations"), self.FETCHED: download.fetched}
        results.update({self.PAGES: download.pages, self.STAMP: download.stamp, self.REPORT: None})
        results.update({key: 0 for key, _ in COUNTS})
        if download.fetched:
            results.update(self._import(parameters, context, feedback, download, ledger))
        else:
            feedback.pushInfo(tr("No patch changed: nothing to import"))
        os.remove(download.path)
        try:
            record_sync(ledger, download.url, download.stamp)
        except LedgerError as error:  # the import is in: the next sync asks for the same patches again
            feedback.reportError(str(error), False)
        else:
            feedback.pushInfo(
                tr("Last sync of {url} recorded: {stamp}").format(url=shown_url(download.url), stamp=download.stamp)
            )
        return results

    def _settings(self, parameters, context) -> ServiceSettings:
        timeout = self.parameterAsDouble(parameters, self.TIMEOUT, context)
        return ServiceSettings(
            url=self.parameterAsString(parameters, self.URL, context),
            collection=self.parameterAsString(parameters, self.COLLECTION, context),
            authcfg=self.parameterAsString(parameters, self.AUTH, context),
            since_parameter=self.parameterAsString(parameters, self.SINCE_PARAMETER, context),
            page_size=self.parameterAsInt(parameters, self.PAGE_SIZE, context),
            connect_timeout=min(timeout, 30.0),
            read_timeout=timeout,
            attempts=self.parameterAsInt(parameters, self.ATTEMPTS, context),
            backoff_base=self.BACKOFF_BASE,
            total_wait=max(300.0, 10 * self.BACKOFF_BASE),
        )

    def _since(self, parameters, context, ledger, url, feedback):
        given = self.parameterAsString(parameters, self.SINCE, context).strip()
        if given:
            try:
                since = normalise_since(given)
            except ValueError:
                raise self.fail(
                    "“Changed since” {value} is not a date or time (e.g. 2024-05-01 or 2024-05-01T08:00:00Z)",
                    value=given,
                ) from None
            feedback.pushInfo(tr(LOG[2]).format(since=since) if since else tr(LOG[3]))
            return since
        since = last_sync(ledger, url)
        feedback.pushInfo(tr(LOG[1]).format(since=since) if since else tr(LOG[3]))
        return since

    def _import(self, parameters, context, feedback, download, ledger) -> dict:
        import processing  # QGIS's (absolute import), not this plugin's processing package

        child = {
            "INPUT": download.path,
            # the same ledger, as it was given: a file, or a database and schema
            **{key: parameters.get(key) for key in (self.LEDGER, self.DATABASE, self.SCHEMA) if parameters.get(key)},
            "SOURCE": list(schema.CODE_LISTS["source"]).index("SATELLITE"),
            "MAPPING": self.parameterAsString(parameters, self.MAPPING, context),
        }
        if parameters.get(self.REPORT) is not None:
            child["REPORT"] = parameters[self.REPORT]
        try:
            result = processing.run(IMPORT, child, context=context, feedback=feedback, is_child_algorithm=True)
        except QgsProcessingException as error:
            os.remove(download.path)
            raise QgsProcessingException(
                both(FAILED[1], error=_pair(str(error)), fetched=download.fetched, ledger=ledger)
            ) from None
        values = {key: int(result.get(key) or 0) for key, _ in COUNTS}
        values[self.REPORT] = result.get("REPORT")
        return values


def _pair(message: str):
    """(Chinese, English) of a bilingual message "中文 / English" (the same text twice when it is not one)."""
    chinese, _, english = message.partition(" / ")
    return (chinese, english) if english else (message, message)
