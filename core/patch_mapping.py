"""Which column of a county's patch table fills which ledger field: the 卫片 default and the user's own choice.

Patch tables name their columns in pinyin initials (JCBH 监测编号, TBBH 图斑编号, QSX/HSX 前/后时相, TBMJ 图斑面积 …)
or in Chinese, and the names vary by province and year, so the default is a list of the usual spellings and the
user's "ledger_field=source_field;…" (saved per source) overrides it field by field. A Chinese header often carries
its unit in brackets (图斑面积(亩)): the unit decides the conversion, the rest decides the field.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .field_mapping import format_mapping, normalize, parse_mapping
from .notes import Note, error, warning
from .patch_fields import FIELDS_BY_NAME
from .schema import VIOLATIONS

# Best first. The ledger's own field name and Chinese alias are tried before these.
_SYNONYMS: Dict[str, str] = {
    "patch_no": "JCBH 监测编号 监测图斑编号 图斑监测编号 监测号 JCTBBH WPBH 卫片编号 卫片图斑编号",
    "upper_patch_id": "TBBH 图斑编号 图斑号 TBH 图斑序号 TBXH",
    "patch_batch": "PC XFPC 批次 下发批次 监测批次 JCPC",
    "patch_type": "TBLX 图斑类型 变化类型 BHLX 监测类型 JCLX 图斑类别 TBLB",
    "upper_m2": "TBMJ JCMJ 图斑面积 监测面积 变化面积 BHMJ MJ 面积",
    "before_on": "QSX 前时相 前时相日期 前时相时间 QSXSJ QSXRQ",
    "after_on": "HSX 后时相 后时相日期 后时相时间 HSXSJ HSXRQ",
    "upper_district_code": "XZQDM 行政区代码 行政区划代码 XZQHDM 县级行政区代码 XJXZQDM 乡镇代码 XZDM",
    "upper_district_name": "XZQMC 行政区名称 行政区划名称 XZQHMC 乡镇名称 XZMC 所在乡镇 所在行政区",
    "upper_land_class": "DLBM 地类编码 地类代码 DLDM",
    "upper_land_class_name": "DLMC 地类名称",
    "upper_farmland": "SFYN 是否永农 是否占用永久基本农田 是否永久基本农田 是否基本农田 是否占用永农 SFJBNT SFZYJBNT",
    "upper_red_line": "SFHX 是否生态红线 是否占用生态保护红线 是否生态保护红线 是否占用生态红线 SFSTHX SFZYSTHX",
    "upper_x": "XZB X坐标 中心点X坐标 中心点X ZXDX 中心X 横坐标 经度 JD",
    "upper_y": "YZB Y坐标 中心点Y坐标 中心点Y ZXDY 中心Y 纵坐标 纬度 WD",
}
MAPPED_FIELDS: Tuple[str, ...] = tuple(_SYNONYMS)
DEFAULT_SOURCE_NAMES: Dict[str, Tuple[str, ...]] = {k: tuple(v.split()) for k, v in _SYNONYMS.items()}

_BRACKETED = re.compile(r"\(([^()]*)\)$")
# Square metres per unit, by the words a header uses for its unit.
AREA_UNITS: Tuple[Tuple[Tuple[str, ...], float], ...] = (
    (("平方公里", "km2", "km²"), 1_000_000.0),
    (("公顷", "hm2", "hm²", "ha"), 10_000.0),
    (("亩", "mu"), 10_000.0 / 15.0),
    (("平方米", "㎡", "m2", "m²", "平米"), 1.0),
)

UNKNOWN_FIELD = "The mapping names {target}, which is not a field patches fill"
NO_SUCH_COLUMN = "The mapping names the column {source} for {target}, but the file has no such column"
BAD_MAPPING = "The mapping {text} is not of the form ledger_field=source_field;…"
NO_PATCH_NUMBER = "No column holds the patch number (JCBH 监测编号 or TBBH 图斑编号): map one to patch_no"
NO_AREA = "No column holds the patch area (TBMJ 图斑面积): the upper level's area will be empty"
TEMPLATES = (UNKNOWN_FIELD, NO_SUCH_COLUMN, BAD_MAPPING, NO_PATCH_NUMBER, NO_AREA)


def _label(ledger_field: str) -> Tuple[str, str]:
    spec = FIELDS_BY_NAME.get(ledger_field) or VIOLATIONS.field(ledger_field)
    return spec.name, spec.alias


def split_unit(name: str) -> Tuple[str, str]:
    """("图斑面积", "亩") from "图斑面积（亩）": NFKC makes the brackets plain."""
    text = unicodedata.normalize("NFKC", str(name)).strip()
    match = _BRACKETED.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1).strip()
    return text, ""


def area_factor(column: str) -> Optional[float]:
    """m² per unit of an area column, from its bracketed unit or a unit word in its name; None when unsaid."""
    base, unit = split_unit(column)
    for text in (unit, base):
        folded = text.casefold()
        for words, factor in AREA_UNITS:
            if any(word in folded for word in words):
                return factor
    return None


def candidates(ledger_field: str) -> List[str]:
    return [*_label(ledger_field), *DEFAULT_SOURCE_NAMES[ledger_field]]


_KNOWN = {normalize(name) for field in MAPPED_FIELDS for name in candidates(field)}


def is_patch_column(name: str) -> bool:
    """True for a header a patch table uses (the sheet finder scores rows with it)."""
    base, _ = split_unit(name)
    return normalize(unicodedata.normalize("NFKC", str(name))) in _KNOWN or normalize(base) in _KNOWN


def propose_mapping(columns: Sequence[str]) -> Dict[str, Optional[str]]:
    """ledger field -> column (or None), taking candidates rank by rank across fields, each column once.

    A column named exactly matches before one that matches once its unit is dropped; of two area columns in
    different units (图斑面积(平方米), 图斑面积(亩)) the one in m² is taken, as no conversion can round it."""
    exact: Dict[str, List[str]] = {}
    loose: Dict[str, List[str]] = {}
    for column in columns:
        exact.setdefault(normalize(unicodedata.normalize("NFKC", str(column))), []).append(column)
        loose.setdefault(normalize(split_unit(column)[0]), []).append(column)
    for found in loose.values():
        found.sort(key=lambda c: {1.0: 0, None: 1}.get(area_factor(c), 2))
    lists = {f: candidates(f) for f in MAPPED_FIELDS}
    mapping: Dict[str, Optional[str]] = {f: None for f in MAPPED_FIELDS}
    used = set()
    for rank in range(max(len(v) for v in lists.values())):
        for ledger_field, names in lists.items():
            if mapping[ledger_field] is not None or rank >= len(names):
                continue
            key = normalize(names[rank])
            for column in exact.get(key, []) + loose.get(key, []):
                if column not in used:
                    mapping[ledger_field] = column
                    used.add(column)
                    break
    return mapping


def effective_mapping(columns: Sequence[str], text: str = "") -> Tuple[Dict[str, Optional[str]], List[Note]]:
    """The default mapping for ``columns`` with the user's ``text`` ("ledger_field=source_field;…") over it.

    A field the text maps to "" (``upper_x=``) is left unmapped; a blocking problem is an error note."""
    mapping = propose_mapping(columns)
    notes: List[Note] = []
    try:
        chosen = parse_mapping(text)
    except ValueError as bad:
        return mapping, [error(BAD_MAPPING, text=str(bad))]
    cleared = [part.split("=")[0].strip() for part in (text or "").replace("\n", ";").split(";") if part.strip()]
    present = set(columns)
    for ledger_field in cleared:
        if ledger_field not in mapping:
            notes.append(error(UNKNOWN_FIELD, target=ledger_field))
        elif ledger_field not in chosen:
            mapping[ledger_field] = None
    for ledger_field, source in chosen.items():
        if ledger_field not in mapping:
            continue
        if source not in present:
            notes.append(error(NO_SUCH_COLUMN, field=ledger_field, target=ledger_field, source=source))
            continue
        for other, column in mapping.items():  # a column moved to another field is no longer the default's
            if column == source and other != ledger_field:
                mapping[other] = None
        mapping[ledger_field] = source
    if not mapping["patch_no"] and not mapping["upper_patch_id"]:
        notes.append(error(NO_PATCH_NUMBER))
    if not mapping["upper_m2"]:
        notes.append(warning(NO_AREA))
    return mapping, notes


def saved_mapping(mapping: Mapping[str, Optional[str]]) -> str:
    """The text to save for a source: every field, "upper_x=" for one the user left unmapped, so that the saved
    choice still leaves it unmapped when the default would map it."""
    mapped = format_mapping(mapping)
    cleared = ";".join(f"{name}=" for name in MAPPED_FIELDS if not mapping.get(name))
    return ";".join(part for part in (mapped, cleared) if part)


def unmapped_columns(columns: Iterable[str], mapping: Mapping[str, Optional[str]]) -> List[str]:
    """Columns the mapping leaves alone; the export back to the upper level writes them as they came."""
    used = {c for c in mapping.values() if c}
    return [c for c in columns if c not in used]
