"""The one place that touches durable-rules: a synchronous host with its sharp edges handled.

durable-rules 2.0.28 (dormant since 2020) was measured here; see the shared
notes/durable-rules.md. What this wrapper does about each finding:
- every Host starts two timer threads that never stop: `_run` is a no-op (we drive the
  engine synchronously), and each RuleEngine has exactly one host;
- an exception in an action is swallowed into the state: our actions record it and `run`
  raises EngineError;
- a fact that no rule matches is not stored (and raises): each ruleset gets a collector rule
  whose first pattern matches every fact and whose second never does, so it stores facts
  without ever firing;
- `delete_state` segfaults for a sid on which no action fired: each session opens with a fact
  that fires a no-op rule, and the state is deleted in a `finally`;
- 1024 live sids per ruleset: a session lives only inside `run`, so at most one is live (plus
  at most MAX_LEAKED that could not be opened, hence not safely deleted);
- sids are hashed to 32 bits (FNV-1a) and can collide, sharing facts: a new sid must have no
  state before it is used;
- more than ~511 distinct equality values on one property hangs the engine: refused at
  construction, naming the property;
- a pattern that can match the session's own state record (e.g. only `$nex` tests) re-fires
  on every state update, forever (found here): refused at construction, naming the rule;
- no truth maintenance: `final` facts are asserted after all others, so negated rules can wait
  for them;
- two threads on one host crash it: a lock serialises every call;
- `$mt` fails silently on long strings and a fact of 253 properties is refused: facts are
  checked before they are asserted.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _core
from durable import engine

MAX_VALUES_PER_PROPERTY = 400  # the engine hangs past ~511 distinct equality values
MAX_STRING_BYTES = 65_535  # `$mt` silently fails on longer strings
MAX_PROPERTIES = 250  # error 302 at 253, counting `sid` and nested keys
MAX_FIRINGS = 10_000  # per run: rules that keep concluding new facts never stop
MAX_LEAKED = 16  # sessions that could not be opened, so are never deleted

BOOKKEEPING = ("sid", "id", "$s")  # durable's own keys: identity, session, state record
_OPEN, _COLLECT = "tutor.open", "tutor.collect"
_OWN_RULES = frozenset((_OPEN, _COLLECT))
_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options builds one a call
_UNHANDLED, _OBSERVED, _NO_STATE = 1, 2, 3  # result codes of durable's assert besides 0 (taken)
_SESSION_KEY, _NEVER_KEY = "tutor_session", "tutor_never"
RESERVED = (*BOOKKEEPING, _SESSION_KEY, _NEVER_KEY)

# Keys of a rule that durable accepts besides the patterns ("run" is ours to set).
_RULE_KEYS = {"all", "any", "pri", "count", "cap", "dist"}
# Operators of an expression; durable silently accepts others and never matches them.
_OPERATORS = {
    "$and",
    "$or",
    "$eq",
    "$neq",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
    "$ex",
    "$nex",
    "$mt",
    "$imt",
    "$iall",
    "$iany",
}
# durable's error codes, as a person would want them explained.
_ERROR_CODES = {"105": "a rule has an unknown key", "202": "unknown operator", "5": "bad regular expression"}


# Facts and rules are JSON-like mappings, as durable takes them; their values are any JSON value.
Fact = dict[str, Any]
Rule = dict[str, Any]  # durable's rule: "all"/"any" patterns and options
Conclude = Callable[[str, dict[str, Fact]], list[Fact]]  # (rule, alias -> matched fact) -> facts concluded
Action = Callable[[Any], None]  # given durable's closure object (untyped)


class EngineError(Exception):
    """The rule engine refused a ruleset or a fact, an action failed, or a limit was hit."""


@dataclass(frozen=True)
class Fired:
    rule: str  # the rule name (durable's "run" name)
    facts: dict[str, Fact]  # alias -> the fact it matched, without durable's bookkeeping keys


class _Host(engine.Host):  # type: ignore[misc]  # durable ships no types: its Host is Any to mypy
    """A host that registers rulesets and starts no timer threads. Runs do not go through it (see
    RuleEngine._assert): it only compiles each ruleset into the engine's C core."""

    def __init__(self) -> None:
        super().__init__()

    def get_action(self, action_name: str) -> Action:
        return _no_op  # actions are dispatched by RuleEngine itself, by rule name

    def _run(self) -> None:  # the timer threads only serve timers and queued events, which we do not use
        pass


