"""Saving and loading session files: atomic, private, and never changed by reading."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import shutil
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness_tui import storage
from readiness_tui.content import Pack
from readiness_tui.session import (
    Agreed,
    Discussed,
    Member,
    Policy,
    Step,
    Workshop,
    code_hash_problem,
    code_matches,
    hash_code,
)
from readiness_tui.storage import (
    SessionError,
    check_against,
    default_session_dir,
    dump,
    list_sessions,
    load,
    new_session_path,
    open_session,
    peek,
    save,
    slug,
)

SESSIONS = Path(__file__).resolve().parents[1] / "data" / "sessions"
"""A valid session file and broken ones, each wrong in a single way."""

TOML_1_1_TABLE = (
    "this looks like TOML 1.1 syntax (an inline table over several lines or with "
    "a trailing comma; keep it on one line without a comma before the }, or use "
    "a [table]), newer than the TOML 1.0 that Python reads"
)
"""The hint packs and sessions both give for a TOML 1.1 inline table."""

# Broken session file -> the message after "{path}: " on opening it.
BROKEN_SESSIONS: dict[str, str] = {
    "revealed-as-text.toml": (
        "line 28, field rounds[1].revealed: expected true or false, got the text 'yes'"
    ),
    "bare-facilitator-code.toml": (
        "line 3, field facilitator_code: expected a hash written by readiness-tui "
        '(pbkdf2_sha256$...), or "" for none; set it to "" and choose a new code '
        "on the desk"
    ),
    "deeply-nested.toml": (
        "not valid TOML (arrays or tables nested too deeply to read; expected a "
        "few levels); the file may be cut short or not be a session file"
    ),
    "toml-1-1-time.toml": (
        "not valid TOML at line 3 (Expected newline or end of document after a "
        "statement; this looks like TOML 1.1 syntax (a time without seconds; "
        "write the seconds too, e.g. 09:30:00), newer than the TOML 1.0 that "
        "Python reads); the file may be cut short or not be a session file"
    ),
    "truncated.toml": (
        "not valid TOML at line 19 (Expected '=' after a key in a key/value pair); "
        "the file may be cut short or not be a session file"
    ),
    "not-toml.toml": (
        "not valid TOML at line 1 (Invalid statement); "
        "the file may be cut short or not be a session file"
    ),
    "byte-order-mark.toml": (
        "the file starts with a byte-order mark; expected UTF-8 without one "
        "(re-save it as UTF-8 without BOM)"
    ),
    "newer-schema.toml": (
        "schema_version 3 is newer than this release reads (2); "
        "upgrade readiness-tui to open it"
    ),
    "wrong-type.toml": (
        "line 40, field rounds[1].ballots[2].seat: expected a whole number, "
        "got the text 'two'"
    ),
    "misspelled-key.toml": (
        "line 2, field nmae: is not a key a session file may have; "
        "check its spelling; did you mean 'name'?"
    ),
    "missing-field.toml": (
        "line 21, field rounds[1].started_at: missing; expected a value here"
    ),
    "seat-below-one.toml": (
        "line 14, field team.members[2].seat: expected 1 or more, got 0"
    ),
    "wrong-choice.toml": (
        "line 19, field team.reveal: expected 'names' or 'counts', "
        "got the text 'everyone'"
    ),
    "unknown-pack.toml": (
        "made with content pack 'some-other-pack', which is not installed; "
        "give its folder with --content (it was at /srv/packs/blended-learning)"
    ),
    "rating-out-of-range.toml": (
        "field rounds[1].ballots[1].ratings.technology: 7 is outside the scale 1 to 4"
    ),
    "duplicate-ballot-seat.toml": (
        "field rounds[1].ballots[2].seat: seat 1 already has a ballot in this "
        "round, rounds[1].ballots[1]; expected one ballot per seat in a round"
    ),
    "rated-and-dont-know.toml": (
        "field rounds[1].ballots[2].dont_know: 'technology' is also rated 1 in "
        "rounds[1].ballots[2].ratings; expected a statement to be rated or left "
        "as don't know, not both"
    ),
    "duplicate-member-seat.toml": (
        "field team.members[2].seat: seat 1 is also the seat of team.members[1]; "
        "expected every member in a different seat"
    ),
    "discussed-unknown-statement.toml": (
        "field discussed[2].statement: 'tech' is not a statement of pack "
        "'blended-learning-district'; expected one of its statement ids"
    ),
    "history-unknown-statement.toml": (
        "field agreed_history[1].statement: 'human_capacity' is not a statement "
        "of pack 'blended-learning-district'; expected one of its statement ids"
    ),
    "duplicate-member-name.toml": (
        "field team.members[2].name: 'ana' is also the name of team.members[1]; "
        "expected every member to have a different name (capitals aside)"
    ),
    "code-zero-rounds.toml": (
        "line 6, field facilitator_code: the hash names 0 PBKDF2 rounds; expected "
        '1,000 to 10,000,000 (readiness-tui writes 100,000), or "" for none; '
        'set it to "" and choose a new code on the desk'
    ),
    "code-too-many-rounds.toml": (
        "line 6, field facilitator_code: the hash names 2000000000 PBKDF2 rounds; "
        'expected 1,000 to 10,000,000 (readiness-tui writes 100,000), or "" for '
        'none; set it to "" and choose a new code on the desk'
    ),
    "code-rounds-overflow.toml": (
        "line 6, field facilitator_code: the hash names 999999999999 PBKDF2 "
        "rounds; expected 1,000 to 10,000,000 (readiness-tui writes 100,000), or "
        '"" for none; set it to "" and choose a new code on the desk'
    ),
    "round-without-statements.toml": (
        "line 23, field rounds[1].statements: is empty; expected at least one entry"
    ),
    "round-misnumbered.toml": (
        "field rounds[1].number: is 2; expected 1: rounds are numbered 1, 2, 3... "
        "in the order they were rated"
    ),
    "agreed-unknown-round.toml": (
        "field agreed[1].round: round 3 does not exist; expected the round whose "
        "ratings the team agreed on, one of the revealed rounds (1)"
    ),
    "agreed-unrevealed-round.toml": (
        "field agreed[1].round: round 2 is not revealed; expected the round whose "
        "ratings the team agreed on, one of the revealed rounds (1)"
    ),
    "created-date-only.toml": (
        "line 3, field created: 2026-03-02 is a date without a time; expected a "
        "date and time, e.g. 2026-03-02 09:00:00+01:00"
    ),
    "seat-too-large.toml": (
        "line 14, field team.members[2].seat: expected 999 or less, got 20000000000"
    ),
    "toml-1-1-inline-table.toml": (
        "not valid TOML at line 8 (Invalid initial character for a key part; "
        + TOML_1_1_TABLE
        + "); the file may be cut short or not be a session file"
    ),
    "toml-1-1-inline-table-in-list.toml": (
        "not valid TOML at line 15 (Invalid initial character for a key part; "
        + TOML_1_1_TABLE
        + "); the file may be cut short or not be a session file"
    ),
    "toml-1-1-trailing-comma.toml": (
        "not valid TOML at line 16 (Invalid initial character for a key part; "
        + TOML_1_1_TABLE
        + "); the file may be cut short or not be a session file"
    ),
}

FIXED_NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
"""A time to stand in for `now()` where file names depend on the date."""


def sample_workshop(pack: Pack) -> Workshop:
    """A workshop with a revealed round, an agreed value and decisions."""
    workshop = Workshop.begin("Riverside Unified", pack)
    workshop.team.members = [Member(seat=1, name="Ana"), Member(seat=2, name="Ben")]
    workshop.team.reveal = "names"
    workshop.start_round(["human-capacity", "technology"])
    workshop.record_ballot(1, {"human-capacity": 3, "technology": 2}, [])
    workshop.record_ballot(2, {"human-capacity": 4}, ["technology"])
    workshop.reveal_open_round()
    workshop.step = Step.DECISIONS
    workshop.set_agreed("technology", 2, "Devices are short in two schools.")
    workshop.decisions.capacity = "pilot"
    workshop.decisions.scope = "Grade 9 mathematics"
    workshop.decisions.policies = [
        Policy(text="Lend devices overnight", area="equal-access", owner="Ben"),
        Policy(
            text="Train staff", area="professional-development", due=dt.date(2026, 6, 1)
        ),
    ]
    workshop.decisions.notes = "Revisit in June.\nAsk the state office."
    return workshop


def agree_twice(workshop: Workshop) -> None:
    """Record an agreed value, then a second copy of it, as a hand edit might."""
    agreed = workshop.set_agreed("technology", 2, "")
    workshop.agreed.append(agreed.model_copy())


def earlier_agreement(statement: str, value: int) -> Agreed:
    """An agreement as `agreed_history` keeps it."""
    return Agreed(statement=statement, value=value, round=1, agreed_at=FIXED_NOW)


def copy_session(name: str, folder: Path) -> Path:
    """A copy of a session file from the test data, to work on."""
    target = folder / name
    shutil.copyfile(SESSIONS / name, target)
    return target


# Saving and loading


def test_save_then_load_gives_the_same_workshop(pack: Pack, tmp_path: Path) -> None:
    workshop = sample_workshop(pack)
    path = tmp_path / "sessions" / "riverside.toml"
    save(workshop, path)
    loaded = load(path)
    assert loaded == workshop
    assert loaded.decisions.policies[1].due == dt.date(2026, 6, 1)
    assert loaded.decisions.policies[0].due is None
    assert loaded.rounds[0].ballots[1].dont_know == ["technology"]
    assert loaded.step is Step.DECISIONS


def test_saved_text_is_what_dump_gives(pack: Pack, tmp_path: Path) -> None:
    workshop = sample_workshop(pack)
    path = tmp_path / "riverside.toml"
    save(workshop, path)
    assert path.read_text(encoding="utf-8") == dump(workshop)
    assert 'name = "Riverside Unified"' in dump(workshop)


def test_save_sets_updated(
    pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = sample_workshop(pack)
    monkeypatch.setattr(storage, "now", lambda: FIXED_NOW)
    save(workshop, tmp_path / "riverside.toml")
    assert workshop.updated == FIXED_NOW
    assert load(tmp_path / "riverside.toml").updated == FIXED_NOW


def test_saved_file_is_private(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "riverside.toml"
    save(sample_workshop(pack), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_resaving_a_readable_file_makes_it_private(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "riverside.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    save(sample_workshop(pack), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_save_leaves_the_old_file_intact(
    failing: str, pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "riverside.toml"
    save(sample_workshop(pack), path)
    before = path.read_bytes()

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, refuse)
    changed = sample_workshop(pack)
    changed.name = "Renamed"
    with pytest.raises(OSError, match="No space left"):
        save(changed, path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["riverside.toml"]


def test_failed_first_save_leaves_no_file(
    pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        save(sample_workshop(pack), tmp_path / "riverside.toml")
    assert list(tmp_path.iterdir()) == []


# Broken session files: each refused with a message, each left as it was


def test_every_broken_session_has_an_expected_message() -> None:
    names = sorted(p.name for p in SESSIONS.iterdir() if p.name != "valid.toml")
    assert names == sorted(BROKEN_SESSIONS)


@pytest.mark.parametrize("name", sorted(BROKEN_SESSIONS))
def test_open_session_refuses_a_broken_file(
    name: str, pack: Pack, tmp_path: Path
) -> None:
    path = copy_session(name, tmp_path)
    before = path.read_bytes()
    with pytest.raises(SessionError) as caught:
        open_session(path, [pack])
    assert str(caught.value) == f"{path}: {BROKEN_SESSIONS[name]}"
    assert caught.value.path == path
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_session_messages_use_no_pydantic_wording(pack: Pack) -> None:
    """Sessions said 'Field required' and 'Extra inputs are not permitted'."""
    for name in BROKEN_SESSIONS:
        with pytest.raises(SessionError) as caught:
            open_session(SESSIONS / name, [pack])
        message = str(caught.value)
        for pydantic_words in ("Field required", "Extra inputs", "Input should"):
            assert pydantic_words not in message


def test_misspelled_key_is_named_before_the_key_it_hides() -> None:
    """`nmae` used to be reported only as `name` missing, or as 'Extra inputs'."""
    with pytest.raises(SessionError) as caught:
        load(SESSIONS / "misspelled-key.toml")
    assert caught.value.problem.startswith("line 2, field nmae: ")


def test_byte_order_mark_session_is_valid_but_for_the_mark() -> None:
    """A BOM used to give 'not valid TOML ...; the file may be cut short'.

    The data file is the valid session with a mark in front, so the message
    in BROKEN_SESSIONS can only come from the mark.
    """
    raw = (SESSIONS / "byte-order-mark.toml").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw[len(codecs.BOM_UTF8) :] == (SESSIONS / "valid.toml").read_bytes()


def test_load_refuses_utf16(tmp_path: Path) -> None:
    path = tmp_path / "utf16.toml"
    text = (SESSIONS / "valid.toml").read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(SessionError) as caught:
        load(path)
    assert caught.value.problem == (
        "the file is UTF-16 text; expected UTF-8 (re-save it as UTF-8)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"1"', "schema_version is the text '1'; expected a whole number, "),
        ("true", "schema_version is the boolean true; expected a whole number, "),
        ("0", "schema_version 0 is not one readiness-tui writes; "),
    ],
)
def test_load_refuses_a_schema_version_that_is_not_one(
    value: str, expected: str, tmp_path: Path
) -> None:
    """`schema_version = "1"` used to be reported as no schema_version at all."""
    path = tmp_path / "session.toml"
    text = (SESSIONS / "valid.toml").read_text(encoding="utf-8")
    path.write_text(
        text.replace("schema_version = 1", f"schema_version = {value}"), "utf-8"
    )
    with pytest.raises(SessionError) as caught:
        load(path)
    assert caught.value.problem.startswith(expected)


def test_load_counts_list_positions_from_one(tmp_path: Path) -> None:
    """The field used to read rounds.0.ballots.1.seat, unlike check_against."""
    path = copy_session("wrong-type.toml", tmp_path)
    with pytest.raises(SessionError) as caught:
        load(path)
    assert ", field rounds[1].ballots[2].seat: " in caught.value.problem


def test_load_counts_nested_lists_within_their_own_table(tmp_path: Path) -> None:
    """A ballot in round 2 was placed on round 1's ballot of the same position."""
    text = (SESSIONS / "valid.toml").read_text(encoding="utf-8")
    rounds = text[text.index("[[rounds]]") : text.index("[decisions]")]
    second = rounds.replace("number = 1", "number = 2").replace(
        "seat = 2\n", 'seat = "two"\n'
    )
    path = tmp_path / "two-rounds.toml"
    path.write_text(text.replace("[decisions]", second + "[decisions]"), "utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(SessionError) as caught:
        load(path)
    problem = caught.value.problem
    assert problem.startswith("line 68, field rounds[2].ballots[2].seat: ")
    assert lines[68 - 1] == 'seat = "two"'


def test_load_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'schema_version = 1\nname = "Caf\xe9"\n')
    with pytest.raises(SessionError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: line 2: bytes that are not UTF-8; expected UTF-8 text"
    )


