"""Gauss-Krüger (transverse Mercator, scale 1 on the central meridian) on the CGCS2000 ellipsoid.

Krüger's series in n to sixth order (C. F. F. Karney, "Transverse Mercator with an accuracy of a few nanometers",
J. Geodesy 85, 2011): within a 3° zone forward and inverse agree with PROJ to well under a millimetre. Plain
numpy, so core/ can place data in its zone and compute areas without QGIS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

# The CGCS2000 ellipsoid: semi-major axis and inverse flattening.
CGCS2000_A = 6378137.0
CGCS2000_INVERSE_F = 298.257222101
FALSE_EASTING = 500000.0
# The CGCS2000 Gauss-Krüger zones that cover China (75°E–135°E): 3° zones 25–45 (EPSG:4513–4533 with the zone
# number in the easting, 4534–4554 without) and 6° zones 13–23 (EPSG:4491–4501 with, 4502–4512 without). The two
# ranges do not overlap, so an easting's prefix names one zone; any other prefix is no zone (a northing given as X
# reads as "2" to "5", a typing error as anything).
THREE_DEGREE_ZONES = range(25, 46)
SIX_DEGREE_ZONES = range(13, 24)


@dataclass(frozen=True)
class Zone:
    """A CGCS2000 Gauss-Krüger zone, 3° wide unless ``width`` is 6. ``prefixed``: the easting carries the zone
    number (36xxxxxx). Areas are always computed in a 3° zone; 6° zones are only ever a CRS the data come in."""

    number: int
    prefixed: bool = False
    width: int = 3

    @property
    def central_meridian(self) -> float:
        return 3.0 * self.number if self.width == 3 else 6.0 * self.number - 3.0

    @property
    def false_easting(self) -> float:
        return FALSE_EASTING + (self.number * 1_000_000.0 if self.prefixed else 0.0)

    @property
    def epsg(self) -> int:
        """3° zones 25–45: EPSG:4513–4533 with the zone prefix, 4534–4554 without; 6° zones 13–23: EPSG:4491–4501
        with, 4502–4512 without (75°E–135°E)."""
        if self.width == 6:
            return (4491 if self.prefixed else 4502) + self.number - 13
        return (4513 if self.prefixed else 4534) + self.number - 25

    def with_prefix(self, prefixed: bool) -> "Zone":
        return Zone(self.number, prefixed, self.width)

    def describe(self) -> str:
        prefix = "，坐标带带号" if self.prefixed else ""
        return (
            f"2000国家大地坐标系 高斯-克吕格投影 {self.width}度带 第{self.number}带 "
            f"中央经线{self.central_meridian:g}°{prefix}"
        )


def zone_for_longitude(longitude: float) -> Zone:
    """The 3° zone whose central meridian is nearest: n = floor((lon + 1.5) / 3)."""
    return Zone(int(math.floor((longitude + 1.5) / 3.0)))


def zone_for_epsg(epsg: int) -> Optional[Zone]:
    """The 3° zone of a CGCS2000 3° Gauss-Krüger EPSG code (the zones areas are computed in), else None."""
    if 4513 <= epsg <= 4533:
        return Zone(epsg - 4513 + 25, prefixed=True)
    if 4534 <= epsg <= 4554:
        return Zone(epsg - 4534 + 25)
    return None


def any_zone_for_epsg(epsg: int) -> Optional[Zone]:
    """The 3° or 6° zone of a CGCS2000 Gauss-Krüger EPSG code, else None."""
    if 4491 <= epsg <= 4501:
        return Zone(epsg - 4491 + 13, prefixed=True, width=6)
    if 4502 <= epsg <= 4512:
        return Zone(epsg - 4502 + 13, width=6)
    return zone_for_epsg(epsg)


def prefix_of(easting: float) -> Optional[int]:
    """The millions of an easting of 10⁶ or more (36 for 36,536,000), else None."""
    return int(easting // 1_000_000.0) if easting >= 1_000_000.0 else None


def zone_for_prefix(prefix: Optional[int]) -> Optional[Zone]:
    """The prefixed zone an easting's millions name: 3° for 25–45, 6° for 13–23; None for anything else."""
    if prefix in THREE_DEGREE_ZONES:
        return Zone(prefix, prefixed=True)
    if prefix in SIX_DEGREE_ZONES:
        return Zone(prefix, prefixed=True, width=6)
    return None


