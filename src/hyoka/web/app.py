"""`create_app(settings)`: the web application — the JSON API under /api/v1 and the pages, which
are two renderings of the same views. The settings are built once by the caller (the `serve`
command, a test) and passed in; nothing is read from the environment here.

The store is opened when the app starts (migrations run then, under their lock) and closed when
it stops; each request reads through its own short session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hyoka import __version__
from hyoka.evaluate.policy import default_policy
from hyoka.evaluate.registry import PolicyRegistry, load_registry
from hyoka.review.policy import CheckPolicy, default_check_policy, load_check_policy
from hyoka.settings import Settings
from hyoka.store.store import Store
from hyoka.web import api, docs, errors, pages, review_api, review_pages
from hyoka.web.answer_cache import AnswerCache
from hyoka.web.security import HeadAsGet, RequestLimits, SecurityHeaders

API_PREFIX = "/api/v1"


def _registry(settings: Settings) -> PolicyRegistry:
    if settings.policy_file is None:
        return PolicyRegistry(default=default_policy())
    return load_registry(settings.policy_file)


def _check_policy(settings: Settings) -> CheckPolicy:
    if settings.check_policy_file is None:
        return default_check_policy()
    return load_check_policy(settings.check_policy_file)


def check_policies(settings: Settings) -> None:
    """Read the policy files as `create_app` will: a `PolicyError` or `CheckPolicyError` naming
    the file now, before any worker process starts (`hyoka serve` calls it)."""
    _registry(settings)
    _check_policy(settings)


def create_app(settings: Settings) -> FastAPI:
    """The application on the database `settings` names; the policy files (rating, check) are
    read now, so a bad one stops the server before it listens."""
    registry = _registry(settings)
    check_policy = _check_policy(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            app.state.store = stack.enter_context(Store.open(settings))
            yield

    app = FastAPI(
        title="hyoka API",
        version=__version__,
        summary="独立行政法人の目標と評価のデータ（中期目標・中長期目標・年度目標、定量目標、評定）",
        openapi_url=None,  # served by web/docs.py, behind the role check
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.registry = registry
    app.state.check_policy = check_policy
    app.state.settings = settings
    app.add_middleware(AnswerCache)  # innermost: the headers below go on kept answers too
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLimits)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=str(files("hyoka.web") / "static")), name="static")
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(docs.router, prefix=API_PREFIX)
    app.include_router(review_api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.include_router(review_pages.router)
    errors.install(app)
    return app
