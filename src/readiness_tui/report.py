"""Reports of one workshop: Markdown and HTML for the board, CSV and JSON for tools.

Every figure comes from `stats.statement_summary` and `stats.figures`, the
functions the reveal screen uses, so a report shows what the team saw. Only
revealed rounds are reported: the ballots of a round still being rated stay
private. Named ratings appear only when the team chose a named reveal.

Plain Python; no Textual import.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from readiness_tui.content import Pack, Scale, Statement
from readiness_tui.session import Agreed, Policy, Round, Step, Workshop
from readiness_tui.stats import (
    Summary,
    figures,
    round_summary,
    split_note,
    statement_summary,
)
from readiness_tui.storage import write_atomic
from readiness_tui.timer import clock_text

FORMATS = ("markdown", "html", "csv", "json")
"""The formats `render` writes; Markdown is the default."""

DONT_KNOW = "don't know"
"""How a "don't know" answer reads in every format."""

BAR = "█"
"""The block a Markdown bar is drawn with; its length carries the count."""

CSV_COLUMNS = (
    "record",
    "workshop",
    "statement",
    "round",
    "seat",
    "member",
    "value",
    "text",
    "area",
    "owner",
    "due",
)
"""The CSV header; the `record` column says what a row is (see the README)."""

NAME_SEPARATOR = "; "
"""Between names in a list; names may hold commas ("Ortega, Luis")."""

CSV_BOM = "\ufeff"
"""Starts every CSV, so that spreadsheets read the text as UTF-8."""


# Facts shared by every format


def value_text(value: int | None) -> str:
    """A rating as text, with "don't know" for None."""
    return DONT_KNOW if value is None else str(value)


def one_line(text: str) -> str:
    """Text with its line breaks turned into spaces, for a name in a list."""
    return " ".join(text.split())


def named(workshop: Workshop) -> bool:
    """True when the team chose a reveal that shows who gave which rating."""
    return workshop.team.reveal == "names"


def team_text(workshop: Workshop) -> str:
    """The team in words: names in handoff order, or how many anonymous seats."""
    members = workshop.team.members
    if not members:
        return "no members yet"
    if workshop.team.anonymous:
        return f"{len(members)} anonymous members"
    return NAME_SEPARATOR.join(one_line(m.name) for m in members)


def reveal_text(workshop: Workshop) -> str:
    """What the reveal showed, which is also what this report shows."""
    if named(workshop):
        return "the reveal showed who gave which rating"
    return "the reveal showed counts only"


def progress_text(workshop: Workshop) -> str:
    """ "" for a finished workshop, else where it stands."""
    if workshop.step == Step.DECISIONS:
        return ""
    return f"in progress: the workshop stands at {workshop.step.value}"


def ratings_text(workshop: Workshop, round_: Round, statement_id: str) -> str:
    """A round's ratings in words: by name for a named reveal, else sorted values."""
    rated = workshop.round_ratings(round_, statement_id)
    if named(workshop):
        return NAME_SEPARATOR.join(
            f"{one_line(member.name)} {value_text(value)}" for member, value in rated
        )
    values = sorted(
        (value for _, value in rated), key=lambda v: (v is None, v if v else 0)
    )
    return ", ".join(value_text(v) for v in values)


def agreed_text(workshop: Workshop, pack: Pack, statement_id: str) -> str:
    """The agreed value in words, saying when it awaits confirmation."""
    agreed = workshop.agreed_for(statement_id)
    if agreed is None:
        return "Not agreed yet."
    value = pack.scale.describe(agreed.value)
    if workshop.is_settled(statement_id):
        return f"Agreed: {value} (on round {agreed.round})"
    current = workshop.current_round_number(statement_id)
    return (
        f"Agreed: {value} on round {agreed.round}; re-rated in round {current} "
        "and not yet confirmed"
    )


