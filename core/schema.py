"""The ledger schema: the one definition every backend (GeoPackage, PostGIS, forms) is generated from.

Names and Chinese aliases follow the interface contract (shared/CONTRACT.md); batch models and other offices'
data depend on them, so a name here never changes once released.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, Optional, Tuple

from .sql import identifier, literal

TEXT = "text"
INTEGER = "integer"
REAL = "real"
DATE = "date"
DATETIME = "datetime"
BOOLEAN = "boolean"

POLYGON = "Polygon"
MULTIPOLYGON = "MultiPolygon"
NO_GEOMETRY = None

# Stored code -> shown Chinese name. Order is the order shown in drop-downs.
CODE_LISTS: Dict[str, Dict[str, str]] = {
    "source": {
        "SATELLITE": "卫片/遥感",
        "PATROL": "巡查",
        "REPORT": "举报",
        "ASSIGNED": "上级交办",
        "SELF_CHECK": "自查",
    },
    "category": {"LAND": "违法用地", "BUILD": "违法建设"},
    "violation_type": {
        "L1": "非法买卖、租赁土地",
        "L2": "未经批准擅自占用土地",
        "L3": "超过批准面积占用土地",
        "L4": "改变批准位置占用土地",
        "L5": "临时用地改变用途或建永久性建筑",
        "L6": "擅自改变土地使用性质",
        "L7": "未经批准毁林挖山",
        "C1": "未取得或违反规划许可、施工许可建设",
        "C2": "逾期未拆除的临时建筑",
        "C3": "未取得合法土地使用权新建",
        "C4": "其他违反法律法规的建筑",
    },
    "status": {
        "DISCOVERED": "已发现",
        "LEGAL": "核查合法",
        "VERIFIED": "核实违法",
        "FILED": "已立案",
        "ORDERED": "责令整改",
        "DEMOLISHED": "已拆除",
        "REGULARIZED": "已补办手续",
        "DEFERRED": "暂缓",
        "SIGNED_OFF": "已销号",
    },
    "disposal": {
        "SELF": "自行拆除",
        "ASSISTED": "协助拆除",
        "FORCED": "强制拆除",
        "CONFISCATED": "没收",
        "REGULARIZE": "补办手续",
        "DEFER": "暂缓",
    },
    # Not fixed by the contract; the permit kinds a township land office issues or receives.
    "permit_type": {
        "PLANNING": "建设工程规划许可证",
        "RURAL": "乡村建设规划许可证",
        "TEMPORARY": "临时建设工程规划许可证",
        "LAND": "建设用地批准书",
    },
}

# GB/T 21010-2017 land classes that township cadastres use most.
LAND_CLASSES: Dict[str, str] = {
    "0101": "水田",
    "0102": "水浇地",
    "0103": "旱地",
    "0201": "果园",
    "0301": "乔木林地",
    "0404": "其他草地",
    "0601": "工业用地",
    "0602": "采矿用地",
    "0701": "城镇住宅用地",
    "0702": "农村宅基地",
    "0801": "机关团体用地",
    "0508": "物流仓储用地",
    "1003": "公路用地",
    "1006": "农村道路",
    "1104": "坑塘水面",
    "1202": "设施农用地",
}
CULTIVATED_LAND_CLASSES = ("0101", "0102", "0103")


# The number a new case carries until it is saved (core/cases.py gives it village-year-sequence then).
PROVISIONAL_PREFIX = "NEW-"
PROVISIONAL_CASE_ID = f"'{PROVISIONAL_PREFIX}' || substr(uuid(), 2, 8)"

# Who made a change: the name set in the plugin's settings (a global variable), else the QGIS user's full name.
USER_VARIABLE = "lianwei_user"
USER_EXPRESSION = f"coalesce(nullif(@{USER_VARIABLE}, ''), @user_full_name)"


@dataclass(frozen=True)
class Field:
    name: str
    alias: str
    type: str = TEXT
    length: int = 0
    required: bool = False
    unique: bool = False
    codes: Optional[str] = None  # key into CODE_LISTS
    minimum: Optional[float] = None
    default: Optional[str] = None  # SQL literal default, also used for QGIS ("'DISCOVERED'", "1")
    default_expression: Optional[str] = None  # QGIS expression; takes precedence over default in forms
    default_on_update: bool = False
    read_only: bool = False
    since: int = 1  # the schema version that brought the field: a ledger of an older version lacks it

    @property
    def code_list(self) -> Dict[str, str]:
        return CODE_LISTS[self.codes] if self.codes else {}


@dataclass(frozen=True)
class Layer:
    name: str
    alias: str
    geometry: Optional[str]
    fields: Tuple[Field, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.{name}")

    @property
    def field_names(self) -> Tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _area(name: str, alias: str) -> Field:
    return Field(name, alias, REAL, minimum=0.0)


# The patch cycle's fields (schema version 2) are defined with their rules in patch_fields.py, which needs Field
# from here: imported once Field exists.
from .patch_fields import PATCH_CODE_LISTS, PATCH_FIELDS, UPPER_FIELD_NAMES  # noqa: E402

CODE_LISTS.update(PATCH_CODE_LISTS)
# The upper level's fields are the county's word: shown, never edited in the form (an untouched check box would
# otherwise be saved as "no").
PATCH_FIELDS_V2 = tuple(replace(f, since=2, read_only=f.read_only or f.name in UPPER_FIELD_NAMES) for f in PATCH_FIELDS)

VILLAGES = Layer(
    "villages",
    "村界",
    POLYGON,
    (
        Field("village_code", "村代码", TEXT, 12, required=True, unique=True),
        Field("village_name", "村名", TEXT, 50, required=True),
        Field("town_name", "乡镇", TEXT, 50),
        Field("zone", "片区", TEXT, 50),
        Field("work_group", "工作组", TEXT, 50),
        _area("quota_m2", "拆除任务面积"),
    ),
)

CADASTRE = Layer(
    "cadastre",
    "宗地",
    POLYGON,
    (
        Field("parcel_id", "宗地代码", TEXT, 24, required=True),
        Field("owner", "权利人", TEXT, 100),
        Field("land_class", "地类编码", TEXT, 4),
        Field("land_class_name", "地类名称", TEXT, 30),
    ),
)

PERMITS = Layer(
    "permits",
    "许可",
    POLYGON,
    (
        Field("permit_no", "许可证号", TEXT, 40, required=True),
        Field("permit_type", "许可类型", TEXT, 20, codes="permit_type"),
        Field("holder", "持证人", TEXT, 100),
        _area("approved_m2", "批准面积"),
        Field("issued_on", "批准日期", DATE),
        Field("expires_on", "有效期至", DATE),
    ),
)

FARMLAND = Layer(
    "farmland",
    "永久基本农田",
    POLYGON,
    (Field("patch_id", "图斑编号", TEXT, 30, required=True),),
)

VIOLATIONS = Layer(
    "violations",
    "违法图斑",
    MULTIPOLYGON,
    (
        # A case drawn or pasted with QGIS's own tools gets a provisional number; saving gives it the real one.
        Field("case_id", "案件编号", TEXT, 30, required=True, unique=True, default_expression=PROVISIONAL_CASE_ID),
        Field("patch_no", "监测编号", TEXT, 40),
        Field("source", "来源", TEXT, 12, codes="source", default="'PATROL'"),
        Field("category", "违法类别", TEXT, 8, codes="category"),
        Field("violation_type", "违法类型", TEXT, 4, codes="violation_type"),
        Field("village_code", "村代码", TEXT, 12),
        Field("village_name", "村名", TEXT, 50),
        Field("party", "当事人", TEXT, 100),
        Field("address", "地址", TEXT, 200),
        Field("found_on", "发现日期", DATE, default_expression="to_date(now())"),
        Field("built_on", "建设日期", DATE),
        Field("is_new", "是否新增", BOOLEAN),
        _area("footprint_m2", "占地面积"),
        _area("ellipsoid_m2", "椭球面积"),
        _area("floor_area_m2", "建筑面积"),
        Field("permit_no", "许可证号", TEXT, 40),
        _area("permitted_m2", "许可内面积"),
        _area("unpermitted_m2", "无许可面积"),
        _area("excess_m2", "超批准面积"),
        _area("farmland_m2", "占永久基本农田面积"),
        Field("parcel_id", "宗地代码", TEXT, 24),
        Field("owner", "权利人", TEXT, 100),
        Field("land_class", "地类", TEXT, 4),
        Field("status", "状态", TEXT, 12, required=True, codes="status", default="'DISCOVERED'"),
        Field("disposal", "处置方式", TEXT, 12, codes="disposal"),
        Field("deadline", "整改期限", DATE),
        _area("demolished_m2", "拆除面积"),
        Field("demolished_on", "拆除日期", DATE),
        Field("signed_off_on", "销号日期", DATE),
        Field("remarks", "备注", TEXT, 500),
        Field(
            "updated_at",
            "更新时间",
            DATETIME,
            default="CURRENT_TIMESTAMP",
            default_expression="now()",
            default_on_update=True,
            read_only=True,
        ),
        Field(
            "updated_by",
            "更新人",
            TEXT,
            50,
            default_expression=USER_EXPRESSION,
            default_on_update=True,
            read_only=True,
        ),
        # Counts the edits of a case; renewed by QGIS on every edit, so the trace knows an edit came through QGIS.
        Field(
            "version",
            "版本",
            INTEGER,
            required=True,
            default="1",
            default_expression='coalesce("version", 0) + 1',
            default_on_update=True,
            read_only=True,
        ),
        # Beyond the contract: what lianwei:checkviolations concluded and how it measured.
        Field("suggested_type", "建议违法类型", TEXT, 4, codes="violation_type", read_only=True),
        Field("check_note", "核查说明", TEXT, 200, read_only=True),
        Field("area_method", "面积计算方法", TEXT, 300, read_only=True),
    )
    + PATCH_FIELDS_V2,
)
CHECK_FIELDS = (
    "village_code",
    "village_name",
    "footprint_m2",
    "ellipsoid_m2",
    "permit_no",
    "permitted_m2",
    "unpermitted_m2",
    "excess_m2",
    "farmland_m2",
    "parcel_id",
    "owner",
    "land_class",
    "suggested_type",
    "check_note",
    "area_method",
)

EVIDENCE = Layer(
    "evidence",
    "取证材料",
    NO_GEOMETRY,
    (
        Field("case_id", "案件编号", TEXT, 30, required=True),
        Field("file_path", "文件", TEXT, 260, required=True),
        Field("taken_at", "拍摄时间", DATETIME),
        Field("note", "说明", TEXT, 200),
        # Beyond the contract: where the photo was taken and the way the camera looked, from its EXIF.
        Field("longitude", "经度", REAL),
        Field("latitude", "纬度", REAL),
        Field("direction", "拍摄方向", REAL),
    ),
)

CASE_LOG = Layer(
    "case_log",
    "处置记录",
    NO_GEOMETRY,
    (
        Field("case_id", "案件编号", TEXT, 30, required=True),
        Field("changed_at", "时间", DATETIME, default="CURRENT_TIMESTAMP", default_expression="now()"),
        Field("changed_by", "操作人", TEXT, 50),
        Field("field", "字段", TEXT, 40),
        Field("old_value", "原值", TEXT, 500),
        Field("new_value", "新值", TEXT, 500),
    ),
)

CAMPAIGN = Layer(
    "campaign",
    "整治任务",
    NO_GEOMETRY,
    (
        Field("key", "参数", TEXT, 40, required=True, unique=True),
        Field("value", "值", TEXT, 200),
    ),
)

# Drawing order, bottom to top; tables without geometry last.
LAYERS: Tuple[Layer, ...] = (VILLAGES, CADASTRE, FARMLAND, PERMITS, VIOLATIONS, EVIDENCE, CASE_LOG, CAMPAIGN)
LAYERS_BY_NAME: Dict[str, Layer] = {layer.name: layer for layer in LAYERS}

# The ledger schema's version, kept in the `campaign` table under SCHEMA_VERSION_KEY. A ledger without it was made
# before versions were kept: it is version 1. A ledger of a newer version is refused (this plugin does not know it).
SCHEMA_VERSION = 2  # 2: the patch cycle's fields of the violations (core/patch_fields.py)
SCHEMA_VERSION_KEY = "schema_version"

# Campaign defaults (DOMAIN.md); every one is editable per campaign in the `campaign` table.
CAMPAIGN_DEFAULTS: Dict[str, str] = {
    "town_name": "",
    "year": "2024",
    "target_m2": "40000",
    "milestones": "06-20:0.6;09-10:1.0",
    "zero_growth_on": "2024-01-01",
    "rectify_days": "15",
    "producer": "",
}

# CGCS2000 / 3-degree Gauss-Kruger CM 108E: the sample township's CRS and the ledger default.
DEFAULT_CRS = "EPSG:4545"
# QGIS's id for the CGCS2000 ellipsoid (the string "CGCS2000" is not accepted; EPSG:7044 is Everest 1830).
CGCS2000_ELLIPSOID = "EPSG:1024"


def fields_of_version(spec: Layer, version: int) -> Tuple[Field, ...]:
    """The fields a ledger of schema ``version`` has in ``spec``'s table."""
    return tuple(f for f in spec.fields if f.since <= version)


