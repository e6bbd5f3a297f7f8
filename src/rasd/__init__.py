"""rasd (رصد): Arabic news reports to a structured, geolocated, source-attributed record of events."""

from rasd.model import Report
from rasd.pipeline import Document, Pipeline, load

__version__ = "0.1.0"
__all__ = ["Document", "Pipeline", "Report", "load", "__version__"]
