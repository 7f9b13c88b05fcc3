"""The completeness verdict of a patch's evidence photos: count, time, direction, position, after HSX, distance."""

import datetime
from dataclasses import replace

import pytest
from shapely.geometry import box

from lianwei.core import evidence_verdict as ev
from lianwei.core.gauss_kruger import Zone, forward, inverse

ZONE = Zone(36)
PATCH = box(536000, 2533000, 536040, 2533030)


def lonlat(easting, northing):
    lon, lat = inverse(easting, northing, ZONE)
    return float(lon), float(lat)


def photo(name="IMG_1.jpg", easting=536020.0, northing=2532980.0, taken="2024-05-02T10:00:00", direction=15.0):
    lon, lat = lonlat(easting, northing) if easting is not None else (None, None)
    when = datetime.datetime.fromisoformat(taken) if taken else None
    return ev.Photo(name, when, lon, lat, direction)


def four_good():
    return [
        replace(photo("远景_东.jpg"), direction=90.0, note="远景"),
        replace(photo("远景_北.jpg", northing=2533080.0), direction=180.0, note="远景"),
        replace(photo("IMG_3.jpg", easting=536010, northing=2533010), direction=45.0, note="近景"),
        replace(photo("IMG_4.jpg", easting=536030, northing=2533020), direction=225.0, note="局部"),
    ]


def templates(notes):
    return [n.template for n in notes]


def test_four_good_photos_are_complete():
    verdict = ev.evidence_verdict(four_good(), PATCH, "2024-04-20", ZONE, require_views=True)
    assert verdict.complete and verdict.label == "完整" and verdict.usable == 4 and verdict.reasons == []
    assert verdict.checks[0].distance_m == pytest.approx(20.0, abs=0.01)
    assert verdict.checks[2].distance_m == 0.0  # taken inside the patch


def test_each_missing_requirement_names_the_photo():
    photos = four_good()[:3] + [photo("IMG_9.jpg", easting=None, taken=None, direction=None)]
    verdict = ev.evidence_verdict(photos, PATCH, "2024-04-20", ZONE)
    assert not verdict.complete and verdict.label == "不完整" and verdict.usable == 3
    bad = verdict.checks[3]
    assert templates(bad.notes) == [ev.NO_TIME, ev.NO_DIRECTION, ev.NO_POSITION]
    assert bad.notes[0].values == {"photo": "IMG_9.jpg"} and bad.notes[0].where == "IMG_9.jpg"
    assert verdict.notes[0].template == ev.TOO_FEW
    assert verdict.notes[0].values == {"usable": 3, "photos": 4, "required": 4}
    assert len(verdict.reasons) == 4


def test_taken_before_hsx_too_far_and_in_the_future():
    photos = [
        photo("old.jpg", taken="2024-04-19T18:00:00"),
        photo("far.jpg", northing=2532850.0),
        photo("future.jpg", taken="2025-01-01T08:00:00"),
        photo("same_day.jpg", taken="2024-04-20T07:00:00"),
    ]
    verdict = ev.evidence_verdict(photos, PATCH, "2024-04-20", ZONE, today=datetime.date(2024, 9, 1))
    old, far, future, same_day = verdict.checks
    assert old.notes[0].template == ev.BEFORE_AFTER_IMAGE
    assert old.notes[0].text() == "Photo old.jpg: taken on 2024-04-19, before the after-image date 2024-04-20 (HSX)"
    assert far.notes[0].template == ev.TOO_FAR and far.distance_m == pytest.approx(150.0, abs=0.01)
    assert "150 m" in far.notes[0].text()
    assert future.notes[0].template == ev.IN_FUTURE
    assert same_day.ok  # the day of the image counts as after it
    wider = ev.evidence_verdict(photos[1:2], PATCH, "2024-04-20", ZONE, min_photos=1, max_distance_m=200)
    assert wider.complete


def test_patch_without_hsx_or_outline_is_incomplete_and_says_why():
    verdict = ev.evidence_verdict(four_good(), None, None, ZONE)
    assert not verdict.complete and templates(verdict.notes) == [ev.NO_AFTER_DATE, ev.NO_OUTLINE]
    assert verdict.usable == 4  # each photo itself is fine


def test_office_settings_and_views():
    photos = [p for p in four_good() if p.note == "远景"]
    verdict = ev.evidence_verdict(photos, PATCH, "2024-04-20", ZONE, min_photos=2, require_views=True)
    assert templates(verdict.notes) == [ev.NO_CLOSE]
    assert ev.evidence_verdict(photos, PATCH, "2024-04-20", ZONE, min_photos=2).complete


def test_documents_and_videos_do_not_count_as_photos():
    files = four_good() + [ev.Photo("核查表.pdf"), ev.Photo("航拍.mp4")]
    verdict = ev.evidence_verdict(files, PATCH, "2024-04-20", ZONE)
    assert verdict.photos == 4 and verdict.complete


def test_from_evidence_rows_and_from_exif():
    row = {
        "file_path": "清溪镇_取证材料/C1/IMG_1.jpg",
        "taken_at": "2024-05-02T10:00:00",
        "longitude": "108.36",
        "latitude": 22.9,
        "direction": 30,
        "note": "近景",
    }
    p = ev.Photo.from_evidence(row)
    assert p.taken_at == datetime.datetime(2024, 5, 2, 10) and p.longitude == 108.36 and p.name == "IMG_1.jpg"
    assert ev.Photo.from_evidence({"file_path": "a.jpg", "taken_at": "garbage", "direction": "x"}).taken_at is None
    from lianwei.core.exif import PhotoExif

    info = PhotoExif(datetime.datetime(2024, 5, 2, 10), 22.9, 108.36, 30.0, "T")
    assert ev.Photo.from_exif("a.jpg", info).direction == 30.0


def test_a_real_phone_photo_read_from_its_exif():
    pytest.importorskip("PIL")
    from exif_jpeg import patrol_photo

    from lianwei.core.exif import read_exif

    easting, northing = (float(v) for v in forward(108.3612, 22.8954, ZONE))
    patch = box(easting - 10, northing - 10, easting + 10, northing + 10)
    data = patrol_photo(taken="2024:05:18 09:41:27", latitude=22.8954, longitude=108.3612)
    photos = [ev.Photo.from_exif(f"IMG_{k}.jpg", read_exif(data)) for k in range(4)]
    verdict = ev.evidence_verdict(photos, patch, "2024-05-01", ZONE)
    assert verdict.complete and verdict.checks[0].distance_m < 1.0
