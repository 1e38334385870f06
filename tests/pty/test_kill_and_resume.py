"""Kill the real program mid-workshop, restart it, and check the file value by value.

Each test drives `python -m readiness_tui --session FILE` in a pseudo-terminal
as a facilitator and a team would, kills it with SIGKILL (nothing runs: only
what was already written survives) or hangs it up with SIGHUP (the app saves
and leaves), then checks that the session file parses, is private (mode
0600), has no temporary files beside it and holds exactly what had been
confirmed; then restarts on the same file, checks it resumes at the right
step, and goes on a little.

The team's ratings are chosen so that the reconcile order is known by hand:
measuring-progress (range 3, larger spread), human-capacity (range 3),
components-in-use (range 1, larger spread), technology (range 1), and
finding-resources last, unanimous at 3.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from tests.pty.driver import (
    DOWN,
    ENTER,
    HANDOFF_SETTLE,
    TAB,
    AppProcess,
    Document,
    read_session,
    wait_for_file,
)

CTRL_Q = "\x11"
"""What Ctrl+Q sends: save and quit."""

MEMBERS = ["Ana", "Ben", "Chen", "Dee"]
"""The team, in handoff order (seats 1 to 4)."""

STATEMENTS = [
    "human-capacity",
    "technology",
    "components-in-use",
    "measuring-progress",
    "finding-resources",
]
"""The district pack's statements in survey order."""

OPENINGS = {
    "human-capacity": "1. The district has the human capacity",
    "technology": "2. The district has adequate technology",
    "components-in-use": "3. The district already uses different",
    "measuring-progress": "4. District personnel understand how",
    "finding-resources": "5. The district knows where to find",
}
"""How each statement begins on the reconcile screen, with its number."""

BALLOT_KEYS = {
    "Ana": "12d43",
    "Ben": "42333",
    "Chen": "23313",
    "Dee": "32213",
}
"""Each member's keys on the ballot, one a statement; `d` is don't know."""


def expected_ballot(keys: str) -> dict[str, Any]:
    """The ratings and don't-knows a ballot answered with `keys` must store."""
    ratings = {s: int(k) for s, k in zip(STATEMENTS, keys, strict=True) if k != "d"}
    dont_know = [s for s, k in zip(STATEMENTS, keys, strict=True) if k == "d"]
    return {"ratings": ratings, "dont_know": dont_know}


RECONCILE_ORDER = [
    "measuring-progress",
    "human-capacity",
    "components-in-use",
    "technology",
    "finding-resources",
]
"""The order reconcile must visit the statements in, worked out by hand."""

AGREED = {
    "measuring-progress": (2, "Two of us rated it 1; training comes first"),
    "human-capacity": (3, "Ben sees staff ready; Ana does not yet"),
    "components-in-use": (3, "Two schools already rotate stations"),
    "technology": (2, "Devices short in the middle schools"),
}
"""The value and rationale the team agrees for each discussed statement."""

UNANIMOUS = {"finding-resources": (3, "")}
"""Agreed without discussion: everyone rated it 3."""

SCOPE = "Grade 9 mathematics in two high schools"
"""The capacity decision's scope in words."""

POLICY = {
    "text": "Take-home rules for school laptops",
    "area": "equal-access",
    "owner": "Director of Technology",
    "due": dt.date(2027, 3, 31),
}
"""The one policy to change, as the file must hold it."""

NOTES = "Board vote in May.\nAsk the state office about funding."
"""The free notes, over two lines."""

FOCUS_PAUSE = 0.3
"""Seconds a person takes to see the cursor move before typing on.

Textual moves the focus only once Tab (or a handler) has run, and letters
that arrive sooner go to the widget that had it: typed within about 60 ms of
the Tab that reaches the notes, the first letters are lost. The script waits
as a person would; the race itself is reported, not tested here.
"""


# Starting the program and checking what a kill leaves behind


def launch(session: Path, tmp_path: Path) -> AppProcess:
    """Start the program on `session`, its data folder kept in `tmp_path`."""
    return AppProcess(["--session", str(session)], data_home=tmp_path / "xdg-data")


