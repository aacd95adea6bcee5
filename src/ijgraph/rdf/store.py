"""A persistent, on-disk Oxigraph store of the built graph, never stale.

``ensure_store(root_or_trig, store_dir)`` returns a read-only
:class:`pyoxigraph.Store` over the TriG export (``exports/ijgraph.trig`` of a
project, or any ``.trig`` file such as a synthetic graph). The store directory
records the SHA-256 of the export it was loaded from; when the export's bytes
differ (or the pyoxigraph version changed), the store is rebuilt before it is
opened, so a query never sees old data. Otherwise it opens in milliseconds,
without parsing anything.

Layout of ``store_dir`` (default ``<root>/.store/``, ignored by git)::

    manifest.json          {"sha256": ..., "data": "data-<hash>", "quads": ..., ...}
    data-<hash>/           the Oxigraph (RocksDB) database

A rebuild loads into a fresh ``data-<hash>`` directory and writes the manifest
last (atomically), so a crash or a concurrent reader never sees a half-built
store; old data directories are removed afterwards, and so are the
``.loading-*`` directories of rebuilds that were killed.

A store can be damaged on disk (a truncated or deleted file, a file rewritten by
something else). The manifest records the size and modification time of every
database file; a store whose files differ, or that the database refuses to
open (any pyoxigraph error, not only OSError), is rebuilt from the export, which
is the source of truth. Only if that fails too does :class:`StoreError` (an
OSError, with a message) reach the caller, which can fall back to the export.

Queries must pass ``use_default_graph_as_union=True`` (the default graph is the
union of the named graphs, as everywhere in ijgraph).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ijgraph.errors import IjgraphError
from ijgraph.rdf.union import load_with_union
from ijgraph.vocab.project import layout

__all__ = [
    "MANIFEST",
    "STORE_THRESHOLD_BYTES",
    "StoreError",
    "StoreInfo",
    "ensure_store",
    "ensure_store_path",
    "export_path",
    "file_sha256",
    "store_info",
    "store_is_current",
    "wants_store",
]

MANIFEST = "manifest.json"
#: Exports larger than this are served from the on-disk store by default: below it,
#: parsing the file (milliseconds) is as quick as opening a store, and in-memory
#: queries are faster.
STORE_THRESHOLD_BYTES = 16 * 1024 * 1024
_FORMAT = 3  # bump when the store layout changes: every store is then rebuilt
_CHUNK = 1 << 20
_DATA_NAME = re.compile(r"data-[0-9a-f]{16}")
#: Database files whose size and mtime the manifest pins (RocksDB's LOG and LOCK vary).
_PINNED = re.compile(r"(\d+\.(sst|log|blob)|MANIFEST-\d+|CURRENT|OPTIONS-\d+)")


class StoreError(IjgraphError, OSError):
    """The store could not be built or opened, even from scratch (the message says why)."""


@dataclass(frozen=True)
class StoreInfo:
    """What the manifest of a store directory says."""

    sha256: str
    data: str
    quads: int
    source: str
    pyoxigraph: str
    format: int
    files: dict[str, list[int]]  # database file -> [size, mtime_ns] when it was built

    def current_for(self, digest: str) -> bool:
        """True when this store holds the export with SHA-256 ``digest``, readable by us."""
        return (self.sha256, self.pyoxigraph, self.format) == (digest, ox.__version__, _FORMAT)


def wants_store(root_or_trig: Path | str | None) -> bool:
    """Whether the export is large enough to be served from the on-disk store by default."""
    try:
        return export_path(root_or_trig).stat().st_size > STORE_THRESHOLD_BYTES
    except OSError:
        return False


def export_path(root_or_trig: Path | str | None) -> Path:
    """The TriG file behind a project root, a folder holding ``ijgraph.trig``, or a .trig file."""
    path = Path(root_or_trig) if root_or_trig is not None else layout(None).root
    if path.is_file():
        return path
    for candidate in (path / "exports" / "ijgraph.trig", path / "ijgraph.trig"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"no graph export under {path}: run `ijgraph build` (or `ijgraph synth --out {path}`)"
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (a 1M-triple TriG in ~0.1 s)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_info(store_dir: Path | str) -> StoreInfo | None:
    """The store's manifest, or None when there is no complete store there."""
    try:
        raw = json.loads((Path(store_dir) / MANIFEST).read_text(encoding="utf-8"))
        info = StoreInfo(**{k: raw[k] for k in StoreInfo.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(info.data, str) or not _DATA_NAME.fullmatch(info.data):
        return None
    return info if (Path(store_dir) / info.data).is_dir() else None


def _files(data_dir: Path) -> dict[str, list[int]]:
    """Size and mtime of each pinned database file."""
    out = {}
    for entry in os.scandir(data_dir):
        if _PINNED.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            st = entry.stat(follow_symlinks=False)
            out[entry.name] = [st.st_size, st.st_mtime_ns]
    return out


def _intact(target: Path, info: StoreInfo) -> bool:
    """True when the database files are those the manifest recorded, and the database opens."""
    data_dir = target / info.data
    try:
        if not isinstance(info.files, dict) or _files(data_dir) != info.files:
            return False
        store = ox.Store.read_only(str(data_dir))
        del store
    except Exception:  # pyoxigraph reports corruption as RuntimeError, OSError, ...
        return False
    return True


def store_is_current(root_or_trig: Path | str | None, store_dir: Path | str) -> bool:
    """True when ``store_dir`` holds exactly the current export (no rebuild needed)."""
    info = store_info(store_dir)
    return (
        info is not None
        and info.current_for(file_sha256(export_path(root_or_trig)))
        and _intact(Path(store_dir), info)
    )


def ensure_store(root_or_trig: Path | str | None, store_dir: Path | str | None = None) -> ox.Store:
    """A read-only on-disk store of the current export, rebuilt first if the export changed.

    ``root_or_trig``: a project root (uses ``exports/ijgraph.trig``), a folder with
    ``ijgraph.trig``, or a ``.trig`` file; None finds the project. ``store_dir``
    defaults to ``<root>/.store`` for a project, else ``.store`` next to the file.
    The store's default graph is the union of its named graphs (as a set).
    Raises :class:`StoreError` when no store can be built or opened.
    """
    path = ensure_store_path(root_or_trig, store_dir)
    try:
        return ox.Store.read_only(str(path))
    except Exception as err:
        raise StoreError(f"cannot open the query store {path}: {err}") from None


def ensure_store_path(root_or_trig: Path | str | None, store_dir: Path | str | None = None) -> Path:
    """The data directory of an up-to-date store (see :func:`ensure_store`), for read-only opens."""
    trig = export_path(root_or_trig)
    target = Path(store_dir) if store_dir is not None else _default_for(trig)
    digest = file_sha256(trig)
    info = store_info(target)
    if info is None or not info.current_for(digest) or not _intact(target, info):
        try:
            target.mkdir(parents=True, exist_ok=True)
            with _locked(target):
                # Another process may have rebuilt it while we waited for the lock.
                info = store_info(target)
                if info is None or not info.current_for(digest) or not _intact(target, info):
                    info = _rebuild(trig, digest, target)
        except StoreError:
            raise
        except Exception as err:  # a full disk, a bad export, a database error
            raise StoreError(f"cannot build the query store in {target}: {err}") from None
    elif any(target.glob(".loading-*")):
        _clean_interrupted(target)
    return target / info.data


def _clean_interrupted(target: Path) -> None:
    """Remove the staging directories of killed rebuilds (only when no rebuild is running)."""
    with contextlib.suppress(OSError), (target / ".lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a rebuild is running: its staging directory is not a leftover
        try:
            for entry in target.glob(".loading-*"):
                shutil.rmtree(entry, ignore_errors=True)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``target`` (one rebuild at a time)."""
    with (target / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _default_for(trig: Path) -> Path:
    parent = trig.parent
    return parent.parent / ".store" if parent.name == "exports" else parent / ".store"


def _rebuild(trig: Path, digest: str, target: Path) -> StoreInfo:
    """Load ``trig`` into a new data directory, then switch the manifest to it."""
    name = f"data-{digest[:16]}"
    for leftover in target.glob(".loading-*"):  # we hold the lock: these were killed
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=target, prefix=".loading-"))
    try:
        store = ox.Store(str(staging))
        load_with_union(store, trig)  # SPARQL's default graph: the union, as a set
        store.optimize()
        quads = len(store)
        store.flush()
        del store  # closes the database before it is moved
        final = target / name
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    info = StoreInfo(digest, name, quads, str(trig), ox.__version__, _FORMAT, _files(final))
    _write_manifest(target, info)
    _remove_old(target, keep=name)
    return info


def _write_manifest(target: Path, info: StoreInfo) -> None:
    fd, tmp = tempfile.mkstemp(dir=target, prefix=".manifest-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(info.__dict__, handle, indent=2, sort_keys=True)
    os.replace(tmp, target / MANIFEST)


def _remove_old(target: Path, keep: str) -> None:
    """Remove data directories of earlier exports (a reader holding one open keeps its files)."""
    for entry in target.iterdir():
        if entry.is_dir() and entry.name.startswith("data-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
