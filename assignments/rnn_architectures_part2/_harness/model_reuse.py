"""Rebuilt student models lent again to the next notebook with an equal config.

Rebuilding a Keras model from its config costs 20-40 ms (every layer constructed,
built, traced), and a class builds the same few architectures for every student: an
assignment's checks ask each notebook for about twenty models. A process that judges
many notebooks (a class-grading worker) keeps the models it rebuilt; the next model
with exactly the same config (layer names and all) gets one of them with the new
student's weights, compiled afresh as the student compiled it, instead of a new build.

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
import json
import re
import threading
from collections import OrderedDict

MAX_IDLE = 96  # ~the models of four notebooks of the largest assignment
SHARED_ID = re.compile(r'"shared_object_id":(\d+)')


def config_key(config: dict, compiled: bool) -> str | None:
    """The pool's key for a received model config (its compile config left out: a
    refill compiles with the new one); None when the model must not be reused."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    if '"stateful":true' in text:
        return None
    ids: dict[str, int] = {}  # shared objects are numbered by their address: renumber
    text = SHARED_ID.sub(lambda m: f'"shared_object_id":{ids.setdefault(m[1], len(ids))}',
                         text)
    return f"{compiled:d}{text}"


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
        self.idle: OrderedDict[str, list] = OrderedDict()  # least recently used first
        self._lock = threading.Lock()
        self._thread = threading.local()

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
                for key, model, state in lent:
                    if _state(model) == state:
                        self.idle.setdefault(key, []).append(model)
                        self.idle.move_to_end(key)
                while sum(len(models) for models in self.idle.values()) > self.max_idle:
                    oldest = next(iter(self.idle))
                    self.idle[oldest].pop(0)
                    if not self.idle[oldest]:
                        del self.idle[oldest]

    def model(self, key: str | None, build, refill):
        """``build()`` a model, or ``refill(model)`` an idle one with an equal key."""
        lent = getattr(self._thread, "lent", None)
        if lent is None or key is None:
            return build()
        with self._lock:
            models = self.idle.get(key)
            model = models.pop() if models else None
            if models is not None and not models:
                del self.idle[key]
        if model is not None:
            refill(model)
            self._count("reused")
        else:
            model = build()
            self._count("rebuilt")
        lent.append((key, model, _state(model)))
        return model


_POOL = ModelPool()


def pool() -> ModelPool:
    return _POOL
