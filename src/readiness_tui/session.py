"""The workshop record: team, rounds of ballots, agreed values and decisions.

A `Workshop` is what one session file holds (see `storage` for reading and
writing it, and the README's "Session files" for the schema). The methods here
are the rules of the activity: who rates next, which ratings are current, what
the team agreed. Plain Python; no Textual import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

from readiness_tui.content import Pack
from readiness_tui.text import plain_block, plain_line

SCHEMA_VERSION = 2
"""The session file schema this release writes. It reads every earlier one:
version 2 only added tables and keys with defaults to version 1."""

Line = Annotated[str, StringConstraints(max_length=2000), AfterValidator(plain_line)]
"""One short piece of text typed by the facilitator."""

LONG_TEXT_MAX = 20000
"""The most characters a rationale or notes may hold."""

LongText = Annotated[
    str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(plain_block)
]
"""Free text such as a rationale or the notes."""


def now() -> dt.datetime:
    """The local time to the second, with its UTC offset."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def _refuse_bare_date(value: object) -> object:
    """Pydantic validator: a TOML date alone is not a moment; pydantic would
    read it as midnight."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise ValueError(
            f"{value} is a date without a time; expected a date and time, "
            f"e.g. {value} 09:00:00+01:00"
        )
    return value


Moment = Annotated[dt.datetime, BeforeValidator(_refuse_bare_date)]
"""When something happened: a date and a time of day, as `now` gives."""


class Step(StrEnum):
    """The workshop's phases, in order; the session file stores the current one."""

    SCENARIO = "scenario"
    TEAM = "team"
    RATING = "rating"
    REVEAL = "reveal"
    RECONCILE = "reconcile"
    DECISIONS = "decisions"


class _Record(BaseModel):
    """Base for session tables: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class PackRef(_Record):
    """Which content pack the workshop runs on."""

    id: str
    """The pack's id; a session only resumes with the same pack."""
    title: str
    """The pack's title when the workshop began."""
    folder: str
    """Where the pack was loaded from, to find it again on resume."""


MAX_SEAT = 999
"""The highest seat number a file may give. Teams have a few dozen members and
seats are numbered from 1; a huge number can only be a slip of the keyboard."""


class Member(_Record):
    """One member of the team, identified by their seat in the handoff order."""

    seat: StrictInt = Field(ge=1, le=MAX_SEAT)
    """1 for the first to rate, 2 for the next, and so on."""
    name: Line
    """The member's name, or "Member N" for an anonymous seat."""


class Team(_Record):
    """Who rates, in which order, and what the reveal shows."""

    members: list[Member] = []
    """The members in the order the keyboard passes."""
    anonymous: StrictBool = False
    """True when the members are seats "Member 1..N" rather than names."""
    reveal: Literal["names", "counts"] = "counts"
    """Whether the reveal and reconcile show who gave which rating."""
    away: list[StrictInt] = []
    """Seats of members who stepped out: the keyboard skips them until they
    are marked back."""

    def member(self, seat: int) -> Member:
        """The member in this seat.

        Raises:
            KeyError: No member has that seat.
        """
        for member in self.members:
            if member.seat == seat:
                return member
        raise KeyError(seat)


CODE_ITERATIONS = 100_000
"""PBKDF2 rounds for the facilitator's code: a tenth of a second on a modest
machine, slow enough that the hash in the file does not give the code away."""

CODE_ROUNDS_ALLOWED = range(1_000, 10_000_001)
"""PBKDF2 rounds a stored code may name: 0 cannot be hashed, and two thousand
million would hold the desk at full CPU for minutes; ten million takes a few
seconds."""

CODE_HASH = re.compile(r"pbkdf2_sha256\$([0-9]{1,20})\$[0-9a-f]{32}\$[0-9a-f]{64}")
"""The form `hash_code` writes: method, rounds, then salt and hash in hex."""

_NEW_CODE = 'or "" for none; set it to "" and choose a new code on the desk'
"""How a facilitator gets past a stored code that is not usable."""


def code_hash_problem(stored: str) -> str | None:
    """What is wrong with a stored facilitator's code, or None if it is usable.

    Args:
        stored: The value of `facilitator_code`, "" for none.

    Returns:
        A sentence for the error message, or None for "" and for a hash
        `hash_code` could have written.
    """
    if not stored:
        return None
    match = CODE_HASH.fullmatch(stored)
    if match is None:
        return (
            "expected a hash written by readiness-tui (pbkdf2_sha256$...), " + _NEW_CODE
        )
    rounds = int(match[1])
    if rounds not in CODE_ROUNDS_ALLOWED:
        lowest, highest = CODE_ROUNDS_ALLOWED[0], CODE_ROUNDS_ALLOWED[-1]
        return (
            f"the hash names {rounds} PBKDF2 rounds; expected {lowest:,} to "
            f"{highest:,} (readiness-tui writes {CODE_ITERATIONS:,}), " + _NEW_CODE
        )
    return None


