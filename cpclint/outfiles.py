"""Writing the files annotate, fix and explain make, without ever harming the user's report.

Every file is written whole to a temporary file in the same folder and then
moved into place (os.replace), so a crash or a full disk never leaves half a
report. The input is only replaced with `--in-place`, and then a `.bak` copy is
kept unless the user says not to.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from cpclint.errors import InputError

BOM = b"\xef\xbb\xbf"


def default_output(path: str, tag: str, suffix: str | None = None) -> str:
    """report.docx -> report.cpclint.docx (tag "cpclint"), beside the input."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}.{tag}{suffix or p.suffix}"))


def same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(b).exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_output(path: str, out: str, suffixes: tuple[str, ...], what: str) -> None:
    """Refuse an output that would overwrite the report or has the wrong kind of name."""
    if same_file(path, out):
        raise InputError(f"{out}: that is the report itself. Give the new file another name with -o"
                         + (", or use --in-place." if what == "fix" else "."))
    if Path(out).suffix.lower() not in suffixes:
        raise InputError(f"{out}: the file name must end in {' or '.join(suffixes)}.")
    if Path(out).is_dir():
        raise InputError(f"{out}: this is a folder. Give a file name with -o.")
    if not Path(out).resolve().parent.is_dir():
        raise InputError(f"{out}: the folder for this file does not exist.")


def write_atomic(path: str, data: bytes, like: str | None = None) -> None:
    """Write all of `data` to `path` or nothing; `like` gives the file permissions to keep."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.resolve().parent)
    except OSError as exc:  # no such folder, or not allowed to write there
        raise InputError(f"{path}: cannot write the file ({exc.strerror or exc}).") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if like is not None:
            shutil.copymode(like, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the file ({exc.strerror or exc}).") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_in_place(path: str, data: bytes, backup: bool) -> str | None:
    """Replace the report with `data`, first keeping FILE.bak (returned) unless told not to."""
    saved = None
    if backup:
        saved = f"{path}.bak"
        write_atomic(saved, Path(path).read_bytes(), like=path)
    write_atomic(path, data, like=path)
    return saved


def encode_like(original: bytes, text: str) -> bytes:
    """Encode the fixed text exactly as the file was: the same encoding and byte-order mark."""
    bom = original.startswith(BOM)
    body = original[len(BOM):] if bom else original
    for encoding in ("utf-8", "cp1252"):
        try:
            decoded = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if decoded.encode(encoding) != body:
            break
        try:
            return (BOM if bom else b"") + text.encode(encoding)
        except UnicodeEncodeError:
            raise InputError("the new words cannot be written in this file's character encoding; "
                             "save it as UTF-8 first.") from None
    raise InputError("cpclint cannot be sure of this file's character encoding, so it will not change it. "
                     "Save it as UTF-8 first.")
