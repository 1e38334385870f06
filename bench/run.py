"""Measure readiness-tui against a minimal Textual app: ``python bench/run.py``.

Both programs run the same way, as children on a real pseudo-terminal of
80x24 started with this Python (``sys.executable``), through the driver the
pseudo-terminal tests use (`tests/pty/driver.py`). One run measures:

- the first frame and the first screen: seconds from launch until the
  output holds the footer's "^p palette", which both footers show (the first
  frame, which may be a loading screen), and until it also holds the first
  usable screen's own text (readiness-tui: "Begin a new workshop"; the
  minimal app: its one line). The time is when the chunk that completed the
  text was read from the terminal, so it includes everything before the
  paint (imports, loading the pack, composing). One launch of each is a
  warm-up; then `--runs` launches of each, alternating, give the median;
- peak resident memory (VmHWM in /proc/PID/status) as the first screen is
  seen, and, for readiness-tui, at the end of the scripted workshop;
- bytes written to the terminal: for the first screen, for one rating
  keypress (the first digit on the first ballot; in the minimal app a digit
  rewrites its line), for one screen change (Enter on the scenario, which
  opens the team screen), and per second while idle on each screen (after
  the output has been quiet for half a second, `--idle` seconds of nothing
  pressed);
- the whole workshop of 12 members driven by keys: name, scenario, team of
  12 names, 12 ballots, reveal, three statements reconciled, a capacity
  decision, Ctrl+Q; timed from launch to exit, median of `--workshops` runs.
  Each key is sent as soon as the screen shows the previous one took effect,
  but for two pauses of `LOOK` where faster keys are mishandled; names and
  rationales are typed at one character per 20 ms. A workshop that fails is
  reported, its output saved to a file, and the other runs go on.

It then prints the figures as Markdown tables and checks the targets of
issue 5. Exit status: 0 when every target is met and every workshop ran
through, 1 otherwise.
Not a test: timings depend on the machine. It needs no network and takes
two to three minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # The driver lives in the tests package.

from bench.minimal_app import LINE  # noqa: E402
from tests.pty.driver import (  # noqa: E402
    ENTER,
    TYPING_GAP,
    AppProcess,
    DriverError,
    plain,
    read_session,
)

READINESS = "readiness-tui"
MINIMAL = "minimal Textual app"

FOOTER_TEXT = "^p palette"
"""Drawn by the footer of both apps: the first screen is complete with it."""

FIRST_TEXT = {READINESS: "Begin a new workshop", MINIMAL: LINE}
"""Each app's own text on its first screen."""

CTRL_Q = "\x11"
"""What Ctrl+Q sends: quit (readiness-tui saves first)."""

MEMBERS = [
    "Ana", "Ben", "Chen", "Dee", "Eli", "Fay",
    "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
]  # fmt: skip
"""The twelve members, in handoff order."""

BALLOTS = [
    "".join(str((seat * 3 + item * item) % 4 + 1) for item in range(5))
    for seat in range(len(MEMBERS))
]
"""Each member's five digits, spread out so that reconcile has work to do."""

AGREED = [(3, "Most of us see it in place"), (2, "Training must come first")]
AGREED += [(3, "Two schools already do this")]
"""The value and rationale agreed for the first three statements reconciled."""

LOOK = 0.3
"""Seconds a person looks at the screen before the next key, where it matters.

Before the rationale: until commit 9ff3936 its first letters, typed right
after the agreed digit was drawn, were lost (the focus had not yet moved).
Before Enter on the reveal: as a person would; it does not prevent the
occasional crash there (see the README's Performance section).
"""

WORKSHOP_NAME = "Springfield USD"
"""The name typed on the start screen."""

NOTICE_SECONDS = 3.5
"""Long enough for the "ballot is saved" notices (3 s each) to time out."""

RATING_TARGET = 2048
"""Bytes a rating keypress may write at 80x24 (less than this)."""


