"""The fact matrix in text: a Markdown table and a terminal table (values cut to a few words).

Each cell shows the source's value with a mark for its relation in the row; the legend says
which is which. The HTML page draws the same matrix with colours and links (``html.py``).
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checker.models import Matrix, MatrixCell

MARK = {"conflict": "✗", "compatible": "≈", "agree": "=", "only": "●", "absent": "·"}
STYLE = {
    "conflict": "bold red",
    "compatible": "yellow",
    "agree": "green",
    "only": "cyan",
    "absent": "dim",
}
LEGEND = "✗ conflict · ≈ compatible · = agree · ● only this source · · absent"


def few_words(text: str | None, n: int = 4) -> str:
    words = (text or "").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _cell(c: MatrixCell) -> str:
    return (
        MARK[c.relation] if c.relation == "absent" else f"{MARK[c.relation]} {few_words(c.value)}"
    )


def profile_line(matrix: Matrix, source: str) -> str:
    p = matrix.profiles[source]
    return f"{p.stated} stated, {p.only} only here, {p.conflicts} in conflict"


def matrix_markdown(matrix: Matrix, md: object) -> list[str]:
    """The matrix as a Markdown table; ``md`` escapes a cell's text."""
    esc = md if callable(md) else str
    head = "| about | " + " | ".join(f"`{c}`" for c in matrix.columns) + " |"
    rule = "|---|" + "---|" * len(matrix.columns)
    out = ["## At a glance", "", f"_{LEGEND}_", "", head, rule]
    out.append(
        "| _profile_ | " + " | ".join(esc(profile_line(matrix, c)) for c in matrix.columns) + " |"
    )
    for row in matrix.rows:
        sev = f" ({row.severity})" if row.severity else ""
        cells = " | ".join(esc(_cell(c)) for c in row.cells)
        out.append(f"| {esc(few_words(row.about, 6))}{sev} | {cells} |")
    return [*out, ""]


def print_matrix(con: Console, matrix: Matrix) -> None:
    """The matrix as a terminal table that fits the console's width."""
    table = Table(
        title=f"At a glance — {LEGEND}",
        title_justify="left",
        show_lines=False,
        expand=False,
        pad_edge=False,
    )
    table.add_column("about", overflow="fold", max_width=28)
    for c in matrix.columns:
        table.add_column(escape(c), overflow="fold")
    table.add_row(
        "[dim]profile[/dim]", *(f"[dim]{profile_line(matrix, c)}[/dim]" for c in matrix.columns)
    )
    for row in matrix.rows:
        sev = f" [dim]({row.severity})[/dim]" if row.severity else ""
        table.add_row(
            escape(few_words(row.about, 6)) + sev,
            *(f"[{STYLE[c.relation]}]{escape(_cell(c))}[/]" for c in row.cells),
        )
    con.print(table)
    con.print()
