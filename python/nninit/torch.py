"""nninit.torch: torch.nn.init's functions, in place, with nninit's streams.

Same names, parameters, defaults and return values as the installed
torch.nn.init, plus keyword-only ``seed=``, ``stream=`` (and ``method=`` for
the functions that sample normals). Without seed and stream a call takes
the next stream of a module-level source (``manual_seed``), so repeated
calls differ and a seeded program repeats exactly. With ``seed`` alone the
stream is 0; with ``stream`` alone the seed is the source's.

CPU tensors of float32, float64, bfloat16 and float16 are filled in place
(no autograd recorded, as torch.nn.init does under no_grad); a
non-contiguous tensor gets the values of its logical row-major order; a
zero-element tensor is left alone. Another device, another dtype or a bad
parameter raises and leaves the tensor untouched.

``init_module`` re-initializes a whole module tree (torch's default recipes
or a model-spec recipe), ``init_block`` a shard of a larger tensor.
"""
try:
    import torch as _torch
except ImportError as e:  # pragma: no cover - exercised without torch only
    raise ImportError("nninit.torch needs PyTorch (Debian: python3-torch); "
                      "the numpy level, `import nninit`, works without "
                      "it") from e

from torch import Tensor

import nninit as _nn
from nninit import _nninit as _c
from nninit import _recipes

__all__ = [
    "uniform_", "normal_", "trunc_normal_", "constant_", "zeros_", "ones_",
    "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
    "kaiming_normal_", "orthogonal_", "eye_", "dirac_", "sparse_",
    "calculate_gain", "manual_seed", "source_state",
    "init_module", "init_block", "recipe_from_spec", "gpt2_recipe",
]

_c.torch_setup(_torch.float32, _torch.float64, _torch.bfloat16,
               _torch.float16)
_IDX = {row[0]: i for i, row in enumerate(_c.scheme_table())}
_t = _c.tensor_init
_UNIFORM = _IDX["uniform"]
_NORMAL = _IDX["normal"]
_TRUNC = _IDX["trunc_normal"]
_CONSTANT = _IDX["constant"]
_ZEROS = _IDX["zeros"]
_ONES = _IDX["ones"]
_XU = _IDX["xavier_uniform"]
_XN = _IDX["xavier_normal"]
_KU = _IDX["kaiming_uniform"]
_KN = _IDX["kaiming_normal"]
_ORTH = _IDX["orthogonal"]
_EYE = _IDX["eye"]
_DIRAC = _IDX["dirac"]
_SPARSE = _IDX["sparse"]


def manual_seed(seed):
    """Restart the module-level source: seed it, next stream 0."""
    _c.manual_seed(seed)


def source_state():
    """(seed, next stream) of the module-level source."""
    return _c.source_state()


# Each wrapper is one call into the C binding: the per-call cost of a
# small tensor is a few attribute reads, not a Python-level dispatch.

def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, *, seed=None,
             stream=None) -> Tensor:
    """U[a, b): never b."""
    return _t(tensor, _UNIFORM, seed, stream, None, a, b)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, *,
            seed=None, stream=None, method=None) -> Tensor:
    """N(mean, std^2); method 'ziggurat' (default), 'box_muller', 'icdf'."""
    return _t(tensor, _NORMAL, seed, stream, method, mean, std)


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0,
                  a: float = -2.0, b: float = 2.0, *, seed=None,
                  stream=None) -> Tensor:
    """N(mean, std^2) truncated to the absolute bounds [a, b], exactly."""
    return _t(tensor, _TRUNC, seed, stream, None, mean, std, a, b)


def constant_(tensor: Tensor, val: float) -> Tensor:
    return _t(tensor, _CONSTANT, 0, 0, None, val)


def zeros_(tensor: Tensor) -> Tensor:
    return _t(tensor, _ZEROS, 0, 0, None)


