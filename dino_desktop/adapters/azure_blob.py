"""The landing area in an Azure Blob container: <container>/<prefix>/<run_id>/.

A run's folder holds its parts, `original/<file name>` and `manifest.json`. The manifest is
uploaded last, so a run whose manifest exists is whole: an engine never sees half a run,
exactly as the local adapter's rename gives. Uploads are parallel, checksummed and
resumable (see blob_upload); a transient fault is retried by the SDK, and what still fails
leaves the staged blocks behind for the next attempt to reuse.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
)
from azure.storage.blob import BlobClient, ContainerClient, ExponentialRetry

from dino_desktop.adapters.blob_checksums import CHECKSUMS, require_checksum
from dino_desktop.adapters.blob_upload import (
    BlobUploadError,
    BlockUploader,
    Meter,
    Remote,
    content_type,
)
from dino_desktop.config import AzureSettings
from dino_desktop.core.manifest import FILE_NAME
from dino_desktop.core.models import Cancelled, DinoError, Problem, Severity
from dino_desktop.ports import ProgressFn

ORIGINAL_DIR = "original"
RESULT_FILE = "_result.json"  # written by the Databricks job beside the manifest
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_POOL_DEFAULT = 10  # requests keeps this many connections per host unless told otherwise


class BlobStorage:
    """The Storage port on a Blob container. Building one does no network I/O."""

    def __init__(self, container: ContainerClient, prefix: str = "landing", *,
                 concurrency: int = 4, block_size: int = 8 << 20, user: str = "",
                 checksum: str = CHECKSUMS[0]):
        self.container = container
        self.prefix = prefix.strip("/")
        self.concurrency = max(int(concurrency), 1)
        self.block_size = max(int(block_size), 1)
        self.user = user
        self.checksum = require_checksum(checksum)  # "crc64" | "md5": on every block
        self.last_meter: Meter | None = None  # the last stage()'s counts, for logs and tests

    @classmethod
    def from_settings(cls, azure: AzureSettings, credential: TokenCredential | None = None,
                      *, user: str = "", **client_kwargs: Any) -> BlobStorage:
        """The connection string if one is set (Azurite, tests), else the account URL with
        the signed-in credential."""
        concurrency = max(int(azure.upload_concurrency), 1)
        options: dict[str, Any] = {
            # A dropped connection costs one block, sent again after about 4, 6, 10, 18 and
            # 34 s; past that the stage fails, and staging again resumes where it stopped.
            "retry_policy": ExponentialRetry(initial_backoff=2, increment_base=2,
                                             retry_total=5, random_jitter_range=1),
            "connection_timeout": 20, "read_timeout": 120,
        }
        if concurrency > _POOL_DEFAULT:
            options["transport"] = _pooled_transport(concurrency)
        options.update(client_kwargs)
        if azure.storage_connection_string:
            container = ContainerClient.from_connection_string(
                azure.storage_connection_string, azure.container, **options)
        elif azure.storage_account_url:
            if credential is None:
                raise _config_error("the storage account needs a signed-in credential")
            container = ContainerClient(azure.storage_account_url, azure.container,
                                        credential=credential, **options)
        else:
            raise _config_error("set azure.storage_account_url or "
                                "azure.storage_connection_string")
        return cls(container, azure.prefix, concurrency=concurrency,
                   block_size=max(int(azure.block_size_mb), 1) << 20, user=user,
                   checksum=azure.blob_checksum)

    # ---- where things are (no I/O)

    def _root(self, run_id: str) -> str:
        if not _RUN_ID.match(run_id):
            raise ValueError(f"not a run id: {run_id!r}")
        return f"{self.prefix}/{run_id}/" if self.prefix else f"{run_id}/"

    def _blob(self, run_id: str, rel: str) -> BlobClient:
        return self.container.get_blob_client(self._root(run_id) + rel)

    def manifest_uri(self, run_id: str) -> str:
        return _without_query(self._blob(run_id, FILE_NAME).url)

    def location(self, run_id: str) -> str:
        base = _without_query(self.container.url).rstrip("/")
        return f"{base}/{quote(self._root(run_id))}"

    # ---- the port

    def exists(self, run_id: str) -> bool:
        return bool(self._blob(run_id, FILE_NAME).exists())

    def stage(self, run_id: str, local_dir: Path, original: Path | None,
              progress: ProgressFn | None = None,
              cancel: threading.Event | None = None) -> str:
        """Upload the parts and the original, then the manifest: only then is the run
        visible. Files already uploaded (same size and sha256) and blocks staged by an
        interrupted attempt are not sent again. `progress` is called from the upload
        threads, one call at a time, with bytes done across the whole run."""
        uri = self.manifest_uri(run_id)
        cancel = cancel or threading.Event()
        local_dir = Path(local_dir)
        manifest = local_dir / FILE_NAME
        if not manifest.is_file():
            raise FileNotFoundError(manifest)
        files = _local_files(local_dir)
        known = _known_digests(manifest)
        if original is not None:
            files.append((f"{ORIGINAL_DIR}/{Path(original).name}", Path(original)))
            if known.get(SOURCE_KEY):
                known[files[-1][0]] = known[SOURCE_KEY]
        total = sum(p.stat().st_size for _, p in files) + manifest.stat().st_size
        meter = self.last_meter = Meter(total, progress)
        metadata = {"run_id": run_id, "user": quote(self.user, safe="@.+-_ ")}
        current = FILE_NAME
        try:
            remote = self._listing(run_id)  # one request, not one per file
            if FILE_NAME in remote:
                return uri  # staged before (a retry): nothing to redo
            self._drop_strays(run_id, set(remote) - {rel for rel, _ in files})
            with ThreadPoolExecutor(self.concurrency, thread_name_prefix="dino-blob") as pool:
                uploader = BlockUploader(pool, self.concurrency, self.block_size,
                                         self.checksum)
                for rel, path in files:
                    current = rel
                    uploader.upload(self._blob(run_id, rel), path, metadata, meter, cancel,
                                    content_type(rel), rel, known.get(rel),
                                    listed=True, remote=remote.get(rel))
                current = FILE_NAME
                if cancel.is_set():
                    raise Cancelled()
                uploader.upload(self._blob(run_id, FILE_NAME), manifest, metadata, meter,
                                cancel, content_type(FILE_NAME), FILE_NAME,
                                listed=True, remote=None)  # last
        except Cancelled:
            with contextlib.suppress(AzureError):  # a cancelled run leaves nothing behind
                self.remove(run_id)
            raise
        except AzureError as exc:  # after the SDK's retries; staged blocks are kept
            raise BlobUploadError(current, _reason(exc)) from exc
        return uri

    def remove(self, run_id: str) -> None:
        """Every blob of the run, the manifest first (the run stops being staged at once)."""
        root = self._root(run_id)
        names = [b.name for b in self.container.list_blobs(name_starts_with=root)]
        names.sort(key=lambda n: n != root + FILE_NAME)
        for name in names:
            with contextlib.suppress(ResourceNotFoundError):
                self.container.delete_blob(name)

    def runs(self) -> list[str]:
        start = f"{self.prefix}/" if self.prefix else None
        found = []
        for item in self.container.walk_blobs(name_starts_with=start, delimiter="/"):
            name: str = item.name
            if name.endswith("/"):  # a BlobPrefix: one run's folder
                found.append(name[len(start or ""):].rstrip("/"))
        return sorted(found)

    # ---- for the engine and `dino doctor`

    def read_result(self, run_id: str) -> dict[str, Any] | None:
        """The `_result.json` the Databricks job writes beside the manifest, if it did."""
        try:
            data = self._blob(run_id, RESULT_FILE).download_blob().readall()
        except ResourceNotFoundError:
            return None
        try:
            doc = json.loads(data)
        except ValueError:
            return None
        return doc if isinstance(doc, dict) else None

    def check(self) -> str:
        """Write a small blob under the prefix and delete it: proves the container exists and
        that this identity may write there (what staging needs)."""
        name = (f"{self.prefix}/" if self.prefix else "") + f".doctor-{uuid.uuid4().hex}"
        where = f"{_without_query(self.container.url)}/{self.prefix}".rstrip("/")
        try:
            self.container.upload_blob(name, b"dino doctor", overwrite=True)
            self.container.delete_blob(name)
        except ResourceNotFoundError as exc:
            raise _config_error(f"the container {self.container.container_name} does not "
                                f"exist ({_reason(exc)})") from exc
        except ClientAuthenticationError as exc:
            raise _config_error(f"cannot write to {where}: {_reason(exc)}; the signed-in "
                                "identity needs the Storage Blob Data Contributor role") from exc
        except HttpResponseError as exc:
            if exc.status_code != 403:
                raise
            raise _config_error(f"cannot write to {where}: {_reason(exc)}; the signed-in "
                                "identity needs the Storage Blob Data Contributor role") from exc
        return f"{where}: writable"

    # ---- helpers

    def _listing(self, run_id: str) -> dict[str, Remote]:
        """The committed blobs in the run's folder (name in it -> size, sha256)."""
        root = self._root(run_id)
        return {b.name[len(root):]: Remote(b.size, (b.metadata or {}).get("sha256", ""))
                for b in self.container.list_blobs(name_starts_with=root, include=["metadata"])}

    def _drop_strays(self, run_id: str, strays: set[str]) -> None:
        """Blobs an earlier attempt left that this one does not have (another part count)."""
        root = self._root(run_id)
        for rel in sorted(strays):
            with contextlib.suppress(ResourceNotFoundError):
                self.container.delete_blob(root + rel)


