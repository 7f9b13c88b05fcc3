"""One module per algorithm. Ids (``name()``) are lowercase and never change: models and scripts use them."""

from .case_card import CaseCardAlgorithm
from .check_violations import CheckViolationsAlgorithm
from .create_ledger import CreateLedgerAlgorithm
from .export_ledger import ExportLedgerAlgorithm
from .export_verification import ExportVerificationAlgorithm
from .import_patches import ImportPatchesAlgorithm
from .import_reference import ImportReferenceAlgorithm
from .progress_report import ProgressReportAlgorithm
from .progress_summary import ProgressSummaryAlgorithm
from .read_boundary_points import ReadBoundaryPointsAlgorithm
from .reconcile import ReconcileAlgorithm
from .record_status import RecordStatusAlgorithm
from .sample_township import SampleTownshipAlgorithm
from .sync_patches import SyncPatchesAlgorithm
from .village_maps import VillageMapsAlgorithm

ALGORITHMS = (
    CreateLedgerAlgorithm,
    SampleTownshipAlgorithm,
    CheckViolationsAlgorithm,
    ProgressSummaryAlgorithm,
    ExportLedgerAlgorithm,
    ProgressReportAlgorithm,
    VillageMapsAlgorithm,
    RecordStatusAlgorithm,
    CaseCardAlgorithm,
    ImportReferenceAlgorithm,
    ImportPatchesAlgorithm,
    ExportVerificationAlgorithm,
    ReadBoundaryPointsAlgorithm,
    ReconcileAlgorithm,
    SyncPatchesAlgorithm,
)
