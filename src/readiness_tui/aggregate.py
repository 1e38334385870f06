"""A roll-up of many workshops on one pack, e.g. every district in a state.

Session files are read one at a time and folded into counts, so memory stays
flat as their number grows: only each included workshop's name, date and
file, and a digest per file for spotting duplicates, are kept.

A file is skipped, with one line saying why, when it cannot be read or
checked, was made with another pack, has the same bytes as a file already
included, or is the same workshop as one already included (same pack, same
name ignoring capitals, same start time): two saves of one workshop. The
first in the order given wins. Plain Python; no Textual import.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from readiness_tui.content import Pack, Scale
from readiness_tui.report import BAR, md, md_fence, one_line
from readiness_tui.session import Workshop
from readiness_tui.stats import Summary, figures
from readiness_tui.storage import SUFFIX, SessionError, open_session


@dataclass(frozen=True)
class Included:
    """A workshop counted in the roll-up.

    Attributes:
        path: Its session file.
        name: The workshop's name.
        date: When it began, as YYYY-MM-DD.
    """

    path: Path
    name: str
    date: str


@dataclass(frozen=True)
class Skipped:
    """A file left out of the roll-up, and why.

    Attributes:
        path: The file.
        reason: Why it was left out, in words.
    """

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


@dataclass
class Tally:
    """One statement's counts across workshops.

    Attributes:
        agreed: How many workshops agreed each value on their current ratings.
        not_agreed: Workshops with no agreed value on their current ratings.
        ratings: How many final-round (current) ratings gave each value.
        dont_know: How many final-round answers were "don't know".
    """

    agreed: Counter[int] = field(default_factory=Counter)
    not_agreed: int = 0
    ratings: Counter[int] = field(default_factory=Counter)
    dont_know: int = 0


@dataclass
class RollUp:
    """The counts of every included workshop, and the files left out.

    Attributes:
        pack: The pack every included workshop ran on.
        tallies: Per statement id, its counts.
        capacity: How many workshops chose each capacity option id ("" for
            none yet).
        policies: How many policies were named under each area id.
        areas_named: In how many workshops each area id was named.
        included: The workshops counted, in the order read.
        skipped: The files left out, in the order read.
    """

    pack: Pack
    tallies: dict[str, Tally] = field(default_factory=dict)
    capacity: Counter[str] = field(default_factory=Counter)
    policies: Counter[str] = field(default_factory=Counter)
    areas_named: Counter[str] = field(default_factory=Counter)
    included: list[Included] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, part: Contribution) -> None:
        """Fold one workshop's contribution into the counts."""
        for statement in self.pack.survey.statements:
            tally = self.tallies.setdefault(statement.id, Tally())
            agreed = part.agreed.get(statement.id)
            if agreed is None:
                tally.not_agreed += 1
            else:
                tally.agreed[agreed] += 1
            for value in part.ratings.get(statement.id, ()):
                if value is None:
                    tally.dont_know += 1
                else:
                    tally.ratings[value] += 1
        self.capacity[part.capacity] += 1
        self.policies.update(part.areas)
        self.areas_named.update(set(part.areas))
        self.included.append(Included(part.path, part.name, part.date))


@dataclass(frozen=True)
class Contribution:
    """What one readable session adds to a roll-up: small, whatever the file.

    Attributes:
        path: The session file.
        digest: The SHA-256 of its bytes, to spot copies.
        pack_id: The pack it was made with.
        identity: Pack, name without capitals, and start time, to spot two
            saves of one workshop.
        name: The workshop's name.
        date: When it began, as YYYY-MM-DD.
        agreed: Per statement id, the value agreed on the current ratings.
        ratings: Per statement id, the current ratings (None: don't know).
        capacity: The capacity option chosen, or "".
        areas: The policy area of each policy named.
    """

    path: Path
    digest: bytes
    pack_id: str
    identity: tuple[str, str, str]
    name: str
    date: str
    agreed: dict[str, int]
    ratings: dict[str, tuple[int | None, ...]]
    capacity: str
    areas: tuple[str, ...]

    @classmethod
    def of(cls, workshop: Workshop, path: Path, digest: bytes) -> Contribution:
        """Take from a checked workshop what the roll-up counts."""
        ids = {i for r in workshop.rounds for i in r.statements}
        agreed = {
            a.statement: a.value
            for a in workshop.agreed
            if workshop.is_settled(a.statement)
        }
        return cls(
            path=path,
            digest=digest,
            pack_id=workshop.pack.id,
            identity=(
                workshop.pack.id,
                workshop.name.strip().casefold(),
                workshop.created.isoformat(),
            ),
            name=workshop.name,
            date=f"{workshop.created:%Y-%m-%d}",
            agreed=agreed,
            ratings={
                i: tuple(value for _, value in workshop.current_ratings(i))
                for i in sorted(ids)
            },
            capacity=workshop.decisions.capacity,
            areas=tuple(policy.area for policy in workshop.decisions.policies),
        )


