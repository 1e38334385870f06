"""Reports of one workshop: the figures, the formats and hostile typed text."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from readiness_tui import report
from readiness_tui.cli import main
from readiness_tui.content import Pack
from readiness_tui.session import Ballot, Member, Round, Team, Workshop
from readiness_tui.stats import figures, statement_summary
from readiness_tui.storage import open_session
from tests.conftest import DATA, SEED_PACK

KNOWN = DATA / "reports" / "known-session.toml"
"""A finished workshop with a re-rated statement and hostile names."""

EXPECTED_MARKDOWN = DATA / "reports" / "known-session.md"
"""The Markdown report of KNOWN, checked by eye once and then kept."""

HOSTILE = [
    "Ortega, Luis",
    'Sam "Sunny" Cho',
    "Priya <Natarajan> & Co",
    "Zoë 🌻 Park",
    "O'Brien; Mary",
    "=SUM(A1:A2)",
]
"""Names with commas, quotes, markup, emoji, a semicolon, a formula.

Names cannot hold line breaks (the session refuses control characters and
line breaks in one-line fields); multi-line text is tested with rationales."""


@pytest.fixture
def known(pack: Pack) -> Workshop:
    """The known session, loaded and checked against the real pack."""
    workshop, _ = open_session(KNOWN, [pack])
    return workshop


def hostile_workshop(pack: Pack, reveal: str = "names") -> Workshop:
    """One round on the first statement, rated by members with hostile names."""
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    statement = pack.survey.statements[0].id
    members = [Member(seat=s, name=n) for s, n in enumerate(HOSTILE, 1)]
    ballots = [
        Ballot(seat=s, confirmed_at=at, ratings={statement: 1 + s % 4})
        for s in range(1, len(HOSTILE))
    ]
    ballots.append(Ballot(seat=len(HOSTILE), confirmed_at=at, dont_know=[statement]))
    round_ = Round(
        number=1, statements=[statement], started_at=at, revealed=True, ballots=ballots
    )
    return Workshop.model_validate(
        {
            "name": 'District "A", <North> & co',
            "created": at,
            "updated": at,
            "step": "reveal",
            "pack": {"id": pack.id, "title": pack.title, "folder": "/x"},
            "team": Team(members=members, reveal=reveal).model_dump(),
            "rounds": [round_.model_dump()],
        }
    )


def test_markdown_equals_the_checked_in_report(known: Workshop, pack: Pack) -> None:
    """Regenerate with READINESS_UPDATE_EXPECTED=1 after a deliberate change."""
    text = report.to_markdown(known, pack)
    if os.environ.get("READINESS_UPDATE_EXPECTED"):
        EXPECTED_MARKDOWN.write_text(text, encoding="utf-8")
    assert text == EXPECTED_MARKDOWN.read_text(encoding="utf-8")


@pytest.mark.parametrize("format_", ["markdown", "html"])
def test_figures_are_the_reveal_figures(
    known: Workshop, pack: Pack, format_: str
) -> None:
    """Each statement's line is the one the reveal's Distribution prints."""
    text = report.render(known, pack, format_)
    for statement in pack.survey.statements:
        line = figures(statement_summary(known, pack, statement.id))
        assert (html.escape(line) if format_ == "html" else line) in text


def test_every_round_and_the_stale_agreement_are_reported(
    known: Workshop, pack: Pack
) -> None:
    text = report.to_markdown(known, pack)
    # technology was rated in rounds 1 and 2 and agreed before the re-rating.
    assert "| 1 | n 4 · median 2.5 · mean 2.5 · sd 1.12 · range 1–4 (3)" in text
    assert "| 2 | n 5 · median 2 · mean 2.2 · sd 0.4 · range 2–3 (1)" in text
    assert "Agreed: 2 on round 1; re-rated in round 2 and not yet confirmed" in text


def test_named_ratings_only_for_a_named_reveal(known: Workshop, pack: Pack) -> None:
    known.team.reveal = "counts"
    page = report.to_html(known, pack)
    assert "Dana Whitfield 3" not in page
    assert 'class="names"' not in page
    ratings = [r for r in read_csv(report.to_csv(known, pack)) if r["seat"]]
    assert ratings == []
    markdown = report.to_markdown(known, pack)
    assert "Dana Whitfield 3" not in markdown
    charts = markdown.split("```text\n")[1:]
    bars = [line for chart in charts for line in chart.split("```")[0].splitlines()]
    assert all(line[-1].isdigit() for line in bars)
    assert "| 1 | n 4 · median 2.5" in markdown
    assert "| 1, 2, 3, 4, don't know |" in markdown


def test_anonymous_team_is_counted_not_named(known: Workshop, pack: Pack) -> None:
    known.team.anonymous = True
    known.team.reveal = "counts"
    markdown = report.to_markdown(known, pack)
    assert "- Team: 5 anonymous members; the reveal showed counts only" in markdown


def test_markdown_escapes_typed_markup(pack: Pack) -> None:
    markdown = report.to_markdown(hostile_workshop(pack), pack)
    assert "Priya \\<Natarajan\\> & Co 4" in markdown
    assert "<Natarajan>" in markdown.split("```text")[1]  # Code is literal.
    assert "O'Brien; Mary" in markdown


def test_a_workshop_not_yet_rated_still_reports(pack: Pack) -> None:
    workshop = Workshop.begin("New", pack)
    markdown = report.to_markdown(workshop, pack)
    assert markdown.count("Not rated yet.") == len(pack.survey.statements)
    assert "in progress: the workshop stands at scenario" in markdown
    assert HtmlShape.of(report.to_html(workshop, pack)).svgs == len(
        pack.survey.statements
    )


class HtmlShape(HTMLParser):
    """Counts what the HTML tests look at while parsing strictly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.svgs = 0
        self.links: list[str] = []
        self.text: list[str] = []

    @classmethod
    def of(cls, text: str) -> HtmlShape:
        """Parse `text` in full."""
        shape = cls()
        shape.feed(text)
        shape.close()
        return shape

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.svgs += tag == "svg"
        self.links += [v or "" for k, v in attrs if k in {"src", "href"}]
        if tag not in {"meta", "br"}:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_parses_with_one_svg_per_statement_and_no_script(
    known: Workshop, pack: Pack
) -> None:
    text = report.to_html(known, pack)
    shape = HtmlShape.of(text)
    assert shape.open == []
    assert shape.svgs == len(pack.survey.statements) == text.count("<svg")
    assert "script" not in shape.tags
    assert "<script" not in text.lower()
    assert shape.links == []
    assert "@import" not in text and "url(http" not in text
    assert "link" not in shape.tags and "img" not in shape.tags