def check_left_behind(session: Path) -> Document:
    """What any ending must leave: a private file that parses, no temporaries.

    Returns:
        The parsed session file.
    """
    document = read_session(session)
    assert document is not None, f"{session} is missing or not TOML"
    mode = stat.S_IMODE(session.stat().st_mode)
    assert mode == 0o600, f"{session.name} has mode {mode:o}, expected 600"
    leftovers = sorted(p.name for p in session.parent.glob(".*.tmp"))
    assert leftovers == [], f"temporary files left beside the session: {leftovers}"
    return document


def assert_clean_output(app: AppProcess) -> None:
    """No traceback reached the terminal."""
    output = app.text()
    assert "Traceback" not in output, output[-3000:]


def ballots(document: Document, round_number: int = 1) -> dict[str, dict[str, Any]]:
    """The confirmed ballots of a round, by member name."""
    names = {m["seat"]: m["name"] for m in document["team"]["members"]}
    round_ = document["rounds"][round_number - 1]
    return {
        names[b["seat"]]: {
            "ratings": b.get("ratings", {}),
            "dont_know": b.get("dont_know", []),
        }
        for b in round_.get("ballots", [])
    }


def expected_ballots(*names: str) -> dict[str, dict[str, Any]]:
    """The ballots `names` confirmed, as `ballots` reads them from the file."""
    return {name: expected_ballot(BALLOT_KEYS[name]) for name in names}


def agreed(document: Document) -> dict[str, tuple[int, str, int]]:
    """The agreed values: statement to (value, rationale, round)."""
    return {
        a["statement"]: (a["value"], a.get("rationale", ""), a["round"])
        for a in document.get("agreed", [])
    }


def expected_agreed(*statements: str) -> dict[str, tuple[int, str, int]]:
    """The agreed values the file must hold once `statements` were agreed."""
    chosen = {**UNANIMOUS, **{s: AGREED[s] for s in statements}}
    return {s: (value, why, 1) for s, (value, why) in chosen.items()}


def check_team(document: Document) -> None:
    """The team as typed, named, in handoff order."""
    assert document["name"] == "Springfield USD"
    assert document["team"]["members"] == [
        {"seat": seat, "name": name} for seat, name in enumerate(MEMBERS, 1)
    ]
    assert document["team"]["anonymous"] is False


# The scripted workshop, step by step


def begin_team(app: AppProcess) -> None:
    """Name the workshop, pass the scenario, type the team, start rating."""
    app.begin("Springfield USD")
    for name in MEMBERS:
        app.type(name)
        app.press(ENTER)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("Choose a facilitator's code", since=since)
    app.type(CODE)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("Type the facilitator's code again", since=since)
    app.type(CODE)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("The code is set.", since=since)
    pass_keyboard(app, MEMBERS[0])


CODE = "k9"
"""The facilitator's code set when rating begins."""


def pass_keyboard(app: AppProcess, name: str) -> None:
    """On the desk, with `name` highlighted, hand them the keyboard."""
    app.wait_for_text("Enter passes the keyboard")
    since = app.mark()
    app.press(ENTER)
    wait_for_handoff(app, name, since)


def wait_for_handoff(app: AppProcess, name: str, since: int) -> None:
    """Wait for the neutral screen that passes the keyboard to `name`."""
    app.wait_for_text("Pass the keyboard to", since=since)
    app.wait_for_text(f"{name}: press Enter when you are ready", since=since)


def open_ballot(app: AppProcess, name: str) -> None:
    """At `name`'s handoff, take the keyboard: an empty first statement."""
    time.sleep(HANDOFF_SETTLE)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text(f"{name}'s ballot · statement 1 of 5", since=since)
    app.wait_for_text("Answered: ◆○○○○", since=since)


def rate(app: AppProcess, name: str, session: Path, rated_before: int) -> Document:
    """`name` rates with their keys and confirms; wait until the file has it."""
    open_ballot(app, name)
    since = app.mark()
    app.press(*BALLOT_KEYS[name])
    app.wait_for_text("Confirm my ballot", since=since)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text(f"{name}'s ballot is saved", since=since)
    return wait_for_file(
        session,
        lambda d: len(d["rounds"][0].get("ballots", [])) == rated_before + 1,
        f"{name}'s ballot",
        app=app,
    )


