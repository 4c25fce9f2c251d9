"""The API tests' small corpus (texts written for the tests), shared by the API, web and
Dask tests: ``build_corpus`` analyses it into a SQLite store."""

from __future__ import annotations

from pathlib import Path

CORPUS: list[dict[str, str]] = [
    {
        "title": "Harbor district plan clears first vote",
        "outlet": "Lakeside Ledger",
        "published": "2025-03-04",
        "text": (
            "The city council of Port Alder approved the first phase of the harbor district "
            "plan on Tuesday.\n\n"
            '"This is the biggest investment in the waterfront in forty years," said Mayor '
            "Helena Voss, who has championed the project since her election.\n\n"
            "Voss said that construction would begin in the autumn and that the ferry terminal "
            "would stay open.\n\n"
            "Critics were not convinced. Tomas Brandt, a spokesman for the Alder Fishermen's "
            "Cooperative, warned that the new piers would push small boats out of the harbor. "
            '"Nobody asked the people who work here," he told the Ledger.\n\n'
            "The council will hold a second vote in June."
        ),
    },
    {
        "title": "Fishermen protest harbor piers",
        "outlet": "Alder Courier",
        "published": "2025-04-11",
        "text": (
            "About two hundred people marched along the quay in Port Alder on Friday to protest "
            "the harbor plan.\n\n"
            "Tomas Brandt, the head of the Alder Fishermen's Cooperative, said the city had "
            'ignored the fleet. "We will not be moved out of our own harbor," Brandt said.\n\n'
            "Mayor Helena Voss insisted that the fleet would keep its moorings. "
            '"There is room for everyone on this waterfront," she said in a statement.\n\n'
            "The protest ended peacefully in the afternoon."
        ),
    },
    {
        "title": "Council approves school budget",
        "outlet": "Lakeside Ledger",
        "published": "2025-05-20",
        "text": (
            "Port Alder's council passed a school budget of 41 million dollars on Monday.\n\n"
            '"Every classroom will have a qualified teacher by September," said Ruth Okafor, '
            "the superintendent of the Port Alder school district.\n\n"
            "Okafor added that the district would hire thirty new teachers. "
            "Council member Dev Rana argued that the budget left too little for repairs. "
            "The vote was seven to two."
        ),
    },
    {
        # Article text that looks like markup must be shown as text, never run.
        "title": "Hackers <script> tags in a council e-mail",
        "outlet": "Alder Courier",
        "published": "2025-06-02",
        "text": (
            "A council e-mail contained the text <script>window.__cgPwned = 1</script> and "
            '<img src=x onerror="window.__cgPwned = 2"> in its body, officials said.\n\n'
            '"We do not open attachments <b>from strangers</b>," said Ruth Okafor, the '
            "superintendent of the Port Alder school district."
        ),
    },
]

PASTED = (
    "The river ferry between Norbury and Caddon Point will stop running in March.\n\n"
    '"We simply cannot find enough crew for the winter months," said Lina Moreau, '
    "the director of the Norbury Transit Authority.\n\n"
    "Moreau said that a bus service would replace the ferry until the summer. "
    "Pieter Hale, a councillor for Caddon Point, complained that the bus would take "
    'twice as long. "People here depend on that boat," Hale said.'
)


def build_corpus(path: Path) -> dict[str, str]:
    """Analyse CORPUS and store it at ``path``; returns article title -> store id."""
    from claimgraph.pipeline import analyze
    from claimgraph.store import Store

    store = Store.open(str(path))
    try:
        ids = {}
        for item in CORPUS:
            meta = {k: item[k] for k in ("title", "outlet", "published")}
            ids[item["title"]] = store.add_analysis(analyze(item["text"], **meta))
        return ids
    finally:
        store.close()
