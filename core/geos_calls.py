"""The few GEOS C functions the shapely 1.8 path of ``core.spatial`` calls per geometry or pair, through ctypes."""

from __future__ import annotations

from typing import Tuple

import numpy as np


class DirectGeos:
    """The few GEOS C functions the shapely 1.8 path calls per pair, called straight through ctypes.

    shapely 1.8 wraps each call in several Python layers (validation, is_empty, geometry factories) that cost
    ten times the GEOS work for the small polygons of a township. Own function objects (a second CDLL on the same
    library), so shapely's prototypes stay untouched; shapely's own GEOS context handle.
    """

    def __init__(self):
        import ctypes

        from shapely import geos

        lib = ctypes.CDLL(geos._lgeos._name)
        self.handle = ctypes.c_void_p(geos.lgeos.geos_handle)
        pointer, double = ctypes.c_void_p, ctypes.POINTER(ctypes.c_double)
        self.value = ctypes.c_double()
        self.ref = ctypes.byref(self.value)

        def function(name, restype, *argtypes):
            f = getattr(lib, name)
            f.restype, f.argtypes = restype, [pointer, *argtypes]
            return f

        self.contains = function("GEOSContains_r", ctypes.c_byte, pointer, pointer)
        self.intersects = function("GEOSIntersects_r", ctypes.c_byte, pointer, pointer)
        self.prepared_contains = function("GEOSPreparedContains_r", ctypes.c_byte, pointer, pointer)
        self.prepared_intersects = function("GEOSPreparedIntersects_r", ctypes.c_byte, pointer, pointer)
        self.prepare = function("GEOSPrepare_r", pointer, pointer)
        self.destroy_prepared = function("GEOSPreparedGeom_destroy_r", None, pointer)
        self.intersection = function("GEOSIntersection_r", pointer, pointer, pointer)
        self.area = function("GEOSArea_r", ctypes.c_int, pointer, double)
        self.destroy = function("GEOSGeom_destroy_r", None, pointer)
        self.is_empty = function("GEOSisEmpty_r", ctypes.c_byte, pointer)
        self.extent = [
            function(f"GEOSGeom_get{n}_r", ctypes.c_int, pointer, double) for n in ("XMin", "YMin", "XMax", "YMax")
        ]
        self.from_wkb_buffer = function("GEOSGeomFromWKB_buf_r", pointer, ctypes.c_char_p, ctypes.c_size_t)
        self.type_id = function("GEOSGeomTypeId_r", ctypes.c_int, pointer)
        self.has_z = function("GEOSHasZ_r", ctypes.c_byte, pointer)
        from shapely import geometry as kinds
        from shapely.geometry.base import GEOMETRY_TYPES

        self.kinds = [getattr(kinds, name) for name in GEOMETRY_TYPES]
        self.setattr = object.__setattr__
        self.is_valid = function("GEOSisValid_r", ctypes.c_byte, pointer)
        self.size = ctypes.c_size_t()
        self.wkb_writer = function("GEOSWKBWriter_create_r", pointer)(self.handle)  # 2-D, this machine's order
        self.write_wkb = function("GEOSWKBWriter_write_r", pointer, pointer, pointer, ctypes.POINTER(ctypes.c_size_t))
        self.free = function("GEOSFree_r", None, pointer)
        self.string_at = ctypes.string_at

    def state(self, g) -> str:
        """ "empty", "valid" or "other" (invalid, or GEOS could not tell) for a GEOS geometry pointer."""
        if self.is_empty(self.handle, g):
            return "empty"
        return "valid" if self.is_valid(self.handle, g) == 1 else "other"

    def to_wkb(self, geometry) -> bytes:
        """2-D WKB of a shapely 1.8 geometry (its x and y as they are; Z and M left out)."""
        data = self.write_wkb(self.handle, self.wkb_writer, geometry._geom, self.size)
        if not data:
            raise ValueError("GEOS could not write WKB")
        try:
            return self.string_at(data, self.size.value)
        finally:
            self.free(self.handle, data)

    def area_of(self, geometry) -> float:
        self.area(self.handle, geometry._geom, self.ref)
        return self.value.value

    def from_wkb(self, data: bytes):
        """A shapely 1.8 geometry read from WKB, built as shapely's own ``geom_factory`` builds it (same class,
        same attributes, GEOS geometry owned by it), without its Python layers: reading 10⁵ parcels through
        ``shapely.wkb.loads`` cost more than checking them."""
        g = self.from_wkb_buffer(self.handle, data, len(data))
        if not g:
            raise ValueError("Could not read a geometry from WKB")
        kind = self.kinds[self.type_id(self.handle, g)]
        shape = kind.__new__(kind)
        put = self.setattr
        put(shape, "__geom__", g)
        put(shape, "_is_empty", False)
        put(shape, "_ndim", 3 if self.has_z(self.handle, g) else 2)
        return shape

    def bounds(self, geometry) -> Tuple[float, float, float, float]:
        g = geometry._geom
        if not g or self.is_empty(self.handle, g):
            return (np.nan,) * 4
        box = []
        for get in self.extent:
            get(self.handle, g, self.ref)
            box.append(self.value.value)
        return tuple(box)

    def intersection_area(self, a, b) -> float:
        """Area of a ∩ b (pointers); raises ValueError when GEOS cannot compute it (invalid input)."""
        product = self.intersection(self.handle, a, b)
        if not product:
            raise ValueError("GEOS intersection failed")
        try:
            self.area(self.handle, product, self.ref)
            return self.value.value
        finally:
            self.destroy(self.handle, product)