def reveal(app: AppProcess, session: Path) -> None:
    """Once everyone has rated, the facilitator takes the keyboard back with
    the code and reveals the ratings from the desk."""
    time.sleep(HANDOFF_SETTLE)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("Facilitator: type your code", since=since)
    app.type(CODE)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("Reveal the ratings", since=since)
    since = app.mark()
    app.press(ENTER)
    app.wait_for_text("Round 1 revealed · 4 of 4 members rated", since=since)
    wait_for_file(session, lambda d: d["step"] == "reveal", "the reveal", app=app)


def pick_agreed(app: AppProcess, value: int) -> None:
    """Type the agreed rating; the cursor then moves to the rationale."""
    since = app.mark()
    app.press(str(value), gap=FOCUS_PAUSE)
    app.wait_for_text(f"(●) {value}", since=since)


def move_focus(app: AppProcess, *keys: str) -> None:
    """Press keys that move the focus, looking at the screen after each."""
    app.press(*keys, gap=FOCUS_PAUSE)


def agree(app: AppProcess, statement: str, session: Path) -> Document:
    """Agree the statement on screen with its value and rationale, and save."""
    value, rationale = AGREED[statement]
    pick_agreed(app, value)
    app.type(rationale)
    app.press(ENTER)
    return wait_for_file(
        session,
        lambda d: agreed(d).get(statement) == (value, rationale, 1),
        f"{statement} agreed",
        app=app,
    )


def wait_for_statement(
    app: AppProcess, position: int, settled: int, since: int
) -> None:
    """Wait for reconcile to show the statement at `position` (from 1)."""
    app.wait_for_text(
        f"Statement {position} of 5 · widest spread first · {settled} agreed",
        since=since,
    )
    app.wait_for_text(OPENINGS[RECONCILE_ORDER[position - 1]], since=since)


# Fixtures: a workshop driven up to the reveal, and on to the decisions


@pytest.fixture(scope="module")
def revealed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session file the program wrote: four ballots, then the reveal."""
    tmp_path = tmp_path_factory.mktemp("revealed")
    session = tmp_path / "sessions" / "springfield.toml"
    with launch(session, tmp_path) as app:
        begin_team(app)
        for seat, name in enumerate(MEMBERS):
            rate(app, name, session, rated_before=seat)
        app.wait_for_text("Everyone has rated")
        reveal(app, session)
        app.press(CTRL_Q)
        assert app.wait_exit() == 0
        assert_clean_output(app)
    document = check_left_behind(session)
    assert ballots(document) == expected_ballots(*MEMBERS)
    assert document["rounds"][0]["revealed"] is True
    return session


@pytest.fixture(scope="module")
def reconciled(revealed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of `revealed` with every statement agreed, at the decisions."""
    tmp_path = tmp_path_factory.mktemp("reconciled")
    session = tmp_path / "sessions" / "springfield.toml"
    session.parent.mkdir()
    shutil.copy2(revealed, session)
    with launch(session, tmp_path) as app:
        app.wait_for_text("Round 1 revealed")
        since = app.mark()
        app.press(ENTER)
        for position, statement in enumerate(AGREED, 1):
            wait_for_statement(app, position, settled=position, since=since)
            since = app.mark()
            agree(app, statement, session)
        app.wait_for_text("Discuss the capacity of your district")
        wait_for_file(session, lambda d: d["step"] == "decisions", "the decisions")
        app.press(CTRL_Q)
        assert app.wait_exit() == 0
        assert_clean_output(app)
    assert agreed(check_left_behind(session)) == expected_agreed(*AGREED)
    return session


@pytest.fixture
def session(tmp_path: Path) -> Path:
    """Where a test's new workshop is saved (the folder does not exist yet)."""
    return tmp_path / "sessions" / "springfield.toml"


def copy_of(source: Path, session: Path) -> Path:
    """Copy a fixture's session file to `session`, keeping it private."""
    session.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, session)
    return session


# The tests


