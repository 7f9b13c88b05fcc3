"""The sample township's patch file: deterministic, realistic, and imported twice it creates each case once."""

from collections import Counter

import pytest

from lianwei.core import patch_dedup as dedup
from lianwei.core import patch_mapping, patches
from lianwei.core.sample import build_sample_township
from lianwei.core.sample_patches import COLUMNS, build_sample_patches

SMALL = dict(violations=300, parcels=4000, permits=100)


@pytest.fixture(scope="module")
def town():
    return build_sample_township(11, **SMALL)


@pytest.fixture(scope="module")
def sample(town):
    return build_sample_patches(town, seed=11)


def fingerprint(result):
    return [(g.wkb, sorted(a.items(), key=str)) for g, a in result.rows]


def read_rows(sample):
    """The patch file as the import reads it: the default mapping over the county's columns."""
    mapping, notes = patch_mapping.effective_mapping(list(COLUMNS))
    assert not [n for n in notes if n.is_error]
    rows = []
    for k, (geometry, attrs) in enumerate(sample.rows, start=1):
        row = patches.patch_record(attrs, mapping, k, zero_growth_on="2024-01-01")
        row.geometry = geometry
        rows.append(row)
    return patches.merge_duplicates(rows)


def ledger(town):
    return [
        dedup.ExistingCase(a["case_id"], g, a["patch_no"], {"status": a["status"]})
        for g, a in town.layers["violations"]
    ]


def apply(outcomes, cases):
    by_id = {c.case_id: c for c in cases}
    for outcome in outcomes:
        if outcome.kind == dedup.NEW:
            case_id = f"NEW-{len(by_id):05d}"
            by_id[case_id] = dedup.ExistingCase(case_id, outcome.geometry, outcome.patch_no, dict(outcome.updates))
        elif outcome.kind in (dedup.LINKED, dedup.CHANGED):
            for case_id in outcome.case_ids:
                case = by_id[case_id]
                case.values.update(outcome.updates)
                case.patch_no = case.values.get("patch_no", case.patch_no)
                if outcome.geometry is not None:
                    case.geometry = outcome.geometry
    return list(by_id.values())


def test_same_seed_same_file(town, sample):
    assert fingerprint(build_sample_patches(town, seed=11)) == fingerprint(sample)
    assert fingerprint(build_sample_patches(town, seed=12)) != fingerprint(sample)


def test_the_file_looks_like_a_county_file(town, sample):
    assert all(tuple(attrs) == COLUMNS for _, attrs in sample.rows)
    numbers = [a["JCBH"] for _, a in sample.rows]
    assert len(set(numbers)) == len(numbers)
    new = [n for n, case in sample.case_of.items() if case is None]
    satellite = {a["case_id"] for _, a in town.layers["violations"] if a["source"] == "SATELLITE"}
    caught = [n for n, case in sample.case_of.items() if case and case not in satellite]
    assert len(new) == 12 and caught and sample.left_out
    assert len(sample.rows) == len(sample.case_of)
    attrs = sample.rows[0][1]
    assert attrs["QSX"] < attrs["HSX"] and attrs["XZQDM"] == "450109101" and 108 < attrs["XZB"] < 109
    assert Counter(a["SFYN"] for _, a in sample.rows).keys() <= {"是", "否"}
    assert all(g.is_valid and g.geom_type == "MultiPolygon" for g, _ in sample.rows)


def test_importing_it_twice_creates_each_case_once(town, sample):
    cases = ledger(town)
    first = dedup.deduplicate(read_rows(sample), cases)
    counts = dedup.summary(first)
    assert counts["refused"] == 0 and counts["new"] == 12
    for outcome in first:
        expected = sample.case_of[outcome.patch_no]
        if expected is None:
            assert outcome.kind == dedup.NEW
        else:
            assert outcome.case_ids == [expected], outcome.notes
            assert outcome.kind in (dedup.LINKED, dedup.CHANGED)
            assert "status" not in outcome.updates and "source" not in outcome.updates
    cases = apply(first, cases)
    assert len(cases) == len(town.layers["violations"]) + 12
    second = dedup.deduplicate(read_rows(sample), cases)
    assert dedup.summary(second)["unchanged"] == len(sample.rows)
    assert len(apply(second, cases)) == len(cases)


def test_caught_cases_link_by_outline_and_take_the_patch_number(town, sample):
    satellite = {a["case_id"] for _, a in town.layers["violations"] if a["source"] == "SATELLITE"}
    outcomes = {o.patch_no: o for o in dedup.deduplicate(read_rows(sample), ledger(town))}
    caught = [n for n, case in sample.case_of.items() if case and case not in satellite]
    for number in caught:
        assert outcomes[number].kind == dedup.LINKED and outcomes[number].share > 0.8
        assert outcomes[number].updates["patch_no"] == number