def read_session(path: Path, packs: list[Pack]) -> Contribution | Skipped:
    """Read and check one session file and keep only what the roll-up counts."""
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except FileNotFoundError:
        return Skipped(path, "file not found")
    except OSError as error:
        return Skipped(path, f"cannot be read ({error.strerror})")
    try:
        workshop, _ = open_session(path, packs)
    except SessionError as error:
        return Skipped(path, error.problem)
    return Contribution.of(workshop, path, digest)


_worker_packs: list[Pack] = []
"""The packs, in a worker process of `roll_up`."""


def _start_worker(packs: list[Pack]) -> None:
    """Give a worker process the packs to check sessions against."""
    _worker_packs[:] = packs


def _read_in_worker(path: Path) -> Contribution | Skipped:
    """`read_session` with the worker's packs."""
    return read_session(path, _worker_packs)


def session_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each given file, and the session files in each given folder and below.

    Files in a folder come in name order; hidden files and folders (a name
    starting with ".", such as a save's temporary file) are passed over.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob(f"*{SUFFIX}")):
            hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
            if found.is_file() and not hidden:
                yield found


def roll_up(
    paths: Iterable[Path],
    packs: list[Pack],
    pack_id: str | None = None,
    workers: int | None = None,
) -> RollUp:
    """Read session files and count them into a roll-up, in the order given.

    Files are parsed by `workers` processes (TOML parsing is most of the
    time), and each hands back only a `Contribution`; the counting, and the
    choice of what to skip, happen here in the order the files were given.

    Args:
        paths: Session files and folders of them.
        packs: The packs available to check sessions against.
        pack_id: The pack to roll up; by default the first readable session's.
        workers: Processes to parse with; by default one per CPU, and 1
            reads in this process.

    Returns:
        The roll-up, with the files it skipped and why.

    Raises:
        NoSessions: No session file could be included, or `pack_id` is not
            among `packs`; the message says which.
    """
    chosen = _find_pack(packs, pack_id) if pack_id is not None else None
    files = session_files(paths)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return _fold((read_session(path, packs) for path in files), packs, chosen)
    with multiprocessing.Pool(workers, _start_worker, (packs,)) as pool:
        return _fold(pool.imap(_read_in_worker, files, chunksize=16), packs, chosen)


def _fold(
    reads: Iterable[Contribution | Skipped], packs: list[Pack], chosen: Pack | None
) -> RollUp:
    """Count each contribution unless it is of another pack or a duplicate."""
    result: RollUp | None = None
    skipped: list[Skipped] = []
    seen_bytes: dict[bytes, Path] = {}
    seen_workshops: dict[tuple[str, str, str], Path] = {}
    for read in reads:
        if isinstance(read, Skipped):
            skipped.append(read)
            continue
        if read.digest in seen_bytes:
            reason = f"same content as {seen_bytes[read.digest]}"
            skipped.append(Skipped(read.path, reason))
            continue
        if chosen is None:
            chosen = _find_pack(packs, read.pack_id)
        if read.pack_id != chosen.id:
            reason = f"made with pack {read.pack_id!r}, not {chosen.id!r}"
            skipped.append(Skipped(read.path, reason))
            continue
        if read.identity in seen_workshops:
            reason = (
                f"the same workshop as {seen_workshops[read.identity]} (same name "
                "and start time); keep one copy"
            )
            skipped.append(Skipped(read.path, reason))
            continue
        seen_bytes[read.digest] = read.path
        seen_workshops[read.identity] = read.path
        if result is None:
            result = RollUp(chosen)
        result.add(read)

    if result is None:
        found = f"; {len(skipped)} skipped" if skipped else ""
        raise NoSessions(f"no session file could be rolled up{found}", skipped)
    result.skipped = skipped
    return result


class NoSessions(LookupError):
    """Nothing to roll up: every file was skipped, or none was found.

    Args:
        message: What happened, in words.
        skipped: The files left out, and why.
    """

    def __init__(self, message: str, skipped: list[Skipped]) -> None:
        super().__init__(message)
        self.skipped = skipped


def _find_pack(packs: list[Pack], pack_id: str) -> Pack:
    """The pack with this id.

    Raises:
        NoSessions: No such pack is available.
    """
    for pack in packs:
        if pack.id == pack_id:
            return pack
    ids = ", ".join(p.id for p in packs)
    raise NoSessions(f"no pack {pack_id!r} is available; expected one of {ids}", [])


def summary_of_counts(counts: Counter[int], dont_know: int, scale: Scale) -> Summary:
    """The figures `stats.summarize` gives, computed from counts alone.

    Expanding the counts into a list of ratings would grow with the number
    of workshops; this stays the size of the scale.

    Args:
        counts: How many ratings gave each point.
        dont_know: How many answered "don't know".
        scale: The survey's scale.

    Returns:
        The figures, equal to `stats.summarize` on the expanded ratings.
    """
    full = {point: counts.get(point, 0) for point in scale.points}
    n = sum(full.values())
    if n == 0:
        return Summary(full, dont_know, 0, None, None, None, None, None, False)
    rated = [point for point, count in full.items() if count]
    mean = sum(point * count for point, count in full.items()) / n
    variance = sum(count * (point - mean) ** 2 for point, count in full.items()) / n
    middle = scale.middle
    return Summary(
        counts=full,
        dont_know=dont_know,
        n=n,
        median=_median(full, n),
        mean=mean,
        stdev=math.sqrt(variance),
        low=rated[0],
        high=rated[-1],
        split=rated[0] < middle < rated[-1],
    )


def _median(counts: dict[int, int], n: int) -> float:
    """The median of `n` ratings given as counts per point, lowest point first."""

    def nth(index: int) -> int:
        passed = 0
        for point, count in counts.items():
            passed += count
            if index < passed:
                return point
        raise IndexError(index)

    if n % 2:
        return float(nth(n // 2))
    return (nth(n // 2 - 1) + nth(n // 2)) / 2


def to_markdown(rollup: RollUp) -> str:
    """The roll-up as Markdown, ending with a newline."""
    pack = rollup.pack
    lines = [
        f"# Roll-up: {md(pack.title)}",
        "",
        f"Pack `{pack.id}`. {plural(len(rollup.included), 'workshop')} included, "
        f"{plural(len(rollup.skipped), 'file')} skipped.",
    ]
    for number, statement in enumerate(pack.survey.statements, 1):
        tally = rollup.tallies[statement.id]
        ratings = summary_of_counts(tally.ratings, tally.dont_know, pack.scale)
        agreed = [(pack.scale.describe(p), tally.agreed[p]) for p in pack.scale.points]
        agreed.append(("not agreed", tally.not_agreed))
        lines += [
            "",
            f"## {number}. {md(one_line(statement.text))}",
            "",
            "Agreed values, one per workshop:",
            "",
            *md_fence(_bars(agreed)),
            "",
            "Final-round ratings, every member of every workshop:",
            "",
            *md_fence(
                _bars([(pack.scale.describe(p), c) for p, c in ratings.counts.items()])
            ),
            "",
            figures(ratings),
        ]
    lines += ["", "## Capacity decisions", ""]
    for option in pack.discussion.capacity_options:
        lines.append(f"- {md(option.label)}: {rollup.capacity[option.id]}")
    lines.append(f"- Not decided: {rollup.capacity['']}")
    lines += ["", *_area_lines(rollup), "", "## Workshops included", ""]
    for included in rollup.included:
        name = md(one_line(included.name))
        lines.append(f"- {included.date} {name} ({md(str(included.path))})")
    if rollup.skipped:
        lines += ["", "## Files skipped", ""]
        lines += md_fence([str(skipped) for skipped in rollup.skipped])
    return "\n".join(lines) + "\n"


def plural(count: int, word: str, words: str = "") -> str:
    """``1 workshop``, ``2 workshops``; `words` for an irregular plural."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def _bars(rows: list[tuple[str, int]]) -> list[str]:
    """Labelled bars scaled to 32 blocks for the largest count."""
    widest = max((count for _, count in rows), default=0)
    label_width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, count in rows:
        length = math.ceil(32 * count / widest) if widest else 0
        bar = BAR * length if count else "·"
        lines.append(f"{label:<{label_width}}  {bar} {count}")
    return lines


def _area_lines(rollup: RollUp) -> list[str]:
    """The policy areas, named most often first (ties in the pack's order)."""
    lines = ["## Policy areas named most often", ""]
    areas = rollup.pack.discussion.policy_areas
    ranked = sorted(
        areas, key=lambda a: (-rollup.areas_named[a.id], -rollup.policies[a.id])
    )
    for rank, area in enumerate(ranked, 1):
        lines.append(
            f"{rank}. {md(area.label)}: "
            f"in {plural(rollup.areas_named[area.id], 'workshop')}, "
            f"{plural(rollup.policies[area.id], 'policy', 'policies')}"
        )
    return lines