def test_html_escapes_hostile_names(pack: Pack) -> None:
    text = report.to_html(hostile_workshop(pack), pack)
    shape = HtmlShape.of(text)
    assert shape.open == []
    assert "<North>" not in text and "<Natarajan>" not in text
    shown = "".join(shape.text)
    assert 'District "A", <North> & co' in shown
    assert "Priya <Natarajan> & Co 4" in shown
    assert "Zoë 🌻 Park 1" in shown


def test_html_marks_the_agreed_value_in_words(known: Workshop, pack: Pack) -> None:
    text = report.to_html(known, pack)
    agreed = sum(1 for s in pack.survey.statements if known.agreed_for(s.id))
    assert text.count("◀ agreed") == agreed


def read_csv(text: str) -> list[dict[str, str]]:
    """Parse report CSV text the way a tool reading the file would."""
    data = text.encode("utf-8").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data, newline="")))


def test_csv_round_trips_hostile_names(pack: Pack) -> None:
    workshop = hostile_workshop(pack)
    text = report.to_csv(workshop, pack)
    assert text.startswith(report.CSV_BOM)
    rows = read_csv(text)
    ratings = [r for r in rows if r["record"] == "rating"]
    assert [r["member"] for r in ratings] == HOSTILE
    assert [r["seat"] for r in ratings] == [str(s) for s in range(1, 7)]
    assert ratings[-1]["value"] == "don't know"
    assert {r["workshop"] for r in rows} == {workshop.name}
    assert list(rows[0]) == list(report.CSV_COLUMNS)


def test_csv_without_named_reveal_lists_values_low_to_high(pack: Pack) -> None:
    rows = read_csv(report.to_csv(hostile_workshop(pack, reveal="counts"), pack))
    ratings = [r for r in rows if r["record"] == "rating"]
    assert [r["value"] for r in ratings] == ["1", "2", "2", "3", "4", "don't know"]
    assert {r["member"] for r in ratings} == {""}
    assert {r["seat"] for r in ratings} == {""}


