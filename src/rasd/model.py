"""The data model of the output contract (../shared/spec/output.md), one msgspec Struct per object.

Every field of the contract is always present: unknown values are ``None`` (JSON ``null``), never omitted.
Offsets are Python string indices into ``Report.text``; ``Span.text == report.text[start:end]`` always.
"""

from __future__ import annotations

import hashlib
from typing import Literal

import msgspec

Label = Literal["PER", "LOC", "ORG", "MISC"]
Feature = Literal["country", "admin1", "city", "region", "other"]
ActorKind = Literal[
    "state", "military", "government", "police", "armed_group", "political",
    "media", "international", "civilians", "person", "other",
]
Precision = Literal["day", "month", "year"]
Calendar = Literal["gregorian", "hijri"]
QuantityKind = Literal["money", "count", "fatalities", "injuries", "distance", "percent", "other"]
Plover = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["asserted", "planned", "denied", "hypothetical"]
SourceKind = Literal["outlet", "official", "anonymous", "person", "document", "organization"]

ACLED_SUB_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}


class Span(msgspec.Struct, kw_only=True):
    """A stretch of the original report text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int, **fields):
        """Build a span of ``text`` (and of any subclass) whose ``text`` is exactly ``text[start:end]``."""
        return cls(start=start, end=end, text=text[start:end], **fields)


class Place(msgspec.Struct, kw_only=True):
    geonames_id: int
    name: str
    name_ar: str | None
    lat: float
    lon: float
    country: str
    admin1: str | None
    feature: Feature
    score: float


class Actor(msgspec.Struct, kw_only=True):
    id: str
    name: str
    kind: ActorKind
    country: str | None


class Entity(Span, kw_only=True):
    label: Label
    score: float | None = None
    place: Place | None = None
    actor: Actor | None = None


class Time(Span, kw_only=True):
    value: str
    precision: Precision
    calendar: Calendar = "gregorian"
    relative: bool = False


class Quantity(Span, kw_only=True):
    value: float | int
    kind: QuantityKind
    unit: str | None = None


class SentenceRef(msgspec.Struct, kw_only=True):
    start: int
    end: int


class Location(Span, kw_only=True):
    place: Place | None = None
    offset_km: float | None = None


class ActorMention(Span, kw_only=True):
    actor: Actor | None = None


class Attribution(Span, kw_only=True):
    kind: SourceKind
    actor: Actor | None = None  # added field: the source resolved ("الصحيفة" -> The New York Times)


class Event(msgspec.Struct, kw_only=True):
    plover: Plover
    acled_type: str | None
    acled_sub_type: str | None
    trigger: Span
    sentence: SentenceRef
    modality: Modality
    date: Time | None = None
    location: Location | None = None
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    fatalities: int | None = None
    attribution: list[Attribution] = msgspec.field(default_factory=list)
    score: float = 0.0


class Report(msgspec.Struct, kw_only=True):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    text: str
    entities: list[Entity] = msgspec.field(default_factory=list)
    times: list[Time] = msgspec.field(default_factory=list)
    quantities: list[Quantity] = msgspec.field(default_factory=list)
    events: list[Event] = msgspec.field(default_factory=list)
    errors: list[str] = msgspec.field(default_factory=list)


def text_id(text: str) -> str:
    """A stable id for a report that came without one: the first 16 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Report)


def to_json(report: Report) -> bytes:
    """Encode a report as compact UTF-8 JSON (one line, no trailing newline)."""
    return _encoder.encode(report)


def from_json(data: bytes | str) -> Report:
    """Decode and validate one report."""
    return _decoder.decode(data)


def json_schema() -> dict:
    """The JSON Schema of a Report, generated from this model.

    Every property is required: the contract never omits a field, it writes ``null``.
    """
    schema = msgspec.json.schema(Report)
    for definition in schema["$defs"].values():
        if definition.get("type") == "object":
            definition["required"] = list(definition["properties"])
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
