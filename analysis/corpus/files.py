"""Which files of a corpus folder are read, and reading them: the one policy.

A corpus is a self-contained folder, so the loader reads only regular files
inside it:

* a symbolic link is followed when its target lies inside the corpus folder (a
  file, or a folder of articles); a link that leads outside the folder, a link
  whose target does not exist, and a loop (a link to itself, or to a folder that
  contains it) are problems, named with the link;
* a file or folder that cannot be read (permissions) is a problem, never skipped;
* named pipes, sockets and devices are problems, and are never opened (a pipe
  would block the loader forever);
* names starting with ``.`` are ignored (``.DS_Store``, ``.git``), and a file
  name with a control or invisible character is a problem (it could rewrite the
  terminal when printed).

Why not follow links out: a corpus handed on (a zip, a shared drive) must mean
the same thing everywhere, its fingerprint must cover what was read, and a
corpus from someone else must not make ``check`` read, say, ``~/.ssh/id_rsa`` as
an article's text. A file that belongs to the corpus is copied into it.

:class:`CorpusFiles` also keeps the sha256 of every file it read, so the corpus
fingerprint covers exactly the bytes that were parsed, read once.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from analysis.errors import Problem
from analysis.names import terminal_safe

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (check the permissions of the file and its folders)"
    return (exc.strerror or type(exc).__name__).lower()


class CorpusFiles:
    """The files of one corpus folder, read under the policy of this module.

    Args:
        root: the corpus folder; every relative name in a problem is relative to it.
    """

    def __init__(self, root: Path):
        self.root = root
        self._real_root = os.path.realpath(root)
        self._prefix = os.path.join(str(root), "")
        self._digests: dict[str, bytes] = {}

    def rel(self, path: Path) -> str:
        """``path`` relative to the corpus folder, with ``/`` separators."""
        text = str(path)
        if self._prefix != "./" and text.startswith(self._prefix):  # the fast, usual case
            return text[len(self._prefix) :].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()

    def _inside(self, real: str) -> bool:
        return real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def _follow(self, path: Path, rel: str, problems: list[Problem]) -> os.stat_result | None:
        """The ``stat`` of a symbolic link's target, if the policy lets it be followed."""
        target = os.readlink(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                problems.append(Problem(rel, None, None, "is a symbolic link loop"))
            elif exc.errno == errno.ENOENT:
                problems.append(
                    Problem(
                        rel, None, None, f"is a symbolic link to {target}, which does not exist"
                    )
                )
            else:
                problems.append(Problem(rel, None, None, f"cannot be read: {_reason(exc)}"))
            return None
        real = os.path.realpath(path)
        if not self._inside(real):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    f"is a symbolic link to {real}, outside the corpus folder; the loader "
                    "reads only files inside the corpus, so copy the file in instead",
                )
            )
            return None
        return st

    def status(self, path: Path, problems: list[Problem]) -> os.stat_result | None:
        """The ``stat`` of a file or folder that may be read, or ``None`` (problem noted).

        ``path`` must exist (as a link, at least).
        """
        rel = self.rel(path)
        try:
            st = os.lstat(path)
        except OSError as exc:
            problems.append(Problem(rel, None, None, f"cannot be read: {_reason(exc)}"))
            return None
        if stat.S_ISLNK(st.st_mode):
            return self._follow(path, rel, problems)
        return st

    def regular_file(self, path: Path, problems: list[Problem]) -> bool:
        """Whether ``path`` (which exists) is a regular file the loader may read."""
        st = self.status(path, problems)
        if st is None:
            return False
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else _kind(st.st_mode)
            problems.append(
                Problem(self.rel(path), None, None, f"is {what}, not a file; it was not read")
            )
            return False
        return True

    def walk(self, folder: Path, problems: list[Problem]) -> list[Path]:
        """Every visible regular file under ``folder`` (any depth), in sorted order."""
        found: list[Path] = []
        st = self.status(folder, problems)
        if st is not None:
            self._walk(folder, [os.path.realpath(folder)], found, problems)
        return found

    def _walk(
        self, folder: Path, stack: list[str], found: list[Path], problems: list[Problem]
    ) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(self.rel(folder) + "/", None, None, f"cannot be read: {_reason(exc)}")
            )
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            rel = self.rel(path)
            if terminal_safe(entry.name) != entry.name:
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        "the file name contains a control or invisible character (shown "
                        "escaped); rename the file",
                    )
                )
                continue
            if entry.is_symlink():
                st = self._follow(path, rel, problems)
                if st is None:
                    continue
                mode = st.st_mode
            else:
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError as exc:
                    problems.append(Problem(rel, None, None, f"cannot be read: {_reason(exc)}"))
                    continue
            if stat.S_ISDIR(mode):
                real = os.path.realpath(path)
                if real in stack or stack[-1].startswith(real.rstrip(os.sep) + os.sep):
                    problems.append(
                        Problem(
                            rel,
                            None,
                            None,
                            "is a symbolic link to a folder that contains it (a loop); "
                            "it was not followed",
                        )
                    )
                    continue
                self._walk(path, [*stack, real], found, problems)
            elif stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(
                    Problem(rel, None, None, f"is {_kind(mode)}, not a file; it was not read")
                )

    def read(self, path: Path, problems: list[Problem]) -> bytes | None:
        """The bytes of one file (remembered for the fingerprint), or ``None`` (problem noted)."""
        rel = self.rel(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(rel, None, None, f"cannot be read: {_reason(exc)}"))
            return None
        self._digests[rel] = hashlib.sha256(raw).digest()
        return raw

    def fingerprint(self) -> tuple[str, list[str]]:
        """sha256 over every file read (name and content), and the sorted names."""
        digest = hashlib.sha256()
        rels = sorted(self._digests)
        for rel in rels:
            digest.update(rel.encode("utf-8") + b"\0")
            digest.update(self._digests[rel])
        return digest.hexdigest(), rels
