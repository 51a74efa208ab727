"""`tutor validate`: every problem in the authored content, each at its line, each with a hint.

Top-down: `check.py` runs it all. `sources.py` finds the files and their layers;
`loading.py` reads each one (YAML, then the pydantic model of its kind: rules,
dialogue or quiz script) and merges the rule base; then each remaining module holds one
family of checks, each a small function returning `Problem`s: `ids.py` (duplicates,
dropped curriculum ids), `cues.py` (cues that never match or are shadowed, classes listing
a member twice), `inference.py` (rules whose conclusion is unused or whose condition is
never produced), `dialogues.py` (misconceptions without a challenge, expectations without
hints, steps that cannot be reached or never end), `quizzes.py` (ids a quiz script names),
and last `examples.py` (examples and counterexamples the rules grade wrong).
"""