def test_sigkill_mid_ballot_resumes_at_that_members_handoff(
    session: Path, tmp_path: Path
) -> None:
    """SIGKILL at the first handoff keeps the team and the open round. Then
    Ana confirmed, Ben answered two statements, and SIGKILL: the file has
    Ana's ballot alone; on restart the facilitator's desk has Ben next, he
    starts again from his handoff with an empty ballot, and his new answers
    are the ones kept."""
    with launch(session, tmp_path) as app:
        begin_team(app)
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    check_team(document)
    assert document["step"] == "rating", "rating began but the file was not told"
    assert [r["statements"] for r in document["rounds"]] == [STATEMENTS]
    assert ballots(document) == {}

    with launch(session, tmp_path) as app:
        app.wait_for_text("0 of 4 have rated")
        pass_keyboard(app, "Ana")
        rate(app, "Ana", session, rated_before=0)
        open_ballot(app, "Ben")
        since = app.mark()
        app.press("1", "1")  # Not Ben's final answers: 4 and 2.
        app.wait_for_text("statement 3 of 5", since=since)
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    check_team(document)
    assert document["step"] == "rating"
    assert ballots(document) == expected_ballots("Ana")

    with launch(session, tmp_path) as app:
        app.wait_for_text("1 of 4 have rated")
        pass_keyboard(app, "Ben")
        rate(app, "Ben", session, rated_before=1)
        wait_for_handoff(app, "Chen", since=0)
        since = app.mark()
        app.press(CTRL_Q)  # On a member's screen, quitting needs the code.
        app.wait_for_text("Only the facilitator can quit", since=since)
        app.type(CODE)
        app.press(ENTER)
        assert app.wait_exit() == 0
        assert_clean_output(app)

    document = check_left_behind(session)
    assert ballots(document) == expected_ballots("Ana", "Ben")


def test_sigkill_right_after_a_ballot_then_sighup_mid_ballot(
    session: Path, tmp_path: Path
) -> None:
    """SIGKILL the moment Ben's ballot shows as saved keeps it; SIGHUP while
    Chen is mid-ballot saves and exits cleanly, with none of Chen's answers;
    Chen then rates again from the handoff and the round completes."""
    with launch(session, tmp_path) as app:
        begin_team(app)
        rate(app, "Ana", session, rated_before=0)
        open_ballot(app, "Ben")
        since = app.mark()
        app.press(*BALLOT_KEYS["Ben"])
        app.wait_for_text("Confirm my ballot", since=since)
        since = app.mark()
        app.press(ENTER)
        app.wait_for_text("Ben's ballot is saved", since=since)
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    check_team(document)
    assert ballots(document) == expected_ballots("Ana", "Ben")

    with launch(session, tmp_path) as app:
        pass_keyboard(app, "Chen")
        open_ballot(app, "Chen")
        since = app.mark()
        app.press("4", "4", "4")
        app.wait_for_text("statement 4 of 5", since=since)
        app.kill(signal.SIGHUP)
        assert app.wait_exit() == 0
        assert_clean_output(app)

    document = check_left_behind(session)
    assert document["step"] == "rating"
    assert ballots(document) == expected_ballots("Ana", "Ben")

    with launch(session, tmp_path) as app:
        app.wait_for_text("2 of 4 have rated")
        pass_keyboard(app, "Chen")
        rate(app, "Chen", session, rated_before=2)
        rate(app, "Dee", session, rated_before=3)
        app.wait_for_text("Everyone has rated")
        reveal(app, session)
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    assert ballots(document) == expected_ballots(*MEMBERS)
    assert document["rounds"][0]["revealed"] is True
    assert document["step"] == "reveal"


