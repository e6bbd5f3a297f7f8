"""Helpers for reading the data artifacts shipped in the package (gazetteers, lexicons)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Garbage collection off while an artifact decodes: it creates ~10^5 objects that are all kept, so collecting
    meanwhile is wasted work. Restored afterwards, if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
