"""Training results are shared by equal architectures only, and only within a run's cache."""
from __future__ import annotations

import pytest

from autograder import training_cache


def _model(units=8, cell="LSTM"):
    import keras
    return keras.Sequential([keras.Input((5, 3)), getattr(keras.layers, cell)(units),
                             keras.layers.Dense(2, activation="softmax")])


def test_equal_architectures_share_a_key_despite_keras_auto_names():
    a, b = _model(), _model()
    assert [layer.name for layer in a.layers] != [layer.name for layer in b.layers]
    assert training_cache.key_of("r", a) == training_cache.key_of("r", b)
    assert training_cache.key_of("r", a) != training_cache.key_of("other recipe", a)
    assert training_cache.key_of("r", a) != training_cache.key_of("r", _model(units=9))
    assert training_cache.key_of("r", a) != training_cache.key_of("r", _model(cell="GRU"))


def test_a_result_is_computed_once_per_key_and_failures_are_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(training_cache.ENV, str(tmp_path))
    calls = []

    def train():
        calls.append(1)
        return (0.5, 0.75)
    assert training_cache.remember("r", _model(), train) == [0.5, 0.75]
    assert training_cache.remember("r", _model(), train) == [0.5, 0.75]
    assert len(calls) == 1
    assert training_cache.remember("r", _model(units=4), train) == [0.5, 0.75]
    assert len(calls) == 2

    def broken():
        raise AssertionError("training failed")
    for _ in range(2):
        with pytest.raises(AssertionError):
            training_cache.remember("r2", _model(), broken)
    assert not list(tmp_path.glob("*.tmp"))


def test_workers_reaching_one_key_at_once_train_it_once(tmp_path, monkeypatch):
    """The second waits for the first (the lock is per open file, so threads show it),
    then reuses its result; a different key does not wait."""
    import threading
    import time
    monkeypatch.setenv(training_cache.ENV, str(tmp_path))
    models = {name: _model(units=u) for name, u in (("a", 8), ("b", 8), ("other", 5))}
    calls, results, training = [], {}, threading.Event()

    def train(name):
        def compute():
            calls.append(name)
            training.set()
            time.sleep(1.0 if name == "a" else 0.0)
            return 0.5
        return compute

    def worker(name):
        results[name] = training_cache.remember("r", models[name], train(name))
    first = threading.Thread(target=worker, args=("a",))
    first.start()
    training.wait(10)
    began = time.monotonic()
    worker("other")  # another architecture trains at once
    assert time.monotonic() - began < 0.9 and calls == ["a", "other"]
    worker("b")  # the same one waits for "a", then reuses
    first.join()
    assert calls == ["a", "other"] and results == {"a": 0.5, "other": 0.5, "b": 0.5}


def test_without_a_cache_folder_every_call_trains(monkeypatch):
    monkeypatch.delenv(training_cache.ENV, raising=False)
    calls = []
    for _ in range(2):
        training_cache.remember("r", _model(), lambda: calls.append(1) or 1.0)
    assert len(calls) == 2


def _named(name, **config):
    import keras
    return keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4, name=name, **config)])


def test_a_layer_named_after_a_config_string_shares_no_key():
    """Only names are normalised: a layer called "exponential" with the exponential
    activation and one with tanh are different architectures (they once shared a key,
    so one student's training result decided another's)."""
    a = _named("exponential", activation="exponential")
    b = _named("exponential", activation="tanh")
    assert training_cache.key_of("r", a) != training_cache.key_of("r", b)
    c = _named("something_else", activation="exponential")
    assert training_cache.key_of("r", a) == training_cache.key_of("r", c)


def test_layers_named_after_their_initializers_share_no_key():
    import keras

    def dense(init):
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(
            2, name=init, kernel_initializer=init)])
    a, b = dense("GlorotUniform"), dense("GlorotNormal")  # both configured by a seed alone
    assert training_cache.key_of("r", a) != training_cache.key_of("r", b)


def test_the_key_holds_the_library_versions(monkeypatch):
    a = _model()
    before = training_cache.key_of("r", a)
    monkeypatch.setattr(training_cache, "library_versions", lambda: '{"keras": "3.0.0"}')
    assert training_cache.key_of("r", a) != before


def test_dtype_policy_names_are_not_layer_names():
    import keras
    a = keras.Sequential([keras.Input((5, 3)), keras.layers.Dense(2, dtype="float32")])
    b = keras.Sequential([keras.Input((5, 3)), keras.layers.Dense(2, dtype="float16")])
    assert training_cache.key_of("r", a) != training_cache.key_of("r", b)