def _check_code_hash(stored: str) -> str:
    """Pydantic validator: "" or a hash `hash_code` wrote, never a bare code."""
    problem = code_hash_problem(stored)
    if problem is not None:
        raise ValueError(problem)
    return stored


def hash_code(code: str, iterations: int = CODE_ITERATIONS) -> str:
    """The salted hash of a facilitator's code, as the session file keeps it."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac(
        "sha256", code.encode("utf-8"), bytes.fromhex(salt), iterations
    )
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def code_matches(code: str, stored: str) -> bool:
    """True if `code` is the one `stored` (from `hash_code`) was made from.

    A stored value `hash_code` could not have written matches no code: it
    never raises, and never runs PBKDF2 for more rounds than a file may name.
    """
    if not stored or code_hash_problem(stored) is not None:
        return False
    _method, rounds, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac(
        "sha256", code.encode("utf-8"), bytes.fromhex(salt), int(rounds)
    )
    return hmac.compare_digest(digest.hex(), expected)


class Ballot(_Record):
    """One member's confirmed answers in one round."""

    seat: StrictInt
    """The member's seat."""
    confirmed_at: Moment
    """When the member confirmed the ballot."""
    ratings: dict[str, StrictInt] = {}
    """Statement id to rating, for the statements the member rated."""
    dont_know: list[str] = []
    """Statement ids the member left as "don't know"."""

    def value(self, statement_id: str) -> int | None:
        """The rating for a statement, or None for "don't know" or not asked."""
        return self.ratings.get(statement_id)


class Round(_Record):
    """One pass of the keyboard: every member rates the listed statements."""

    number: StrictInt = Field(ge=1)
    """1 for the first round, counting up with each re-rating."""
    statements: list[str] = Field(min_length=1)
    """The statement ids rated in this round; at least one."""
    started_at: Moment
    """When the round began."""
    revealed: StrictBool = False
    """True once the ratings were shown; they are then the current ones."""
    ballots: list[Ballot] = []
    """The confirmed ballots, in the order they were confirmed."""

    def ballot(self, seat: int) -> Ballot | None:
        """The seat's ballot in this round, if confirmed."""
        for ballot in self.ballots:
            if ballot.seat == seat:
                return ballot
        return None


class Agreed(_Record):
    """The value the team agreed for one statement, and why."""

    statement: str
    """The statement id."""
    value: StrictInt
    """The agreed rating."""
    round: StrictInt = Field(ge=1)
    """The round whose ratings the team agreed on; a later re-rating of the
    statement makes this agreement one to confirm again."""
    rationale: LongText = ""
    """The facilitator's summary of the reasons."""
    agreed_at: Moment
    """When the value was agreed."""


MAX_EXTRA_MINUTES = 600
"""The most minutes the facilitator may add to one statement's countdown."""


class Discussed(_Record):
    """How long the team discussed one statement in reconcile, and the notes.

    The countdown on the reconcile screen is worked out from these numbers,
    so it stands where it stood when the workshop resumes.
    """

    statement: str
    """The statement id."""
    seconds: StrictInt = Field(default=0, ge=0)
    """Time the timer ran on this statement, over every visit, in seconds."""
    notes: LongText = ""
    """The facilitator's notes of the discussion."""
    extra_minutes: StrictInt = Field(default=0, ge=0, le=MAX_EXTRA_MINUTES)
    """Minutes added to the pack's countdown since it was last reset."""
    countdown_from: StrictInt = Field(default=0, ge=0)
    """The value of `seconds` when the countdown was last reset."""

    def remaining(self, minutes: int) -> int:
        """Seconds left on a countdown of `minutes` plus those added.

        Negative once time is up: the overtime.
        """
        length = (minutes + self.extra_minutes) * 60
        return length - (self.seconds - self.countdown_from)

    def reset_countdown(self) -> None:
        """Start the countdown again from its full length; time spent stays."""
        self.countdown_from = self.seconds
        self.extra_minutes = 0


class Policy(_Record):
    """A policy that must change, with who owns the change and by when."""

    text: LongText
    """What must change."""
    area: str
    """The policy area's id, from the pack's discussion.policy_areas."""
    owner: Line = ""
    """Who leads the change."""
    due: dt.date | None = None
    """When it is due, if a date was set."""


