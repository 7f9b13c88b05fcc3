"""Is a patch's field evidence (举证) complete? The photos the office requires, each with time, direction and
position, taken after the after-image date (HSX) and near the patch.

The upper level rejects a verification whose photos cannot show the patch as the image did: a photo taken before
HSX shows an older state, one without direction cannot be matched with the image, one taken far away may show
another site. A patch whose evidence is incomplete is listed with every reason, never returned as complete.

Photo positions are GPS (WGS 84) longitudes and latitudes from EXIF, placed in the ledger's Gauss-Krüger zone with
core.gauss_kruger; WGS 84 and CGCS2000 differ by centimetres, far below the distances checked here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import List, Mapping, Optional, Sequence

from shapely.geometry import Point

from .campaign import as_date
from .evidence_files import PHOTO, kind_of
from .exif import PhotoExif
from .gauss_kruger import Zone, forward
from .notes import Note, error

MIN_PHOTOS = 4  # distant and close shots, as offices usually ask
MAX_DISTANCE_M = 100.0
DISTANT_WORDS = ("远景", "全景", "远照", "远距离")
CLOSE_WORDS = ("近景", "局部", "特写", "近照", "近距离")

NO_TIME = "Photo {photo}: no time it was taken"
NO_DIRECTION = "Photo {photo}: no direction it was taken in"
NO_POSITION = "Photo {photo}: no position it was taken at"
BEFORE_AFTER_IMAGE = "Photo {photo}: taken on {taken}, before the after-image date {after} (HSX)"
IN_FUTURE = "Photo {photo}: taken on {taken}, after today ({today}): the camera's clock is wrong"
TOO_FAR = "Photo {photo}: taken {distance:.0f} m from the patch; at most {limit:.0f} m is allowed"
NO_AFTER_DATE = "The patch has no after-image date (HSX): the photos' dates cannot be checked"
NO_OUTLINE = "The patch has no outline: the photos' positions cannot be checked"
TOO_FEW = "{usable} of {photos} photos meet every requirement; the office requires {required}"
NO_DISTANT = "No distant shot (远景) among the usable photos"
NO_CLOSE = "No close shot (近景) among the usable photos"
TEMPLATES = (
    NO_TIME,
    NO_DIRECTION,
    NO_POSITION,
    BEFORE_AFTER_IMAGE,
    IN_FUTURE,
    TOO_FAR,
    NO_AFTER_DATE,
    NO_OUTLINE,
    TOO_FEW,
    NO_DISTANT,
    NO_CLOSE,
)
# The verdict as the return to the upper level writes it (举证是否完整).
VERDICT_LABELS = {True: "完整", False: "不完整"}


@dataclass(frozen=True)
class Photo:
    path: str
    taken_at: Optional[datetime.datetime] = None
    longitude: Optional[float] = None
    latitude: Optional[float] = None
    direction: Optional[float] = None
    note: str = ""

    @classmethod
    def from_exif(cls, path: str, exif: PhotoExif, note: str = "") -> "Photo":
        return cls(path, exif.taken_at, exif.longitude, exif.latitude, exif.direction, note)

    @classmethod
    def from_evidence(cls, row: Mapping[str, object]) -> "Photo":
        """A row of the ledger's ``evidence`` table (taken_at as stored: ISO text or a datetime)."""
        return cls(
            str(row.get("file_path") or ""),
            _datetime(row.get("taken_at")),
            _float(row.get("longitude")),
            _float(row.get("latitude")),
            _float(row.get("direction")),
            str(row.get("note") or ""),
        )

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class PhotoCheck:
    photo: Photo
    notes: List[Note] = field(default_factory=list)
    distance_m: Optional[float] = None

    @property
    def ok(self) -> bool:
        return not self.notes


