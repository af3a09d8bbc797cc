"""``eks-addons``: the catalog and the checks from the command line (pure Python, no jsii).

- ``eks-addons versions --kubernetes 1.33``: default and latest version of each add-on;
- ``eks-addons schema vpc-cni [--version V]``: the options a version's configuration takes;
- ``eks-addons validate PATH...``: every ``aws_eks_addon`` in Terraform JSON, plans and
  state, given the checks the constructs run;
- ``eks-addons upgrade --from 1.29 --to 1.33 [PATH...]``: plan a Kubernetes upgrade for the
  add-ons found (or named with ``--addon``), one minor at a time, as EKS upgrades;
- ``eks-addons lock [PATH...] [--check]``: freeze the add-on versions a synth resolved in
  ``eks-addons.lock.json``, which the constructs read;
- ``eks-addons catalog [--max-age DAYS]``: which catalog is in use, and how old its data is;
- ``eks-addons refresh``: rebuild the catalog from saved AWS CLI output.

Exit codes, for every command: 0 clean, 1 problems found, 2 unusable input (one line says
why), 3 an internal error of eks-addons (a bug: the line says how to report it), 141 the
output's pipe closed before the end (``| head``).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

CLEAN, PROBLEMS, UNUSABLE, INTERNAL = 0, 1, 2, 3
CLOSED_PIPE = 141
"""The exit code when the output's pipe closes early (``| head``): 128 + SIGPIPE, as a shell
reports a process SIGPIPE ended."""
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EPIPE}
_MAX_BYTES = "EKS_ADDONS_MAX_INPUT_BYTES"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush has nothing to say."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (captured by a test)
        pass


def _positive(text: str) -> int:
    """A positive number of bytes, for ``--max-input-bytes``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of bytes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of bytes")
    return value


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib import metadata  # noqa: PLC0415 (costs 0.1 s: only for --version)

        print(f"{parser.prog} {metadata.version('eks-addons')}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The command line of ``eks-addons``."""
    root = argparse.ArgumentParser(
        prog="eks-addons", description=__doc__.splitlines()[0].replace("``", "")
    )
    root.add_argument("--version", action=_Version, help="show the version and exit")
    root.add_argument(
        "--max-input-bytes",
        type=_positive,
        metavar="N",
        help="the most one input file or value may hold (default 64 MiB; also "
        "EKS_ADDONS_MAX_INPUT_BYTES)",
    )
    commands = root.add_subparsers(dest="command", required=True)

    versions = commands.add_parser("versions", help="default and latest add-on versions")
    versions.add_argument("--kubernetes", required=True, help="Kubernetes version, e.g. 1.33")
    versions.add_argument("--addon", action="append", help="an add-on (repeat for more)")
    versions.add_argument("--all", action="store_true", help="list every compatible version")
    versions.add_argument(
        "--all-addons",
        action="store_true",
        help="every add-on the catalog lists, with its owner and type (default: the add-ons "
        "with a construct of their own)",
    )
    versions.set_defaults(run="run_versions")

    schema = commands.add_parser("schema", help="the options an add-on version accepts")
    schema.add_argument("addon", help="the add-on, e.g. vpc-cni")
    schema.add_argument("--version", help="add-on version (default: the newest known)")
    schema.set_defaults(run="run_schema")

    validate = commands.add_parser(
        "validate", help="check aws_eks_addon resources in Terraform JSON, plans and state"
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="path",
        help="cdk.tf.json, *.tf.json, a plan or state JSON, or a directory",
    )
    validate.add_argument(
        "--kubernetes", help="the cluster's Kubernetes version, if not in the file"
    )
    validate.add_argument(
        "--acknowledge",
        action="append",
        metavar="CODE",
        help="a warning code reviewed (the constructs' acknowledge=); repeat for more",
    )
    validate.set_defaults(run="run_validate")

    upgrade = commands.add_parser(
        "upgrade", help="plan a Kubernetes upgrade for the add-ons, one minor at a time"
    )
    upgrade.add_argument(
        "paths", nargs="*", help="cdk.tf.json, *.tf.json, a plan or state JSON, or a directory"
    )
    upgrade.add_argument(
        "--from", dest="from_kubernetes", required=True, help="the cluster's version now"
    )
    upgrade.add_argument("--to", required=True, help="the Kubernetes version to reach")
    upgrade.add_argument("--addon", help="plan one add-on instead")
    upgrade.add_argument(
        "--version", dest="addon_version", help="with --addon: its version now (default: AWS's)"
    )
    upgrade.add_argument("--configuration", help="with --addon: its configuration, as JSON")
    upgrade.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="the plan as a table (default) or as JSON for machines",
    )
    upgrade.set_defaults(run="run_upgrade")

    lock = commands.add_parser(
        "lock", help="freeze the add-on versions a synth resolved (eks-addons.lock.json)"
    )
    lock.add_argument(
        "paths",
        nargs="*",
        default=["cdktf.out"],
        help="the synth's output: cdktf.out (the default), a stack's cdk.tf.json, a directory",
    )
    lock.add_argument(
        "--lock-file",
        default=None,
        metavar="FILE",
        help="the lock file to write (default: $EKS_ADDONS_LOCK, else ./eks-addons.lock.json)",
    )
    lock.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the lock file and the synth differ (for CI)",
    )
    lock.set_defaults(run="run_lock")

    status = commands.add_parser("catalog", help="the catalog in use and the age of its data")
    status.add_argument(
        "--max-age",
        type=int,
        metavar="DAYS",
        help="exit 1 when the data is older than DAYS days (for CI)",
    )
    status.set_defaults(run="run_catalog_status")

    refresh_command = commands.add_parser("refresh", help="rebuild the catalog from AWS CLI output")
    refresh_command.add_argument(
        "--versions",
        nargs="+",
        help="describe-addon-versions output (every page of a paginated answer)",
    )
    refresh_command.add_argument(
        "--configurations",
        nargs="+",
        help="describe-addon-configuration outputs (files or directories)",
    )
    refresh_command.add_argument(
        "--from-aws",
        action="store_true",
        help="read AWS itself, for the account, region and partition of your credentials "
        "(needs pip install 'eks-addons[aws]')",
    )
    refresh_command.add_argument("--out", required=True, help="directory for the catalog")
    refresh_command.add_argument(
        "--addon", action="append", help="refresh this add-on only (repeat for more)"
    )
    refresh_command.add_argument(
        "--min-kubernetes", default="1.20", help="the oldest Kubernetes version to keep"
    )
    refresh_command.add_argument(
        "--taken", help="the day the output was taken, YYYY-MM-DD (default: the files' date)"
    )
    refresh_command.add_argument(
        "--region", help="the AWS region to read (--from-aws), or the output was taken in"
    )
    refresh_command.add_argument(
        "--source",
        default="aws eks describe-addon-versions / describe-addon-configuration",
        help="how the output was taken, recorded in the catalog",
    )
    refresh_command.set_defaults(run="run_refresh")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eks-addons``; returns the exit code: 0 clean, 1 problems found, 2 unusable input,
    3 an internal error."""
    user_errors: tuple[type[Exception], ...] = ()
    cap = os.environ.get(_MAX_BYTES)
    try:
        args = parser().parse_args(argv)
        if args.max_input_bytes is not None:
            os.environ[_MAX_BYTES] = str(args.max_input_bytes)
        commands = importlib.import_module("eks_addons.commands")
        user_errors = commands.USER_ERRORS
        code: int = getattr(commands, args.run)(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except user_errors as error:
        print(f"eks-addons: {error}", file=sys.stderr)
        return UNUSABLE
    except BrokenPipeError:  # output piped into `head` and the like: ended as by SIGPIPE
        _silence_stdout()
        return CLOSED_PIPE
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS:
            print(f"eks-addons: {error.strerror or error}", file=sys.stderr)
            return UNUSABLE
        _silence_stdout()  # the output itself cannot be written (a full disk, ...)
        print(f"eks-addons: cannot write the output ({error.strerror or error})", file=sys.stderr)
        return UNUSABLE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line, and a distinct exit code
        print(
            f"eks-addons: internal error ({type(error).__name__}: {error}); this is a bug of "
            "eks-addons: please report it with `eks-addons --version` and the command",
            file=sys.stderr,
        )
        return INTERNAL
    finally:
        if cap is None:
            os.environ.pop(_MAX_BYTES, None)
        else:
            os.environ[_MAX_BYTES] = cap
    return code


if __name__ == "__main__":
    sys.exit(main())
