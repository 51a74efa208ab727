"""The side panels: where the learner is in the dialogue, what they have mastered, and the essay's argument."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import AwaitMount
from textual.widgets import Label, ProgressBar, Static, Tree
from textual.widgets.tree import TreeNode

from tutor.content.relations import RELATION_WORDS
from tutor.surfaces.display import mastery_lines


class ProgressPanel(Vertical):
    """Question k of n, as words and, once `add_bar()` has run, as a bar (the first frame has only the words)."""

    def __init__(self, progress: tuple[int, int] | None = None, **kwargs):
        """`progress`: where the learner is when it is first drawn, if known by then."""
        super().__init__(**kwargs)
        self.label = Label("Loading…", id="progress-label")
        self.bar_state = (1, 0)  # total, done
        if progress is not None:
            self.show(progress, False)

    def compose(self) -> ComposeResult:
        yield self.label

    def show(self, progress: tuple[int, int], finished: bool) -> None:
        k, n = progress
        self.label.update("Finished" if finished else f"Question {k} of {n}")
        done = n if finished else max(k - 1, 0)  # the current question is not done yet
        self.bar_state = (max(n, 1), done)
        for bar in self.query(ProgressBar):
            bar.update(total=self.bar_state[0], progress=done)

    def add_bar(self) -> AwaitMount:
        total, done = self.bar_state
        # Not indeterminate (it has a total): its animation would cost CPU while the content loads.
        bar = ProgressBar(total=total, show_eta=False, id="progress-bar")
        bar.update(progress=done)
        return self.mount(bar)


class MasteryPanel(Static):
    """Per-concept mastery (the learner model's P(mastered)) as text bars, strongest first."""

    def __init__(self, **kwargs):
        super().__init__("No answers yet.", markup=False, **kwargs)
        self.names: dict[str, str] = {}

    def show(self, mastery: dict[str, float]) -> None:
        self.update("\n".join(mastery_lines(mastery, self.names, width=8, label_width=22)) or "No answers yet.")


class ArgumentMap(Tree):
    """The essay's argument as a tree: each concept with the links the rule base declares from it.

    A concept the learner has shown in an answer is ticked. Selecting a link shows what it says.
    """

    def __init__(self, **kwargs):
        super().__init__(Text("The essay's argument"), **kwargs)
        self.show_root = False
        self.names: dict[str, str] = {}
        self.nodes: dict[str, TreeNode] = {}
        self.shown: set[str] = set()

    def build(self, rulebase) -> None:
        self.clear()
        self.names = {c: concept.name for c, concept in rulebase.concepts.items()}
        for ident, concept in rulebase.concepts.items():
            node = self.nodes[ident] = self.root.add(self.label(ident), data=concept.summary)
            for relation in rulebase.relations:
                if relation.source == ident:
                    verb = RELATION_WORDS.get(relation.type, relation.type)
                    link = f"{verb} {self.names.get(relation.target, relation.target)}"
                    node.add_leaf(Text(link), data=relation.says)
        self.root.expand()

    def label(self, ident: str) -> Text:
        name = self.names.get(ident, ident)
        return Text(f"✓ {name}", style="bold") if ident in self.shown else Text(f"· {name}")

    def mark(self, concepts) -> None:
        """Tick the concepts the learner has shown."""
        new = set(concepts) - self.shown
        if not new:
            return
        self.shown |= new
        for ident in new & self.nodes.keys():
            self.nodes[ident].set_label(self.label(ident))
