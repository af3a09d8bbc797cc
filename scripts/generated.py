"""Writing generated files, or checking that regenerating them changes nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sync(files: Mapping[Path, str], extra: Sequence[Path], *, check: bool, command: str) -> int:
    """Write ``files`` and remove ``extra`` (or, with ``check``, list what is out of date and
    return 1); ``command`` is what the user runs to regenerate."""
    stale = [path for path, text in files.items() if not path.is_file() or path.read_text() != text]
    if check:
        if stale or extra:
            print(
                f"out of date (run {command}):",
                *(path.relative_to(ROOT) for path in [*stale, *extra]),
                sep="\n  ",
            )
            return 1
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path])
    for path in extra:
        path.unlink()
    return 0
