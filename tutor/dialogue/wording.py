"""The tutor's own stock phrases: feedback, fallbacks, and the plain-words account of a verdict.

Authored dialogues say the substantive things; these are the small words around them,
in the voice of a patient, curious tutor. Where a phrase varies, it is picked by the
turn number, so a session stays a deterministic function of the learner's turns.
"""

from __future__ import annotations

import re

from tutor.assessment.types import Assessment
from tutor.content.rulebase import RuleBase
from tutor.dialogue.links import name

ALREADY_DONE = "We've reached the end of this dialogue. You can start another one whenever you like."
SKIPPED = "All right, let's leave that one for now. Here is the gist of it."
REVEALED = "Here it is - the essay's own word:"
NOTHING_TO_EXPLAIN = "I haven't judged an answer of yours yet, so there is nothing to explain so far."
HEAR_YOU = "I hear you. What makes you think so? Tell me your reasons, in your own words."
BACK = "Now, back to my question:"
SAY_MORE = (
    "Yes - that's the essay's answer too. Can you say why?",
    "Right. Say a little more: why is that so?",
    "Agreed. Now put into words why.",
)
SEES_IT = (
    "Exactly - so that view doesn't hold up. Let's build the essay's answer instead.",
    "Right, and that's the tension. So let's look again.",
)
NOT_QUITE = ("Not quite - have another look.", "Hmm, not as the essay sees it.")
OPENERS = {
    "correct": ("Yes, exactly.", "That's it.", "Well put."),
    "partial": ("Good, that's part of it.", "Yes, that's one piece.", "You're onto something."),
    "misconception": ("There's something right in there.",),
}
NO_PROGRESS = {
    "repeat": ("You've made that point already; what else is there?",),
    "irrelevant": (
        "That's on the topic, but it doesn't quite answer the question yet.",
        "Hmm, I'm not sure that gets at what I'm asking.",
    ),
    "non_domain": ("I couldn't connect that to the question. Let's try another way in.",),
}
VERDICT_WORDS = {
    "correct": "a complete answer",
    "partial": "a partial answer: some of the points, not all",
    "misconception": "an answer that holds a misconception",
    "irrelevant": "on the topic, but not an answer to this question",
    "non_domain": "not an attempt at the question",
}


def pick(options: tuple[str, ...], turn: int) -> str:
    return options[turn % len(options)]


def sentence(text: str) -> str:
    """A rule-base gloss ("states choose how...") as a sentence the tutor can say."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def opener(verdict: str, turn: int) -> str:
    return pick(OPENERS[verdict], turn) if verdict in OPENERS else ""


def praise(expectation_text: str) -> str:
    return f"That's one of the essay's points: *{sentence(expectation_text)}*"


def no_progress(a: Assessment, repeated_point: bool, turn: int, intent_lines: tuple[str, ...] = ()) -> str:
    """Feedback on an attempt that made no new point: the intent's own words ("I don't know" is met
    kindly), else words that agree with the verdict."""
    if intent_lines:
        return pick(intent_lines, turn)
    if repeated_point:
        return pick(NO_PROGRESS["repeat"], turn)
    return pick(NO_PROGRESS.get(a.verdict, NO_PROGRESS["irrelevant"]), turn)


def challenge(rulebase: RuleBase, misconception: str) -> str:
    """A challenge for a misconception the dialogue did not anticipate."""
    gloss = rulebase.misconceptions[misconception].gloss.strip().rstrip(".")
    first = gloss.split(" ", 1)[0]
    if first not in _names(rulebase):  # "Suppose it's true that states react...", but "that Russia had..."
        gloss = gloss[:1].lower() + gloss[1:]
    return (
        f"Let's test that idea. Suppose it's true that {gloss}. "
        "Does that fit with what the essay argues? What would follow from it?"
    )


def _names(rulebase: RuleBase) -> set[str]:
    """The capitalised words of the glossary's names ("Russia's record...", "John Herz"): proper nouns."""
    return {w for entry in rulebase.glossary.values() for w in re.findall(r"[A-Z][a-z]+", entry.name)}


def corrections(rulebase: RuleBase, misconception: str) -> list[str]:
    """Corrections composed from the rule base, for a learner who holds on: its correction, then the
    links of the misconception's concepts, each a different angle on the same point."""
    m = rulebase.misconceptions[misconception]
    out = [sentence(m.correction)]
    for concept in m.concepts:
        out += [
            f"Look at it from this side: {r.says.strip()}"
            for r in rulebase.relations
            if concept in (r.source, r.target)
        ]
    return out


def once_more(text: str, times: int) -> str:
    return f"Once more, since it matters ({times} times now): {text}"


def disagree(rulebase: RuleBase, misconception: str) -> str:
    """After the third insistence: the disagreement acknowledged, the essay's view with its own phrase."""
    m = rulebase.misconceptions[misconception]
    quote = next(
        (rulebase.concepts[c].quote for c in m.concepts if c in rulebase.concepts and rulebase.concepts[c].quote), ""
    )
    said = f' In the essay\'s words: "{quote}".' if quote else ""
    return (
        f"We see this one differently, and that's all right - you don't have to agree with the essay to "
        f"understand it. The essay's view is this: {sentence(m.correction)}{said} Let's leave it there and move on."
    )


