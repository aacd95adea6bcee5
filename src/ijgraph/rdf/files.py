"""Writing generated files so that a kill at any moment leaves the old set or the new one.

Two writers, for two situations:

* :func:`replace_tree` owns a whole directory (``exports/``): the new set of files is
  written into a fresh hidden sibling (``.exports.new/``), then swapped in with one
  atomic ``renameat2(RENAME_EXCHANGE)``, and the old set (now at the sibling's name)
  is deleted. Readers see the old directory or the new one, never a mix. Where the
  file system cannot exchange, two renames run under a journal file
  (``.exports.swap``) and :func:`recover` completes the swap (journal present) or
  rolls it back (journal absent) on the next run.
* :func:`write_files` writes a few files into a directory it does not own (``export
  --out``, ``synth --out``): each goes to a hidden temporary file first, then all
  are renamed; if any cannot be written, none is renamed.

Guarantee for readers of a tree written by :func:`replace_tree`: every lookup of
``exports/NAME`` finds the old or the new file, both complete. A reader that needs
*several* files from the same build opens the directory once and opens the files
relative to it (:func:`read_consistent` does this and retries if a later build
deleted that directory meanwhile). Kills are covered; power loss is not (no fsync).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

__all__ = [
    "leftovers",
    "read_consistent",
    "recover",
    "replace_tree",
    "write_files",
]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _names(target: Path) -> tuple[Path, Path, Path]:
    """The staging directory, the old-set directory and the journal of ``target``."""
    parent, name = target.parent, target.name
    return parent / f".{name}.new", parent / f".{name}.old", parent / f".{name}.swap"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _tmp_files(directory: Path) -> list[Path]:
    """Hidden ``.*.tmp`` files left by an interrupted :func:`write_files` in ``directory``."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob(".*.tmp") if p.is_file())


def leftovers(target: Path) -> list[Path]:
    """What an interrupted write left behind for ``target`` (reported by ``build --check``)."""
    stage, old, journal = _names(target)
    found = [p for p in (stage, old, journal) if p.exists() or p.is_symlink()]
    return found + _tmp_files(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def recover(target: Path) -> list[Path]:
    """Finish or roll back an interrupted :func:`replace_tree`, then delete its leftovers."""
    stage, old, journal = _names(target)
    found = leftovers(target)
    if journal.exists():
        # The staged set was complete when the journal was written: complete the swap.
        if not target.exists() and stage.is_dir():
            os.rename(stage, target)
        journal.unlink()
    elif not target.exists() and old.is_dir():
        os.rename(old, target)  # killed between the two renames before the journal: roll back
    for path in (stage, old, *_tmp_files(target)):
        _remove(path)
    return found


def _write(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _carry(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)  # unchanged files cost nothing
    except OSError:
        shutil.copy2(src, dst)


def replace_tree(
    target: Path, files: Mapping[Path, bytes], *, keep: Callable[[str], bool] | None = None
) -> None:
    """Make ``target`` hold exactly ``files`` (plus the old files for which ``keep(rel)``).

    ``files`` maps paths inside ``target`` to their bytes. Raises NotADirectoryError
    if ``target`` exists and is not a directory; nothing is changed then.
    """
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is not a directory: move it away; nothing was written")
    recover(target)
    stage, old, journal = _names(target)
    mode = 0o666 & ~_umask()
    try:
        stage.mkdir(parents=True)
        for path, data in files.items():
            _write(stage / path.relative_to(target), data, mode)
        if keep is not None and target.is_dir():
            for path in sorted(target.rglob("*")):
                rel = path.relative_to(target)
                if path.is_file() and path not in files and keep(rel.as_posix()):
                    _carry(path, stage / rel)
        _swap(target, stage, old, journal)
    finally:
        if stage.exists():
            _remove(stage)


def _swap(target: Path, stage: Path, old: Path, journal: Path) -> None:
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        return  # the caller deletes ``stage``, which now holds the old set
    journal.write_bytes(b"")
    os.rename(target, old)
    os.rename(stage, target)
    journal.unlink()
    _remove(old)


def read_consistent(target: Path, names: Sequence[str], *, attempts: int = 5) -> list[bytes]:
    """The bytes of ``names`` (relative to ``target``), all from the same build.

    Opens ``target`` once and the files relative to it; if a concurrent build
    deleted that generation meanwhile, tries again with the new one.
    """
    for _ in range(attempts):
        dir_fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
        try:
            out = []
            for name in names:
                fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
                with os.fdopen(fd, "rb") as handle:
                    out.append(handle.read())
            return out
        except FileNotFoundError:
            continue
        finally:
            os.close(dir_fd)
    raise FileNotFoundError(f"{target} kept changing while it was read")


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary file first, then all are renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            for stale in target.parent.glob(f".{target.name}.*.tmp"):
                stale.unlink()  # left by an earlier, interrupted run
            fd, tmp_name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600 files
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
