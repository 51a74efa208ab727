"""The shipped lexicon: each class names a member once (until `tutor validate` reports repeats itself)."""

from tutor.text.normalise import normalise


def test_no_class_lists_a_member_twice(rulebase):
    repeated = {}
    for name, members in rulebase.classes.items():
        seen = set()
        for member in members:
            key = normalise(member).strip()  # 'détente' and 'detente' are one member
            if key in seen:
                repeated.setdefault(name, []).append(member)
            seen.add(key)
    assert not repeated, f"members listed twice in their class: {repeated}"