def layer(name: str) -> Layer:
    return LAYERS_BY_NAME[name]


def code_label(codes: str, code: Optional[str]) -> str:
    """The Chinese name of a stored code; unknown codes are returned as they are."""
    if code is None:
        return ""
    return CODE_LISTS[codes].get(code, code)


def check_expression(f: Field) -> Optional[str]:
    """A QGIS/SQL boolean expression that a stored value of ``f`` must satisfy, or None.

    Written in the subset of SQL that QGIS expressions, SQLite and PostgreSQL share, so one string serves the
    form constraint, the GeoPackage trigger and a PostGIS CHECK.
    """
    quoted = identifier(f.name)  # the same quoting in QGIS expressions and SQLite
    if f.codes:
        values = ", ".join(literal(code) for code in f.code_list)
        return f"{quoted} IS NULL OR {quoted} IN ({values})"
    if f.minimum is not None:
        return f"{quoted} IS NULL OR {quoted} >= {f.minimum:g}"
    return None


def campaign_rows(town_name: str = "", year: Optional[int] = None, **overrides: str) -> Dict[str, str]:
    """The `campaign` table content for a new ledger: defaults, then the given values."""
    rows = dict(CAMPAIGN_DEFAULTS)
    if town_name:
        rows["town_name"] = town_name
    if year:
        rows["year"] = str(int(year))
    rows.update({k: str(v) for k, v in overrides.items()})
    rows[SCHEMA_VERSION_KEY] = str(SCHEMA_VERSION)
    return rows
