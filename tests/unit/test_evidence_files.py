"""core/evidence_files.py: which files are photos, where a case's files live, how clashing names are resolved."""

import os

from lianwei.core import evidence_files as ef


def test_kinds_by_extension_whatever_the_case():
    assert [
        ef.kind_of(n) for n in ("IMG_1.JPG", "a.jpeg", "scan.HEIC", "v.mp4", "通知书.pdf", "台账.xlsx", "x.ofd")
    ] == [
        ef.PHOTO,
        ef.PHOTO,
        ef.PHOTO,
        ef.VIDEO,
        ef.DOCUMENT,
        ef.DOCUMENT,
        ef.DOCUMENT,
    ]
    assert ef.kind_of("setup.exe") == "" and ef.kind_of("noextension") == ""
    assert ef.is_photo("a.png") and not ef.is_photo("a.pdf")


def test_the_case_folder_sits_beside_the_ledger(tmp_path):
    ledger = str(tmp_path / "清溪镇台账.gpkg")
    assert ef.evidence_root(ledger) == str(tmp_path / "清溪镇台账_取证材料")
    assert ef.case_folder(ledger, "450109101212-2024-0002") == str(
        tmp_path / "清溪镇台账_取证材料" / "450109101212-2024-0002"
    )
    # A case_id typed with a slash or colon stays one folder on Windows and Linux.
    assert ef.folder_name("A/2024:3") == "A_2024_3"
    assert ef.folder_name("  ") == "_"


def test_a_free_name_adds_a_number_before_the_extension(tmp_path):
    taken = {str(tmp_path / "IMG_1.jpg"), str(tmp_path / "IMG_1_2.jpg")}
    assert ef.free_name(str(tmp_path), "IMG_1.jpg", taken.__contains__) == "IMG_1_3.jpg"
    assert ef.free_name(str(tmp_path), "other.pdf", taken.__contains__) == "other.pdf"


def test_stored_paths_are_relative_with_forward_slashes(tmp_path):
    ledger = str(tmp_path / "sample.gpkg")
    photo = str(tmp_path / "sample_取证材料" / "A-1" / "IMG_1.jpg")
    stored = ef.stored_path(ledger, photo)
    assert stored == "sample_取证材料/A-1/IMG_1.jpg"
    assert ef.absolute_path(ledger, stored) == photo
    assert ef.absolute_path(ledger, "sample_取证材料\\A-1\\IMG_1.jpg") == photo  # written on Windows
    assert ef.absolute_path(ledger, "/data/photo.jpg") == os.path.normpath("/data/photo.jpg")
    assert ef.absolute_path(ledger, "") == ""
