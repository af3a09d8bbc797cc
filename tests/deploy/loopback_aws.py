"""A local AWS API for the deploy tier: MiniStack 1.5.33 on loopback only, with the EKS gaps
the AWS provider hits filled in. Run as a script by ``tests/deploy/test_deploy.py``.

    python tests/deploy/loopback_aws.py --port 4599 --request-log requests.jsonl

What it changes in MiniStack, in-process, before it serves a request:

- binds 127.0.0.1 only, and turns off the listeners MiniStack opens on 0.0.0.0 by itself
  (IoT mTLS on :8883; SFTP); never talks to a Docker daemon (clusters are records, no k3s);
- the OIDC issuer is AWS-shaped (``https://oidc.eks.<region>.amazonaws.com/id/<ID>``): the
  provider refuses MiniStack's ``http://`` issuer for ``aws_iam_openid_connect_provider``;
- adds what 1.5.33 lacks: Fargate profiles, DescribeUpdate (for UpdateAddon's updates),
  DescribeAddonVersions (a stub);
- DeleteCluster refuses while node groups or Fargate profiles remain, as AWS does;
- an SDK retry of a request already answered gets the first answer again (the Go SDK
  re-sends now and then under load; a second CreateRole would fail with 409);
- one JSON line per request in ``--request-log``: time, service, operation, path, status.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from typing import Any

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=4599)
parser.add_argument("--request-log", default="")
options = parser.parse_args()

os.environ.update(
    BIND_HOST="127.0.0.1",
    GATEWAY_PORT=str(options.port),
    IOT_MTLS_ENABLED="0",
    SFTP_ENABLED="0",
    LOG_LEVEL="WARNING",
)

import ministack.app as ministack_app  # type: ignore[import-not-found]  # noqa: E402
from ministack.core.responses import (  # type: ignore[import-not-found]  # noqa: E402
    AccountRegionScopedDict,
    get_account_id,
    get_region,
    new_uuid,
)
from ministack.services import eks  # type: ignore[import-not-found]  # noqa: E402

Response = tuple[int, Any, bytes]

eks._get_docker = lambda: None
eks._ministack_issuer_base = lambda: f"https://oidc.eks.{get_region()}.amazonaws.com"
_profiles = AccountRegionScopedDict()  # "cluster/profile" -> record
_updates = AccountRegionScopedDict()  # "cluster/update id" -> record
_error, _ok = eks._error, eks._json_resp
_NOT_FOUND = "ResourceNotFoundException"


def _create_profile(cluster: str, body: dict[str, Any]) -> Response:
    if cluster not in eks._clusters:
        return _error(404, _NOT_FOUND, f"No cluster found for name: {cluster}.")  # type: ignore[no-any-return]
    name = body.get("fargateProfileName", "")
    selectors = body.get("selectors") or []
    if not name or not body.get("podExecutionRoleArn"):
        return _error(400, "InvalidParameterException", "name and role are required.")  # type: ignore[no-any-return]
    if not 1 <= len(selectors) <= 5 or any(not s.get("namespace") for s in selectors):
        message = "Fargate profile needs 1 to 5 selectors, each with a namespace."
        return _error(400, "InvalidParameterException", message)  # type: ignore[no-any-return]
    if f"{cluster}/{name}" in _profiles:
        return _error(409, "ResourceInUseException", f"A Fargate Profile exists: {name}")  # type: ignore[no-any-return]
    arn = (
        f"arn:aws:eks:{get_region()}:{get_account_id()}:fargateprofile/"
        f"{cluster}/{name}/{new_uuid()}"
    )
    record = {
        "fargateProfileName": name,
        "fargateProfileArn": arn,
        "clusterName": cluster,
        "createdAt": eks._now(),
        "podExecutionRoleArn": body["podExecutionRoleArn"],
        "subnets": body.get("subnets", []),
        "selectors": selectors,
        "status": "ACTIVE",
        "tags": body.get("tags", {}),
        "health": {"issues": []},
    }
    _profiles[f"{cluster}/{name}"] = record
    return _ok(200, {"fargateProfile": record})  # type: ignore[no-any-return]


def _profile(cluster: str, name: str, *, delete: bool) -> Response:
    record = (_profiles.pop if delete else _profiles.get)(f"{cluster}/{name}", None)
    if not record:
        return _error(404, _NOT_FOUND, f"No Fargate Profile found with name: {name}.")  # type: ignore[no-any-return]
    return _ok(200, {"fargateProfile": dict(record, status="DELETING" if delete else "ACTIVE")})  # type: ignore[no-any-return]


def _profiles_of(cluster: str) -> Response:
    names = [r["fargateProfileName"] for k, r in _profiles.items() if k.startswith(f"{cluster}/")]
    return _ok(200, {"fargateProfileNames": names})  # type: ignore[no-any-return]


def _update(cluster: str, update: str) -> Response:
    record = _updates.get(f"{cluster}/{update}")
    if not record:
        return _error(404, _NOT_FOUND, f"No update found for ID: {update}.")  # type: ignore[no-any-return]
    return _ok(200, {"update": record})  # type: ignore[no-any-return]


def _addon_versions(query: dict[str, str]) -> Response:
    name, kubernetes = query.get("addonName") or "vpc-cni", query.get("kubernetesVersion") or "1.33"
    version = {
        "addonVersion": "v0.0.0-eksbuild.1",
        "architecture": ["amd64", "arm64"],
        "compatibilities": [{"clusterVersion": kubernetes, "defaultVersion": True}],
    }
    addon = {"addonName": name, "type": "networking", "addonVersions": [version]}
    return _ok(200, {"addons": [addon]})  # type: ignore[no-any-return]


_create_addon_update = eks._update_addon
_delete_cluster_record = eks._delete_cluster


def _update_addon(cluster: str, addon: str, body: dict[str, Any]) -> Response:
    status, headers, payload = _create_addon_update(cluster, addon, body)
    if status == 200:
        update = json.loads(payload)["update"]
        _updates[f"{cluster}/{update['id']}"] = {"params": [], "errors": [], **update}
    return status, headers, payload


def _delete_cluster(name: str) -> Response:
    if name in eks._clusters:
        if any(key.startswith(f"{name}/") for key in eks._nodegroups.keys()):  # noqa: SIM118 (a scoped dict)
            return _error(409, "ResourceInUseException", "Cluster has nodegroups attached")  # type: ignore[no-any-return]
        if any(key.startswith(f"{name}/") for key in _profiles.keys()):  # noqa: SIM118
            return _error(409, "ResourceInUseException", "Cluster has fargate profiles attached")  # type: ignore[no-any-return]
    response: Response = _delete_cluster_record(name)
    if response[0] == 200:
        addons = list(eks._addons.keys())
        for key in [key for key in addons if key.startswith(f"{name}/")]:
            eks._addons.pop(key, None)
    return response


eks._update_addon = _update_addon
eks._delete_cluster = _delete_cluster
_CLUSTER = r"/clusters/([A-Za-z0-9_-]+)"
_handle = eks._handle_request_sync


def _handle_request(
    method: str, path: str, headers: Any, body: bytes, query_params: dict[str, Any]
) -> Response:
    query = {k: (v[0] if isinstance(v, list) else v) for k, v in query_params.items()}
    profiles = re.fullmatch(_CLUSTER + r"/fargate-profiles", path)
    profile = re.fullmatch(_CLUSTER + r"/fargate-profiles/([A-Za-z0-9_-]+)", path)
    update = re.fullmatch(_CLUSTER + r"/updates/([A-Za-z0-9_-]+)", path)
    if profiles and method == "POST":
        return _create_profile(profiles[1], json.loads(body or b"{}"))
    if profiles and method == "GET":
        return _profiles_of(profiles[1])
    if profile and method in ("GET", "DELETE"):
        return _profile(profile[1], profile[2], delete=method == "DELETE")
    if update and method == "GET":
        return _update(update[1], update[2])
    if path == "/addons/supported-versions" and method == "GET":
        return _addon_versions(query)
    return _handle(method, path, headers, body, query_params)  # type: ignore[no-any-return]


eks._handle_request_sync = _handle_request

_OPERATIONS = [
    ("POST", r"/clusters", "CreateCluster"),
    ("GET", _CLUSTER, "DescribeCluster"),
    ("DELETE", _CLUSTER, "DeleteCluster"),
    ("POST", _CLUSTER + r"/node-groups", "CreateNodegroup"),
    ("GET", _CLUSTER + r"/node-groups/[^/]+", "DescribeNodegroup"),
    ("DELETE", _CLUSTER + r"/node-groups/[^/]+", "DeleteNodegroup"),
    ("POST", _CLUSTER + r"/fargate-profiles", "CreateFargateProfile"),
    ("GET", _CLUSTER + r"/fargate-profiles/[^/]+", "DescribeFargateProfile"),
    ("DELETE", _CLUSTER + r"/fargate-profiles/[^/]+", "DeleteFargateProfile"),
    ("POST", _CLUSTER + r"/addons", "CreateAddon"),
    ("POST", _CLUSTER + r"/addons/[^/]+/update", "UpdateAddon"),
    ("GET", _CLUSTER + r"/addons/[^/]+", "DescribeAddon"),
    ("DELETE", _CLUSTER + r"/addons/[^/]+", "DeleteAddon"),
    ("GET", _CLUSTER + r"/updates/[^/]+", "DescribeUpdate"),
]


def _subject(operation: str, path: str, body: bytes) -> str:
    """What a create or delete is about: the add-on, node group or profile name."""
    if operation == "CreateAddon":
        try:
            return str(json.loads(body).get("addonName", ""))
        except ValueError:
            return ""
    if operation.startswith(("Delete", "Describe")) and path.count("/") >= 4:
        return path.rsplit("/", 1)[1]
    return ""


def _operation(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[str, str]:
    """The AWS service and operation of a request, read from its signature and route."""
    scope = re.search(r"Credential=[^/]+/\d+/[^/]+/([^/]+)/", headers.get("authorization", ""))
    service = scope[1] if scope else "?"
    if service == "eks":
        for verb, route, name in _OPERATIONS:
            if verb == method and re.fullmatch(route, path):
                return service, name
        return service, f"{method} {path}"
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if body else {}
    return service, (form.get("Action") or [f"{method} {path}"])[0]


_answered: collections.OrderedDict[str, tuple[int, list[Any], bytes]] = collections.OrderedDict()
_lock = threading.Lock()
_log = open(options.request_log, "a", buffering=1) if options.request_log else None  # noqa: SIM115
_inner = ministack_app.app


def _write(record: dict[str, Any]) -> None:
    if _log is not None:
        with _lock:
            _log.write(json.dumps(record) + "\n")


async def _replay(invocation: str, receive: Any, send: Any) -> bool:
    """Answer an SDK retry of a request already answered with the first answer."""
    with _lock:
        cached = _answered.get(invocation)
    if cached is None:
        return False
    while (message := await receive()).get("more_body"):
        pass
    del message
    await send({"type": "http.response.start", "status": cached[0], "headers": cached[1]})
    await send({"type": "http.response.body", "body": cached[2]})
    return True


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """MiniStack's ASGI app, with the replay of retries and the request log."""
    if scope["type"] != "http":
        await _inner(scope, receive, send)
        return
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    invocation = headers.get("amz-sdk-invocation-id", "")
    retry = invocation and not headers.get("amz-sdk-request", "").startswith("attempt=1;")
    if retry and await _replay(invocation, receive, send):
        return
    body: list[bytes] = []
    answer: dict[str, Any] = {"status": 0, "headers": [], "body": [], "done": False}

    async def receiving() -> Any:
        message = await receive()
        if message.get("type") == "http.request":
            body.append(message.get("body", b""))
        return message

    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"], answer["headers"] = message["status"], list(message["headers"])
        elif message["type"] == "http.response.body":
            answer["body"].append(message.get("body", b""))
            answer["done"] = not message.get("more_body")
        await send(message)

    started = time.time()
    try:
        await _inner(scope, receiving, sending)
    finally:
        status = answer["status"]
        if invocation and answer["done"] and 0 < status < 500 and status != 429:
            with _lock:
                _answered[invocation] = (status, answer["headers"], b"".join(answer["body"]))
                while len(_answered) > 5000:
                    _answered.popitem(last=False)
        path = scope.get("path", "")
        if not path.startswith("/_ministack"):
            whole = b"".join(body)
            service, operation = _operation(scope["method"], path, headers, whole)
            _write(
                {
                    "t": round(started, 3),
                    "service": service,
                    "op": operation,
                    "subject": _subject(operation, path, whole),
                    "path": path,
                    "status": status,
                }
            )


ministack_app.app = app
sys.argv = ["ministack"]
ministack_app.main()
