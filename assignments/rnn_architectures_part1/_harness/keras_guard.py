"""Judge side: rebuild a student's Keras object only once its cost is known to be small.

Keras allocates whatever a config describes: ``units=10**6`` in a returned layer costs
gigabytes when the judge rebuilds it. A returned layer or model crosses the wire as its
config and its weights (what ``model.save`` writes, without the zip and the h5 file,
which cost more to write and read than the model costs to build). The student writes
every byte of the config, so before ``keras.layers.deserialize`` / ``build_from_config``
/ ``keras.saving.deserialize_keras_object`` this module checks, from the config alone:

* the number of layers (nested models and wrappers included) and every size-like
  integer (units, filters, shapes, ...);
* an upper bound of the parameter count, from a per-class formula and an upper bound
  of each layer's input width propagated through the graph (Flatten, Concatenate and
  ``build_config`` shapes included, so a width cannot be multiplied unseen).

The weights are arrays on the wire (bounded there) and must fit the rebuilt model.

The course's models have at most ~100,000 parameters and ~10 layers; the limits leave
a wide margin. Every refusal names the limit, and becomes a failed check for the one
question (``Student._interpret`` turns it into ``BadReturnValue``).
"""
from __future__ import annotations

import math

from . import model_reuse, wire

MAX_LAYERS = 64
MAX_DIM = 65_536             # any size-like integer (units, filters, a shape's dimension)
MAX_PARAMS = 2_000_000       # references: 45 (a SimpleRNN) to 98,532 (char LM, vocab 100)

SIZE_KEYS = frozenset({
    "units", "filters", "kernel_size", "output_dim", "input_dim", "num_heads", "key_dim",
    "value_dim", "batch_shape", "batch_input_shape", "input_shape", "shape", "target_shape",
    "output_shape", "n", "pool_size", "strides", "dilation_rate", "size", "num_tokens",
    "max_tokens", "num_bins", "depth_multiplier", "input_length", "output_sequence_length",
    "cropping", "padding", "height", "width", "build_input_shape", "latent_dim", "depth",
})
NOT_SIZE_KEYS = frozenset({"seed", "shared_object_id", "axis", "axes", "dims", "groups"})
PARAMETER_FREE = frozenset({
    "InputLayer", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax",
    "Masking", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPool1D",
    "GlobalAvgPool1D", "MaxPooling1D", "AveragePooling1D", "MaxPool1D", "AvgPool1D",
    "ActivityRegularization", "Identity",
})
SAME_SHAPE = PARAMETER_FREE - {"InputLayer", "GlobalMaxPooling1D", "GlobalAveragePooling1D",
                               "GlobalMaxPool1D", "GlobalAvgPool1D"}
MERGE_SAME = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})
MODELS = frozenset({"Sequential", "Functional", "Model"})


class KerasTooCostly(wire.WireError):
    """A Keras object whose rebuilding would cost the judge too much."""


# --- the config --------------------------------------------------------------------

def _ints(value):
    """Integers in a value (lists of dimensions included); None and bools skipped."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _ints(v)


def _scan_sizes(node, found: list) -> None:
    """Check every size-like integer anywhere in the config; collect them."""
    stack = [node]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, x in v.items():
                if k in SIZE_KEYS:
                    for n in _ints(x):
                        if n > MAX_DIM:
                            raise KerasTooCostly(
                                f"the model has a size of {n:,} ({k}); sizes up to "
                                f"{MAX_DIM:,} are graded")
                        found.append(n)
                stack.append(x)
                if k == "module" and isinstance(x, str) and not (
                        x == "builtins" or x == "keras" or x.startswith("keras.")):
                    raise KerasTooCostly(f"the model uses {x!r}; only built-in Keras "
                                         "classes are graded")
        elif isinstance(v, list):
            stack.extend(v)


def _layer_cfg(layer: dict) -> dict:
    cfg = layer.get("config")
    return cfg if isinstance(cfg, dict) else {}


def _sub_layers(layer: dict) -> list:
    """Layers inside a layer: a model's layers, a wrapper's layer, an RNN's cells."""
    cfg, subs = _layer_cfg(layer), []
    if isinstance(cfg.get("layers"), list):
        subs += cfg["layers"]
    for key in ("layer", "backward_layer", "cell"):
        if isinstance(cfg.get(key), dict):
            subs.append(cfg[key])
    if isinstance(cfg.get("cells"), list):
        subs += cfg["cells"]
    return [s for s in subs if isinstance(s, dict)]


