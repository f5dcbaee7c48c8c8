"""Correct answers in other students' styles for rnn_architectures_part2 (see
authoring/styles/__init__.py). The setup cell provides ``np``, ``keras`` and ``FAST``."""

ONE_TO_ONE_DOT = r'''def one_to_one_forward(x, Wx, b, Wy, by):
    """One-to-one network: logits = tanh(x @ Wx + b) @ Wy + by.

    x (N, D), Wx (D, H), b (H,), Wy (H, C), by (C,). Returns logits (N, C).
    This is one RNN step from h0 = 0 followed by a linear output layer.
    """
    return np.dot(np.tanh(np.dot(x, Wx) + b), Wy) + by
'''

ONE_TO_ONE_EINSUM = r'''def one_to_one_forward(x, Wx, b, Wy, by):
    """One-to-one network: logits = tanh(x @ Wx + b) @ Wy + by.

    x (N, D), Wx (D, H), b (H,), Wy (H, C), by (C,). Returns logits (N, C).
    This is one RNN step from h0 = 0 followed by a linear output layer.
    """
    # h0 = 0, so the recurrent term h0 @ Wh vanishes
    hidden = np.tanh(np.einsum("nd,dh->nh", x, Wx) + b)
    logits = np.einsum("nh,hc->nc", hidden, Wy) + by
    return logits
'''

SAMPLE_INVERSE_CDF = r'''def sample_with_temperature(logits, temperature, rng):
    """Draw one token id from softmax(logits / temperature); argmax if temperature == 0.

    logits (V,) scores, temperature >= 0, rng a numpy.random.Generator.
    Returns an int in [0, V).
    """
    scores = np.array(logits, dtype=float)        # a copy, the caller's array stays as is
    if temperature == 0:
        return int(scores.argmax())
    scores /= temperature
    weights = np.exp(scores - scores.max())
    probs = weights / weights.sum()
    # inverse CDF: first index whose cumulative probability passes u
    u = rng.random()
    idx = int(np.searchsorted(np.cumsum(probs), u, side="right"))
    return min(idx, len(probs) - 1)
'''

SAMPLE_GUMBEL = r'''def sample_with_temperature(logits, temperature, rng):
    """Draw one token id from softmax(logits / temperature); argmax if temperature == 0.

    logits (V,) scores, temperature >= 0, rng a numpy.random.Generator.
    Returns an int in [0, V).
    """
    logits = np.asarray(logits, dtype=float)
    if temperature <= 0:
        return int(np.argmax(logits))
    # Gumbel-max trick: argmax(z + Gumbel noise) is a sample from softmax(z)
    z = logits / temperature
    noise = rng.gumbel(size=z.shape)
    return int(np.argmax(z + noise))
'''

GENERATE_ONE_HOT = r'''def generate_sequence(start_idx, h0, Wx, Wh, b, Wy, by, length, temperature, rng,
                      stop_idx=None):
    """Generate token ids one at a time, feeding each sampled token back as input.

    start_idx: first input token; h0 (H,); Wx (V, H), Wh (H, H), b (H,),
    Wy (H, V), by (V,). Each step: one-hot input, tanh RNN step, logits h @ Wy + by,
    next token from sample_with_temperature(logits, temperature, rng).
    Returns a list of at most `length` ints (start excluded); stops after stop_idx.
    """
    V = Wx.shape[0]
    one_hot = np.eye(V)
    h = np.asarray(h0, dtype=float).copy()
    generated = []
    prev = start_idx
    while len(generated) < length:
        h = np.tanh(one_hot[prev] @ Wx + h @ Wh + b)
        nxt = int(sample_with_temperature(h @ Wy + by, temperature, rng))
        generated.append(nxt)
        if nxt == stop_idx:
            break
        prev = nxt
    return generated
'''

