"""Correct answers in other students' styles for rnn_architectures_part1 (see
authoring/styles/__init__.py). The setup cell provides ``np``, ``keras`` and ``layers``."""

MANY_TO_ONE_EINSUM = r'''def many_to_one_forward(x, h0, Wx, Wh, b, Wy, by):
    """Many-to-one RNN: tanh recurrence over all steps, logits from the last state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns logits (N, C) = h_{T-1} @ Wy + by.
    """
    h = h0
    for x_t in np.moveaxis(x, 1, 0):             # one (N, D) slice per step
        h = np.tanh(np.einsum("nd,dh->nh", x_t, Wx) + np.einsum("nk,kh->nh", h, Wh) + b)
    return np.einsum("nh,hc->nc", h, Wy) + by
'''

MANY_TO_ONE_REDUCE = r'''from functools import reduce


def many_to_one_forward(x, h0, Wx, Wh, b, Wy, by):
    """Many-to-one RNN: tanh recurrence over all steps, logits from the last state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns logits (N, C) = h_{T-1} @ Wy + by.
    """
    def rnn_step(h, x_t):
        return np.tanh(np.dot(x_t, Wx) + np.dot(h, Wh) + b)

    h_last = reduce(rnn_step, np.swapaxes(x, 0, 1), h0)
    return np.dot(h_last, Wy) + by
'''

SOFTMAX_CE_ONEHOT = r'''def softmax_cross_entropy(logits, y):
    """Mean softmax cross-entropy over the batch, and its gradient.

    logits (N, C) floats, y (N,) integer classes in [0, C).
    Returns (loss, dlogits): loss a float, dlogits (N, C) = dL/dlogits.
    Stable for large logits (subtract the row maximum).
    """
    z = np.asarray(logits, dtype=float)                  # the caller's array itself
    y = np.asarray(y, dtype=int)
    N = z.shape[0]
    z -= np.max(z, axis=1, keepdims=True)                # in place: largest entry becomes 0
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)
    p = e / total
    onehot = np.zeros_like(p)
    onehot[np.arange(N), y] = 1.0
    loss = -np.sum(onehot * (z - np.log(total))) / N
    dlogits = (p - onehot) / N
    return float(loss), dlogits
'''

SOFTMAX_CE_LOGSOFTMAX = r'''def _log_softmax_rows(z):
    """log softmax along the last axis, via log-sum-exp."""
    top = z.max(axis=-1, keepdims=True)
    return z - top - np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))


def softmax_cross_entropy(logits, y):
    """Mean softmax cross-entropy over the batch, and its gradient.

    logits (N, C) floats, y (N,) integer classes in [0, C).
    Returns (loss, dlogits): loss a float, dlogits (N, C) = dL/dlogits.
    Stable for large logits (subtract the row maximum).
    """
    log_p = _log_softmax_rows(np.asarray(logits, float))
    labels = np.asarray(y).astype(int)
    n = log_p.shape[0]
    picked = np.take_along_axis(log_p, labels[:, None], axis=1)
    loss = -picked.mean()
    grad = np.exp(log_p)
    np.subtract.at(grad, (np.arange(n), labels), 1.0)
    grad /= n
    return float(loss), grad
'''

BUILD_SENTIMENT_FUNCTIONAL = r'''def build_sentiment_classifier(vocab_size, embed_dim=32, units=32, cell="lstm"):
    """Compiled many-to-one sentiment model.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM / GRU / SimpleRNN (cell = "lstm" / "gru" / "simple_rnn", else ValueError)
    -> Dense(1, sigmoid). Loss: binary cross-entropy.
    """
    choices = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU,
               "simple_rnn": keras.layers.SimpleRNN}
    if cell not in choices:
        raise ValueError(f"cell should be lstm, gru or simple_rnn, got {cell}")
    tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
    vectors = keras.layers.Embedding(input_dim=vocab_size, output_dim=embed_dim,
                                     mask_zero=True, name="word_vectors")(tokens)
    summary = choices[cell](units, name="reader")(vectors)
    positive = keras.layers.Dense(1, activation="sigmoid", name="positive")(summary)
    model = keras.Model(tokens, positive, name="sentiment")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
'''

