"""Plumbing shared by every Lianwei algorithm: translation, groups, help, icon, progress, errors, and the checks
of destinations and layer inputs every algorithm makes before it runs.

No traceback reaches a user: ``guarded`` wraps every algorithm's prepareAlgorithm, processAlgorithm and
postProcessAlgorithm (in __init_subclass__, so no algorithm can forget it). The plugin's own errors become
QgsProcessingException with their bilingual text; anything else becomes one bilingual sentence naming the
algorithm, with the traceback in the Processing log (debug) and QGIS's message log only.
"""

from __future__ import annotations

import functools
import os
from typing import Optional

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtGui import QIcon

from ..core.errors import Canceled
from ..dependencies import first_missing, missing_message
from ..layers import error_messages, ledgers
from ..layers.ledger import LedgerError
from ..resources_paths import ICON_PATH
from ..translation import tr, tr_both, tr_later
from .destinations import destinations_problem
from .input_sources import inputs_problem, unreadable_input

NOT_YET_SHARED = tr_later(
    "{algorithm} does not work on a PostgreSQL ledger yet ({ledger}): check the cases out to a GeoPackage first "
    "(lianwei:checkout) and run it on that file"
)
BOTH_LEDGERS = tr_later(
    "Give the ledger either as a GeoPackage file ({path}) or as a database and schema ({database}), not both"
)
NO_LEDGER = tr_later("Give the ledger: a GeoPackage file, or a database and a schema")

GROUPS = {
    "ledger": tr_later("Ledger"),
    "check": tr_later("Check"),
    "progress": tr_later("Progress and reports"),
}


GUARDED = ("prepareAlgorithm", "processAlgorithm", "postProcessAlgorithm")


def guarded(method):
    """``method`` of an algorithm, raising only QgsProcessingException; prepareAlgorithm checks the destinations
    and layer inputs first (batch runs, models and background tasks do not all call checkParameterValues).

    A refusal in prepareAlgorithm is reported to the feedback and answered with False rather than raised.
    Measured on QGIS 3.22: after a batch-dialog row whose Python algorithm raised (in prepare or process, with or
    without this guard), the batch's progress task was never finished and QGIS hung on exit waiting for it; a
    prepareAlgorithm that returns False does not do that. An error in processAlgorithm has to be raised."""
    if getattr(method, "lianwei_guarded", False):
        return method

    @functools.wraps(method)
    def run(self, *args):
        result, failure = _attempt(method, self, args)
        if failure is None:
            return result
        feedback = args[-1] if args else None
        if method.__name__ == "prepareAlgorithm" and isinstance(feedback, QgsProcessingFeedback):
            feedback.reportError(str(failure), True)
            return False
        del args, feedback  # the frame of the raised error keeps no feedback of the run
        raise failure

    run.lianwei_guarded = True
    return run


def _attempt(method, algorithm, args):
    """(the method's result, None) or (None, a QgsProcessingException for what it raised); the error for QGIS is
    a new one, its message the plugin's own or "unexpected error in …", and the original's frames let go."""
    feedback = args[-1] if args and isinstance(args[-1], QgsProcessingFeedback) else None
    try:
        if method.__name__ == "prepareAlgorithm":
            problem = algorithm.parameter_problem(args[0], args[1])
            if problem:
                return None, QgsProcessingException(problem)
        return method(algorithm, *args), None
    except QgsProcessingException as error:
        error_messages.release_frames(error)
        return None, QgsProcessingException(str(error))
    except Exception as error:  # noqa: BLE001 - every error becomes a message; the traceback goes to the log
        return None, algorithm.error_for(error, feedback)


class LianweiAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``ID``, ``TITLE``, ``GROUP`` and ``HELP`` (English; translated through tr()), and in
    ``REQUIRES`` the optional Python packages (dependencies.OPTIONAL) every run needs, refused before it starts."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in GUARDED:
            if name in cls.__dict__:
                setattr(cls, name, guarded(cls.__dict__[name]))

    ID = ""
    TITLE = ""
    GROUP = "ledger"
    HELP = ""
    REQUIRES: tuple = ()
    # The ledger input (add_ledger_input): a GeoPackage file LEDGER, or a schema SCHEMA in a PostgreSQL DATABASE.
    LEDGER = "LEDGER"
    DATABASE = "DATABASE"
    SCHEMA = "SCHEMA"
    # Whether the algorithm works on a PostgreSQL ledger; if not, one given is refused before anything runs.
    SHARED_LEDGER = False

    def name(self) -> str:
        return self.ID

    def displayName(self) -> str:
        return tr(self.TITLE)

    def group(self) -> str:
        return tr(GROUPS[self.GROUP])

    def groupId(self) -> str:
        return self.GROUP

    def shortHelpString(self) -> str:
        return tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):
        return self.__class__()

    def add_advanced(self, *parameters) -> None:
        """Add ``parameters`` under the dialog's "Advanced parameters" (models and batch runs see them all the same)."""
        for parameter in parameters:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(parameter)

    @staticmethod
    def fail(message: str, **values) -> QgsProcessingException:
        """An error for the user, in Chinese and English, with ``values`` put into the message."""
        return QgsProcessingException(tr_both(message).format(**values))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        return True  # guarded below: the destinations and inputs are checked all the same

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        """Our checks, then QGIS's: no destination into a ledger, no input that cannot be read whole. The dialog,
        processing.run and qgis_process refuse here, before anything runs. Ours come first: for a file that is
        there but cannot be read, QGIS's own check says only "Could not load source layer …: not found"."""
        try:
            problem = self.parameter_problem(parameters, context)
        except Exception as error:  # noqa: BLE001 - a check that fails must not show a traceback either
            return False, str(self.error_for(error, None))
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def parameter_problem(self, parameters, context) -> Optional[str]:
        """Why these parameters must not run (a package missing, a destination into a ledger, an input that cannot
        be read), or None."""
        package = first_missing(*self.REQUIRES)
        if package is not None:
            return missing_message(package)
        return (
            self.ledger_problem(parameters, context)
            or destinations_problem(self, parameters, context)
            or inputs_problem(self, parameters, context)
        )

    def add_ledger_input(self) -> None:
        """The ledger the algorithm works on: a GeoPackage file (LEDGER), or a schema (SCHEMA) in a PostgreSQL
        database (DATABASE: a saved QGIS connection's name, service=NAME or libpq text). One of the two is needed;
        ``ledger_input`` gives it as a layers/ledgers address."""
        self.addParameter(
            QgsProcessingParameterFile(self.LEDGER, tr("Ledger (GeoPackage)"), extension="gpkg", optional=True)
        )
        self.add_database_parameters()

    def add_database_parameters(self) -> None:
        """DATABASE (a saved QGIS connection's name, service=NAME or libpq text) and SCHEMA: a PostgreSQL ledger."""
        self.addParameter(
            QgsProcessingParameterString(
                self.DATABASE,
                tr("Or a PostgreSQL database: a saved QGIS connection's name, or service=NAME"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.SCHEMA, tr("Schema in the database"), "lianwei", optional=True)
        )

    def takes_ledger(self) -> bool:
        return isinstance(self.parameterDefinition(self.LEDGER), QgsProcessingParameterFile) and (
            self.parameterDefinition(self.DATABASE) is not None
        )

    def ledger_input(self, parameters, context) -> ledgers.Address:
        """The ledger given: the GeoPackage's path, or the PostGIS ledger (SCHEMA in DATABASE)."""
        return ledgers.address(
            self.parameterAsFile(parameters, self.LEDGER, context),
            self.parameterAsString(parameters, self.DATABASE, context),
            self.parameterAsString(parameters, self.SCHEMA, context),
        )

    def ledger_problem(self, parameters, context) -> Optional[str]:
        """Why the ledger input cannot be used: none or both kinds given, a schema name that is not one, or a
        PostgreSQL ledger for an algorithm that does not work on one yet; None when it can."""
        if not self.takes_ledger():
            return None
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        database = self.parameterAsString(parameters, self.DATABASE, context).strip()
        if not database:
            return None if path else tr_both(NO_LEDGER)
        try:
            ledger = ledgers.address("", database, self.parameterAsString(parameters, self.SCHEMA, context))
        except LedgerError as error:
            return str(error)
        if path:  # the database as a label: a password typed into it is never shown
            return tr_both(BOTH_LEDGERS).format(path=path, database=ledgers.label(ledger))
        if not self.SHARED_LEDGER:
            return tr_both(NOT_YET_SHARED).format(
                algorithm=f"{self.displayName()} (lianwei:{self.name()})", ledger=ledgers.label(ledger)
            )
        return None

    def source(self, parameters, key, context):
        """parameterAsSource, or an error saying why the layer cannot be read (None for an optional input left
        empty; an optional input that was given but cannot be read is an error too)."""
        source = self.parameterAsSource(parameters, key, context)
        if source is not None:
            return source
        definition = self.parameterDefinition(key)
        optional = definition.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
        if optional and parameters.get(key) in (None, ""):
            return None
        raise QgsProcessingException(unreadable_input(self, parameters, key, context))

    def error_for(self, error: Exception, feedback) -> QgsProcessingException:
        """The QgsProcessingException to raise for ``error``: its own text when it is a message for users, else
        "unexpected error in …" with the traceback logged (QGIS's message log, and the Processing log as debug)."""
        message = error_messages.user_message(error)
        if message is None:
            where = f"{self.id() if self.provider() else self.name()} ({self.displayName()})"
            trace = error_messages.log_traceback(error, where)
            if feedback is not None:
                feedback.pushDebugInfo(trace)
            message = error_messages.unexpected_in_algorithm(self.displayName(), error)
        error_messages.release_frames(error)
        return QgsProcessingException(message)


def progress_reporter(feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0):
    """A core-style progress callback mapped onto [start, end] that raises Canceled when the user cancels."""

    def report(percent: float) -> None:
        if feedback.isCanceled():
            raise Canceled()
        feedback.setProgress(start + (end - start) * percent / 100.0)

    return report


LianweiAlgorithm.prepareAlgorithm = guarded(LianweiAlgorithm.prepareAlgorithm)


class LedgerWriterAlgorithm(LianweiAlgorithm):
    """An algorithm that writes a new ledger and its project; outputs the ledger's tables for the next model step."""

    OUTPUT = "OUTPUT"
    PROJECT = "PROJECT"
    TABLE_OUTPUTS = (
        ("VIOLATIONS", "violations", tr_later("Violations (ledger table)")),
        ("VILLAGES", "villages", tr_later("Village boundaries (ledger table)")),
        ("CADASTRE", "cadastre", tr_later("Cadastre parcels (ledger table)")),
        ("PERMITS", "permits", tr_later("Permits (ledger table)")),
        ("FARMLAND", "farmland", tr_later("Permanent basic farmland (ledger table)")),
    )

    def parameter_problem(self, parameters, context) -> Optional[str]:
        """A new ledger goes to a new file: any existing one is refused before running (build_ledger refuses it
        again), with the message build_ledger gives. With a DATABASE the ledger goes there and OUTPUT is unused."""
        if self.parameterAsString(parameters, self.DATABASE, context).strip():
            return super().parameter_problem(parameters, context)
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            return tr_both("Give the ledger: a GeoPackage file, or a database and a schema")
        if path and os.path.exists(path):
            return tr_both("{path} already exists; a ledger is never overwritten. Choose a new file name.").format(
                path=path
            )
        return super().parameter_problem(parameters, context)

    def add_ledger_outputs(self) -> None:
        # Optional: a ledger in a database (DATABASE) needs no file. Left empty without DATABASE, it is refused.
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, tr("Ledger (GeoPackage)"), tr("GeoPackage (*.gpkg)"), optional=True
            )
        )
        self.add_database_parameters()
        self.addOutput(QgsProcessingOutputFile(self.PROJECT, tr("QGIS project beside the ledger")))
        for key, _, description in self.TABLE_OUTPUTS:
            self.addOutput(QgsProcessingOutputVectorLayer(key, tr(description)))

    def ledger_address(self, parameters, context):
        """The new ledger: the file OUTPUT, or the schema SCHEMA in DATABASE (layers/ledgers.py)."""
        return ledgers.address(
            self.parameterAsFileOutput(parameters, self.OUTPUT, context),
            self.parameterAsString(parameters, self.DATABASE, context),
            self.parameterAsString(parameters, self.SCHEMA, context),
        )

    def ledger_results(self, created: ledgers.Created) -> dict:
        results = {self.OUTPUT: created.ledger, self.PROJECT: created.project}
        results.update({key: created.tables[table] for key, table, _ in self.TABLE_OUTPUTS})
        return results
