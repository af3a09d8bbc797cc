"""Offline knowledge of the add-ons: versions, compatibility, AWS's schemas (pure Python)."""

from eks_addons.catalog.catalog import ADDONS, AddonCatalog, catalog
from eks_addons.catalog.schema import SchemaCheck, check_configuration
from eks_addons.catalog.selection import LATEST, Selection, select_version

__all__ = [
    "ADDONS",
    "LATEST",
    "AddonCatalog",
    "SchemaCheck",
    "Selection",
    "catalog",
    "check_configuration",
    "select_version",
]
