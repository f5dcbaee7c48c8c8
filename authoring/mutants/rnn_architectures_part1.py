"""Realistic wrong answers for rnn_architectures_part1 (see authoring/mutants/__init__.py)."""
from authoring.mutants import Mutant

MUTANTS = [
    # ---------------------------------------------------------------- many_to_one_forward
    Mutant("many_to_one_forward", "logits from the first hidden state",
           "    h = h0\n    for t in range(x.shape[1]):\n"
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n    return h @ Wy + by",
           "    h = h0\n    states = []\n    for t in range(x.shape[1]):\n"
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n        states.append(h)\n"
           "    return states[0] @ Wy + by",
           "first hidden state instead of the last"),
    Mutant("many_to_one_forward", "mean-pooled hidden states",
           "    h = h0\n    for t in range(x.shape[1]):\n"
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n    return h @ Wy + by",
           "    h = h0\n    total = 0\n    for t in range(x.shape[1]):\n"
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n        total = total + h\n"
           "    return total / x.shape[1] @ Wy + by",
           "hidden states are averaged"),
    Mutant("many_to_one_forward", "forgot the output bias", "return h @ Wy + by",
           "return h @ Wy", "output bias by is missing"),
    Mutant("many_to_one_forward", "state not carried (h0 at every step)",
           "h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)",
           "h = np.tanh(x[:, t, :] @ Wx + h0 @ Wh + b)", "state is not carried"),
    # ---------------------------------------------------------------- softmax_cross_entropy
    Mutant("softmax_cross_entropy", "no max subtraction (overflows for large logits)",
           "shifted = logits - logits.max(axis=1, keepdims=True)", "shifted = logits",
           "subtract the row maximum"),
    Mutant("softmax_cross_entropy", "loss summed over the batch",
           "loss = -log_probs[rows, y].mean()", "loss = -log_probs[rows, y].sum()",
           "summed over the batch instead of averaged"),
    Mutant("softmax_cross_entropy", "gradient not divided by N", "    dlogits /= N\n", "",
           "not divided by the batch size"),
    Mutant("softmax_cross_entropy", "forgot to subtract the one-hot",
           "dlogits[rows, y] -= 1.0", "pass", "forgot to subtract the one-hot"),
    # ---------------------------------------------------------------- many_to_many_forward
    Mutant("many_to_many_forward", "scores from the previous hidden state (off by one)",
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n"
           "        scores[:, t, :] = h @ Wy + by",
           "        scores[:, t, :] = h @ Wy + by\n"
           "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)",
           "off by one"),
    Mutant("many_to_many_forward", "tanh missing",
           "h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)", "h = x[:, t, :] @ Wx + h @ Wh + b",
           "tanh is missing"),
    # ---------------------------------------------------------------- temporal_softmax_loss
    Mutant("temporal_softmax_loss", "mask ignored",
           "weights = np.asarray(mask, dtype=float).reshape(N * T)",
           "weights = np.ones(N * T)", "mask is ignored"),
    Mutant("temporal_softmax_loss", "loss divided by the number of unmasked steps",
           "loss = -(weights * log_probs[rows, targets]).sum() / N",
           "loss = -(weights * log_probs[rows, targets]).sum() / weights.sum()",
           "divided by the number of unmasked steps"),
    Mutant("temporal_softmax_loss", "mask applied to the loss but not to the gradient",
           "dflat *= weights[:, None] / N", "dflat /= N",
           "mask is not applied to the gradient"),
    Mutant("temporal_softmax_loss", "loss and gradient divided by N*T (mean over all steps)",
           "    loss = -(weights * log_probs[rows, targets]).sum() / N\n"
           "    dflat = np.exp(log_probs)\n    dflat[rows, targets] -= 1.0\n"
           "    dflat *= weights[:, None] / N",
           "    loss = -(weights * log_probs[rows, targets]).sum() / (N * T)\n"
           "    dflat = np.exp(log_probs)\n    dflat[rows, targets] -= 1.0\n"
           "    dflat *= weights[:, None] / (N * T)",
           "divided by N*T"),
    # ---------------------------------------------------------------- conv1d_forward
    Mutant("conv1d_forward", "true convolution (flipped kernel)",
           "y += x[:, k:k + T_out, :] @ w[k]", "y += x[:, k:k + T_out, :] @ w[K - 1 - k]",
           "kernel is flipped"),
    Mutant("conv1d_forward", "forgot the bias", "y = np.zeros((N, T_out, F)) + b",
           "y = np.zeros((N, T_out, F))", "bias b is missing"),
    Mutant("conv1d_forward", "one output too few (T - K)", "T_out = T - K + 1", "T_out = T - K",
           "T-K+1"),
    # ---------------------------------------------------------------- receptive_field
    Mutant("receptive_field", "kernel_size * num_layers",
           "return int(1 + num_layers * (kernel_size - 1) * dilation_rate)",
           "return int(num_layers * kernel_size * dilation_rate)", "overlap"),
    Mutant("receptive_field", "dilation ignored",
           "return int(1 + num_layers * (kernel_size - 1) * dilation_rate)",
           "return int(1 + num_layers * (kernel_size - 1))", "dilation rate is ignored"),
    # ---------------------------------------------------------------- build_sentiment_classifier
    Mutant("build_sentiment_classifier", "no masking of padding",
           "layers.Embedding(vocab_size, embed_dim, mask_zero=True)",
           "layers.Embedding(vocab_size, embed_dim)", "mask_zero=True"),
    Mutant("build_sentiment_classifier", "order-blind model (average of word vectors)",
           "        recurrent[cell](units),\n",
           "        layers.GlobalAveragePooling1D(),\n"
           "        layers.Dense(units, activation=\"relu\"),\n",
           "ignores word order"),
    Mutant("build_sentiment_classifier", "softmax output on one unit",
           "layers.Dense(1, activation=\"sigmoid\")", "layers.Dense(1, activation=\"softmax\")",
           "activation='sigmoid'"),
    Mutant("build_sentiment_classifier", "mean squared error loss",
           "loss=\"binary_crossentropy\"", "loss=\"mse\"", "binary_crossentropy"),
    Mutant("build_sentiment_classifier", "cell argument ignored", "recurrent[cell](units)",
           "layers.LSTM(units)", "cell argument must choose the layer"),
    # ---------------------------------------------------------------- build_sequence_tagger
    Mutant("build_sequence_tagger", "forgot return_sequences",
           "layers.LSTM(units, return_sequences=True)", "layers.LSTM(units)",
           "return_sequences=True"),
    Mutant("build_sequence_tagger", "no masking of padding",
           "layers.Embedding(vocab_size, embed_dim, mask_zero=True)",
           "layers.Embedding(vocab_size, embed_dim)", "mask_zero=True"),
    Mutant("build_sequence_tagger", "per-word dense tagger (no recurrence)",
           "layers.LSTM(units, return_sequences=True)", "layers.Dense(units, activation=\"tanh\")",
           "does not use the context"),
    Mutant("build_sequence_tagger", "categorical instead of sparse categorical cross-entropy",
           "loss=\"sparse_categorical_crossentropy\"", "loss=\"categorical_crossentropy\"",
           "sparse_categorical_crossentropy"),
    # ---------------------------------------------------------------- build_seq2seq
    Mutant("build_seq2seq", "decoder not initialised from the encoder state",
           "(dec, initial_state=[h, c])", "(dec)", "encoder's final state"),
    Mutant("build_seq2seq", "encoder does not mask source padding",
           "layers.Embedding(src_vocab, embed_dim, mask_zero=True)",
           "layers.Embedding(src_vocab, embed_dim)", "padding in the source"),
    Mutant("build_seq2seq", "bidirectional decoder (sees future target tokens)",
           "layers.LSTM(units, return_sequences=True)(dec, initial_state=[h, c])",
           "layers.Bidirectional(layers.LSTM(units // 2, return_sequences=True))(dec)",
           "looks ahead"),
    Mutant("build_seq2seq", "linear output layer (no softmax)",
           "layers.Dense(tgt_vocab, activation=\"softmax\")", "layers.Dense(tgt_vocab)",
           "activation='softmax'"),
    # ---------------------------------------------------------------- build_conv1d_classifier
    Mutant("build_conv1d_classifier", "kernel_size argument ignored (always 1)",
           "layers.Conv1D(filters, kernel_size, activation=\"relu\")",
           "layers.Conv1D(filters, 1, activation=\"relu\")", "kernel_size"),
    Mutant("build_conv1d_classifier", "an LSTM instead of a convolution",
           "        layers.Conv1D(filters, kernel_size, activation=\"relu\"),\n"
           "        layers.GlobalMaxPooling1D(),\n",
           "        layers.LSTM(filters),\n",
           "Conv1D"),
    Mutant("build_conv1d_classifier", "ReLU output instead of sigmoid",
           "layers.Dense(1, activation=\"sigmoid\")", "layers.Dense(1, activation=\"relu\")",
           "activation='sigmoid'"),
]