def earlier_text(earlier: Agreed, pack: Pack) -> str:
    """An agreement later changed, e.g. ``1 Not at all (round 1, agreed 2026-03-02
    10:02)``; its rationale follows separately."""
    value = pack.scale.describe(earlier.value)
    return f"{value} (round {earlier.round}, agreed {earlier.agreed_at:%Y-%m-%d %H:%M})"


def discussed_text(workshop: Workshop, statement_id: str) -> str:
    """How long the statement was discussed, e.g. ``Discussed for 6:12
    (minutes:seconds).``; "" if the timer never ran on it."""
    discussed = workshop.discussed_for(statement_id)
    if discussed is None or not discussed.seconds:
        return ""
    return f"Discussed for {clock_text(discussed.seconds)} (minutes:seconds)."


def discussion_notes(workshop: Workshop, statement_id: str) -> str:
    """The statement's discussion notes, stripped; "" if none."""
    discussed = workshop.discussed_for(statement_id)
    return discussed.notes.strip() if discussed is not None else ""


def capacity_text(workshop: Workshop, pack: Pack) -> str:
    """The capacity decision's label, or "Not decided"."""
    chosen = workshop.decisions.capacity
    for option in pack.discussion.capacity_options:
        if option.id == chosen:
            return option.label
    return chosen or "Not decided"


def policies_by_area(workshop: Workshop, pack: Pack) -> list[tuple[str, list[Policy]]]:
    """The policies grouped under their area's label, in the pack's area order."""
    groups: list[tuple[str, list[Policy]]] = []
    for area in pack.discussion.policy_areas:
        listed = [p for p in workshop.decisions.policies if p.area == area.id]
        if listed:
            groups.append((area.label, listed))
    return groups


def policy_details(policy: Policy) -> str:
    """Owner and due date in words, e.g. ``owner: Dana · due 2026-06-30``."""
    parts = []
    if policy.owner:
        parts.append(f"owner: {one_line(policy.owner)}")
    if policy.due is not None:
        parts.append(f"due {policy.due.isoformat()}")
    return " · ".join(parts) or "no owner or due date yet"


