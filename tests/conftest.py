"""Shared fixtures: the shipped rule base and one answer checker per test session (the checker
owns a durable-rules host; each assessment runs in its own engine session and leaves none behind)."""
import pytest

from tutor.assessment.checker import AnswerChecker
from tutor.content.rulebase import load_rulebase


@pytest.fixture(scope="session")
def rulebase():
    return load_rulebase()


@pytest.fixture(scope="session")
def checker(rulebase):
    return AnswerChecker(rulebase)
