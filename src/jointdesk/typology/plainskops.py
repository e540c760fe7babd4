"""A strict reader for skops files that hold plain data only (dicts, lists, JSON scalars, numpy arrays).

Why: ``skops.io.load`` imports all of scikit-learn to build its trusted-type list (about 5 s on the
reference machine), which would make loading a typology model far slower than the 1 s budget although
the model needs no scikit-learn class at all. This reader understands exactly the node types that
``skops.io.dump`` writes for :meth:`TypologyClassifier.state` (protocol 2): ``DictNode`` with ``str``
keys, ``ListNode``, ``JsonNode``, ``CachedNode`` and ``NdArrayNode`` of type ``numpy`` (read with
``numpy.load(allow_pickle=False)``). Anything else raises :class:`NotPlainData`, and callers fall back
to ``skops.io.load(trusted=[])``: this reader never constructs an object of any other type.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

SUPPORTED_PROTOCOLS = frozenset({2})
_SCALARS = frozenset({"str", "int", "float", "bool", "NoneType"})


class NotPlainData(ValueError):
    """The file uses a skops feature or type this reader does not handle."""


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.memo: dict[int, Any] = {}

    def node(self, state: dict[str, Any]) -> Any:
        loader = state.get("__loader__")
        if loader == "CachedNode":
            if state.get("__id__") not in self.memo:
                raise NotPlainData("cached node refers to an unknown object")
            return self.memo[state["__id__"]]
        value = self._construct(loader, state)
        if state.get("__id__") is not None:
            self.memo.setdefault(state["__id__"], value)
        return value

    def _construct(self, loader: object, state: dict[str, Any]) -> Any:
        kind = (state.get("__module__"), state.get("__class__"))
        if loader == "JsonNode" and kind[0] == "builtins" and kind[1] in _SCALARS and state.get("is_json"):
            return json.loads(state["content"])
        if loader == "DictNode" and kind == ("builtins", "dict"):
            return self._dict(state)
        if loader == "ListNode" and kind == ("builtins", "list"):
            return [self.node(item) for item in state["content"]]
        if loader == "NdArrayNode" and kind == ("numpy", "ndarray") and state.get("type") == "numpy":
            data = self.archive.read(str(state["file"]))
            return np.load(io.BytesIO(data), allow_pickle=False)
        raise NotPlainData(f"unsupported node {loader} for {kind[0]}.{kind[1]}")

    def _dict(self, state: dict[str, Any]) -> dict[str, Any]:
        key_types = state.get("key_types", {}).get("content", [])
        if any(key.get("__class__") != "str" or key.get("__module__") != "builtins" for key in key_types):
            raise NotPlainData("dictionary keys other than str")
        return {str(key): self.node(value) for key, value in state["content"].items()}


def read_plain_skops(path: Path | str) -> Any:
    """The object stored in a plain-data skops file; :class:`NotPlainData` if it holds anything else."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
        if not isinstance(schema, dict) or schema.get("protocol") not in SUPPORTED_PROTOCOLS:
            raise NotPlainData(f"unsupported skops protocol {schema.get('protocol')!r}")
        return _Reader(archive).node(schema)
