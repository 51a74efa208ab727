"""Shared fixtures: the shipped rule base and one answer checker per test session.

Compiling the rule base into a checker takes about half a second, and most command tests
(`tutor grade`, `quiz`, `explain`, the app) would otherwise compile their own. The checker owns a
durable-rules host; each assessment runs in its own engine session and leaves none behind, so one
checker can serve every test that grades with the shipped rules.
"""

import os

import pytest

from tutor.assessment import checker as checker_module
from tutor.assessment.checker import AnswerChecker
from tutor.content.locate import ENV_CONTENT, content_roots, shipped_root
from tutor.content.rulebase import load_rulebase


@pytest.fixture(scope="session")
def rulebase():
    with pytest.MonkeyPatch.context() as env:  # the shipped rules alone, whatever the developer's shell layers
        env.delenv(ENV_CONTENT, raising=False)
        return load_rulebase()


@pytest.fixture(scope="session")
def checker(rulebase):
    return AnswerChecker(rulebase)


@pytest.fixture(autouse=True)
def one_compiled_checker(checker, monkeypatch):
    """Commands that load the checker of the shipped rules get the session's instead of compiling one.

    Content layered on top (--content, $TUTOR_CONTENT) still gets a checker of its own, and so
    does a forked worker process (`grade --jobs`), which must not share the parent's engine."""
    real_load_checker = checker_module.load_checker
    owner = os.getpid()

    def load_checker(content=None):
        if os.getpid() == owner and content_roots(content) == [shipped_root()]:
            return checker
        return real_load_checker(content)

    monkeypatch.setattr(checker_module, "load_checker", load_checker)
    # grade imports the name at module level; the other commands import it when they run.
    from tutor.cli import grade

    if hasattr(grade, "load_checker"):
        monkeypatch.setattr(grade, "load_checker", load_checker)


# Files whose every test is end to end: the Textual app driven by a pilot, or `tutor validate` checking
# the whole shipped content (about half a second a run). Single slow tests elsewhere carry
# @pytest.mark.slow themselves. `pytest -m "not slow"` is the quick loop; CI runs everything.
SLOW_FILES = {"test_tui_chat.py", "test_tui_real_dialogue.py", "test_validate_broken.py", "test_validate_cli.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
