"""Is an SQLite file whole? A check of its size and 100-byte header, a few microseconds at every start
(app/db/migrate.py), with no page read; deeper damage shows as "malformed" when SQLite reads the page."""

from __future__ import annotations

from pathlib import Path

from app.texts import QT_TRANSLATE_NOOP, Text

MAGIC = b"SQLite format 3\x00"
HEADER = 100


def file_problem(db_path: Path) -> Text | None:
    """What is wrong with the file as an SQLite database, from its size and its 100-byte header; None when
    it looks whole (deeper damage shows as 'malformed' when the page is read)."""
    try:
        size = db_path.stat().st_size
        with open(db_path, "rb") as handle:
            header = handle.read(HEADER)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Text(QT_TRANSLATE_NOOP("Services", "it cannot be read ({reason})"), reason=exc.strerror or str(exc))
    if size == 0:
        return Text(QT_TRANSLATE_NOOP("Services", "the file is empty (0 bytes)"))
    if not header.startswith(MAGIC):
        if not header.strip(b"\x00"):
            return Text(QT_TRANSLATE_NOOP("Services", "it is not an SQLite database: its first bytes are all zeros"))
        return Text(QT_TRANSLATE_NOOP("Services", "it is not an SQLite database: its first bytes are something else"))
    if len(header) < HEADER:
        return Text(QT_TRANSLATE_NOOP("Services", "it is truncated: only {size} bytes are left"), size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counts_valid = header[24:28] == header[92:96]
    wal = db_path.with_name(db_path.name + "-wal")
    wal_holds_pages = wal.exists() and wal.stat().st_size > 0  # the newest pages may be there, not yet in the file
    expected = page_size * pages
    if counts_valid and pages and not wal_holds_pages and size < expected:
        return Text(QT_TRANSLATE_NOOP("Services", "it is truncated: {size} of its {expected} bytes are left"),
                    size=size, expected=expected)
    return None
