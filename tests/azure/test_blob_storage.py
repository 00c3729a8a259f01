"""BlobStorage against a real Azurite: layout, checksums, resume, cancel, cleanup.

Azurite verifies Content-MD5 but not x-ms-content-crc64 (ignored in loose mode): the CRC64
that real Azure verifies is checked in the test transport (blob_helpers.AzureCrc64Check)."""

from __future__ import annotations

import hashlib
import json
import random
import threading
import tracemalloc
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from azure.core.credentials import AccessToken

from dino_desktop.adapters.azure_blob import BlobStorage
from dino_desktop.adapters.blob_checksums import crc64
from dino_desktop.adapters.blob_upload import CHECKSUM_ATTEMPTS, BlobUploadError
from dino_desktop.config import AzureSettings
from dino_desktop.core.models import Cancelled, DinoError, Progress
from tests.azure.blob_helpers import KNOWN_CRC64, CutProxy, TapTransport, reference_crc64

BLOCK = 256 << 10  # small blocks: many of them, fast
RUN = "01JDTESTRUN0000000000000001"
USER = "joão@contoso.com"


def _bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def make_run(tmp_path: Path, parts: dict[str, int], original: int = 0,
             seed: int = 1) -> tuple[Path, Path | None, dict[str, bytes]]:
    """A converted run's folder (parts + manifest.json) and an original file; returns the
    folder, the original and every blob's expected content by its name in the run."""
    out = tmp_path / f"work-{seed}"
    out.mkdir()
    expected: dict[str, bytes] = {}
    for i, (name, size) in enumerate(parts.items()):
        expected[name] = _bytes(size, seed * 100 + i)
        (out / name).write_bytes(expected[name])
    manifest = json.dumps({"manifest_version": 1, "parts": list(parts)}).encode()
    (out / "manifest.json").write_bytes(manifest)
    expected["manifest.json"] = manifest
    src = None
    if original:
        src = tmp_path / f"vendas_{seed}.csv"
        expected[f"original/{src.name}"] = _bytes(original, seed * 100 + 99)
        src.write_bytes(expected[f"original/{src.name}"])
    return out, src, expected


def store_on(client: Any, concurrency: int = 4, checksum: str = "crc64") -> BlobStorage:
    return BlobStorage(client, "landing", concurrency=concurrency, block_size=BLOCK, user=USER,
                       checksum=checksum)


def blob_bytes(client: Any, name: str) -> bytes:
    return client.get_blob_client(name).download_blob().readall()