@dataclass
class Figures:
    """What one app measured; None where it does not apply."""

    first_frame: list[float] = field(default_factory=list)
    """Seconds from launch to the first frame with the footer, one per run."""
    first_screen: list[float] = field(default_factory=list)
    """Seconds from launch to the first screen, one per run."""
    memory_first: list[int] = field(default_factory=list)
    """Peak resident KiB at the first screen, one per run."""
    memory_workshop: list[int] = field(default_factory=list)
    """Peak resident KiB at the end of the workshop, one per run."""
    workshop: list[float] = field(default_factory=list)
    """Seconds for the whole workshop, one per run."""
    failures: list[str] = field(default_factory=list)
    """Workshops that went wrong: what happened and where the output is."""
    bytes_first: int | None = None
    """Bytes written for the first screen, until the output was quiet."""
    bytes_rating: int | None = None
    """Bytes written for one rating keypress."""
    bytes_screen_change: int | None = None
    """Bytes written for Enter on the scenario, which opens the team screen."""
    idle: dict[str, float] = field(default_factory=dict)
    """Bytes per second written while idle, by screen."""
    idle_sample: dict[str, bytes] = field(default_factory=dict)
    """The start of what an idle screen wrote, to tell why."""
    memory_by_screen: dict[str, int] = field(default_factory=dict)
    """Peak resident KiB so far, by the screen it was read on."""


# Launching and observing


def launch(app: str, home: Path) -> AppProcess:
    """`app` on an 80x24 pseudo-terminal, its data kept in `home`; `with` starts it."""
    command = None
    if app == MINIMAL:
        command = [sys.executable, str(BENCH / "minimal_app.py")]
    return AppProcess([], data_home=home, command=command)


def output_bytes(app: AppProcess) -> bytes:
    """Everything the program has written so far."""
    return app.raw.encode("utf-8")


def arrival(app: AppProcess, text: str) -> float:
    """Seconds from launch until the chunk that completed `text` was read."""
    data = output_bytes(app)
    for end, when in list(app.arrivals):
        if text in plain(data[:end].decode("utf-8", errors="replace")):
            return when - app.started_at
    raise DriverError(f"{text!r} is not in the output")


def peak_memory(pid: int) -> int:
    """The process's peak resident set size in KiB (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def first_screen(app: AppProcess, name: str) -> tuple[float, float, int]:
    """Wait for the first screen; the first frame's time, its own, peak memory."""
    app.wait_for_text(FIRST_TEXT[name])
    app.wait_for_text(FOOTER_TEXT)
    memory = peak_memory(app.pid)
    frame = arrival(app, FOOTER_TEXT)
    return frame, max(frame, arrival(app, FIRST_TEXT[name])), memory


def settle(app: AppProcess, quiet: float = 0.3, limit: float = 3.0) -> None:
    """Wait until nothing has been written for `quiet` s (at most `limit` s)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        last = app.arrivals[-1][1] if app.arrivals else app.started_at
        if time.monotonic() - last >= quiet:
            return
        time.sleep(0.02)


def quit_app(app: AppProcess) -> None:
    """Press Ctrl+Q and wait for the program to end."""
    app.send(CTRL_Q)
    status = app.wait_exit()
    if status != 0:
        raise DriverError(f"exit status {status}; output:\n{app.text()[-2000:]}")


class Probe:
    """Byte counts taken along the way; does nothing on a timed run.

    Args:
        app: The program measured.
        figures: Where the counts go.
        idle_seconds: How long to stay idle on each screen.
        enabled: False on a timed run, so that nothing waits or is recorded.
    """

    def __init__(
        self, app: AppProcess, figures: Figures, idle_seconds: float, enabled: bool
    ) -> None:
        self.app = app
        self.figures = figures if enabled else Figures()
        self.idle_seconds = idle_seconds
        self.enabled = enabled

    def idle(self, screen: str) -> None:
        """Once the screen is quiet, count what it writes with nothing pressed."""
        if not self.enabled:
            return
        settle(self.app, quiet=0.5, limit=4.0)
        since = self.app.mark()
        time.sleep(self.idle_seconds)
        written = output_bytes(self.app)[since:]
        self.figures.idle[screen] = len(written) / self.idle_seconds
        self.figures.idle_sample[screen] = written[:120]
        self.figures.memory_by_screen[screen] = peak_memory(self.app.pid)

    def wait_out_notices(self) -> None:
        """Let the notices time out, so that idle output is the screen's own."""
        if self.enabled:
            time.sleep(NOTICE_SECONDS)

    def written_since(self, since: int) -> int | None:
        """Bytes written since `since`, once the output is quiet again."""
        if not self.enabled:
            return None
        settle(self.app)
        return self.app.mark() - since


# The scripted workshop


def press(app: AppProcess, key: str, expect: str) -> int:
    """Press `key` and wait until `expect` is drawn; returns where it began."""
    since = app.mark()
    app.press(key, gap=0)
    app.wait_for_text(expect, since=since)
    return since