def _count_layers(root: dict) -> int:
    count, stack = 0, [root]
    while stack:
        layer = stack.pop()
        count += 1
        if count > MAX_LAYERS:
            raise KerasTooCostly(f"the model has more than {MAX_LAYERS} layers; at most "
                                 f"{MAX_LAYERS} are graded")
        stack.extend(_sub_layers(layer))
    return count


def _own_ints(cfg: dict) -> list:
    """Positive integers of a layer's own config (not of the layers inside it)."""
    out, stack = [], [cfg]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, x in v.items():
                if k in NOT_SIZE_KEYS or k in ("layers", "layer", "backward_layer", "cell",
                                               "cells", "inbound_nodes"):
                    continue
                if isinstance(x, (dict, list)):
                    stack.append(x)
                else:
                    out.extend(n for n in _ints(x) if n > 0)
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, (dict, list)):
                    stack.append(x)
                else:
                    out.extend(n for n in _ints(x) if n > 0)
    return out


# A tensor is bounded by (lead, width): the product of its defined dimensions before the
# last one, and its last dimension (a None dimension counts 1: no weight depends on it).

def _shape_bound(shape, batch: bool = True):
    dims = [n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 1
            for n in (shape or [])]
    if batch:
        dims = dims[1:]
    if not dims:
        return (1, 1)
    return (math.prod(dims[:-1]), dims[-1])


def _join(bounds):
    bounds = [b for b in bounds if b is not None]
    if not bounds:
        return None
    return (max(b[0] for b in bounds), max(b[1] for b in bounds))


def _kernel(cfg) -> int:
    return max(1, math.prod(n for n in _ints(cfg.get("kernel_size", 1)) if n > 0))


def _int(cfg, key, default=1) -> int:
    v = cfg.get(key, default)
    return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else default