def test_load_refuses_toml_without_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text('[tool.something]\nkey = "value"\n', encoding="utf-8")
    with pytest.raises(SessionError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: no schema_version; expected a readiness-tui session file"
    )


def test_load_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    with pytest.raises(SessionError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: file not found"


def test_out_of_range_rating_is_refused_against_the_pack(
    pack: Pack, tmp_path: Path
) -> None:
    path = copy_session("rating-out-of-range.toml", tmp_path)
    before = path.read_bytes()
    workshop = load(path)
    with pytest.raises(SessionError) as caught:
        check_against(workshop, pack, path)
    assert str(caught.value) == (
        f"{path}: {BROKEN_SESSIONS['rating-out-of-range.toml']}"
    )
    assert path.read_bytes() == before


def test_open_session_on_a_valid_file(pack: Pack, tmp_path: Path) -> None:
    path = copy_session("valid.toml", tmp_path)
    before = path.read_bytes()
    workshop, found = open_session(path, [pack])
    assert found is pack
    assert workshop.name == "Riverside Unified"
    assert workshop.step is Step.REVEAL
    assert [m.name for m in workshop.team.members] == ["Ana", "Ben"]
    assert workshop.rounds[0].ballots[0].ratings == {
        "human-capacity": 3,
        "technology": 2,
    }
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda w: w.rounds[0].statements.append("nope"),
            "field rounds[1].statements: 'nope' is not a statement of pack "
            "'blended-learning-district'; expected one of its statement ids",
        ),
        (
            lambda w: w.rounds[0].statements.append("technology"),
            "field rounds[1].statements: 'technology' is listed twice; "
            "expected each statement once",
        ),
        (
            lambda w: w.team.members.pop(),
            "field rounds[1].ballots[2].seat: no member has seat 2; "
            "expected one of the seats in team.members (1)",
        ),
        (
            lambda w: setattr(w.rounds[0].ballots[1], "seat", 1),
            "field rounds[1].ballots[2].seat: seat 1 already has a ballot in this "
            "round, rounds[1].ballots[1]",
        ),
        (
            lambda w: w.rounds[0].ballots[0].ratings.update({"nope": 2}),
            "field rounds[1].ballots[1].ratings: 'nope' is not a statement of pack",
        ),
        (
            lambda w: w.rounds[0].ballots[0].dont_know.append("nope"),
            "field rounds[1].ballots[1].dont_know: 'nope' is not a statement of pack",
        ),
        (
            lambda w: w.rounds[0].ballots[0].dont_know.append("technology"),
            "field rounds[1].ballots[1].dont_know: 'technology' is also rated 2 in "
            "rounds[1].ballots[1].ratings",
        ),
        (
            lambda w: w.team.members.append(Member(seat=2, name="Cy")),
            "field team.members[3].seat: seat 2 is also the seat of team.members[2]",
        ),
        (
            lambda w: w.team.members.append(Member(seat=3, name=" BEN ")),
            "field team.members[3].name: ' BEN ' is also the name of team.members[2]",
        ),
        (
            lambda w: w.set_agreed("technology", 0, ""),
            "field agreed[1].value: 0 is outside the scale 1 to 4",
        ),
        (
            lambda w: w.set_agreed("nope", 2, ""),
            "field agreed[1].statement: 'nope' is not a statement of pack",
        ),
        (
            agree_twice,
            "field agreed[2].statement: 'technology' already has an agreed "
            "value, agreed[1]; expected one per statement",
        ),
        (
            lambda w: w.agreed_history.append(earlier_agreement("technology", 9)),
            "field agreed_history[1].value: 9 is outside the scale 1 to 4",
        ),
        (
            lambda w: w.agreed_history.append(
                earlier_agreement("technology", 2).model_copy(update={"round": 4})
            ),
            "field agreed_history[1].round: round 4 does not exist; expected the "
            "round whose ratings the team agreed on, one of the revealed rounds (1)",
        ),
        (
            lambda w: w.discussed.extend(
                [Discussed(statement="technology"), Discussed(statement="technology")]
            ),
            "field discussed[2].statement: 'technology' is also discussed[1]; "
            "expected one entry per statement",
        ),
        (
            lambda w: w.discussed.append(
                Discussed(statement="technology", seconds=30, countdown_from=90)
            ),
            "field discussed[1].countdown_from: 90 is more than seconds (30); "
            "expected the time discussed when the countdown was last reset",
        ),
        (
            lambda w: setattr(w.decisions, "capacity", "everywhere"),
            "field decisions.capacity: 'everywhere' is not a capacity option of "
            "pack 'blended-learning-district'; expected one of "
            "['not-yet', 'pilot', 'schoolwide']",
        ),
        (
            lambda w: w.decisions.policies.append(Policy(text="x", area="nope")),
            "field decisions.policies[1].area: 'nope' is not a policy area of "
            "pack 'blended-learning-district'; expected one of",
        ),
    ],
)
def test_check_against_names_the_field(
    change: Callable[[Workshop], object], expected: str, pack: Pack, tmp_path: Path
) -> None:
    path = tmp_path / "session.toml"
    workshop = load(SESSIONS / "valid.toml")
    check_against(workshop, pack, path)
    change(workshop)
    with pytest.raises(SessionError) as caught:
        check_against(workshop, pack, path)
    assert str(caught.value).startswith(f"{path}: {expected}")


