"""Showing stored text: the learner's words literally, and mastery as text bars.

Kept apart from transcript.py (which needs pydantic) so the app can draw its first
screen without importing it.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:$=\"'])")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible(text: str) -> str:
    """Control characters (ESC of an ANSI sequence, bell...) as their visible Unicode pictures (␛, ␇)."""
    return CONTROL.sub(lambda m: chr(0x2421) if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text)


def escape_markdown(text: str) -> str:
    """Learner text for a Markdown document: shown literally, line breaks kept."""
    lines = visible(text).replace("\t", " ").splitlines() or [""]
    return "\\\n".join(MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in lines)


def mastery_bar(p: float, width: int = 10) -> str:
    """`p` in [0, 1] as a text bar, e.g. `██████░░░░ 60%`: no colour needed, so it reads in any theme."""
    p = min(max(p, 0.0), 1.0)
    filled = round(p * width)
    return "█" * filled + "░" * (width - filled) + f" {p:4.0%}"


def mastery_lines(
    mastery: dict[str, float], names: dict[str, str] | None = None, width: int = 10, label_width: int = 40
) -> list[str]:
    """One `name  bar` line per concept, strongest first; names longer than `label_width` are cut."""
    names = names or {}
    labels = {c: shorten(names.get(c, c), label_width) for c in mastery}
    pad = max((len(label) for label in labels.values()), default=0)
    return [f"{labels[c]:<{pad}}  {mastery_bar(p, width)}" for c, p in sorted(mastery.items(), key=lambda kv: -kv[1])]


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
