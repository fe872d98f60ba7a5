"""A content-addressed cache of extractions in SQLite.

The key covers everything that changes an extraction: the article text, the prompt and schema
hashes, the model, the backend and its mode. Each extraction is written as soon as it completes,
so an interrupted run loses no paid work. No secret is ever part of a key or a value.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import platformdirs

from checker.models import Usage
from checker.records import ArticleFacts


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("checker"))


def cache_key(
    *, text: str, prompt_hash: str, schema_hash: str, model: str, backend: str, mode: str
) -> str:
    h = hashlib.sha256()
    for part in (
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        prompt_hash,
        schema_hash,
        model,
        backend,
        mode,
    ):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


class ExtractionCache:
    """Extractions by key; safe to share between threads."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.path = Path(directory or default_cache_dir()) / "extractions.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, facts TEXT NOT NULL, "
            "usage TEXT NOT NULL, model TEXT NOT NULL, created REAL NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS job (key TEXT PRIMARY KEY, answer TEXT NOT NULL, "
            "usage TEXT NOT NULL, model TEXT NOT NULL, created REAL NOT NULL)"
        )
        self._db.commit()

    def get(self, key: str) -> tuple[ArticleFacts, Usage] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT facts, usage FROM extraction WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        return ArticleFacts.model_validate_json(row[0]), Usage.model_validate_json(row[1])

    def put(self, key: str, facts: ArticleFacts, usage: Usage, model: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO extraction VALUES (?, ?, ?, ?, ?)",
                (key, facts.model_dump_json(), usage.model_dump_json(), model, time.time()),
            )
            self._db.commit()

    def get_job(self, key: str) -> tuple[str, Usage] | None:
        """A narrow job's answer (its JSON) by key."""
        with self._lock:
            row = self._db.execute("SELECT answer, usage FROM job WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return str(row[0]), Usage.model_validate_json(row[1])

    def put_job(self, key: str, answer_json: str, usage: Usage, model: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO job VALUES (?, ?, ?, ?, ?)",
                (key, answer_json, usage.model_dump_json(), model, time.time()),
            )
            self._db.commit()

    def clear(self) -> int:
        with self._lock:
            n = self._db.execute("DELETE FROM extraction").rowcount
            n += self._db.execute("DELETE FROM job").rowcount
            self._db.commit()
        return n

    def count(self) -> int:
        with self._lock:
            return int(
                self._db.execute(
                    "SELECT (SELECT COUNT(*) FROM extraction) + (SELECT COUNT(*) FROM job)"
                ).fetchone()[0]
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
