"""Which field of an office's layer fills which ledger field.

Chinese land data name their fields in pinyin initials (ZDDM = 宗地代码, QLR = 权利人) as the national survey
standards (TD/T 1016, 三调 database specification) do, or in Chinese, or after another office's own habits. A mapping
is proposed from those names and the ledger's own names and aliases; the user corrects it where the guess is wrong.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from . import schema

# The ledger's reference tables an office hands over, in the order the dialog shows them.
REFERENCE_TABLES: Tuple[str, ...] = ("villages", "cadastre", "permits", "farmland")

# Names seen in office data, best first. The ledger's own name and Chinese alias are always tried before these.
# Names seen in office data, best first, space-separated. The ledger's own name and Chinese alias are always tried
# before these.
_SYNONYMS: Dict[str, Dict[str, str]] = {
    "villages": {
        "village_code": "CJDM CUNDM XZQDM ZLDWDM CDM XZCDM 村级代码 行政区代码 行政区划代码 坐落单位代码 村编码 CODE",
        "village_name": "CJMC CUNMC XZQMC ZLDWMC CMC XZCMC 村级名称 村名称 行政区名称 坐落单位名称 VILLAGE NAME",
        "town_name": "XZMC XZJMC ZHENMC XIANGZHEN 乡镇名称 镇名 TOWN",
        "zone": "PQ PIANQU 片",
        "work_group": "GZZ WORKGROUP",
        "quota_m2": "RWMJ CCRWMJ 任务面积 拆除任务 QUOTA",
    },
    "cadastre": {
        "parcel_id": "ZDDM ZDBH ZDH BDCDYH 宗地号 宗地编号 不动产单元号 PARCEL",
        "owner": "QLR QLRMC QSR SYQR TDSYZ 权利人名称 土地使用者 使用权人 OWNER",
        "land_class": "DLBM DLDM TDYTBM 地类代码 土地用途编码 地类",
        "land_class_name": "DLMC TDYTMC TDYT 土地用途",
    },
    "permits": {
        "permit_no": "XKZH XKZBH ZSBH GHXKZH PZWH ZH 许可证编号 证书编号 证号 批准文号 PERMIT",
        "permit_type": "XKLX XKZLX ZSLX 许可证类型 证书类型 类型",
        "holder": "CZR JSDW SQR QLR 建设单位 申请人 持证单位",
        "approved_m2": "PZMJ YDMJ PZYDMJ 批准用地面积 用地面积 核准面积",
        "issued_on": "PZRQ FZRQ PZSJ FZSJ 发证日期 批准时间 发证时间",
        "expires_on": "YXQZ DQRQ YXQ JZRQ 有效期 到期日期 截止日期",
    },
    "farmland": {
        "patch_id": "TBBH JBNTTBBH TBYBH BSM 图斑号 基本农田图斑编号 PATCH",
    },
}
SYNONYMS: Dict[str, Dict[str, Tuple[str, ...]]] = {
    table: {name: tuple(words.split()) for name, words in fields.items()} for table, fields in _SYNONYMS.items()
}


def normalize(name: str) -> str:
    """A field name compared without case, underscores, spaces, hyphens or dots (Zddm, ZD_DM, zd dm)."""
    return re.sub(r"[\s_\-.·]+", "", str(name)).casefold()


def candidates(table: str, ledger_field: str) -> List[str]:
    """The names that propose ``source field -> ledger_field``, best first."""
    spec = schema.layer(table).field(ledger_field)
    return [spec.name, spec.alias, *SYNONYMS.get(table, {}).get(ledger_field, ())]


def propose_mapping(
    table: str, source_fields: Sequence[str], source_aliases: Optional[Mapping[str, str]] = None
) -> Dict[str, Optional[str]]:
    """ledger field -> source field (or None) for every field of ``table``.

    A source field matches by its name or its alias (a GeoPackage's alternative name). Candidates are taken rank
    by rank across all ledger fields, so ZDDM goes to parcel_id even when a later synonym list also names it, and
    each source field is used once. A source field named exactly like a ledger field always wins.
    """
    aliases = dict(source_aliases or {})
    spec = schema.layer(table)
    keys: Dict[str, List[str]] = {}
    for name in source_fields:
        for label in (name, aliases.get(name) or ""):
            if label:
                keys.setdefault(normalize(label), []).append(name)
    lists = {f.name: candidates(table, f.name) for f in spec.fields}
    mapping: Dict[str, Optional[str]] = {f.name: None for f in spec.fields}
    used = set()
    for rank in range(max(len(v) for v in lists.values())):
        for ledger_field, names in lists.items():
            if mapping[ledger_field] is not None or rank >= len(names):
                continue
            for source in keys.get(normalize(names[rank]), []):
                if source not in used:
                    mapping[ledger_field] = source
                    used.add(source)
                    break
    return mapping


def parse_mapping(text: str) -> Dict[str, str]:
    """``"ledger_field=source_field;..."`` (the Processing parameter) as a dict; blanks and spaces ignored."""
    mapping: Dict[str, str] = {}
    for part in (text or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        ledger_field, sep, source = part.partition("=")
        if not sep:
            raise ValueError(part.strip())
        if source.strip():
            mapping[ledger_field.strip()] = source.strip()
    return mapping


def format_mapping(mapping: Mapping[str, Optional[str]]) -> str:
    """The inverse of parse_mapping; unmapped ledger fields are left out."""
    return ";".join(f"{k}={v}" for k, v in mapping.items() if v)


def mapping_problems(
    table: str, mapping: Mapping[str, Optional[str]], source_fields: Iterable[str]
) -> List[Tuple[str, Dict[str, str]]]:
    """Unknown ledger fields, missing source fields, a source field used twice, a required field left unmapped."""
    spec = schema.layer(table)
    present = set(source_fields)
    problems: List[Tuple[str, Dict[str, str]]] = []
    seen: Dict[str, str] = {}
    for ledger_field, source in mapping.items():
        if ledger_field not in spec.field_names:
            problems.append(("{table} has no field {field}", {"table": table, "field": ledger_field}))
            continue
        if not source:
            continue
        if source not in present:
            problems.append(("The source has no field {source}", {"source": source}))
        if source in seen:
            values = {"source": source, "first": seen[source], "second": ledger_field}
            problems.append(("{source} is mapped to both {first} and {second}", values))
        seen[source] = ledger_field
    for f in spec.fields:
        if f.required and not mapping.get(f.name):
            values = {"field": f.name, "alias": f.alias}
            problems.append(("No source field for the required field {field} ({alias})", values))
    return problems
