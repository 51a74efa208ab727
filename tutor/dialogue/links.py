"""Explanations from the rule base: how two concepts connect, by walking the relations of rules/.

The relations form a graph of concepts. A chain is a path between two concepts; a
relation may be walked against its direction (self-limitation is linked to hubris
whichever of the two the author wrote first), and each link is told in the author's
own sentence (`says`). Several chains are given, the shortest first, because the
essay's argument often runs more than one way: self-limitation counsels restraint,
which prevents tragedy; ignoring uncertainty breeds reckless choices, which cause it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.content.relations import RELATION_WORDS
from tutor.content.rulebase import RuleBase
from tutor.content.rules import Relation

MOST_CHAINS = 4
SLACK = 1  # also show chains one link longer than the shortest: the argument often runs two ways


@dataclass(frozen=True)
class Link:
    relation: Relation
    forward: bool  # walked from the relation's source to its target


Chain = tuple[Link, ...]


def chains(rulebase: RuleBase, start: str, goal: str, most: int = MOST_CHAINS) -> list[Chain]:
    """The chains of relations from `start` to `goal` no longer than the shortest plus SLACK links:
    shortest first, then in the rule base's order; a concept appears once in a chain."""
    shortest = distance(rulebase, start, goal)
    if shortest is None:
        return []
    found: list[Chain] = []

    def walk(node: str, chain: Chain, visited: tuple[str, ...]) -> None:
        if node == goal:
            found.append(chain)
            return
        if len(chain) >= shortest + SLACK:
            return
        for neighbour, link in neighbours(rulebase, node):
            if neighbour not in visited:
                walk(neighbour, chain + (link,), visited + (neighbour,))

    walk(start, (), (start,))
    unique = {tuple(concepts_of(c)): c for c in reversed(found)}  # one chain per sequence of concepts: the first
    ordered = sorted(unique.values(), key=lambda c: (len(c), found.index(c)))
    return ordered[:most]


def distance(rulebase: RuleBase, start: str, goal: str) -> int | None:
    """Links on the shortest chain (breadth-first), or None when the two are not connected."""
    depth = {start: 0}
    frontier = [start]
    while frontier:
        if goal in depth:
            return depth[goal]
        following = []
        for node in frontier:
            for neighbour, _ in neighbours(rulebase, node):
                if neighbour not in depth:
                    depth[neighbour] = depth[node] + 1
                    following.append(neighbour)
        frontier = following
    return depth.get(goal)


def concepts_of(chain: Chain) -> list[str]:
    """The concepts a chain passes through, in order."""
    out: list[str] = []
    for link in chain:
        r = link.relation
        first, second = (r.source, r.target) if link.forward else (r.target, r.source)
        out += [first] if not out else []
        out.append(second)
    return out


def neighbours(rulebase: RuleBase, node: str) -> list[tuple[str, Link]]:
    out = []
    for relation in rulebase.relations:
        if relation.source == node:
            out.append((relation.target, Link(relation, True)))
        elif relation.target == node:
            out.append((relation.source, Link(relation, False)))
    return out


def name(rulebase: RuleBase, concept: str) -> str:
    """A concept's (or a glossary entry's) name."""
    entry = rulebase.concepts.get(concept) or rulebase.glossary.get(concept)
    return entry.name if entry else concept.replace("_", " ")


def link_line(rulebase: RuleBase, link: Link) -> str:
    """`A --counsels--> B`, or `A <--causes-- B` when walked against the relation's direction."""
    r = link.relation
    verb = RELATION_WORDS[r.type]
    if link.forward:
        return f"{name(rulebase, r.source)} --{verb}--> {name(rulebase, r.target)}"
    return f"{name(rulebase, r.target)} <--{verb}-- {name(rulebase, r.source)}"


def chain_prose(rulebase: RuleBase, chain: Chain) -> str:
    """A chain as a paragraph: the concepts it passes through, then the authored sentence of each link."""
    path = " → ".join(name(rulebase, c) for c in concepts_of(chain))
    return f"*{path}.* " + " ".join(link.relation.says.strip() for link in chain)


def explain_link(rulebase: RuleBase, start: str, goal: str) -> str:
    """What the tutor says when asked how two concepts connect (Markdown)."""
    found = chains(rulebase, start, goal)
    if not found:
        return (
            f"I can't find a link between {name(rulebase, start)} and {name(rulebase, goal)} "
            "in what I know of the essay."
        )
    lines = [f"How **{name(rulebase, start)}** connects to **{name(rulebase, goal)}**:"]
    lines += [chain_prose(rulebase, chain) for chain in found]
    return "\n\n".join(lines)
