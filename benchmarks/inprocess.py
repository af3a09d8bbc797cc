"""In-process cost of the library against raw ``EksAddon``, after the provider is imported.

One process imports cdktf and the provider once, then builds and synthesizes apps of 1, 10
and 100 clusters (VPC CNI, CoreDNS and kube-proxy each), library and raw alternated (ABBA), and
counts the jsii kernel calls made while the constructs are built. Prints JSON.

Usage: ``python -m benchmarks.inprocess``.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jsii

from benchmarks.apps import library_app, raw_app
from eks_addons.cdk import App

RUNS = {1: 30, 10: 12, 100: 6}
"""Runs per fleet size (small apps are cheap to repeat, and noisier)."""
ADDONS_PER_CLUSTER = 3
_KERNEL_CALLS = ("create", "get", "set", "sget", "sset", "invoke", "sinvoke", "complete")


@contextmanager
def counted_jsii_calls() -> Iterator[list[int]]:
    """Count the calls into the jsii kernel while the block runs (``count[0]``)."""
    provider: Any = jsii.kernel.provider
    count = [0]
    originals = {name: getattr(provider, name) for name in _KERNEL_CALLS}

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            return method(*args, **kwargs)

        return counted

    for name, method in originals.items():
        setattr(provider, name, wrap(method))
    try:
        yield count
    finally:
        for name, method in originals.items():
            setattr(provider, name, method)


def one_run(build: Callable[[App, int], None], clusters: int) -> tuple[float, float, int]:
    """(construct seconds, construct + synth seconds, jsii calls while constructing)."""
    with tempfile.TemporaryDirectory(prefix="bench-inprocess-") as outdir:
        app = App(outdir=outdir)
        start = time.perf_counter()
        with counted_jsii_calls() as calls:
            build(app, clusters)
        built = time.perf_counter()
        app.synth()
        return built - start, time.perf_counter() - start, calls[0]


def main() -> None:
    one_run(library_app, 1)  # warm up both paths once
    one_run(raw_app, 1)
    builds = {"library": library_app, "raw": raw_app}
    results: dict[str, Any] = {}
    for clusters, count in RUNS.items():
        runs: dict[str, list[tuple[float, float, int]]] = {"library": [], "raw": []}
        for run in range(count):
            order = ("library", "raw") if run % 4 in (0, 3) else ("raw", "library")
            for kind in order:
                runs[kind].append(one_run(builds[kind], clusters))
        results[str(clusters)] = {
            kind: {
                "construct_ms": statistics.median(r[0] for r in values) * 1000,
                "total_ms": statistics.median(r[1] for r in values) * 1000,
                "jsii_calls_per_addon": values[0][2] / (clusters * ADDONS_PER_CLUSTER),
            }
            for kind, values in runs.items()
        }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
