"""Kubernetes compute resources, shared by every add-on's ``resources`` key."""

from __future__ import annotations

from dataclasses import dataclass

from eks_addons.config.kinds import Quantity
from eks_addons.config.model import ConfigModel, option


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class ResourceQuantities(ConfigModel):
    """CPU and memory quantities, as Kubernetes writes them (``"0.25"``, ``"256M"``)."""

    cpu: str | None = option("cpu", Quantity())
    """``cpu`` (string), e.g. ``"100m"`` or ``"0.25"``. Omitted: not set."""
    memory: str | None = option("memory", Quantity())
    """``memory`` (string), e.g. ``"256M"`` or ``"170Mi"``. Omitted: not set."""


@dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class Resources(ConfigModel):
    """A container's ``resources``: ``limits`` and ``requests``."""

    limits: ResourceQuantities | None = option("limits", ResourceQuantities)
    """``limits``: the most the container may use. Omitted: the add-on's default."""
    requests: ResourceQuantities | None = option("requests", ResourceQuantities)
    """``requests``: what the scheduler reserves. Omitted: the add-on's default."""
