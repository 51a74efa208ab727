"""The durable-rules wrapper: forward chaining, and each sharp edge of notes/durable-rules.md handled.

Tests that would crash the interpreter if the wrapper regressed (segfaults, MemoryError deep in C)
run in a subprocess, so a crash fails one test and not the whole run; and before any test runs the
engine in this process, one subprocess checks that a plain run does not crash.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import threading

import pytest

from tutor.engine import host
from tutor.engine.host import EngineError, Fired, RuleEngine

# A claim concludes an expectation, which (with the question) concludes a concept: two chained steps.
RULES = {
    "answer": {
        "claim_to_expectation": {"all": [{"c": {"$and": [{"type": "claim"}, {"claim": "choose"}]}}]},
        "expectation_to_concept": {"all": [{"e": {"type": "expectation"}}, {"q": {"type": "question"}}]},
        # Fires only once the answer is complete (the `end` fact) and nothing blocked it.
        "unblocked": {"all": [{"end": {"type": "end"}}, {"b$not": {"type": "blocker"}}]},
    }
}
CONCLUSIONS = {
    "claim_to_expectation": [{"type": "expectation", "expectation": "states_choose"}],
    "expectation_to_concept": [{"type": "concept", "concept": "interpretation"}],
}


def conclude(rule: str, facts: dict[str, dict]) -> list[dict]:
    return CONCLUSIONS.get(rule, [])


def fired_rules(fired: list[Fired]) -> list[str]:
    return [f.rule for f in fired]


def run_in_subprocess(code: str) -> str:
    """Run `code` in a fresh interpreter; fail (not crash) on a non-zero exit, e.g. a segfault (-11)."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-1500:]}"
    return done.stdout


NO_RULE_FIRES = """
    from tutor.engine.host import RuleEngine
    engine = RuleEngine({"answer": {"r": {"all": [{"m": {"type": "never_asserted"}}]}}}, lambda r, f: [])
    for _ in range(20):
        assert engine.run("answer", []) == []
        assert engine.run("answer", [{"type": "other"}]) == []
    print("ok")
"""


@pytest.fixture(scope="module", autouse=True)
def engine_does_not_crash():
    try:
        run_in_subprocess(NO_RULE_FIRES)
    except AssertionError as e:
        pytest.fail(f"a plain run crashes the interpreter, so no test runs in process: {e}")


def fnv1a_32(text: str) -> int:
    """The hash durable-rules files sids under (fnv1Hash32 in its state.c)."""
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


# --- what the rules do -------------------------------------------------------------------------


def test_conclusions_chain_and_fired_facts_are_clean():
    engine = RuleEngine(RULES, conclude)
    fired = engine.run("answer", [{"type": "question", "question": "q1"}, {"type": "claim", "claim": "choose"}])
    assert fired_rules(fired) == ["claim_to_expectation", "expectation_to_concept"]
    assert fired[0].facts == {"c": {"type": "claim", "claim": "choose"}}  # no sid, id or $s
    assert fired[1].facts["e"] == {"type": "expectation", "expectation": "states_choose"}


def test_runs_are_independent_sessions():
    engine = RuleEngine(RULES, conclude)
    engine.run("answer", [{"type": "question", "question": "q1"}])
    # The question of the previous run is gone: the expectation alone cannot reach the concept.
    assert fired_rules(engine.run("answer", [{"type": "claim", "claim": "choose"}])) == ["claim_to_expectation"]


def test_facts_no_rule_matches_are_kept_not_refused():
    calls = []

    def conclude_unmatched(rule, facts):
        calls.append(rule)
        return [{"type": "nobody_listens"}]  # a conclusion that no rule matches

    engine = RuleEngine(RULES, conclude_unmatched)
    fired = engine.run("answer", [{"type": "unknown_kind"}, {"type": "claim", "claim": "choose"}])
    assert fired_rules(fired) == ["claim_to_expectation"] == calls


def test_a_fact_that_arrives_later_still_joins():
    # The expectation comes first, the question last; the join still fires (facts are stored).
    engine = RuleEngine(RULES, conclude)
    fired = engine.run("answer", [{"type": "claim", "claim": "choose"}, {"type": "question", "question": "q1"}])
    assert fired_rules(fired) == ["claim_to_expectation", "expectation_to_concept"]


def test_identical_facts_are_ignored():
    engine = RuleEngine(RULES, conclude)
    claim = {"type": "claim", "claim": "choose"}
    assert fired_rules(engine.run("answer", [claim, dict(claim)])) == ["claim_to_expectation"]


