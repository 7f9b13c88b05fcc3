"""One module per algorithm. Ids (``name()``) are lowercase and never change: models and scripts use them."""

from .create_ledger import CreateLedgerAlgorithm
from .sample_township import SampleTownshipAlgorithm

ALGORITHMS = (CreateLedgerAlgorithm, SampleTownshipAlgorithm)