def test_csv_holds_agreed_values_and_decisions(known: Workshop, pack: Pack) -> None:
    rows = read_csv(report.to_csv(known, pack))
    records = [r["record"] for r in rows]
    assert records.count("rating") == 30
    assert records[30:] == [
        "agreed",
        "agreed",
        "agreed",
        "agreed",
        "earlier",
        "discussion",
        "discussion",
        "capacity",
        "scope",
        "policy",
        "policy",
        "policy",
        "notes",
    ]
    first = rows[30]
    assert (first["statement"], first["round"], first["value"]) == (
        "human-capacity",
        "1",
        "3",
    )
    assert (
        first["text"] == "Two *strong* leads | one vacancy.\nThe coach starts in May."
    )
    policy = rows[39]
    assert (policy["area"], policy["owner"], policy["due"]) == (
        "equal-access",
        "Ortega, Luis",
        "2026-06-30",
    )


def test_json_is_the_whole_session(known: Workshop, pack: Pack) -> None:
    data = json.loads(report.to_json(known, pack))
    assert Workshop.model_validate(data) == known.model_copy(
        update={"facilitator_code": ""}
    )
    assert [d["statement"] for d in data["discussed"]] == [
        "technology",
        "human-capacity",
    ]
    assert data["agreed_history"][0]["value"] == 1


def test_csv_holds_earlier_agreements_and_discussion(
    known: Workshop, pack: Pack
) -> None:
    rows = read_csv(report.to_csv(known, pack))
    (earlier,) = [r for r in rows if r["record"] == "earlier"]
    assert (earlier["statement"], earlier["round"], earlier["value"]) == (
        "technology",
        "1",
        "1",
    )
    assert earlier["text"] == "Most devices are *past* their life."
    discussion = {r["statement"]: r for r in rows if r["record"] == "discussion"}
    assert discussion["technology"]["value"] == "372"
    assert discussion["technology"]["text"] == (
        "Two schools share one cart.\nThe vendor's <b>quote</b> | due Friday."
    )
    assert (
        discussion["human-capacity"]["value"],
        discussion["human-capacity"]["text"],
    ) == ("95", "")


def test_html_shows_earlier_agreements_time_and_escaped_notes(
    known: Workshop, pack: Pack
) -> None:
    page = report.to_html(known, pack)
    section = page.split('id="statement-technology"')[1].split("</section>")[0]
    assert "<li>1 Not at all (round 1, agreed 2026-03-02 10:02): " in section
    assert "Discussed for 6:12 (minutes:seconds)." in section
    assert "The vendor&#x27;s &lt;b&gt;quote&lt;/b&gt; | due Friday." in section
    assert "<b>quote" not in page


def test_statements_never_timed_show_no_discussion(pack: Pack) -> None:
    """A workshop from before the timer reports as it always did."""
    markdown = report.to_markdown(hostile_workshop(pack), pack)
    assert "Discussed for" not in markdown
    assert "Earlier agreements" not in markdown
    assert "Discussion notes" not in markdown


def test_unknown_format_is_refused(known: Workshop, pack: Pack) -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        report.render(known, pack, "pdf")


def test_reports_written_beside_the_session(
    known: Workshop, pack: Pack, tmp_path: Path
) -> None:
    session = tmp_path / "2026-03-02-riverside.toml"
    written = report.write_beside(known, pack, session)
    assert [p.name for p in written] == [
        "2026-03-02-riverside-report.md",
        "2026-03-02-riverside-report.html",
    ]
    assert written[0].read_text(encoding="utf-8") == report.to_markdown(known, pack)
    assert stat.S_IMODE(written[1].stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_cli_prints_the_markdown_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(KNOWN)]) == 0
    assert capsys.readouterr().out == EXPECTED_MARKDOWN.read_text(encoding="utf-8")


