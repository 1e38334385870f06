"""Drive the real readiness-tui program in a pseudo-terminal.

The app tests use Textual's Pilot, which runs the app inside the test's own
process. This helper starts the installed program as a child process on a
real pseudo-terminal instead, so what is tested is what a facilitator runs:
the command line, Textual's terminal driver, signal handling and the files
the process leaves behind when it is killed.

A background thread reads everything the program writes, so it never blocks
on a full terminal buffer, and keeps it for searching. Checks wait on a
condition with a deadline (text in the output, a predicate over the session
file on disk); nothing relies on a fixed sleep. The timings it records (start
to first screen, bytes written) make it usable for a benchmark as well.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

ENTER = "\r"
"""What the Enter key sends."""

ESCAPE = "\x1b"
"""What the Escape key sends (alone, it is told apart from a sequence by a pause)."""

TAB = "\t"
"""What the Tab key sends."""

UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
"""What the arrow keys send."""

KEY_GAP = 0.06
"""Seconds between keys pressed one by one, as a person presses them."""

TYPING_GAP = 0.02
"""Seconds between the characters of typed text (a quick typist)."""

HANDOFF_SETTLE = 0.7
"""The handoff ignores Enter and Escape for 0.6 s after it appears (a guard
against double taps on Confirm); a person passing the keyboard takes longer."""

DEFAULT_TIMEOUT = 15.0
"""Seconds to wait for a condition before failing."""

Document = dict[str, Any]
"""A session file as `tomllib` reads it."""

_CONTROL = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # Operating system commands (titles).
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # Control sequences: colours, cursor moves.
    r"|\x1b[@-_]"  # Other two-character escapes.
)
"""Terminal control sequences, removed to search the output as text."""


class DriverError(AssertionError):
    """A condition did not come about in time; says what was awaited and seen."""


def plain(raw: str) -> str:
    """The output with every terminal control sequence removed.

    Cursor moves are dropped too, so text drawn on different lines may run
    together; search for phrases that Textual draws on one line.
    """
    return _CONTROL.sub("", raw)


class AppProcess:
    """The program running in a pseudo-terminal of a fixed size.

    Use it as a context manager, so the child is always ended: its process
    group is killed with SIGKILL on the way out if it is still running.

    Args:
        args: The program's arguments, e.g. ``["--session", str(path)]``.
        data_home: Used as XDG_DATA_HOME (and its `config` folder as
            XDG_CONFIG_HOME), so no test touches the real home.
        columns: The terminal's width.
        rows: The terminal's height.
        env: Extra environment variables (e.g. ``{"NO_COLOR": "1"}``).
        command: The whole command to run instead of readiness-tui (the
            benchmark starts a minimal Textual app this way); `args` are
            appended to it.
    """

    def __init__(
        self,
        args: Sequence[str],
        *,
        data_home: Path,
        columns: int = 80,
        rows: int = 24,
        env: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.args = list(args)
        self.command = (
            [sys.executable, "-m", "readiness_tui"]
            if command is None
            else list(command)
        )
        self.data_home = data_home
        self.columns = columns
        self.rows = rows
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self._master = -1
        self._output = bytearray()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._reader: threading.Thread | None = None
        self.started_at = 0.0
        """`time.monotonic()` when the child was started."""
        self.bytes_sent = 0
        """How many bytes of keys were written to the program."""
        self.arrivals: list[tuple[int, float]] = []
        """Per chunk read: the output's length after it, `time.monotonic()` then."""

    # Starting and ending

    def start(self) -> Self:
        """Start the program on a new pseudo-terminal and begin reading it."""
        master, slave = os.openpty()
        winsize = struct.pack("HHHH", self.rows, self.columns, 0, 0)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, winsize)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"NO_COLOR", "COLUMNS", "LINES", "TEXTUAL"}
        }
        env.update(
            XDG_DATA_HOME=str(self.data_home),
            # The remembered theme too stays out of the real home.
            XDG_CONFIG_HOME=str(self.data_home / "config"),
            TERM="xterm-256color",
            COLORTERM="truecolor",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)  # A test's TERM or COLORTERM wins.
        command = [*self.command, *self.args]
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
            # The terminal becomes the child's controlling terminal, as a
            # login shell's is, so closing it delivers a real hang-up.
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(
            target=self._read_forever, name="pty-reader", daemon=True
        )
        self._reader.start()
        return self

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Kill the program if it still runs, reap it and close the terminal."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=DEFAULT_TIMEOUT)
        self._close_master()

    def _close_master(self) -> None:
        """Stop the reader and close our end of the terminal."""
        self._closed.set()
        if self._reader is not None:
            self._reader.join(timeout=DEFAULT_TIMEOUT)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1

    def _read_forever(self) -> None:
        """Keep reading the program's output until it ends or we close."""
        while not self._closed.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: every process let go of the terminal.
                return
            if not chunk:
                return
            now = time.monotonic()
            with self._lock:
                self._output += chunk
                self.arrivals.append((len(self._output), now))

    @property
    def pid(self) -> int:
        """The program's process id."""
        assert self.process is not None, "start() first"
        return self.process.pid

    # Output

    @property
    def raw(self) -> str:
        """Everything the program has written so far, decoded."""
        with self._lock:
            data = bytes(self._output)
        return data.decode("utf-8", errors="replace")

    @property
    def bytes_received(self) -> int:
        """How many bytes the program has written so far."""
        with self._lock:
            return len(self._output)

    def mark(self) -> int:
        """A position in the output; later searches can start from it."""
        return self.bytes_received

    def text(self, since: int = 0) -> str:
        """The output from `since` on, control sequences removed."""
        with self._lock:
            data = bytes(self._output[since:])
        return plain(data.decode("utf-8", errors="replace"))

    def wait_for_text(
        self, text: str, *, since: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> float:
        """Wait until `text` appears in the output after position `since`.

        Returns:
            Seconds from the program's start until the text appeared.

        Raises:
            DriverError: It did not appear in time, or the program ended first.
        """
        self.wait_until(
            lambda: text in self.text(since),
            f"{text!r} on screen",
            timeout=timeout,
        )
        return time.monotonic() - self.started_at

    def wait_until(
        self,
        condition: Callable[[], bool],
        what: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        allow_exit: bool = False,
    ) -> None:
        """Poll `condition` until it holds, with a deadline.

        Args:
            condition: What to wait for.
            what: Words for the condition, for the failure message.
            timeout: Seconds to wait.
            allow_exit: Keep waiting after the program ended (for conditions
                on files it leaves behind).

        Raises:
            DriverError: The deadline passed, or the program ended first.
        """
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                return
            if not allow_exit and not self.running:
                raise DriverError(
                    f"the program ended (status {self.returncode}) before "
                    f"{what}; its last output:\n{self.text()[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise DriverError(
                    f"waited {timeout:.0f} s for {what}; the last output:\n"
                    f"{self.text()[-2000:]}"
                )
            time.sleep(0.02)

    # Input

    def send(self, data: str) -> None:
        """Write raw bytes to the terminal, as if typed all at once."""
        encoded = data.encode("utf-8")
        os.write(self._master, encoded)
        self.bytes_sent += len(encoded)

    def press(self, *keys: str, gap: float = KEY_GAP) -> None:
        """Press keys one after another, `gap` seconds apart.

        Each key is a string the terminal sends for it: a character, ENTER,
        ESCAPE, an arrow.
        """
        for key in keys:
            self.send(key)
            time.sleep(gap)

    def type(self, text: str, *, gap: float = TYPING_GAP) -> None:
        """Type `text` one character at a time."""
        self.press(*text, gap=gap)

    def name_workshop(self, name: str) -> None:
        """From the start screen, name a workshop and wait for its scenario."""
        self.wait_for_text("Begin a new workshop")
        self.type(name)
        since = self.mark()
        self.press(ENTER)
        self.wait_for_text("Consider this sample scenario", since=since)

    def begin(self, name: str) -> None:
        """From the start screen, name a workshop and pass the scenario to the
        team screen."""
        self.name_workshop(name)
        since = self.mark()
        self.press(ENTER)
        self.wait_for_text("Type each member's name", since=since)

    # Signals and ending

    @property
    def running(self) -> bool:
        """True while the program has not ended."""
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        """The exit status; a negative number is the signal that ended it."""
        return None if self.process is None else self.process.poll()

    def kill(self, signal_number: int = signal.SIGKILL) -> None:
        """Send a signal to the program."""
        assert self.process is not None, "start() first"
        self.process.send_signal(signal_number)

    def hang_up(self) -> None:
        """Drop the terminal, as a lost SSH link does.

        Closing the terminal's master side makes the kernel send SIGHUP to
        the program, whose terminal then fails every read and write.
        """
        self._close_master()

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for the program to end and return its exit status.

        Raises:
            DriverError: It was still running when the time ran out.
        """
        assert self.process is not None, "start() first"
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise DriverError(
                f"the program still ran {timeout:.0f} s later; its last output:\n"
                f"{self.text()[-2000:]}"
            ) from None


def _take_terminal() -> None:
    """In the child: make its standard input the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def read_session(path: Path) -> Document | None:
    """The session file as TOML, or None if it is missing or not (yet) TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def wait_for_file(
    path: Path,
    condition: Callable[[Document], bool],
    what: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    app: AppProcess | None = None,
) -> Document:
    """Poll the session file until it parses and satisfies `condition`.

    Args:
        path: The session file.
        condition: A predicate over the parsed file.
        what: Words for the condition, for the failure message.
        timeout: Seconds to wait.
        app: The program writing the file; a failure quotes its output.

    Returns:
        The parsed file that satisfied the condition.

    Raises:
        DriverError: The deadline passed first.
    """
    deadline = time.monotonic() + timeout
    while True:
        document = read_session(path)
        if document is not None and condition(document):
            return document
        if time.monotonic() > deadline:
            seen = "" if app is None else f"\nthe last output:\n{app.text()[-2000:]}"
            raise DriverError(
                f"waited {timeout:.0f} s for {path.name} to show {what}; "
                f"it holds:\n{document}{seen}"
            )
        time.sleep(0.02)
