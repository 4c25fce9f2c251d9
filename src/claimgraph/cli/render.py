"""Readable terminal output of an analysis (rich tables)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from claimgraph.model import Analysis, Statement

ROLE_ORDER = {"subject": 0, "object": 1, "other": 2}


def about_names(statement: Statement) -> str:
    """What the statement speaks of, compactly: the names, its subject first ("-": none)."""
    ordered = sorted(statement.about, key=lambda a: ROLE_ORDER.get(a.role, 3))
    return ", ".join(a.name for a in ordered) or "-"


def render_table(analysis: Analysis, out: TextIO) -> None:
    console = Console(file=out, width=max(110, Console(file=out).width))
    by_speaker: dict[str, list] = {}
    for st in analysis.statements:
        by_speaker.setdefault(st.speaker.name or "(unknown)", []).append(st)
    table = Table(title=f"{len(analysis.statements)} statements by {len(by_speaker)} speakers")
    table.add_column("speaker", style="bold")
    table.add_column("kind")
    table.add_column("cue")
    table.add_column("stance", style="italic")
    table.add_column("as", style="dim")
    table.add_column("statement")
    table.add_column("about", style="cyan")
    for name, statements in by_speaker.items():
        for i, st in enumerate(statements):
            table.add_row(
                name if i == 0 else "",
                st.kind,
                st.cue.text if st.cue else "-",
                st.cue.cls if st.cue else "-",
                st.speaker.mention.text if st.speaker.mention else "-",
                st.content.text,
                about_names(st),
            )
        table.add_section()
    console.print(table)
