"""Known mistakes in rnn_architectures_part2: the value each one produces, and its name.

A function here takes the inputs a check chose and returns ``{mistake: value}``: what
an answer with that mistake would return on them (for a sampler: the distribution it
would draw from), keyed by the words a failing check uses to name the mistake. The
public checks import it (``from diagnoses import ...``) and so does the autograder, so
a mistake has the same name in your self-check and in your feedback. NumPy only.
"""
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def named(likely, got, want):
    """The first mistake whose value is exactly ``got`` (and not ``want``), else None."""
    return next((why for why, wrong in likely.items() if got == wrong and wrong != want), None)


def explain(freq, alternatives, tolerance):
    """The first mistake whose distribution the observed frequencies fit (no frequency
    further than ``tolerance`` from it), else None."""
    return next((why for why, p in alternatives.items() if np.abs(freq - p).max() <= tolerance),
                None)


# ------------------------------------------------------------- one_to_one_forward
def one_to_one_mistakes(x, Wx, b, Wy, by):
    """The logits as common mistakes compute them."""
    pre = x @ Wx + b
    logits = np.tanh(pre) @ Wy + by
    e = np.exp(logits - logits.max(-1, keepdims=True))
    return {
        "tanh is missing": pre @ Wy + by,
        "the hidden bias b is missing": np.tanh(x @ Wx) @ Wy + by,
        "the output bias by is missing": np.tanh(pre) @ Wy,
        "sigmoid instead of tanh": (1 / (1 + np.exp(-pre))) @ Wy + by,
        "ReLU instead of tanh": np.maximum(pre, 0) @ Wy + by,
        "tanh applied to the output as well (return the logits)": np.tanh(logits),
        "softmax applied to the output (return the logits)": e / e.sum(-1, keepdims=True),
    }


# -------------------------------------------------------- sample_with_temperature
MULTIPLIED = "the logits are multiplied by the temperature instead of divided by it"
UNIFORM = "tokens are drawn uniformly, ignoring the logits"
ARGMAX = "always returns the argmax instead of sampling"
OVERFLOW_HINT = ("exp overflows for large logits / temperature: subtract the largest "
                 "value before exponentiating (softmax(u) = softmax(u - max(u)))")


def uniform(V):
    """The distribution of a sampler that ignores the logits."""
    return {UNIFORM: np.full(V, 1.0 / V)}


def temperature_mistakes(logits, temperature):
    """The distributions common mistakes draw from."""
    V = len(logits)
    return {
        MULTIPLIED: softmax(logits * temperature),
        "the temperature is ignored": softmax(logits),
        **uniform(V),
        ARGMAX: np.eye(V)[int(np.argmax(logits))],
    }


# ---------------------------------------------------------------- generate_sequence
NOT_FED_BACK = "the sampled token is not fed back (every step reads the start token)"
NOT_UPDATED = "the hidden state is not updated between steps (h stays h0)"


def step(token, h, Wx, Wh, b, Wy, by, use_tanh=True):
    """One RNN step on a one-hot token: (new state, logits)."""
    pre = Wx[token] + h @ Wh + b
    h_new = np.tanh(pre) if use_tanh else pre
    return h_new, h_new @ Wy + by


def greedy(start, h0, Wx, Wh, b, Wy, by, length, stop=None, feedback=True,
           update_state=True, include_start=False, stop_mode="include",
           logits_from_old_state=False, use_tanh=True, zero_h0=False):
    """Greedy decoding, with common mistakes switchable."""
    h = np.zeros_like(h0) if zero_h0 else np.array(h0, dtype=float)
    token = start
    out = [start] if include_start else []
    for _ in range(max(length, 0)):
        h_new, logits = step(token if feedback else start, h, Wx, Wh, b, Wy, by, use_tanh)
        if logits_from_old_state:
            logits = h @ Wy + by
        if update_state:
            h = h_new
        token = int(np.argmax(logits))
        if stop is not None and token == stop and stop_mode == "exclude":
            break
        out.append(token)
        if stop is not None and token == stop and stop_mode == "include":
            break
    return out


