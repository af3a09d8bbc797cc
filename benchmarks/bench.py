"""Benchmarks: synth cost of the library on the fast path (no provider bindings), with the
bindings, and of hand-written ``EksAddon``, on each CDK (cdktf, CDK Terrain); the CLI's
start; fleet scaling; the pure config build + checks. Writes ``docs/benchmarks.md`` and a
plot.

Each synth runs in its own process (as ``cdktf synth`` runs the app), measured from the
outside: wall time, and the peak resident memory of the whole process tree (Python and the
Node jsii child), sampled from /proc. Runs of the two apps alternate; figures are medians.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.apps import VERSIONS_ENV, default_versions
from eks_addons.config import CoreDnsConfig, KubeProxyConfig, VpcCniConfig
from eks_addons.plan import AddonRequest, plan_addon
from eks_addons.specs import COREDNS_SPEC, KUBE_PROXY_SPEC, VPC_CNI_SPEC
from eks_addons.testing import normalize
from sample_app.configs import SEED_COREDNS, SEED_VPC_CNI

ROOT = Path(__file__).resolve().parent.parent
# lane -> its virtualenv's Python (the Makefile's lanes)
LANES = {
    "cdktf": ROOT / ".venv" / "bin" / "python",
    "cdktn": ROOT / ".venv-cdktn" / "bin" / "python",
}
RUNS = 5
FLEET = (1, 10, 50, 100)
FLEET_RUNS = 3
HELP_RUNS = 15
KINDS = {
    "library": "eks-addons, no bindings",
    "library-bindings": "eks-addons, bindings' provider and cluster",
    "raw": "hand-written `EksAddon` (bindings)",
}


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    return children


def _tree_rss_kib(pid: int) -> int:
    children, total, stack = _children(), 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack += children.get(current, [])
    return total


OUTPUTS = Path(tempfile.mkdtemp(prefix="eks-addons-bench-"))
"""Every synth output of one ``make bench``, removed when it ends."""


def measure(kind: str, clusters: int, lane: str = "cdktf") -> tuple[float, float, Path]:
    """(wall seconds, peak tree RSS in MiB, outdir) of one synth process on ``lane``."""
    outdir = Path(tempfile.mkdtemp(prefix=f"{kind}-{lane}-", dir=OUTPUTS))
    command = [str(LANES[lane]), "-m", "benchmarks.apps", kind, str(clusters), str(outdir)]
    env = dict(_env(), EKS_ADDONS_CDK=lane)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(
            f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return wall, peak / 1024, outdir


def _env() -> dict[str, str]:
    return dict(os.environ, **{VERSIONS_ENV: json.dumps(default_versions())})


def in_process() -> dict[str, Any]:
    """Construct + synth after the provider import, library against raw, in one process."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.inprocess"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def _normalized_stacks(outdir: Path) -> dict[str, Any]:
    """Each stack :func:`~eks_addons.testing.normalize`\\ d, without its backend."""
    stacks = {}
    for path in sorted((outdir / "stacks").glob("*/cdk.tf.json")):
        data = normalize(json.loads(path.read_text()))
        data["terraform"].pop("backend", None)
        stacks[path.parent.name] = data
    return stacks


def synth_matrix() -> dict[str, dict[str, dict[str, Any]]]:
    """The seed's stack (one cluster) on each lane, each way, runs alternated (the order of
    lanes and kinds reversed every other run): lane -> kind -> wall and peak medians, spread."""
    runs: dict[str, dict[str, list[tuple[float, float]]]] = {
        lane: {kind: [] for kind in KINDS} for lane in LANES
    }
    outputs: dict[tuple[str, str], Path] = {}
    pairs = [(lane, kind) for lane in LANES for kind in KINDS]
    for run in range(RUNS):
        for lane, kind in pairs if run % 2 == 0 else list(reversed(pairs)):
            wall, peak, outputs[lane, kind] = measure(kind, 1, lane)
            runs[lane][kind].append((wall, peak))
    for lane in LANES:
        first, *others = (_normalized_stacks(outputs[lane, kind]) for kind in KINDS)
        assert all(other == first for other in others), f"{lane}: the apps wrote different JSON"
    return {
        lane: {
            kind: {
                "wall": statistics.median(w for w, _ in measured),
                "peak": statistics.median(p for _, p in measured),
                "walls": sorted(round(w, 2) for w, _ in measured),
                "bindings": _bindings(lane),
            }
            for kind, measured in kinds.items()
        }
        for lane, kinds in runs.items()
    }