class RuleEngine:
    """Runs facts through rulesets, one short-lived session per `run`. Thread-safe (one lock).

    A run talks to durable's C core directly (assert a fact, take the actions it started, complete
    them), as durable's own Python host does, without the closures, promises and JSON round trips of
    the state that it builds around every action: they were most of the cost of grading an answer."""

    _sids = itertools.count(1)  # shared by every engine of the process; the pid tells processes apart

    def __init__(self, rulesets: dict[str, dict[str, Rule]], conclude: Conclude):
        self._conclude = conclude
        self._lock = threading.Lock()
        self._fired: list[Fired] = []
        self._error: str | None = None
        self._leaked = 0
        definitions = {name: _definition(name, rules) for name, rules in rulesets.items()}
        self._host: _Host | None = _Host()
        try:
            self._host.register_rulesets(definitions)
        except Exception as e:  # the engine's own errors are bare Exceptions with a code
            raise EngineError(f"the rule engine refused a ruleset: {_error_meaning(e)}") from None
        self._handles: dict[str, int] = {name: self._host.get_ruleset(name)._handle for name in rulesets}

    def run(self, ruleset: str, facts: Iterable[Fact], final: Iterable[Fact] = ()) -> list[Fired]:
        """A fresh session: assert `facts`, then `final`; the rules fired, in order."""
        with self._lock:
            if self._host is None:
                raise EngineError("the rule engine is closed")
            if ruleset not in self._handles:
                raise EngineError(f"no ruleset named {ruleset!r}")
            handle = self._handles[ruleset]
            sid = self._open(handle)
            try:
                for fact in itertools.chain(facts, final):
                    check_fact(fact)
                    self._assert(handle, sid, fact)
                return self._fired
            finally:
                _core.delete_state(handle, sid)

    def close(self) -> None:
        """Drop the host. durable cannot unregister rulesets, so their memory stays until exit."""
        with self._lock:
            self._host = None

    def _open(self, handle: int) -> str:
        """A sid with no state yet, on which a no-op action has fired (so it can be deleted)."""
        if self._leaked >= MAX_LEAKED:
            raise EngineError(f"{self._leaked} sessions of the rule engine could not be opened; giving up")
        sid = self._free_sid(handle)
        self._fired, self._error = [], None
        try:
            self._assert(handle, sid, {_SESSION_KEY: "open"})
        except EngineError as e:
            self._leaked += 1  # no action fired on it: deleting it would crash the process
            raise EngineError(f"could not open a rule engine session: {e}") from None
        return sid

    def _free_sid(self, handle: int) -> str:
        for _ in range(100):
            sid = f"{os.getpid()}-{next(self._sids)}"
            try:
                _core.get_state(handle, sid)
            except Exception:  # error 309: no state, so nobody else's facts either
                return sid
        raise EngineError("could not find a free session id for the rule engine")

    def _assert(self, handle: int, sid: str, fact: Fact) -> None:
        """Assert a fact of the session, then run the actions it starts, and those their conclusions
        start, each to completion (forward chaining), as durable's Host.assert_fact does."""
        code, state = self._put(handle, sid, fact)
        if code == _OBSERVED:
            return  # an identical fact is already in this session: nothing new to conclude
        try:
            started = _core.start_action_for_state(handle, state)
            state_json, message = started or (None, None)
            while message:  # one action at a time: its rule and the facts it matched, by alias
                rule, matched = next(iter(json.loads(message).items()))
                self._act(handle, sid, rule, matched)
                _core.update_state(handle, state_json)  # unchanged: no action of ours edits the state
                message = _core.complete_and_start_action(handle, state)
        except Exception as e:
            _core.abandon_action(handle, state)
            raise EngineError(f"the rule engine failed after fact {_short(fact)}: {_error_meaning(e)}") from None
        if self._error is not None:
            raise EngineError(self._error)

    @staticmethod
    def _put(handle: int, sid: str, fact: Fact) -> tuple[int, int]:
        """durable's assert: (its result code, the state handle the actions it started are taken from)."""
        try:
            code, state = _core.assert_fact(handle, _encode(dict(fact, sid=sid)))
        except Exception as e:
            raise EngineError(f"the rule engine refused fact {_short(fact)}: {_error_meaning(e)}") from None
        if code == _UNHANDLED:  # the collector rule takes every fact: this is not expected
            raise EngineError(f"the rule engine did not keep fact {_short(fact)}")
        return code, 0 if code == _NO_STATE else state

    def _act(self, handle: int, sid: str, rule: str, matched: dict[str, Fact]) -> None:
        """One firing: record it and assert its conclusions into the session (the rules chain; a
        conclusion already known means two rules reached it)."""
        if self._error is not None or rule in _OWN_RULES:
            return  # the run has failed (let the engine drain), or a rule of ours that does nothing
        try:
            facts = {alias: clean(fact) for alias, fact in matched.items()}
            self._fired.append(Fired(rule, facts))
            if len(self._fired) > MAX_FIRINGS:
                raise EngineError(
                    f"more than {MAX_FIRINGS} rules fired for one answer: do rules conclude ever-new facts?"
                )
            for fact in self._conclude(rule, facts):
                check_fact(fact)
                self._put(handle, sid, fact)  # _OBSERVED: already concluded
        except Exception as e:
            self._error = (
                f"rule {rule!r} failed: {e}"
                if isinstance(e, EngineError)
                else f"rule {rule!r} failed: {type(e).__name__}: {e}"
            )


