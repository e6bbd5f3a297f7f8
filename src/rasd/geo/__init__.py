"""Geoparsing: Arabic place names resolved to GeoNames entries, offline, with the report as context.

``resolve(text, spans)`` gives the :class:`rasd.model.Place` of each mention; the pipeline stage ``geo`` fills
``entity.place``; ``offset_km(text, start)`` reads "على بعد 20 كلم من" before a place for event locations.
"""

from rasd.geo.resolve import offset_km, resolve
from rasd.geo.stage import geoparse, stage

__all__ = ["geoparse", "offset_km", "resolve", "stage"]
