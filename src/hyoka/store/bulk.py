"""Many rows into one table as one executemany on the driver's cursor.

An ingest writes a few thousand rows into a dozen tables while it holds the writer lock. Through
SQLAlchemy's statement layer, every distinct INSERT is compiled once per engine (a CLI run has
one engine, so once per command) and every row's parameters are built by the compiler; for a
whole document that cost about as much Python time as SQLite takes to store the rows. Here the
statement is written once per (dialect, table, columns) from the table's metadata, and each value
goes through the column type's own bind processor (JSON serialised, dates as the dialect stores
them), so what reaches the database is what an ORM or Core insert would send.

Columns a row leaves out get their Python-side default (`default=list` and the like) as Core
would apply it; server defaults and autoincrement keys are left to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

__all__ = ["insert_rows", "insert_with_new_ids", "new_ids", "table_of"]

_Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    values: Callable[[Mapping[str, Any]], Any]  # the row's own values, in the statement's order
    one: bool  # a single key: `values` gives the value, not a tuple
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, bind processor) where one is needed
    defaults: tuple[Callable[[], Any], ...]  # per defaulted column, after the row's own values


_statements: dict[tuple[str, str, tuple[str, ...]], _Statement] = {}


def table_of(model: Any) -> Table:
    """The Core table of a mapped class (or the table itself)."""
    if isinstance(model, Table):
        return model
    table: Table = model.__table__
    return table


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (mappings of column name to value) into `table` in the session's transaction.

    Rows may differ in which columns they give; each set of columns is one executemany. Raises
    `KeyError` for a key that is not a column of the table.
    """
    if not rows:  # an executemany of no rows would insert one row of defaults
        return
    connection = session.connection()
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for keys, group in groups.items():
        statement = _statement(connection.dialect, table, keys)
        parameters = [_values(statement, row) for row in group]
        connection.exec_driver_sql(statement.sql, parameters)


def new_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` fresh ids for rows about to be inserted into `table`, ascending.

    PostgreSQL takes them from the column's sequence (safe beside any other writer); SQLite
    continues after the largest id, as it does itself for an INTEGER PRIMARY KEY, which is safe
    because a write transaction holds the database's only write lock (BEGIN IMMEDIATE) from its
    start — and if a caller wrote without it, the insert would fail on the key, never mix rows.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        series = func.generate_series(1, count).table_valued("n")
        return sorted(session.scalars(select(func.nextval(sequence)).select_from(series)))
    # Written as SQL: compiling the same SELECT for each table costs more than running it.
    name = session.get_bind().dialect.identifier_preparer.format_table(table)
    last = session.scalar(text(f"SELECT coalesce(max(id), 0) FROM {name}")) or 0
    return list(range(last + 1, last + 1 + count))


def insert_with_new_ids(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert `rows` with fresh ids (`new_ids`) and return the ids in the order of the rows: the
    ids later rows point at, without reading them back (`INSERT … RETURNING`, whose order SQLite
    does not promise)."""
    ids = new_ids(session, table, len(rows))
    insert_rows(session, table, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return ids


def _values(statement: _Statement, row: Mapping[str, Any]) -> tuple[Any, ...]:
    own = statement.values(row)
    if statement.one:
        own = (own,)
    if not (statement.processors or statement.defaults):  # most tables: strings and numbers only
        return tuple(own)
    values = list(own)
    for position, process in statement.processors:
        if values[position] is not None:
            values[position] = process(values[position])
    values.extend(default() for default in statement.defaults)
    return tuple(values)


def _statement(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Statement:
    cache_key = (dialect.name, table.fullname, keys)
    found = _statements.get(cache_key)
    if found is None:
        found = _statements[cache_key] = _write_statement(dialect, table, keys)
    return found


def _write_statement(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Statement:
    unknown = [key for key in keys if key not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(unknown)}")
    given = [table.c[key] for key in keys]
    defaulted = [column for column in table.columns if column.key not in keys and _has_python_default(column)]
    processors: list[_Processor] = []
    for column in given + defaulted:
        processors.append(column.type.dialect_impl(dialect).bind_processor(dialect))
    defaults = [_default(column, processors[len(given) + k]) for k, column in enumerate(defaulted)]
    quote = dialect.identifier_preparer
    names = ", ".join(quote.format_column(column) for column in given + defaulted)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * (len(given) + len(defaulted)))
    sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
    needed = tuple((k, process) for k, process in enumerate(processors[: len(given)]) if process is not None)
    return _Statement(sql, itemgetter(*keys), len(keys) == 1, needed, tuple(defaults))


def _has_python_default(column: Any) -> bool:
    default = column.default
    return default is not None and bool(default.is_scalar or default.is_callable)


def _default(column: Any, process: _Processor) -> Callable[[], Any]:
    """The column's Python-side default as a function of nothing, its value bound for the driver."""
    default = column.default
    if default.is_callable:
        make: Callable[[], Any] = lambda: default.arg(None)  # noqa: E731  (SQLAlchemy wraps it to take a context)
    else:
        value = default.arg
        make = lambda: value  # noqa: E731
    if process is None:
        return make
    return lambda: None if (made := make()) is None else process(made)
