"""Rules the AWS provider (hashicorp/aws 5.100.0) and the EKS API (botocore's service model)
apply to ``aws_eks_addon`` arguments.

Checked at construction so a mistake fails at synth with every problem listed, instead of
at ``terraform validate`` or ``apply``. Pure Python: values that are unresolved cdktf
tokens are skipped by the caller's ``is_unresolved`` predicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

from eks_addons.errors import Findings, Problem, ProblemCode


class ResolveConflicts(StrEnum):
    """What EKS does with fields of the add-on's Kubernetes objects changed outside EKS."""

    NONE = "NONE"
    """Keep the changed values; the create or update fails if they conflict."""
    OVERWRITE = "OVERWRITE"
    """Overwrite the changed values with EKS's."""
    PRESERVE = "PRESERVE"
    """Keep the changed values (``resolve_conflicts_on_update`` only)."""


ON_CREATE = (ResolveConflicts.NONE, ResolveConflicts.OVERWRITE)
ON_UPDATE = tuple(ResolveConflicts)

# The provider's own patterns (validated by `terraform validate` against 5.100.0).
_CLUSTER_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,99}")
_NUMBER = r"(?:0|[1-9][0-9]*)"
_IDENTIFIER = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_SEMVER = re.compile(
    # semver.org's form with a leading 'v' (the provider's addon_version validator)
    rf"v{_NUMBER}\.{_NUMBER}\.{_NUMBER}(?:-{_IDENTIFIER}(?:\.{_IDENTIFIER})*)?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?",
    re.ASCII,
)
PROVIDER = "https://github.com/hashicorp/terraform-provider-aws/blob/v5.100.0/internal/service/eks/addon.go"
VALID_ARN = (
    "https://github.com/hashicorp/terraform-provider-aws/blob/v5.100.0/internal/verify/validate.go"
)
EKS_MODEL = (
    "https://github.com/boto/botocore/blob/1.40.14/botocore/data/eks/2017-11-01/service-2.json"
)
DURATION = "https://pkg.go.dev/time#ParseDuration"
_PARTITION = re.compile(r"aws(-[a-z]+)*", re.ASCII)
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}", re.ASCII)
_ACCOUNT = re.compile(r"aws|aws-managed|third-party|aws-marketplace|[0-9]{12}|cw.{10}", re.ASCII)
_DURATION = re.compile(r"[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+")
MAX_TAGS, MAX_TAG_KEY, MAX_TAG_VALUE, MAX_ROLE_ARN = 50, 128, 256, 255


def arn_problem(value: str) -> str | None:
    """Why the provider's ``verify.ValidARN`` refuses ``value`` (``None``: it takes it)."""
    if not value:
        return None
    parts = value.split(":", 5)
    if parts[0] != "arn":
        return "does not start with 'arn:'"
    if len(parts) < 6:
        return "has fewer than the 6 sections arn:partition:service:region:account:resource"
    _, partition, _, region, account, resource = parts
    if not _PARTITION.fullmatch(partition):
        return f"has no valid partition ({partition!r})"
    if region and not _REGION.fullmatch(region):
        return f"has an invalid region ({region!r})"
    if account and not _ACCOUNT.fullmatch(account):
        return f"has an invalid account id ({account!r})"
    if not resource:
        return "has no resource part"
    return None


def duration_problem(value: str) -> str | None:
    """Why Go's ``time.ParseDuration`` (the provider's timeouts) refuses ``value``."""
    if value in ("0", "+0", "-0") or _DURATION.fullmatch(value):
        return None
    if re.fullmatch(r"[-+]?[0-9.]+", value):
        return "has no unit"
    return "is not a duration"


def check_arguments(
    *,
    addon_name: object,
    cluster_name: object,
    addon_version: object | None,
    resolve_conflicts_on_create: object | None,
    resolve_conflicts_on_update: object | None,
    is_unresolved: Callable[[object], bool],
    findings: Findings,
    preserve: object = None,
    tags: object = None,
    timeouts: object = None,
    region: object = None,
    service_account_role_arn: object = None,
    pod_identity_association: object = None,
    terraform_json: bool = False,
) -> None:
    """Add every problem with the arguments the provider validates itself, and with their
    types (what the provider bindings would refuse with a type error; in Terraform JSON
    (``terraform_json``), what Terraform cannot convert)."""

    def known(value: object) -> bool:
        return value is not None and not is_unresolved(value)

    _check_types(
        findings,
        known,
        terraform_json=terraform_json,
        preserve=preserve,
        tags=tags,
        timeouts=timeouts,
        region=region,
        service_account_role_arn=service_account_role_arn,
        pod_identity_association=pod_identity_association,
    )

    if known(addon_name) and not (isinstance(addon_name, str) and addon_name):
        findings.error(
            ProblemCode.INVALID_ARGUMENT, "addon_name", "must be a non-empty str", addon_name
        )
    if known(cluster_name) and not (
        isinstance(cluster_name, str) and _CLUSTER_NAME.fullmatch(cluster_name)
    ):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "cluster_name",
            "is not a valid EKS cluster name",
            cluster_name,
            "1-100 letters, digits, '-' and '_', starting with a letter or digit",
        )
    if known(addon_version) and not is_version(addon_version):
        findings.error(
            ProblemCode.INVALID_ARGUMENT,
            "addon_version",
            "must be a semantic version starting with 'v'",
            addon_version,
            "e.g. 'v1.19.0-eksbuild.1'",
        )
    for name, value, allowed in (
        ("resolve_conflicts_on_create", resolve_conflicts_on_create, ON_CREATE),
        ("resolve_conflicts_on_update", resolve_conflicts_on_update, ON_UPDATE),
    ):
        if known(value) and value not in {member.value for member in allowed}:
            findings.error(
                ProblemCode.INVALID_ARGUMENT,
                name,
                "is not allowed here",
                value.value if isinstance(value, StrEnum) else value,
                ", ".join(repr(member.value) for member in allowed),
            )


