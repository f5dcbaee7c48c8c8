"""Reference solutions for `rnn_architectures_part2`.

Generated from source/rnn_architectures_part2/rnn_architectures_part2.ipynb by `python -m tools.release`:
edit the notebook, not this file.
"""


# --- setup_imports ---
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow quiet
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice on stderr
import warnings
warnings.filterwarnings("ignore")

import numpy as np
import keras

# True while the autograder runs this notebook: demos then train for a moment only
FAST = bool(os.environ.get("NBGRADER_EXECUTION"))


# --- answer_one_to_one_forward ---
def one_to_one_forward(x, Wx, b, Wy, by):
    """One-to-one network: logits = tanh(x @ Wx + b) @ Wy + by.

    x (N, D), Wx (D, H), b (H,), Wy (H, C), by (C,). Returns logits (N, C).
    This is one RNN step from h0 = 0 followed by a linear output layer.
    """
    h = np.tanh(x @ Wx + b)
    return h @ Wy + by


# --- answer_sample_with_temperature ---
def sample_with_temperature(logits, temperature, rng):
    """Draw one token id from softmax(logits / temperature); argmax if temperature == 0.

    logits (V,) scores, temperature >= 0, rng a numpy.random.Generator.
    Returns an int in [0, V).
    """
    logits = np.asarray(logits, dtype=float)
    if temperature == 0:
        return int(np.argmax(logits))
    z = logits / temperature
    z = z - np.max(z)
    p = np.exp(z)
    p = p / p.sum()
    return int(rng.choice(len(p), p=p))


# --- answer_generate_sequence ---
def generate_sequence(start_idx, h0, Wx, Wh, b, Wy, by, length, temperature, rng,
                      stop_idx=None):
    """Generate token ids one at a time, feeding each sampled token back as input.

    start_idx: first input token; h0 (H,); Wx (V, H), Wh (H, H), b (H,),
    Wy (H, V), by (V,). Each step: one-hot input, tanh RNN step, logits h @ Wy + by,
    next token from sample_with_temperature(logits, temperature, rng).
    Returns a list of at most `length` ints (start excluded); stops after stop_idx.
    """
    V = Wx.shape[0]
    h = np.array(h0, dtype=float)
    token = start_idx
    tokens = []
    for _ in range(length):
        x = np.zeros(V)
        x[token] = 1.0
        h = np.tanh(x @ Wx + h @ Wh + b)
        logits = h @ Wy + by
        token = sample_with_temperature(logits, temperature, rng)
        tokens.append(token)
        if stop_idx is not None and token == stop_idx:
            break
    return tokens


# --- answer_perplexity ---
def perplexity(probs, targets, mask=None):
    """exp of the mean negative log-likelihood of the targets over unmasked positions.

    probs (N, T, V) predicted distributions, targets (N, T) int ids,
    mask (N, T) bool or None (every position counts). Returns a float.
    """
    probs = np.asarray(probs, dtype=float)
    targets = np.asarray(targets)
    p_target = np.take_along_axis(probs, targets[..., None], axis=-1)[..., 0]
    nll = -np.log(p_target)
    if mask is None:
        mask = np.ones(targets.shape, dtype=bool)
    mask = np.asarray(mask, dtype=bool)
    return float(np.exp(nll[mask].mean()))


# --- answer_build_char_language_model ---
def build_char_language_model(vocab_size, embed_dim=32, units=128):
    """Character language model: int ids (None, None) -> softmax (None, None, vocab_size).

    Embedding(vocab_size, embed_dim) -> recurrent layer with `units` units returning
    sequences -> Dense softmax over the vocabulary at every step; compiled with Adam
    and sparse categorical cross-entropy. Returns the compiled keras.Model.
    """
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        keras.layers.LSTM(units, return_sequences=True),
        keras.layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy")
    return model


# --- answer_forecast_autoregressive ---
def forecast_autoregressive(step_fn, history, steps):
    """Forecast `steps` values by feeding each prediction back into a rolling window.

    step_fn(window) -> next value, for a window of len(history) values;
    history 1-D (the last observed values, oldest first). Returns (steps,) floats.
    """
    window = np.array(history, dtype=float)
    forecast = np.zeros(steps)
    for t in range(steps):
        value = float(step_fn(window))
        forecast[t] = value
        window = np.append(window[1:], value)
    return forecast


# --- answer_chronological_split ---
def chronological_split(series, val_fraction, test_fraction):
    """Split a series in time order into (train, val, test): no shuffling.

    series 1-D; n_val = int(n * val_fraction), n_test = int(n * test_fraction) for
    n = len(series); train is the oldest rest, test the most recent values.
    Returns three 1-D arrays whose concatenation is the series.
    """
    series = np.asarray(series)
    n = len(series)
    n_val, n_test = int(n * val_fraction), int(n * test_fraction)
    n_train = n - n_val - n_test
    return (series[:n_train].copy(), series[n_train:n_train + n_val].copy(),
            series[n_train + n_val:].copy())


# --- answer_standardize_splits ---
def standardize_splits(train, val, test):
    """Standardise three parts with the mean and std of the training part only.

    train, val, test 1-D. mean = train.mean(), std = train.std() (ddof=0).
    Returns (train_s, val_s, test_s, mean, std), each part as (part - mean) / std.
    """
    train, val, test = (np.asarray(p, dtype=float) for p in (train, val, test))
    mean, std = float(train.mean()), float(train.std())
    return (train - mean) / std, (val - mean) / std, (test - mean) / std, mean, std


# --- answer_seasonal_naive_forecast ---
def seasonal_naive_forecast(series, season, horizon):
    """Forecast `horizon` values by repeating the last `season` values of the series.

    series 1-D (at least `season` values), season >= 1 (1: the naive forecast),
    horizon >= 1. Step h is series[n - season + (h % season)]. Returns (horizon,) floats.
    """
    series = np.asarray(series, dtype=float)
    last_season = series[len(series) - season:]
    return np.array([last_season[h % season] for h in range(horizon)])


# --- answer_mae_in_units ---
def mae_in_units(pred_std, true_std, mean, std):
    """Mean absolute error in the series' own units, from standardised values.

    pred_std, true_std arrays of one shape (standardised); mean, std the scaler's.
    Returns mean(|pred - true|) with value = value_std * std + mean, as a float.
    """
    pred = np.asarray(pred_std, dtype=float) * std + mean
    true = np.asarray(true_std, dtype=float) * std + mean
    return float(np.mean(np.abs(pred - true)))


# --- answer_build_forecaster ---
def build_forecaster(window, units=32):
    """Many-to-one forecaster: (None, window, 1) -> (None, 1), the next value.

    Input(shape=(window, 1)) -> recurrent layer with `units` units (last output) ->
    Dense(1) without activation; compiled with Adam and the mean squared error.
    Returns the compiled keras.Model.
    """
    model = keras.Sequential([
        keras.Input(shape=(window, 1)),
        keras.layers.SimpleRNN(units),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
