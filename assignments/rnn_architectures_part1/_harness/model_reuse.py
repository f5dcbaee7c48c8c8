"""Rebuilt student models lent again to the next notebook with an equal architecture.

Rebuilding a Keras model from its config costs 20-50 ms (every layer constructed,
built, its weights initialised, traced), and a class builds the same few architectures
for every student: an assignment's checks ask each notebook for about twenty models. A
process that judges many notebooks (a class-grading worker) keeps the models it
rebuilt; the next model with the same config gets one of them with the new student's
weights, compiled afresh as the student compiled it, instead of a new build.

"The same config" ignores layer names: Keras numbers unnamed layers by how many the
student's process built before (``lstm_7``), so equal architectures rarely have equal
names. A lent model is renamed (layers, operations, weight paths) to the new config's
names, and lent only if it then serialises to exactly that config.

The reused model must be indistinguishable from a fresh rebuild, so:

* a model is lent to one check run at a time, and only inside :meth:`ModelPool.lending`
  (one judged notebook); two equal configs in one notebook get two models;
* it comes back only if the checks left it as lent (compiled state, optimizer and
  ``trainable`` flags unchanged); a stateful recurrent model is never kept (its
  state would carry over);
* every weight is overwritten on reuse (``set_weights`` refuses a partial list), and
  compiling again gives it a new, unbuilt optimizer, as a fresh rebuild has.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import threading
from collections import OrderedDict

MAX_IDLE = 96  # ~the models of four notebooks of the largest assignment
SHARED_ID = re.compile(r'"shared_object_id":(\d+)')
SHARED_MARK = re.compile(r',?"shared_object_id":\d+')


def number_names(text: str) -> tuple[str, tuple[str, ...]]:
    """A JSON config with the names of its model, layers and operations replaced by
    their order of first use (where they are named and where the graph refers to
    them), and those names in that order.

    Only those places change: a string elsewhere that happens to equal a layer's name
    (an activation, an initializer's class, a dtype policy) is kept, so two configs
    share a numbered form only if they differ in layer names alone.
    """
    config = json.loads(text)
    names: dict[str, str] = {}

    def number(name):
        if not isinstance(name, str):
            return name
        return names.setdefault(name, f"\0{len(names)}")  # a NUL cannot occur in JSON text

    def layer(obj):  # a serialised model, layer or operation, and what it holds
        if not isinstance(obj, dict):
            return
        if "name" in obj:  # a functional model's entry for one of its layers
            obj["name"] = number(obj["name"])
        inner = obj.get("config")
        if not isinstance(inner, dict):
            return
        if "name" in inner:
            inner["name"] = number(inner["name"])
        for entry in inner.get("layers") or ():
            layer(entry)
        for key in ("layer", "backward_layer"):  # wrappers (Bidirectional, TimeDistributed)
            layer(inner.get(key))

    def references(obj, key=None):  # where a functional graph names a layer
        if isinstance(obj, dict):
            for k, v in obj.items():
                references(v, k)
        elif isinstance(obj, list):
            if key == "keras_history" and obj and obj[0] in names:
                obj[0] = names[obj[0]]
            elif key in ("input_layers", "output_layers"):
                for item in (obj if obj and isinstance(obj[0], list) else [obj]):
                    if item and isinstance(item[0], str) and item[0] in names:
                        item[0] = names[item[0]]
            else:
                for v in obj:
                    references(v, key)

    layer(config)
    if not names:
        return text, ()
    references(config)
    numbered = json.dumps(config, sort_keys=True, separators=(",", ":"))
    return numbered, tuple(names)


def serialized(config: dict) -> str:
    """The form in which configs are compared (the student's and a lent model's)."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    ids: dict[str, int] = {}  # shared objects are numbered by their address: renumber
    return SHARED_ID.sub(lambda m: f'"shared_object_id":{ids.setdefault(m[1], len(ids))}',
                         text)


@dataclasses.dataclass(frozen=True)
class Wanted:
    """A received model config, as the pool looks it up."""
    key: str  # compiled or not, and the config with its names numbered
    names: tuple[str, ...]
    text: str  # the config, as a renamed model must serialise (see ``unshared``)


def config_key(config: dict, compiled: bool) -> Wanted | None:
    """The pool's key for a received model config (its compile config left out: a
    refill compiles with the new one); None when the model must not be reused."""
    text = serialized(config)
    if '"stateful":true' in text:
        return None
    numbered, names = number_names(text)
    return Wanted(f"{compiled:d}{numbered}", names, unshared(text))


def unshared(text: str) -> str:
    """A config without its shared-object marks: a rebuilt model does not serialise
    them as the student's did (a Bidirectional's two layers share initialisers
    before, not after), so a renamed model is compared without them."""
    return SHARED_MARK.sub("", text)


def _renamed_path(path, mapping: dict):
    if not isinstance(path, str):
        return path
    return "/".join(mapping.get(part, part) for part in path.split("/"))


def rename(model, mapping: dict) -> None:
    """Give every layer and operation of ``model`` (and itself) its name in ``mapping``,
    and every weight the path it would have been built with."""
    seen, stack = set(), [model]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        name = getattr(obj, "name", None)
        if isinstance(name, str) and name in mapping:
            obj.name = mapping[name]
        for attr in ("_path", "_parent_path"):
            if isinstance(getattr(obj, attr, None), str):
                setattr(obj, attr, _renamed_path(getattr(obj, attr), mapping))
        stack.extend(getattr(obj, "_operations", None) or ())
        flatten = getattr(obj, "_flatten_layers", None)
        if flatten is not None:
            stack.extend(flatten(include_self=False, recursive=False))
        if getattr(obj, "_functional", None) is not None:  # a Sequential's graph
            stack.append(obj._functional)
    for variable in model.variables:  # a path ends with the weight's own name
        layers, _, own = variable._path.rpartition("/")
        variable._path = f"{_renamed_path(layers, mapping)}/{own}" if layers else own


def architecture(model) -> dict:
    """A model's config without its compile config (what the pool's keys are made of)."""
    import keras
    config = keras.saving.serialize_keras_object(model)
    config.pop("compile_config", None)
    return config


def _as_wanted(model, names: tuple, wanted: Wanted) -> bool:
    """Rename a lent model to ``wanted``'s names; whether it now has exactly that config."""
    if names == wanted.names:
        return True
    try:
        rename(model, {old: new for old, new in zip(names, wanted.names) if old != new})
        config = architecture(model)
    except Exception:  # noqa: BLE001 - a model that cannot be renamed is rebuilt instead
        return False
    return unshared(serialized(config)) == wanted.text


def _state(model) -> tuple:
    """What a check could change on a lent model that a refill would not reset."""
    flatten = getattr(model, "_flatten_layers", None)
    layers = flatten() if flatten is not None else model.layers
    return (getattr(model, "compiled", None), id(getattr(model, "optimizer", None)),
            tuple(layer.trainable for layer in layers))


class ModelPool:
    """Idle models shared by the process (a worker may judge each notebook in a thread
    of its own); what a judge call has lent, and its counts, belong to its thread."""

    def __init__(self, max_idle: int = MAX_IDLE):
        self.max_idle = max_idle
        # key -> [(model, its names)], least recently used key first
        self.idle: OrderedDict[str, list] = OrderedDict()
        self._lock = threading.Lock()
        self._thread = threading.local()
        self.seeded_weights: dict = {}  # (key, seed) -> the weights its first draw got

    def counts(self) -> tuple[int, int]:
        """(reused, rebuilt): the models this thread's judge calls were lent."""
        return getattr(self._thread, "reused", 0), getattr(self._thread, "rebuilt", 0)

    def _count(self, name: str) -> None:
        setattr(self._thread, name, getattr(self._thread, name, 0) + 1)

    @contextlib.contextmanager
    def lending(self):
        """Judge one notebook: models lent inside come back at the end."""
        self._thread.lent = []
        try:
            yield self
        finally:
            lent, self._thread.lent = self._thread.lent, None
            with self._lock:
                for key, model, names, state in lent:
                    if _state(model) == state:
                        self.idle.setdefault(key, []).append((model, names))
                        self.idle.move_to_end(key)
                while sum(len(models) for models in self.idle.values()) > self.max_idle:
                    oldest = next(iter(self.idle))
                    self.idle[oldest].pop(0)
                    if not self.idle[oldest]:
                        del self.idle[oldest]

    def model(self, wanted: Wanted | None, build, refill):
        """``build()`` a model, or ``refill(model)`` an idle one with an equal key."""
        lent = getattr(self._thread, "lent", None)
        if lent is None or wanted is None:
            return build()
        with self._lock:
            models = self.idle.get(wanted.key)
            model, names = models.pop() if models else (None, None)
            if models is not None and not models:
                del self.idle[wanted.key]
        if model is not None and _as_wanted(model, names, wanted):
            refill(model)
            self._count("reused")
        else:  # none idle, or renaming did not give the same config: dropped
            model = build()
            self._count("rebuilt")
        lent.append((wanted.key, model, wanted.names, _state(model)))
        return model

    def seeded_copy(self, config: dict, seed, draw):
        """``draw()`` (a model rebuilt from ``config``, its weights drawn from ``seed``),
        or an idle model of that architecture given the weights the first draw got.

        Only for copies a check applies without training them: drawing the weights
        also moves the global generators on, which a lent copy does not reproduce.
        """
        wanted = config_key(config, False)
        if wanted is None:
            return draw()
        drawn = (wanted.key, seed)

        def build():
            copy = draw()
            with self._lock:
                self.seeded_weights.setdefault(drawn, copy.get_weights())
            return copy

        def refill(copy):  # an idle student model of that architecture has none yet
            weights = self.seeded_weights.get(drawn)
            if weights is None:
                weights = self.seeded_weights.setdefault(drawn, draw().get_weights())
            copy.set_weights(weights)
        return self.model(wanted, build, refill)


_POOL = ModelPool()


def pool() -> ModelPool:
    return _POOL