def test_final_facts_let_negated_rules_decide_on_the_whole_answer():
    # No truth maintenance: without the end-of-answer gate, `unblocked` would fire before the blocker.
    engine = RuleEngine(RULES, conclude)
    end = [{"type": "end"}]
    assert fired_rules(engine.run("answer", [{"type": "claim", "claim": "x"}], final=end)) == ["unblocked"]
    assert fired_rules(engine.run("answer", [{"type": "claim", "claim": "x"}, {"type": "blocker"}], final=end)) == []


# --- errors come out as one EngineError -----------------------------------------------------


def test_an_action_that_raises_is_an_engine_error_and_the_engine_goes_on():
    def broken(rule, facts):
        if facts.get("c", {}).get("claim") == "boom":
            raise ValueError("no conclusion for boom")
        return []

    engine = RuleEngine({"answer": {"any_claim": {"all": [{"c": {"type": "claim"}}]}}}, broken)
    with pytest.raises(EngineError, match=r"any_claim.*no conclusion for boom"):
        engine.run("answer", [{"type": "claim", "claim": "choose"}, {"type": "claim", "claim": "boom"}])
    # durable would have swallowed it; we raised, and the next answer is graded normally.
    assert fired_rules(engine.run("answer", [{"type": "claim", "claim": "choose"}])) == ["any_claim"]


@pytest.mark.parametrize(
    "rules, message",
    [
        # durable itself accepts an unknown operator and then never matches it.
        ({"r": {"all": [{"m": {"$and": [{"type": "x"}, {"$like": {"t": "x"}}]}}]}}, "unknown operator '\\$like'"),
        ({"r": {"all": [{"m": {"type": "x"}}, {"n$not": {"$nope": {"t": 1}}}]}}, "unknown operator '\\$nope'"),
        ({"r": {"all": [{"m": {"$mt": {"t": "[a-"}}}]}}, "bad regular expression"),
        ({"r": {"all": [{"m": {"$mt": {"t": "("}}}]}}, "bad regular expression"),
        ({"r": {"all": [{"m": {"type": "x"}}], "description": "metadata"}}, "unknown key 'description'"),
        ({"r": {"pri": 1}}, "needs 'all' or 'any'"),
        ({"tutor.open": {"all": [{"m": {"type": "x"}}]}}, "reserved"),
    ],
)
def test_an_invalid_ruleset_is_one_clear_error(rules, message):
    with pytest.raises(EngineError, match=message):
        RuleEngine({"answer": rules}, conclude)


def test_a_pattern_that_matches_the_state_record_is_refused():
    # Such a rule re-fires on every update of the session's state record: the run never ends.
    with pytest.raises(EngineError, match=r"'absent'.*fire forever"):
        RuleEngine({"answer": {"absent": {"all": [{"m": {"$nex": {"type": 1}}}]}}}, conclude)
    # Testing a property the facts have is fine, even beside a $nex.
    RuleEngine({"answer": {"ok": {"all": [{"m": {"$and": [{"type": "claim"}, {"$nex": {"x": 1}}]}}]}}}, conclude)


def test_unknown_ruleset_and_closed_engine():
    engine = RuleEngine(RULES, conclude)
    with pytest.raises(EngineError, match="no ruleset named 'nope'"):
        engine.run("nope", [])
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.run("answer", [])


def test_rules_that_conclude_new_facts_forever_hit_a_limit(monkeypatch):
    monkeypatch.setattr(host, "MAX_FIRINGS", 50)
    counter = itertools.count()
    engine = RuleEngine(
        {"loop": {"step": {"all": [{"n": {"type": "n"}}]}}}, lambda rule, facts: [{"type": "n", "n": next(counter)}]
    )
    with pytest.raises(EngineError, match="more than 50 rules fired"):
        engine.run("loop", [{"type": "n", "n": -1}])


# --- limits of the engine, checked before they bite ------------------------------------------


def test_too_many_distinct_values_on_one_property_is_refused_naming_it():
    def rules(n):
        return {"big": {f"r{i}": {"all": [{"m": {"$and": [{"type": "claim"}, {"claim": f"c{i}"}]}}]} for i in range(n)}}

    RuleEngine(rules(host.MAX_VALUES_PER_PROPERTY), conclude)  # at the bound: fine
    with pytest.raises(EngineError, match="property 'claim' with 401 distinct values"):
        RuleEngine(rules(host.MAX_VALUES_PER_PROPERTY + 1), conclude)