SOURCE_KEY = "\0source"  # the original file's digest, under a name no file can have


def _known_digests(manifest: Path) -> dict[str, str]:
    """The sha256 of each part (and of the source file) as the conversion wrote them."""
    try:
        doc = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    out = {str(p["path"]): str(p["sha256"]) for p in doc.get("parts", [])
           if isinstance(p, dict) and p.get("path") and p.get("sha256")}
    source = doc.get("source") or {}
    if isinstance(source, dict) and source.get("sha256"):
        out[SOURCE_KEY] = str(source["sha256"])
    return out


def _local_files(local_dir: Path) -> list[tuple[str, Path]]:
    """(name in the run's folder, path) of every file but the manifest, in a stable order."""
    out = []
    for path in sorted(local_dir.rglob("*")):
        rel = path.relative_to(local_dir).as_posix()
        if path.is_file() and rel != FILE_NAME and not path.name.startswith("."):
            out.append((rel, path))
    return out


def _without_query(url: str) -> str:
    """A URL to show and record: never with a SAS token."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _reason(exc: AzureError) -> str:
    text = str(getattr(exc, "message", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def _config_error(reason: str) -> DinoError:
    return DinoError(Problem(Severity.ERROR, "config_invalid", {"reason": reason}))


def _pooled_transport(size: int) -> Any:
    """A requests session that keeps a connection per upload thread (the default is 10)."""
    import requests
    from azure.core.pipeline.transport import RequestsTransport
    from urllib3.util.retry import Retry

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(
        pool_maxsize=size, max_retries=Retry(total=False, redirect=False,
                                             raise_on_status=False))
    for scheme in ("http://", "https://"):
        session.mount(scheme, adapter)
    return RequestsTransport(session=session, session_owner=True)
