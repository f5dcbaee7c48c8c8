"""Public checks for build_seq2seq (grading runs them too, training included; its
hidden checks try the wiring on other sizes)."""
import numpy as np
import pytest

import keras_checks as ks
from _harness.checks import check_close, check_shape, fail

CALLS = ()  # graded functions of this notebook that build_seq2seq calls

SRC, TGT = 15, 9
# training on public numbers: a few seconds; a decoder that ignores the encoder gets about
# 0.28 next-token accuracy and no exact translation
SEED, N_TRAIN, N_TEST, EPOCHS = 13, 400, 150, 5
TOKEN_THRESHOLD, EXACT_THRESHOLD = 0.85, 0.6
STATE = ("pass the encoder's final states to the decoder: LSTM(units, return_state=True) in "
         "the encoder, LSTM(units, return_sequences=True)(..., initial_state=[h, c]) in the "
         "decoder")


def _model(student, *args, **kwargs):
    model = ks.model_of(student, "build_seq2seq", *(args or (SRC, TGT)), **kwargs)
    if len(getattr(model, "inputs", None) or []) != 2:
        fail("the model should have two inputs, [src, tgt_in]: "
             "keras.Model([src, tgt_in], outputs)")
    return model


def _apply(model, src, tgt, vocab=TGT):
    out = ks.outputs(model, [src, tgt], "the encoder-decoder")
    return check_shape(out, (*np.shape(tgt), vocab),
                       f"output for src {np.shape(src)} and tgt_in {np.shape(tgt)}")


@pytest.fixture(scope="module")
def trained(student):
    """(next-token accuracy, share of exact greedy translations), trained once."""
    sd = ks.seqdata()
    return ks.translation_accuracy(_model(student, len(sd.SRC_VOCAB), len(sd.TGT_VOCAB)),
                                   N_TRAIN, N_TEST, EPOCHS, SEED, lr=0.03, batch_size=16)


def test_output_shape(student):
    """[src (N, S), tgt_in (N, T)] -> (N, T, tgt_vocab) probabilities, S != T"""
    rng = np.random.default_rng(0)
    out = _apply(_model(student), rng.integers(1, SRC, (3, 5)), rng.integers(1, TGT, (3, 2)))
    check_close(out.sum(-1), np.ones((3, 2)), "the sum over the target vocabulary", atol=1e-4)


def test_softmax_output(student):
    """the output layer is a softmax over the target vocabulary"""
    ks.check_output_activation(_model(student), "softmax",
                               "use Dense(tgt_vocab, activation='softmax')")


def test_output_depends_on_the_source(student):
    """the decoder starts from the encoder's final state: the source changes the output"""
    model = _model(student)
    rng = np.random.default_rng(1)
    tgt = np.ones((4, 1), dtype=int)  # the first decoder step reads one token
    a = _apply(model, rng.integers(1, SRC, (4, 5)), tgt)
    b = _apply(model, rng.integers(1, SRC, (4, 5)), tgt)
    if np.allclose(a, b, atol=1e-6):
        fail(f"the first decoder step does not depend on the source: {STATE}")


def test_decoder_is_causal(student):
    """step t of the decoder does not see target tokens after t (teacher forcing)"""
    model = _model(student)
    rng = np.random.default_rng(2)
    src, tgt = rng.integers(1, SRC, (3, 4)), rng.integers(1, TGT, (3, 4))
    changed = tgt.copy()
    changed[:, 3] = (changed[:, 3] % (TGT - 1)) + 1
    a, b = _apply(model, src, tgt), _apply(model, src, changed)
    if not np.allclose(a[:, :3], b[:, :3], atol=1e-6):
        fail("changing the target token at step 3 changes the predictions for steps 0-2: the "
             "decoder looks ahead (a bidirectional decoder?). With teacher forcing it must "
             "read the target left to right only")


def test_source_padding_is_ignored(student):
    """padding (id 0) after the source sentence does not change the translation"""
    model = ks.with_large_padding(_model(student), 3)
    rng = np.random.default_rng(3)
    src, tgt = rng.integers(1, SRC, (3, 3)), rng.integers(1, TGT, (3, 3))
    padded = np.concatenate([src, np.zeros((3, 3), dtype=src.dtype)], axis=1)
    ks.check_padding_ignored(_apply(model, src, tgt), _apply(model, padded, tgt),
                             "padding in the source changes the output: use Embedding(src_vocab, "
                             "embed_dim, mask_zero=True) in the encoder so its final state skips "
                             "the padding")


def test_encoder_and_decoder(student):
    """two recurrent layers, encoder and decoder, with units from the arguments"""
    model = _model(student, SRC, TGT, embed_dim=6, units=10)
    _apply(model, np.array([[1, 2, 3]]), np.array([[1, 4]]))
    ks.check_units(model, 10, "build_seq2seq(15, 9, embed_dim=6, units=10)", count=2)


def test_compiled_with_sparse_categorical_cross_entropy(student):
    """compiled with sparse categorical cross-entropy (integer targets)"""
    ks.check_loss(_model(student), "sparse_categorical_crossentropy", "integer targets")


def test_trained_token_accuracy(trained):
    """trained on public numbers with teacher forcing: next-digit accuracy on unseen numbers"""
    ks.check_trained(trained[0], TOKEN_THRESHOLD, "next-token accuracy on unseen numbers",
                     "a decoder that ignores the encoder gets about 0.28")


def test_trained_greedy_translation(trained):
    """trained on public numbers: greedy decoding translates unseen numbers exactly"""
    ks.check_trained(trained[1], EXACT_THRESHOLD, "the share of unseen numbers greedy decoding "
                     "translates exactly", "a decoder that ignores the encoder translates none")
