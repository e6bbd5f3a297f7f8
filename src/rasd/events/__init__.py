"""Events (``rasd.events``): who did what to whom, where, when, real or planned, and according to whom.

Triggers come from a lexicon of verbal nouns and verb forms matched on clitic-stripped words and are typed in
PLOVER and ACLED by the words around them; modality and attribution cues govern the clause or sentence they
stand in; actors come from a dictionary shipped in ``data/``; places, times and casualty counts from the earlier
stages (geo, time, quantities).
"""

from rasd.events.extract import extract_events
from rasd.pipeline import Document


def stage():
    """The pipeline stage: fills ``report.events`` (and ``entity.actor`` of entities naming a known actor)."""

    def run(doc: Document) -> None:
        doc.report.events = extract_events(doc)

    return run


__all__ = ["extract_events", "stage"]
