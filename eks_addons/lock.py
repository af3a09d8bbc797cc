"""The lock file: the add-on versions a synth resolved, frozen until asked to move (pure).

An add-on without ``addon_version`` follows the catalog's default for its Kubernetes version,
so a new eks-addons (a newer catalog) moves it on the next apply. ``eks-addons lock`` writes
the versions the last synth wrote, by construct path, to ``eks-addons.lock.json``; the
constructs read it and write the locked version instead of the default, as long as AWS lists
it for the add-on's Kubernetes version (else the default, with a ``stale-lock`` warning).
To take the new defaults, lock what a synth without the lock wrote (``EKS_ADDONS_LOCK=none``);
``--check`` fails CI when the lock and the synth differ.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from eks_addons.catalog.refresh import open_directory, write_at
from eks_addons.inputs import InputError, load_json, read_text
from eks_addons.terraform_json import Document

LOCK_FILE = "eks-addons.lock.json"
LOCK_ENV = "EKS_ADDONS_LOCK"
"""A lock file to read instead of ``./eks-addons.lock.json`` (the app's directory)."""
FORMAT = 1


@dataclass(frozen=True)
class Locked:
    """One add-on's locked version."""

    addon: str
    version: str


IGNORE = "none"
"""``EKS_ADDONS_LOCK=none``: the constructs read no lock file (the synth writes the catalog's
defaults, for ``eks-addons lock`` to take)."""


def lock_path() -> Path | None:
    """The lock file the constructs read: ``$EKS_ADDONS_LOCK``, else ``./eks-addons.lock.json``;
    ``None`` for ``EKS_ADDONS_LOCK=none``."""
    given = os.environ.get(LOCK_ENV)
    return None if given == IGNORE else Path(given or LOCK_FILE)


def read_lock(path: Path | None = None) -> dict[str, Locked]:
    """The entries of the lock file, by construct path; none when there is no file;
    :class:`~eks_addons.inputs.InputError` when it is not a lock file."""
    path = lock_path() if path is None else path
    if path is None or not os.path.lexists(path):
        return {}
    document = load_json(read_text(path, str(path)), str(path))
    addons = document.get("addons") if isinstance(document, Mapping) else None
    form = document.get("lockfileVersion") if isinstance(document, Mapping) else None
    if not (type(form) is int and form == FORMAT and isinstance(addons, Mapping)):
        raise InputError(f"{path}: not an eks-addons lock file (lockfileVersion {FORMAT})")
    entries = {}
    for construct, entry in addons.items():
        addon = entry.get("addon") if isinstance(entry, Mapping) else None
        version = entry.get("version") if isinstance(entry, Mapping) else None
        if not (isinstance(addon, str) and isinstance(version, str)):
            raise InputError(f"{path}: {construct!r} needs an 'addon' and a 'version' string")
        entries[str(construct)] = Locked(addon, version)
    return entries


def resolved(documents: Iterable[Document]) -> dict[str, Locked]:
    """The versions a synth wrote, by construct path: each ``aws_eks_addon`` of the
    synthesized stacks whose ``addon_version`` is a literal (not resolved at plan)."""
    found = {}
    for document in documents:
        for resource in document.resources:
            if resource.type != "aws_eks_addon" or resource.mode != "managed":
                continue
            metadata = resource.body.get("//")
            about = metadata.get("metadata") if isinstance(metadata, Mapping) else None
            path = about.get("path") if isinstance(about, Mapping) else None
            name, version = resource.argument("addon_name"), resource.argument("addon_version")
            if (
                isinstance(path, str)
                and isinstance(name, str)
                and isinstance(version, str)
                and "${" not in version
            ):
                found[path.removesuffix("/Default")] = Locked(name, version)
    return found


def render(entries: Mapping[str, Locked], catalog: str) -> bytes:
    """The lock file's text: sorted, one add-on per entry, the catalog it was made with."""
    document = {
        "lockfileVersion": FORMAT,
        "catalog": catalog,
        "addons": {
            path: {"addon": entry.addon, "version": entry.version}
            for path, entry in sorted(entries.items())
        },
    }
    return (json.dumps(document, indent=2) + "\n").encode()


def write_lock(path: Path, payload: bytes) -> None:
    """Write the lock file through a temporary file renamed into place (never half-written;
    no symbolic link followed)."""
    directory = open_directory(path.parent)
    try:
        write_at(directory, path.name, payload)
    finally:
        os.close(directory)
