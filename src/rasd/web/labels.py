"""Arabic names and map colours for the codes of the output contract (PLOVER, ACLED types, modality)."""

from __future__ import annotations

from rasd.model import ACLED_SUB_TYPES

ACLED_AR = {
    "Battles": "معارك",
    "Explosions/Remote violence": "انفجارات وعنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين",
    "Protests": "احتجاجات",
    "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
}
OTHER = "Other"  # events ACLED would not code (acled_type null): their PLOVER code tells what they are
OTHER_AR = "أحداث أخرى"

COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#8c2d7a",
    "Protests": "#1f77b4",
    "Riots": "#e7ba00",
    "Strategic developments": "#2ca02c",
    OTHER: "#7f7f7f",
}

PLOVER_AR = {
    "AGREE": "اتفاق", "CONSULT": "تشاور", "SUPPORT": "دعم", "CONCEDE": "تنازل", "COOPERATE": "تعاون",
    "AID": "مساعدة", "RETREAT": "انسحاب", "REQUEST": "طلب", "ACCUSE": "اتهام", "REJECT": "رفض",
    "THREATEN": "تهديد", "PROTEST": "احتجاج", "SANCTION": "عقوبات", "MOBILIZE": "تعبئة", "COERCE": "إكراه",
    "ASSAULT": "اعتداء",
}

MODALITY_AR = {"asserted": "وقع", "planned": "مخطط له", "denied": "منفي", "hypothetical": "افتراضي"}

SOURCE_AR = {"outlet": "وسيلة إعلام", "official": "مسؤول", "anonymous": "مصدر مجهول", "person": "شخص",
             "document": "وثيقة", "organization": "منظمة"}


def type_label(acled_type: str | None, acled_sub_type: str | None = None) -> str:
    """The Arabic name of an event's ACLED type, with its sub-type (kept in English: ACLED's own vocabulary)."""
    if acled_type is None:
        return OTHER_AR
    name = ACLED_AR.get(acled_type, acled_type)
    return f"{name} ({acled_sub_type})" if acled_sub_type else name


def for_page() -> dict:
    """Everything the page's script needs to name and colour things, sent once as JSON."""
    return {"acled": ACLED_AR, "other": OTHER_AR, "colours": COLOURS, "plover": PLOVER_AR, "modality": MODALITY_AR,
            "sub_types": {t: list(s) for t, s in ACLED_SUB_TYPES.items()}}