def start_workshop(app: AppProcess, probe: Probe) -> None:
    """Name the workshop, read the scenario and type the team."""
    app.wait_for_text(FIRST_TEXT[READINESS])
    probe.idle("start")
    app.type(WORKSHOP_NAME)
    press(app, ENTER, "Consider this sample scenario")
    probe.idle("scenario")
    since = press(app, ENTER, "Type each member's name")
    probe.figures.bytes_screen_change = probe.written_since(since)
    probe.idle("team")
    for name in MEMBERS:
        app.type(name)
        app.press(ENTER, gap=0)
    press(app, ENTER, "Choose a facilitator's code")
    app.type(CODE)
    press(app, ENTER, "Type the facilitator's code again")
    app.type(CODE)
    press(app, ENTER, "The code is set.")
    probe.wait_out_notices()  # "The code is set." fades; not idle output.
    probe.idle("desk")
    since = press(app, ENTER, f"{MEMBERS[0]}: press Enter when you are ready")
    app.wait_for_text(f"0 of {len(MEMBERS)} have rated", since=since)
    probe.idle("handoff")


CODE = "k9"
"""The facilitator's code, set as rating begins and typed to reveal."""


HANDOFF_SETTLE = 0.7
"""The handoff ignores Enter for 0.6 s after it appears (a guard against a
double tap on Confirm); the script waits it out, as passing a keyboard would."""


def rate_all(app: AppProcess, probe: Probe) -> None:
    """Each member opens a ballot, answers the five statements and confirms."""
    for seat, (name, keys) in enumerate(zip(MEMBERS, BALLOTS, strict=True)):
        time.sleep(HANDOFF_SETTLE)
        press(app, ENTER, f"{name}'s ballot · statement 1 of 5")
        if seat == 0:
            probe.idle("ballot")
        for item, key in enumerate(keys):
            shows = f"statement {item + 2} of 5" if item < 4 else "Confirm my ballot"
            since = press(app, key, shows)
            if seat == 0 and item == 0:
                probe.figures.bytes_rating = probe.written_since(since)
        if seat == 0:
            probe.idle("ballot review")
        after = "Everyone has rated"
        if seat + 1 < len(MEMBERS):
            after = f"{MEMBERS[seat + 1]}: press Enter when you are ready"
        press(app, ENTER, after)
    probe.wait_out_notices()


def reconcile_and_decide(app: AppProcess, probe: Probe) -> None:
    """Reveal, agree three statements, choose the capacity decision."""
    count = len(MEMBERS)
    time.sleep(HANDOFF_SETTLE)
    press(app, ENTER, "Facilitator: type your code")
    app.type(CODE)
    press(app, ENTER, "Reveal the ratings")
    press(app, ENTER, f"Round 1 revealed · {count} of {count} members rated")
    probe.idle("reveal")
    time.sleep(LOOK)
    press(app, ENTER, "Statement 1 of 5")
    probe.idle("reconcile")
    for position, (value, rationale) in enumerate(AGREED, 1):
        press(app, str(value), f"(●) {value}")
        time.sleep(LOOK)
        if position == 1:
            probe.idle("reconcile, rationale")
        app.type(rationale)
        press(app, ENTER, f"Statement {position + 1} of 5")
    press(app, "d", "Discuss the capacity")
    probe.idle("decisions")
    press(app, ENTER, "●")  # The first capacity option.


def scripted_pauses() -> float:
    """Seconds of a workshop the script spends typing and looking, not waiting."""
    typed = WORKSHOP_NAME + "".join(MEMBERS) + "".join(r for _, r in AGREED)
    return len(typed) * TYPING_GAP + (1 + len(AGREED)) * LOOK


def check_saved(home: Path) -> None:
    """The session file holds the whole workshop, so the script did its work."""
    files = list(home.glob("readiness-tui/sessions/*.toml"))
    document = read_session(files[0]) if len(files) == 1 else None
    if document is None:
        raise DriverError(f"expected one session file in {home}, found {files}")
    ballots = document["rounds"][0].get("ballots", [])
    rationales = {a.get("rationale", "") for a in document.get("agreed", [])}
    problems = [
        f"{len(ballots)} ballots" if len(ballots) != len(MEMBERS) else "",
        "" if {r for _, r in AGREED} <= rationales else f"rationales {rationales}",
        "" if document["decisions"].get("capacity") else "no capacity decision",
    ]
    if any(problems):
        raise DriverError(f"the workshop was not saved whole: {problems}")