class _Estimate:
    """Parameter upper bound of a layer tree, given input bounds."""

    def __init__(self, widest: int):
        self.widest = widest      # fallback when a layer's input is unknown

    def layer(self, layer: dict, inputs: list):
        """(parameters, output bound) of one layer called on ``inputs`` (bounds)."""
        cls = str(layer.get("class_name", ""))
        cfg = _layer_cfg(layer)
        own = [_shape_bound(cfg.get(k)) for k in ("batch_shape", "batch_input_shape")
               if isinstance(cfg.get(k), list)]
        if isinstance(cfg.get("input_shape"), list):
            own.append(_shape_bound(cfg["input_shape"], batch=False))
        build = layer.get("build_config")
        if isinstance(build, dict) and isinstance(build.get("input_shape"), list):
            shape = build["input_shape"]
            shapes = shape if shape and all(isinstance(s, list) for s in shape) else [shape]
            own += [_shape_bound(s) for s in shapes if isinstance(s, list)]
        x = _join(list(inputs) + own) or (1, self.widest)
        lead, w = x
        if cls in MODELS:
            return self.model(layer, inputs)
        if cls in PARAMETER_FREE:
            if cls in SAME_SHAPE or cls == "InputLayer":
                return 0, x
            return 0, (lead, w)  # pooling keeps a bound on the time steps
        u = _int(cfg, "units")
        if cls in ("Dense",):
            return u * (w + 1), (lead, u)
        if cls == "Embedding":
            e = _int(cfg, "output_dim")
            return _int(cfg, "input_dim") * e, (lead * w, e)
        if cls in ("SimpleRNN", "SimpleRNNCell"):
            return u * (w + u + 1), (lead, u)
        if cls in ("LSTM", "LSTMCell"):
            return 4 * u * (w + u + 1), (lead, u)
        if cls in ("GRU", "GRUCell"):  # reset_after: two bias rows
            return 3 * u * (w + u + 2), (lead, u)
        if cls == "Conv1D":
            f = _int(cfg, "filters")
            return f * (_kernel(cfg) * w + 1), (lead, f)
        if cls == "BatchNormalization":
            return 4 * w, x
        if cls == "LayerNormalization":
            return 2 * w, x
        if cls == "Flatten":
            return 0, (1, lead * w)
        if cls == "Reshape":
            target = [n for n in _ints(cfg.get("target_shape")) if n > 0]
            if target and len(target) == len(list(_ints(cfg.get("target_shape")))):
                return 0, (math.prod(target[:-1]), target[-1])
            return 0, (lead * w, lead * w)
        if cls == "RepeatVector":
            return 0, (lead * _int(cfg, "n"), w)
        if cls == "Permute":
            return 0, (lead * w, max(lead, w))
        if cls == "Concatenate":
            return 0, (sum(b[0] for b in inputs) or lead, sum(b[1] for b in inputs) or w)
        if cls in MERGE_SAME:
            return 0, x
        if cls == "MultiHeadAttention":
            h, k = _int(cfg, "num_heads"), _int(cfg, "key_dim")
            v = _int(cfg, "value_dim", k)
            out = max([n for n in _ints(cfg.get("output_shape")) if n > 0] or [w])
            return (w + 1) * h * (2 * k + v) + (h * v + 1) * out, (lead, out)
        if cls in ("TimeDistributed", "Bidirectional", "RNN", "StackedRNNCells"):
            return self.wrapper(cls, cfg, x)
        return self.unknown(cfg, inputs or [x])

    def wrapper(self, cls, cfg, x):
        subs = [cfg[k] for k in ("layer", "backward_layer", "cell") if isinstance(cfg.get(k), dict)]
        subs += [c for c in cfg.get("cells") or [] if isinstance(c, dict)]
        if not subs:
            return self.unknown(cfg, [x])
        params, out = 0, None
        for sub in subs:
            widest = _join([x] + ([out] if cls == "StackedRNNCells" and out else []))
            p, o = self.layer(sub, [widest])
            params, out = params + p, _join([out, o])
        if cls == "Bidirectional":
            if "backward_layer" not in cfg:
                params *= 2
            out = (out[0], 2 * out[1])
        return params, out

    def unknown(self, cfg, inputs):
        """Any other class: at most 4 x (input + own size + 1) x (product of its sizes)."""
        ints = _own_ints(cfg)
        product = max(1, math.prod(ints)) if ints else 1
        flat = sum(b[0] * b[1] for b in inputs)
        m = max(ints, default=1)
        w = max(b[1] for b in inputs)
        return 4 * (w + m + 1) * product, (1, flat * m)

    def model(self, layer: dict, inputs: list):
        cfg = _layer_cfg(layer)
        layers = [s for s in cfg.get("layers") or [] if isinstance(s, dict)]
        if str(layer.get("class_name")) == "Sequential":
            params, x = 0, _join(inputs)
            build = cfg.get("build_input_shape")
            if isinstance(build, list):
                x = _join([x, _shape_bound(build)])
            for sub in layers:
                p, x = self.layer(sub, [x] if x else [])
                params += p
            return params, x
        return self.functional(layers, inputs)

    def functional(self, layers: list, inputs: list):
        """Layers in their saved (topological) order; a tensor is found by its history."""
        outputs: dict = {}
        params, last = 0, None
        for sub in layers:
            name = sub.get("name") or _layer_cfg(sub).get("name")
            nodes = sub.get("inbound_nodes") or []
            calls = []
            for node in nodes if isinstance(nodes, list) else []:
                found = []
                _tensors(node, found)
                calls.append([outputs.get(tuple(h[:2]), None) for h in found])
            if not calls:  # an input layer, or a layer called on the model's inputs
                calls = [list(inputs) if sub.get("class_name") != "InputLayer" else []]
            best_p, outs = 0, []
            for i, args in enumerate(calls):
                known = [a for a in args if a is not None]
                if len(known) < len(args):
                    known.append((1, self.widest))
                p, out = self.layer(sub, known)
                best_p = max(best_p, p)
                outputs[(name, i)] = out
                outs.append(out)
            params += best_p
            last = _join(outs) or last
        return params, last


