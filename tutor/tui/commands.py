"""The command palette (Ctrl+P): every described key binding of the current screen, by name.

The palette and the help screen both list `described_bindings`, so a binding added to a
screen appears in the footer, the palette and the help at once, with its remapped key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


def described_bindings(screen: Screen) -> list:
    """The screen's active bindings that have an id and a description (ActiveBinding: node, binding, ...)."""
    seen, out = set(), []
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id and binding.description and binding.id not in seen:
            seen.add(binding.id)
            out.append(active)
    return out


class TutorCommands(Provider):
    """Hint, why, skip, restart, save, panels, help and quit as palette commands."""

    def commands(self) -> list[tuple[str, str, Callable[[], Awaitable[object]]]]:
        return [
            (
                active.binding.description,
                active.binding.tooltip,
                partial(self.app.run_action, active.binding.action, active.node),
            )
            for active in described_bindings(self.screen)
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self.commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self.commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