def keep_failure(figures: Figures, app: AppProcess, error: DriverError) -> None:
    """Save the program's whole output and note the failure; the run goes on."""
    number = len(figures.failures) + 1
    path = Path(tempfile.gettempdir()) / f"readiness-bench-failure-{number}.txt"
    path.write_text(f"{error}\n\n{app.text()}", encoding="utf-8")
    status = "running" if app.running else f"exit status {app.returncode}"
    figures.failures.append(f"{str(error).splitlines()[0]} ({status}; {path})")
    print(f"A workshop went wrong; its output is in {path}", flush=True)


def workshop(figures: Figures, idle_seconds: float, probe: bool) -> None:
    """Run the scripted workshop once; time it unless `probe` measures bytes."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        with launch(READINESS, home) as app:
            measuring = Probe(app, figures, idle_seconds, enabled=probe)
            try:
                start_workshop(app, measuring)
                rate_all(app, measuring)
                reconcile_and_decide(app, measuring)
                memory = peak_memory(app.pid)
                quit_app(app)
            except DriverError as error:
                keep_failure(figures, app, error)
                return
            elapsed = time.monotonic() - app.started_at
        check_saved(home)
    if not probe:
        figures.workshop.append(elapsed)
        figures.memory_workshop.append(memory)


# The minimal app and the first screen


def launches(runs: int, figures: dict[str, Figures]) -> None:
    """A warm-up launch of each app, then `runs` of each, alternating."""
    order = [READINESS, MINIMAL]
    for run in range(runs + 1):
        for name in order if run % 2 else order[::-1]:
            with (
                tempfile.TemporaryDirectory() as folder,
                launch(name, Path(folder)) as app,
            ):
                frame, seconds, memory = first_screen(app, name)
                if run > 0:
                    figures[name].first_frame.append(frame)
                    figures[name].first_screen.append(seconds)
                    figures[name].memory_first.append(memory)
                settle(app)
                figures[name].bytes_first = app.mark()
                quit_app(app)


def probe_minimal(figures: Figures, idle_seconds: float) -> None:
    """Idle output and a digit keypress in the minimal app."""
    with tempfile.TemporaryDirectory() as folder, launch(MINIMAL, Path(folder)) as app:
        first_screen(app, MINIMAL)
        probe = Probe(app, figures, idle_seconds, enabled=True)
        probe.idle("its one screen")
        since = press(app, "3", "Pressed 3")
        figures.bytes_rating = probe.written_since(since)
        quit_app(app)


# Printing


def machine() -> str:
    """The CPU, its cores, and the versions of Python and Textual."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Textual {version('textual')}, readiness-tui {version('readiness-tui')}, "
        f"{platform.system()} {platform.release()}"
    )


