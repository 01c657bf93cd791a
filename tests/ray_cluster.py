"""A two-node Ray cluster of the test's own hosts: two network namespaces joined by a
veth pair, a Ray head in one and a Ray worker node in the other. Nothing listens on the
machine's own interfaces: every address is inside the namespaces.

Needs root (to make namespaces) and iproute2's `ip` (Makefile: `make iproute2`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

HEAD_IP, WORKER_IP = "10.213.17.1", "10.213.17.2"
PORT = 6379
# Ray on Linux registers the machine's own address unless told another; this throwaway
# cluster has no auth tokens to hand out.
ENV = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


@dataclass(frozen=True)
class Cluster:
    head: str  # the head's network namespace, where a driver must run
    address: str  # host:port of the head

    def run(self, command: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
        """A command in the head's namespace, as a driver of this cluster."""
        return subprocess.run(["ip", "netns", "exec", self.head, *command], env=ENV,
                              capture_output=True, text=True, timeout=timeout, check=False)


def available() -> str | None:
    """Why a cluster cannot be made here, or None."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    if shutil.which("ip") is None:
        return "iproute2's ip is not installed"
    return None


@contextmanager
def two_nodes() -> Iterator[Cluster]:
    tag = f"dcf{os.getpid()}"
    head, worker = f"{tag}a", f"{tag}b"
    with ExitStack() as stack:
        for name in (head, worker):
            _ip("netns", "add", name)
            stack.callback(_ip, "netns", "del", name)
        _ip("link", "add", f"{head}0", "type", "veth", "peer", "name", f"{worker}0")
        for name, address in ((head, HEAD_IP), (worker, WORKER_IP)):
            _ip("link", "set", f"{name}0", "netns", name)
            _ip("-n", name, "addr", "add", f"{address}/24", "dev", f"{name}0")
            _ip("-n", name, "link", "set", f"{name}0", "up")
            _ip("-n", name, "link", "set", "lo", "up")
        stack.enter_context(_node(head, ["--head", f"--node-ip-address={HEAD_IP}",
                                         f"--port={PORT}", "--include-dashboard=false"]))
        stack.enter_context(_node(worker, [f"--address={HEAD_IP}:{PORT}",
                                           f"--node-ip-address={WORKER_IP}"]))
        cluster = Cluster(head, f"{HEAD_IP}:{PORT}")
        ready = cluster.run([sys.executable, "-c", BOTH_ALIVE, cluster.address], timeout=150)
        if ready.returncode != 0:
            raise RuntimeError(f"the worker node did not join the head:\n{ready.stderr[-2000:]}")
        yield cluster


# A driver that waits until the head counts both nodes alive: `ray start` on the worker
# returns before the head may have registered it, and a run started then has one node.
BOTH_ALIVE = """
import sys, time
import ray
ray.init(address=sys.argv[1], logging_level="ERROR")
deadline = time.monotonic() + 120
while sum(node["Alive"] for node in ray.nodes()) < 2:
    if time.monotonic() > deadline:
        sys.exit("only " + str(sum(node["Alive"] for node in ray.nodes())) + " node alive")
    time.sleep(0.5)
"""


@contextmanager
def _node(namespace: str, options: list[str]) -> Iterator[None]:
    """`ray start` in the namespace, in a process group of its own, which is ended after."""
    temp = tempfile.mkdtemp(prefix="dcf-ray-", dir="/tmp")  # short: Ray's socket paths
    ray = str(Path(sys.executable).with_name("ray"))
    start = subprocess.Popen(
        ["ip", "netns", "exec", namespace, ray, "start", *options, "--num-cpus=1",
         "--object-store-memory=100000000", "--disable-usage-stats", f"--temp-dir={temp}"],
        env=ENV, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    try:
        output, _ = start.communicate(timeout=120)
        if start.returncode != 0:
            raise RuntimeError(f"ray start in {namespace} failed:\n{output}")
        yield
    finally:
        _end_group(start.pid)
        shutil.rmtree(temp, ignore_errors=True)


def _end_group(group: int) -> None:
    """The node's processes (ray start left them in its group): asked, then made, to end."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)
