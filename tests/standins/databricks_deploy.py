"""The stand-in's Workspace and job-definition endpoints, for the Spark job's deploy command.

Workspace 2.0 (get-status, mkdirs, import) and Jobs 2.2 (list, create, reset; jobs/get of
a defined job is answered by the jobs routes). Rejections follow the real API: a relative
path or a missing parent folder on import, an existing object without `overwrite`, content
that is not base64, a SOURCE import without a language, a job without tasks or with a task
that names no compute, two parameters with one name.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Route = tuple[str, str, Callable[[Any, re.Match[str]], Any]]


@dataclass
class WsObject:
    object_type: str  # DIRECTORY | NOTEBOOK | FILE
    content: bytes = b""
    language: str | None = None


class DeployRoutes:
    def __init__(self, ws: Any, api_error: type[Exception]) -> None:
        self.ws = ws
        self.error = api_error
        self.objects: dict[str, WsObject] = {"/": WsObject("DIRECTORY")}
        ws.objects = self.objects

    def routes(self) -> list[Route]:
        return [("GET", r"/api/2\.0/workspace/get-status", self.get_status),
                ("POST", r"/api/2\.0/workspace/mkdirs", self.mkdirs),
                ("POST", r"/api/2\.0/workspace/import", self.import_),
                ("GET", r"/api/2\.[12]/jobs/list", self.list_jobs),
                ("POST", r"/api/2\.[12]/jobs/create", self.create),
                ("POST", r"/api/2\.[12]/jobs/reset", self.reset)]

    # ---- workspace

    def _path(self, raw: Any) -> str:
        if not isinstance(raw, str) or not raw.startswith("/"):
            raise self.error(400, "INVALID_PARAMETER_VALUE",
                             f"Path ({raw}) must be absolute and start with /.")
        return raw.rstrip("/") or "/"

    def get_status(self, req: Any, _: re.Match[str]) -> Any:
        path = self._path(req.query.get("path"))
        obj = self.objects.get(path)
        if obj is None:
            raise self.error(404, "RESOURCE_DOES_NOT_EXIST", f"Path ({path}) doesn't exist.")
        out = {"path": path, "object_type": obj.object_type, "object_id": abs(hash(path))}
        if obj.language:
            out["language"] = obj.language
        return out

    def mkdirs(self, req: Any, _: re.Match[str]) -> Any:
        path = self._path((req.body or {}).get("path"))
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            here = "/" + "/".join(parts[:i])
            obj = self.objects.get(here)
            if obj is not None and obj.object_type != "DIRECTORY":
                raise self.error(400, "RESOURCE_ALREADY_EXISTS",
                                 f"Cannot create directory {path}: {here} is a file.")
            self.objects.setdefault(here, WsObject("DIRECTORY"))
        return {}

    def import_(self, req: Any, _: re.Match[str]) -> Any:
        body = req.body if isinstance(req.body, dict) else {}
        path = self._path(body.get("path"))
        parent = path.rsplit("/", 1)[0] or "/"
        if parent not in self.objects:
            raise self.error(404, "RESOURCE_DOES_NOT_EXIST",
                             f"The parent folder ({parent}) does not exist.")
        fmt = body.get("format", "SOURCE")
        language = body.get("language")
        if fmt == "SOURCE" and not language:
            raise self.error(400, "INVALID_PARAMETER_VALUE",
                             "The language must be set when importing a SOURCE notebook.")
        if path in self.objects and not body.get("overwrite"):
            raise self.error(400, "RESOURCE_ALREADY_EXISTS", f"Path ({path}) already exists.")
        try:
            content = base64.b64decode(body.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            raise self.error(400, "INVALID_PARAMETER_VALUE",
                             "The content is not valid base64.") from None
        kind = "NOTEBOOK" if fmt == "SOURCE" else "FILE"
        self.objects[path] = WsObject(kind, content, language)
        return {}

    # ---- job definitions

    def _check(self, settings: Any) -> dict[str, Any]:
        if not isinstance(settings, dict):
            raise self.error(400, "MALFORMED_REQUEST", "Could not parse request object")
        tasks = settings.get("tasks") or []
        if not tasks:
            raise self.error(400, "INVALID_PARAMETER_VALUE", "A job must have at least one "
                             "task.")
        clusters = {c.get("job_cluster_key") for c in settings.get("job_clusters") or []}
        for task in tasks:
            if not task.get("task_key"):
                raise self.error(400, "INVALID_PARAMETER_VALUE", "Task key must be set.")
            key = task.get("job_cluster_key")
            if key and key not in clusters:
                raise self.error(400, "INVALID_PARAMETER_VALUE",
                                 f"Job cluster key {key} is not defined in job_clusters.")
            if not (key or task.get("existing_cluster_id") or task.get("environment_key")):
                raise self.error(400, "INVALID_PARAMETER_VALUE",
                                 f"Task {task['task_key']} has no compute: set a job cluster, "
                                 f"an existing cluster or an environment.")
        names = [p.get("name") for p in settings.get("parameters") or []]
        if len(set(names)) != len(names):
            raise self.error(400, "INVALID_PARAMETER_VALUE", "Job parameter names must be "
                             "unique.")
        return settings

    def list_jobs(self, req: Any, _: re.Match[str]) -> Any:
        name = req.query.get("name")
        jobs = [{"job_id": i, "settings": {"name": s["name"]}}
                for i, s in sorted(self.ws.defined.items())
                if name is None or s.get("name") == name]
        return {"jobs": jobs, "has_more": False} if jobs else {"has_more": False}

    def create(self, req: Any, _: re.Match[str]) -> Any:
        settings = self._check(req.body)
        with self.ws.lock:
            job_id = 500 + len(self.ws.defined)
            self.ws.defined[job_id] = settings
            self.ws.job_ids.add(job_id)
        return {"job_id": job_id}

    def reset(self, req: Any, _: re.Match[str]) -> Any:
        body = req.body if isinstance(req.body, dict) else {}
        job_id = body.get("job_id")
        if job_id not in self.ws.defined:
            raise self.error(400, "INVALID_PARAMETER_VALUE", f"Job {job_id} does not exist.")
        if "new_settings" not in body:
            raise self.error(400, "INVALID_PARAMETER_VALUE", "Missing required field: "
                             "new_settings")
        self.ws.defined[job_id] = self._check(body["new_settings"])
        return {}