BUILD_SENTIMENT_ADD = r'''def build_sentiment_classifier(vocab_size, embed_dim=32, units=32, cell="lstm"):
    """Compiled many-to-one sentiment model.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM / GRU / SimpleRNN (cell = "lstm" / "gru" / "simple_rnn", else ValueError)
    -> Dense(1, sigmoid). Loss: binary cross-entropy.
    """
    if cell == "lstm":
        recurrent = layers.LSTM(units)
    elif cell == "gru":
        recurrent = layers.GRU(units)
    elif cell == "simple_rnn":
        recurrent = layers.SimpleRNN(units)
    else:
        raise ValueError("unknown cell " + repr(cell))
    model = keras.Sequential()
    model.add(layers.Input(shape=(None,), dtype="int32"))
    model.add(layers.Embedding(vocab_size, embed_dim, mask_zero=True))  # 0 = padding
    model.add(recurrent)
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model
'''

MANY_TO_MANY_EINSUM = r'''def many_to_many_forward(x, h0, Wx, Wh, b, Wy, by):
    """Aligned many-to-many RNN: scores at every step from that step's hidden state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns scores (N, T, C) with scores[:, t] = h_t @ Wy + by.
    """
    hidden = []
    h = h0
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hidden.append(h)
    hs = np.stack(hidden, axis=1)                   # (N, T, H)
    # one output projection for all steps at once
    return np.einsum("nth,hc->ntc", hs, Wy) + by
'''

MANY_TO_MANY_DOT = r'''def many_to_many_forward(x, h0, Wx, Wh, b, Wy, by):
    """Aligned many-to-many RNN: scores at every step from that step's hidden state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns scores (N, T, C) with scores[:, t] = h_t @ Wy + by.
    """
    N, T, D = x.shape
    step_scores = []
    h_t = h0.copy()
    for t in range(T):
        h_t = np.tanh(np.dot(x[:, t, :], Wx) + np.dot(h_t, Wh) + b)
        step_scores.append(np.dot(h_t, Wy) + by)
    return np.stack(step_scores, axis=1)
'''

TEMPORAL_LOSS_LOOP = r'''def temporal_softmax_loss(scores, y, mask):
    """Masked softmax cross-entropy over time, summed over real steps, divided by N.

    scores (N, T, C), y (N, T) integer classes, mask (N, T) booleans (True = real step).
    Returns (loss, dscores): loss a float, dscores (N, T, C) = dL/dscores.
    """
    N, T, C = scores.shape
    y = np.asarray(y, dtype=int)
    m = np.asarray(mask, dtype=bool)
    rows = np.arange(N)
    loss = 0.0
    dscores = np.zeros((N, T, C))
    for t in range(T):
        s = scores[:, t, :] - scores[:, t, :].max(axis=1, keepdims=True)
        lse = np.log(np.exp(s).sum(axis=1))
        log_p_true = s[rows, y[:, t]] - lse
        loss -= np.sum(log_p_true[m[:, t]])          # only real steps count
        p = np.exp(s - lse[:, None])
        p[rows, y[:, t]] -= 1.0
        dscores[:, t, :] = p * m[:, t, None] / N
    return float(loss / N), dscores
'''