def made_already(points: list[str], all_made: bool) -> str:
    """A question begun whose points the learner made earlier."""
    listed = " ".join(f"*{sentence(p)}*" for p in points)
    if all_made:
        return f"You made this question's points earlier already: {listed} Well said - let me sum it up."
    return f"You already said part of this earlier: {listed} What else is there?"


def closing(text: str, rulebase: RuleBase, mastery: dict[str, float]) -> str:
    """The last words: the author's closing and where the learner model thinks the learner stands."""
    lines = [text.strip()] if text.strip() else ["That's the end of this dialogue. Thank you for thinking it through."]
    if mastery:
        lines.append(standing(rulebase, mastery))
    return "\n".join(lines)


def standing(rulebase: RuleBase, mastery: dict[str, float]) -> str:
    """Where the learner model thinks the learner stands, weakest idea first."""
    ranked = sorted(mastery.items(), key=lambda kv: (kv[1], kv[0]))
    return "\n".join(["Where you stand, weakest first:", *(f"- {name(rulebase, c)}: {p:.0%}" for c, p in ranked)])


BRIEF = 3  # ideas named at each end of a standing told mid-dialogue


def standing_brief(rulebase: RuleBase, mastery: dict[str, float], start: float) -> str:
    """The ideas that have moved from where every idea starts (`start`), strongest and weakest, in a line or two
    (the whole list is the closing's)."""
    ranked = sorted(mastery.items(), key=lambda kv: (-kv[1], kv[0]))
    strongest = [(c, p) for c, p in ranked if round(p, 2) > round(start, 2)][:BRIEF]
    weakest = [(c, p) for c, p in reversed(ranked) if round(p, 2) < round(start, 2)][:BRIEF]
    if not strongest and not weakest:
        return "Nothing to tell apart yet: answer a question or two and I can tell you where you stand."

    def listed(items: list[tuple[str, float]]) -> str:
        return "; ".join(f"{name(rulebase, c)}: {p:.0%}" for c, p in items)

    said = [
        f"Strongest so far - {listed(strongest)}." if strongest else "",
        f"Weakest - {listed(weakest)}." if weakest else "",
    ]
    return " ".join(filter(None, said))


def describe_assessment(rulebase: RuleBase, a: Assessment) -> str:
    """The cues and rules behind a verdict, in plain words (Markdown)."""
    lines = ["Here's how I read your last answer."]
    seen = set()
    for m in a.trace.matches:
        if (m.claim, m.polarity, m.stance) in seen:
            continue  # one line per thing read, however many cues found it
        seen.add((m.claim, m.polarity, m.stance))
        claim = rulebase.claims.get(m.claim)
        meaning = claim.means if claim else m.claim.replace("_", " ")
        how = []
        if m.polarity == "negated":
            how.append(f'negated by "{" ".join(m.negators)}"' if m.negators else "negated")
        if m.stance == "reported":
            how.append("as someone else's view" + (f' ("{m.frame}")' if m.frame else ""))
        elif m.stance == "hypothetical":
            how.append("as a hypothesis" + (f' ("{m.frame}")' if m.frame else ""))
        detail = f", {', '.join(how)}" if how else ""
        lines.append(f'- "{m.words}": I took that to mean *{meaning}*{detail}.')
    if a.reply:
        lines.append(f"- It answered my last question {'as' if a.reply == 'right' else 'not as'} the essay would.")
    if a.act.question is not None:
        lines.append("- It asked a question of its own, which I answered; questions are never graded.")
    if not a.trace.matches and not a.reply:
        lines.append("- I found nothing in it that speaks to the essay's points for this question.")
    for f in a.trace.fired:
        because = f" Rule `{f.rule}`: {f.because.strip()}" if f.because else f" Rule `{f.rule}`."
        lines.append(f"- From that I concluded {conclusion(rulebase, f.concluded)}{because}")
    lines += ["", f"Overall I judged it {VERDICT_WORDS.get(a.verdict, a.verdict)}."]
    return "\n".join(lines)


def conclusion(rulebase: RuleBase, concluded: str) -> str:
    """ "expectation states_choose_interpretation" -> the point itself, in words."""
    kind, _, ident = concluded.partition(" ")
    if kind == "expectation":
        texts = [q.expectations[ident].text for q in rulebase.questions.values() if ident in q.expectations]
        return f"that you made this point: *{sentence(texts[0])}*" if texts else f"that you made the point {ident!r}."
    if kind == "misconception" and ident in rulebase.misconceptions:
        return f"that you hold this view: *{sentence(rulebase.misconceptions[ident].gloss)}*"
    if kind == "concept":
        return f"that you showed the idea of {name(rulebase, ident)}."
    return f"{concluded}."
