"""Property tests over every option of every builder, generated from the option tables."""

from typing import Any

from hypothesis import given

from eks_addons.config import AddonConfig
from eks_addons.config.kinds import JsonObject
from tests.strategies import every_config


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
