"""Write the patch files of the awkward-input corpus (issue 15, point 7) into patches/; each is under a kilobyte.

    /usr/bin/python3 tests/data/bad/make_bad_patches.py

The patches lie in the sample township (CGCS2000 longitude/latitude around 108.34°E 22.89°N), so that only what
is wrong with each file refuses it.
"""

from __future__ import annotations

import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "patches")


def square(k: int, size: float = 0.0001):
    x, y = 108.3440 + 0.0004 * k, 22.8930
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def feature(k: int, **properties):
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": square(k)}}


def geojson(name: str, features) -> None:
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False, indent=1)


def csv(name: str, lines, encoding: str = "gbk") -> None:
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as handle:
        handle.write("\r\n".join(lines) + "\r\n")


def wkt(k: int) -> str:
    return "POLYGON((" + ", ".join(f"{x:.6f} {y:.6f}" for x, y in square(k)[0]) + "))"


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    base = {"TBLX": "建（构）筑物", "QSX": "2024-01-05", "HSX": "2024-04-20", "TBMJ": 120.5}
    geojson(
        "duplicate_numbers.geojson",
        [feature(0, JCBH="BAD-1", **base), feature(1, JCBH="BAD-1", **dict(base, TBLX="硬化"))],
    )
    geojson("no_number.geojson", [feature(0, JCBH="BAD-2", **base), feature(1, JCBH="", TBBH="", **base)])
    geojson("negative_area.geojson", [feature(0, JCBH="BAD-3", **dict(base, TBMJ=-12.0))])
    geojson(
        "point_patch.geojson",
        [dict(feature(0, JCBH="BAD-4", **base), geometry={"type": "Point", "coordinates": [108.344, 22.893]})],
    )
    # Dates as Chinese forms write them: the first two are read, the third is no date at all.
    csv(
        "dates_as_text_gbk.csv",
        [
            "监测编号,图斑类型,前时相,后时相,图斑面积,WKT",
            f'BAD-5,硬化,二〇二四年一月五日,2024年4月20日,100,"{wkt(0)}"',
            f'BAD-6,硬化,2024.1.5,2024/4/20,100,"{wkt(1)}"',
            f'BAD-7,硬化,2024年1月,去年秋天,100,"{wkt(2)}"',
        ],
    )
    csv("broken_wkt_gbk.csv", ["监测编号,图斑面积,WKT", 'BAD-8,100,"POLYGON((108.344 22.893, 108.3441"'])


if __name__ == "__main__":
    main()
