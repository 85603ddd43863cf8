"""The conflictwire REST API: ``create_app(db_url)`` returns a FastAPI application."""

from conflictwire.api.app import create_app

__all__ = ["create_app"]