def greedy_mistakes(start, params, length, stop=None):
    """The greedy outputs of common mistakes; params: (h0, Wx, Wh, b, Wy, by)."""
    args = (start, *params)
    return {
        NOT_FED_BACK: greedy(*args, length, stop, feedback=False),
        NOT_UPDATED: greedy(*args, length, stop, update_state=False),
        "the stop token is not included as the last element":
            greedy(*args, length, stop, stop_mode="exclude"),
        "the stop token is ignored (generation goes on after it)":
            greedy(*args, length, stop, stop_mode="ignore"),
        "the start token is included in the output":
            greedy(*args, length, stop, include_start=True),
        "the length cap is off by one (one token too few)": greedy(*args, length - 1, stop),
        "the length cap is off by one (one token too many)": greedy(*args, length + 1, stop),
        "h0 is ignored (started from zeros)": greedy(*args, length, stop, zero_h0=True),
        "the logits are read from the previous state, before the RNN step":
            greedy(*args, length, stop, logits_from_old_state=True),
        "tanh is missing in the RNN step": greedy(*args, length, stop, use_tanh=False),
    }


def first_step_probs(start, h0, Wx, Wh, b, Wy, by, temperature=1.0):
    """The distribution of the first token at ``temperature``, and its logits."""
    _, logits = step(start, h0, Wx, Wh, b, Wy, by)
    return softmax(logits / temperature), logits


def first_token_mistakes(logits, temperature):
    """The distributions common mistakes draw the first token from."""
    return {"the temperature is not passed on to the sampler": softmax(logits),
            MULTIPLIED: softmax(logits * temperature)}


def pair_probs(start, h0, Wx, Wh, b, Wy, by, feed="sampled", update_state=True):
    """P(first = a, second = c) for two sampled steps at temperature 1, as a (V*V,) vector.

    feed: "sampled" (correct), "start" (no feedback) or "argmax" (the argmax of the first
    step's logits is fed back instead of the sampled token); update_state=False keeps h0
    for step 2."""
    V = Wx.shape[0]
    h1, z1 = step(start, h0, Wx, Wh, b, Wy, by)
    p1 = softmax(z1)
    joint = np.zeros((V, V))
    for a in range(V):
        fed = {"sampled": a, "start": start, "argmax": int(np.argmax(z1))}[feed]
        _, z2 = step(fed, h1 if update_state else h0, Wx, Wh, b, Wy, by)
        joint[a] = p1[a] * softmax(z2)
    return joint.reshape(-1)


def pair_mistakes(start, params):
    """The (first, second) distributions of common mistakes; params: (h0, Wx, ..., by)."""
    return {NOT_FED_BACK: pair_probs(start, *params, feed="start"),
            "the argmax is fed back instead of the sampled token":
                pair_probs(start, *params, feed="argmax"),
            NOT_UPDATED: pair_probs(start, *params, update_state=False)}


# ----------------------------------------------------------------------- perplexity
def perplexity_mistakes(probs, targets, mask=None):
    """The perplexity as common mistakes compute it."""
    N, T, _ = probs.shape
    nll = -np.log(np.take_along_axis(probs, targets[..., None], -1)[..., 0])
    m = np.ones((N, T), bool) if mask is None else mask
    likely = {
        "exp is missing: this is the mean negative log-likelihood, not the perplexity":
            nll[m].mean(),
        "exp of the summed negative log-likelihood (take the mean)": np.exp(nll[m].sum()),
        "the negative log-likelihood is divided by N (the batch size), not by the number "
        "of positions": np.exp(nll[m].sum() / N),
        "the mean of per-sequence perplexities (average the log-likelihood over all "
        "positions first)": np.mean([np.exp(nll[i][m[i]].mean()) for i in range(N)
                                     if m[i].any()]),
        "the sign is flipped (exp of the mean log-likelihood)": np.exp(-nll[m].mean()),
    }
    if mask is not None:
        likely.update({
            "the mask is ignored: masked positions are counted": np.exp(nll.mean()),
            "masked positions are left out of the sum but counted in the denominator":
                np.exp((nll * m).sum() / m.size),
            "the mask is inverted (True means the position counts)": np.exp(nll[~m].mean())
            if (~m).any() else np.nan,
        })
    return likely


