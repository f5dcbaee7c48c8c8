"""Realistic wrong answers for rnn_variants_overview (see authoring/mutants/__init__.py)."""
from authoring.mutants import Mutant

MUTANTS = [
    # bidirectional_rnn_forward
    Mutant("bidirectional_rnn_forward", "backward outputs not re-aligned in time",
           "run(x[:, ::-1, :], h0_bwd, *params_bwd)[:, ::-1, :]",
           "run(x[:, ::-1, :], h0_bwd, *params_bwd)", "not re-aligned in time"),
    Mutant("bidirectional_rnn_forward", "backward RNN reads the sequence forwards",
           "run(x[:, ::-1, :], h0_bwd, *params_bwd)[:, ::-1, :]",
           "run(x, h0_bwd, *params_bwd)", "reads the sequence forwards"),
    Mutant("bidirectional_rnn_forward", "concat puts the backward half first",
           "np.concatenate([h_fwd, h_bwd], axis=-1)", "np.concatenate([h_bwd, h_fwd], axis=-1)",
           "backward half first"),
    Mutant("bidirectional_rnn_forward", "'ave' returns the sum", "return (h_fwd + h_bwd) / 2",
           "return h_fwd + h_bwd", "'ave' returns the sum"),
    Mutant("bidirectional_rnn_forward", "unknown merge mode silently treated as concat",
           'if merge_mode not in ("concat", "sum", "mul", "ave"):', 'if merge_mode is None:',
           "expected a ValueError"),
    # lstm_cell_forward
    Mutant("lstm_cell_forward", "gate order i, f, o, c",
           "g = np.tanh(a[:, 2 * H:3 * H])\n    o = sigmoid(a[:, 3 * H:])",
           "g = np.tanh(a[:, 3 * H:])\n    o = sigmoid(a[:, 2 * H:3 * H])", "gate order"),
    Mutant("lstm_cell_forward", "missing tanh on the cell state",
           "h_next = o * np.tanh(c_next)", "h_next = o * c_next", "missing tanh on the cell state"),
    Mutant("lstm_cell_forward", "input and forget gates swapped",
           "c_next = f * c_prev + i * g", "c_next = i * c_prev + f * g",
           "input and forget gates swapped"),
    Mutant("lstm_cell_forward", "sigmoid candidate", "g = np.tanh(a[:, 2 * H:3 * H])",
           "g = sigmoid(a[:, 2 * H:3 * H])", "candidate uses sigmoid"),
    # lstm_cell_backward
    Mutant("lstm_cell_backward", "gradient from h_next does not reach the cell state",
           "dc = dc_next + dh_next * o * (1.0 - tanh_c ** 2)", "dc = dc_next",
           "the gradient from h_next into the cell state is missing"),
    Mutant("lstm_cell_backward", "sigmoid derivative written as tanh's (1 - s**2)",
           "dc * g * i * (1.0 - i),        # input gate\n"
           "                         dc * c_prev * f * (1.0 - f),   # forget gate\n"
           "                         dc * i * (1.0 - g ** 2),       # candidate\n"
           "                         do * o * (1.0 - o)]",
           "dc * g * (1.0 - i ** 2),\n"
           "                         dc * c_prev * (1.0 - f ** 2),\n"
           "                         dc * i * (1.0 - g ** 2),\n"
           "                         do * (1.0 - o ** 2)]", "wrong sigmoid derivative"),
    Mutant("lstm_cell_backward", "pre-activation gradient assembled as i, f, o, c",
           "dc * i * (1.0 - g ** 2),       # candidate\n"
           "                         do * o * (1.0 - o)]",
           "do * o * (1.0 - o),\n"
           "                         dc * i * (1.0 - g ** 2)]", "gate blocks in the wrong order"),
    Mutant("lstm_cell_backward", "dc_prev without the forget gate", "dc_prev = dc * f",
           "dc_prev = dc", "dc_prev is missing the forget gate"),
    # lstm_forward
    Mutant("lstm_forward", "cell state not carried between steps",
           "lstm_cell_forward(x[:, t, :], h_t, c_t, W, U, b)",
           "lstm_cell_forward(x[:, t, :], h_t, c0, W, U, b)", "cell state is not carried"),
    Mutant("lstm_forward", "c0 ignored", "h_t, c_t = h0, c0", "h_t, c_t = h0, np.zeros_like(c0)",
           "c0 is ignored"),
    Mutant("lstm_forward", "stores h in place of c", "c[:, t, :] = c_t", "c[:, t, :] = h_t",
           "instead of the cell states"),
    # gru_cell_forward
    Mutant("gru_cell_forward", "textbook GRU update",
           "return z * h_prev + (1 - z) * h_cand", "return (1 - z) * h_prev + z * h_cand",
           "textbook GRU update"),
    Mutant("gru_cell_forward", "reset applied before the matrix product with reset_after=True",
           "h_cand = np.tanh(x_part[:, 2 * H:] + r * h_part[:, 2 * H:])",
           "h_cand = np.tanh(x_part[:, 2 * H:] + (r * h_prev) @ U[:, 2 * H:] + b[1][2 * H:])",
           "reset applied before the matrix product"),
    Mutant("gru_cell_forward", "gate order r, z, h",
           "z = sigmoid(x_part[:, :H] + h_part[:, :H])\n"
           "        r = sigmoid(x_part[:, H:2 * H] + h_part[:, H:2 * H])",
           "r = sigmoid(x_part[:, :H] + h_part[:, :H])\n"
           "        z = sigmoid(x_part[:, H:2 * H] + h_part[:, H:2 * H])", "gate order"),
    Mutant("gru_cell_forward", "recurrent bias row ignored", "h_part = h_prev @ U + b[1]",
           "h_part = h_prev @ U", "recurrent bias row b[1] is ignored"),
    Mutant("gru_cell_forward", "reset after the product with reset_after=False",
           "(r * h_prev) @ U[:, 2 * H:]", "r * (h_prev @ U[:, 2 * H:])",
           "although reset_after=False"),
    # gru_forward
    Mutant("gru_forward", "state not carried", "gru_cell_forward(x[:, t, :], h_t,",
           "gru_cell_forward(x[:, t, :], h0,", "state is not carried"),
    Mutant("gru_forward", "reset_after not passed on", ", reset_after=reset_after)", ")",
           "reset_after is not passed on"),
    # count_rnn_params
    Mutant("count_rnn_params", "GRU second bias row forgotten",
           "per_direction += k * units  # the second (recurrent) bias row", "pass",
           "two bias rows"),
    Mutant("count_rnn_params", "bidirectional not doubled", "(2 if bidirectional else 1)", "1",
           "double the count"),
    Mutant("count_rnn_params", "recurrent weights forgotten",
           "input_dim * units + units * units + units", "input_dim * units + units",
           "recurrent weights"),
    Mutant("count_rnn_params", "LSTM counted with 3 blocks", '"lstm": 4', '"lstm": 3',
           "an LSTM has 4 blocks"),
    # build_recurrent_classifier
    Mutant("build_recurrent_classifier", "bidirectional flag ignored",
           "    if bidirectional:\n        recurrent = keras.layers.Bidirectional(recurrent)\n",
           "", "Bidirectional"),
    Mutant("build_recurrent_classifier", "no softmax on the output",
           'keras.layers.Dense(num_classes, activation="softmax")',
           "keras.layers.Dense(num_classes)", "softmax"),
    Mutant("build_recurrent_classifier", "categorical cross-entropy with integer labels",
           'loss="sparse_categorical_crossentropy"', 'loss="categorical_crossentropy"',
           "sparse_categorical_crossentropy"),
    Mutant("build_recurrent_classifier", "returns sequences",
           "recurrent = layer_types[cell](units)",
           "recurrent = layer_types[cell](units, return_sequences=True)", "return_sequences"),
    Mutant("build_recurrent_classifier", "default Adam learning rate",
           "keras.optimizers.Adam(learning_rate=0.01, clipnorm=1.0)", '"adam"',
           "learning rate"),
    # make_recall_task
    Mutant("make_recall_task", "marker channel forgotten", "    X[:, 0, num_symbols] = 1.0\n", "",
           "marker channel is missing"),
    Mutant("make_recall_task", "noise not scaled", "noise * rng.standard_normal(",
           "rng.standard_normal(", "not scaled by `noise`"),
    Mutant("make_recall_task", "global np.random instead of rng",
           "noise * rng.standard_normal((n, T - 1, num_symbols))",
           "noise * np.random.standard_normal((n, T - 1, num_symbols))", "from `rng`"),
    Mutant("make_recall_task", "uniform noise", "noise * rng.standard_normal((n, T - 1, num_symbols))",
           "noise * np.sqrt(3) * rng.uniform(-1, 1, (n, T - 1, num_symbols))",
           "does not look Gaussian"),
    # variant_quiz
    Mutant("variant_quiz", "thinks a bidirectional LSTM works for live captioning",
           '"q1": "c"', '"q1": "a"', "needs the future"),
    Mutant("variant_quiz", "textbook GRU convention", '"q6": "b"', '"q6": "a"',
           "z weighs the old state"),
]
