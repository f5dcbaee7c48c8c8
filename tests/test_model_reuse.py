"""A reused rebuilt model is indistinguishable from a fresh rebuild (model_reuse.py)."""
import json
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from autograder.harness import keras_guard, model_reuse, wire  # noqa: E402
from autograder.harness.model_reuse import ModelPool, config_key, pool  # noqa: E402


@pytest.fixture(autouse=True)
def empty_pool(monkeypatch):
    monkeypatch.setattr(model_reuse, "_POOL", ModelPool())


def student_model(seed, stateful=False, compiled=True):
    """What a student's function returns, as it crosses the wire."""
    import keras
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4, 3), batch_size=2 if stateful else None,
                                          name="x"),
                              keras.layers.GRU(5, stateful=stateful, name="gru"),
                              keras.layers.Dense(2, activation="softmax", name="out")],
                             name="student")
    if compiled:
        model.compile(optimizer=keras.optimizers.Adam(0.01),
                      loss="sparse_categorical_crossentropy")
    return model, encoded(model)


def decode(data):
    return keras_guard.keras_decoder(json.loads(json.dumps(data)))


X = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")


def test_an_equal_config_gets_the_model_back_refilled():
    first_student, first = student_model(1)
    second_student, second = student_model(2)
    with pool().lending():
        lent = decode(first)
        optimizer = lent.optimizer
        np.testing.assert_allclose(lent(X), first_student(X), atol=1e-6)
    with pool().lending():
        again = decode(second)
        assert again is lent  # reused, not rebuilt
        for got, want in zip(again.get_weights(), second_student.get_weights()):
            np.testing.assert_array_equal(got, want)
        np.testing.assert_allclose(again(X), second_student(X), atol=1e-6)
        assert again.optimizer is not optimizer and not again.optimizer.built
        assert float(np.asarray(again.optimizer.learning_rate)) == pytest.approx(0.01)


def test_a_model_serves_the_next_notebook_judged_in_another_thread():
    """A class-grading worker may judge each notebook in a thread of its own."""
    import threading
    _, data = student_model(8)
    got = []

    def judge_one():
        with pool().lending():
            got.append(decode(data))
        got.append(pool().counts())
    for _ in range(2):
        thread = threading.Thread(target=judge_one)
        thread.start()
        thread.join()
    assert got[0] is got[2]
    assert got[1] == (0, 1) and got[3] == (1, 0)  # each thread counts its own


def encoded(model) -> dict:
    from autograder.harness.student_process_main import KerasCodec
    return json.loads(json.dumps(wire.encode(model, keras_encoder=KerasCodec(wire))))


def unnamed_tagger(seed):
    """A functional model with Keras' own names (numbered by the layers built before)."""
    import keras
    keras.utils.set_random_seed(seed)
    tokens = keras.Input((None,))
    x = keras.layers.Embedding(12, 4, mask_zero=True)(tokens)
    x = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))(x)
    model = keras.Model(tokens, keras.layers.TimeDistributed(keras.layers.Dense(2))(x))
    model.compile(optimizer="adam", loss="mse")
    return model


def test_an_equal_architecture_under_other_names_is_renamed_and_reused():
    import keras
    first, second = unnamed_tagger(1), unnamed_tagger(2)
    first_names = {layer.name for layer in first.layers}
    assert first_names.isdisjoint(layer.name for layer in second.layers)
    tokens = np.array([[3, 5, 0, 0], [1, 2, 7, 9]])
    with pool().lending():
        lent = decode(encoded(first))
    with pool().lending():
        again = decode(encoded(second))
        fresh = keras.saving.deserialize_keras_object(encoded(second)["__keras_model__"]["config"])
        assert again is lent and pool().counts() == (1, 1)  # reused, after one build
        # exactly what a fresh rebuild of the second student's model is, but its weights
        assert keras.saving.serialize_keras_object(again) == \
            keras.saving.serialize_keras_object(fresh)
        assert [w.path for w in again.weights] == [w.path for w in fresh.weights]
        assert first_names.isdisjoint(layer.name for layer in again.layers)
        np.testing.assert_allclose(again(tokens), second(tokens), atol=1e-6)
        assert again.get_layer(second.layers[2].name) is again.layers[2]


