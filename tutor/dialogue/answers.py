"""Answers to the learner's own questions, from the rule base alone.

- "what is X?" / "what does X mean?": the concept's summary and the essay's phrase it rests
  on, or the glossary's entry for a person or term;
- "why / how does X lead to Y?": the chains of relations between them (as `tutor why`);
- "what's the difference between X and Y?": their `contrasts_with` relation, else each one's
  definition side by side;
- "who is X?": the glossary, or that the essay does not mention X; "who said X?": the people
  named, then the idea's entry, which says who holds it;
- "when was X born?": that the essay gives no facts of its people's lives, then what it says of X;
- a topic the essay does not discuss (a glossary entry of kind `outside`) is said to be outside it;
- anything the rule base cannot answer is said to be so, honestly.
The tutor never grades a question; the session asks its own question again after the answer.
"""

from __future__ import annotations

from dataclasses import replace

from tutor.content.rulebase import RuleBase
from tutor.dialogue.links import chain_prose, chains, name
from tutor.understanding.acts import LearnerQuestion

CANNOT = (
    "That's a good question, but it goes beyond what I can answer from the essay. I can tell you what "
    'its terms mean (try "what is self-limitation?"), who the people in it are, and how its ideas connect.'
)
NOBODY = (
    "The essay doesn't mention that person, so I can't tell you who they are from it. I can tell you about "
    'the people it does discuss (try "who is Herz?").'
)
NO_LIFE = "The essay doesn't say: it gives no dates or facts of the lives of the people it names, only their ideas."
MOST_LINKS = 3  # a longer chain between two named ideas explains less than their two definitions


def answer(rulebase: RuleBase, question: LearnerQuestion) -> str:
    """What the tutor says to the learner's question (Markdown)."""
    topics = list(question.topics)
    if not topics:
        return CANNOT
    outside = _of_kind(rulebase, topics, "outside")
    if outside:  # "was the Cold War arms race a spiral?": not in the essay, then what it says of the rest
        rest = tuple(t for t in topics if t not in outside)
        said = [about(rulebase, t) for t in outside[:1]]
        return "\n\n".join(said + ([answer(rulebase, replace(question, topics=rest))] if rest else []))
    if len(topics) >= 2 and question.asks in ("link", "contrast"):
        return link(rulebase, topics[0], topics[1], question.asks == "contrast")
    # "What does Herz mean by social constellation?" asks about the idea; "who is Herz?" about the person.
    people = _of_kind(rulebase, topics, "person")
    ideas = [t for t in topics if t not in people]
    if question.asks == "life":  # "when was Herz born?": not in the essay; what it does say of him
        return "\n\n".join([NO_LIFE, *(about(rulebase, p) for p in people[:1])])
    if question.asks == "who" and not people and not question.subject_known:  # "who is Henry Kissinger?"
        return "\n\n".join([NOBODY, *(about(rulebase, t) for t in ideas[:1])])
    # "who says Herz was an early constructivist?": the people named, then the idea (whose entry says who);
    # "which of them uses the term, Walt or Mearsheimer?": a question about two people is about them.
    first = (people + ideas) if question.asks in ("who", "said") or len(people) >= 2 else (ideas or people)
    if question.asks == "link":
        return about(rulebase, first[0]) + related(rulebase, first[0])
    if question.asks in ("define", "other") and ideas and len(people) == 1:  # "how Walt defines the dilemma": his too
        first = [ideas[0], people[0]]
    return "\n\n".join(about(rulebase, t) for t in first[:2])


def about(rulebase: RuleBase, ident: str) -> str:
    """A concept's definition, or a glossary entry, with the essay's phrase where there is one."""
    concept = rulebase.concepts.get(ident)
    entry = rulebase.glossary.get(ident)
    text = concept.summary if concept else entry.says if entry else ""
    quote = concept.quote if concept else entry.quote if entry else ""
    said = f"**{_capital(name(rulebase, ident))}**: {' '.join(text.split())}"
    if quote and quote.lower() not in said.lower():
        said += f' The essay\'s phrase: "{quote}".'
    return said


def related(rulebase: RuleBase, ident: str) -> str:
    """The links of one idea, for a why/how question that names only it."""
    says = [r.says.strip() for r in rulebase.relations if ident in (r.source, r.target)][:2]
    return ("\n\n" + " ".join(says)) if says else ""


def link(rulebase: RuleBase, start: str, goal: str, contrast: bool) -> str:
    """How two named ideas connect: a direct contrast, else the shortest chains, else both definitions."""
    direct = [
        r
        for r in rulebase.relations
        if {r.source, r.target} == {start, goal} and (r.type == "contrasts_with" or not contrast)
    ]
    if direct:
        return f"**{_capital(name(rulebase, start))}** and **{name(rulebase, goal)}**: {direct[0].says.strip()}"
    found = [] if contrast else [c for c in chains(rulebase, start, goal, most=2) if len(c) <= MOST_LINKS]
    if found:
        lines = [f"How **{name(rulebase, start)}** connects to **{name(rulebase, goal)}**:"]
        return "\n\n".join(lines + [chain_prose(rulebase, c) for c in found])
    contrasts = [
        r.says.strip()
        for r in rulebase.relations
        if r.type == "contrasts_with" and {start, goal} & {r.source, r.target}
    ][:1]
    return "\n\n".join([about(rulebase, start), about(rulebase, goal), *contrasts])


def _of_kind(rulebase: RuleBase, topics: list[str], kind: str) -> list[str]:
    """The topics that are glossary entries of one kind (people, or topics outside the essay)."""
    return [t for t in topics if t in rulebase.glossary and rulebase.glossary[t].kind == kind]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
