"""De-duplication of incoming patches against the ledger's cases: by number, by overlap, what a re-issue changes."""

import pytest
from shapely import affinity
from shapely.geometry import MultiPolygon, box

from lianwei.core import patch_dedup as dedup
from lianwei.core.gauss_kruger import Zone
from lianwei.core.notes import ERROR
from lianwei.core.patches import PatchRow, patch_record

X0, Y0 = 536000.0, 2533000.0


def square(dx=0.0, dy=0.0, size=20.0):
    return MultiPolygon([box(X0 + dx, Y0 + dy, X0 + dx + size, Y0 + dy + size)])


MAPPING = {"patch_no": "JCBH", "upper_m2": "TBMJ", "after_on": "HSX", "patch_type": "TBLX"}


def row(patch_no, geometry, where=1, area=400.0, hsx="2024-03-01", kind="硬化"):
    result = patch_record({"JCBH": patch_no, "TBMJ": area, "HSX": hsx, "TBLX": kind}, MAPPING, where)
    result.geometry = geometry
    return result


def case_from(outcome, case_id):
    """The case an import would store for an outcome (what the QGIS side writes), for the second import."""
    values = dict(outcome.updates)
    return dedup.ExistingCase(case_id, outcome.geometry, values.get("patch_no"), values)


def apply(outcomes, cases):
    """An in-memory ledger write: new outcomes become cases, linked/changed ones update upper-level fields only."""
    by_id = {c.case_id: c for c in cases}
    for outcome in outcomes:
        if outcome.kind == dedup.NEW:
            case = case_from(outcome, f"C{len(by_id) + 1:04d}")
            by_id[case.case_id] = case
        elif outcome.kind in (dedup.LINKED, dedup.CHANGED):
            for case_id in outcome.case_ids:
                case = by_id[case_id]
                assert set(outcome.updates) <= set(dedup.UPDATABLE) | {"upper_shape"}
                case.values.update(outcome.updates)
                case.patch_no = case.values.get("patch_no", case.patch_no)
                if outcome.geometry is not None:
                    case.geometry = outcome.geometry
    return list(by_id.values())


def kinds(outcomes):
    return [o.kind for o in outcomes]


def test_new_patches_then_the_same_file_again_creates_nothing():
    rows = [row("A", square(), 2), row("B", square(100), 3)]
    first = dedup.deduplicate(rows, [])
    assert kinds(first) == [dedup.NEW, dedup.NEW]
    assert first[0].updates["source"] == "SATELLITE" and first[0].updates["upper_shape"] == dedup.fingerprint(square())
    cases = apply(first, [])
    again = dedup.deduplicate([row("A", square(), 2), row("B", square(100), 3)], cases)
    assert kinds(again) == [dedup.UNCHANGED, dedup.UNCHANGED] and len(apply(again, cases)) == 2
    assert again[0].case_ids == ["C0001"] and again[0].updates == {}


def test_a_known_number_links_whatever_the_geometry():
    cases = [dedup.ExistingCase("450109101201-2024-0001", square(500), "wp-1", {"upper_m2": 400.0})]
    outcome = dedup.deduplicate([row("WP-1", square())], cases)[0]
    assert outcome.kind == dedup.LINKED and outcome.case_ids == ["450109101201-2024-0001"]
    assert outcome.notes[0].template == dedup.BY_NUMBER
    # Its first import records the upper level's fields and outline, but a patrol outline is never replaced.
    assert outcome.geometry is None and "upper_shape" in outcome.updates
    assert outcome.updates["patch_type"] == "HARDENED" and "upper_m2" not in outcome.updates


def test_overlap_above_the_threshold_links_below_creates_with_a_word():
    patrol = dedup.ExistingCase("P1", square(), None, {})
    # 17/20 of the square overlaps: 85 % of the smaller.
    outcome = dedup.deduplicate([row("N1", square(dx=3))], [patrol])[0]
    assert outcome.kind == dedup.LINKED and outcome.share == pytest.approx(0.85)
    assert outcome.updates["patch_no"] == "N1" and "source" not in outcome.updates
    assert outcome.notes[0].template == dedup.BY_OVERLAP
    low = dedup.deduplicate([row("N2", square(dx=10))], [patrol])[0]
    assert low.kind == dedup.NEW and low.notes[0].template == dedup.PARTLY_OVERLAPS
    assert low.notes[0].values["share"] == pytest.approx(0.5)
    stricter = dedup.deduplicate([row("N1", square(dx=3))], [patrol], threshold=0.9)[0]
    assert stricter.kind == dedup.NEW


