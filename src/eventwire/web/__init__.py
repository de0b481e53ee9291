"""The explorer: a read-only JSON API and web UI over an eventwire database.

``create_app(db_path, token=None)`` builds the FastAPI application; ``serve(db_path, host, port,
token)`` runs it with uvicorn on loopback by default. See docs/web.md for the routes.
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
