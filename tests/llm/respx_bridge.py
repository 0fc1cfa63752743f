"""Lets respx routes answer the SDKs, which speak httpx2 (respx patches only httpx)."""

from __future__ import annotations

import httpx
import httpx2
import respx


def mocked_client(router: respx.Router) -> httpx2.AsyncClient:
    """An httpx2 client whose every request is resolved by ``router``'s respx routes."""

    async def handler(request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        mirrored = httpx.Request(
            request.method, str(request.url), headers=list(request.headers.items()), content=body
        )
        try:
            response = await router.async_handler(mirrored)
        except httpx.TimeoutException as exc:
            raise httpx2.ReadTimeout(str(exc), request=request) from None
        except httpx.ConnectError as exc:
            raise httpx2.ConnectError(str(exc), request=request) from None
        content = await response.aread()
        return httpx2.Response(
            response.status_code, headers=list(response.headers.items()), content=content
        )

    return httpx2.AsyncClient(transport=httpx2.MockTransport(handler))
