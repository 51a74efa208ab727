"""The tutor's own stock phrases: feedback, fallbacks, and the plain-words account of a verdict.

Authored dialogues say the substantive things; these are the small words around them,
in the voice of a patient, curious tutor. Where a phrase varies, it is picked by the
turn number, so a session stays a deterministic function of the learner's turns.
"""
from __future__ import annotations

from tutor.assessment.types import Assessment
from tutor.content.rulebase import RuleBase
from tutor.dialogue.explain import name

ALREADY_DONE = "We've reached the end of this dialogue. You can start another one whenever you like."
SKIPPED = "All right, let's leave that one for now. Here is the gist of it."
NOTHING_TO_EXPLAIN = "I haven't judged an answer of yours yet, so there is nothing to explain so far."
SOCIAL = {
    "greeting": "Hello! Glad to think this through with you.",
    "thanks": "You're welcome.",
    "help": ("Answer in your own words; a sentence or two is plenty. You can also say \"hint please\", "
             "\"why?\", \"can you repeat the question\" or \"skip\"."),
    "decline": "That's fine - you don't have to answer this one. Say \"skip\" to move on, or answer when you're ready.",
}
OPENERS = {
    "correct": ("Yes, exactly.", "That's it.", "Well put."),
    "partial": ("Good, that's part of it.", "Yes, that's one piece.", "You're onto something."),
    "misconception": ("There's something right in there.",),
}
NO_PROGRESS = {
    "dont_know": ("That's all right; let's work it out together.", "No problem, here's something to go on.",
                  "Fair enough. Let's take it a step at a time."),
    "repeat": ("You've made that point already; what else is there?",),
    "irrelevant": ("That's on the topic, but it doesn't quite answer the question yet.",
                   "Hmm, I'm not sure that gets at what I'm asking."),
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


def no_progress(a: Assessment, repeated_point: bool, turn: int) -> str:
    if a.intent == "dont_know":
        return pick(NO_PROGRESS["dont_know"], turn)
    if repeated_point:
        return pick(NO_PROGRESS["repeat"], turn)
    return pick(NO_PROGRESS.get(a.verdict, NO_PROGRESS["irrelevant"]), turn)


def challenge(rulebase: RuleBase, misconception: str) -> str:
    """A challenge for a misconception the dialogue did not anticipate."""
    gloss = rulebase.misconceptions[misconception].gloss.strip().rstrip(".")
    return (f"Let's test that idea. Suppose it's true that {gloss}. "
            "Does that fit with what the essay argues? What would follow from it?")


def closing(text: str, rulebase: RuleBase, mastery: dict[str, float]) -> str:
    """The last words: the author's closing and where the learner model thinks the learner stands."""
    lines = [text.strip()] if text.strip() else ["That's the end of this dialogue. Thank you for thinking it through."]
    if mastery:
        lines.append("Where you stand, weakest first:")
        lines += [f"- {name(rulebase, c)}: {p:.0%}" for c, p in sorted(mastery.items(), key=lambda kv: (kv[1], kv[0]))]
    return "\n".join(lines)


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
            how.append(f"negated by \"{' '.join(m.negators)}\"" if m.negators else "negated")
        if m.stance == "reported":
            how.append("as someone else's view" + (f" (\"{m.frame}\")" if m.frame else ""))
        elif m.stance == "hypothetical":
            how.append("as a hypothesis" + (f" (\"{m.frame}\")" if m.frame else ""))
        detail = f", {', '.join(how)}" if how else ""
        lines.append(f"- \"{m.words}\": I took that to mean *{meaning}*{detail}.")
    if not a.trace.matches:
        lines.append("- I found nothing in it that speaks to the essay's points for this question.")
    for f in a.trace.fired:
        because = f" Rule `{f.rule}`: {f.because.strip()}" if f.because else f" Rule `{f.rule}`."
        lines.append(f"- From that I concluded {conclusion(rulebase, f.concluded)}{because}")
    lines += ["", f"Overall I judged it {VERDICT_WORDS.get(a.verdict, a.verdict)}."]
    return "\n".join(lines)


def conclusion(rulebase: RuleBase, concluded: str) -> str:
    """"expectation states_choose_interpretation" -> the point itself, in words."""
    kind, _, ident = concluded.partition(" ")
    if kind == "expectation":
        texts = [q.expectations[ident].text for q in rulebase.questions.values() if ident in q.expectations]
        return f"that you made this point: *{sentence(texts[0])}*" if texts else f"that you made the point {ident!r}."
    if kind == "misconception" and ident in rulebase.misconceptions:
        return f"that you hold this view: *{sentence(rulebase.misconceptions[ident].gloss)}*"
    if kind == "concept":
        return f"that you showed the idea of {name(rulebase, ident)}."
    return f"{concluded}."