TEMPORAL_LOSS_VECTOR = r'''def temporal_softmax_loss(scores, y, mask):
    """Masked softmax cross-entropy over time, summed over real steps, divided by N.

    scores (N, T, C), y (N, T) integer classes, mask (N, T) booleans (True = real step).
    Returns (loss, dscores): loss a float, dscores (N, T, C) = dL/dscores.
    """
    shifted = np.asarray(scores, dtype=float)
    N = shifted.shape[0]
    shifted -= shifted.max(axis=2, keepdims=True)          # in place, in the caller's array
    exp_s = np.exp(shifted)
    denom = exp_s.sum(axis=2, keepdims=True)
    probs = exp_s / denom
    lbl = np.asarray(y).astype(np.int64)[..., None]               # (N, T, 1)
    nll = (np.log(denom) - np.take_along_axis(shifted, lbl, axis=2))[..., 0]
    keep = np.asarray(mask).astype(bool)
    loss = np.where(keep, nll, 0.0).sum() / N
    dscores = probs.copy()
    np.put_along_axis(dscores, lbl, np.take_along_axis(probs, lbl, axis=2) - 1.0, axis=2)
    dscores *= keep[..., None] / N
    return float(loss), dscores
'''

BUILD_TAGGER_FUNCTIONAL = r'''def build_sequence_tagger(vocab_size, num_tags, embed_dim=32, units=32):
    """Compiled aligned many-to-many tagger.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM(return_sequences=True) -> Dense(num_tags, softmax): output (None, None, num_tags).
    Loss: sparse categorical cross-entropy.
    """
    word_ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    x = layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="embed")(word_ids)
    x = layers.LSTM(units, return_sequences=True, name="lstm_states")(x)   # one state per word
    tag_probs = layers.Dense(num_tags, activation="softmax", name="tag_probs")(x)
    tagger = keras.Model(inputs=word_ids, outputs=tag_probs, name="tagger")
    tagger.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                   loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return tagger
'''

BUILD_TAGGER_ADD = r'''def build_sequence_tagger(vocab_size, num_tags, embed_dim=32, units=32):
    """Compiled aligned many-to-many tagger.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM(return_sequences=True) -> Dense(num_tags, softmax): output (None, None, num_tags).
    Loss: sparse categorical cross-entropy.
    """
    model = keras.Sequential(name="pos_tagger")
    model.add(keras.Input(shape=(None,), dtype="int32"))
    model.add(keras.layers.Embedding(input_dim=vocab_size, output_dim=embed_dim,
                                     mask_zero=True))
    model.add(keras.layers.LSTM(units=units, return_sequences=True))
    model.add(keras.layers.Dense(units=num_tags, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy"])
    return model
'''

BUILD_SEQ2SEQ_NAMED = r'''def build_seq2seq(src_vocab, tgt_vocab, embed_dim=32, units=64):
    """Compiled encoder-decoder for teacher-forced training.

    Inputs [src (None, None), tgt_in (None, None)] int ids, 0 = padding (masked).
    The encoder LSTM's final states (h, c) initialise the decoder LSTM
    (return_sequences=True) -> Dense(tgt_vocab, softmax): output (None, None, tgt_vocab).
    Loss: sparse categorical cross-entropy.
    """
    # encoder
    encoder_inputs = keras.Input(shape=(None,), dtype="int32", name="encoder_tokens")
    encoder_emb = keras.layers.Embedding(src_vocab, embed_dim, mask_zero=True,
                                         name="encoder_embedding")(encoder_inputs)
    encoder_out, state_h, state_c = keras.layers.LSTM(
        units, return_state=True, name="encoder_lstm")(encoder_emb)

    # decoder, started from the encoder's final states
    decoder_inputs = keras.Input(shape=(None,), dtype="int32", name="decoder_tokens")
    decoder_emb = keras.layers.Embedding(tgt_vocab, embed_dim, mask_zero=True,
                                         name="decoder_embedding")(decoder_inputs)
    decoder_seq = keras.layers.LSTM(units, return_sequences=True, name="decoder_lstm")(
        decoder_emb, initial_state=[state_h, state_c])
    next_token = keras.layers.Dense(tgt_vocab, activation="softmax",
                                    name="next_token")(decoder_seq)

    model = keras.Model(inputs=[encoder_inputs, decoder_inputs], outputs=next_token,
                        name="seq2seq")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    return model
'''

