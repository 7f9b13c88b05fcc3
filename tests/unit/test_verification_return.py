"""The township's columns of the return: names that never overwrite the county's, DBF-safe cut texts, values."""

from lianwei.core import verification_return as vr


def test_names_fit_a_dbf_and_never_take_the_countys():
    names = vr.column_names(["JCBH", "hcjg", "HCJG_1"])
    assert names["result"] == "HCJG_2"
    assert all(len(name) <= vr.MAX_NAME for name in names.values())
    assert len(set(names.values())) == len(vr.COLUMNS)


def test_clip_counts_bytes_and_never_cuts_a_character():
    text = "照片甲：没有拍摄方向" * 20
    cut = vr.clip(text, 254, "gbk")
    assert len(cut.encode("gbk")) <= 254 and cut.endswith("…")
    assert vr.clip("合法", 10, "gbk") == "合法"


def test_values_in_chinese_and_rounded():
    case = {"case_id": "A-1", "verify_result": "LEGAL", "status": "DISCOVERED", "demolished_m2": 1.005}
    values = vr.township_values(case, 3, False, ["照片x：没有拍摄方向"])
    assert values["result"] == "合法" and values["status"] == "已发现" and values["demolished_m2"] == 1.01
    assert values["verdict"] == "不完整" and values["photos"] == 3
    assert vr.empty_values() == dict.fromkeys(vr.KEYS)
    assert vr.patch_key(12.0) == "12" and vr.patch_key(" JC-1 ") == "JC-1"


def test_a_patch_found_legal_returns_no_violation_type():
    case = {"case_id": "C1", "verify_result": "LEGAL", "violation_type": "L1", "status": "DISCOVERED"}
    values = vr.township_values(case, 0, False, [])
    assert values["result"] == "合法" and values["violation_type"] is None
    case["verify_result"] = "ILLEGAL"
    assert vr.township_values(case, 0, False, [])["violation_type"]
