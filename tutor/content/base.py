"""What every authored file model shares (rules/, dialogues/, quiz scripts)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Id = str  # an authored identifier: snake_case, unique within its section


class Strict(BaseModel):
    """An unknown key is an error at its line (a typo is never silently ignored), and loaded content
    cannot be changed by the code that reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
