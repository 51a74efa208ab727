"""The curriculum contract: the shipped rules/ keep every id that the dialogues and `tutor grade` must speak.

tests/data/curriculum.yaml is a copy of the project's shared/curriculum.yaml, so the contract is
checked in any clone; where the original sits next to the checkout, the copy must match it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tutor.validate.ids import contract

REPO = Path(__file__).resolve().parent.parent
CURRICULUM = REPO / "tests" / "data" / "curriculum.yaml"
SHARED_CURRICULUM = REPO.parent / "shared" / "curriculum.yaml"


def test_shipped_rules_keep_every_id_of_the_curriculum():
    curriculum = yaml.safe_load(CURRICULUM.read_text())
    ids = contract()
    assert set(curriculum["concepts"]) <= set(ids["concepts"])
    assert set(curriculum["misconceptions"]) <= set(ids["misconceptions"])
    assert set(curriculum["questions"]) <= set(ids["questions"])
    for question, spec in curriculum["questions"].items():
        assert set(spec["expectations"]) <= ids["questions"][question], question
        assert set(spec["watch"]) <= set(ids["misconceptions"])


def test_the_copy_matches_the_shared_original():
    if not SHARED_CURRICULUM.exists():
        pytest.skip("no shared/curriculum.yaml next to this checkout to compare the copy with")
    assert CURRICULUM.read_bytes() == SHARED_CURRICULUM.read_bytes(), "copy shared/curriculum.yaml to tests/data/"
