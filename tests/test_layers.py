"""The source is layered as the data flows: `sources` → `parse` → `store` → `evaluate` → `report` →
`web` and `cli`, and every query lives in `hyoka.store` (issue 10).

The checks read the source (`ast`), so an import inside a function or under `TYPE_CHECKING`
counts as much as one at the top of a module:

- no module outside `hyoka/store/` imports SQLAlchemy: the `Store` (and the store's functions
  that take a write transaction's session) own every query; a session outside the store is only
  passed back to them, typed as `hyoka.store.database.Session`;
- no module outside the store imports its table classes (the ORM rows): what leaves the store is
  plain records (`hyoka.model.records`);
- imports run down the flow only: a package imports the packages below it, never one above.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hyoka"

#: The store's table modules: their classes are ORM rows, which never leave the store.
TABLE_MODULES = ("hyoka.store.base", "hyoka.store.documents", "hyoka.store.extracts", "hyoka.store.evaluations",
                 "hyoka.store.search_table")  # fmt: skip

#: Each top-level part of the package and its place in the flow; a part imports only parts of a
#: lower or equal rank (equal: the shared foundation, whose modules import one another).
RANKS = {
    "__init__": 0, "settings": 0, "forking": 0, "model": 0, "samples": 0,
    "sources": 1, "parse": 2, "store": 3, "evaluate": 4, "review": 4, "report": 5, "web": 6, "cli": 7, "__main__": 8,
}  # fmt: skip


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.Module) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, module, what it names) for every absolute import, wherever it stands: the names are
    the module itself, and for `from m import a` also `m.a` (which may be a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, (alias.name,)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, (node.module, *(f"{node.module}.{a.name}" for a in node.names))


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _part(path: Path) -> str:
    first = path.relative_to(SRC).parts[0]
    return first.removesuffix(".py")


def _outside_store() -> Iterator[tuple[Path, ast.Module]]:
    for path, tree in _modules():
        if _part(path) != "store":
            yield path, tree


def _where(path: Path, line: int, module: str) -> str:
    return f"{path.relative_to(SRC.parent)}:{line}: {module}"


def test_the_scan_sees_the_source() -> None:
    parts = {_part(path) for path, _ in _modules()}
    assert {"store", "evaluate", "report", "web", "cli"} <= parts
    store_imports = {m for path, tree in _modules() if _part(path) == "store" for _, m, _ in _imports(tree)}
    assert "sqlalchemy" in store_imports  # the store itself does import it: the scan finds imports


def test_no_sqlalchemy_import_outside_the_store() -> None:
    found = [
        _where(path, line, module)
        for path, tree in _outside_store()
        for line, module, _ in _imports(tree)
        if _within(module, "sqlalchemy")
    ]
    assert found == [], "queries belong in hyoka.store (a Store method or a store function):\n" + "\n".join(found)


def test_no_table_class_leaves_the_store() -> None:
    found = [
        _where(path, line, name)
        for path, tree in _outside_store()
        for line, _, names in _imports(tree)
        for name in names
        if any(_within(name, table) for table in TABLE_MODULES)
    ]
    assert found == [], "outside the store, read records (hyoka.model.records), not ORM rows:\n" + "\n".join(found)


@pytest.mark.parametrize("part", sorted(RANKS))
def test_imports_run_down_the_flow(part: str) -> None:
    found = []
    for path, tree in _modules():
        if _part(path) != part:
            continue
        for line, module, _ in _imports(tree):
            names = module.split(".")
            if names[0] != "hyoka" or len(names) == 1:
                continue
            target = names[1]
            if target in RANKS and target != part and RANKS[target] > RANKS[part]:
                found.append(_where(path, line, module))
    assert found == [], f"{part} imports from above it in the flow:\n" + "\n".join(found)


def test_every_part_has_a_rank() -> None:
    assert {_part(path) for path, _ in _modules()} <= set(RANKS)
