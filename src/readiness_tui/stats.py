"""Figures for a statement's ratings, and the order reconcile visits them in.

Plain Python over plain numbers, so the reveal screen, reports and tests all
compute the same figures the same way.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from readiness_tui.content import Pack, Scale
from readiness_tui.session import Round, Workshop


@dataclass(frozen=True)
class Summary:
    """The spread of one statement's ratings.

    Attributes:
        counts: How many members chose each point of the scale, lowest first.
        dont_know: How many answered "don't know".
        n: How many gave a rating (don't know excluded).
        median: The median rating, or None when nobody rated.
        mean: The mean rating, or None when nobody rated.
        stdev: The population standard deviation, or None when nobody rated.
        low: The lowest rating, or None.
        high: The highest rating, or None.
        split: True when some ratings fall below the scale's middle and some
            above it (for 1 to 4: some 1-2 and some 3-4).
    """

    counts: dict[int, int]
    dont_know: int
    n: int
    median: float | None
    mean: float | None
    stdev: float | None
    low: int | None
    high: int | None
    split: bool

    @property
    def range(self) -> int | None:
        """Highest minus lowest rating, or None when nobody rated."""
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def unanimous(self) -> bool:
        """True when everyone who rated gave the same rating."""
        return self.n > 0 and self.range == 0


def summarize(values: Sequence[int | None], scale: Scale) -> Summary:
    """Summarize ratings on `scale`; None stands for "don't know".

    Args:
        values: One entry per member.
        scale: The survey's scale, which fixes the bars and the middle.

    Returns:
        The statement's figures.
    """
    rated = [v for v in values if v is not None]
    tally = Counter(rated)
    counts = {point: tally.get(point, 0) for point in scale.points}
    if not rated:
        return Summary(counts, len(values), 0, None, None, None, None, None, False)
    middle = scale.middle
    return Summary(
        counts=counts,
        dont_know=len(values) - len(rated),
        n=len(rated),
        median=float(statistics.median(rated)),
        mean=statistics.fmean(rated),
        stdev=statistics.pstdev(rated),
        low=min(rated),
        high=max(rated),
        split=any(v < middle for v in rated) and any(v > middle for v in rated),
    )


def spread_order(summaries: Sequence[Summary]) -> list[int]:
    """Indexes of `summaries` in the order reconcile discusses them.

    Widest range first; ties by standard deviation, larger first; then the
    survey's own order. Unanimous statements come after every split one, and
    statements nobody rated come last of all.

    Args:
        summaries: One per statement, in the survey's order.

    Returns:
        Positions into `summaries`.
    """

    def key(index: int) -> tuple[int, int, float, int]:
        summary = summaries[index]
        if summary.n == 0:
            return (2, 0, 0.0, index)
        group = 1 if summary.unanimous else 0
        stdev = round(summary.stdev or 0.0, 9)
        return (group, -(summary.range or 0), -stdev, index)

    return sorted(range(len(summaries)), key=key)


def number(value: float | None) -> str:
    """A figure to two decimals without trailing zeros, or an en dash for none."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def figures(summary: Summary) -> str:
    """The figures on one line, e.g. ``n 5 · median 3 · mean 2.6 · sd 1.47 ...``."""
    parts = [
        f"n {summary.n}",
        f"median {number(summary.median)}",
        f"mean {number(summary.mean)}",
        f"sd {number(summary.stdev)}",
    ]
    if summary.low is not None and summary.high is not None:
        parts.append(f"range {summary.low}–{summary.high} ({summary.range})")
    if summary.dont_know:
        parts.append(f"don't know {summary.dont_know}")
    return " · ".join(parts)


def split_note(summary: Summary, scale: Scale) -> str:
    """The split warning in words, or "" when the team is not split."""
    if not summary.split:
        return ""
    below = [p for p in scale.points if p < scale.middle]
    above = [p for p in scale.points if p > scale.middle]
    return f"SPLIT: some rated {_span(below)}, some {_span(above)}"


def _span(points: list[int]) -> str:
    """``1–2`` for several points, ``1`` for one (not ``1–1``)."""
    if len(points) == 1:
        return str(points[0])
    return f"{points[0]}–{points[-1]}"


def statement_summary(workshop: Workshop, pack: Pack, statement_id: str) -> Summary:
    """The figures for a statement's current ratings (its latest revealed round)."""
    values = [value for _, value in workshop.current_ratings(statement_id)]
    return summarize(values, pack.scale)


def names_by_point(workshop: Workshop, statement_id: str) -> dict[int, list[str]]:
    """Who gave each current rating, for a reveal that shows names."""
    names: dict[int, list[str]] = {}
    for member, value in workshop.current_ratings(statement_id):
        if value is not None:
            names.setdefault(value, []).append(member.name)
    return names


def reconcile_order(workshop: Workshop, pack: Pack) -> list[str]:
    """Statement ids in the order reconcile visits them (see `spread_order`)."""
    ids = [s.id for s in pack.survey.statements]
    summaries = [statement_summary(workshop, pack, i) for i in ids]
    return [ids[index] for index in spread_order(summaries)]


def round_summary(round_: Round, statement_id: str, scale: Scale) -> Summary:
    """The figures for one statement in one round, e.g. an earlier round."""
    values = [ballot.value(statement_id) for ballot in round_.ballots]
    return summarize(values, scale)
