"""YAML loading that remembers line numbers, so errors can name the line."""

from __future__ import annotations

from typing import Any

import yaml

from cpclint.errors import ConfigError


class LineDict(dict):
    """A mapping from YAML that knows the 1-based line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


# libyaml's parser is ten times faster than the pure-Python one; the glossary is
# parsed on every run, so it matters.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key here is not a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_file(path: str, what: str) -> Any:
    """Read and parse a YAML file; `what` names it in errors ("rule file", "settings file")."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read this {what} ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: this {what} is not UTF-8 text.") from None
    return load_yaml(text, path)


def load_yaml(text: str, source: str, line_offset: int = 0, error=ConfigError) -> Any:
    """Parse YAML; a syntax error becomes one plain line naming the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problem = (exc.problem or exc.context or "it is not valid YAML").strip()
        raise error(f"{source}:{line}: this is not valid YAML ({problem}).") from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: this is not valid YAML ({exc}).") from None
