"""One settings object, built once by the entry point and passed down; nothing reads it at import.

Environment variables:

    HYOKA_DATABASE_URL   SQLAlchemy URL; default: a SQLite file in the user's data directory
    HYOKA_DATA_DIR       where the default SQLite file lives (default: $XDG_DATA_HOME/hyoka)
    HYOKA_MAX_INPUT_MB   largest input file accepted by ingest (default: 50)
    HYOKA_POLICY_FILE    a TOML registry of rating policies and which agency uses which
                         (default: the guideline's default policy for every agency)
    HYOKA_CHECK_POLICY_FILE  a TOML check policy for `hyoka check`: rule severities and parameters,
                         fail_on, category overrides, waivers (default: the catalogue's defaults)
    HYOKA_LOCK_TIMEOUT   seconds a writer waits for another one before giving up (default: 60)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_INPUT_MB = 50
DEFAULT_LOCK_TIMEOUT_S = 60.0


class SettingsError(ValueError):
    """An environment variable holds a value hyoka cannot use; the message names it."""


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name}={raw!r} must be a positive number")
    return value


def default_data_dir(env: Mapping[str, str]) -> Path:
    if env.get("HYOKA_DATA_DIR"):
        return Path(env["HYOKA_DATA_DIR"])
    base = Path(env["XDG_DATA_HOME"]) if env.get("XDG_DATA_HOME") else Path.home() / ".local" / "share"
    return base / "hyoka"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    max_input_bytes: int = DEFAULT_MAX_INPUT_MB * 1024 * 1024
    policy_file: Path | None = None
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    check_policy_file: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        url = env.get("HYOKA_DATABASE_URL") or f"sqlite:///{default_data_dir(env) / 'hyoka.sqlite'}"
        megabytes = _positive(env, "HYOKA_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB)
        policy = Path(env["HYOKA_POLICY_FILE"]) if env.get("HYOKA_POLICY_FILE") else None
        check_policy = Path(env["HYOKA_CHECK_POLICY_FILE"]) if env.get("HYOKA_CHECK_POLICY_FILE") else None
        return cls(
            database_url=url,
            max_input_bytes=int(megabytes * 1024 * 1024),
            policy_file=policy,
            lock_timeout_s=_positive(env, "HYOKA_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT_S),
            check_policy_file=check_policy,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
