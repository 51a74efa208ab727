"""Quiz reports: a readable transcript (text), the issue's JSON shape, and JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter

from tutor.dialogue.moves import Move
from tutor.quiz.runner import ScriptResult


def text_report(results: list[ScriptResult]) -> str:
    out = []
    for r in results:
        out += [f"=== {r.script}  (dialogue {r.dialogue})", ""]
        out += [move_line(m) for m in r.opening]
        for i, t in enumerate(r.turns, 1):
            verdict = t.verdict or "request"
            out += [
                "",
                f"[{i}] learner ({t.question}): {t.answer}",
                f"    act: {t.act}; verdict: {verdict}"
                + (f"; covers {', '.join(t.expectations)}" if t.expectations else "")
                + (f"; misconceptions {', '.join(t.misconceptions)}" if t.misconceptions else ""),
            ]
            out += [move_line(m) for m in t.reply.moves]
            out += [f"    FAIL {f}" for f in t.failures]
        verdicts = Counter(t.verdict or "request" for t in r.turns)
        met, total = r.checks
        out += [
            "",
            "--- summary",
            f"turns: {len(r.turns)}; {'finished' if r.finished else 'not finished'}; "
            f"questions asked: {', '.join(r.asked)}",
            "verdicts: " + ", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())),
            f"points the learner covered: {', '.join(r.covered) or 'none'}",
            f"checks met: {met} of {total}",
            "final mastery: " + ", ".join(f"{c} {p:.2f}" for c, p in r.mastery.items()),
        ]
        out += [f"FAIL {f}" for f in r.failures]
        out += [f"{'PASS' if r.passed else 'FAIL'} {r.script}", ""]
    passed = sum(r.passed for r in results)
    out.append(f"{passed} of {len(results)} scripts passed")
    return "\n".join(out)


def move_line(move: Move) -> str:
    text = move.text.replace("\n", "\n" + " " * 17)
    return f"    {move.type + ':':<13}{text}"


def json_report(results: list[ScriptResult], coverage: dict | None = None) -> str:
    data = {"passed": all(r.passed for r in results), "scripts": [script_json(r) for r in results]}
    if coverage is not None:
        data["coverage"] = coverage
    return json.dumps(data, indent=2, ensure_ascii=False)


def script_json(r: ScriptResult) -> dict:
    return {
        "script": r.script,
        "dialogue": r.dialogue,
        "passed": r.passed,
        "finished": r.finished,
        "failures": r.failures,
        "asked": r.asked,
        "turns": [
            {
                "answer": t.answer,
                "question": t.question,
                "act": t.act,
                "verdict": t.verdict,
                "expectations": t.expectations,
                "misconceptions": t.misconceptions,
                "moves": [{"type": m.type, "text": m.text} for m in t.reply.moves],
                "failures": t.failures,
            }
            for t in r.turns
        ],
        "mastery": r.mastery,
    }


def junit_report(results: list[ScriptResult]) -> str:
    """One testsuite per script, one testcase per turn, and one for the whole run."""
    suites = ET.Element("testsuites", name="tutor quiz")
    for r in results:
        cases = [(f"turn {i}: {t.answer[:60]}", t.failures) for i, t in enumerate(r.turns, 1)]
        cases.append(("whole run", r.failures))
        failed = sum(bool(f) for _, f in cases)
        suite = ET.SubElement(suites, "testsuite", name=r.script, tests=str(len(cases)), failures=str(failed))
        for name, failures in cases:
            case = ET.SubElement(suite, "testcase", classname=f"quiz.{r.dialogue}", name=name)
            if failures:
                ET.SubElement(case, "failure", message=failures[0]).text = "\n".join(failures)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
