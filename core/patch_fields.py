"""The violation fields the patch cycle (卫片: import, field check, return, reconcile) adds to the ledger.

Kept here, apart from schema.py, until the lead adds them to the ``violations`` layer (and the code lists to
schema.CODE_LISTS). Two groups, and the rule between them is the point of the design:

- upper-level fields (``UPPER_FIELDS``): what the county's patch file says. A re-issued or redrawn patch updates
  them, and only them.
- the township's own verification fields (``VERIFICATION_FIELDS``): what the field check found. No import ever
  writes them; only the township does.
"""

from __future__ import annotations

from typing import Dict, Tuple

from .schema import BOOLEAN, DATE, REAL, TEXT, Field

# Codes -> Chinese names, for schema.CODE_LISTS.
PATCH_CODE_LISTS: Dict[str, Dict[str, str]] = {
    # 图斑类型 as the monitoring programme names the change seen on the image.
    "patch_type": {
        "BUILDING": "建（构）筑物",
        "HARDENED": "硬化",
        "EARTHWORK": "动土",
        "PILED": "推堆土",
        "SOLAR": "光伏",
        "POND": "坑塘",
        "ROAD": "道路",
        "MINING": "采矿",
        "OTHER": "其他",
    },
    # 核查结果 of the field check (实地核查) as the return to the upper level names it.
    "verify_result": {"LEGAL": "合法", "ILLEGAL": "违法", "OTHER": "其他"},
}

# Spellings seen in county files for each patch type, beyond the Chinese name above.
PATCH_TYPE_SPELLINGS: Dict[str, Tuple[str, ...]] = {
    "BUILDING": ("建构筑物", "建(构)筑物", "建筑物", "构筑物", "房屋", "建房", "新建建筑", "建设", "JZ", "JGZW"),
    "HARDENED": ("地面硬化", "硬化地面", "硬化场地", "YH"),
    "EARTHWORK": ("动土", "推填土", "挖土", "开挖", "DT"),
    "PILED": ("推土", "堆土", "堆放", "推堆", "TDT"),
    "SOLAR": ("光伏板", "光伏电站", "光伏发电", "GF"),
    "POND": ("挖塘", "坑塘水面", "鱼塘", "KT"),
    "ROAD": ("道路", "修路", "公路", "DL"),
    "MINING": ("采矿", "采石", "取土", "采砂", "CK"),
    "OTHER": ("其它", "其他", "QT"),
}


def _area(name: str, alias: str) -> Field:
    return Field(name, alias, REAL, minimum=0.0)


UPPER_FIELDS: Tuple[Field, ...] = (
    Field("upper_patch_id", "上级图斑编号", TEXT, 40),  # TBBH beside JCBH (patch_no) when a file has both
    Field("patch_batch", "下发批次", TEXT, 40),
    Field("patch_type", "图斑类型", TEXT, 12, codes="patch_type"),
    _area("upper_m2", "上级图斑面积"),
    Field("before_on", "前时相", DATE),
    Field("after_on", "后时相", DATE),
    Field("upper_district_code", "上级行政区代码", TEXT, 12),
    Field("upper_district_name", "上级行政区名称", TEXT, 50),
    Field("upper_land_class", "上级地类编码", TEXT, 10),
    Field("upper_land_class_name", "上级地类名称", TEXT, 30),
    Field("upper_farmland", "是否永农", BOOLEAN),
    Field("upper_red_line", "是否生态红线", BOOLEAN),
    Field("upper_x", "上级中心点X", REAL),
    Field("upper_y", "上级中心点Y", REAL),
    # A fingerprint of the outline as the upper level last drew it: a case whose outline still has it was not
    # redrawn here, so a redrawn patch may replace it; one redrawn by the township keeps its own outline.
    Field("upper_shape", "上级图形校验码", TEXT, 64, read_only=True),
)

VERIFICATION_FIELDS: Tuple[Field, ...] = (
    Field("verify_result", "核查结果", TEXT, 8, codes="verify_result"),
    Field("verify_reason", "核查理由", TEXT, 500),
    Field("verified_on", "核查日期", DATE),
    Field("verified_by", "核查人", TEXT, 50),
)

PATCH_FIELDS: Tuple[Field, ...] = UPPER_FIELDS + VERIFICATION_FIELDS
UPPER_FIELD_NAMES: Tuple[str, ...] = tuple(f.name for f in UPPER_FIELDS)
VERIFICATION_FIELD_NAMES: Tuple[str, ...] = tuple(f.name for f in VERIFICATION_FIELDS)
FIELDS_BY_NAME: Dict[str, Field] = {f.name: f for f in PATCH_FIELDS}


def patch_field(name: str) -> Field:
    return FIELDS_BY_NAME[name]


# A patch found legal (合法) or other (其他) must say why: the upper level refuses such a result without a reason.
# Illegal (违法) needs none here: the case itself (type, permit, disposal) says why.
REASON_REQUIRED: Tuple[str, ...] = ("LEGAL", "OTHER")


def reason_expression() -> str:
    """A QGIS/SQL expression true when the verification's reason is given where the result needs one."""
    needs = ", ".join(f"'{code}'" for code in REASON_REQUIRED)
    return (
        f'"verify_result" IS NULL OR "verify_result" NOT IN ({needs}) '
        "OR length(trim(coalesce(\"verify_reason\", ''))) > 0"
    )
