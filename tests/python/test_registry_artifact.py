"""The model artifact format (python_ml.registry): NumPy .npz + one JSON document, loaded without pickle."""

from __future__ import annotations

import numpy as np
import pytest

from python_ml import registry
from python_ml.modeling.state import TRUSTED_TYPES

VERSION = "m-20260101T000000-abcd"


def _save(obj, folder):
    registry.save_artifact(obj, folder, VERSION)
    registry.publish(registry.artifact_path(folder, VERSION))


def test_values_json_cannot_say_come_back_with_their_types(tmp_path):
    saved = {"t": (1, "a", (2.5,)), "a": np.arange(3, dtype=np.int16), "s": np.float32(1.5), "n": float("nan"),
             "nested": [{"m": np.eye(2)}], "none": None}
    _save(saved, tmp_path)
    loaded = registry.load_artifact(tmp_path, VERSION, [])
    assert loaded["t"] == (1, "a", (2.5,)) and isinstance(loaded["t"][2], tuple)
    assert loaded["a"].dtype == np.int16 and loaded["a"].tolist() == [0, 1, 2]
    assert loaded["s"] == 1.5 and np.isnan(loaded["n"]) and loaded["none"] is None
    np.testing.assert_array_equal(loaded["nested"][0]["m"], np.eye(2))


def test_a_type_not_on_the_trusted_list_is_refused(tmp_path):
    _save({"x": 1}, tmp_path)
    document_path = registry.artifact_path(tmp_path, VERSION)
    with np.load(document_path, allow_pickle=False) as archive:
        assert archive.files == [registry.STATE_KEY]
    # an artifact naming a type outside the list (e.g. written by someone else) is never constructed
    forged = '{"__dataclass__": "subprocess.Popen", "fields": {"args": ["true"]}}'
    with document_path.open("wb") as handle:
        np.savez(handle, **{registry.STATE_KEY: np.array(forged)})
    with pytest.raises(ValueError, match="subprocess.Popen"):
        registry.load_artifact(tmp_path, VERSION, TRUSTED_TYPES)


def test_what_needs_pickle_is_refused_when_saving(tmp_path):
    with pytest.raises(TypeError, match="object array"):
        registry.save_artifact({"a": np.array([object()])}, tmp_path, VERSION)
    with pytest.raises(TypeError, match="set"):
        registry.save_artifact({"s": {1, 2}}, tmp_path, VERSION)
