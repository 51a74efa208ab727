"""Where the tutor keeps its database: `--data-dir`, else $TUTOR_DATA_DIR, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "TUTOR_DATA_DIR"
DATABASE_NAME = "tutor.db"


def data_dir(option: Path | None = None) -> Path:
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no directory was given: it is the slowest of the three

    return Path(platformdirs.user_data_dir("tutor", appauthor=False))


def database_path(option: Path | None = None) -> Path:
    return data_dir(option) / DATABASE_NAME
