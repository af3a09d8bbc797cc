"""What Kubernetes' own validation refuses in the shapes add-ons expose (pure Python).

An add-on's configuration often carries parts of a pod spec: ``resources``, ``tolerations``,
``nodeSelector``, ``affinity``, ``topologySpreadConstraints``, a ``podDisruptionBudget``,
replica counts, a ``priorityClassName``, labels and annotations. AWS's schemas check their
types only; the API server checks the rest, after apply, and the add-on goes DEGRADED. These
checks follow Kubernetes' own rules, each linked to its source at a released tag
(apimachinery v0.33.0, kubernetes v1.33.3), and apply wherever such a shape appears in any
add-on's configuration: a key of that name holding a value of that type, at any depth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eks_addons.errors import Findings, Problem, ProblemCode
from eks_addons.k8s import (
    APIMACHINERY,
    LABEL_VALUE,
    NAMES,
    QUALIFIED_NAME,
    QUANTITY,
    QUANTITY_FORM,
    is_dns_label,
    is_dns_subdomain,
    is_label_value,
    parse_quantity,
    qualified_name_errors,
    size,
)

_PERCENT = re.compile(r"[0-9]+%", re.ASCII)
INT32_MAX = 2**31 - 1
ANNOTATIONS_MAX_BYTES = 256 * 1024

_KV = "https://github.com/kubernetes/kubernetes/blob/v1.33.3/pkg/apis/core/validation/validation.go"
_KH = "https://github.com/kubernetes/kubernetes/blob/v1.33.3/pkg/apis/core/helper/helpers.go"
_KP = (
    "https://github.com/kubernetes/kubernetes/blob/v1.33.3/pkg/apis/policy/validation/validation.go"
)
SELECTOR = f"{APIMACHINERY}/pkg/apis/meta/v1/validation/validation.go"
ANNOTATIONS = f"{APIMACHINERY}/pkg/api/validation/objectmeta.go"
RESOURCES = f"{_KV}#L7124"
TOLERATIONS = f"{_KV}#L4020"
AFFINITY = f"{_KV}#L3921"
SPREAD = f"{_KV}#L8040"
PRIORITY = f"{_KV}#L313"
PDB = f"{_KP}#L50"
INT32 = "https://github.com/kubernetes/api/blob/v0.33.3/apps/v1/types.go#L381"

# the walk ---------------------------------------------------------------------------------


@dataclass
class _Check:
    findings: Findings

    def error(self, path: str, message: str, value: object, allowed: str, source: str) -> None:
        self.findings.problems.append(
            Problem(ProblemCode.KUBERNETES, path, message, value, allowed, source=source)
        )

    def qualified(self, path: str, name: object, source: str = NAMES) -> bool:
        if not isinstance(name, str):
            return False
        errors = qualified_name_errors(name)
        for message in errors[:1]:
            self.error(path, f"{message}, which Kubernetes refuses", name, QUALIFIED_NAME, source)
        return not errors

    def label_value(self, path: str, value: object, source: str = NAMES) -> None:
        if isinstance(value, str) and not is_label_value(value):
            self.error(path, "is not a label value Kubernetes takes", value, LABEL_VALUE, source)

    def labels(self, path: str, labels: Mapping[str, Any], source: str = SELECTOR) -> None:
        for key, value in labels.items():
            if self.qualified(f"{path}.{key}", key, source):
                self.label_value(f"{path}.{key}", value, source)


def _items(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _resources(check: _Check, path: str, resources: Mapping[str, Any]) -> None:
    parsed: dict[str, dict[str, Decimal]] = {}
    for part in ("limits", "requests"):
        given = resources.get(part)
        if not isinstance(given, Mapping):
            continue
        parsed[part] = {}
        for name, quantity in given.items():
            where = f"{path}.{part}.{name}"
            if not isinstance(name, str) or not check.qualified(where, name, RESOURCES):
                continue
            if "/" not in name and not (
                name in ("cpu", "memory", "ephemeral-storage") or name.startswith("hugepages-")
            ):
                check.error(
                    where,
                    "is not a resource a container can ask for",
                    name,
                    "cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed "
                    "extended resource",
                    RESOURCES,
                )
                continue
            if quantity is None:  # JSON null: an empty quantity, which Kubernetes takes
                continue
            number = parse_quantity(quantity)
            if number is None:
                check.error(
                    where,
                    "is not a quantity Kubernetes can read",
                    quantity,
                    QUANTITY_FORM,
                    QUANTITY,
                )
            elif number < 0:
                check.error(where, "must not be negative", quantity, ">= 0", RESOURCES)
            else:
                parsed[part][name] = number
    limits, requests = parsed.get("limits", {}), parsed.get("requests", {})
    for name, request in requests.items():
        limit = limits.get(name)
        # IsOvercommitAllowed: native (no domain, or a kubernetes.io one), not hugepages
        native = "/" not in name or "kubernetes.io/" in name
        overcommit = native and not name.startswith("hugepages-")
        given_limit = resources["limits"][name] if limit is not None else None
        if limit is not None and overcommit and request > limit:
            check.error(
                f"{path}.requests.{name}",
                f"is more than its limit ({given_limit!r}): Kubernetes refuses the pod",
                resources["requests"][name],
                f"at most the limit, {given_limit!r}",
                RESOURCES,
            )
        elif not overcommit and (limit is None or request != limit):
            check.error(
                f"{path}.requests.{name}",
                "must equal its limit (hugepages and extended resources cannot be overcommitted)",
                resources["requests"][name],
                "the same quantity in limits",
                RESOURCES,
            )


_OPERATORS = ("Equal", "Exists")
_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def _tolerations(check: _Check, path: str, tolerations: list[Any]) -> None:
    for index, toleration in _items(tolerations):
        where = f"{path}.{index}"
        key, operator = toleration.get("key", ""), toleration.get("operator", "")
        value, effect = toleration.get("value", ""), toleration.get("effect", "")
        if key:
            check.qualified(f"{where}.key", key, TOLERATIONS)
        elif operator != "Exists":
            check.error(
                f"{where}.operator",
                "must be Exists when the key is empty (a toleration of every taint)",
                operator or None,
                "'Exists'",
                TOLERATIONS,
            )
        if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
            check.error(
                f"{where}.effect",
                "must be NoExecute when tolerationSeconds is set",
                effect or None,
                "'NoExecute'",
                TOLERATIONS,
            )
        if operator in ("", "Equal"):
            check.label_value(f"{where}.value", value, TOLERATIONS)
        elif operator == "Exists":
            if value:
                check.error(
                    f"{where}.value",
                    "must be empty when the operator is Exists",
                    value,
                    "no value",
                    TOLERATIONS,
                )
        elif isinstance(operator, str):
            check.error(
                f"{where}.operator",
                "is not an operator Kubernetes knows",
                operator,
                "'Equal', 'Exists'",
                TOLERATIONS,
            )
        if effect and effect not in _EFFECTS:
            check.error(
                f"{where}.effect",
                "is not a taint effect",
                effect,
                "'NoSchedule', 'PreferNoSchedule', 'NoExecute' (empty: all)",
                TOLERATIONS,
            )


def _selector_requirements(
    check: _Check, path: str, expressions: object, source: str, *, node: bool
) -> None:
    operators = ("In", "NotIn", "Exists", "DoesNotExist", *(("Gt", "Lt") if node else ()))
    for index, requirement in _items(expressions):
        where = f"{path}.{index}"
        check.qualified(f"{where}.key", requirement.get("key"), source)
        operator, values = requirement.get("operator"), requirement.get("values") or []
        count = len(values) if isinstance(values, list) else 0
        if operator not in operators:
            check.error(
                f"{where}.operator",
                "is not a selector operator",
                operator,
                ", ".join(repr(op) for op in operators),
                source,
            )
        elif operator in ("In", "NotIn") and count == 0:
            check.error(
                f"{where}.values",
                "must have a value with In or NotIn",
                values,
                "one or more values",
                source,
            )
        elif operator in ("Exists", "DoesNotExist") and count:
            check.error(
                f"{where}.values",
                "must be empty with Exists or DoesNotExist",
                values,
                "no values",
                source,
            )
        elif operator in ("Gt", "Lt") and count != 1:
            check.error(
                f"{where}.values", "must hold one value with Gt or Lt", values, "one value", source
            )
        for number, item in enumerate(values if isinstance(values, list) else []):
            if operator in ("In", "NotIn"):
                check.label_value(f"{where}.values.{number}", item, source)


def _label_selector(check: _Check, path: str, selector: object) -> None:
    if not isinstance(selector, Mapping):
        return
    if isinstance(selector.get("matchLabels"), Mapping):
        check.labels(f"{path}.matchLabels", selector["matchLabels"], SELECTOR)
    _selector_requirements(
        check, f"{path}.matchExpressions", selector.get("matchExpressions"), SELECTOR, node=False
    )


def _weight(check: _Check, path: str, weight: object) -> None:
    number = _int(weight)
    if number is not None and not 1 <= number <= 100:
        check.error(path, "must be in the range 1-100", weight, "1 to 100", AFFINITY)


def _pod_affinity_term(check: _Check, path: str, term: Mapping[str, Any]) -> None:
    _label_selector(check, f"{path}.labelSelector", term.get("labelSelector"))
    _label_selector(check, f"{path}.namespaceSelector", term.get("namespaceSelector"))
    namespaces = term.get("namespaces")
    for index, namespace in enumerate(namespaces if isinstance(namespaces, list) else []):
        if isinstance(namespace, str) and not is_dns_label(namespace):
            check.error(
                f"{path}.namespaces.{index}",
                "is not a namespace name (a DNS label)",
                namespace,
                "lowercase alphanumerics and '-', at most 63",
                AFFINITY,
            )
    topology = term.get("topologyKey")
    if not topology:
        check.error(f"{path}.topologyKey", "is required", topology, "a node label key", AFFINITY)
    else:
        check.qualified(f"{path}.topologyKey", topology, AFFINITY)


def _affinity(check: _Check, path: str, affinity: Mapping[str, Any]) -> None:
    node = affinity.get("nodeAffinity")
    if isinstance(node, Mapping):
        required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        where = f"{path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        if isinstance(required, Mapping):
            terms = required.get("nodeSelectorTerms")
            if not terms:
                check.error(
                    f"{where}.nodeSelectorTerms",
                    "must have at least one term",
                    terms,
                    "one or more node selector terms",
                    AFFINITY,
                )
            for index, term in _items(terms):
                _selector_requirements(
                    check,
                    f"{where}.nodeSelectorTerms.{index}.matchExpressions",
                    term.get("matchExpressions"),
                    AFFINITY,
                    node=True,
                )
        preferred = node.get("preferredDuringSchedulingIgnoredDuringExecution")
        for index, term in _items(preferred):
            where = f"{path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.{index}"
            _weight(check, f"{where}.weight", term.get("weight"))
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = affinity.get(kind)
        if not isinstance(pod, Mapping):
            continue
        required_path = f"{path}.{kind}.requiredDuringSchedulingIgnoredDuringExecution"
        for index, term in _items(pod.get("requiredDuringSchedulingIgnoredDuringExecution")):
            _pod_affinity_term(check, f"{required_path}.{index}", term)
        preferred_path = f"{path}.{kind}.preferredDuringSchedulingIgnoredDuringExecution"
        for index, term in _items(pod.get("preferredDuringSchedulingIgnoredDuringExecution")):
            _weight(check, f"{preferred_path}.{index}.weight", term.get("weight"))
            inner = term.get("podAffinityTerm")
            if isinstance(inner, Mapping):
                _pod_affinity_term(check, f"{preferred_path}.{index}.podAffinityTerm", inner)


_UNSATISFIABLE = ("DoNotSchedule", "ScheduleAnyway")


def _spread(check: _Check, path: str, constraints: list[Any]) -> None:
    seen: set[tuple[object, object]] = set()
    for index, constraint in _items(constraints):
        where = f"{path}.{index}"
        skew = constraint.get("maxSkew")
        number = _int(skew)
        if skew is None or (number is not None and number <= 0):
            check.error(f"{where}.maxSkew", "must be greater than zero", skew, ">= 1", SPREAD)
        if not constraint.get("topologyKey"):
            check.error(
                f"{where}.topologyKey",
                "can not be empty",
                constraint.get("topologyKey"),
                "a node label key, e.g. 'topology.kubernetes.io/zone'",
                SPREAD,
            )
        action = constraint.get("whenUnsatisfiable")
        if action not in _UNSATISFIABLE:
            check.error(
                f"{where}.whenUnsatisfiable",
                "is not a value Kubernetes knows",
                action,
                "'DoNotSchedule', 'ScheduleAnyway'",
                SPREAD,
            )
        pair = (constraint.get("topologyKey"), action)
        known_pair = all(isinstance(part, str) for part in pair)
        if known_pair and pair in seen:
            check.error(
                where,
                "repeats the topologyKey and whenUnsatisfiable of an earlier constraint",
                {"topologyKey": pair[0], "whenUnsatisfiable": pair[1]},
                "one constraint per pair",
                SPREAD,
            )
        if known_pair:
            seen.add(pair)
        domains = constraint.get("minDomains")
        if domains is not None:
            if _int(domains) is not None and domains <= 0:
                check.error(
                    f"{where}.minDomains", "must be greater than zero", domains, ">= 1", SPREAD
                )
            elif action == "ScheduleAnyway":
                check.error(
                    f"{where}.minDomains",
                    "needs whenUnsatisfiable DoNotSchedule",
                    domains,
                    "no minDomains with ScheduleAnyway",
                    SPREAD,
                )
        for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            given = constraint.get(policy)
            if given is not None and given not in ("Honor", "Ignore"):
                check.error(
                    f"{where}.{policy}",
                    "is not a policy Kubernetes knows",
                    given,
                    "'Honor', 'Ignore'",
                    SPREAD,
                )
        _label_selector(check, f"{where}.labelSelector", constraint.get("labelSelector"))


def _budget(check: _Check, path: str, budget: Mapping[str, Any]) -> None:
    given = [key for key in ("minAvailable", "maxUnavailable") if budget.get(key) is not None]
    if len(given) == 2:
        check.error(
            f"{path}.minAvailable",
            "cannot be set with maxUnavailable: Kubernetes refuses such a PodDisruptionBudget",
            {k: budget[k] for k in given},
            "one of minAvailable, maxUnavailable",
            PDB,
        )
    for key in given:
        value = budget[key]
        if _int(value) is not None:
            if value < 0:
                check.error(
                    f"{path}.{key}", "must not be negative", value, ">= 0, or a percentage", PDB
                )
            elif value > INT32_MAX:
                check.error(f"{path}.{key}", "is beyond int32", value, f"at most {INT32_MAX}", PDB)
        elif isinstance(value, str):
            if not _PERCENT.fullmatch(value):
                check.error(
                    f"{path}.{key}",
                    "is not a whole number or a percentage",
                    value,
                    "an integer, or digits then '%' (e.g. '25%')",
                    PDB,
                )
            elif len(value) < 12 and int(value[:-1]) > 100:
                check.error(f"{path}.{key}", "is more than 100%", value, "0% to 100%", PDB)


def _replicas(check: _Check, path: str, value: object) -> None:
    number = _int(value)
    if number is None:
        return
    if number < 0:
        check.error(path, "must not be negative", value, f"0 to {INT32_MAX}", INT32)
    elif number > INT32_MAX:
        check.error(
            path, "is beyond int32: Kubernetes cannot read it", value, f"0 to {INT32_MAX}", INT32
        )


def _priority(check: _Check, path: str, value: object) -> None:
    if isinstance(value, str) and value and not is_dns_subdomain(value):
        check.error(
            path,
            "is not a priority class name (a DNS subdomain)",
            value,
            "lowercase alphanumerics, '-' and '.', at most 253",
            PRIORITY,
        )


def _annotations(check: _Check, path: str, annotations: Mapping[str, Any]) -> None:
    total = 0
    for key, value in annotations.items():
        if isinstance(key, str):
            check.qualified(f"{path}.{key}", key.lower(), ANNOTATIONS)
            total += size(key) + (size(value) if isinstance(value, str) else 0)
    if total > ANNOTATIONS_MAX_BYTES:
        check.error(
            path,
            f"holds {total} bytes of annotations",
            f"<{len(annotations)} annotations>",
            f"at most {ANNOTATIONS_MAX_BYTES} bytes in all",
            ANNOTATIONS,
        )


def _labels(check: _Check, path: str, labels: Mapping[str, Any]) -> None:
    check.labels(path, labels, SELECTOR)


@dataclass(frozen=True)
class Shape:
    """A shape Kubernetes validates: the value's type, its check, what it checks, and where
    the rule comes from."""

    types: type | tuple[type, ...]
    check: Callable[[_Check, str, Any], None]
    checks: str
    source: str


SHAPES: dict[str, Shape] = {
    # the key that holds the shape, at any depth of any add-on's configuration
    "resources": Shape(
        Mapping,
        _resources,
        "names (cpu, memory, ephemeral-storage, hugepages-*, extended), quantities, none "
        "negative, requests at most limits (equal for hugepages and extended resources)",
        RESOURCES,
    ),
    "tolerations": Shape(
        list,
        _tolerations,
        "key a qualified name; Exists with no value, and needed when the key is empty; "
        "operator Equal or Exists; effect NoSchedule, PreferNoSchedule or NoExecute; "
        "tolerationSeconds only with NoExecute",
        TOLERATIONS,
    ),
    "nodeSelector": Shape(Mapping, _labels, "label keys and values", SELECTOR),
    "affinity": Shape(
        Mapping,
        _affinity,
        "node selector terms and operators (In, NotIn, Exists, DoesNotExist, Gt, Lt) with "
        "their values, weights 1-100, pod affinity terms with a topologyKey and DNS-label "
        "namespaces, label selectors",
        AFFINITY,
    ),
    "topologySpreadConstraints": Shape(
        list,
        _spread,
        "maxSkew at least 1, a topologyKey, whenUnsatisfiable DoNotSchedule or "
        "ScheduleAnyway, no repeated pair, minDomains at least 1 and only with "
        "DoNotSchedule, Honor or Ignore policies, label selectors",
        SPREAD,
    ),
    "podDisruptionBudget": Shape(
        Mapping,
        _budget,
        "one of minAvailable and maxUnavailable, each an integer >= 0 or digits then '%', "
        "at most 100%",
        PDB,
    ),
    "replicas": Shape(int, _replicas, "an int32, not negative", INT32),
    "replicaCount": Shape(int, _replicas, "an int32, not negative", INT32),
    "priorityClassName": Shape(str, _priority, "a DNS subdomain", PRIORITY),
    "podLabels": Shape(Mapping, _labels, "label keys and values", SELECTOR),
    "labels": Shape(Mapping, _labels, "label keys and values", SELECTOR),
    "podAnnotations": Shape(
        Mapping, _annotations, "qualified keys (any case), at most 256 KiB in all", ANNOTATIONS
    ),
    "annotations": Shape(
        Mapping, _annotations, "qualified keys (any case), at most 256 KiB in all", ANNOTATIONS
    ),
}
"""The shapes checked, by the key that holds them."""


def check_kubernetes(config: Mapping[str, Any], findings: Findings) -> None:
    """Add what Kubernetes refuses in ``config`` (any add-on's) to ``findings``; a path that
    already has a problem gets no second one. Walks without recursion."""
    check = _Check(Findings())
    stack: list[tuple[str, Any]] = [("", config)]
    while stack:
        path, node = stack.pop()
        children: Sequence[tuple[str, Any]]
        if isinstance(node, Mapping):
            children = [(str(key), value) for key, value in node.items()]
        elif isinstance(node, list):
            children = [(str(index), value) for index, value in enumerate(node)]
        else:
            continue
        for key, value in children:
            where = f"{path}.{key}" if path else key
            shape = SHAPES.get(key) if isinstance(node, Mapping) else None
            if shape is not None and isinstance(value, shape.types) and not isinstance(value, bool):
                shape.check(check, where, value)
            stack.append((where, value))
    taken = [problem.path for problem in findings.problems]
    for problem in sorted(check.findings.problems, key=lambda problem: problem.path):
        if not any(_overlaps(problem.path, path) for path in taken):
            findings.problems.append(problem)
            taken.append(problem.path)


def _overlaps(path: str, other: str) -> bool:
    """Whether two paths name the same value, or one holds the other."""
    return path == other or path.startswith(f"{other}.") or other.startswith(f"{path}.")


__all__ = ["SHAPES", "Shape", "check_kubernetes"]
