"""Marshmallow schemas: request schemas (strict, in ``requests``) kept apart from response schemas."""