def test_cli_writes_csv_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "board.csv"
    assert main(["report", str(KNOWN), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfrecord,workshop,")
    assert capsys.readouterr().out == f"Wrote the csv report to {out}\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli_takes_content_before_or_after_the_command(
    where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = ["--content", str(SEED_PACK)]
    command = ["report", str(KNOWN), "--format", "json"]
    argv = content + command if where == "before" else command + content
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Riverside & Lakes USD"


def test_cli_broken_session_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = DATA / "sessions" / "truncated.toml"
    assert main(["report", str(broken), "--format", "html"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"readiness-tui: {broken}: not valid TOML")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_cli_unwritable_output_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "report.md"
    assert main(["report", str(KNOWN), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"readiness-tui: {out}: cannot be written (")
    assert err.count("\n") == 1


MARKER_LINES = [
    "- action: call the vendor",
    "+ ask the board",
    "1. first",
    "2) second",
    "# not a heading",
    "---",
    "===",
    "~~~",
    "and the last line",
]
"""Typed lines that start like Markdown lists, headings, rules and fences."""


def test_typed_list_and_heading_markers_stay_text(known: Workshop, pack: Pack) -> None:
    """Regression: a notes line starting "- " became a list item inside the
    block quote (``> - action: …``), and "1. " or "# " likewise turned typed
    words into a list or heading. Rendered by a CommonMark parser, notes,
    rationales and the scope now read exactly as typed."""
    typed = "\n".join(MARKER_LINES)
    known.decisions.notes = typed
    known.decisions.scope = typed
    agreed = known.agreed_for("human-capacity")
    assert agreed is not None
    agreed.rationale = typed
    markdown = report.to_markdown(known, pack)
    assert "> \\- action: call the vendor\\" in markdown.splitlines()

    page = MarkdownIt("commonmark").render(markdown)
    quoted = "<blockquote>\n<p>" + "<br />\n".join(MARKER_LINES) + "</p>\n</blockquote>"
    assert page.count(quoted) == 2  # The rationale and the notes.
    assert page.split("<h3>Notes</h3>\n")[1].startswith(quoted)
    scope = page.split("<li>Scope: ")[1].split("</li>")[0]
    assert scope.split("\n") == MARKER_LINES


ENTITY_LIKE = "R&amp;D &lt;b&gt; &#38; &#x3C; &copy; \\&nbsp;x <i>y</i> & co"
"""Typed text that a Markdown viewer would read as HTML entities and tags."""


def test_typed_entities_and_tags_stay_text(known: Workshop, pack: Pack) -> None:
    """Regression: a rationale or note holding ``&amp;`` or ``&lt;`` showed
    as ``&`` and ``<`` once the Markdown was rendered; every place typed text
    goes now reads exactly as typed, a table cell and a heading included."""
    known.name = ENTITY_LIKE
    known.team.members[0].name = ENTITY_LIKE
    known.decisions.notes = ENTITY_LIKE
    known.decisions.scope = ENTITY_LIKE
    agreed = known.agreed_for("human-capacity")
    assert agreed is not None
    agreed.rationale = ENTITY_LIKE

    page = (
        MarkdownIt("commonmark").enable("table").render(report.to_markdown(known, pack))
    )
    shown = html.escape(ENTITY_LIKE, quote=False)
    assert page.startswith(f"<h1>{shown}</h1>")
    assert f"<blockquote>\n<p>{shown}</p>\n</blockquote>" in page
    assert page.split("<h3>Notes</h3>\n")[1].startswith(f"<blockquote>\n<p>{shown}")
    assert f"<li>Scope: {shown}</li>" in page
    assert f"<td>{shown} 3" in page  # The named ratings of a round.


def test_json_after_a_counts_reveal_holds_counts_not_ballots(
    known: Workshop, pack: Pack
) -> None:
    """No ballot ties one member's ratings together; each revealed round lists
    its values low to high, "don't know" as null, as the counts showed."""
    known.team.reveal = "counts"
    data = json.loads(report.to_json(known, pack))
    assert [r["ballots"] for r in data["rounds"]] == [[], []]
    first, second = data["rounds"]
    assert first["ratings"]["technology"] == [1, 2, 3, 4, None]
    assert sorted(first["ratings"]) == sorted(known.rounds[0].statements)
    assert second["ratings"] == {"technology": [2, 2, 2, 2, 3]}
    assert "Dana Whitfield" not in json.dumps(data["rounds"])


def test_json_after_a_named_reveal_keeps_the_ballots(
    known: Workshop, pack: Pack
) -> None:
    data = json.loads(report.to_json(known, pack))
    assert "ratings" not in data["rounds"][0]
    assert len(data["rounds"][0]["ballots"]) == 5


def test_json_leaves_out_the_facilitators_code(known: Workshop, pack: Pack) -> None:
    """Regression: the JSON report held the code's hash; a four-digit code
    was worked back from it in minutes."""
    from readiness_tui.session import hash_code

    coded = known.model_copy(update={"facilitator_code": hash_code("4321")})
    data = json.loads(report.to_json(coded, pack))
    assert "facilitator_code" not in data
    assert "pbkdf2" not in report.to_json(coded, pack)