class Decisions(_Record):
    """What the team decided after reconciling."""

    capacity: str = ""
    """The chosen capacity option's id (e.g. "pilot"), or "" if undecided."""
    scope: LongText = ""
    """The scope in words, e.g. which content area or grade."""
    policies: list[Policy] = []
    """The policies to change, in the order listed."""
    notes: LongText = ""
    """Free notes."""


class Workshop(_Record):
    """Everything one workshop has recorded; one session file."""

    schema_version: StrictInt = SCHEMA_VERSION
    """The session file schema; newer files are refused, not misread."""
    name: Line
    """The workshop's name, e.g. the district's."""
    created: Moment = Field(default_factory=now)
    """When the workshop began."""
    updated: Moment = Field(default_factory=now)
    """When the file was last saved."""
    step: Step = Step.SCENARIO
    """The phase the workshop stands at; resume opens it."""
    pack: PackRef
    """The content pack in use."""
    team: Team = Field(default_factory=Team)
    """The members and the reveal mode."""
    rounds: list[Round] = []
    """Every round of ratings, oldest first."""
    agreed: list[Agreed] = []
    """One agreed value per statement the team has settled."""
    agreed_history: list[Agreed] = []
    """Agreements later changed (value or rationale), oldest first."""
    discussed: list[Discussed] = []
    """Per statement: time discussed in reconcile and the notes."""
    decisions: Decisions = Field(default_factory=Decisions)
    """The capacity decision, policies and notes."""
    facilitator_code: Annotated[str, AfterValidator(_check_code_hash)] = ""
    """The salted hash of the code that opens the facilitator's desk from a
    member's screen (see `hash_code`); empty when no code was set."""

    @classmethod
    def begin(cls, name: str, pack: Pack) -> Workshop:
        """A new workshop on `pack`, standing at the scenario."""
        ref = PackRef(id=pack.id, title=pack.title, folder=str(pack.folder.resolve()))
        return cls(name=name, pack=ref)

    # Rating rounds

    @property
    def open_round(self) -> Round | None:
        """The round being rated, not yet revealed, if there is one."""
        if self.rounds and not self.rounds[-1].revealed:
            return self.rounds[-1]
        return None

    def start_round(self, statement_ids: list[str]) -> Round:
        """Open a new round for these statements, to be rated next.

        The step is left for the caller to move to rating, so that moving it
        also saves the new round.
        """
        round_ = Round(
            number=len(self.rounds) + 1, statements=statement_ids, started_at=now()
        )
        self.rounds.append(round_)
        return round_

    def pending_seats(self) -> list[int]:
        """Seats still to rate in the open round, in handoff order."""
        round_ = self.open_round
        if round_ is None:
            return []
        return [
            member.seat
            for member in self.team.members
            if round_.ballot(member.seat) is None
        ]

    def next_seat(self) -> int | None:
        """The first seat, in handoff order, still to rate and not away."""
        away = set(self.team.away)
        for seat in self.pending_seats():
            if seat not in away:
                return seat
        return None

    def add_member(self, name: str) -> Member:
        """Add a member at the end of the handoff order, e.g. one who came late.

        In an open round they are still to rate, so they rate at a handoff.
        """
        seat = max((m.seat for m in self.team.members), default=0) + 1
        if self.team.anonymous:
            name = f"Member {seat}"
        member = Member(seat=seat, name=name)
        self.team.members.append(member)
        return member

    def rename_member(self, seat: int, name: str) -> None:
        """Correct a member's name; their ballots stay theirs (kept by seat)."""
        members = self.team.members
        index = next(n for n, m in enumerate(members) if m.seat == seat)
        members[index] = Member(seat=seat, name=name)

    def set_away(self, seat: int, away: bool) -> None:
        """Mark a member as stepped out (skipped by the handoff) or back."""
        seats = [s for s in self.team.away if s != seat]
        self.team.away = [*seats, seat] if away else seats

    def record_ballot(
        self, seat: int, ratings: dict[str, int], dont_know: list[str]
    ) -> Ballot:
        """Add a confirmed ballot to the open round.

        Raises:
            ValueError: No round is open, or the seat has already rated in it.
        """
        round_ = self.open_round
        if round_ is None:
            raise ValueError("no round is open for rating")
        if round_.ballot(seat) is not None:
            raise ValueError(f"seat {seat} has already rated in round {round_.number}")
        ballot = Ballot(
            seat=seat, confirmed_at=now(), ratings=ratings, dont_know=dont_know
        )
        round_.ballots.append(ballot)
        return ballot

    def clear_ballot(self, seat: int) -> None:
        """Delete a seat's ballot from the open round, so the member rates again.

        Raises:
            ValueError: No round is open.
        """
        round_ = self.open_round
        if round_ is None:
            raise ValueError("no round is open for rating")
        round_.ballots = [b for b in round_.ballots if b.seat != seat]

    def reveal_open_round(self) -> None:
        """Mark the open round revealed: its ratings become the current ones."""
        round_ = self.open_round
        if round_ is not None:
            round_.revealed = True

    def rounds_for(self, statement_id: str) -> list[Round]:
        """The revealed rounds that rated this statement, oldest first."""
        return [r for r in self.rounds if r.revealed and statement_id in r.statements]

    def current_ratings(self, statement_id: str) -> list[tuple[Member, int | None]]:
        """Each member's current rating of a statement (None: "don't know").

        Current means from the latest revealed round that rated the statement.
        Members without a ballot in that round are left out.
        """
        rounds = self.rounds_for(statement_id)
        if not rounds:
            return []
        return self.round_ratings(rounds[-1], statement_id)

    def round_ratings(
        self, round_: Round, statement_id: str
    ) -> list[tuple[Member, int | None]]:
        """Each member's rating of a statement in one round, in handoff order.

        Members without a ballot in that round are left out.
        """
        rated = []
        for member in self.team.members:
            ballot = round_.ballot(member.seat)
            if ballot is not None:
                rated.append((member, ballot.value(statement_id)))
        return rated

    # Agreed values

    def agreed_for(self, statement_id: str) -> Agreed | None:
        """The latest agreed value for a statement, current or not."""
        for agreed in self.agreed:
            if agreed.statement == statement_id:
                return agreed
        return None

    def current_round_number(self, statement_id: str) -> int:
        """The number of the latest revealed round that rated the statement."""
        rounds = self.rounds_for(statement_id)
        return rounds[-1].number if rounds else 0

    def is_settled(self, statement_id: str) -> bool:
        """True when the agreed value was made on the current ratings.

        A statement re-rated after it was agreed is open again until the team
        confirms or changes the value.
        """
        agreed = self.agreed_for(statement_id)
        return agreed is not None and agreed.round == self.current_round_number(
            statement_id
        )

    def set_agreed(
        self,
        statement_id: str,
        value: int,
        rationale: str,
        *,
        earlier: Agreed | None = None,
    ) -> Agreed:
        """Record (or replace) the agreed value for a statement's current ratings.

        Args:
            statement_id: The statement.
            value: The agreed rating.
            rationale: Why the team settled on it.
            earlier: The agreement that stood when this change began (the
                one on screen as the facilitator opened the statement). When
                the value or rationale differs from it, it goes into
                `agreed_history`, once however often this is called while a
                rationale is typed; when both are back to what it said, it
                leaves the history again and stands as it was.

        Returns:
            The agreement now current.
        """
        round_ = max(1, self.current_round_number(statement_id))
        unchanged = earlier is not None and (earlier.value, earlier.rationale) == (
            value,
            rationale,
        )
        if earlier is not None and unchanged:
            self._forget_earlier(earlier)
            if earlier.round == round_:
                self._replace_agreed(earlier)
                return earlier
        elif earlier is not None and earlier not in self.agreed_history:
            self.agreed_history.append(earlier)
        agreed = Agreed(
            statement=statement_id,
            value=value,
            rationale=rationale,
            agreed_at=now(),
            round=round_,
        )
        self._replace_agreed(agreed)
        return agreed

    def _replace_agreed(self, agreed: Agreed) -> None:
        """Make `agreed` the statement's one current agreement."""
        self.agreed = [a for a in self.agreed if a.statement != agreed.statement]
        self.agreed.append(agreed)

    def _forget_earlier(self, earlier: Agreed) -> None:
        """Take an agreement out of the history: it was not changed after all."""
        self.agreed_history = [a for a in self.agreed_history if a != earlier]

    def earlier_agreed(self, statement_id: str) -> list[Agreed]:
        """The statement's agreements that were later changed, oldest first."""
        return [a for a in self.agreed_history if a.statement == statement_id]

    # Discussion time and notes

    def discussed_for(self, statement_id: str) -> Discussed | None:
        """The statement's discussion record, if it has one."""
        for discussed in self.discussed:
            if discussed.statement == statement_id:
                return discussed
        return None

    def discussion(self, statement_id: str) -> Discussed:
        """The statement's discussion record, added (empty) if it has none."""
        discussed = self.discussed_for(statement_id)
        if discussed is None:
            discussed = Discussed(statement=statement_id)
            self.discussed.append(discussed)
        return discussed
