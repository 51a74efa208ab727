"""Content files: only regular files are read, never more than the limit, from folders that exist.

Reproduces issue #11's probes: a rule file that is a link to /dev/zero (read without end
before), a FIFO in the content folder or named on the command line (every command hung),
and a --content / $TUTOR_CONTENT folder that does not exist (the shipped rules graded
silently). Each now stops at once with one line naming the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.content import yamlfile
from tutor.content.problems import ContentError
from tutor.content.yamlfile import read_yaml

TUTOR = [sys.executable, "-m", "tutor"]
POSIX = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero (POSIX)"
)


def tutor(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    # A timeout, not a hang, is what a regression here would look like.
    return subprocess.run(
        [*TUTOR, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | (env or {}),
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def content(tmp_path) -> Path:
    (tmp_path / "rules").mkdir()
    return tmp_path


@POSIX
def test_a_link_to_dev_zero_is_refused_at_once_as_a_device(content):
    link = content / "rules" / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ContentError, match=r"zero\.yaml:1:1: error: this is a character device, not a regular file"):
        read_yaml(link)


@POSIX
def test_a_fifo_is_refused_without_waiting_for_a_writer(content):
    fifo = content / "rules" / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ContentError, match=r"pipe\.yaml:1:1: error: this is a FIFO"):
        read_yaml(fifo)


@POSIX
@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--content", "{root}"],
        ["validate", "{fifo}"],
        ["quiz", "{fifo}"],
        ["grade", "--content", "{root}", "/dev/null"],
    ],
)
def test_commands_name_the_fifo_instead_of_hanging(content, command):
    fifo = content / "rules" / "pipe.yaml"
    os.mkfifo(fifo)
    done = tutor(*(part.format(root=content, fifo=fifo) for part in command))
    assert done.returncode in (1, 2)
    assert f"{fifo}:1:1: error: this is a FIFO (named pipe), not a regular file" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


class EndlessFile:
    """A regular file's descriptor (so its size reads as small) whose reads never run dry, like /dev/zero."""

    def __init__(self, real):
        self.real = real
        self.asked: list[int] = []

    def fileno(self):
        return self.real.fileno()

    def read(self, n=-1):
        assert n is not None and n >= 0, "read without a limit"
        self.asked.append(n)
        return b"a" * n

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def test_a_read_stops_at_the_limit_plus_one_byte_whatever_the_size_said(content, monkeypatch):
    small = content / "rules" / "small.yaml"
    small.write_text("a: 1\n")
    endless = []

    def open_endless(path):
        endless.append(EndlessFile(open(path, "rb")))  # noqa: SIM115 (closed by EndlessFile's __exit__)
        return endless[-1]

    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1000)
    monkeypatch.setattr(yamlfile, "open_regular", open_endless)
    with pytest.raises(ContentError, match=r"small\.yaml:1:1: error: file is 0 KiB; authored files are at most 0 KiB"):
        read_yaml(small)
    assert endless[0].asked == [1001]


@pytest.mark.parametrize("where", ["option", "environment"])
def test_a_content_folder_that_does_not_exist_is_one_line_and_status_2(tmp_path, where):
    missing = tmp_path / "no-such-folder"
    args, env = (["--content", str(missing)], {}) if where == "option" else ([], {"TUTOR_CONTENT": str(missing)})
    done = tutor(*args, "grade", "/dev/null", env=env)
    source = "--content" if where == "option" else "$TUTOR_CONTENT"
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{missing}: error: {source} names a folder that does not exist"]
    assert done.stdout == ""


def test_a_content_folder_that_exists_is_still_layered(content):
    (content / "rules" / "extra.yaml").write_text("concepts: {}\n")
    done = tutor("--content", str(content), "grade", "/dev/null")
    assert done.returncode == 0, done.stderr