BUILD_SEQ2SEQ_STATES = r'''def build_seq2seq(src_vocab, tgt_vocab, embed_dim=32, units=64):
    """Compiled encoder-decoder for teacher-forced training.

    Inputs [src (None, None), tgt_in (None, None)] int ids, 0 = padding (masked).
    The encoder LSTM's final states (h, c) initialise the decoder LSTM
    (return_sequences=True) -> Dense(tgt_vocab, softmax): output (None, None, tgt_vocab).
    Loss: sparse categorical cross-entropy.
    """
    src_ids = layers.Input(shape=(None,), dtype="int32")
    tgt_ids = layers.Input(shape=(None,), dtype="int32")

    src_emb = layers.Embedding(src_vocab, embed_dim, mask_zero=True)
    tgt_emb = layers.Embedding(tgt_vocab, embed_dim, mask_zero=True)
    encoder = layers.LSTM(units, return_sequences=False, return_state=True)
    decoder = layers.LSTM(units, return_sequences=True)
    projection = layers.Dense(tgt_vocab, activation="softmax")

    enc_results = encoder(src_emb(src_ids))
    enc_states = list(enc_results[1:])           # [h, c]; the output itself is not needed
    dec_seq = decoder(tgt_emb(tgt_ids), initial_state=enc_states)
    model = keras.Model([src_ids, tgt_ids], projection(dec_seq))
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''

CONV1D_TENSORDOT = r'''def conv1d_forward(x, w, b):
    """Valid 1-D cross-correlation, stride 1, as keras.layers.Conv1D(padding="valid").

    x (N, T, D), w (K, D, F), b (F,). Returns y (N, T-K+1, F) with
    y[:, t] = b + sum_k x[:, t+k] @ w[k]. ValueError if T < K or D mismatch.
    """
    N, T, D = x.shape
    K, D_w, F = w.shape
    if D != D_w:
        raise ValueError("channel mismatch between x and w")
    if T < K:
        raise ValueError("kernel is longer than the sequence")
    L = T - K + 1
    out = np.empty((N, L, F))
    for t in range(L):
        patch = x[:, t:t + K, :]                                   # (N, K, D)
        out[:, t, :] = np.tensordot(patch, w, axes=([1, 2], [0, 1])) + b
    return out
'''

CONV1D_IM2COL = r'''def conv1d_forward(x, w, b):
    """Valid 1-D cross-correlation, stride 1, as keras.layers.Conv1D(padding="valid").

    x (N, T, D), w (K, D, F), b (F,). Returns y (N, T-K+1, F) with
    y[:, t] = b + sum_k x[:, t+k] @ w[k]. ValueError if T < K or D mismatch.
    """
    N, T, D = x.shape
    K = w.shape[0]
    if w.shape[1] != D or T < K:
        raise ValueError(f"cannot convolve x {x.shape} with w {w.shape}")
    L = T - K + 1
    # im2col: cols[n, t] holds the K*D inputs that output step t looks at
    cols = np.stack([x[:, k:k + L, :] for k in range(K)], axis=2)   # (N, L, K, D)
    return cols.reshape(N, L, K * D) @ w.reshape(K * D, -1) + b
'''

RECEPTIVE_FIELD_LOOP = r'''def receptive_field(kernel_size, num_layers, dilation_rate=1):
    """Number of consecutive input steps one output of a stack of Conv1D layers spans.

    num_layers layers, all with this kernel_size and dilation_rate, stride 1.
    Returns 1 + num_layers * (kernel_size - 1) * dilation_rate (an int).
    ValueError if any argument is < 1.
    """
    if kernel_size < 1 or num_layers < 1 or dilation_rate < 1:
        raise ValueError("kernel_size, num_layers and dilation_rate must all be >= 1")
    span = 1
    for _ in range(num_layers):
        # each layer widens the view by (kernel_size - 1) dilated steps
        span += (kernel_size - 1) * dilation_rate
    return int(span)