def _tensors(node, found: list) -> None:
    """``keras_history`` triples of the tensors a call received."""
    stack = [node]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if v.get("class_name") == "__keras_tensor__":
                hist = _layer_cfg(v).get("keras_history")
                if isinstance(hist, list) and len(hist) >= 2:
                    found.append((str(hist[0]), hist[1] if isinstance(hist[1], int) else 0))
                continue
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def check_config(config: dict, build: dict | None = None) -> int:
    """Raise :class:`KerasTooCostly` unless rebuilding ``config`` is cheap; the estimate."""
    if not isinstance(config, dict):
        raise KerasTooCostly("malformed Keras config")
    sizes: list = []
    _scan_sizes([config, build], sizes)
    _count_layers(config)
    inputs = []
    if isinstance(build, dict) and isinstance(build.get("input_shape"), list):
        inputs.append(_shape_bound(build["input_shape"]))
    params, _ = _Estimate(max(sizes, default=1)).layer(config, inputs)
    if params > MAX_PARAMS:
        raise KerasTooCostly(f"the model has about {params:,} parameters; at most "
                             f"{MAX_PARAMS:,} are graded")
    return params


# --- the decoder ---------------------------------------------------------------------

def _compile_as_saved(model, compile_config) -> None:
    """Compile the rebuilt model as the student did, without building its optimizer.

    ``compile_from_config`` (what deserializing does with a compile config) also
    creates the optimizer's variables (two per weight for Adam), which doubles what
    rebuilding a model costs; ``fit`` creates them when a check trains.
    """
    if not compile_config:
        return
    from keras.src.saving import serialization_lib
    model.compile(**serialization_lib.deserialize_keras_object(compile_config,
                                                               safe_mode=True))


def _rebuild_model(spec):
    """A model from its config (checked first) and weights, compiled as saved."""
    import warnings

    import keras

    if not isinstance(spec, dict) or not isinstance(spec.get("config"), dict) \
            or not isinstance(spec.get("weights"), list):
        raise KerasTooCostly("malformed Keras model")
    config = dict(spec["config"])
    check_config(config)
    compile_config = config.pop("compile_config", None)
    wanted = model_reuse.config_key(config, bool(compile_config))  # before Keras consumes it
    weights = [wire.decode(w) for w in spec["weights"]]

    def build():
        with warnings.catch_warnings(), wire.keras_sharing_scope():
            warnings.simplefilter("ignore")
            model = keras.saving.deserialize_keras_object(config, safe_mode=True)
        if not isinstance(model, keras.Model):
            raise KerasTooCostly("malformed Keras model")
        refill(model)
        return model

    def refill(model):
        model.set_weights(weights)
        _compile_as_saved(model, compile_config)
    return model_reuse.pool().model(wanted, build, refill)


def keras_decoder(data):
    """Rebuild a student's Keras object from built-in classes only, once checked."""
    import keras
    if "__keras_model__" in data:
        return _rebuild_model(data["__keras_model__"])
    spec = data["__keras_layer__"]
    if not isinstance(spec, dict):
        raise KerasTooCostly("malformed Keras layer")
    build = spec.get("build")
    check_config(spec.get("config"), build if isinstance(build, dict) else None)
    layer = keras.layers.deserialize(spec["config"])
    if build:
        layer.build_from_config(build)
    weights = [wire.decode(w) for w in spec["weights"]]
    if weights:
        layer.set_weights(weights)
    return layer
