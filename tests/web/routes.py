"""Every route of an app with its full path, however FastAPI keeps included routers (as routes
of the app, or — since FastAPI 0.16x — as included routers resolved on first use)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute


def _walk(routes: list[BaseRoute]) -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route.path, route
        elif hasattr(route, "effective_route_contexts"):
            for context in route.effective_route_contexts():
                if isinstance(context.original_route, APIRoute):
                    yield context.path, context.original_route


def app_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """(full path, route) of every API route and page; static files and mounts left out."""
    return list(_walk(app.routes))


def plain_path(path: str) -> str:
    """`/agencies/{agency_id:int}.json` as people write it: `/agencies/{agency_id}.json`."""
    return path.replace(":int}", "}")