@dataclass
class Verdict:
    complete: bool
    photos: int  # photo files among the evidence
    usable: int  # photos that meet every requirement
    required: int
    notes: List[Note]  # about the patch as a whole
    checks: List[PhotoCheck]

    @property
    def reasons(self) -> List[Note]:
        """Every reason the evidence is incomplete: the patch's, then each photo's."""
        return self.notes + [n for c in self.checks for n in c.notes]

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.complete]


def _datetime(value: object) -> Optional[datetime.datetime]:
    if isinstance(value, datetime.datetime):
        return value
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(str(value).strip().replace("Z", "").replace("/", "-"))
    except ValueError:
        return None


def _float(value: object) -> Optional[float]:
    try:
        return None if value is None or value == "" else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _view(photo: Photo, words: Sequence[str]) -> bool:
    text = photo.note + " " + photo.name
    return any(word in text for word in words)


def check_photo(
    photo: Photo,
    geometry,
    after_on: Optional[datetime.date],
    zone: Zone,
    max_distance_m: float,
    today: Optional[datetime.date],
) -> PhotoCheck:
    """Every requirement one photo misses, with the photo named."""
    check = PhotoCheck(photo)
    name = photo.name
    if photo.taken_at is None:
        check.notes.append(error(NO_TIME, photo.path, photo=name))
    else:
        taken = photo.taken_at.date()
        if after_on is not None and taken < after_on:
            values = {"photo": name, "taken": taken.isoformat(), "after": after_on.isoformat()}
            check.notes.append(error(BEFORE_AFTER_IMAGE, photo.path, **values))
        if today is not None and taken > today:
            check.notes.append(error(IN_FUTURE, photo.path, photo=name, taken=taken.isoformat(), today=today))
    if photo.direction is None:
        check.notes.append(error(NO_DIRECTION, photo.path, photo=name))
    if photo.longitude is None or photo.latitude is None:
        check.notes.append(error(NO_POSITION, photo.path, photo=name))
    elif geometry is not None and not geometry.is_empty:
        easting, northing = forward(photo.longitude, photo.latitude, zone)
        check.distance_m = float(geometry.distance(Point(float(easting), float(northing))))
        if check.distance_m > max_distance_m:
            values = {"photo": name, "distance": check.distance_m, "limit": max_distance_m}
            check.notes.append(error(TOO_FAR, photo.path, **values))
    return check


def evidence_verdict(
    photos: Sequence[Photo],
    geometry,
    after_on: object,
    zone: Zone,
    min_photos: int = MIN_PHOTOS,
    max_distance_m: float = MAX_DISTANCE_M,
    today: Optional[datetime.date] = None,
    require_views: bool = False,
) -> Verdict:
    """The verdict on a patch's evidence. ``geometry``: the patch in ``zone``'s coordinates; ``after_on``: its HSX
    (ISO text or a date); ``require_views``: a distant and a close shot must be among the usable photos, told by
    the evidence note or the file name (远景/全景, 近景/局部/特写)."""
    try:
        after = as_date(after_on) if after_on else None
    except ValueError:  # an HSX that is not a date is no HSX: said below, not raised
        after = None
    notes: List[Note] = []
    if after is None:
        notes.append(error(NO_AFTER_DATE))
    if geometry is None or geometry.is_empty:
        notes.append(error(NO_OUTLINE))
        geometry = None
    checks = [check_photo(p, geometry, after, zone, max_distance_m, today) for p in photos if kind_of(p.path) == PHOTO]
    usable = [c for c in checks if c.ok]
    if len(usable) < min_photos:
        notes.append(error(TOO_FEW, usable=len(usable), photos=len(checks), required=min_photos))
    if require_views and not any(_view(c.photo, DISTANT_WORDS) for c in usable):
        notes.append(error(NO_DISTANT))
    if require_views and not any(_view(c.photo, CLOSE_WORDS) for c in usable):
        notes.append(error(NO_CLOSE))
    return Verdict(not notes, len(checks), len(usable), min_photos, notes, checks)