def test_share_is_of_the_smaller_area():
    big = dedup.ExistingCase("BIG", square(size=100), None, {})
    inside = dedup.deduplicate([row("S", square(dx=10, dy=10, size=10), area=100)], [big])[0]
    assert inside.kind == dedup.LINKED and inside.share == pytest.approx(1.0)


def test_a_redrawn_patch_replaces_an_outline_still_the_upper_levels():
    cases = apply(dedup.deduplicate([row("A", square())], []), [])
    redrawn = MultiPolygon([affinity.scale(square().geoms[0], 1.1, 1.1)])
    outcome = dedup.deduplicate([row("A", redrawn, area=484.0)], cases)[0]
    assert outcome.kind == dedup.CHANGED and outcome.geometry is not None
    assert outcome.updates["upper_m2"] == 484.0 and outcome.updates["upper_shape"] == dedup.fingerprint(redrawn)
    templates = [n.template for n in outcome.notes]
    assert dedup.REDRAWN in templates and dedup.UPDATED in templates
    assert "upper_m2, outline" in [n for n in outcome.notes if n.template == dedup.UPDATED][0].text()


def test_an_outline_redrawn_by_the_township_is_kept_and_not_changed_again():
    cases = apply(dedup.deduplicate([row("A", square())], []), [])
    cases[0].geometry = square(size=18)  # the township measured it on site
    cases[0].values["verify_result"], cases[0].values["status"] = "ILLEGAL", "FILED"
    assert kinds(dedup.deduplicate([row("A", square())], cases)) == [dedup.UNCHANGED]
    redrawn = MultiPolygon([affinity.scale(square().geoms[0], 1.1, 1.1)])
    outcome = dedup.deduplicate([row("A", redrawn)], cases)[0]
    assert outcome.kind == dedup.CHANGED and outcome.geometry is None
    assert dedup.KEPT_OUTLINE in [n.template for n in outcome.notes]
    assert not {"verify_result", "status", "source"} & set(outcome.updates)
    cases = apply([outcome], cases)
    assert cases[0].values["verify_result"] == "ILLEGAL" and cases[0].geometry.equals(square(size=18))
    assert kinds(dedup.deduplicate([row("A", redrawn)], cases)) == [dedup.UNCHANGED]


def test_noise_below_a_millimetre_and_vertex_order_do_not_count_as_redrawn():
    cases = apply(dedup.deduplicate([row("A", square())], []), [])
    ring = list(square().geoms[0].exterior.coords)[:-1]
    shifted = MultiPolygon([box(0, 0, 1, 1).__class__([(x + 1e-5, y) for x, y in ring[2:] + ring[:2]][::-1])])
    assert dedup.fingerprint(shifted) == dedup.fingerprint(square())
    assert kinds(dedup.deduplicate([row("A", shifted)], cases)) == [dedup.UNCHANGED]
    tiny = square(dx=0.01)  # 1 cm: a fingerprint differs, the areas hardly
    assert kinds(dedup.deduplicate([row("A", tiny)], cases)) == [dedup.UNCHANGED]


def test_a_reissued_patch_with_a_new_number_takes_over_the_case():
    old = dedup.ExistingCase("C1", square(), "WP2023-9", {"upper_shape": dedup.fingerprint(square())})
    outcome = dedup.deduplicate([row("WP2024-1", square(dx=1))], [old])[0]
    assert outcome.kind == dedup.LINKED and outcome.updates["patch_no"] == "WP2024-1"
    replaced = [n for n in outcome.notes if n.template == dedup.NUMBER_REPLACED][0]
    assert replaced.values == {"case_id": "C1", "old": "WP2023-9", "patch_no": "WP2024-1"}


