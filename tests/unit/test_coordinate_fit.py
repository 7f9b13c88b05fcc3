"""core.coordinate_fit: which coordinates fit their CRS, which are fixed for certain, which are refused and why.

Real places: a village near Xi'an (108.4°E–108.5°E, 34.2°N–34.3°N; 3° zone 36, CM 108°E) and the sample township
near Nanning (108.36°E, 22.9°N; also zone 36, the ledger's EPSG:4545).
"""

import math

import pytest

from lianwei.core import coordinate_fit as cf
from lianwei.core import gauss_kruger
from lianwei.core.coordinate_fit import FITS, FIXED, GEOGRAPHIC, MISSING, PROJECTED, REFUSED, Declared, fit_coordinates
from lianwei.core.gauss_kruger import Zone

# Zone 36 eastings/northings of the Xi'an village: (108.4°E, 34.2°N) to (108.5°E, 34.3°N).
XIAN = (536_924.0, 3_785_850.0, 546_084.0, 3_797_011.0)
XIAN_PREFIXED = (36_536_924.0, 3_785_850.0, 36_546_084.0, 3_797_011.0)
XIAN_SWAPPED = (3_785_850.0, 536_924.0, 3_797_011.0, 546_084.0)
XIAN_SWAPPED_PREFIXED = (3_785_850.0, 36_536_924.0, 3_797_011.0, 36_546_084.0)
XIAN_DEGREES = (108.4, 34.2, 108.5, 34.3)
# The sample township's villages, in degrees.
TOWNSHIP = (108.33, 22.87, 108.40, 22.93)
NANNING = (530_000.0, 2_528_000.0, 542_000.0, 2_538_000.0)

CM108 = Declared(PROJECTED, Zone(36), name="EPSG:4545")
ZONE36 = Declared(PROJECTED, Zone(36, prefixed=True), name="EPSG:4524")
CGCS2000 = Declared(GEOGRAPHIC, name="EPSG:4490")
NONE = Declared(MISSING)


def notes(fit):
    return [template for template, _ in fit.notes]


def test_a_prefix_outside_the_zones_of_china_is_no_zone():
    # A northing given as X was "zone 2" or "zone 3", i.e. EPSG:4490 or no CRS at all: every geometry lost.
    assert gauss_kruger.zone_from_easting(2_533_000.0) is None
    assert gauss_kruger.zone_from_easting(3_785_850.0) is None
    assert gauss_kruger.zone_from_easting(99_536_000.0) is None
    assert gauss_kruger.zone_from_easting(24_500_000.0) is None and gauss_kruger.zone_from_easting(46_500_000.0) is None
    assert gauss_kruger.zone_from_easting(25_500_000.0) == Zone(25, True)
    assert gauss_kruger.zone_from_easting(45_500_000.0) == Zone(45, True)
    # 13–23 are 6° zones: never an area zone, but a zone the data may come in.
    assert gauss_kruger.zone_from_easting(18_461_444.0) is None
    assert gauss_kruger.zone_for_prefix(18) == Zone(18, True, 6) and gauss_kruger.zone_for_prefix(12) is None


def test_six_degree_zones():
    assert Zone(18, width=6).central_meridian == 105 and Zone(13, width=6).central_meridian == 75
    assert Zone(13, True, 6).epsg == 4491 and Zone(23, True, 6).epsg == 4501
    assert Zone(13, width=6).epsg == 4502 and Zone(23, width=6).epsg == 4512
    assert gauss_kruger.any_zone_for_epsg(4496) == Zone(18, True, 6) and gauss_kruger.zone_for_epsg(4496) is None
    assert gauss_kruger.any_zone_for_epsg(4545) == Zone(36)
    assert "6度带 第18带 中央经线105°" in Zone(18, width=6).describe()
    # The same point in the 6° zone 18 and the 3° zone 35 (both CM 105°E): the same easting and northing.
    assert gauss_kruger.forward(104.6, 30.1, Zone(18, width=6)) == gauss_kruger.forward(104.6, 30.1, Zone(35))


def test_coordinates_that_fit():
    fit = fit_coordinates(CM108, XIAN)
    assert fit.status == FITS and fit.epsg is None and not fit.swap and fit.notes == []
    assert fit.lonlat == pytest.approx(XIAN_DEGREES, abs=2e-3)
    assert fit_coordinates(ZONE36, XIAN_PREFIXED).status == FITS
    assert fit_coordinates(CGCS2000, XIAN_DEGREES).status == FITS
    assert fit_coordinates(CM108, NANNING, TOWNSHIP).status == FITS
    assert fit_coordinates(CM108, None).status == FITS  # an empty layer: nothing to read
    assert fit_coordinates(CM108, (math.nan,) * 4).status == FITS  # NaN: for the rows' own check to name


def test_prefixed_eastings_under_the_crs_without_prefix_are_read_in_the_prefixed_zone():
    fit = fit_coordinates(CM108, XIAN_PREFIXED)
    assert fit.status == FIXED and fit.epsg == 4524 and not fit.swap
    assert fit.notes == [(cf.NOTE_PREFIX_NOT_IN_CRS, {"zone": 36, "epsg": 4524})]
    fit = fit_coordinates(ZONE36, XIAN)
    assert fit.status == FIXED and fit.epsg == 4545 and notes(fit) == [cf.NOTE_PREFIX_MISSING]


