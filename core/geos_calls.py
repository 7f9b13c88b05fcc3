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
        self.lean = _lean_classes(self, kinds)
        self.is_valid = function("GEOSisValid_r", ctypes.c_byte, pointer)
        self.size = ctypes.c_size_t()
        self.wkb_writer = function("GEOSWKBWriter_create_r", pointer)(self.handle)  # 2-D, this machine's order
        self.write_wkb = function("GEOSWKBWriter_write_r", pointer, pointer, pointer, ctypes.POINTER(ctypes.c_size_t))
        self.free = function("GEOSFree_r", None, pointer)
        self.string_at = ctypes.string_at
        # Each thread measuring intersections has its own GEOS context (a context is not shared between threads).
        self.init_context = lib.GEOS_init_r
        self.init_context.restype, self.init_context.argtypes = pointer, []
        self.finish_context = lib.GEOS_finish_r
        self.finish_context.restype, self.finish_context.argtypes = None, [pointer]
        self.c_double, self.byref = ctypes.c_double, ctypes.byref
        try:  # GEOS 3.11: the four bounds in one call
            self.get_extent = function("GEOSGeom_getExtent_r", ctypes.c_int, pointer, double, double, double, double)
            self.box = [ctypes.c_double() for _ in range(4)]
            self.box_refs = [ctypes.byref(v) for v in self.box]
        except AttributeError:
            self.get_extent = None

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
        ``shapely.wkb.loads`` cost more than checking them. A 2-D geometry gets its class from the WKB header
        (see ``_lean_classes``)."""
        g = self.from_wkb_buffer(self.handle, data, len(data))
        if not g:
            raise ValueError("Could not read a geometry from WKB")
        lean = self.lean.get(data[:5])
        if lean is not None:
            shape = lean.__new__(lean)
            self.setattr(shape, "__geom__", g)
            return shape
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
        if self.get_extent is not None:
            self.get_extent(self.handle, g, *self.box_refs)
            x0, y0, x1, y1 = self.box
            return x0.value, y0.value, x1.value, y1.value
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

    def settle(self, pointers) -> None:
        """Have GEOS compute what it caches on first use (a geometry's envelope, in GEOS before 3.12) before several
        threads read the same geometries: from then on they only read them."""
        get = self.extent[0]
        for g in set(pointers):
            get(self.handle, g, self.ref)

    def intersection_areas(self, left, right) -> list:
        """Areas of left[k] ∩ right[k] (GEOS pointers), NaN where GEOS cannot compute one (invalid input).

        Meant to run in a worker thread: its own GEOS context, and ctypes lets go of Python's lock in every call."""
        handle = self.init_context()
        if not handle:
            raise MemoryError("GEOS could not start a context")
        value = self.c_double()
        ref = self.byref(value)
        intersection, area, destroy = self.intersection, self.area, self.destroy
        result = []
        try:
            for a, b in zip(left, right):
                product = intersection(handle, a, b)
                if not product:
                    result.append(np.nan)
                    continue
                area(handle, product, ref)
                result.append(value.value)
                destroy(handle, product)
        finally:
            self.finish_context(handle)
        return result


_WKB_KINDS = {1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon"}


def _lean_classes(geos: DirectGeos, kinds) -> dict:
    """Subclasses of shapely 1.8's geometry classes for the geometries ``from_wkb`` reads, keyed by the 2-D WKB
    header (byte order + type) that announces them.

    They differ in two ways only: ``_ndim`` and ``_is_empty`` are class attributes (fewer attributes to set per
    geometry), and ``__del__`` destroys the GEOS geometry straight, where shapely's goes through four attribute
    writes of its own: for the 10⁵ parcels of a check, a quarter of a second. Such a geometry always owns its GEOS
    geometry, which nothing else replaces."""
    destroy, handle = geos.destroy, geos.handle

    def __del__(self):  # noqa: N807 - replaces shapely's
        g = self.__dict__.get("__geom__")
        if g:
            destroy(handle, g)

    classes = {}
    for code, name in _WKB_KINDS.items():
        kind = getattr(kinds, name)
        lean = type(name, (kind,), {"__del__": __del__, "_ndim": 2, "_is_empty": False, "__module__": kind.__module__})
        for order in (b"\x01", b"\x00"):
            header = order + (code.to_bytes(4, "little" if order == b"\x01" else "big"))
            classes[header] = lean
    return classes
