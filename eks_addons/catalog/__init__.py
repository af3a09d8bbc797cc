"""Offline knowledge of the add-ons: AWS's configuration schemas (pure Python)."""

from eks_addons.catalog.schema import (
    check_configuration,
    known_schema,
    load_schema,
    validate_configuration,
)

__all__ = ["check_configuration", "known_schema", "load_schema", "validate_configuration"]
