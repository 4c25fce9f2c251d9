"""The layering that import-linter checks statically (``make lint``), checked at run time:
the commands that only read a store, and the web app, start without loading spaCy (nor
numpy and the sentence encoder, which only the claims assignment needs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

PROBE = """
import sys
from claimgraph.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print("SPACY-LOADED" if "spacy" in sys.modules else "SPACY-ABSENT", file=sys.stderr)
print("NUMPY-LOADED" if "numpy" in sys.modules else "NUMPY-ABSENT", file=sys.stderr)
"""


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    from claimgraph.pipeline import analyze
    from claimgraph.store import Store

    path = tmp_path_factory.mktemp("arch") / "small.db"
    with Store.open(str(path)) as store:
        store.add_analysis(analyze('"The bridge opens in May," Mayor Ana Ruiz said.', id="a1"))
    return str(path)


def _probe(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=cli_env(),
        timeout=120, check=False,
    )
    return out.stderr


@pytest.mark.parametrize(
    "args",
    [("--help",), ("statements",), ("speakers",), ("export", "-", "--format", "csv")],
    ids=["help", "statements", "speakers", "export"],
)
def test_store_commands_start_without_spacy(args: tuple[str, ...], small_store: str) -> None:
    full = args if args == ("--help",) else (*args[:1], "--db", small_store, *args[1:])
    stderr = _probe(*full)
    assert "SPACY-ABSENT" in stderr and "NUMPY-ABSENT" in stderr, stderr[-2000:]


def test_web_app_starts_without_spacy(small_store: str) -> None:
    script = (
        "import sys\n"
        "from claimgraph.app import create_app\n"
        f"create_app({small_store!r})\n"
        "print('SPACY-LOADED' if 'spacy' in sys.modules else 'SPACY-ABSENT')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=cli_env(),
                         timeout=120, check=False)
    assert "SPACY-ABSENT" in out.stdout, out.stderr[-2000:]


def _layers() -> tuple[str, list[list[str]]]:
    """The package's layers contract of .importlinter (``importlinter:contract:layers``; other
    layers contracts order the parts of one package): its name and its layers, top first,
    each the modules of one layer (``a | b`` are independent modules of one layer)."""
    import configparser

    root = Path(__file__).resolve().parents[1]
    config = configparser.ConfigParser()
    config.read(root / ".importlinter", encoding="utf-8")
    contracts = [config[s] for s in config.sections() if s == "importlinter:contract:layers"]
    assert len(contracts) == 1 and contracts[0].get("type") == "layers", "no layers contract"
    lines = [line.strip() for line in contracts[0]["layers"].splitlines() if line.strip()]
    return contracts[0]["name"], [[m.strip() for m in line.split("|")] for line in lines]


def test_every_package_has_its_place_in_the_layers() -> None:
    """A package or module left out of the layers (a new one, or one deleted from the
    contract) escapes the check; a layer naming no module is a stale one."""
    package = Path(__file__).resolve().parents[1] / "src" / "claimgraph"
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    names -= {"data"}
    _, layers = _layers()
    listed = [m.removeprefix("claimgraph.") for layer in layers for m in layer]
    assert sorted(n for n in names if n not in listed) == [], "not in .importlinter's layers"
    assert sorted(m for m in listed if m not in names) == [], "layers naming no module"
    assert len(listed) == len(set(listed)), "a module in two layers"


def test_the_layers_keep_the_order_the_contract_names() -> None:
    """The contract's name gives the order data flows in (readers -> ... -> cli): the layers,
    read bottom up, must keep it, so that moving a layer is a visible change of the name."""
    name, layers = _layers()
    order = [part.strip() for part in name.split(":", 1)[1].split("->")]
    position = {m.removeprefix("claimgraph."): i for i, layer in enumerate(reversed(layers)) for m in layer}
    named = [position[part] for part in order if part in position]
    assert len(named) == len(order), f"the contract's name lists modules it has no layer for: {order}"
    assert named == sorted(named), f"the layers are not in the order the name gives: {order}"


def test_the_tests_mirror_the_source_tree() -> None:
    """The tests of a package live in the folder of its name (tests/store for claimgraph.store),
    so a reader finds them where the code is; no two test modules share a name (pytest imports
    them by their names)."""
    tests = Path(__file__).resolve().parent
    package = tests.parent / "src" / "claimgraph"
    folders = {p.parent.name for p in tests.glob("*/test_*.py")}
    assert folders, "no test folders"
    assert sorted(f for f in folders if not (package / f / "__init__.py").exists()) == []
    names = [p.name for p in tests.rglob("test_*.py")]
    assert len(names) == len(set(names)), "two test modules of one name"