def test_names_that_stand_for_other_settings_are_not_lent():
    """Numbering names can make two configs look alike when a name equals a setting (a
    layer called "tanh" with a tanh activation); the renamed model is checked first."""
    import keras

    def student(name):
        return keras.Sequential([keras.Input((4, 3)),
                                 keras.layers.SimpleRNN(2, activation=name, name=name)],
                                name="student")
    tanh, relu = student("tanh"), student("relu")
    with pool().lending():
        lent = decode(encoded(tanh))
    with pool().lending():
        other = decode(encoded(relu))
        assert other is not lent and pool().counts() == (0, 2)  # both built
        assert other.layers[0].get_config()["activation"] == "relu"


def test_one_notebook_never_gets_one_model_twice():
    _, data = student_model(3)
    with pool().lending():
        a, b = decode(data), decode(data)
    assert a is not b
    with pool().lending():
        c, d = decode(data), decode(data)
    assert {id(c), id(d)} == {id(a), id(b)}


def test_a_model_a_check_changed_is_not_kept():
    _, data = student_model(4)
    with pool().lending():
        changed = decode(data)
        changed.layers[0].trainable = False
    with pool().lending():
        fresh = decode(data)
    assert fresh is not changed and fresh.layers[0].trainable
    with pool().lending():
        recompiled = decode(data)
        recompiled.compile(optimizer="sgd", loss="mse")
    with pool().lending():
        assert decode(data) is not recompiled


def test_stateful_models_and_decoding_outside_a_notebook_are_never_reused():
    _, stateful = student_model(5, stateful=True)
    assert config_key(stateful["__keras_model__"]["config"], True) is None
    with pool().lending():
        first = decode(stateful)
    with pool().lending():
        assert decode(stateful) is not first
    _, plain = student_model(6, compiled=False)
    outside = decode(plain)
    with pool().lending():
        assert decode(plain) is not outside
        assert not decode(plain).compiled


def test_weights_that_do_not_fit_fail_like_a_fresh_rebuild():
    _, data = student_model(7)
    with pool().lending():
        decode(data)
    data["__keras_model__"]["weights"] = data["__keras_model__"]["weights"][:-1]
    with pool().lending(), pytest.raises(ValueError):
        decode(data)


def test_idle_models_are_bounded():
    import keras
    small = ModelPool(max_idle=3)
    with small.lending():
        for i in range(5):
            small.model(model_reuse.Wanted(f"key{i}", (), ""), keras.Sequential, lambda m: None)
    assert sum(len(m) for m in small.idle.values()) == 3
    assert list(small.idle) == ["key2", "key3", "key4"]  # the oldest went first


def test_a_seeded_copy_of_an_equal_architecture_is_lent_with_the_seeds_weights():
    """The inference-only probes (padding checks) rebuild the student's architecture with
    weights from a fixed seed; a judging process lends the first one again, with its
    weights."""
    import keras

    config = model_reuse.architecture

    def clone(model, seed):  # as the suites draw a seeded copy
        keras.utils.set_random_seed(seed)
        return keras.saving.deserialize_keras_object(config(model))
    first, second = unnamed_tagger(1), unnamed_tagger(2)
    with pool().lending():
        copy = pool().seeded_copy(config(first), 7, lambda: clone(first, 7))
    with pool().lending():
        again = pool().seeded_copy(config(second), 7, lambda: clone(second, 7))
        assert again is copy
        fresh = clone(second, 7)
        assert keras.saving.serialize_keras_object(again) == \
            keras.saving.serialize_keras_object(fresh)
        for got, want in zip(again.get_weights(), fresh.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)
    with pool().lending():
        other_seed = pool().seeded_copy(config(second), 8, lambda: clone(second, 8))
        assert other_seed is copy  # the same model, given the other seed's weights
        for got, want in zip(other_seed.get_weights(), clone(second, 8).get_weights()):
            np.testing.assert_array_equal(got, want)
        assert not np.array_equal(other_seed.get_weights()[0], fresh.get_weights()[0])


def test_a_model_that_cannot_be_renamed_is_rebuilt_not_an_error(monkeypatch):
    first, second = unnamed_tagger(1), unnamed_tagger(2)
    with pool().lending():
        lent = decode(encoded(first))

    def broken(model, mapping):
        raise AttributeError("a Keras without settable names")
    monkeypatch.setattr(model_reuse, "rename", broken)
    with pool().lending():
        again = decode(encoded(second))
        assert again is not lent and pool().counts() == (0, 2)
        tokens = np.array([[3, 5, 0, 0]])
        np.testing.assert_allclose(again(tokens), second(tokens), atol=1e-6)
