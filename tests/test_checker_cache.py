"""The compiled checker kept on disk: used only while the content it was compiled from is unchanged,
and a damaged file is compiled again and replaced, never a crash."""

import pickle
import textwrap
from pathlib import Path

import pytest

import tutor
from tutor.assessment.cache import ENV_CACHE_DIR, KEPT, fingerprint
from tutor.assessment.checker import load_checker

RULES = """\
    claims:
      colour_claim:
        means: the learner names an animal by its colour
        cues: ["{cue}"]
    """


@pytest.fixture
def course(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)
    (tmp_path / "course" / "rules").mkdir(parents=True)
    return tmp_path / "course"


def write_cue(course, cue: str) -> None:
    (course / "rules" / "mine.yaml").write_text(textwrap.dedent(RULES).replace("{cue}", cue))


def claims(checker, text: str) -> list[str]:
    return [m.claim for m in checker.reader.read(text).matches if m.claim == "colour_claim"]


def cache_files(course):
    return sorted((course.parent / "cache").glob("checker-*.pickle"))


def test_a_second_load_reads_the_cache_and_grades_the_same(course):
    write_cue(course, "purple elephant")
    first = load_checker([course])
    assert len(cache_files(course)) == 1
    second = load_checker([course])
    answer = "Russia had no choice, said the purple elephants."
    assert second.assess("no_choice", answer) == first.assess("no_choice", answer)
    assert claims(second, answer) == ["colour_claim"]


def test_changed_content_is_never_read_from_a_stale_cache(course):
    write_cue(course, "purple elephant")
    assert claims(load_checker([course]), "purple elephants") == ["colour_claim"]
    write_cue(course, "green giraffe")
    checker = load_checker([course])
    assert claims(checker, "purple elephants") == [] and claims(checker, "green giraffes") == ["colour_claim"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", pickle.dumps(("another key", "not a checker"))])
def test_a_damaged_cache_file_is_compiled_again_and_replaced(course, damage):
    write_cue(course, "purple elephant")
    load_checker([course])
    [path] = cache_files(course)
    path.write_bytes(damage)
    assert claims(load_checker([course]), "purple elephants") == ["colour_claim"]
    key, compiled = pickle.loads(path.read_bytes())
    assert key in path.name and type(compiled).__name__ == "Compiled"


def test_a_cache_directory_that_cannot_be_made_means_no_cache(course, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    monkeypatch.setenv(ENV_CACHE_DIR, str(blocker / "cache"))
    write_cue(course, "purple elephant")
    assert claims(load_checker([course]), "purple elephants") == ["colour_claim"]


def test_files_of_older_versions_are_removed_but_a_few(course):
    cache = course.parent / "cache"
    cache.mkdir()
    for n in range(12):
        (cache / f"checker-{n:032x}.pickle").write_bytes(b"an older version's checker")
    write_cue(course, "purple elephant")
    load_checker([course])
    left = cache_files(course)
    assert len(left) == KEPT and any(file.stat().st_size > 100 for file in left)  # the new one stays


def test_source_edited_after_the_process_loaded_it_means_no_cache(course, monkeypatch):
    """A process running older code than the files on disk (upgraded under it, or edited) would cache
    what the old code compiles under the new code's fingerprint, for every later start to trust."""
    write_cue(course, "purple elephant")
    newest = max(p.stat().st_mtime for p in Path(tutor.__file__).parent.rglob("*.py"))
    monkeypatch.setattr(tutor, "STARTED", newest - 1)
    assert fingerprint([course / "rules" / "mine.yaml"]) is None
    load_checker([course])
    assert cache_files(course) == []
    monkeypatch.setattr(tutor, "STARTED", newest)
    load_checker([course])
    assert len(cache_files(course)) == 1


def test_a_rules_file_that_is_not_a_regular_file_is_not_read_for_the_key(tmp_path):
    """A link to /dev/zero would be read without end; the key is not made, and compiling reports it."""
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    regular = tmp_path / "mine.yaml"
    regular.write_text("claims: {}\n")
    assert fingerprint([regular]) is not None
    assert fingerprint([regular, link]) is None


def test_a_first_starts_child_compiles_the_rule_base_it_read_and_never_a_stale_one(course, monkeypatch):
    from tutor.content import rulebase
    from tutor.service.course import load_course
    from tutor.tui.preview import prepare_checker

    def compile_checker(content, read):  # as the child does: check answers with it, then save it
        _, save = prepare_checker(content, read)
        save()

    write_cue(course, "purple elephant")
    read = load_course([course])  # what the child read to work out the opening
    write_cue(course, "green giraffe")  # an author saves a rule file meanwhile
    compile_checker([course], read)
    checker = load_checker([course])  # what the app's first answer gets, from the cache
    assert claims(checker, "purple elephants") == [] and claims(checker, "green giraffes") == ["colour_claim"]

    write_cue(course, "blue whale")
    read = load_course([course])
    monkeypatch.setattr(rulebase, "load_rulebase", lambda content: pytest.fail("the rule base was read again"))
    compile_checker([course], read)  # the files are those it read: compiled from what is in hand
    assert claims(load_checker([course]), "blue whales") == ["colour_claim"]


def test_a_checker_used_before_its_cues_are_keyed_reads_every_answer_as_after(rulebase, checker):
    """A first start's child answers with cues not yet keyed (keying waits until the learner has a
    reply): the keys only decide which cues are tried first, never what is found."""
    import json
    from pathlib import Path

    from tutor.assessment.checker import AnswerChecker, Compiled

    hurried, keyed = AnswerChecker(None, Compiled.of(rulebase, keyed=False)), checker
    dev = Path(__file__).parent / "data" / "dev.jsonl"
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) > 100
    for row in rows:
        before = hurried.assess(row["question"], row["answer"]).trace_json()
        assert before == keyed.assess(row["question"], row["answer"]).trace_json(), row["id"]
    assert hurried.reader.cues.by_key != keyed.reader.cues.by_key  # so the two really differ in how they search
