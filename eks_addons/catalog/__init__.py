"""Offline knowledge of the add-ons: versions, compatibility, AWS's schemas (data and lookups).

Pure Python and free of checks: :mod:`eks_addons.checks` judges configurations with it.
"""

from eks_addons.catalog.catalog import (
    CATALOG_ENV,
    AddonCatalog,
    CatalogError,
    CatalogInfo,
    RefreshError,
    Schema,
    catalog,
    catalog_info,
    cataloged_addons,
    newest_kubernetes,
    resolve_ref,
    schema_options,
)

LATEST = "latest"
"""``addon_version=LATEST``: the newest catalog version compatible with the cluster."""

__all__ = [
    "CATALOG_ENV",
    "LATEST",
    "AddonCatalog",
    "CatalogError",
    "CatalogInfo",
    "RefreshError",
    "Schema",
    "catalog",
    "catalog_info",
    "cataloged_addons",
    "newest_kubernetes",
    "resolve_ref",
    "schema_options",
]
