"""What the tutor says in one turn: moves, and the reply that carries them to a surface (TUI, CLI, quiz)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.assessment.types import Assessment

# AutoTutor's dialogue moves, plus `explanation` (why the tutor judged so, or how concepts connect)
# and `answer` (to a question the learner asked).
MOVE_TYPES = (
    "question",
    "pump",
    "hint",
    "prompt",
    "assertion",
    "challenge",
    "correction",
    "feedback",
    "summary",
    "explanation",
    "answer",
)


@dataclass(frozen=True)
class Move:
    type: str  # one of MOVE_TYPES
    text: str  # Markdown, the tutor's words
    ref: str = ""  # the authored item that produced it, e.g. "no_choice/hint/states_choose_interpretation/0"


@dataclass(frozen=True)
class Reply:
    moves: tuple[Move, ...]
    assessment: Assessment | None  # None for the opening turn and for requests (hint/skip/why/repeat)
    question: str | None  # question id now being asked (None once finished)
    progress: tuple[int, int]  # (k, n): on question k of n
    mastery: dict[str, float] = field(default_factory=dict)  # concept id -> P(mastered)
    finished: bool = False
    act: str = "answer"  # the learner turn's dialogue act ("start" for the opening)
    credited: tuple[str, ...] = ()  # expectations this turn credited: of the question answered, and of a
    # question begun, points the learner had made earlier

    @property
    def text(self) -> str:
        """All the tutor's words of this turn, one paragraph per move."""
        return "\n\n".join(m.text for m in self.moves)

    def has(self, move_type: str) -> bool:
        return any(m.type == move_type for m in self.moves)
