"""Geoparsing: Arabic place names resolved to GeoNames entries, offline, with the report as context."""

from rasd.geo.resolve import offset_km, resolve

__all__ = ["offset_km", "resolve"]