def median(values: list[float] | list[int]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def show(value: float | None, form: Callable[[float], str]) -> str:
    """`value` formatted, or a dash where it does not apply."""
    return "–" if value is None else form(value)


def seconds(value: float) -> str:
    """Seconds to three decimals."""
    return f"{value:.3f} s"


def mebibytes(kib: float) -> str:
    """KiB as MiB to one decimal."""
    return f"{kib / 1024:.1f} MiB"


def count(value: float) -> str:
    """A byte count."""
    return f"{value:,.0f} B"


def rate(value: float) -> str:
    """Bytes per second."""
    return f"{value:,.0f} B/s"


def ratio(ours: float | None, theirs: float | None) -> str:
    """ours / theirs, or a dash."""
    if ours is None or not theirs:
        return "–"
    return f"{ours / theirs:.2f}×"


def spread(values: list[float]) -> str:
    """The range of the runs, to show how steady they were."""
    return f" ({min(values):.3f}–{max(values):.3f})" if values else ""


def table(ours: Figures, theirs: Figures) -> list[str]:
    """The figures of both apps as a Markdown table."""
    rows: list[tuple[str, float | None, float | None, Callable[[float], str]]] = [
        ("first frame, footer drawn (median)", median(ours.first_frame),
         median(theirs.first_frame), seconds),
        ("first usable screen (median)", median(ours.first_screen),
         median(theirs.first_screen), seconds),
        ("peak memory at first screen", median(ours.memory_first),
         median(theirs.memory_first), mebibytes),
        ("peak memory after 12-member workshop", median(ours.memory_workshop),
         None, mebibytes),
        ("12-member workshop (median)", median(ours.workshop), None, seconds),
        ("  of which the script's typing and pauses", scripted_pauses()
         if ours.workshop else None, None, seconds),
        ("bytes for the first screen", ours.bytes_first, theirs.bytes_first, count),
        ("bytes for a rating keypress", ours.bytes_rating, theirs.bytes_rating,
         count),
        ("bytes for a screen change", ours.bytes_screen_change, None, count),
        ("idle output, worst screen", max(ours.idle.values(), default=None),
         max(theirs.idle.values(), default=None), rate),
    ]  # fmt: skip
    lines = [
        f"| measure | {READINESS} | {MINIMAL} | ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, mine, base, form in rows:
        lines.append(
            f"| {label} | {show(mine, form)} | {show(base, form)} "
            f"| {ratio(mine, base)} |"
        )
    return lines


def targets(ours: Figures, theirs: Figures) -> list[tuple[str, bool, str]]:
    """Each target of issue 5: its words, whether it is met, the figure."""
    frame = (median(ours.first_frame) or 0) / (median(theirs.first_frame) or 1)
    start = (median(ours.first_screen) or 0) / (median(theirs.first_screen) or 1)
    after = median(ours.memory_workshop)
    memory = (after or 0) / (median(theirs.memory_first) or 1)
    noisy = {screen: rate for screen, rate in ours.idle.items() if rate > 0}
    rating = ours.bytes_rating
    return [
        ("first frame ≤ 1.2× the minimal app's", frame <= 1.2, f"{frame:.2f}×"),
        ("first usable screen ≤ 1.2× the minimal app's", start <= 1.2, f"{start:.2f}×"),
        (
            "peak memory after the workshop ≤ 1.3× the minimal app's first screen",
            after is not None and memory <= 1.3,
            f"{memory:.2f}×" if after is not None else "not measured",
        ),
        (
            "idle output 0 B/s on every screen",
            not noisy,
            ", ".join(f"{s} {r:,.0f} B/s" for s, r in noisy.items()) or "0 B/s",
        ),
        (
            f"a rating keypress < {RATING_TARGET:,} B at 80x24",
            rating is not None and rating < RATING_TARGET,
            "not measured" if rating is None else f"{rating:,} B",
        ),
    ]


def report(ours: Figures, theirs: Figures, runs: int, idle_seconds: float) -> bool:
    """Print the figures and the targets; True when every target is met."""
    print(f"\nMachine: {machine()}")
    print(f"First screen: median of {runs} launches after a warm-up, 80x24.\n")
    print("\n".join(table(ours, theirs)))
    print(
        f"\nFirst usable screen, fastest–slowest launch: {READINESS}"
        f"{spread(ours.first_screen)}, {MINIMAL}{spread(theirs.first_screen)}"
    )
    print(f"\nIdle output per screen ({idle_seconds:g} s each):\n")
    print("| screen | bytes/s | peak memory so far | idle output starts with |")
    print("|---|---:|---:|---|")
    for name, figures in ((READINESS, ours), (MINIMAL, theirs)):
        for screen, value in figures.idle.items():
            memory = mebibytes(figures.memory_by_screen[screen])
            sample = figures.idle_sample[screen][:40]
            print(f"| {name}: {screen} | {value:,.0f} | {memory} | {sample!r} |")
    for failure in ours.failures:
        print(f"\nA workshop failed: {failure}")
    print("\n| target | figure | result |\n|---|---:|---|")
    met = not ours.failures
    for words, ok, figure in targets(ours, theirs):
        met = met and ok
        print(f"| {words} | {figure} | {'pass' if ok else 'MISSED'} |")
    return met


def main() -> int:
    """Measure both apps, print the figures; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="launches of each app (default 7)"
    )
    parser.add_argument(
        "--workshops", type=int, default=3, help="timed workshops (default 3)"
    )
    parser.add_argument(
        "--idle", type=float, default=3.0, help="idle seconds per screen (default 3)"
    )
    options = parser.parse_args()
    ours, theirs = Figures(), Figures()

    print(f"Launching each app {options.runs + 1} times…", flush=True)
    launches(options.runs, {READINESS: ours, MINIMAL: theirs})
    print("Measuring output and idle screens…", flush=True)
    probe_minimal(theirs, options.idle)
    workshop(ours, options.idle, probe=True)
    print(f"Timing {options.workshops} workshops of 12 members…", flush=True)
    for _ in range(options.workshops):
        workshop(ours, options.idle, probe=False)

    return 0 if report(ours, theirs, options.runs, options.idle) else 1


if __name__ == "__main__":
    raise SystemExit(main())
