"""The dependencies routes declare, as `Annotated` aliases: the store, the rating policy of an
agency, the role check. Everything comes from the app's state, set once by `create_app`. They
are coroutines: FastAPI runs a plain function dependency in its thread pool, a hop through
another thread (and the GIL) per dependency per request for what only reads the app's state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from hyoka.evaluate.policy import RatingPolicy
from hyoka.evaluate.registry import PolicyRegistry
from hyoka.model.records import TargetRecord
from hyoka.report.views.target import TargetPage, target_view
from hyoka.review.policy import CheckPolicy
from hyoka.store.store import Store
from hyoka.web.security import Role, require


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_registry(request: Request) -> PolicyRegistry:
    registry: PolicyRegistry = request.app.state.registry
    return registry


async def get_check_policy(request: Request) -> CheckPolicy:
    policy: CheckPolicy = request.app.state.check_policy
    return policy


StoreDep = Annotated[Store, Depends(get_store)]
CheckPolicyDep = Annotated[CheckPolicy, Depends(get_check_policy)]
RegistryDep = Annotated[PolicyRegistry, Depends(get_registry)]
PublicRole = Depends(require(Role.public))

PolicyFor = Callable[[str | None, str | None], RatingPolicy]


def target_policy(store: Store, registry: PolicyRegistry, target: TargetRecord) -> RatingPolicy:
    """The rating policy a target is judged by: its agency's, chosen by name and legal type (the
    目標 page, its JSON and the results endpoint must agree on it)."""
    legal_type = store.agency_legal_type(target.agency_id) if target.agency_id is not None else None
    return registry.policy_for(target.agency, legal_type)


def target_page(store: Store, registry: PolicyRegistry, target_id: int) -> TargetPage | None:
    """The 目標 page's view, for the page and the API's two answers about one target: its
    record, its agency's policy, its document and results, read through one session."""
    with store.snapshot():
        record = store.target(target_id)
        if record is None:
            return None
        return target_view(store, target_id, target_policy(store, registry, record), record=record)
