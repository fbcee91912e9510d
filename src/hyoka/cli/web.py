"""`hyoka serve`: the pages and the JSON API on the configured database, or on the demo."""

from __future__ import annotations

import dataclasses
import os
from typing import Annotated

import typer

from hyoka.cli.app import EXIT_BAD_INPUT, EXIT_FAILED, app, console, fail, settings
from hyoka.settings import Settings, default_data_dir


def _render_document_pages(config: Settings) -> None:
    """Render the 文書 page body of every stored version that has none kept yet, before the
    workers start, so that no first visit pays for it (`hyoka.web.document_page`)."""
    from hyoka.store.store import Store
    from hyoka.web.document_page import render_missing

    with Store.open(config) as store, console.status("文書ページを準備しています…") as status:
        rendered = render_missing(
            store, lambda done, total: status.update(f"文書ページを準備しています… {done}/{total}")
        )
    if rendered:
        console.print(f"rendered the pages of {rendered} stored documents")


@app.command()
def serve(
    demo: Annotated[
        bool, typer.Option("--demo", help="Serve a demo database of fictional agencies (built on first use).")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option("--reload", help="Restart when the code changes (development).")] = False,
) -> None:
    """Serve the web pages (トップ, 法人, 文書, 目標, 検索, 比較, 評価) and the JSON API under /api/v1.

    With --demo, a database of three fictional agencies with results and published ratings is
    built in the data folder (or reused when unchanged) and served instead of the configured one.

    Example: hyoka serve --demo
    """
    config = settings()
    if demo:
        from hyoka.web.demo import DemoError, build_demo

        try:
            built = build_demo(default_data_dir(os.environ) / "demo")
        except (DemoError, OSError) as exc:
            fail(f"cannot build the demo database: {exc}", status=EXIT_FAILED)
        config = dataclasses.replace(config, database_url=built.url)
        state = "reused" if built.reused else "built"
        console.print(f"demo database {state}: {built.path} ({built.agencies} agencies, {built.documents} documents)")
    from hyoka.evaluate.policy import PolicyError
    from hyoka.review.policy import CheckPolicyError
    from hyoka.store.database import StoreError
    from hyoka.web.app import check_policies
    from hyoka.web.serving import CannotListen, check_port_free
    from hyoka.web.serving import serve as run_server

    try:
        check_policies(config)
    except (PolicyError, CheckPolicyError) as exc:
        fail(str(exc), status=EXIT_BAD_INPUT)

    try:
        check_port_free(host, port)  # before the pages are rendered, not after (the server checks again)
        _render_document_pages(config)
        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::"} else host
        console.print(f"hyoka: http://{shown}:{port}/  (API: http://{shown}:{port}/api/v1/docs; Ctrl+C to stop)")
        run_server(config, host=host, port=port, workers=workers, reload=reload)
    except CannotListen as exc:
        hint = " (another server listens there: choose another port with --port)" if exc.in_use else ""
        fail(f"{exc}{hint}", status=EXIT_FAILED)
    except StoreError as exc:
        fail(str(exc), status=EXIT_FAILED)