def _no_op(c: Any) -> None:
    pass


def clean(fact: Fact) -> Fact:
    """A fact as the rules' author wrote it: without durable's bookkeeping keys."""
    return {k: v for k, v in fact.items() if k not in BOOKKEEPING}


_SHORT_SCALARS = frozenset((int, float, bool, type(None)))
_SHORT_STRING = MAX_STRING_BYTES // 4  # at most 4 bytes a character: no such string is too long


def check_fact(fact: object) -> None:
    """Refuse what the engine would mishandle: reserved keys, too many properties, long strings."""
    if not isinstance(fact, dict) or not all(isinstance(k, str) for k in fact):
        raise EngineError(f"a fact must be a mapping with string keys, not {_short(fact)}")
    reserved = [k for k in fact if k in RESERVED]
    if reserved:
        raise EngineError(f"fact {_short(fact)} uses the reserved key {reserved[0]!r}")
    if len(fact) <= MAX_PROPERTIES and all(
        type(v) in _SHORT_SCALARS or (type(v) is str and len(v) <= _SHORT_STRING) for v in fact.values()
    ):
        return  # a flat fact of short values, as every fact of the checker: nothing deeper to walk
    count = 0

    def walk(value: object, where: str) -> None:
        nonlocal count
        if isinstance(value, dict):
            for key, item in value.items():
                count += 1
                walk(item, f"{where}.{key}" if where else key)
        elif isinstance(value, list):
            for item in value:
                walk(item, where)
        elif isinstance(value, str) and len(value) > MAX_STRING_BYTES // 4 and len(value.encode()) > MAX_STRING_BYTES:
            raise EngineError(f"fact property {where!r} is longer than {MAX_STRING_BYTES} bytes")

    walk(fact, "")
    if count > MAX_PROPERTIES:
        raise EngineError(f"a fact has {count} properties; the engine takes at most {MAX_PROPERTIES}")


