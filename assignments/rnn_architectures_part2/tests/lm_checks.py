"""What build_char_language_model's question asks of the model, checked from outside.

The public checks and the autograder's hidden ones both call these on their own
sizes, so a rule reads the same in the self-check and in the feedback.
"""
import numpy as np

from _harness.checks import check_shape, fail, keras_model, model_outputs


def model_of(student, *args):
    return keras_model(student, "build_char_language_model", *args)


def outputs(model, x):
    return model_outputs(model, x, "int32", "int ids")


def all_layers(model):
    import keras
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, keras.Model):
            out.extend(all_layers(layer))
    return out


def check_sequence_output(out, N, T, vocab, what):
    if out.ndim == 2:
        fail(f"{what} has shape {out.shape}: the model predicts only the last step; "
             "use return_sequences=True so it predicts the next character at every step")
    check_shape(out, (N, T, vocab), what)


def check_distributions(out):
    if not (out.min() >= -1e-6) or not np.allclose(out.sum(-1), 1.0, atol=1e-4):
        fail("the outputs are not probability distributions (they should be non-negative "
             "and sum to 1): end with Dense(vocab_size, activation='softmax')")


def check_embedding(model, vocab, embed):
    import keras
    found = [layer for layer in all_layers(model) if isinstance(layer, keras.layers.Embedding)]
    if not found:
        fail("no Embedding layer: map the int ids to vectors with "
             "keras.layers.Embedding(vocab_size, embed_dim)")
    sizes = [(layer.input_dim, layer.output_dim) for layer in found]
    if (vocab, embed) not in sizes:
        fail(f"with vocab_size={vocab} and embed_dim={embed} the Embedding has "
             f"(input_dim, output_dim) = {sizes[0]}; use the arguments, not fixed numbers")


def check_recurrent(model, units):
    import keras
    layers = all_layers(model)
    if any(isinstance(layer, keras.layers.Bidirectional) for layer in layers):
        fail("a Bidirectional layer reads the future characters it should predict; a "
             "language model must only look backwards: use a plain LSTM, GRU or SimpleRNN")
    rnns = [layer for layer in layers if isinstance(layer, keras.layers.RNN)]
    if not rnns:
        fail("no recurrent layer (LSTM, GRU or SimpleRNN) found")
    found = [getattr(layer.cell, "units", None) for layer in rnns]
    if units not in found:
        fail(f"with units={units} the recurrent layer has {found[0]} units; use the argument")
    if not rnns[-1].return_sequences:
        fail("the recurrent layer returns only its last output: set return_sequences=True")


def check_defaults(model):
    import keras
    layers = all_layers(model)
    emb = [layer.output_dim for layer in layers if isinstance(layer, keras.layers.Embedding)]
    rnn = [getattr(layer.cell, "units", None) for layer in layers
           if isinstance(layer, keras.layers.RNN)]
    if 32 not in emb or 128 not in rnn:
        fail(f"called with vocab_size only, the model has embedding sizes {emb} and "
             f"recurrent units {rnn}; the defaults are embed_dim=32 and units=128")


def check_causal(model, vocab, seed):
    """Changing the characters after step 5 must not change the predictions before it."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, vocab, (2, 8))
    y = x.copy()
    y[:, 5:] = rng.integers(1, vocab, (2, 3))
    a, b = outputs(model, x), outputs(model, y)
    check_sequence_output(a, 2, 8, vocab, "the output for 2 sequences of 8 ids")
    if not np.allclose(a[:, :5], b[:, :5], atol=1e-5):
        fail("changing the characters after step 5 changed the predictions for steps 0-4: "
             "the model looks into the future (a Bidirectional layer?); a language model "
             "must predict each character from the previous ones only")


def check_sparse_loss(model, x, y):
    """The compiled loss is the cross-entropy of int targets on the softmax outputs."""
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer='adam', "
             "loss='sparse_categorical_crossentropy')")
    probs = outputs(model, x)
    check_sequence_output(probs, *np.shape(x), probs.shape[-1], "the output")
    want = float(np.mean(-np.log(np.clip(np.take_along_axis(probs, y[..., None], -1), 1e-7,
                                         1.0))))
    try:
        got = model.evaluate(x, y, verbose=0, batch_size=len(x))
    except Exception as exc:  # noqa: BLE001
        fail(f"evaluating the compiled loss on int targets (N, T) failed "
             f"({type(exc).__name__}: {str(exc)[:200]}): use "
             "loss='sparse_categorical_crossentropy' (targets are ids, not one-hot)")
    got = float(got[0] if isinstance(got, (list, tuple)) else got)
    if not abs(got - want) <= 1e-3 * max(1.0, want):
        fail(f"the compiled loss is {got:.4f} where the cross-entropy of the targets is "
             f"{want:.4f}: use loss='sparse_categorical_crossentropy' on softmax outputs")