@pytest.mark.parametrize(
    "fact, message",
    [
        ({"type": "claim", "text": "a" * 70_000}, "'text' is longer than 65535 bytes"),
        ({"type": "claim", "text": "é" * 40_000}, "'text' is longer than 65535 bytes"),  # 80,000 bytes
        ({"type": "claim", **{f"p{i}": i for i in range(260)}}, "261 properties"),
        ({"type": "claim", "nested": {f"p{i}": i for i in range(300)}}, "302 properties"),
        ({"type": "claim", "sid": "other"}, "reserved key 'sid'"),
        ({"type": "claim", "id": 7}, "reserved key 'id'"),
        (["not", "a", "mapping"], "must be a mapping"),
    ],
)
def test_facts_the_engine_would_mishandle_are_refused(fact, message):
    engine = RuleEngine(RULES, conclude)
    with pytest.raises(EngineError, match=message):
        engine.run("answer", [fact])
    assert fired_rules(engine.run("answer", [{"type": "claim", "claim": "choose"}])) == ["claim_to_expectation"]


def test_a_bad_conclusion_is_refused_too():
    engine = RuleEngine(RULES, lambda rule, facts: [{"type": "x", "sid": "elsewhere"}])
    with pytest.raises(EngineError, match=r"claim_to_expectation.*reserved key 'sid'"):
        engine.run("answer", [{"type": "claim", "claim": "choose"}])


# --- crashes and leaks of the engine, avoided ---------------------------------------------------


def test_sessions_where_no_rule_fired_are_deleted_without_a_crash():
    # delete_state segfaults on a sid where no action fired; the session-open rule prevents it.
    assert run_in_subprocess(NO_RULE_FIRES).strip() == "ok"


def test_more_runs_than_the_engine_has_live_sessions():
    # 1024 live sids per ruleset raise MemoryError; every run deletes its session.
    out = run_in_subprocess("""
        from tutor.engine.host import RuleEngine
        engine = RuleEngine({"answer": {"r": {"all": [{"m": {"type": "claim"}}]}}}, lambda r, f: [])
        fired = sum(len(engine.run("answer", [{"type": "claim", "n": i}])) for i in range(3000))
        print(fired)
    """)
    assert out.strip() == "3000"


def test_a_colliding_session_id_is_skipped(monkeypatch):
    # Two sids with the same 32-bit hash share one state in durable; prove the premise first.
    first, second = "t-87309", "t-768202"
    assert first != second and fnv1a_32(first) == fnv1a_32(second)
    rules = {
        "answer": {
            "sees_other": {"all": [{"mine": {"type": "probe"}}, {"theirs": {"type": "secret"}}]},
            "probe": {"all": [{"p": {"type": "probe"}}]},
        }
    }
    engine = RuleEngine(rules, conclude)
    # Another session (here: planted directly on the host) is live under `first`.
    engine._host.assert_fact("answer", {"sid": first, "type": "probe", "owner": "other"})
    engine._host.assert_fact("answer", {"sid": first, "type": "secret"})
    # The engine's next sid would be `second`.
    monkeypatch.setattr(host.os, "getpid", lambda: "t")
    monkeypatch.setattr(RuleEngine, "_sids", itertools.count(768202))

    fired = engine.run("answer", [{"type": "probe"}])
    assert fired_rules(fired) == ["probe"]  # it did not see the other session's secret
    # ... and did not delete the other session either.
    assert {"type": "secret"} in [host.clean(f) for f in engine._host.get_facts("answer", first)]


def test_engines_start_no_threads():
    before = threading.active_count()
    engines = [RuleEngine(RULES, conclude) for _ in range(30)]
    assert threading.active_count() == before
    assert all(e.run("answer", [{"type": "claim", "claim": "choose"}]) for e in engines)


def test_one_engine_shared_by_two_threads_gives_right_answers():
    engine = RuleEngine(RULES, conclude)
    wrong: list = []

    def grade(claim: str, expected: list[str]) -> None:
        for _ in range(300):
            got = fired_rules(
                engine.run("answer", [{"type": "question", "question": "q"}, {"type": "claim", "claim": claim}])
            )
            if got != expected:
                wrong.append((claim, got))

    threads = [
        threading.Thread(target=grade, args=("choose", ["claim_to_expectation", "expectation_to_concept"])),
        threading.Thread(target=grade, args=("other", [])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
