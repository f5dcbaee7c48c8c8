"""Hidden checks for build_conv1d_classifier: architecture and training here.

The behaviour check trains a fresh copy of the student's architecture (fixed seed,
Adam, binary cross-entropy) on the *local* order task ("A B" or "B A" adjacent among
distractors): a kernel of size >= 2 solves it; an order-blind model stays near 0.5.
"""
import numpy as np

from autograder.harness.checks import check_shape, fail
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    layer_names, output_activation, outputs, recurrent_layers, sd, train
from autograder.training_cache import remember

VOCAB = sd.ORDER_VOCAB
SEED, N_TRAIN, N_TEST, EPOCHS = 9041, 800, 400, 5
THRESHOLD = 0.9


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_conv1d_classifier", *(args or (VOCAB,)), **kwargs)


def _accuracy(student, cache):
    if "trained" not in cache:
        model = _model(cache, student)

        def measure():
            train_set = sd.make_order_task(N_TRAIN, seed=SEED, kind="local")
            test_set = sd.make_order_task(N_TEST, seed=SEED + 1, kind="local")
            fitted = train(model, train_set["X"], train_set["y"], "binary_crossentropy",
                           EPOCHS, seed=SEED)
            probs = check_shape(outputs(fitted, test_set["X"]), (N_TEST, 1), "trained output")
            return ((probs[:, 0] > 0.5) == (test_set["y"] == 1)).mean()
        cache["trained"] = remember(f"{__name__}:{N_TRAIN}:{N_TEST}:{EPOCHS}:{SEED}", model,
                                    measure)
    return cache["trained"]


def test_sigmoid_output(student, cache):
    """the output layer is a sigmoid"""
    act = output_activation(_model(cache, student))
    if act != "sigmoid":
        fail(f"the output activation is {act}; use Dense(1, activation='sigmoid')")


def test_convolution_not_recurrence(student, cache):
    """a Conv1D layer and global pooling, no recurrent layer"""
    model = _model(cache, student)
    names = layer_names(model)
    if recurrent_layers(model) or "Conv1D" not in names:
        fail(f"layers: {', '.join(names)}; the CNN side of the comparison uses Conv1D "
             "(and no LSTM/GRU/SimpleRNN)")
    if not any(n.startswith("Global") for n in names):
        fail("no global pooling layer: GlobalMaxPooling1D turns the per-window features "
             "into one vector, whatever the length")


def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, embed_dim, filters and kernel_size set the layer sizes"""
    model = _model(cache, student, 33, embed_dim=5, filters=7, kernel_size=2)
    emb = [layer for layer in model.layers if type(layer).__name__ == "Embedding"]
    if not emb or emb[0].input_dim != 33 or emb[0].output_dim != 5:
        fail("expected an Embedding(33, 5) for build_conv1d_classifier(33, embed_dim=5, ...)")
    conv = [layer for layer in model.layers if type(layer).__name__ == "Conv1D"]
    if not conv or conv[0].filters != 7 or tuple(conv[0].kernel_size) != (2,):
        fail("expected Conv1D(filters=7, kernel_size=2) from the arguments; the kernel_size "
             "argument must set the convolution window")


def test_any_length(student, cache):
    """works for a batch of one and for lengths from kernel_size to 40"""
    model = _model(cache, student)
    for shape in [(1, 3), (2, 11), (3, 40)]:
        x = np.random.default_rng(sum(shape)).integers(1, VOCAB, shape)
        check_shape(outputs(model, x), (shape[0], 1), f"output for ids of shape {shape}")


def test_trained_local_order(student, cache):
    """trained here: tells "A B" from "B A" (a local pattern)"""
    acc = _accuracy(student, cache)
    if acc < THRESHOLD:
        fail(f"after training, accuracy on the local order task is {acc:.2f} (needed "
             f"{THRESHOLD}; an order-blind model, e.g. kernel_size=1, stays near 0.5)")


def test_compiled_loss(student, cache):
    """compiled with binary cross-entropy on probabilities"""
    check_loss(_model(cache, student), "binary_crossentropy", "a sigmoid output for two classes")