TIMEOUTS = ("create", "update", "delete")


_SCALARS = (str, int, float, bool)


def _check_types(
    findings: Findings, known: Callable[[object], bool], *, terraform_json: bool, **given: object
) -> None:
    """Python types the provider's arguments take (a token stands for any value)."""
    preserve = given["preserve"]
    converts = terraform_json and preserve in ("true", "false")  # Terraform converts these
    if known(preserve) and not isinstance(preserve, bool) and not converts:
        findings.error(
            ProblemCode.INVALID_TYPE, "preserve", "must be a bool", preserve, "True or False"
        )
    for name in ("region", "service_account_role_arn"):
        value = given[name]
        if known(value) and not isinstance(value, str):
            findings.error(ProblemCode.INVALID_TYPE, name, "must be a str", type(value).__name__)
    _check_role_arn(
        findings, known, "service_account_role_arn", given["service_account_role_arn"], MAX_ROLE_ARN
    )
    if known(given["tags"]):
        _check_tags(findings, known, given["tags"], _SCALARS if terraform_json else (str,))
    if known(given["timeouts"]):
        _check_timeouts(findings, known, given["timeouts"])
    associations = given["pod_identity_association"]
    if known(associations) and (
        isinstance(associations, str | bytes | Mapping) or not isinstance(associations, Sequence)
    ):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "pod_identity_association",
            "must be a list of EksAddonPodIdentityAssociation",
            type(associations).__name__,
        )
    elif known(associations):
        listed: Sequence[object] = associations  # type: ignore[assignment]
        for index, association in enumerate(listed):
            role = (
                association.get("role_arn")
                if isinstance(association, Mapping)
                else getattr(association, "role_arn", None)
            )
            # a plain String in the EKS model (serviceAccountRoleArn is a RoleArn, 1-255)
            _check_role_arn(findings, known, f"pod_identity_association.{index}.role_arn", role)


def _check_role_arn(
    findings: Findings,
    known: Callable[[object], bool],
    path: str,
    value: object,
    longest: int | None = None,
) -> None:
    """A role ARN as the provider (``verify.ValidARN``) and the EKS API (``longest``) take it."""
    if not (known(value) and isinstance(value, str)):
        return
    problem = arn_problem(value)
    if problem is None and longest is not None and len(value) > longest:
        problem = f"is longer than the EKS API's {longest} characters"
    if problem is not None:
        findings.problems.append(
            Problem(
                ProblemCode.INVALID_ARGUMENT,
                path,
                f"{problem}: not an IAM role ARN the provider takes",
                value,
                "arn:<partition>:iam::<12-digit account>:role/<name>",
                source=VALID_ARN,
            )
        )


def _check_tags(
    findings: Findings,
    known: Callable[[object], bool],
    tags: object,
    values: tuple[type, ...],
) -> None:
    if not isinstance(tags, Mapping):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "tags",
            "must be a mapping of str to str",
            type(tags).__name__,
            '{"team": "platform"}',
        )
        return
    for key, value in tags.items():
        if not (isinstance(key, str) and (isinstance(value, values) or not known(value))):
            findings.error(
                ProblemCode.INVALID_TYPE,
                f"tags.{key}",
                "must map a str to a str",
                value,
                "a string value",
            )
            continue
        if not known(key):
            continue
        problem = (
            "must not be empty"
            if not key
            else f"is longer than {MAX_TAG_KEY} characters"
            if len(key) > MAX_TAG_KEY
            else "starts with 'aws:', which AWS reserves"
            if key.lower().startswith("aws:")
            else f"has a value longer than {MAX_TAG_VALUE} characters"
            if isinstance(value, str) and known(value) and len(value) > MAX_TAG_VALUE
            else None
        )
        if problem is not None:
            findings.problems.append(
                Problem(
                    ProblemCode.INVALID_ARGUMENT,
                    f"tags.{key}",
                    f"{problem}: the EKS API refuses the tag",
                    _cut(key if "value" not in problem else value),
                    f"keys of 1-{MAX_TAG_KEY} characters not starting with 'aws:', values of at "
                    f"most {MAX_TAG_VALUE}",
                    source=EKS_MODEL,
                )
            )
    if len(tags) > MAX_TAGS:
        findings.problems.append(
            Problem(
                ProblemCode.INVALID_ARGUMENT,
                "tags",
                f"holds {len(tags)} tags: the EKS API takes at most {MAX_TAGS}",
                f"<{len(tags)} tags>",
                f"at most {MAX_TAGS} tags",
                source=EKS_MODEL,
            )
        )


