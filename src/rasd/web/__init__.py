"""The web UI and JSON API (`rasd serve`): map, timeline, event table and highlighted reports over a rasd database."""

from __future__ import annotations

from pathlib import Path

from rasd.web.app import create_app

__all__ = ["create_app", "serve"]


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the database until interrupted. Binds to the loopback interface unless told otherwise."""
    import sys

    import uvicorn

    app = create_app(db)
    print(f"rasd: serving {db} at http://{host}:{port}/  (Ctrl+C stops)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
