"""Every input of the corpus (tests/data/bad/corpus.py) gets its message, in Chinese and English, and leaves every
table of the ledger as it was."""

import os
import sys

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import QgsProcessingException

from lianwei.layers.ledger_store import table_dump

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "bad")
sys.path.insert(0, BAD)
from corpus import ENTRIES  # noqa: E402


def test_the_corpus_is_large_enough():
    assert len(ENTRIES) >= 40
    assert len({name for name, *_ in ENTRIES}) == len(ENTRIES)


def fill(value, ledger):
    if isinstance(value, str):
        return value.replace("{bad}", BAD).replace("{ledger}", ledger)
    return value


@pytest.mark.parametrize("name,algorithm,parameters,words", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_an_awkward_input_gets_its_message_and_the_ledger_is_unchanged(
    lianwei_provider, small_sample, tmp_path, name, algorithm, parameters, words
):
    import processing

    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    before = table_dump(ledger)
    values = {key: fill(value, ledger) for key, value in parameters.items()}
    if words is None:  # read correctly: the run succeeds
        processing.run(algorithm, values)
        assert table_dump(ledger) == before
        return
    with pytest.raises(QgsProcessingException) as error:
        processing.run(algorithm, values)
    message = str(error.value)
    assert "Traceback" not in message
    for word in words:
        assert word in message, f"{name}: {word!r} not in {message}"
    assert table_dump(ledger) == before