# ---------------------------------------------------------- forecast_autoregressive
NOT_ROLLED = "the window is not rolled: each step sees the same history"


def rolled(step_fn, history, steps):
    """The forecast of a window that drops its oldest value and appends each prediction."""
    w, out = np.array(history, dtype=float), []
    for _ in range(steps):
        out.append(step_fn(w))
        w = np.append(w[1:], out[-1])
    return np.array(out)


def forecast_mistakes(step_fn, history, steps):
    """The forecast as common mistakes compute it."""
    history = np.asarray(history, dtype=float)
    out = {NOT_ROLLED: np.array([step_fn(history) for _ in range(steps)])}
    w, vals = history.copy(), []
    for _ in range(steps):   # newest value put first
        vals.append(step_fn(w))
        w = np.concatenate([[vals[-1]], w[:-1]])
    out["the window is rolled the wrong way: append the prediction at the end and "
        "drop the oldest value"] = np.array(vals)
    w, vals = history.copy(), []
    for _ in range(steps):   # oldest value never dropped, newest overwrites the last slot
        vals.append(step_fn(w))
        w = w.copy()
        w[-1] = vals[-1]
    out["the prediction overwrites the last value instead of shifting the window"] = \
        np.array(vals)
    full = rolled(step_fn, history, steps + 1)
    out["the forecast is shifted by one step (first prediction dropped)"] = full[1:]
    out["the last observed value is included as the first forecast"] = \
        np.concatenate([history[-1:], full[:steps - 1]])
    return out


def history_included(step_fn, history, steps):
    """The first ``steps`` values of the history followed by the forecast."""
    return {"the history is included in the output":
            np.concatenate([np.asarray(history, dtype=float),
                            rolled(step_fn, history, steps)])[:steps]}


def integer_history_mistakes(step_fn, history, steps):
    """The forecast of a window that keeps an integer history's dtype."""
    truncated, w = [], np.array(history)
    for _ in range(steps):
        truncated.append(step_fn(w))
        w = np.roll(w, -1)
        w[-1] = truncated[-1]  # stored into an integer array: truncated
    return {"the window keeps the integer dtype of the history, so predictions are "
            "truncated: convert to float first": truncated}


# ------------------------------------------------------------ perplexity, long sequences
UNDERFLOW = ("the product of many probabilities underflows to 0: average the "
             "log-probabilities instead of multiplying the probabilities")


def long_sequence_mistake(perplexity):
    """UNDERFLOW if ``perplexity`` is right on a short sequence (only length breaks it),
    else None: a formula wrong at any length (a sum that overflows, a NaN from an empty
    mask) is named by the short checks, not blamed on underflow."""
    probs, targets = np.full((1, 4, 5), 0.2), np.array([[0, 1, 2, 3]])
    try:
        right = abs(float(perplexity(probs, targets)) - 5.0) < 1e-6
    except Exception:  # noqa: BLE001 - any failure means the short formula is wrong too
        right = False
    return UNDERFLOW if right else None


# ---------------------------------------------- forecast_autoregressive, the window
WINDOW_LENGTH = ("the window grows: step_fn needs exactly len(history) values at every step, "
                 "so drop the oldest value when you append a prediction")


# ------------------------------------------------- sampling: the rng argument is used
def check_uses_rng(first, second, other):
    """Draws (or generated sequences) from two generators seeded alike must agree, and
    from another seed differ."""
    from _harness.checks import fail
    if list(first) != list(second):
        fail("two calls with generators seeded alike gave different draws: draw from the "
             "`rng` argument, not from np.random or the random module")
    if list(first) == list(other):
        fail("generators with different seeds gave identical draws: draw from `rng`")


# ------------------------------------------------------------- chronological_split
SHUFFLED = ("the series was shuffled before the split: keep time order (train the oldest "
            "values, test the most recent)")


