"""Realistic wrong answers for rnn_architectures_part2 (see authoring/mutants/__init__.py)."""
from authoring.mutants import Mutant

MUTANTS = [
    # one_to_one_forward
    Mutant("one_to_one_forward", "tanh forgotten", "h = np.tanh(x @ Wx + b)", "h = x @ Wx + b",
           "tanh is missing"),
    Mutant("one_to_one_forward", "hidden bias forgotten", "np.tanh(x @ Wx + b)",
           "np.tanh(x @ Wx)", "hidden bias b is missing"),
    Mutant("one_to_one_forward", "softmax applied to the logits", "return h @ Wy + by",
           "z = np.exp(h @ Wy + by)\n    return z / z.sum(axis=-1, keepdims=True)",
           "softmax applied"),
    # sample_with_temperature
    Mutant("sample_with_temperature", "temperature multiplied instead of divided",
           "z = logits / temperature", "z = logits * temperature", "multiplied by the temperature"),
    Mutant("sample_with_temperature", "temperature ignored", "z = logits / temperature",
           "z = logits", "temperature is ignored"),
    Mutant("sample_with_temperature", "always the argmax (greedy) instead of sampling",
           "return int(rng.choice(len(p), p=p))", "return int(np.argmax(p))",
           "always returns the argmax"),
    Mutant("sample_with_temperature", "uniform sampling", "rng.choice(len(p), p=p)",
           "rng.choice(len(p))", "drawn uniformly"),
    Mutant("sample_with_temperature", "softmax not stabilised (overflow)",
           "    z = z - np.max(z)\n", "", "subtract the largest value"),
    Mutant("sample_with_temperature", "global np.random instead of rng",
           "rng.choice(len(p), p=p)", "np.random.choice(len(p), p=p)",
           "draw from the `rng` argument"),
    # generate_sequence
    Mutant("generate_sequence", "sampled token not fed back", "x[token] = 1.0",
           "x[start_idx] = 1.0", "not fed back"),
    Mutant("generate_sequence", "hidden state not updated",
           "h = np.tanh(x @ Wx + h @ Wh + b)\n        logits = h @ Wy + by",
           "h_next = np.tanh(x @ Wx + h @ Wh + b)\n        logits = h_next @ Wy + by",
           "hidden state is not updated"),
    Mutant("generate_sequence", "stop token excluded from the output",
           "        tokens.append(token)\n"
           "        if stop_idx is not None and token == stop_idx:\n            break\n",
           "        if stop_idx is not None and token == stop_idx:\n            break\n"
           "        tokens.append(token)\n", "stop token is not included"),
    Mutant("generate_sequence", "stop token ignored",
           "        if stop_idx is not None and token == stop_idx:\n            break\n", "",
           "stop token is ignored"),
    Mutant("generate_sequence", "length cap off by one (one too few)", "range(length)",
           "range(length - 1)", "one token too few"),
    Mutant("generate_sequence", "length cap off by one (one too many)", "range(length)",
           "range(length + 1)", "one token too many"),
    Mutant("generate_sequence", "start token included in the output", "tokens = []",
           "tokens = [start_idx]", "start token is included"),
    Mutant("generate_sequence", "argmax fed back instead of the sampled token",
           "        token = sample_with_temperature(logits, temperature, rng)\n"
           "        tokens.append(token)\n",
           "        tokens.append(sample_with_temperature(logits, temperature, rng))\n"
           "        token = int(np.argmax(logits))\n", "argmax is fed back"),
    Mutant("generate_sequence", "temperature not passed to the sampler",
           "sample_with_temperature(logits, temperature, rng)",
           "sample_with_temperature(logits, 1.0, rng)", "temperature is not passed on"),
    # perplexity
    Mutant("perplexity", "no exp: returns the mean NLL", "return float(np.exp(nll[mask].mean()))",
           "return float(nll[mask].mean())", "exp is missing"),
    Mutant("perplexity", "mask ignored", "return float(np.exp(nll[mask].mean()))",
           "return float(np.exp(nll.mean()))", "mask is ignored"),
    Mutant("perplexity", "masked positions counted in the denominator",
           "return float(np.exp(nll[mask].mean()))",
           "return float(np.exp((nll * mask).sum() / mask.size))",
           "counted in the denominator"),
    Mutant("perplexity", "product of probabilities (underflows)",
           "return float(np.exp(nll[mask].mean()))",
           "return float(np.prod(p_target[mask]) ** (-1.0 / mask.sum()))", "underflow"),
    Mutant("perplexity", "NLL divided by the batch size",
           "return float(np.exp(nll[mask].mean()))",
           "return float(np.exp(nll[mask].sum() / targets.shape[0]))", "divided by N"),
    # forecast_autoregressive
    Mutant("forecast_autoregressive", "window not rolled",
           "        window = np.append(window[1:], value)\n", "", "window is not rolled"),
    Mutant("forecast_autoregressive", "window grows instead of rolling",
           "np.append(window[1:], value)", "np.append(window, value)",
           "exactly len(history)"),
    Mutant("forecast_autoregressive", "window rolled the wrong way",
           "np.append(window[1:], value)", "np.append(value, window[:-1])",
           "rolled the wrong way"),
    Mutant("forecast_autoregressive", "integer history truncates predictions (in-place roll)",
           "    window = np.array(history, dtype=float)\n    forecast = np.zeros(steps)\n"
           "    for t in range(steps):\n        value = float(step_fn(window))\n"
           "        forecast[t] = value\n        window = np.append(window[1:], value)\n",
           "    window = np.array(history)\n    forecast = np.zeros(steps)\n"
           "    for t in range(steps):\n        value = float(step_fn(window))\n"
           "        forecast[t] = value\n        window = np.roll(window, -1)\n"
           "        window[-1] = value\n", "truncated"),
    # build_char_language_model
    Mutant("build_char_language_model", "only the last step is predicted",
           "return_sequences=True", "return_sequences=False", "return_sequences=True"),
    Mutant("build_char_language_model", "no softmax on the output",
           'keras.layers.Dense(vocab_size, activation="softmax")',
           "keras.layers.Dense(vocab_size)", "activation='softmax'"),
    Mutant("build_char_language_model", "one-hot loss with int targets",
           'loss="sparse_categorical_crossentropy"', 'loss="categorical_crossentropy"',
           "sparse_categorical_crossentropy"),
    Mutant("build_char_language_model", "bidirectional language model (looks ahead)",
           "keras.layers.LSTM(units, return_sequences=True)",
           "keras.layers.Bidirectional(keras.layers.LSTM(units, return_sequences=True))",
           "future"),
    Mutant("build_char_language_model", "sizes hard-coded instead of the arguments",
           "keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
           "        keras.layers.LSTM(units, return_sequences=True)",
           "keras.layers.Embedding(vocab_size, 32, mask_zero=True),\n"
           "        keras.layers.LSTM(128, return_sequences=True)",
           "use the argument"),
    Mutant("build_char_language_model", "no recurrent layer (a bigram model)",
           "        keras.layers.LSTM(units, return_sequences=True),\n", "",
           "no recurrent layer"),
    # chronological_split
    Mutant("chronological_split", "shuffled before the split",
           "    series = np.asarray(series)\n",
           "    series = np.random.default_rng(0).permutation(np.asarray(series))\n",
           "shuffled before the split"),
    Mutant("chronological_split", "test part cut from the start of the series",
           "    return (series[:n_train].copy(), series[n_train:n_train + n_val].copy(),\n"
           "            series[n_train + n_val:].copy())",
           "    return (series[n_test + n_val:].copy(), series[n_test:n_test + n_val].copy(),\n"
           "            series[:n_test].copy())", "most recent values"),
    # standardize_splits
    Mutant("standardize_splits", "scaler fitted on all the data (the future leaks)",
           "    mean, std = float(train.mean()), float(train.std())\n",
           "    everything = np.concatenate([train, val, test])\n"
           "    mean, std = float(everything.mean()), float(everything.std())\n",
           "the future leaks into the scaler"),
    Mutant("standardize_splits", "sample std (ddof=1)", "float(train.std())",
           "float(train.std(ddof=1))", "ddof=0"),
    # seasonal_naive_forecast
    Mutant("seasonal_naive_forecast", "baseline on the wrong horizon (last `horizon` values)",
           "    last_season = series[len(series) - season:]\n"
           "    return np.array([last_season[h % season] for h in range(horizon)])",
           "    return series[len(series) - horizon:]", "instead of the last `season` values"),
    Mutant("seasonal_naive_forecast", "one step too early", "series[len(series) - season:]",
           "series[len(series) - season - 1:len(series) - 1]", "one step too early"),
    # mae_in_units
    Mutant("mae_in_units", "metric in normalised units",
           "    pred = np.asarray(pred_std, dtype=float) * std + mean\n"
           "    true = np.asarray(true_std, dtype=float) * std + mean\n",
           "    pred = np.asarray(pred_std, dtype=float)\n"
           "    true = np.asarray(true_std, dtype=float)\n", "standardised units"),
    Mutant("mae_in_units", "mean squared error", "np.mean(np.abs(pred - true))",
           "np.mean((pred - true) ** 2)", "mean squared error instead"),
    # build_forecaster
    Mutant("build_forecaster", "no recurrent layer (a dense model on the flat window)",
           "keras.layers.SimpleRNN(units),", "keras.layers.Flatten(),", "no recurrent layer"),
    Mutant("build_forecaster", "units hard-coded", "keras.layers.SimpleRNN(units),",
           "keras.layers.SimpleRNN(32),", "use the argument"),
    Mutant("build_forecaster", "mean absolute error loss", 'loss="mse"', 'loss="mae"',
           "loss='mse'"),
]