def zone_from_easting(easting: float) -> Optional[Zone]:
    """The 3° zone an easting's millions name (36,536,000 is zone 36), or None: below 10⁶ there is no prefix, and
    a prefix outside 25–45 is no 3° zone of China (a northing of 2,533,000 given as X is not "zone 2")."""
    zone = zone_for_prefix(prefix_of(easting))
    return zone if zone is not None and zone.width == 3 else None


def _series(f: float):
    n = f / (2 - f)
    n2, n3, n4, n5, n6 = n**2, n**3, n**4, n**5, n**6
    radius = CGCS2000_A / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256)
    alpha = (
        n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
        13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
        61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
        49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
        34729 * n5 / 80640 - 3418889 * n6 / 1995840,
        212378941 * n6 / 319334400,
    )
    beta = (
        n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800,
        n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720,
        17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
        4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600,
        4583 * n5 / 161280 - 108847 * n6 / 3991680,
        20648693 * n6 / 638668800,
    )
    eccentricity = math.sqrt(f * (2 - f))
    return radius, alpha, beta, eccentricity


_RADIUS, _ALPHA, _BETA, _E = _series(1.0 / CGCS2000_INVERSE_F)


def _conformal_tau(tau: np.ndarray) -> np.ndarray:
    sigma = np.sinh(_E * np.arctanh(_E * tau / np.sqrt(1 + tau**2)))
    return tau * np.sqrt(1 + sigma**2) - sigma * np.sqrt(1 + tau**2)


def forward(lon, lat, zone: Zone) -> Tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (degrees) to eastings and northings (metres) in ``zone``."""
    lam = np.radians(np.asarray(lon, dtype=float) - zone.central_meridian)
    tau = np.tan(np.radians(np.asarray(lat, dtype=float)))
    tau_prime = _conformal_tau(tau)
    xi_prime = np.arctan2(tau_prime, np.cos(lam))
    eta_prime = np.arcsinh(np.sin(lam) / np.sqrt(tau_prime**2 + np.cos(lam) ** 2))
    xi, eta = xi_prime.copy(), eta_prime.copy()
    for j, a in enumerate(_ALPHA, start=1):
        xi += a * np.sin(2 * j * xi_prime) * np.cosh(2 * j * eta_prime)
        eta += a * np.cos(2 * j * xi_prime) * np.sinh(2 * j * eta_prime)
    return _RADIUS * eta + zone.false_easting, _RADIUS * xi


def inverse(easting, northing, zone: Zone) -> Tuple[np.ndarray, np.ndarray]:
    """Eastings and northings (metres) in ``zone`` to longitudes and latitudes (degrees)."""
    xi = np.asarray(northing, dtype=float) / _RADIUS
    eta = (np.asarray(easting, dtype=float) - zone.false_easting) / _RADIUS
    xi_prime, eta_prime = xi.copy(), eta.copy()
    for j, b in enumerate(_BETA, start=1):
        xi_prime -= b * np.sin(2 * j * xi) * np.cosh(2 * j * eta)
        eta_prime -= b * np.cos(2 * j * xi) * np.sinh(2 * j * eta)
    sinh_eta, cos_xi = np.sinh(eta_prime), np.cos(xi_prime)
    tau_prime = np.sin(xi_prime) / np.sqrt(sinh_eta**2 + cos_xi**2)
    lam = np.arctan2(sinh_eta, cos_xi)
    tau = tau_prime.copy()
    one_minus_e2 = 1 - _E**2
    for _ in range(5):  # Newton; converges to machine precision in 2-3 steps
        value = _conformal_tau(tau)
        tau += (
            (tau_prime - value)
            / np.sqrt(1 + value**2)
            * (1 + one_minus_e2 * tau**2)
            / (one_minus_e2 * np.sqrt(1 + tau**2))
        )
    return np.degrees(lam) + zone.central_meridian, np.degrees(np.arctan(tau))