def ones_(tensor: Tensor) -> Tensor:
    return _t(tensor, _ONES, 0, 0, None)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, *, seed=None,
                    stream=None) -> Tensor:
    """U(-l, l), l = gain * sqrt(6 / (fan_in + fan_out))."""
    return _t(tensor, _XU, seed, stream, None, gain)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, *, seed=None,
                   stream=None, method=None) -> Tensor:
    """N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out))."""
    return _t(tensor, _XN, seed, stream, method, gain)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = 'fan_in',
                     nonlinearity: str = 'leaky_relu', *, seed=None,
                     stream=None):
    """U(-l, l), l = gain * sqrt(3 / fan), gain = calculate_gain(nl, a)."""
    return _t(tensor, _KU, seed, stream, None, a, mode, nonlinearity)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = 'fan_in',
                    nonlinearity: str = 'leaky_relu', *, seed=None,
                    stream=None, method=None):
    """N(0, s^2), s = gain / sqrt(fan), gain = calculate_gain(nl, a)."""
    return _t(tensor, _KN, seed, stream, method, a, mode, nonlinearity)


def orthogonal_(tensor, gain=1, *, seed=None, stream=None):
    """A (semi-)orthogonal matrix of the tensor flattened to (rows, -1),
    times gain: Haar distributed, by nninit's own QR (nninit_orthogonal)."""
    return _t(tensor, _ORTH, seed, stream, None, gain)


# eye_, dirac_ and sparse_ have no annotations in torch 1.13: neither here.

def eye_(tensor):
    """A 2-D identity: 1 where row == column, else 0 (deterministic)."""
    return _t(tensor, _EYE, 0, 0, None)


def dirac_(tensor, groups=1):
    """A 3/4/5-D Dirac delta per group, as torch's dirac_ (deterministic):
    dim 0 must divide by groups."""
    return _t(tensor, _DIRAC, 0, 0, None, groups)


def sparse_(tensor, sparsity, std=0.01, *, seed=None, stream=None,
            method=None):
    """2-D: ceil(sparsity * rows) zeros in each column, at random rows, the
    rest N(0, std^2)."""
    return _t(tensor, _SPARSE, seed, stream, method, sparsity, std)


def calculate_gain(nonlinearity, param=None):
    """torch.nn.init.calculate_gain (computed by the C library)."""
    return _c.calculate_gain(nonlinearity, param)


# ------------------------------------------------------- shards, modules

def init_block(tensor, global_shape, start, init="normal", *, seed=0,
               stream=0, **params):
    """Fill ``tensor`` with its block of the tensor of ``global_shape`` that
    ``init`` (a scheme name or a model-spec dict, plus keyword parameters)
    makes with (seed, stream): elements start[k] .. start[k] +
    tensor.shape[k] - 1 of each dimension. Fans come from the global shape;
    the shards of all ranks put together equal the unsharded tensor bit for
    bit. Returns the tensor."""
    spec = _nn._spec(init, params)
    return _c.tensor_block(tensor, spec, _nn._shape(global_shape),
                           _nn._shape(start), seed, stream)


recipe_from_spec = _recipes.recipe_from_spec
gpt2_recipe = _recipes.gpt2_recipe


def init_module(module, seed=0, recipe=None, strict=True):
    """Re-initialize every parameter of a module tree in place, and reset
    the running statistics of its norm layers.

    Each tensor gets seed ``seed`` and stream = FNV-1a 64 of its fully
    qualified name (``nninit.stream_of``), exactly as ``nninit model``
    does: its values depend on nothing but its name, shape, dtype and
    initializer. ``recipe`` maps fnmatch patterns over those names to
    initializer dicts (docs/model-spec.md); the first matching pattern
    wins. Other parameters follow the installed torch's
    ``reset_parameters`` for their module type. A parameter neither covers
    raises ValueError naming its module type (``strict=False``: it is left
    as it is, with a warning). Returns the names left alone.
    """
    plan, buffers, post, missing = _recipes.plan(module, recipe)
    if missing and strict:
        raise ValueError(
            "init_module: no rule for %s; give a recipe= entry or "
            "strict=False" % "; ".join("%s (%s)" % m for m in missing))
    _c.init_plan(plan, seed)  # one call: streams and fills in C
    with _torch.no_grad():
        for tensor, value in buffers:
            if tensor.is_floating_point():
                _c.tensor_init_spec(tensor, {"scheme": "constant",
                                             "value": value}, 0, 0)
            else:
                tensor.fill_(value)
        for weight, row in post:
            weight[row].zero_()
    if missing:
        import warnings
        warnings.warn("init_module: left alone: %s" % ", ".join(
            "%s (%s)" % m for m in missing), stacklevel=2)
    return [name for name, _ in missing]
