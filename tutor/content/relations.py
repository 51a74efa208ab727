"""The kinds of link between two concepts (`relations:` in rules/), and how each reads in a sentence.

Free of pydantic, so the app's argument map can word links before the rule-base models are imported.
"""

from __future__ import annotations

# type -> the words between two concept names: "self-limitation counsels prudence and restraint"
RELATION_WORDS = {
    "causes": "causes",
    "leads_to": "leads to",
    "prevents": "prevents",
    "counsels": "counsels",
    "requires": "requires",
    "contrasts_with": "contrasts with",
    "example_of": "is an example of",
}