def test_swapped_x_and_y():
    fit = fit_coordinates(CM108, XIAN_SWAPPED)
    assert fit.status == FIXED and fit.swap and fit.epsg is None
    assert fit.notes == [(cf.NOTE_SWAPPED, {"crs": "EPSG:4545"})]
    assert fit.lonlat == pytest.approx(XIAN_DEGREES, abs=2e-3)
    # The zone number is read from Y's prefix.
    fit = fit_coordinates(CM108, XIAN_SWAPPED_PREFIXED)
    assert fit.status == FIXED and fit.swap and fit.epsg == 4524
    assert fit.notes == [(cf.NOTE_SWAPPED, {"crs": "EPSG:4524"})]
    fit = fit_coordinates(NONE, XIAN_SWAPPED_PREFIXED)
    assert fit.status == FIXED and fit.swap and fit.epsg == 4524
    assert notes(fit) == [cf.NOTE_MISSING_PREFIXED, cf.NOTE_SWAPPED]


def test_swapped_without_a_zone_to_read_them_in_is_refused():
    fit = fit_coordinates(NONE, XIAN_SWAPPED)
    assert fit.status == REFUSED and notes(fit) == [cf.NOTE_SWAPPED_ZONE_UNKNOWN]
    assert notes(fit_coordinates(CGCS2000, XIAN_SWAPPED)) == [cf.NOTE_SWAPPED_ZONE_UNKNOWN]


def test_degrees_under_a_projected_crs():
    fit = fit_coordinates(CM108, XIAN_DEGREES)
    assert fit.status == FIXED and fit.epsg == 4490 and not fit.swap and notes(fit) == [cf.NOTE_DEGREES_READ]
    latlon = (34.2, 108.4, 34.3, 108.5)
    fit = fit_coordinates(CM108, latlon)
    assert fit.status == FIXED and fit.epsg == 4490 and fit.swap
    assert fit.notes == [(cf.NOTE_SWAPPED_DEGREES, {"crs": "EPSG:4490"})]
    fit = fit_coordinates(CGCS2000, latlon)
    assert fit.status == FIXED and fit.epsg is None and fit.swap
    fit = fit_coordinates(NONE, XIAN_DEGREES)
    assert fit.epsg == 4490 and notes(fit) == [cf.NOTE_MISSING_DEGREES]
    xian80 = Declared(PROJECTED, Zone(36, True), datum=cf.XIAN80, name="Xian 1980 / 3-degree Gauss-Kruger zone 36")
    assert notes(fit_coordinates(xian80, XIAN_DEGREES)) == [cf.NOTE_DEGREES_IN_PROJECTED]


def test_prefixes_that_are_no_zone_are_refused():
    fit = fit_coordinates(CM108, (2_533_000.0, 2_528_000.0, 2_536_000.0, 2_538_000.0))
    assert fit.status == REFUSED and fit.notes == [(cf.NOTE_NOT_A_ZONE, {"prefix": 2})]
    fit = fit_coordinates(CM108, (99_536_924.0, 3_785_850.0, 99_546_084.0, 3_797_011.0))
    assert fit.status == REFUSED and fit.notes == [(cf.NOTE_NOT_A_ZONE, {"prefix": 99})]
    fit = fit_coordinates(NONE, (2_533_000.0, 2_528_000.0, 2_536_000.0, 2_538_000.0))
    assert fit.notes == [(cf.NOTE_NOT_A_ZONE, {"prefix": 2})]


def test_a_prefix_of_another_zone_is_refused_with_the_crs_to_set():
    fit = fit_coordinates(CM108, (37_469_220.0, 2_533_494.0, 37_470_220.0, 2_534_494.0))
    assert fit.status == REFUSED
    assert fit.notes == [(cf.NOTE_OTHER_ZONE, {"zone": 37, "meridian": "108", "epsg": 4525})]


def test_six_degree_zones_fit_and_are_fixed_by_their_central_meridian():
    chengdu = (461_444.0, 3_331_266.0, 462_444.0, 3_332_266.0)  # 104.6°E 30.1°N
    cm105 = Declared(PROJECTED, Zone(18, width=6), name="EPSG:4507")
    assert fit_coordinates(cm105, chengdu).status == FITS
    fit = fit_coordinates(cm105, tuple(v + (18e6 if k % 2 == 0 else 0) for k, v in enumerate(chengdu)))
    assert fit.status == FIXED and fit.epsg == 4496  # CGCS2000 / Gauss-Kruger zone 18
    fit = fit_coordinates(cm105, tuple(v + (35e6 if k % 2 == 0 else 0) for k, v in enumerate(chengdu)))
    assert fit.status == FIXED and fit.epsg == 4523  # the 3° zone 35 has the same central meridian
    fit = fit_coordinates(CM108, tuple(v + (18e6 if k % 2 == 0 else 0) for k, v in enumerate(chengdu)))
    assert fit.status == REFUSED and fit.notes[0][1]["epsg"] == 4496


