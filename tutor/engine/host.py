"""The one place that touches durable-rules: a synchronous host with its sharp edges handled.

durable-rules 2.0.28 (dormant since 2020) was measured here; see
shared notes/durable-rules.md. What this wrapper does about each finding:
- every Host starts two timer threads that never stop: `_run` is a no-op, we drive it synchronously;
- an exception in an action is swallowed into the state: actions record it and `run` raises EngineError;
- a fact no rule matches is not stored, and raises: a collector rule matches every fact;
- `delete_state` segfaults for a sid on which no action fired: each session opens with a fact the
  collector fires on, and the state is deleted in a `finally`;
- 1024 live sids per ruleset: a session lives only inside `run`, so at most one is live;
- sids are hashed to 32 bits and can collide: a new sid must have no state before it is used;
- more than ~511 distinct equality values on one property hangs the engine: refused at construction;
- no truth maintenance: `final` facts are asserted after all others, so rules can wait for them;
- two threads on one host crash it: a lock serialises every call.
"""
from __future__ import annotations

import itertools
import json
import os
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from durable import engine

MAX_VALUES_PER_PROPERTY = 400   # the engine hangs past ~511
MAX_STRING = 65_535             # `$mt` silently fails past this
MAX_PROPERTIES = 250            # error 302 at 253
_COLLECT = "__collect"
_BOOKKEEPING = ("sid", "id", "$s")


class EngineError(Exception):
    """The rule engine refused a ruleset or a fact, or an action failed."""


@dataclass(frozen=True)
class Fired:
    rule: str
    facts: dict[str, dict]


class _Host(engine.Host):
    def __init__(self, actions: dict[str, Callable]):
        self._actions = actions
        super().__init__()

    def get_action(self, action_name):
        return self._actions[action_name]

    def _run(self):  # no timer threads: every call is synchronous
        pass


class RuleEngine:
    """Runs facts through compiled rulesets, one short-lived session per run."""

    _sids = itertools.count(1)

    def __init__(self, rulesets: dict[str, dict], conclude: Callable[[str, dict[str, dict]], list[dict]]):
        self._conclude = conclude
        self._lock = threading.Lock()
        self._fired: list[Fired] = []
        self._error: BaseException | None = None
        definitions, actions = {}, {_COLLECT: lambda c: None}
        for name, rules in rulesets.items():
            _check_values(name, rules)
            definition = {rule: dict(spec, run=rule) for rule, spec in rules.items()}
            definition[_COLLECT] = {"all": [{"f": {"$ex": {"type": 1}}}], "run": _COLLECT}
            definitions[name] = definition
            for rule in rules:
                actions[rule] = self._action(rule)
        try:
            self._host = _Host(actions)
            self._host.register_rulesets(json.loads(json.dumps(definitions)))
        except Exception as e:  # the engine's own errors are bare Exceptions with a code
            raise EngineError(f"the rule engine refused a ruleset: {e}") from None

    def _action(self, rule: str) -> Callable:
        def run(c) -> None:
            if self._error is not None:
                return
            try:
                facts = {alias: _clean(fact) for alias, fact in (c._m or {}).items() if isinstance(fact, dict)}
                self._fired.append(Fired(rule, facts))
                for fact in self._conclude(rule, facts):
                    try:
                        c.assert_fact(dict(fact))
                    except engine.MessageObservedException:
                        pass  # already known: two rules reached the same conclusion
            except BaseException as e:  # durable would swallow it into the state
                self._error = e
        return run

    def run(self, ruleset: str, facts: Iterable[dict], final: Iterable[dict] = ()) -> list[Fired]:
        with self._lock:
            sid = self._new_sid(ruleset)
            self._fired, self._error = [], None
            try:
                self._assert(ruleset, sid, {"type": "$open"})
                for fact in [*facts, *final]:
                    self._assert(ruleset, sid, fact)
                    if self._error is not None:
                        raise EngineError(f"rule action failed: {self._error!r}") from self._error
                return [f for f in self._fired]
            finally:
                self._host.delete_state(ruleset, sid)

    def _new_sid(self, ruleset: str) -> str:
        for _ in range(100):
            sid = f"{os.getpid()}-{next(self._sids)}"
            try:
                self._host.get_state(ruleset, sid)
            except Exception:
                return sid  # no state yet: a fresh sid
        raise EngineError("could not find a free session id")

    def _assert(self, ruleset: str, sid: str, fact: dict) -> None:
        _check_fact(fact)
        try:
            self._host.assert_fact(ruleset, dict(fact, sid=sid))
        except engine.MessageObservedException:
            pass  # an identical fact is already in this session
        except KeyError:
            raise EngineError(f"no ruleset named {ruleset!r}") from None

    def close(self) -> None:
        for ruleset in list(self._host._ruleset_directory):
            self._host._ruleset_directory.pop(ruleset)


def _clean(fact: dict) -> dict:
    return {k: v for k, v in fact.items() if k not in _BOOKKEEPING}


def _check_fact(fact: dict) -> None:
    if len(fact) > MAX_PROPERTIES:
        raise EngineError(f"a fact has {len(fact)} properties; the engine takes at most {MAX_PROPERTIES}")
    for key, value in fact.items():
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise EngineError(f"fact property {key!r} is longer than {MAX_STRING} characters")


def _check_values(ruleset: str, rules: dict) -> None:
    """Count the distinct values compared for equality on each property."""
    values: dict[str, set] = defaultdict(set)

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("$") and isinstance(value, (str, int, float, bool)):
                    values[key].add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(rules)
    for prop, seen in values.items():
        if len(seen) > MAX_VALUES_PER_PROPERTY:
            raise EngineError(f"ruleset {ruleset!r} compares property {prop!r} with {len(seen)} distinct values; "
                              f"the engine hangs past about 511 (limit {MAX_VALUES_PER_PROPERTY}): split the ruleset")