def split_sizes(n, val_fraction, test_fraction):
    """(n_train, n_val, n_test) as the question defines them (rounded down)."""
    n_val, n_test = int(n * val_fraction), int(n * test_fraction)
    return n - n_val - n_test, n_val, n_test


def split_mistakes(series, val_fraction, test_fraction):
    """The three parts as common mistakes cut them."""
    series = np.asarray(series)
    a, n_val, n_test = split_sizes(len(series), val_fraction, test_fraction)
    return {
        "the test part was taken from the start of the series: the test part must be "
        "the most recent values": (series[n_test + n_val:], series[n_test:n_test + n_val],
                                   series[:n_test]),
        "validation and test parts are swapped (validation comes before test in time)":
            (series[:a], series[len(series) - n_val:], series[a:a + n_test]),
    }


def is_shuffled(parts, series):
    """True when the parts hold the series' values, but not in time order."""
    try:
        joined = np.concatenate([np.ravel(np.asarray(p, dtype=float)) for p in parts])
    except (TypeError, ValueError):
        return False
    series = np.asarray(series, dtype=float)
    return (joined.shape == series.shape and not np.array_equal(joined, series)
            and np.array_equal(np.sort(joined), np.sort(series)))


# ------------------------------------------------------------- standardize_splits
LEAK = ("the mean and std were computed on all the data, not the training part only: "
        "the future leaks into the scaler")


def _scaled(parts, mean, std):
    return tuple((np.asarray(p, dtype=float) - mean) / std for p in parts) + (mean, std)


def scaler_mistakes(train, val, test):
    """(train_s, val_s, test_s, mean, std) as common mistakes compute them."""
    parts = [np.asarray(p, dtype=float) for p in (train, val, test)]
    everything, seen = np.concatenate(parts), np.concatenate(parts[:2])
    out = {
        LEAK: _scaled(parts, everything.mean(), everything.std()),
        "the mean and std were computed on the training and validation parts: fit the "
        "scaler on the training part only": _scaled(parts, seen.mean(), seen.std()),
        "the sample std (ddof=1) was used: use np.std's default, ddof=0":
            _scaled(parts, parts[0].mean(), parts[0].std(ddof=1)),
    }
    if all(p.size > 1 and p.std() > 0 for p in parts):
        out["each part was standardised with its own mean and std: use the training "
            "part's for all three"] = (tuple((p - p.mean()) / p.std() for p in parts)
                                       + (parts[0].mean(), parts[0].std()))
    return out


# -------------------------------------------------------- seasonal_naive_forecast
WRONG_HORIZON = ("the forecast repeats the last `horizon` values instead of the last "
                 "`season` values: step h is the value one season before it")


def seasonal_naive_mistakes(series, season, horizon):
    """The forecast as common mistakes compute it."""
    series = np.asarray(series, dtype=float)
    n = len(series)
    out = {}
    if horizon <= n:
        out[WRONG_HORIZON] = series[n - horizon:]
    if season + 1 <= n:
        out["each value is taken one step too early (season + 1 steps back)"] = np.array(
            [series[n - season - 1 + (h % season)] for h in range(horizon)])
    out["the last value is repeated (the naive forecast) whatever the season"] = np.full(
        horizon, series[-1])
    return out


# ------------------------------------------------------------------ mae_in_units
NORMALISED = ("the error is in standardised units: undo the scaling (value * std + mean) "
              "to report it in the series' own units")


def mae_mistakes(pred_std, true_std, mean, std):
    """The error as common mistakes compute it."""
    diff = np.asarray(pred_std, dtype=float) - np.asarray(true_std, dtype=float)
    return {
        NORMALISED: float(np.mean(np.abs(diff))),
        "the scaling was applied again ((value - mean) / std) instead of undone "
        "(value * std + mean)": float(np.mean(np.abs(diff))) / std,
        "mean squared error instead of mean absolute error": float(np.mean((diff * std) ** 2)),
        "root mean squared error instead of mean absolute error":
            float(np.sqrt(np.mean((diff * std) ** 2))),
    }