def bar_rows(summary: Summary, scale: Scale) -> list[tuple[str, str, int]]:
    """Per scale point: its label, a bar of blocks, and the count."""
    widest = max(summary.counts.values(), default=0)
    unit = max(1, 16 // widest) if widest else 1
    return [
        (scale.describe(point), BAR * (count * unit) if count else "·", count)
        for point, count in summary.counts.items()
    ]


def names_at(workshop: Workshop, statement_id: str, point: int) -> list[str]:
    """Who gave `point` as their current rating, for a named reveal."""
    return [
        one_line(member.name)
        for member, value in workshop.current_ratings(statement_id)
        if value == point
    ]


# Markdown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|]|&(?=#?[A-Za-z0-9]+;))")
"""Characters that would turn typed text into Markdown or HTML markup, and
the ``&`` of anything shaped like an entity (``&amp;``, ``&#38;``), which a
viewer would show as the character it names rather than as typed."""

_LINE_START_MARKER = re.compile(r"^([ \t]*)([-+#=~]|\d+(?=[.)]))", re.MULTILINE)
"""What starts a list item, heading, rule or code fence at a line's start:
``-``, ``+``, ``#``, ``=``, ``~`` and the number of ``1.`` or ``1)``."""


def md(text: str) -> str:
    """Typed text escaped so that rendered Markdown shows it as typed.

    Markup characters are escaped anywhere, and so is an ``&`` that begins
    something entity-like (``&amp;`` stays that, not ``&``). A line starting
    like a list item, heading, rule or code fence ("- action", "1. call",
    "# note", "---") has that marker escaped, so a note stays the words
    typed, not a list.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START_MARKER.sub(_escape_marker, escaped)


def _escape_marker(match: re.Match[str]) -> str:
    """A line-start marker with a backslash before its punctuation."""
    indent, marker = match.groups()
    if marker[0].isdigit():
        return f"{indent}{marker}\\"  # The "." or ")" after it is escaped.
    return f"{indent}\\{marker}"


def md_quote(text: str) -> list[str]:
    """Typed text as a Markdown block quote, line breaks kept.

    Consecutive quoted lines would run together into one paragraph, so every
    line that another follows ends with a backslash, Markdown's hard break.
    """
    lines = [md(line).rstrip() for line in text.strip().splitlines()]
    quoted = []
    for number, line in enumerate(lines):
        follows = number + 1 < len(lines) and line and lines[number + 1]
        quoted.append(f"> {line}\\" if follows else f"> {line}".rstrip())
    return quoted


def md_fence(lines: list[str]) -> list[str]:
    """Lines in a code block whose fence is longer than any backtick run in them."""
    runs = [len(run) for line in lines for run in re.findall("`+", line)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [f"{fence}text", *lines, fence]


def to_markdown(workshop: Workshop, pack: Pack) -> str:
    """The report as Markdown.

    Args:
        workshop: The workshop, as loaded and checked against `pack`.
        pack: The content pack it ran on.

    Returns:
        The Markdown text, ending with a newline.
    """
    lines = [
        f"# {md(one_line(workshop.name))}",
        "",
        f"Readiness workshop report, {workshop.created:%Y-%m-%d}.",
        "",
        f"- Pack: {md(pack.title)} (`{pack.id}`)",
        f"- Survey: {md(pack.survey.title)}",
        f"- Scale: {_scale_words(pack.scale)}",
        f"- Team: {md(team_text(workshop))}; {reveal_text(workshop)}",
    ]
    if progress_text(workshop):
        lines.append(f"- Status: {progress_text(workshop)}")
    for number, statement in enumerate(pack.survey.statements, 1):
        lines += ["", *_md_statement(workshop, pack, number, statement)]
    lines += ["", *_md_decisions(workshop, pack)]
    return "\n".join(lines) + "\n"


def _scale_words(scale: Scale) -> str:
    """The scale in words, e.g. ``1 Not at all to 4 Absolutely``."""
    return f"{scale.describe(scale.min)} to {scale.describe(scale.max)}"


def _md_statement(
    workshop: Workshop, pack: Pack, number: int, statement: Statement
) -> list[str]:
    """One statement: bars, figures, every round, the agreed value."""
    lines = [f"## {number}. {md(one_line(statement.text))}", ""]
    rounds = workshop.rounds_for(statement.id)
    if not rounds:
        return [*lines, "Not rated yet."]

    summary = statement_summary(workshop, pack, statement.id)
    lines += [f"Current ratings (round {rounds[-1].number}):", ""]
    rows = bar_rows(summary, pack.scale)
    label_width = max(len(label) for label, _, _ in rows)
    chart = []
    for point, (label, bar, count) in zip(pack.scale.points, rows, strict=True):
        line = f"{label:<{label_width}}  {bar} {count}"
        if named(workshop):
            line += "  " + NAME_SEPARATOR.join(names_at(workshop, statement.id, point))
        chart.append(line.rstrip())
    lines += [*md_fence(chart), "", figures(summary)]
    if split_note(summary, pack.scale):
        lines += ["", f"**{split_note(summary, pack.scale)}**"]

    lines += ["", "| Round | Figures | Ratings |", "| --- | --- | --- |"]
    for round_ in rounds:
        past = round_summary(round_, statement.id, pack.scale)
        ratings = md(ratings_text(workshop, round_, statement.id))
        lines.append(f"| {round_.number} | {figures(past)} | {ratings} |")

    lines += ["", f"**{agreed_text(workshop, pack, statement.id)}**"]
    agreed = workshop.agreed_for(statement.id)
    if agreed is not None and agreed.rationale.strip():
        lines += ["", *md_quote(agreed.rationale)]
    return lines + _md_discussion(workshop, pack, statement.id)


def _md_discussion(workshop: Workshop, pack: Pack, statement_id: str) -> list[str]:
    """Earlier agreements, the time discussed and the notes, where there are any."""
    lines: list[str] = []
    earlier = workshop.earlier_agreed(statement_id)
    if earlier:
        lines += ["", "Earlier agreements, since changed:", ""]
        for agreed in earlier:
            why = one_line(agreed.rationale)
            lines.append(
                f"- {md(earlier_text(agreed, pack))}" + (f": {md(why)}" if why else "")
            )
    if discussed_text(workshop, statement_id):
        lines += ["", discussed_text(workshop, statement_id)]
    notes = discussion_notes(workshop, statement_id)
    if notes:
        lines += ["", "Discussion notes:", "", *md_quote(notes)]
    return lines


def _md_decisions(workshop: Workshop, pack: Pack) -> list[str]:
    """Capacity and scope, policies by area, then the notes."""
    decisions = workshop.decisions
    scope = md(decisions.scope.strip()).replace("\n", "\n  ") or "Not given"
    lines = [
        "## Decisions",
        "",
        f"- Capacity: {md(capacity_text(workshop, pack))}",
        f"- Scope: {scope}",
        "",
        "### Policies to change",
    ]
    groups = policies_by_area(workshop, pack)
    if not groups:
        lines += ["", "None named."]
    for label, policies in groups:
        lines += ["", f"#### {md(label)}", ""]
        for policy in policies:
            text = md(policy.text.strip()).replace("\n", "\n  ")
            lines.append(f"- {text} ({md(policy_details(policy))})")
    lines += ["", "### Notes", ""]
    notes = decisions.notes.strip()
    lines.extend(md_quote(notes) if notes else ["None."])
    return lines


# HTML

STYLE = """
body { font-family: Georgia, "Times New Roman", serif; color: #000;
  background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.4; }
h1, h2, h3, h4 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
h2 { border-top: 1px solid #000; padding-top: 0.6rem; font-size: 1.15rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.figures { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.split { font-weight: bold; border: 2px solid #000; padding: 0.2rem 0.4rem;
  display: inline-block; }
.typed { white-space: pre-wrap; }
blockquote { border-left: 4px solid #000; margin: 0.5rem 0; padding-left: 0.8rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border: 1px solid #555; padding: 0.2rem 0.4rem; text-align: left;
  vertical-align: top; }
svg text { font-family: Helvetica, Arial, sans-serif; font-size: 13px; }
section.statement { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
@page { margin: 18mm; }
"""
"""Black on white with borders and patterns, so print and greyscale read well."""


def esc(text: str) -> str:
    """Typed text escaped for HTML, quotes included."""
    return html.escape(text, quote=True)


def to_html(workshop: Workshop, pack: Pack) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no script.

    Args:
        workshop: The workshop, as loaded and checked against `pack`.
        pack: The content pack it ran on.

    Returns:
        The HTML text, ending with a newline.
    """
    name = esc(one_line(workshop.name))
    facts = [
        ("Date", f"{workshop.created:%Y-%m-%d}"),
        ("Pack", f"{pack.title} ({pack.id})"),
        ("Survey", pack.survey.title),
        ("Scale", _scale_words(pack.scale)),
        ("Team", f"{team_text(workshop)}; {reveal_text(workshop)}"),
    ]
    if progress_text(workshop):
        facts.append(("Status", progress_text(workshop)))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{name}: readiness workshop report</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{name}</h1>",
        "<p>Readiness workshop report</p>",
        '<dl class="facts">',
        *(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in facts),
        "</dl>",
    ]
    for number, statement in enumerate(pack.survey.statements, 1):
        parts += _html_statement(workshop, pack, number, statement)
    parts += _html_decisions(workshop, pack)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_statement(
    workshop: Workshop, pack: Pack, number: int, statement: Statement
) -> list[str]:
    """One statement's section: chart, figures, rounds table, agreed value."""
    summary = statement_summary(workshop, pack, statement.id)
    agreed = workshop.agreed_for(statement.id)
    parts = [
        f'<section class="statement" id="statement-{statement.id}">',
        f"<h2>{number}. {esc(statement.text)}</h2>",
        bar_chart(
            summary,
            pack.scale,
            chart_id=f"chart-{number}",
            title=f"Current ratings of statement {number}",
            agreed=agreed.value if agreed else None,
        ),
    ]
    rounds = workshop.rounds_for(statement.id)
    if not rounds:
        return [*parts, "<p>Not rated yet.</p>", "</section>"]

    parts.append(
        f'<p class="figures">Round {rounds[-1].number}: {esc(figures(summary))}</p>'
    )
    note = split_note(summary, pack.scale)
    if note:
        parts.append(f'<p class="split">{esc(note)}</p>')
    if named(workshop):
        parts += _html_names(workshop, pack, statement.id)
    parts += [
        "<table>",
        "<thead><tr><th>Round</th><th>Figures</th><th>Ratings</th></tr></thead>",
        "<tbody>",
    ]
    for round_ in rounds:
        past = round_summary(round_, statement.id, pack.scale)
        parts.append(
            f"<tr><td>{round_.number}</td><td>{esc(figures(past))}</td>"
            f"<td>{esc(ratings_text(workshop, round_, statement.id))}</td></tr>"
        )
    parts += ["</tbody>", "</table>"]
    parts.append(
        f"<p><strong>{esc(agreed_text(workshop, pack, statement.id))}</strong></p>"
    )
    if agreed is not None and agreed.rationale.strip():
        parts.append(
            f'<blockquote class="typed">{esc(agreed.rationale.strip())}</blockquote>'
        )
    parts += _html_discussion(workshop, pack, statement.id)
    return [*parts, "</section>"]


def _html_discussion(workshop: Workshop, pack: Pack, statement_id: str) -> list[str]:
    """Earlier agreements, the time discussed and the notes, where there are any."""
    parts: list[str] = []
    earlier = workshop.earlier_agreed(statement_id)
    if earlier:
        parts += ["<p>Earlier agreements, since changed:</p>", '<ul class="earlier">']
        for agreed in earlier:
            why = agreed.rationale.strip()
            parts.append(
                f"<li>{esc(earlier_text(agreed, pack))}"
                + (f': <span class="typed">{esc(why)}</span>' if why else "")
                + "</li>"
            )
        parts.append("</ul>")
    if discussed_text(workshop, statement_id):
        parts.append(f"<p>{esc(discussed_text(workshop, statement_id))}</p>")
    notes = discussion_notes(workshop, statement_id)
    if notes:
        parts += [
            "<p>Discussion notes:</p>",
            f'<blockquote class="typed">{esc(notes)}</blockquote>',
        ]
    return parts


def _html_names(workshop: Workshop, pack: Pack, statement_id: str) -> list[str]:
    """Who gave each current rating, for a named reveal."""
    items = []
    for point in pack.scale.points:
        who = names_at(workshop, statement_id, point)
        if who:
            label = esc(pack.scale.describe(point))
            items.append(f"<li>{label}: {esc(NAME_SEPARATOR.join(who))}</li>")
    return ['<ul class="names">', *items, "</ul>"] if items else []


def _html_decisions(workshop: Workshop, pack: Pack) -> list[str]:
    """Capacity and scope, policies by area, then the notes."""
    decisions = workshop.decisions
    parts = [
        '<section class="decisions">',
        "<h2>Decisions</h2>",
        '<dl class="facts">',
        f"<dt>Capacity</dt><dd>{esc(capacity_text(workshop, pack))}</dd>",
        f'<dt>Scope</dt><dd class="typed">'
        f"{esc(decisions.scope.strip()) or 'Not given'}</dd>",
        "</dl>",
        "<h3>Policies to change</h3>",
    ]
    groups = policies_by_area(workshop, pack)
    if not groups:
        parts.append("<p>None named.</p>")
    for label, policies in groups:
        parts += [f"<h4>{esc(label)}</h4>", "<ul>"]
        for policy in policies:
            parts.append(
                f'<li><span class="typed">{esc(policy.text.strip())}</span><br>'
                f"{esc(policy_details(policy))}</li>"
            )
        parts.append("</ul>")
    notes = decisions.notes.strip()
    parts += [
        "<h3>Notes</h3>",
        f'<p class="typed">{esc(notes)}</p>' if notes else "<p>None.</p>",
        "</section>",
    ]
    return parts


def bar_chart(
    summary: Summary,
    scale: Scale,
    *,
    chart_id: str,
    title: str,
    agreed: int | None = None,
) -> str:
    """A horizontal bar chart in inline SVG, readable in greyscale.

    Bars are hatched black on white and every bar carries its count as text,
    so nothing depends on colour; the agreed value is marked in words.

    Args:
        summary: The statement's figures; its counts are drawn.
        scale: The survey's scale, for the labels.
        chart_id: A prefix unique in the page, for the SVG's internal ids.
        title: What the chart shows, for screen readers and tooltips.
        agreed: The agreed value, marked beside its bar.

    Returns:
        One ``<svg>`` element.
    """
    labels = [scale.describe(point) for point in scale.points]
    label_width = 12 + 7 * max(len(label) for label in labels)
    bar_space, row, bar_height = 240, 24, 16
    width = label_width + bar_space + 110
    height = row * len(labels) + 4
    widest = max(summary.counts.values(), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="3"/>'
        "</pattern></defs>",
    ]
    for index, (point, label) in enumerate(zip(scale.points, labels, strict=True)):
        count = summary.counts[point]
        top = 2 + index * row
        middle = top + row / 2 + 4
        length = round(bar_space * count / widest)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end">'
            f"{esc(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{top + 4}" width="{length}" '
            f'height="{bar_height}" fill="url(#{chart_id}-hatch)" stroke="#000"/>'
            if count
            else f'<line x1="{label_width}" y1="{top + 4}" x2="{label_width}" '
            f'y2="{top + 4 + bar_height}" stroke="#000"/>'
        )
        mark = " ◀ agreed" if point == agreed else ""
        parts.append(
            f'<text x="{label_width + length + 6}" y="{middle}">{count}{mark}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# CSV


def to_csv(workshop: Workshop, pack: Pack) -> str:
    """The report as one CSV table with a byte-order mark.

    The `record` column says what each row is: ``rating`` rows first (one per
    rating of each revealed round), then ``agreed``, ``earlier`` (agreements
    later changed) and ``discussion`` (seconds discussed and the notes), then
    ``capacity``, ``scope``, ``policy`` and ``notes``. Seat and member are
    filled only for a named reveal; otherwise a round's ratings are listed low
    to high, as the counts showed them.

    Args:
        workshop: The workshop, as loaded and checked against `pack`.
        pack: The content pack it ran on.

    Returns:
        The CSV text, starting with the byte-order mark.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in csv_rows(workshop, pack):
        writer.writerow({"workshop": workshop.name, **row})
    return CSV_BOM + buffer.getvalue()


def _agreement_row(record: str, agreed: Agreed) -> dict[str, object]:
    """A CSV row for an agreed value, current ("agreed") or replaced ("earlier")."""
    return {
        "record": record,
        "statement": agreed.statement,
        "round": agreed.round,
        "value": agreed.value,
        "text": agreed.rationale,
    }


def csv_rows(workshop: Workshop, pack: Pack) -> Iterator[dict[str, object]]:
    """The CSV's rows without the workshop column, in the documented order."""
    for statement in pack.survey.statements:
        for round_ in workshop.rounds_for(statement.id):
            yield from _rating_rows(workshop, round_, statement.id)
    for statement in pack.survey.statements:
        agreed = workshop.agreed_for(statement.id)
        if agreed is not None:
            yield _agreement_row("agreed", agreed)
    for statement in pack.survey.statements:
        for earlier in workshop.earlier_agreed(statement.id):
            yield _agreement_row("earlier", earlier)
    for statement in pack.survey.statements:
        discussed = workshop.discussed_for(statement.id)
        if discussed is not None:
            yield {
                "record": "discussion",
                "statement": statement.id,
                "value": discussed.seconds,
                "text": discussed.notes,
            }
    decisions = workshop.decisions
    yield {
        "record": "capacity",
        "value": decisions.capacity,
        "text": capacity_text(workshop, pack) if decisions.capacity else "",
    }
    yield {"record": "scope", "text": decisions.scope}
    for policy in decisions.policies:
        yield {
            "record": "policy",
            "text": policy.text,
            "area": policy.area,
            "owner": policy.owner,
            "due": policy.due.isoformat() if policy.due else "",
        }
    yield {"record": "notes", "text": decisions.notes}


def _rating_rows(
    workshop: Workshop, round_: Round, statement_id: str
) -> Iterator[dict[str, object]]:
    """One row per rating of a statement in one round."""
    rated = workshop.round_ratings(round_, statement_id)
    show_names = named(workshop)
    if not show_names:
        rated.sort(key=lambda pair: _low_first(pair[1]))
    for member, value in rated:
        yield {
            "record": "rating",
            "statement": statement_id,
            "round": round_.number,
            "seat": member.seat if show_names else "",
            "member": member.name if show_names else "",
            "value": value_text(value),
        }


# JSON


def to_json(workshop: Workshop, pack: Pack) -> str:
    """The whole session as JSON, with the same keys as the session file.

    The ballots of a round still being rated are left out: they are private
    until the reveal. When the reveal showed counts only, a revealed round's
    ballots are left out too, since each ties one member's ratings together;
    the round gets ``ratings`` instead: per statement, the values low to high
    with ``null`` for each "don't know", as the counts showed them. The
    facilitator's code is left out: its hash, short codes being short, could
    be worked back to the code by trying them all.
    """
    data = workshop.model_dump(mode="json", exclude={"facilitator_code"})
    show_names = named(workshop)
    for round_, dumped in zip(workshop.rounds, data["rounds"], strict=True):
        if round_.revealed and not show_names:
            dumped["ratings"] = {
                statement_id: _low_to_high(workshop, round_, statement_id)
                for statement_id in round_.statements
            }
        if not (round_.revealed and show_names):
            dumped["ballots"] = []
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _low_to_high(
    workshop: Workshop, round_: Round, statement_id: str
) -> list[int | None]:
    """A statement's ratings in one round, low to high, "don't know" last."""
    values = [value for _, value in workshop.round_ratings(round_, statement_id)]
    return sorted(values, key=_low_first)


def _low_first(value: int | None) -> tuple[bool, int]:
    """Sort key: ratings low to high, then "don't know" (None)."""
    return value is None, value or 0


# Choosing a format and writing files

RENDERERS: dict[str, Callable[[Workshop, Pack], str]] = {
    "markdown": to_markdown,
    "html": to_html,
    "csv": to_csv,
    "json": to_json,
}
"""Each format's renderer."""

SUFFIXES = {"markdown": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
"""The file ending each format is written with."""


def render(workshop: Workshop, pack: Pack, format_: str = "markdown") -> str:
    """The report in one of `FORMATS`.

    Raises:
        ValueError: The format is not one of `FORMATS`.
    """
    try:
        renderer = RENDERERS[format_]
    except KeyError:
        raise ValueError(
            f"unknown report format {format_!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    return renderer(workshop, pack)


def report_path(session_path: Path, format_: str) -> Path:
    """Where the report beside a session file goes, e.g. ``x-report.md``."""
    return session_path.with_name(f"{session_path.stem}-report{SUFFIXES[format_]}")


def write_beside(
    workshop: Workshop,
    pack: Pack,
    session_path: Path,
    formats: tuple[str, ...] = ("markdown", "html"),
) -> list[Path]:
    """Write reports next to the session file, atomically, like the session.

    Args:
        workshop: The workshop.
        pack: The content pack it ran on.
        session_path: The workshop's session file.
        formats: Which reports to write.

    Returns:
        The files written, in the order of `formats`.

    Raises:
        OSError: A report could not be written; files already written stay.
    """
    written = []
    for format_ in formats:
        path = report_path(session_path, format_)
        write_atomic(path, render(workshop, pack, format_).encode("utf-8"))
        written.append(path)
    return written