def _bindings(lane: str) -> str:
    """``cdktn 0.24.0, cdktn-provider-aws 25.8.1``: what the lane has installed."""
    code = (
        "from importlib import metadata; from eks_addons.cdk import NAME, PROVIDER_BINDINGS; "
        "print(f'{NAME} {metadata.version(NAME)}, {PROVIDER_BINDINGS}')"
    )
    env = dict(os.environ, EKS_ADDONS_CDK=lane)
    result = subprocess.run(
        [str(LANES[lane]), "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def cli_start() -> dict[str, dict[str, float]]:
    """``eks-addons --help`` and ``eks-addons versions``, whole process: medians and
    the slowest of :data:`HELP_RUNS` alternated runs."""
    commands = {
        "eks-addons --help": ["--help"],
        "eks-addons versions --kubernetes 1.33": ["versions", "--kubernetes", "1.33"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(HELP_RUNS):
        for name, arguments in commands.items() if run % 2 == 0 else reversed(commands.items()):
            start = time.perf_counter()
            subprocess.run(
                [str(LANES["cdktf"].parent / "eks-addons"), *arguments],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                check=True,
            )
            walls[name].append(time.perf_counter() - start)
    return {
        name: {"wall": statistics.median(values), "max": max(values)}
        for name, values in walls.items()
    }


def synth_lines(matrix: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    rows = []
    for lane, kinds in matrix.items():
        for kind, result in kinds.items():
            rows.append(
                f"| {lane} | {KINDS[kind]} | {result['wall']:.2f} | "
                f"{result['walls'][0]:.2f}-{result['walls'][-1]:.2f} | {result['peak']:.0f} |"
            )
    ratios = []
    for lane, kinds in matrix.items():
        fast, slow, raw = kinds["library"], kinds["library-bindings"], kinds["raw"]
        ratios.append(
            f"- {lane} ({fast['bindings']}): without bindings "
            f"**{slow['wall'] / fast['wall']:.1f}x** faster and "
            f"**{fast['peak'] / slow['peak']:.2f}** of the memory; with the bindings loaded "
            f"anyway, eks-addons / raw `EksAddon` {slow['wall'] / raw['wall']:.2f}."
        )
    return [
        "## The seed's stack, with and without the provider bindings",
        "",
        "The sample app's add-on stack (`ExistingClusterAddons`: VPC CNI, CoreDNS and "
        "kube-proxy on a cluster looked up by name, version selection, schema checks), one "
        "cluster, one process per synth, in each lane's virtualenv: on the fast path "
        "(`eks_addons.AwsProvider` and `ExistingCluster`, no bindings imported), with the "
        "bindings' `AwsProvider` and `DataAwsEksCluster` (as in an app that also creates "
        "clusters), and written by hand with the bindings' `EksAddon`. All three write the same "
        f"Terraform JSON (checked). Medians of {RUNS} alternated runs; the range is the fastest "
        "and slowest run.",
        "",
        "| lane | app | synth wall (s) | range (s) | peak memory (MiB) |",
        "|---|---|---|---|---|",
        *rows,
        "",
        *ratios,
        "",
    ]


def cli_lines(start: dict[str, dict[str, float]]) -> list[str]:
    return [
        "## The CLI's start",
        "",
        f"Whole process, medians of {HELP_RUNS} alternated runs (slowest in brackets): the CLI "
        "loads the catalog and jsonschema only for the commands that need them.",
        "",
        "| command | wall (s) |",
        "|---|---|",
        *(f"| `{name}` | {r['wall']:.3f} ({r['max']:.3f}) |" for name, r in start.items()),
        "",
    ]


def fleet() -> list[dict[str, float]]:
    """Synth time and memory of 1 to 100 clusters, three add-ons each, in one app."""
    rows = []
    for clusters in FLEET:
        runs = [measure("library", clusters)[:2] for _ in range(FLEET_RUNS)]
        rows.append(
            {
                "clusters": clusters,
                "wall": statistics.median(w for w, _ in runs),
                "peak": statistics.median(p for _, p in runs),
            }
        )
    return rows


def _fields(config: object) -> dict[str, Any]:
    """A builder's set fields, to build it anew (the cost measured includes the build)."""
    return {
        name: value
        for name in getattr(config, "__dataclass_fields__", {})
        if (value := getattr(config, name)) is not None
    }


def pure_checks() -> dict[str, float]:
    """Microseconds to build a configuration and run every check, per add-on (no jsii)."""
    seed_vpc_cni = VpcCniConfig(
        **{
            f: getattr(SEED_VPC_CNI, f)
            for f in (
                "enable_pod_eni",
                "enable_prefix_delegation",
                "warm_prefix_target",
                "init_disable_tcp_early_demux",
            )
        }
    )
    seed_coredns = CoreDnsConfig(
        compute_type=SEED_COREDNS.compute_type, resources=SEED_COREDNS.resources
    )
    cases: dict[str, Callable[[], object]] = {
        "vpc-cni": lambda: plan_addon(
            VPC_CNI_SPEC,
            AddonRequest(
                configuration=VpcCniConfig(**_fields(seed_vpc_cni)),
                cluster_name="demo",
                kubernetes_version="1.33",
            ),
        ),
        "coredns": lambda: plan_addon(
            COREDNS_SPEC,
            AddonRequest(
                configuration=CoreDnsConfig(**_fields(seed_coredns)),
                cluster_name="demo",
                kubernetes_version="1.33",
            ),
        ),
        "kube-proxy": lambda: plan_addon(
            KUBE_PROXY_SPEC,
            AddonRequest(
                configuration=KubeProxyConfig(mode="ipvs", ipvs_scheduler="rr"),
                cluster_name="demo",
                kubernetes_version="1.33",
            ),
        ),
    }
    results = {}
    for addon, case in cases.items():
        case()  # load the catalog and build the validator once
        number = 500
        times = timeit.repeat(case, number=number, repeat=5)
        results[addon] = statistics.median(times) / number * 1e6
    return results


def plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib  # noqa: PLC0415 - only the plot needs it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, time_axis = plt.subplots(figsize=(6, 3.6), dpi=120)
    clusters = [row["clusters"] for row in rows]
    time_axis.plot(clusters, [row["wall"] for row in rows], "o-", label="synth wall time (s)")
    time_axis.set_xlabel("clusters (the sample's add-on stack, one per cluster)")
    time_axis.set_ylabel("seconds")
    memory_axis = time_axis.twinx()
    memory_axis.plot(
        clusters, [row["peak"] for row in rows], "s--", color="tab:orange", label="peak RSS (MiB)"
    )
    memory_axis.set_ylabel("MiB")
    time_axis.set_ylim(bottom=0)
    memory_axis.set_ylim(bottom=0)
    figure.legend(loc="upper left", bbox_to_anchor=(0.12, 0.88))
    time_axis.set_title("eks-addons: synth cost by fleet size (medians)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    node = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("cdktf", "cdktf-cdktf-provider-aws", "jsii", "jsonschema")
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} GiB; Python {platform.python_version()}, "
        f"Node {node}; {versions}"
    )


def in_process_lines(results: dict[str, Any]) -> list[str]:
    rows = []
    for clusters, kinds in results.items():
        library, raw = kinds["library"], kinds["raw"]
        rows.append(
            f"| {clusters} | {library['total_ms']:.0f} / {raw['total_ms']:.0f} | "
            f"{library['total_ms'] / raw['total_ms']:.2f} | {library['construct_ms']:.0f} / "
            f"{raw['construct_ms']:.0f} | {library['jsii_calls_per_addon']:.1f} / "
            f"{raw['jsii_calls_per_addon']:.1f} |"
        )
    return [
        "## In process, after the provider import",
        "",
        "What whole-process synth hides behind the 10-15 s provider import: one process imports "
        "cdktf and the provider once, then builds and synthesizes the app (VPC CNI, CoreDNS and "
        "kube-proxy per cluster) again and again, library and raw alternated (ABBA), medians of "
        "30, 12 and 6 runs for 1, 10 and 100 clusters (`benchmarks/inprocess.py`). jsii "
        "calls: calls into the kernel while the constructs are built, per add-on.",
        "",
        "| clusters | synth, library / raw (ms) | ratio | constructs built, library / raw (ms) | "
        "jsii calls per add-on, library / raw |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "",
    ]


def report(
    matrix: dict[str, dict[str, dict[str, Any]]],
    start: dict[str, dict[str, float]],
    rows: list[dict[str, float]],
    pure: dict[str, float],
    inproc: dict[str, Any],
) -> str:
    extra = rows[-1]["wall"] - rows[0]["wall"]
    per_cluster = extra / (rows[-1]["clusters"] - rows[0]["clusters"]) * 1000
    worst = max(pure.values()) / 1000
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.date.today().isoformat()} by `make bench` (`benchmarks/bench.py`) on "
        f"{machine()}.",
        "",
        "Each synth is one process, as `cdktf synth` runs the app; wall time and the peak "
        "resident memory of the whole process tree (Python and the Node jsii child) are "
        "measured from outside.",
        "",
        *synth_lines(matrix),
        *cli_lines(start),
        "## Fleet scaling",
        "",
        "| clusters | synth wall (s) | peak memory (MiB) |",
        "|---|---|---|",
        *(f"| {r['clusters']} | {r['wall']:.2f} | {r['peak']:.0f} |" for r in rows),
        "",
        f"{rows[-1]['clusters']} clusters add **{extra:.2f} s** over {rows[0]['clusters']}: "
        f"{per_cluster:.1f} ms per cluster.",
        "",
        "![fleet scaling](img/fleet-scaling.png)",
        "",
        *in_process_lines(inproc),
        "## Config build and checks (pure Python, no jsii)",
        "",
        "Building the builder and running every check (provider rules, version selection, "
        "AWS's schema, rules), per add-on:",
        "",
        "| add-on | microseconds |",
        "|---|---|",
        *(f"| {addon} | {value:.0f} |" for addon, value in pure.items()),
        "",
        f"Slowest: {worst:.3f} ms.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    try:
        run_all()
    finally:
        shutil.rmtree(OUTPUTS, ignore_errors=True)


def run_all() -> None:
    started = time.perf_counter()
    matrix = synth_matrix()
    start = cli_start()
    rows = fleet()
    pure = pure_checks()
    inproc = in_process()
    plot(rows, ROOT / "docs" / "img" / "fleet-scaling.png")
    text = report(matrix, start, rows, pure, inproc)
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    print(text)
    print(f"benchmarks took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
