"""Bytes to YAML nodes: the tags the fast resolver gives are PyYAML's own."""

from __future__ import annotations

import itertools

import yaml

from quizdeck.banks.yaml_safety import _Loader, _ShallowLoader

VALUES = [
    *["", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "True", "false", "y"],
    *["1", "-1", "+3", "1.5", ".5", "-.5", "1e3", ".inf", "-.Inf", ".nan", "0x1F", "0o7"],
    *["1_000", "2020-01-01", "2020-01-01 10:00:00", "-", ".", "+", "text", "한국", "=1+1"],
]
IMPLICIT = [(True, False), (False, True), (False, False)]


def test_every_scalar_gets_the_tag_pyyaml_gives_it() -> None:
    reference = yaml.SafeLoader("")
    for loader in (_Loader(""), _ShallowLoader("")):
        for value, implicit in itertools.product(VALUES, IMPLICIT):
            ours = loader.resolve(yaml.ScalarNode, value, implicit)
            assert ours == reference.resolve(yaml.ScalarNode, value, implicit), (value, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, (False, False)) == reference.resolve(
                kind, None, (False, False)
            )
