"""Hidden checks for build_seq2seq: wiring, masking and causality on seeded weights.

The trained behaviour is judged by the public check alone (it runs in grading too):
training has no input a student could have tuned an answer to, and one recipe means
the self-check's verdict on it is the grade's.
"""
import numpy as np

from autograder.harness.checks import check_shape, fail
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import cache, get_model, keras_checks, \
    outputs, padding_probe, sd, seeded_copy

SRC, TGT = len(sd.SRC_VOCAB), len(sd.TGT_VOCAB)
SEED = 9031  # seeded weights of the wiring and padding probes


def _model(cache, student, *args, **kwargs):
    model = get_model(cache, student, "build_seq2seq", *(args or (SRC, TGT)), **kwargs)
    if len(getattr(model, "inputs", None) or []) != 2:
        fail("the model should have two inputs, [src, tgt_in]")
    return model


def _apply(model, src, tgt, vocab=TGT):
    out = outputs(model, [src, tgt], "the encoder-decoder")
    return check_shape(out, (*np.shape(tgt), vocab),
                       f"output for src {np.shape(src)} and tgt_in {np.shape(tgt)}")


def _fresh(student, cache):
    """Deterministic weights, so the wiring checks do not depend on the student's init."""
    if "fresh" not in cache:
        cache["fresh"] = seeded_copy(_model(cache, student), seed=SEED)
    return cache["fresh"]


@rule("the output layer is a softmax over the target vocabulary")
def test_softmax_output(student, cache):
    """the output layer is a softmax, with the hidden vocabularies"""
    keras_checks.check_output_activation(_model(cache, student), "softmax",
                                         "use Dense(tgt_vocab, activation='softmax')")


@rule("the decoder starts from the encoder's final state: the source changes the output")
def test_decoder_starts_from_the_encoder_state(student, cache):
    """the first decoder step already depends on the source sentence"""
    model = _fresh(student, cache)
    rng = np.random.default_rng(11)
    tgt = np.full((6, 1), sd.START)
    a = _apply(model, rng.integers(1, SRC, (6, 4)), tgt)
    b = _apply(model, rng.integers(1, SRC, (6, 4)), tgt)
    if np.allclose(a, b, atol=1e-6):
        fail("the decoder output does not depend on the source: the encoder's final states "
             "must initialise the decoder (LSTM(..., return_state=True) in the encoder, "
             "initial_state=[h, c] in the decoder)")


@rule("step t of the decoder does not see target tokens after t (teacher forcing)")
def test_decoder_is_causal(student, cache):
    """the decoder is causal, on seeded weights and hidden vocabularies"""
    model = _fresh(student, cache)
    rng = np.random.default_rng(12)
    src, tgt = rng.integers(1, SRC, (4, 5)), rng.integers(1, TGT, (4, 4))
    changed = tgt.copy()
    changed[:, 3] = (changed[:, 3] % (TGT - 1)) + 1
    a, b = _apply(model, src, tgt), _apply(model, src, changed)
    if not np.allclose(a[:, :3], b[:, :3], atol=1e-6):
        fail("changing the target token at step 3 changes the predictions for steps 0-2: the "
             "decoder looks ahead (a bidirectional decoder?). With teacher forcing it must "
             "read the target left to right only")


@rule("padding (id 0) after the source sentence does not change the translation")
def test_source_padding_is_ignored(student, cache):
    """padding (id 0) after a hidden source sentence, on seeded weights"""
    model = padding_probe(cache, _model(cache, student), SEED)
    rng = np.random.default_rng(13)
    src, tgt = rng.integers(1, SRC, (3, 3)), rng.integers(1, TGT, (3, 3))
    padded = np.concatenate([src, np.zeros((3, 3), dtype=src.dtype)], axis=1)
    keras_checks.check_padding_ignored(
        _apply(model, src, tgt), _apply(model, padded, tgt),
        "padding in the source changes the output: use Embedding(src_vocab, embed_dim, "
        "mask_zero=True) in the encoder so its final state skips the padding")


@rule("two recurrent layers, encoder and decoder, with units from the arguments")
def test_encoder_and_decoder(student, cache):
    """encoder and decoder on hidden sizes"""
    model = _model(cache, student, SRC, TGT, embed_dim=8, units=16)
    _apply(model, np.array([[1, 2, 3]]), np.array([[1, 4]]))
    keras_checks.check_units(model, 16, f"build_seq2seq({SRC}, {TGT}, embed_dim=8, units=16)",
                             count=2)