def test_anonymous_members_may_share_a_name(pack: Pack, tmp_path: Path) -> None:
    """Only a named team needs different names; seats tell anonymous ones apart."""
    workshop = load(SESSIONS / "valid.toml")
    workshop.team.members = [
        Member(seat=1, name="Member"),
        Member(seat=2, name="member"),
    ]
    with pytest.raises(SessionError, match="is also the name of"):
        check_against(workshop, pack, tmp_path / "session.toml")
    workshop.team.anonymous = True
    check_against(workshop, pack, tmp_path / "session.toml")


def test_a_fresh_workshop_passes_the_checks(pack: Pack, tmp_path: Path) -> None:
    """What the app records through its own methods is never refused."""
    workshop = sample_workshop(pack)
    check_against(workshop, pack, tmp_path / "session.toml")
    path = tmp_path / "riverside.toml"
    save(workshop, path)
    assert open_session(path, [pack]) == (load(path), pack)


def test_a_workshop_re_rating_an_agreed_statement_passes(
    pack: Pack, tmp_path: Path
) -> None:
    """An agreement stays on its revealed round while a later round is open."""
    workshop = sample_workshop(pack)
    workshop.facilitator_code = hash_code("k9")
    workshop.start_round(["technology"])
    workshop.step = Step.RATING
    path = tmp_path / "riverside.toml"
    save(workshop, path)
    again, _ = open_session(path, [pack])
    assert [r.number for r in again.rounds] == [1, 2]
    assert again.agreed[0].round == 1
    assert code_matches("k9", again.facilitator_code)