GENERATE_LOOKUP = r'''def generate_sequence(start_idx, h0, Wx, Wh, b, Wy, by, length, temperature, rng,
                      stop_idx=None):
    """Generate token ids one at a time, feeding each sampled token back as input.

    start_idx: first input token; h0 (H,); Wx (V, H), Wh (H, H), b (H,),
    Wy (H, V), by (V,). Each step: one-hot input, tanh RNN step, logits h @ Wy + by,
    next token from sample_with_temperature(logits, temperature, rng).
    Returns a list of at most `length` ints (start excluded); stops after stop_idx.
    """
    state = np.array(h0, dtype=float)
    token = int(start_idx)
    result = []
    for _ in range(length):
        # one-hot @ Wx just picks row `token` of Wx
        state = np.tanh(Wx[token] + np.dot(state, Wh) + b)
        scores = np.dot(state, Wy) + by
        token = int(sample_with_temperature(scores, temperature, rng))
        result.append(token)
        if stop_idx is not None and token == stop_idx:
            break
    return result
'''

PERPLEXITY_INDEXING = r'''def perplexity(probs, targets, mask=None):
    """exp of the mean negative log-likelihood of the targets over unmasked positions.

    probs (N, T, V) predicted distributions, targets (N, T) int ids,
    mask (N, T) bool or None (every position counts). Returns a float.
    """
    probs = np.asarray(probs, dtype=float)
    targets = np.asarray(targets, dtype=int)
    n_idx, t_idx = np.indices(targets.shape)
    p_true = probs[n_idx, t_idx, targets]           # (N, T)
    keep = np.ones(targets.shape, bool) if mask is None else np.asarray(mask, bool)
    mean_nll = -np.mean(np.log(p_true[keep]))       # average logs: no underflow
    return float(np.exp(mean_nll))
'''

PERPLEXITY_LOOPS = r'''import math


def perplexity(probs, targets, mask=None):
    """exp of the mean negative log-likelihood of the targets over unmasked positions.

    probs (N, T, V) predicted distributions, targets (N, T) int ids,
    mask (N, T) bool or None (every position counts). Returns a float.
    """
    N, T = np.shape(targets)
    log_likelihood = 0.0
    count = 0
    for n in range(N):
        for t in range(T):
            if mask is not None and not mask[n][t]:
                continue
            log_likelihood += math.log(probs[n][t][int(targets[n][t])])
            count += 1
    return math.exp(-log_likelihood / count)
'''

CHAR_LM_FUNCTIONAL = r'''def build_char_language_model(vocab_size, embed_dim=32, units=128):
    """Character language model: int ids (None, None) -> softmax (None, None, vocab_size).

    Embedding(vocab_size, embed_dim) -> recurrent layer with `units` units returning
    sequences -> Dense softmax over the vocabulary at every step; compiled with Adam
    and sparse categorical cross-entropy. Returns the compiled keras.Model.
    """
    chars = keras.Input(shape=(None,), dtype="int32", name="char_ids")
    x = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="char_embedding")(chars)
    x = keras.layers.LSTM(units, return_sequences=True, name="char_lstm")(x)
    next_char = keras.layers.Dense(vocab_size, activation="softmax", name="next_char")(x)
    model = keras.Model(inputs=chars, outputs=next_char, name="char_lm")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy())
    return model
'''

CHAR_LM_ADD = r'''def build_char_language_model(vocab_size, embed_dim=32, units=128):
    """Character language model: int ids (None, None) -> softmax (None, None, vocab_size).

    Embedding(vocab_size, embed_dim) -> recurrent layer with `units` units returning
    sequences -> Dense softmax over the vocabulary at every step; compiled with Adam
    and sparse categorical cross-entropy. Returns the compiled keras.Model.
    """
    from keras import layers
    lm = keras.Sequential()
    lm.add(layers.Input(shape=(None,), dtype="int32"))
    lm.add(layers.Embedding(input_dim=vocab_size, output_dim=embed_dim, mask_zero=True))
    lm.add(layers.LSTM(units, return_sequences=True))      # a prediction at every step
    lm.add(layers.Dense(vocab_size, activation="softmax"))
    lm.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    return lm
'''

