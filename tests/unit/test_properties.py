"""Property tests over every option of every builder, generated from the option tables."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from eks_addons.config import (
    AddonConfig,
    CoreDnsConfig,
    EbsCsiDriverConfig,
    KubeProxyConfig,
    PodIdentityAgentConfig,
    VpcCniConfig,
)
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
    Text,
)
from eks_addons.config.model import ConfigModel

_text = st.text(min_size=1, max_size=8)


def values(kind: Kind | type[ConfigModel]) -> st.SearchStrategy[Any]:
    """Valid Python values of one option, derived from its kind."""
    if isinstance(kind, type):
        return builders(kind)
    if isinstance(kind, BoolString | Boolean):
        return st.booleans()
    if isinstance(kind, IntString):
        return st.integers(min_value=kind.minimum, max_value=10**6)
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
    assert isinstance(kind, Text), kind
    return _text


def builders(cls: type[ConfigModel]) -> st.SearchStrategy[Any]:
    """Any instance of ``cls``: each option set to a valid value or left unset."""
    fields = {}
    for name, opt in cls.options():
        strategy = values(opt.kind)
        fields[name] = strategy if opt.required else st.none() | strategy
    return st.fixed_dictionaries(fields).map(lambda kwargs: cls(**kwargs))


any_config = st.one_of(builders(VpcCniConfig), builders(CoreDnsConfig), builders(KubeProxyConfig))
"""Builders of the add-ons the catalog covers (their output is also schema-checked)."""
every_config = st.one_of(any_config, builders(EbsCsiDriverConfig), builders(PodIdentityAgentConfig))


@given(every_config)
def test_to_dict_from_dict_round_trip(config: AddonConfig) -> None:
    data = config.to_dict()
    again = type(config).from_dict(data)
    assert again.to_dict() == data
    assert again.extra is None


@given(every_config)
def test_output_has_no_empty_objects(config: AddonConfig) -> None:
    user_maps = {
        opt.path[-1] for _, opt in type(config).options() if isinstance(opt.kind, JsonObject)
    }

    def empty_objects(node: Any, path: str = "") -> list[str]:
        if not isinstance(node, dict):
            return []
        found = [path] if not node and path else []
        for key, value in node.items():
            if key in user_maps:
                continue  # user-given maps: an empty one is what the user asked for
            found += empty_objects(value, f"{path}.{key}")
        return found

    assert empty_objects(config.to_dict()) == []


@given(every_config)
def test_serialization_is_stable(config: AddonConfig) -> None:
    assert config.to_json() == type(config).from_json(config.to_json()).to_json()
