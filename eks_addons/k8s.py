"""Kubernetes' grammars of names, label values and quantities (pure Python), read from
apimachinery v0.33.0: ``IsQualifiedName``, ``IsValidLabelValue``, ``IsDNS1123Subdomain``,
``IsDNS1123Label`` (pkg/util/validation/validation.go) and ``ParseQuantity``
(pkg/api/resource/quantity.go). Go measures lengths in UTF-8 bytes; so do these."""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, ROUND_UP, Context, Decimal, InvalidOperation

APIMACHINERY = "https://github.com/kubernetes/apimachinery/blob/v0.33.0"
NAMES = f"{APIMACHINERY}/pkg/util/validation/validation.go"
QUANTITY = f"{APIMACHINERY}/pkg/api/resource/quantity.go"

_NAME_PART = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]", re.ASCII)
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", re.ASCII)
_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", re.ASCII
)
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", re.ASCII)

QUALIFIED_NAME = (
    "a name of alphanumerics, '-', '_' or '.' that starts and ends with an alphanumeric, at "
    "most 63 characters, with an optional DNS subdomain prefix and '/' (e.g. "
    "'app.kubernetes.io/name')"
)
LABEL_VALUE = (
    "empty, or at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"
)


def size(text: str) -> int:
    """A length as Go's ``len``: UTF-8 bytes."""
    return len(text.encode("utf-8", "surrogatepass"))


def qualified_name_errors(name: str) -> list[str]:
    """Why ``name`` is not a Kubernetes qualified name (``IsQualifiedName``); ``[]``: it is."""
    parts = name.split("/")
    if len(parts) > 2:
        return ["is not a qualified name (more than one '/')"]
    errors = []
    if len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errors.append("has an empty prefix before '/'")
        elif size(prefix) > 253 or not _SUBDOMAIN.fullmatch(prefix):
            errors.append("has a prefix that is not a lowercase DNS subdomain")
    if not name:
        errors.append("has an empty name part")
    elif size(name) > 63:
        errors.append("has a name part longer than 63 characters")
    elif not _NAME_PART.fullmatch(name):
        errors.append(
            "has a name part that is not alphanumerics, '-', '_' or '.' between alphanumerics"
        )
    return errors


def is_label_value(value: str) -> bool:
    """``IsValidLabelValue``: empty, or at most 63 characters of the label-value form."""
    return size(value) <= 63 and bool(_LABEL_VALUE.fullmatch(value))


def is_dns_subdomain(value: str) -> bool:
    """``IsDNS1123Subdomain``: lowercase, at most 253 characters."""
    return size(value) <= 253 and bool(_SUBDOMAIN.fullmatch(value))


def is_dns_label(value: str) -> bool:
    """``IsDNS1123Label``: lowercase, at most 63 characters."""
    return size(value) <= 63 and bool(_DNS_LABEL.fullmatch(value))


# quantities -----------------------------------------------------------------------------

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_QUANTITY = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)([-+]?[0-9]*)", re.ASCII)
_CONTEXT = Context(prec=80, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])
_NANO = Decimal("1e-9")
_MAX_BINARY = Decimal(2**63 - 1)
QUANTITY_FORM = (
    "a number with an optional suffix: n u m k M G T P E (decimal), Ki Mi Gi Ti Pi Ei "
    "(binary) or e<exponent> (e.g. '500m', '1.5Gi', '256M')"
)


def parse_quantity(value: object) -> Decimal | None:
    """The value of a Kubernetes quantity (``resource.ParseQuantity``; a JSON number is one
    too), or ``None`` when Kubernetes refuses it. Bounded: the exponent is an int32."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if not isinstance(value, str):
        try:
            return Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        except (InvalidOperation, ValueError):
            return None
    text = value.strip()
    found = _QUANTITY.fullmatch(text)
    if not text or found is None:
        return None
    sign, whole, fraction, suffix, exponent = found.groups()
    if not whole and fraction is None:
        # a sign alone is zero (the scanner returns early); a suffix alone is refused
        return Decimal(0) if not suffix and not exponent else None
    if suffix in _BINARY and not exponent:
        base, power = 2, _BINARY[suffix]
    elif suffix in _DECIMAL and not exponent:
        base, power = 10, _DECIMAL[suffix]
    elif suffix in ("e", "E") and exponent and exponent not in "+-":
        power = int(exponent) if len(exponent) <= 11 else 2**40
        base = 10
        if not -(2**31) <= power < 2**31:
            return None
    else:
        return None
    number = Decimal(f"{whole or '0'}.{fraction or '0'}")
    number = (
        number.scaleb(power, _CONTEXT)
        if base == 10
        else _CONTEXT.multiply(number, Decimal(2) ** power)
    )
    if suffix in _BINARY and number > _MAX_BINARY:
        number = _MAX_BINARY  # Kubernetes caps binary quantities at 2^63-1
    if number and number.adjusted() < 40:  # rounded up to nano precision, as Kubernetes does
        number = number.quantize(_NANO, rounding=ROUND_UP, context=_CONTEXT)
    return -number if sign == "-" else number


__all__ = [
    "LABEL_VALUE",
    "NAMES",
    "QUALIFIED_NAME",
    "QUANTITY",
    "QUANTITY_FORM",
    "is_dns_label",
    "is_dns_subdomain",
    "is_label_value",
    "parse_quantity",
    "qualified_name_errors",
    "size",
]
