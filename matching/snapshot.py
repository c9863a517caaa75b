"""A built :class:`~matching.index.MatchIndex` on disk, to start from instead of building.

A snapshot is the index as it was (every array, name, profile and the TF-IDF model; not its
caches, which fill again) plus what the caller needs to trust it (``meta``: which data it was
built from, and how far the caller had read its changes). It is written to a temporary file
in the same folder, then renamed over the old one, so a reader never sees half a snapshot and
several writers (workers) may write in turn. The file is readable by its owner only.

The format is Python's pickle (protocol 5): loading one runs the code it names, so a snapshot
must come only from this service's own folder, never from anyone else. It is refused (``load``
returns None) when it was written by other code or data: ``fingerprint`` covers the
``matching`` package's source and data files and the versions of numpy, scipy and
scikit-learn.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import sklearn

from .index import MatchIndex

__all__ = ["fingerprint", "load_snapshot", "save_snapshot"]

_MAGIC = b"temu-dagang match index snapshot 1\n"


@cache
def fingerprint() -> str:
    """Hex digest of the ``matching`` package's files (source and data) and the versions of
    the numeric libraries: a snapshot is only read by the code that wrote it."""
    digest = hashlib.sha256()
    for library in (np, scipy, sklearn):
        digest.update(f"{library.__name__} {library.__version__}\n".encode())
    package = resources.files("matching")
    with resources.as_file(package) as root:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".csv", ".json", ".txt"}:
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def save_snapshot(
    index: MatchIndex, path: str | os.PathLike[str], *, meta: Mapping[str, Any]
) -> int:
    """Write ``index`` and ``meta`` (plain data) to ``path``; returns the bytes written."""
    target = Path(path)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(_MAGIC + fingerprint().encode() + b"\n")
            pickle.dump({"meta": dict(meta), "index": index}, handle, protocol=5)
            size = handle.tell()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return size


def load_snapshot(path: str | os.PathLike[str]) -> tuple[MatchIndex, dict[str, Any]] | None:
    """The index and meta saved at ``path``; None when there is no snapshot there or it was
    written by other code (see the module's docstring)."""
    if not Path(path).is_file():
        return None
    with open(path, "rb") as handle:
        if handle.readline() != _MAGIC or handle.readline() != fingerprint().encode() + b"\n":
            return None
        saved = pickle.load(handle)
    if not isinstance(saved, dict):
        return None
    index, meta = saved.get("index"), saved.get("meta")
    if not isinstance(index, MatchIndex) or not isinstance(meta, dict):
        return None
    return index, meta
