"""The one check every API route and page shares: a query parameter the route does not
take is a 422 naming it, not silently ignored (``?claim=c2`` on a route without that
filter would otherwise answer with everything)."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute


def taken_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters ``route`` declares, its dependencies' included (by their alias:
    ``page`` for ``page_no``)."""
    return frozenset(_query_names(route.dependant))


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters(request: Request) -> None:
    """422 for query parameters the matched route does not declare; a router dependency."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    taken = taken_parameters(route)
    unknown = sorted(set(request.query_params) - taken)
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        takes = ", ".join(sorted(taken)) or "none"
        raise HTTPException(
            422, f"unknown parameter{plural}: {', '.join(unknown)} ({request.url.path} takes: {takes})"
        )
