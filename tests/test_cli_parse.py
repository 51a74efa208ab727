"""Opening the app reads its command line without building the commands' parsers (cli/main.py).
Whatever the shortcut reads, it must read exactly as the full parser does, and say the same."""

from __future__ import annotations

import pytest

from tutor.cli.main import build_parser, parse_args

READ = [
    [],
    ["--dialogue", "no-choice"],
    ["--dialogue=limits-and-tragedy", "--resume"],
    ["--resume", "--plain", "--json"],
    ["--data-dir", "/tmp/somewhere", "--content", "a", "--content", "b"],
    ["--dial", "no-choice"],  # an abbreviation, as argparse allows
    ["grade", "--jobs", "2", "answers.jsonl"],
    ["--content", "x", "validate"],
]
REFUSED = [["--help"], ["-h"], ["--he"], ["--bogus"], ["--dialogue"], ["no-such-command"], ["--resume", "extra"]]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
def test_the_app_alone_reads_as_the_full_parser_does(argv):
    assert vars(parse_args(argv)) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize("argv", REFUSED, ids=" ".join)
def test_help_and_mistakes_are_said_by_the_full_parser(argv, capsys):
    with pytest.raises(SystemExit) as shortcut:
        parse_args(argv)
    said = capsys.readouterr()
    with pytest.raises(SystemExit) as full:
        build_parser(argv).parse_args(argv)
    assert shortcut.value.code == full.value.code
    assert said == capsys.readouterr()
    assert "COMMAND" in said.out + said.err  # the usage lists the commands