FORECAST_DEQUE = r'''from collections import deque


def forecast_autoregressive(step_fn, history, steps):
    """Forecast `steps` values by feeding each prediction back into a rolling window.

    step_fn(window) -> next value, for a window of len(history) values;
    history 1-D (the last observed values, oldest first). Returns (steps,) floats.
    """
    recent = deque(np.asarray(history, dtype=float).tolist(), maxlen=len(history))
    predictions = []
    for _ in range(steps):
        value = float(step_fn(np.array(recent)))
        predictions.append(value)
        recent.append(value)        # maxlen drops the oldest value
    return np.array(predictions, dtype=float)
'''

FORECAST_BUFFER = r'''def forecast_autoregressive(step_fn, history, steps):
    """Forecast `steps` values by feeding each prediction back into a rolling window.

    step_fn(window) -> next value, for a window of len(history) values;
    history 1-D (the last observed values, oldest first). Returns (steps,) floats.
    """
    L = len(history)
    # history followed by room for the forecast; the window slides along it
    buffer = np.concatenate([np.asarray(history, dtype=float), np.zeros(steps)])
    for k in range(steps):
        buffer[L + k] = float(step_fn(buffer[k:k + L].copy()))
    return buffer[L:].copy()
'''

SPLIT_SIZES = r'''def chronological_split(series, val_fraction, test_fraction):
    """Split a series in time order into (train, val, test): no shuffling.

    series 1-D; n_val = int(n * val_fraction), n_test = int(n * test_fraction) for
    n = len(series); train is the oldest rest, test the most recent values.
    Returns three 1-D arrays whose concatenation is the series.
    """
    import math
    values = np.array(series, dtype=float)
    n_test = math.floor(len(values) * test_fraction)
    n_val = math.floor(len(values) * val_fraction)
    test_start = len(values) - n_test
    val_start = test_start - n_val
    return values[:val_start], values[val_start:test_start], values[test_start:]
'''

SPLIT_INDICES = r'''def chronological_split(series, val_fraction, test_fraction):
    """Split a series in time order into (train, val, test): no shuffling.

    series 1-D; n_val = int(n * val_fraction), n_test = int(n * test_fraction) for
    n = len(series); train is the oldest rest, test the most recent values.
    Returns three 1-D arrays whose concatenation is the series.
    """
    data = np.asarray(series)
    n = data.shape[0]
    cut_points = [n - int(n * val_fraction) - int(n * test_fraction), n - int(n * test_fraction)]
    train, val, test = np.split(data, cut_points)   # views, in time order
    return train.copy(), val.copy(), test.copy()
'''

SCALER_TUPLE = r'''def standardize_splits(train, val, test):
    """Standardise three parts with the mean and std of the training part only.

    train, val, test 1-D. mean = train.mean(), std = train.std() (ddof=0).
    Returns (train_s, val_s, test_s, mean, std), each part as (part - mean) / std.
    """
    mu = np.mean(train)
    sigma = np.sqrt(np.mean((np.asarray(train, dtype=float) - mu) ** 2))
    scale = lambda part: (np.asarray(part, dtype=float) - mu) / sigma
    return scale(train), scale(val), scale(test), float(mu), float(sigma)
'''

SCALER_LOOP = r'''def standardize_splits(train, val, test):
    """Standardise three parts with the mean and std of the training part only.

    train, val, test 1-D. mean = train.mean(), std = train.std() (ddof=0).
    Returns (train_s, val_s, test_s, mean, std), each part as (part - mean) / std.
    """
    reference = np.array(train, dtype=float)
    centre, spread = reference.mean(), reference.std()
    scaled = []
    for part in (train, val, test):
        z = np.array(part, dtype=float)   # a copy: the caller's arrays stay as they are
        z -= centre
        z /= spread
        scaled.append(z)
    return scaled[0], scaled[1], scaled[2], centre, spread
'''

SEASONAL_TILE = r'''def seasonal_naive_forecast(series, season, horizon):
    """Forecast `horizon` values by repeating the last `season` values of the series.

    series 1-D (at least `season` values), season >= 1 (1: the naive forecast),
    horizon >= 1. Step h is series[n - season + (h % season)]. Returns (horizon,) floats.
    """
    last = np.asarray(series, dtype=float)[-season:]
    repeats = -(-horizon // season)          # ceiling division
    return np.tile(last, repeats)[:horizon]
'''

