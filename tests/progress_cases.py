"""A campaign ledger built by hand, with every progress number worked out on paper (see test_progress.py).

Target 1,000 m², milestones 60 % by 06-20 and 100 % by 09-10 of 2024, report date 2024-07-01. Village A has no
quota of its own (it gets the 550 m² the hand-set quotas leave); B, D and E have quotas set by hand; C has no
case; X-1 lies in no village.
"""

CAMPAIGN_ROWS = {
    "town_name": "清溪镇",
    "year": "2024",
    "target_m2": "1000",
    "milestones": "06-20:0.6;09-10:1.0",
    "zero_growth_on": "2024-01-01",
    "rectify_days": "15",
    "producer": "清溪镇自然资源所",
}
REPORT_DATE = "2024-07-01"

# (village_code, village_name, quota_m2)
VILLAGES = [
    ("450100000001", "甲村", None),
    ("450100000002", "乙村", 300.0),
    ("450100000003", "丙村", None),
    ("450100000004", "丁村", 100.0),
    ("450100000005", "戊村", 50.0),
]


def case(case_id, village, status, footprint, demolished=None, demolished_on=None, found_on="2024-02-01", **extra):
    record = {
        "case_id": case_id,
        "village_code": village,
        "status": status,
        "footprint_m2": footprint,
        "demolished_m2": demolished,
        "demolished_on": demolished_on,
        "found_on": found_on,
        "built_on": None,
        "is_new": None,
        "deadline": None,
    }
    record.update(extra)
    return record


A, B, C, D, E = (code for code, _, _ in VILLAGES)
CASES = [
    case("A-1", A, "DEMOLISHED", 200.00, 200.00, "2024-05-10", found_on="2023-11-01", is_new=False),
    # partly demolished, not overdue (deadline after the report date)
    case("A-2", A, "ORDERED", 150.50, 60.25, "2024-06-15", is_new=True, deadline="2024-08-01"),
    # demolished after the report date: not counted, and overdue one day past its deadline
    case(
        "A-3", A, "DEMOLISHED", 100.00, 100.00, "2024-07-05", found_on="2023-05-01", is_new=False, deadline="2024-06-30"
    ),
    case("A-4", A, "LEGAL", 80.00),
    # new by its building date (is_new not recorded), never restored: overdue since 06-16
    case("B-1", B, "FILED", 300.25, found_on="2024-06-01", built_on="2024-05-20"),
    case("B-2", B, "SIGNED_OFF", 50.10, 50.10, "2024-06-25", is_new=False, signed_off_on="2024-06-28"),
    case("D-1", D, "DEMOLISHED", 62.00, 62.00, "2024-06-01", is_new=False),
    case("E-1", E, "SIGNED_OFF", 50.00, 50.00, "2024-04-01", found_on="2023-12-01"),
    case("X-1", "999999999999", "DISCOVERED", 10.00, found_on="2024-06-30", is_new=True),
]

# What the summary must say, worked out by hand.
EXPECTED = {
    # code: (cases, found_m2, demolished_m2, quota_m2, remaining_m2, light, new (n, m2), stock (n, m2), overdue)
    A: (3, 450.50, 260.25, 550.00, 289.75, "red", (1, 150.50), (2, 300.00), 1),
    B: (2, 350.35, 50.10, 300.00, 249.90, "red", (1, 300.25), (1, 50.10), 1),
    C: (0, 0.00, 0.00, 0.00, 0.00, "green", (0, 0.00), (0, 0.00), 0),
    D: (1, 62.00, 62.00, 100.00, 38.00, "amber", (0, 0.00), (1, 62.00), 0),
    E: (1, 50.00, 50.00, 50.00, 0.00, "green", (0, 0.00), (1, 50.00), 0),
    "": (1, 10.00, 0.00, 0.00, 0.00, "green", (1, 10.00), (0, 0.00), 0),
    "*": (8, 922.85, 422.35, 1000.00, 577.65, "red", (3, 460.75), (5, 462.10), 2),
}
# pace over the 30 days before 07-01 and the date the quota is reached at it
FORECAST = {A: "2024-11-23", B: "2024-11-28", C: None, D: None, E: "2024-04-01", "*": "2024-12-06"}
OVERDUE = [("B-1", "2024-06-16", 15, True), ("A-3", "2024-06-30", 1, False)]


def ledger_records():
    """The cases and villages as ledger records (shapely geometry, attributes) for build_ledger."""
    from shapely.geometry import MultiPolygon, box

    origin_x, origin_y = 900_000, 2_520_000  # EPSG:4545 (CM 108°E): villages side by side from x = 900 km
    villages, violations = [], []
    for k, (code, name, quota) in enumerate(VILLAGES):
        x = origin_x + k * 1000
        attrs = {"village_code": code, "village_name": name, "town_name": CAMPAIGN_ROWS["town_name"], "quota_m2": quota}
        villages.append((MultiPolygon([box(x, origin_y, x + 1000, origin_y + 1000)]), attrs))
    where = {code: k for k, (code, _, _) in enumerate(VILLAGES)}
    for n, record in enumerate(CASES):
        k = where.get(record["village_code"], 10)
        x, y = origin_x + k * 1000 + 50 + 60 * n, origin_y + 100
        side = record["footprint_m2"] ** 0.5
        attrs = {key: value for key, value in record.items() if value is not None}
        attrs.update(source="PATROL", category="BUILD", version=1)
        violations.append((MultiPolygon([box(x, y, x + side, y + side)]), attrs))
    return {"villages": villages, "violations": violations}
