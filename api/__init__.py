"""The HTTP API: a thin Flask layer over kanoya_benefits (load → call → dump)."""

from .app import create_app

__all__ = ["create_app"]