def test_values_that_fit_nothing():
    fit = fit_coordinates(CM108, (120.0, 120.0, 170.0, 170.0))
    assert fit.status == REFUSED and fit.notes == [(cf.NOTE_OUTSIDE, {"x": "120 – 170", "y": "120 – 170"})]
    fit = fit_coordinates(CM108, (536_924.0, 2_533_000.0, 2_546_084.0, 3_797_011.0))
    assert fit.notes == [(cf.NOTE_MIXED, {"first": "536,924", "last": "2,546,084"})]
    assert notes(fit_coordinates(NONE, NANNING)) == [cf.NOTE_MISSING]
    assert notes(fit_coordinates(CGCS2000, NANNING)) == [cf.NOTE_NOT_DEGREES]
    fit = fit_coordinates(CGCS2000, XIAN_PREFIXED)  # metres with the zone number under a geographic CRS
    assert fit.status == FIXED and fit.epsg == 4524 and notes(fit) == [cf.NOTE_GEOGRAPHIC_PREFIXED]


def test_other_projected_crs_are_placed_by_qgis():
    mercator = Declared(PROJECTED, name="EPSG:3857", lonlat=(108.33, 22.87, 108.40, 22.93))
    assert fit_coordinates(mercator, (12_059_000.0, 2_617_000.0, 12_067_000.0, 2_624_000.0)).status == FITS
    lost = Declared(PROJECTED, name="EPSG:3857", lonlat=(0.3, 0.2, 0.4, 0.3))
    fit = fit_coordinates(lost, (36_536_924.0, 3_785_850.0, 36_546_084.0, 3_797_011.0))
    assert fit.status == REFUSED and notes(fit) == [cf.NOTE_NOT_IN_CRS_ZONE] and fit.notes[0][1]["epsg"] == 4524
    assert notes(fit_coordinates(lost, (30_000.0, 20_000.0, 40_000.0, 30_000.0))) == [cf.NOTE_NOT_IN_CRS]


def test_old_datums_are_never_relabelled_as_cgcs2000():
    xian80_cm = Declared(PROJECTED, Zone(36), datum=cf.XIAN80, name="EPSG:2376")
    fit = fit_coordinates(xian80_cm, XIAN_PREFIXED)
    assert fit.status == REFUSED and fit.notes == [(cf.NOTE_PREFIX_OLD_DATUM, {"datum": cf.XIAN80, "zone": 36})]
    fit = fit_coordinates(xian80_cm, XIAN_SWAPPED)  # a swap keeps the datum
    assert fit.status == FIXED and fit.swap and fit.epsg is None


def test_data_far_from_the_township_are_refused():
    fit = fit_coordinates(CM108, XIAN, TOWNSHIP)  # Xi'an is 1,250 km from Nanning
    assert fit.status == REFUSED and notes(fit) == [cf.NOTE_FAR] and int(fit.notes[0][1]["distance"]) > 1000
    # Zone 37 eastings under zone 36: they land 240 km west; in EPSG:4546 they lie in the township.
    zone37 = (469_220.0 - 2000, 2_533_494.0 - 2000, 469_220.0 + 2000, 2_533_494.0 + 2000)
    township = (110.6, 22.8, 110.8, 23.0)
    fit = fit_coordinates(CM108, zone37, township)
    assert fit.status == REFUSED and notes(fit) == [cf.NOTE_FAR_ZONE]
    assert fit.notes[0][1]["epsg"] == 4546 and fit.notes[0][1]["crs"] == "EPSG:4545"
    assert fit_coordinates(CM108, zone37, township, max_km=500).status == FITS


def test_readings_that_fit_both_ways_need_the_township():
    # In the South China Sea eastings and northings have the same size: as they are, 112.9°E 6.9°N; swapped,
    # 116.3°E 3.5°N.
    both = (380_000.0, 750_000.0, 390_000.0, 760_000.0)
    cm114 = Declared(PROJECTED, Zone(38), name="EPSG:4547")
    assert notes(fit_coordinates(cm114, both)) == [cf.NOTE_AMBIGUOUS]
    as_they_are = fit_coordinates(cm114, both, (112.8, 6.7, 113.0, 7.0))
    assert as_they_are.status == FITS and not as_they_are.swap
    swapped = fit_coordinates(cm114, both, (116.2, 3.3, 116.4, 3.6))
    assert swapped.status == FIXED and swapped.swap and swapped.epsg is None


def test_a_sample_is_checked_with_the_extent():
    fit = fit_coordinates(CM108, XIAN, sample=[(541_000.0, 3_790_000.0)])
    assert fit.status == FITS
    assert fit_coordinates(CM108, XIAN, sample=[(3_790_000.0, 541_000.0)]).status == REFUSED


def test_box_distance():
    assert cf.box_distance_km(TOWNSHIP, TOWNSHIP) == 0
    assert cf.box_distance_km((108.0, 23.0, 108.0, 23.0), (109.0, 23.0, 109.0, 23.0)) == pytest.approx(102.5, abs=0.5)