def test_two_patches_cannot_share_one_case():
    case = dedup.ExistingCase("C1", square(), None, {})
    outcomes = dedup.deduplicate([row("A", square(dx=3), 2), row("B", square(dx=1), 3)], [case])
    assert kinds(outcomes) == [dedup.REFUSED, dedup.LINKED]  # the better overlap wins
    assert outcomes[0].notes[0].template == dedup.SHARED_CASE and outcomes[0].notes[0].values["other"] == "B"
    numbered = dedup.ExistingCase("C2", square(), "B", {})
    outcomes = dedup.deduplicate([row("A", square(dx=1), 2), row("B", square(dx=5), 3)], [numbered])
    assert kinds(outcomes) == [dedup.REFUSED, dedup.LINKED]  # a number beats any overlap


def test_a_number_on_two_cases_of_a_split_patch_updates_both_keeps_both_outlines():
    shape = square()
    cases = [
        dedup.ExistingCase("C1", square(size=10), "A", {"upper_shape": dedup.fingerprint(square(size=10))}),
        dedup.ExistingCase("C2", square(dx=10, size=10), "A", {}),
    ]
    outcome = dedup.deduplicate([row("A", shape)], cases)[0]
    assert outcome.case_ids == ["C1", "C2"] and outcome.kind == dedup.CHANGED and outcome.geometry is None


def test_refused_rows_and_rows_without_outline():
    bad = patch_record({"JCBH": "", "TBMJ": "x"}, MAPPING, 9)
    outcome = dedup.deduplicate([bad], [])[0]
    assert outcome.kind == dedup.REFUSED and all(n.level == ERROR for n in outcome.notes) and len(outcome.notes) == 2
    no_shape = dedup.deduplicate([row("Z", None)], [])[0]
    assert no_shape.kind == dedup.REFUSED and no_shape.notes[0].template == dedup.NO_OUTLINE
    known = dedup.deduplicate([row("Z", None)], [dedup.ExistingCase("C9", square(), "Z", {})])[0]
    assert known.kind == dedup.LINKED and known.geometry is None


def test_new_patches_overlapping_each_other_are_named():
    outcomes = dedup.deduplicate([row("A", square(), 2), row("B", square(dx=1), 3)], [])
    assert kinds(outcomes) == [dedup.NEW, dedup.NEW]
    note = [n for n in outcomes[0].notes if n.template == dedup.OVERLAPS_INCOMING][0]
    assert note.values["other"] == "B" and note.values["share"] == pytest.approx(0.95)


def test_invalid_outlines_are_repaired_before_measuring():
    bow_tie = MultiPolygon([box(0, 0, 1, 1).__class__([(X0, Y0), (X0 + 20, Y0 + 20), (X0 + 20, Y0), (X0, Y0 + 20)])])
    case = dedup.ExistingCase("C1", square(), None, {})
    outcome = dedup.deduplicate([row("A", bow_tie, area=200)], [case])[0]
    assert outcome.kind == dedup.LINKED and outcome.share == pytest.approx(1.0)


def test_summary_and_zone_report():
    outcomes = dedup.deduplicate([row("A", square(), 2), row("B", None, 3)], [])
    assert dedup.summary(outcomes) == {"new": 1, "linked": 0, "changed": 0, "unchanged": 0, "refused": 1}
    centres = [(1, 108.3, 22.9), (2, 109.8, 23.0), (3, 106.2, 23.5), (4, 107.9, 22.1)]
    report = dedup.zone_report(centres, Zone(36))
    assert report.by_zone == {36: 2, 37: 1, 35: 1} and report.outside == [2, 3]
    note = report.note()
    assert note.values == {"outside": 2, "total": 4, "zone": 36, "zones": "35, 37"} and "2 of 4" in note.text()
    assert dedup.zone_report(centres[:1], Zone(36)).note() is None


def test_degrees_from_the_centre_columns():
    rows = [PatchRow(1, {"upper_x": 108.3, "upper_y": 22.9}), PatchRow(2, {"upper_x": 22.9, "upper_y": 108.3})]
    rows.append(PatchRow(3, {"upper_x": 536000.0, "upper_y": 2533000.0}))
    assert [dedup.degrees_of(r) for r in rows] == [(108.3, 22.9), (108.3, 22.9), None]