'''

RECEPTIVE_FIELD_EFFECTIVE = r'''def receptive_field(kernel_size, num_layers, dilation_rate=1):
    """Number of consecutive input steps one output of a stack of Conv1D layers spans.

    num_layers layers, all with this kernel_size and dilation_rate, stride 1.
    Returns 1 + num_layers * (kernel_size - 1) * dilation_rate (an int).
    ValueError if any argument is < 1.
    """
    if min(kernel_size, num_layers, dilation_rate) < 1:
        raise ValueError(f"invalid arguments {(kernel_size, num_layers, dilation_rate)}")
    effective_kernel = dilation_rate * (kernel_size - 1) + 1
    return int(num_layers * (effective_kernel - 1) + 1)
'''

BUILD_CONV1D_FUNCTIONAL = r'''def build_conv1d_classifier(vocab_size, embed_dim=32, filters=32, kernel_size=3):
    """Compiled CNN sequence classifier.

    Input int ids (None, None). Embedding -> Conv1D(filters, kernel_size, relu) ->
    GlobalMaxPooling1D -> Dense(1, sigmoid): output (None, 1).
    Loss: binary cross-entropy.
    """
    ids = keras.Input(shape=(None,), dtype="int32")
    h = keras.layers.Embedding(vocab_size, embed_dim)(ids)
    h = keras.layers.Conv1D(filters=filters, kernel_size=kernel_size, activation="relu")(h)
    h = keras.layers.GlobalMaxPooling1D()(h)       # strongest response of each filter
    out = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(ids, out, name="cnn_classifier")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
'''

BUILD_CONV1D_ADD = r'''def build_conv1d_classifier(vocab_size, embed_dim=32, filters=32, kernel_size=3):
    """Compiled CNN sequence classifier.

    Input int ids (None, None). Embedding -> Conv1D(filters, kernel_size, relu) ->
    GlobalMaxPooling1D -> Dense(1, sigmoid): output (None, 1).
    Loss: binary cross-entropy.
    """
    model = keras.Sequential(name="conv_text")
    model.add(layers.Input(shape=(None,), dtype="int32"))
    model.add(layers.Embedding(vocab_size, embed_dim, name="emb"))
    model.add(layers.Conv1D(filters, kernel_size, padding="valid", activation="relu",
                            name="conv"))
    model.add(layers.GlobalMaxPooling1D(name="max_over_time"))
    model.add(layers.Dense(1, activation="sigmoid", name="prob"))
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model
'''

STYLES = {
    "many_to_one_forward": [MANY_TO_ONE_EINSUM, MANY_TO_ONE_REDUCE],
    "softmax_cross_entropy": [SOFTMAX_CE_ONEHOT, SOFTMAX_CE_LOGSOFTMAX],
    "build_sentiment_classifier": [BUILD_SENTIMENT_FUNCTIONAL, BUILD_SENTIMENT_ADD],
    "many_to_many_forward": [MANY_TO_MANY_EINSUM, MANY_TO_MANY_DOT],
    "temporal_softmax_loss": [TEMPORAL_LOSS_LOOP, TEMPORAL_LOSS_VECTOR],
    "build_sequence_tagger": [BUILD_TAGGER_FUNCTIONAL, BUILD_TAGGER_ADD],
    "build_seq2seq": [BUILD_SEQ2SEQ_NAMED, BUILD_SEQ2SEQ_STATES],
    "conv1d_forward": [CONV1D_TENSORDOT, CONV1D_IM2COL],
    "receptive_field": [RECEPTIVE_FIELD_LOOP, RECEPTIVE_FIELD_EFFECTIVE],
    "build_conv1d_classifier": [BUILD_CONV1D_FUNCTIONAL, BUILD_CONV1D_ADD],
}