def test_kills_in_reconcile_keep_every_agreed_value(
    revealed: Path, session: Path, tmp_path: Path
) -> None:
    """SIGKILL after an agreed value was saved keeps it; SIGHUP while the
    next rationale is half typed (no Enter) saves it as typed; each restart
    opens reconcile at the first statement still to agree."""
    copy_of(revealed, session)
    with launch(session, tmp_path) as app:
        app.wait_for_text("Round 1 revealed")
        since = app.mark()
        app.press(ENTER)
        wait_for_statement(app, 1, settled=1, since=since)
        agree(app, "measuring-progress", session)
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    assert document["step"] == "reconcile"
    assert agreed(document) == expected_agreed("measuring-progress")
    assert ballots(document) == expected_ballots(*MEMBERS)

    value, rationale = AGREED["human-capacity"]
    with launch(session, tmp_path) as app:
        wait_for_statement(app, 2, settled=2, since=0)
        pick_agreed(app, value)
        since = app.mark()
        app.type(rationale)
        app.wait_for_text(rationale, since=since)
        app.kill(signal.SIGHUP)
        assert app.wait_exit() == 0
        assert_clean_output(app)

    document = check_left_behind(session)
    assert agreed(document) == expected_agreed("measuring-progress", "human-capacity")

    with launch(session, tmp_path) as app:
        wait_for_statement(app, 3, settled=3, since=0)
        since = app.mark()
        agree(app, "components-in-use", session)
        wait_for_statement(app, 4, settled=4, since=since)
        agree(app, "technology", session)
        app.wait_for_text("Discuss the capacity of your district")
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    assert document["step"] == "decisions"
    assert agreed(document) == expected_agreed(*AGREED)


def test_kills_in_decisions_keep_every_decision(
    reconciled: Path, session: Path, tmp_path: Path
) -> None:
    """SIGKILL after a policy was added keeps the capacity, the scope and the
    policy; a dropped terminal while the notes are typed saves them; the
    restart shows the decisions again with everything in place."""
    copy_of(reconciled, session)
    with launch(session, tmp_path) as app:
        app.wait_for_text("Discuss the capacity of your district")
        app.press(DOWN, ENTER)  # The second option: schoolwide.
        wait_for_file(
            session,
            lambda d: d["decisions"]["capacity"] == "schoolwide",
            "the capacity choice",
            app=app,
        )
        move_focus(app, TAB)
        app.type(SCOPE)
        app.press(ENTER)
        wait_for_file(
            session, lambda d: d["decisions"]["scope"] == SCOPE, "the scope", app=app
        )
        since = app.mark()
        app.press("a")
        app.wait_for_text("Policy to change", since=since)
        app.type(str(POLICY["text"]))
        move_focus(app, TAB)
        app.press(DOWN)  # The second area: equal access.
        move_focus(app, TAB)
        app.type(str(POLICY["owner"]))
        move_focus(app, TAB)
        app.type("2027-03-31")
        app.press(ENTER)
        wait_for_file(
            session,
            lambda d: len(d["decisions"]["policies"]) == 1,
            "the policy",
            app=app,
        )
        app.kill(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL

    document = check_left_behind(session)
    assert document["step"] == "decisions"
    assert document["decisions"] == {
        "capacity": "schoolwide",
        "scope": SCOPE,
        "policies": [POLICY],
        "notes": "",
    }
    assert agreed(document) == expected_agreed(*AGREED)

    with launch(session, tmp_path) as app:
        app.wait_for_text("Discuss the capacity of your district")
        # The table cuts the text to fit the due date in 80 columns.
        app.wait_for_text("Take-home rules for sch")
        app.wait_for_text("2027-03-31")
        move_focus(app, TAB, TAB, TAB)  # Capacity, scope, policies, notes.
        first, second = NOTES.split("\n")
        since = app.mark()
        app.type(first)
        app.press(ENTER)
        app.type(second)
        app.wait_for_text(second, since=since)
        app.hang_up()
        status = app.wait_exit()
        assert status == 0, f"exit status {status} after the terminal was dropped"

    document = check_left_behind(session)
    assert document["decisions"]["notes"] == NOTES
    assert document["decisions"]["policies"] == [POLICY]

    with launch(session, tmp_path) as app:
        app.wait_for_text("Discuss the capacity of your district")
        app.wait_for_text("Board vote in May.")
        app.press(CTRL_Q)
        assert app.wait_exit() == 0
        assert_clean_output(app)

    document = check_left_behind(session)
    assert document["decisions"]["notes"] == NOTES
    assert agreed(document) == expected_agreed(*AGREED)
    assert ballots(document) == expected_ballots(*MEMBERS)
