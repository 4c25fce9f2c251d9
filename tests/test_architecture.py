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


def test_the_import_contract_names_every_package() -> None:
    """A new top-level module must take its place in the layers (or it escapes the check)."""
    root = Path(__file__).resolve().parents[1]
    contract = (root / ".importlinter").read_text(encoding="utf-8")
    package = root / "src" / "claimgraph"
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    names -= {"data"}
    missing = sorted(n for n in names if f"claimgraph.{n}" not in contract)
    assert not missing, f"not in .importlinter's layers: {missing}"
