"""Values known only to Terraform: the CDK's tokens, and Terraform JSON's expressions (pure).

The CDK (cdktf and CDK Terrain alike) stands in for a value Terraform resolves at plan with a
token: a string holding ``${TfToken[TOKEN.n]}``, a list holding one ``#{TfToken[...]}``
string, a map whose one key is ``&{TfToken[...]}``, a float whose bits carry a marker, or an
object of the jsii kernel (``IResolvable``: a boolean variable, ``Fn`` results, a
variable's ``value``). They are told apart here in
Python, without a call into the jsii kernel. Terraform JSON written or read by the CLI holds
``${...}`` expressions instead.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping, Sequence
from enum import Enum

Unresolved = Callable[[object], bool]
"""Whether a value is known only to Terraform."""

_STRING_MARKERS = ("${TfToken[", "#{TfToken[")
_MAP_MARKER = "&{TfToken["
_DOUBLE_MARKER = 0xFDFF  # the top 16 bits of a number token (the CDK's token encoding)


def _number_token(value: float) -> bool:
    bits: int = struct.unpack(">Q", struct.pack(">d", value))[0]
    return bits >> 48 == _DOUBLE_MARKER


def is_token(value: object) -> bool:
    """Whether ``value`` is a CDK token (itself, not something holding one deeper down)."""
    if value is None or isinstance(value, bool | int | Enum):
        return False
    if isinstance(value, str):
        return any(marker in value for marker in _STRING_MARKERS)
    if isinstance(value, float):
        return _number_token(value)
    if isinstance(value, Mapping):
        return any(isinstance(key, str) and _MAP_MARKER in key for key in value)
    if isinstance(value, list | tuple):
        return any(isinstance(item, str) and item.startswith("#{TfToken[") for item in value)
    # an object of the jsii kernel where a value belongs: an IResolvable, or a value of type
    # any (``TerraformVariable.value``)
    return hasattr(value, "__jsii_ref__") or callable(getattr(value, "resolve", None))


def is_expression(value: object) -> bool:
    """Whether ``value`` is (or holds) a Terraform expression, ``${...}`` (Terraform JSON)."""
    return isinstance(value, str) and "${" in value


def never(_: object) -> bool:
    """For values that are all known."""
    return False


def holds_unresolved(value: object, unresolved: Unresolved) -> bool:
    """Whether ``value`` is, or anywhere holds, a value ``unresolved`` says is unknown."""
    if unresolved(value):
        return True
    if isinstance(value, Mapping):
        return any(holds_unresolved(item, unresolved) for item in value.values())
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return any(holds_unresolved(item, unresolved) for item in value)
    return False