def _definition(name: str, rules: dict[str, Rule]) -> dict[str, Rule]:
    """durable's definition of one ruleset: ours checked, run = rule name, plus open and collector rules."""
    if not isinstance(rules, dict):
        raise EngineError(f"ruleset {name!r} must map rule names to rules")
    for rule, spec in rules.items():
        if rule in (_OPEN, _COLLECT):
            raise EngineError(f"ruleset {name!r}: the rule name {rule!r} is reserved")
        if not isinstance(spec, dict) or not ({"all", "any"} & spec.keys()):
            raise EngineError(f"ruleset {name!r}, rule {rule!r}: a rule needs 'all' or 'any' patterns")
        unknown = sorted(spec.keys() - _RULE_KEYS)
        if unknown:
            raise EngineError(f"ruleset {name!r}, rule {rule!r}: unknown key {unknown[0]!r}")
        for pattern in _patterns(spec.get("all", []) + spec.get("any", []), negated=True):
            operator = _unknown_operator(pattern)
            if operator:
                raise EngineError(f"ruleset {name!r}, rule {rule!r}: unknown operator {operator!r}")
        for pattern in _patterns(spec.get("all", []) + spec.get("any", []), negated=False):
            if _may_match_state(pattern):
                raise EngineError(
                    f"ruleset {name!r}, rule {rule!r}: pattern {_short(pattern)} can match the "
                    f"engine's own state record and would fire forever; test a property the "
                    f"facts have"
                )
    _check_values(name, rules)
    # durable edits what it is given (it deletes "run"), so it gets a copy.
    definition = {rule: dict(copy.deepcopy(spec), run=rule) for rule, spec in rules.items()}
    definition[_OPEN] = {"all": [{"s": {_SESSION_KEY: "open"}}], "run": _OPEN}
    definition[_COLLECT] = {"all": [{"f": {"$nex": {_NEVER_KEY: 1}}}, {"never": {_NEVER_KEY: 1}}], "run": _COLLECT}
    return definition


def _patterns(patterns: list[Any], negated: bool) -> Iterable[Fact]:
    """The expressions of `{alias: expr}` patterns; with negated=False, only those that must match
    for the rule to fire (not `alias$not`)."""
    for pattern in patterns:
        for alias, expr in pattern.items() if isinstance(pattern, dict) else ():
            if alias.endswith("$not") and not negated:
                continue
            if alias.endswith(("$all", "$any")) and isinstance(expr, list):
                yield from _patterns(expr, negated)
            elif isinstance(expr, dict):
                yield expr


def _unknown_operator(expr: Fact) -> str | None:
    for op, arg in expr.items():
        if op.startswith("$") and op not in _OPERATORS:
            return op
        if op in ("$and", "$or") and isinstance(arg, list):
            found = next((u for e in arg if isinstance(e, dict) for u in [_unknown_operator(e)] if u), None)
            if found:
                return found
    return None


def _may_match_state(expr: Fact) -> bool:
    """Could this expression match durable's state record {"sid", "id", "$s": 1}? (Errs towards yes.)"""
    if not expr:
        return True
    results = []
    for op, arg in expr.items():
        if op == "$and":
            results.append(all(_may_match_state(e) for e in arg))
        elif op == "$or":
            results.append(any(_may_match_state(e) for e in arg))
        elif op == "$nex":
            results.append(not set(arg) & set(BOOKKEEPING))
        elif op == "$neq":
            results.append(True)  # whether a missing property is "not equal" is the engine's call
        elif op.startswith("$"):
            results.append(isinstance(arg, dict) and bool(set(arg) & set(BOOKKEEPING)))
        else:  # equality on a property
            results.append(op in BOOKKEEPING)
    return all(results)


def _check_values(ruleset: str, rules: dict[str, Rule]) -> None:
    """Count the distinct values compared for equality on each property of a ruleset."""
    values: dict[str, set[str | int | float | bool]] = defaultdict(set)

    def walk(node: object) -> None:
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
            raise EngineError(
                f"ruleset {ruleset!r} compares property {prop!r} with {len(seen)} distinct values; "
                f"the engine hangs past about 511 (limit {MAX_VALUES_PER_PROPERTY}): split it "
                f"across properties or rulesets"
            )


def _error_meaning(error: Exception) -> str:
    text = str(error)
    code = text.rpartition("error code: ")[2]
    for prefix, meaning in _ERROR_CODES.items():  # "5": every 5xx code is the regex compiler's
        if text != code and code.startswith(prefix):
            return f"{meaning} ({text})"
    return text


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
