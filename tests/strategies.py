"""Hypothesis strategies for the builders, derived from their option tables and the specs."""

from typing import Any

from hypothesis import strategies as st

from eks_addons.catalog import cataloged_addons
from eks_addons.config.kinds import (
    Boolean,
    BoolString,
    Choice,
    Integer,
    IntOrPercent,
    IntString,
    JsonArray,
    JsonObject,
    Kind,
    Quantity,
    Text,
)
from eks_addons.config.model import ConfigModel
from eks_addons.specs import SPECS

_text = st.text(min_size=1, max_size=8)


def values(kind: Kind | type[ConfigModel]) -> st.SearchStrategy[Any]:
    """Valid Python values of one option, derived from its kind."""
    if isinstance(kind, type):
        return builders(kind)
    if isinstance(kind, BoolString | Boolean):
        return st.booleans()
    if isinstance(kind, IntString):
        return st.integers(min_value=0, max_value=10**6)
    if isinstance(kind, Integer):
        return st.integers(min_value=kind.minimum, max_value=kind.maximum)
    if isinstance(kind, Choice):
        return st.sampled_from(list(kind.enum))
    if isinstance(kind, IntOrPercent):
        return st.integers(0, 100) | st.integers(0, 100).map(lambda n: f"{n}%")
    if isinstance(kind, JsonObject):
        return st.dictionaries(_text, _text, max_size=2)
    if isinstance(kind, JsonArray):
        return st.lists(st.dictionaries(_text, _text, max_size=2), max_size=2)
    if isinstance(kind, Quantity):
        return st.builds(
            lambda number, suffix: f"{number}{suffix}",
            st.integers(0, 4096),
            st.sampled_from(["", "m", "k", "M", "G", "Ki", "Mi", "Gi", "e3"]),
        )
    assert isinstance(kind, Text), kind
    return _text


def builders(cls: type[ConfigModel]) -> st.SearchStrategy[Any]:
    """Any instance of ``cls``: each option set to a valid value or left unset."""
    fields = {}
    for name, opt in cls.options():
        strategy = values(opt.kind)
        fields[name] = strategy if opt.required else st.none() | strategy
    return st.fixed_dictionaries(fields).map(lambda kwargs: cls(**kwargs))


any_config = st.one_of(
    *(builders(spec.builder) for spec in SPECS if spec.name in cataloged_addons())
)
"""Builders of the add-ons the catalog covers (their output is also schema-checked)."""
every_config = st.one_of(*(builders(spec.builder) for spec in SPECS))
"""Builders of every add-on the library models."""