# The facilitator's code


def test_code_matches_the_code_it_was_made_from() -> None:
    stored = hash_code("k9", iterations=1_000)
    assert code_matches("k9", stored)
    assert not code_matches("K9", stored)


SALT, DIGEST = "a1" * 16, "b2" * 32
"""A salt and hash in the hex `hash_code` writes."""


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "1234",
        f"pbkdf2_sha256$0${SALT}${DIGEST}",
        f"pbkdf2_sha256$999$${SALT}${DIGEST}",
        f"pbkdf2_sha256$999999999999${SALT}${DIGEST}",
        f"pbkdf2_sha256$2000000000${SALT}${DIGEST}",
        f"pbkdf2_sha256${'9' * 5000}${SALT}${DIGEST}",
        f"pbkdf2_sha256$-100000${SALT}${DIGEST}",
        f"pbkdf2_sha512$100000${SALT}${DIGEST}",
        f"pbkdf2_sha256$100000${'zz' * 16}${DIGEST}",
        f"pbkdf2_sha256$100000${SALT}${DIGEST.upper()}",
        f"pbkdf2_sha256$100000${SALT}${DIGEST}$extra",
        f"pbkdf2_sha256$100000${SALT}",
    ],
)
def test_code_matches_no_code_for_a_malformed_hash(
    stored: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored count of 0 raised ValueError, 999999999999 OverflowError, and
    2000000000 held the desk at full CPU; now no code matches, at once."""
    rounds_run: list[int] = []

    def pbkdf2(name: str, code: bytes, salt: bytes, rounds: int) -> bytes:
        rounds_run.append(rounds)
        return b""

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", pbkdf2)
    assert not code_matches("1234", stored)
    assert rounds_run == []
    assert (code_hash_problem(stored) is None) == (stored == "")


def test_a_stored_code_within_the_rounds_allowed_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rounds_run: list[int] = []

    def pbkdf2(name: str, code: bytes, salt: bytes, rounds: int) -> bytes:
        rounds_run.append(rounds)
        return bytes.fromhex(DIGEST)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", pbkdf2)
    for rounds in (1_000, 10_000_000):
        assert code_matches("1234", f"pbkdf2_sha256${rounds}${SALT}${DIGEST}")
    assert rounds_run == [1_000, 10_000_000]


# Finding session files


def test_slug() -> None:
    assert slug("Springfield USD") == "springfield-usd"
    assert slug("  Springfield USD / North #5  ") == "springfield-usd-north-5"
    assert slug("!!!") == "workshop"
    assert len(slug("a" * 100)) == 60


def test_new_session_path_avoids_taken_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "now", lambda: FIXED_NOW)
    first = new_session_path(tmp_path, "Riverside Unified")
    assert first == tmp_path / "2026-03-02-riverside-unified.toml"
    first.write_text("", encoding="utf-8")
    second = new_session_path(tmp_path, "Riverside Unified")
    assert second == tmp_path / "2026-03-02-riverside-unified-2.toml"
    second.write_text("", encoding="utf-8")
    third = new_session_path(tmp_path, "Riverside Unified")
    assert third == tmp_path / "2026-03-02-riverside-unified-3.toml"


def test_list_sessions_newest_first(tmp_path: Path) -> None:
    for age, name in enumerate(["c.toml", "a.toml", "b.toml"]):
        path = tmp_path / name
        path.write_text("", encoding="utf-8")
        os.utime(path, (1_700_000_000 - age * 60, 1_700_000_000 - age * 60))
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    (tmp_path / "folder.toml").mkdir()
    assert list_sessions(tmp_path) == [
        tmp_path / "c.toml",
        tmp_path / "a.toml",
        tmp_path / "b.toml",
    ]


def test_list_sessions_of_a_missing_folder(tmp_path: Path) -> None:
    assert list_sessions(tmp_path / "missing") == []


def test_default_session_dir_follows_xdg_data_home(tmp_path: Path) -> None:
    assert default_session_dir() == (
        tmp_path / "xdg-data" / "readiness-tui" / "sessions"
    )


def test_peek_describes_a_session() -> None:
    assert (
        peek(SESSIONS / "valid.toml") == "Riverside Unified · reveal · 2026-03-02 09:40"
    )


@pytest.mark.parametrize("name", ["truncated.toml", "not-toml.toml"])
def test_peek_at_an_unreadable_file(name: str) -> None:
    assert peek(SESSIONS / name) == f"{name} (cannot be read)"


def test_peek_without_a_time(tmp_path: Path) -> None:
    path = tmp_path / "bare.toml"
    path.write_text('name = "Bare"\nstep = "team"\n', encoding="utf-8")
    assert peek(path) == "Bare · team"


def test_a_schema_1_file_is_read_and_saved_as_the_current_schema(
    tmp_path: Path,
) -> None:
    """Version 2 only added keys with defaults, so a version 1 file still opens."""
    path = tmp_path / "old.toml"
    shutil.copy(SESSIONS / "valid.toml", path)
    text = path.read_text("utf-8")
    assert "schema_version = 1\n" in text

    workshop = load(path)
    save(workshop, path)

    assert workshop.schema_version == 2
    assert path.read_text("utf-8").startswith("schema_version = 2\n")


def test_discussion_time_notes_and_history_survive_a_save(
    pack: Pack, tmp_path: Path
) -> None:
    """The version 2 records are written as TOML and read back unchanged."""
    workshop = sample_workshop(pack)
    earlier = workshop.agreed_for("technology")
    workshop.set_agreed("technology", 3, "More carts came.", earlier=earlier)
    discussed = workshop.discussion("technology")
    discussed.seconds = 372
    discussed.notes = "Two schools share one cart.\nAsk the vendor."
    discussed.extra_minutes = 2
    path = tmp_path / "session.toml"
    save(workshop, path)

    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    assert on_disk["discussed"] == [
        {
            "statement": "technology",
            "seconds": 372,
            "notes": "Two schools share one cart.\nAsk the vendor.",
            "extra_minutes": 2,
            "countdown_from": 0,
        }
    ]
    (kept,) = on_disk["agreed_history"]
    assert (kept["statement"], kept["value"]) == ("technology", 2)
    assert kept["rationale"] == "Devices are short in two schools."
    assert on_disk["agreed"][0]["value"] == 3

    again, _ = open_session(path, [pack])
    assert again.discussed == workshop.discussed
    assert again.agreed_history == workshop.agreed_history


def test_a_schema_1_file_has_no_discussion_or_history(pack: Pack) -> None:
    """Files written before the timer and notes open with empty records."""
    workshop = load(SESSIONS / "valid.toml")
    check_against(workshop, pack, SESSIONS / "valid.toml")
    assert workshop.discussed == [] and workshop.agreed_history == []