def _cut(value: object, limit: int = 80) -> object:
    """``value`` as echoed in a message: a long string cut, with its length."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]}... ({len(value)} characters)"
    return value


def timeout_fields(timeouts: object) -> Mapping[str, object] | None:
    """The fields of ``EksAddonTimeouts`` (or of a mapping); ``None``: neither."""
    if isinstance(timeouts, Mapping):
        return timeouts
    if all(hasattr(timeouts, name) for name in TIMEOUTS):
        found = {name: getattr(timeouts, name) for name in TIMEOUTS}
        return {name: value for name, value in found.items() if value is not None}
    return None


def _check_timeouts(findings: Findings, known: Callable[[object], bool], timeouts: object) -> None:
    fields = timeout_fields(timeouts)
    if fields is None or set(fields) - set(TIMEOUTS):
        findings.error(
            ProblemCode.INVALID_TYPE,
            "timeouts",
            "must be EksAddonTimeouts, or a mapping of create, update, delete",
            type(timeouts).__name__ if fields is None else sorted(fields),
            "EksAddonTimeouts(create='30m')",
        )
        return
    for name, value in fields.items():
        if value is not None and known(value) and not isinstance(value, str):
            findings.error(
                ProblemCode.INVALID_TYPE,
                f"timeouts.{name}",
                "must be a duration string",
                value,
                "e.g. '30m'",
            )
        elif isinstance(value, str) and known(value):
            problem = duration_problem(value)
            if problem is not None:
                findings.problems.append(
                    Problem(
                        ProblemCode.INVALID_ARGUMENT,
                        f"timeouts.{name}",
                        f"{problem}: the provider fails terraform plan on it",
                        _cut(value),
                        "numbers with units ns, us, ms, s, m, h (e.g. '30m', '1h30m'); no 'd'",
                        source=DURATION,
                    )
                )


def is_version(value: object) -> bool:
    """Whether ``value`` is a version the provider takes for ``addon_version``."""
    return isinstance(value, str) and _SEMVER.fullmatch(value) is not None


TERRAFORM_NAMES = "https://github.com/hashicorp/terraform/blob/v1.11.0/internal/configs/resource.go"
TERRAFORM_MOVED = "https://developer.hashicorp.com/terraform/language/moved"
_KEY = r'(?:\[(?:[0-9]+|"[^"\\]*")\])?'
_NAME = r"[^\W\d][\w-]*"  # HCL's identifier: a letter or '_', then letters, digits, '_', '-'
_ADDRESS = re.compile(rf"(?:module\.{_NAME}{_KEY}\.)*(?P<type>{_NAME})\.{_NAME}{_KEY}")


def is_terraform_name(name: str) -> bool:
    """Terraform's rule for a resource name (HCL's ``ValidIdentifier``): a letter or ``_``,
    then letters, digits, ``_`` and ``-``."""
    return bool(name) and not name.startswith("-") and name.replace("-", "_").isidentifier()


def check_addressing(
    *, logical_id: object, moved_from: object, adopt: object, findings: Findings
) -> None:
    """The add-on's place in Terraform: the resource name chosen (``logical_id``), the
    address it moves from (``moved_from``), and ``adopt`` (import the live add-on)."""
    if logical_id is not None and not (
        isinstance(logical_id, str) and is_terraform_name(logical_id)
    ):
        findings.problems.append(
            Problem(
                ProblemCode.INVALID_ARGUMENT,
                "logical_id",
                "is not a Terraform resource name",
                logical_id,
                "a letter or '_', then letters, digits, '_' and '-'",
                source=TERRAFORM_NAMES,
            )
        )
    found = _ADDRESS.fullmatch(moved_from) if isinstance(moved_from, str) else None
    if moved_from is not None and found is None:
        findings.problems.append(
            Problem(
                ProblemCode.INVALID_ARGUMENT,
                "moved_from",
                "is not a resource address",
                moved_from,
                "e.g. 'aws_eks_addon.vpc_cni' or 'module.eks.aws_eks_addon.this[\"vpc-cni\"]'",
                source=TERRAFORM_MOVED,
            )
        )
    elif found is not None and found["type"] != "aws_eks_addon":
        findings.problems.append(
            Problem(
                ProblemCode.INVALID_ARGUMENT,
                "moved_from",
                "is not an aws_eks_addon: Terraform moves an object only between addresses of "
                "one resource type",
                moved_from,
                "an aws_eks_addon address",
                source=TERRAFORM_MOVED,
            )
        )
    if not isinstance(adopt, bool):
        findings.error(ProblemCode.INVALID_TYPE, "adopt", "must be a bool", adopt, "True or False")