SEASONAL_INDEX = r'''def seasonal_naive_forecast(series, season, horizon):
    """Forecast `horizon` values by repeating the last `season` values of the series.

    series 1-D (at least `season` values), season >= 1 (1: the naive forecast),
    horizon >= 1. Step h is series[n - season + (h % season)]. Returns (horizon,) floats.
    """
    values = np.asarray(series, dtype=float)
    n = len(values)
    steps = np.arange(horizon)
    return values[n - season + steps % season]
'''

MAE_DIRECT = r'''def mae_in_units(pred_std, true_std, mean, std):
    """Mean absolute error in the series' own units, from standardised values.

    pred_std, true_std arrays of one shape (standardised); mean, std the scaler's.
    Returns mean(|pred - true|) with value = value_std * std + mean, as a float.
    """
    # the mean cancels in the difference; std scales it
    return float(np.abs(np.subtract(pred_std, true_std)).mean() * abs(std))
'''

MAE_UNSCALE = r'''def unscale(values, mean, std):
    return np.asarray(values, dtype=float) * std + mean


def mae_in_units(pred_std, true_std, mean, std):
    """Mean absolute error in the series' own units, from standardised values.

    pred_std, true_std arrays of one shape (standardised); mean, std the scaler's.
    Returns mean(|pred - true|) with value = value_std * std + mean, as a float.
    """
    errors = np.abs(unscale(pred_std, mean, std) - unscale(true_std, mean, std))
    return float(errors.sum() / errors.size)
'''

FORECASTER_FUNCTIONAL = r'''def build_forecaster(window, units=32):
    """Many-to-one forecaster: (None, window, 1) -> (None, 1), the next value.

    Input(shape=(window, 1)) -> recurrent layer with `units` units (last output) ->
    Dense(1) without activation; compiled with Adam and the mean squared error.
    Returns the compiled keras.Model.
    """
    past = keras.Input(shape=(window, 1), name="past_changes")
    state = keras.layers.GRU(units, name="reader")(past)
    nxt = keras.layers.Dense(1, name="next_change")(state)
    model = keras.Model(past, nxt, name="co2_forecaster")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.MeanSquaredError())
    return model
'''

FORECASTER_ADD = r'''def build_forecaster(window, units=32):
    """Many-to-one forecaster: (None, window, 1) -> (None, 1), the next value.

    Input(shape=(window, 1)) -> recurrent layer with `units` units (last output) ->
    Dense(1) without activation; compiled with Adam and the mean squared error.
    Returns the compiled keras.Model.
    """
    from keras import layers
    net = keras.Sequential()
    net.add(layers.Input(shape=(window, 1)))
    net.add(layers.LSTM(units))                 # returns the last output only
    net.add(layers.Dense(1, activation=None))
    net.compile(optimizer=keras.optimizers.Adam(0.01), loss="mean_squared_error")
    return net
'''

STYLES = {
    "one_to_one_forward": [ONE_TO_ONE_DOT, ONE_TO_ONE_EINSUM],
    "sample_with_temperature": [SAMPLE_INVERSE_CDF, SAMPLE_GUMBEL],
    "generate_sequence": [GENERATE_ONE_HOT, GENERATE_LOOKUP],
    "perplexity": [PERPLEXITY_INDEXING, PERPLEXITY_LOOPS],
    "build_char_language_model": [CHAR_LM_FUNCTIONAL, CHAR_LM_ADD],
    "forecast_autoregressive": [FORECAST_DEQUE, FORECAST_BUFFER],
    "chronological_split": [SPLIT_SIZES, SPLIT_INDICES],
    "standardize_splits": [SCALER_TUPLE, SCALER_LOOP],
    "seasonal_naive_forecast": [SEASONAL_TILE, SEASONAL_INDEX],
    "mae_in_units": [MAE_DIRECT, MAE_UNSCALE],
    "build_forecaster": [FORECASTER_FUNCTIONAL, FORECASTER_ADD],
}