def blocks_of(size: int) -> int:
    return -(-size // BLOCK) if size > BLOCK else 0


@pytest.fixture
def tapped(azurite: Any, blob_container: Any) -> tuple[Any, TapTransport]:
    """A second client on the test's container whose every request is recorded."""
    tap = TapTransport(blob_container.container_name)
    return azurite.container_client(blob_container.container_name, transport=tap), tap


def test_stage_uploads_blocks_in_parallel_byte_exact_with_metadata(
        tmp_path: Path, azurite: Any, blob_container: Any, tapped: tuple[Any, TapTransport]):
    client, tap = tapped
    parts = {"part-00000.parquet": 12 * BLOCK + 100, "part-00001.parquet": 10_000,
             "rejects.csv": 0}
    work, original, expected = make_run(tmp_path, parts, original=5 * BLOCK - 7)
    events: list[Progress] = []
    store = store_on(client)

    uri = store.stage(RUN, work, original, events.append)

    base = f"http://127.0.0.1:{azurite.port}/devstoreaccount1/{blob_container.container_name}"
    assert uri == store.manifest_uri(RUN) == f"{base}/landing/{RUN}/manifest.json"
    assert store.location(RUN) == f"{base}/landing/{RUN}/"
    names = {b.name for b in blob_container.list_blobs()}
    assert names == {f"landing/{RUN}/{rel}" for rel in expected}
    for rel, content in expected.items():
        name = f"landing/{RUN}/{rel}"
        assert blob_bytes(blob_container, name) == content, rel
        meta = blob_container.get_blob_client(name).get_blob_properties().metadata
        assert meta["run_id"] == RUN
        assert unquote(meta["user"]) == USER
        assert meta["sha256"] == hashlib.sha256(content).hexdigest()
    # every large file went as blocks of at most BLOCK, each with its CRC64 (the default),
    # several at once but never more than the concurrency
    blocks = tap.blocks()
    big = [parts["part-00000.parquet"], 5 * BLOCK - 7]
    assert len(blocks) == sum(blocks_of(n) for n in big) == 13 + 5
    assert all(b.crc64 and not b.md5 and 0 < b.body <= BLOCK for b in blocks)
    assert sum(b.body for b in blocks) == sum(big)
    assert 1 < tap.max_inflight <= 4
    # single puts with their CRC64 too, block lists (a few bytes of XML) with Content-MD5
    writes = tap.writes()
    assert all(w.md5 if w.comp == "blocklist" else w.crc64 for w in writes)
    assert tap.azure.checked == len(blocks) + len(expected) - 2 and tap.azure.refused == 0
    # the manifest is the last write, and written once
    assert writes[-1].blob == f"landing/{RUN}/manifest.json"
    assert [w.blob for w in writes].count(f"landing/{RUN}/manifest.json") == 1
    # progress: bytes across every file, never backwards, ending at the total
    total = sum(len(c) for c in expected.values())
    done = [e.bytes_done for e in events]
    assert done == sorted(done) and done[-1] == total
    assert events[-1].fraction == 1.0 and all(e.stage == "stage" for e in events)
    assert store.exists(RUN) and store.runs() == [RUN]


def test_memory_stays_at_one_block_more_than_the_concurrency(tmp_path: Path,
                                                             blob_container: Any):
    """Reading runs one block ahead of sending, no more: peak memory does not grow with the
    file."""
    peaks = []
    for n, blocks in enumerate((12, 48)):
        work, _, _ = make_run(tmp_path, {"part-00000.parquet": blocks * BLOCK}, seed=n + 1)
        tracemalloc.start()
        try:
            store_on(blob_container, concurrency=3).stage(f"01JDMEM{n:019d}", work, None)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[0] < (3 + 1) * BLOCK + 2 * BLOCK  # 3 + 1 buffers + the SDK's small change
    assert peaks[1] - peaks[0] < BLOCK  # four times the file, not one more block


def test_stage_of_a_staged_run_sends_nothing(tmp_path: Path, blob_container: Any,
                                             tapped: tuple[Any, TapTransport]):
    work, original, _ = make_run(tmp_path, {"part-00000.parquet": 3 * BLOCK}, original=100)
    store_on(blob_container).stage(RUN, work, original)
    client, tap = tapped
    assert store_on(client).stage(RUN, work, original) == store_on(client).manifest_uri(RUN)
    assert tap.writes() == []


def test_files_already_committed_are_skipped_others_sent_again(
        tmp_path: Path, blob_container: Any, tapped: tuple[Any, TapTransport]):
    """A stage that died before its manifest: the next one sends only what differs."""
    parts = {"part-00000.parquet": 3 * BLOCK, "part-00001.parquet": 2 * BLOCK + 1}
    work, original, expected = make_run(tmp_path, parts, original=2 * BLOCK)
    store_on(blob_container).stage(RUN, work, original)
    root = f"landing/{RUN}/"
    blob_container.delete_blob(root + "manifest.json")
    tampered = blob_container.get_blob_client(root + "part-00001.parquet")
    tampered.set_blob_metadata({"run_id": RUN, "sha256": "0" * 64})
    blob_container.upload_blob(root + "part-00009.parquet", b"stale part of an older try")

    client, tap = tapped
    store_on(client).stage(RUN, work, original)

    sent = {w.blob for w in tap.writes()}
    assert sent == {root + "part-00001.parquet", root + "manifest.json"}
    assert {b.name for b in blob_container.list_blobs()} == {root + r for r in expected}
    assert blob_bytes(blob_container, root + "part-00001.parquet") == \
        expected["part-00001.parquet"]


def test_crc64_azure_computes_is_the_reference_one():
    """The SDK's C extension, which DINO uses, against values it did not produce: the CRC
    catalogue's and the real service's (see blob_helpers.KNOWN_CRC64)."""
    for data, known in KNOWN_CRC64.items():
        assert reference_crc64(data) == known
        assert crc64(data) == known
    data = _bytes(3 * (64 << 10) + 12_345, 7)  # more than one of crc64()'s 64 KiB pieces
    view = memoryview(bytearray(data))[: len(data) - 5]
    assert crc64(view) == reference_crc64(data[:-5])


def test_each_block_carries_the_crc64_of_its_own_bytes(
        tmp_path: Path, blob_container: Any, tapped: tuple[Any, TapTransport]):
    client, tap = tapped
    size = 3 * BLOCK + 1000
    work, _, expected = make_run(tmp_path, {"part-00000.parquet": size, "small.csv": 777})

    store_on(client).stage(RUN, work, None)

    content = expected["part-00000.parquet"]
    blocks = tap.blocks()
    assert len(blocks) == blocks_of(size)
    for sent in blocks:  # "<index>-<size>-crc64-<the CRC64, hex>": checked against the file
        index, length, kind, digest = sent.block_id.split("-")
        want = reference_crc64(content[int(index) * BLOCK:int(index) * BLOCK + int(length)])
        assert (kind, sent.body, sent.crc64) == ("crc64", int(length), want)
        assert bytes.fromhex(digest) == b"\0" * 5 + want
        assert len(sent.block_id) == 52  # as MD5 ids: see test_resume_across_checksums
    puts = {w.blob.rsplit("/", 1)[-1]: w for w in tap.writes() if w.comp == ""}
    assert puts["small.csv"].crc64 == reference_crc64(expected["small.csv"])
    assert puts["manifest.json"].crc64 == reference_crc64(expected["manifest.json"])
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == content


@pytest.mark.parametrize("checksum", ["md5", "crc64"])
def test_block_corrupted_in_transit_is_rejected_and_sent_again(
        tmp_path: Path, azurite: Any, blob_container: Any, checksum: str):
    """md5: Azurite itself refuses the bodies; crc64: Azure's refusal (400 Crc64Mismatch)."""
    tap = TapTransport(blob_container.container_name, corrupt=2)
    client = azurite.container_client(blob_container.container_name, transport=tap)
    size = 6 * BLOCK
    work, _, expected = make_run(tmp_path, {"part-00000.parquet": size})

    store_on(client, checksum=checksum).stage(RUN, work, None)

    assert tap.corrupted == 2
    assert tap.azure.refused == (2 if checksum == "crc64" else 0)
    # the service refused both corrupted bodies (else nothing would have been sent again)
    assert len(tap.blocks()) == blocks_of(size) + 2
    assert all(b.md5 == (checksum == "md5") and bool(b.crc64) == (checksum == "crc64")
               for b in tap.blocks())
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == expected["part-00000.parquet"]


def test_block_the_service_kept_differently_is_sent_again(
        tmp_path: Path, azurite: Any, blob_container: Any):
    """Azure sends back the CRC64 of what it received: one that differs from ours means the
    block it holds is not ours (the SDK does not compare them; DINO does)."""
    tap = TapTransport(blob_container.container_name, bad_echo=1)
    client = azurite.container_client(blob_container.container_name, transport=tap)
    size = 4 * BLOCK
    work, _, expected = make_run(tmp_path, {"part-00000.parquet": size})

    store_on(client).stage(RUN, work, None)

    assert tap.azure.bad_echo == 0 and tap.azure.refused == 0
    blocks = tap.blocks()
    assert len(blocks) == blocks_of(size) + 1
    assert len({b.block_id for b in blocks}) == blocks_of(size)  # one went twice, same id
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == expected["part-00000.parquet"]


def test_block_corrupted_every_time_fails_clearly(tmp_path: Path, azurite: Any,
                                                  blob_container: Any):
    messages = {}
    for checksum in ("md5", "crc64"):
        tap = TapTransport(blob_container.container_name, corrupt=10**6)
        client = azurite.container_client(blob_container.container_name, transport=tap)
        work, _, _ = make_run(tmp_path, {"part-00000.parquet": 4 * BLOCK},
                              seed=len(messages) + 1)
        store = store_on(client, concurrency=1, checksum=checksum)

        with pytest.raises(BlobUploadError) as err:
            store.stage(RUN, work, None)

        assert err.value.problem.code == "upload_checksum"
        assert "checksum" in str(err.value) and "part-00000.parquet" in str(err.value)
        assert len(tap.blocks()) == CHECKSUM_ATTEMPTS  # the first block, tried and given up
        assert tap.azure.refused == (CHECKSUM_ATTEMPTS if checksum == "crc64" else 0)
        assert not store.exists(RUN)
        messages[checksum] = (str(err.value), err.value.problem.params)
    assert messages["crc64"] == messages["md5"]  # the user sees the same problem


def test_dropped_connection_mid_block_resends_only_that_block(
        tmp_path: Path, azurite: Any, blob_container: Any):
    size = 8 * BLOCK
    proxy = CutProxy(azurite.port, cut_after=3 * BLOCK + BLOCK // 2, stay_down=False)
    tap = TapTransport(blob_container.container_name)
    client = azurite.container_client(blob_container.container_name, port=proxy.port,
                                      transport=tap)
    work, _, expected = make_run(tmp_path, {"part-00000.parquet": size})
    try:
        store_on(client, concurrency=2).stage(RUN, work, None)
    finally:
        proxy.close()

    assert proxy.cuts == 1
    # the blocks the cut interrupted (at most one per thread) went again, no more
    assert blocks_of(size) < len(tap.blocks()) <= blocks_of(size) + 2
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == expected["part-00000.parquet"]


def test_resume_after_the_network_went_away_sends_only_missing_blocks(
        tmp_path: Path, azurite: Any, blob_container: Any, tapped: tuple[Any, TapTransport]):
    size = 16 * BLOCK
    work, original, expected = make_run(tmp_path, {"part-00000.parquet": size})
    proxy = CutProxy(azurite.port, cut_after=6 * BLOCK)
    cut_client = azurite.container_client(blob_container.container_name, port=proxy.port)
    try:
        with pytest.raises(BlobUploadError) as err:
            store_on(cut_client).stage(RUN, work, original)
    finally:
        proxy.close()
    assert proxy.is_cut.is_set()
    assert err.value.problem.code == "upload_failed"
    assert "part-00000.parquet" in str(err.value)
    healthy = store_on(blob_container)
    assert not healthy.exists(RUN) and healthy.runs() == []  # nothing committed yet
    blob = blob_container.get_blob_client(f"landing/{RUN}/part-00000.parquet")
    staged = blob.get_block_list("uncommitted")[1]
    assert 0 < len(staged) < blocks_of(size)

    client, tap = tapped
    events: list[Progress] = []
    store = store_on(client)
    store.stage(RUN, work, original, events.append)

    # Azurite may still store a block the cut request carried after the first stage gave
    # up, so the second one can find more staged than we did: never fewer.
    sent = [b.block_id for b in tap.blocks()]
    assert len(sent) == len(set(sent)) <= blocks_of(size) - len(staged)
    assert not set(sent) & {b.id for b in staged}  # nothing already there went again
    assert len(sent) == store.last_meter.blocks_sent
    assert sum(b.body for b in tap.blocks()) == len(sent) * BLOCK \
        == store.last_meter.block_bytes_sent
    committed = {b.id for b in blob.get_block_list("committed")[0]}
    assert len(committed) == blocks_of(size) and set(sent) < committed
    assert blob_bytes(blob_container, blob.blob_name) == expected["part-00000.parquet"]
    assert events[-1].bytes_done == size + len(expected["manifest.json"])
    assert store.exists(RUN)


def _stage_cut_short(azurite: Any, blob_container: Any, work: Path, checksum: str,
                     blocks: int) -> list[Any]:
    """A stage, one block at a time, whose network goes away during block `blocks`: the
    blocks staged before it (as the service lists them)."""
    proxy = CutProxy(azurite.port, cut_after=blocks * BLOCK + BLOCK // 2)
    cut_client = azurite.container_client(blob_container.container_name, port=proxy.port)
    try:
        with pytest.raises(BlobUploadError):
            store_on(cut_client, concurrency=1, checksum=checksum).stage(RUN, work, None)
    finally:
        proxy.close()
    blob = blob_container.get_blob_client(f"landing/{RUN}/part-00000.parquet")
    staged = blob.get_block_list("uncommitted")[1]
    assert staged
    return staged


def test_resume_sends_again_a_staged_block_whose_bytes_changed(
        tmp_path: Path, azurite: Any, blob_container: Any, tapped: tuple[Any, TapTransport]):
    """The block id carries the CRC64: a block edited since it was staged is not reused."""
    size = 8 * BLOCK
    work, _, _ = make_run(tmp_path, {"part-00000.parquet": size})
    staged = _stage_cut_short(azurite, blob_container, work, "crc64", 3)
    old = {int(b.id[:8]): b.id for b in staged}
    changed = min(old)
    part = work / "part-00000.parquet"
    content = bytearray(part.read_bytes())
    content[changed * BLOCK + 10] ^= 0x01  # one bit, same size
    part.write_bytes(content)

    client, tap = tapped
    store_on(client).stage(RUN, work, None)

    sent = {int(b.block_id[:8]): b.block_id for b in tap.blocks()}
    assert changed in sent and sent[changed] != old[changed]
    assert set(sent) == set(range(blocks_of(size))) - (set(old) - {changed})
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == content


def test_resume_across_checksums(tmp_path: Path, azurite: Any, blob_container: Any,
                                 tapped: tuple[Any, TapTransport]):
    """Blocks staged with MD5 (the other setting, or an older version) are not taken for
    CRC64 ones, and the ids keep one length, which the service requires of a blob's blocks."""
    size = 6 * BLOCK
    work, _, expected = make_run(tmp_path, {"part-00000.parquet": size})
    staged = _stage_cut_short(azurite, blob_container, work, "md5", 2)

    client, tap = tapped
    store_on(client, checksum="crc64").stage(RUN, work, None)

    sent = [b.block_id for b in tap.blocks()]
    assert len(sent) == blocks_of(size)  # nothing reused
    assert {len(i) for i in sent} == {len(b.id) for b in staged} == {52}
    name = f"landing/{RUN}/part-00000.parquet"
    assert blob_bytes(blob_container, name) == expected["part-00000.parquet"]


def test_cancel_mid_upload_leaves_nothing_staged(tmp_path: Path, blob_container: Any,
                                                 tapped: tuple[Any, TapTransport]):
    parts = {"part-00000.parquet": 2 * BLOCK, "part-00001.parquet": 24 * BLOCK}
    work, original, _ = make_run(tmp_path, parts, original=BLOCK * 3)
    cancel = threading.Event()

    def progress(p: Progress) -> None:
        if p.bytes_done >= 5 * BLOCK:  # the first part is committed by then
            cancel.set()

    client, tap = tapped
    store = store_on(client, concurrency=2)
    with pytest.raises(Cancelled):
        store.stage(RUN, work, original, progress, cancel)

    assert len(tap.blocks()) < blocks_of(2 * BLOCK) + blocks_of(24 * BLOCK)
    assert not store.exists(RUN)
    assert store.runs() == [] and list(blob_container.list_blobs()) == []


def test_runs_and_remove(tmp_path: Path, blob_container: Any):
    store = store_on(blob_container)
    assert store.runs() == []
    other = "01JDTESTRUN0000000000000002"
    for seed, run in enumerate((RUN, other), start=1):
        work, original, _ = make_run(tmp_path, {"part-00000.parquet": 2 * BLOCK + 5},
                                     original=10, seed=seed)
        store.stage(run, work, original)
    blob_container.upload_blob("landing/README.txt", b"not a run")
    blob_container.upload_blob("elsewhere/01JDX/manifest.json", b"{}")
    assert store.runs() == sorted([RUN, other])

    store.remove(RUN)
    store.remove("01JDNOTHERE000000000000000")  # nothing there: no error

    assert store.runs() == [other]
    assert not store.exists(RUN) and store.exists(other)
    assert not list(blob_container.list_blobs(name_starts_with=f"landing/{RUN}/"))
    assert {b.name for b in blob_container.list_blobs()} >= {
        "landing/README.txt", "elsewhere/01JDX/manifest.json"}
    with pytest.raises(ValueError):
        store.exists("../escape")


def test_read_result_and_check(azurite: Any, blob_container: Any):
    store = store_on(blob_container)
    assert store.read_result(RUN) is None
    doc = {"run_id": RUN, "rows_written": 3, "version_after": 1}
    blob_container.upload_blob(f"landing/{RUN}/_result.json", json.dumps(doc).encode())
    assert store.read_result(RUN) == doc

    assert store.check().endswith(f"/{blob_container.container_name}/landing: writable")
    assert [b.name for b in blob_container.list_blobs()] == [f"landing/{RUN}/_result.json"]
    assert store.runs() == [RUN]

    missing = store_on(azurite.container_client("no-such-container"))
    with pytest.raises(DinoError) as err:
        missing.check()
    assert err.value.problem.code == "config_invalid"
    assert "no-such-container" in err.value.problem.params["reason"]


class _NoToken:
    """A credential that must not be used: building the adapter does no I/O."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        raise AssertionError("network I/O while building the adapter")


def test_from_settings_without_network():
    azure = AzureSettings(storage_account_url="https://acct.blob.core.windows.net",
                          container="landing-c", prefix="/dino/landing/",
                          upload_concurrency=16, block_size_mb=4)
    store = BlobStorage.from_settings(azure, _NoToken(), user="ana@contoso.com")  # type: ignore[arg-type]
    assert store.manifest_uri(RUN) == \
        f"https://acct.blob.core.windows.net/landing-c/dino/landing/{RUN}/manifest.json"
    assert store.location(RUN) == \
        f"https://acct.blob.core.windows.net/landing-c/dino/landing/{RUN}/"
    assert (store.concurrency, store.block_size, store.user) == (16, 4 << 20, "ana@contoso.com")
    assert store.checksum == "crc64"  # the default
    md5 = AzureSettings(storage_account_url=azure.storage_account_url, blob_checksum="md5")
    assert BlobStorage.from_settings(md5, _NoToken()).checksum == "md5"  # type: ignore[arg-type]
    with pytest.raises(DinoError) as err:
        BlobStorage.from_settings(AzureSettings(storage_account_url=azure.storage_account_url,
                                                blob_checksum="sha1"), _NoToken())  # type: ignore[arg-type]
    assert err.value.problem.code == "config_invalid"
    assert "blob_checksum" in err.value.problem.params["reason"]

    sas = AzureSettings(storage_connection_string=(
        "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=SECRET"))
    uri = BlobStorage.from_settings(sas).manifest_uri(RUN)
    assert uri == f"https://acct.blob.core.windows.net/dino-landing/landing/{RUN}/manifest.json"

    with pytest.raises(DinoError) as err:
        BlobStorage.from_settings(AzureSettings(storage_account_url=azure.storage_account_url))
    assert err.value.problem.code == "config_invalid"
    with pytest.raises(DinoError):
        BlobStorage.from_settings(AzureSettings())
