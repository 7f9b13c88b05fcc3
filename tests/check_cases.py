"""Hand-built check cases (metres in CGCS2000 zone 36), shared by the core and the QGIS tests."""

from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box

from lianwei.core.checks import Feature

E0, N0 = 536000.0, 2533000.0


def at(geometry):
    return translate(geometry, E0, N0)


def feature(key, geometry, **attributes):
    return Feature(key, at(geometry) if geometry is not None else None, attributes)


VILLAGES = [
    feature("450109101201", box(0, 0, 1000, 1000), village_name="石桥村"),
    feature("450109101202", box(1000, 0, 2000, 1000), village_name="李家湾村"),
]
PARCELS = [
    feature("P-HOMES", box(0, 0, 600, 1000), owner="黄建国", land_class="0702"),
    feature("P-FOREST", box(600, 0, 1000, 1000), owner="石桥村股份经济合作社", land_class="0301"),
    feature("P-FIELDS", box(1000, 0, 2000, 1000), owner="韦文华", land_class="0103"),
]
PERMITS = [
    feature("建字第1号", box(100, 100, 200, 200), permit_type="PLANNING", approved_m2=10000.0),
    feature("乡字第2号", box(300, 100, 400, 200), permit_type="RURAL", approved_m2=6000.0),
    feature("建字第3号", box(500, 100, 550, 200), permit_type="PLANNING", approved_m2=3000.0),
    feature("建字第4号", box(550, 100, 600, 200), permit_type="PLANNING", approved_m2=3000.0),
    feature(
        "临建字第5号", box(100, 850, 200, 950), permit_type="TEMPORARY", approved_m2=9000.0, expires_on="2023-06-30"
    ),
]
FARMLAND = [feature("JBNT1", box(100, 600, 300, 800))]
BOW_TIE = Polygon([(300, 400), (340, 440), (340, 400), (300, 440), (300, 400)])
CASES = {
    "inside": box(120, 120, 170, 170),
    "half_outside": box(150, 120, 250, 170),
    "over_approved": box(310, 110, 390, 190),
    "two_permits": box(520, 120, 580, 180),
    "hole": Polygon(box(700, 100, 800, 200).exterior.coords, [box(725, 125, 775, 175).exterior.coords]),
    "multi": MultiPolygon([box(100, 400, 120, 420), box(150, 400, 170, 420)]),
    "bow_tie": BOW_TIE,
    "two_villages": box(950, 500, 1100, 600),
    "no_village": box(3000, 3000, 3010, 3010),
    "empty": Polygon(),
    "farmland": box(150, 650, 170, 670),
    "expired": box(110, 860, 150, 900),
}
