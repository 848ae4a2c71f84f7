"""nninit: reproducible random fills for neural-network weight initialization.

The numpy level of the C library (include/nninit.h). Every value is a pure
function of (seed, stream, offset + index), the scheme, its parameters, the
method and the dtype: the same bits on every CPU path (scalar, AVX2,
AVX-512, NEON), thread count and split of the work.

Each fill writes in place into ``out=`` (a writable C-contiguous buffer of
float32, float64, float16, or uint16 holding bfloat16 bit patterns) or
returns a new array made from ``shape=`` and ``dtype=``. Initializers are
named as in docs/model-spec.md and take its keys as keyword arguments, or
``init(spec_dict, ...)`` with the dict a model spec holds. Errors raise
ValueError or TypeError with the library's message, and leave ``out``
untouched. See docs/python.md; nninit.torch is the torch.nn.init
counterpart.
"""
import operator as _operator

import numpy as _np

from . import _nninit as _c

__all__ = [
    "init", "init_range", "init_block", "fill_bits", "calculate_gain", "fans",
    "stream_of", "isa", "isa_supported", "isa_force", "isa_names",
    "isa_description", "isa_reason", "cpu_features", "set_num_threads",
    "get_num_threads", "set_nt_threshold", "get_nt_threshold", "SCHEMES",
    "fill_uniform", "fill_normal", "fill_trunc_normal",
]

__version__ = _c.version()

# ----------------------------------------------------------------- dtypes

_NUMPY_OF = {"f32": _np.float32, "f64": _np.float64, "f16": _np.float16,
             "bf16": _np.uint16}
_NAME_OF = {"f32": "f32", "float32": "f32", "f64": "f64", "float64": "f64",
            "f16": "f16", "float16": "f16", "half": "f16", "bf16": "bf16",
            "bfloat16": "bf16"}
_FORMAT_OF = {"f": "f32", "d": "f64", "e": "f16", "H": "bf16"}


def _dtype_name(dtype):
    """'f32', 'f64', 'f16' or 'bf16' for a name or a numpy dtype."""
    if isinstance(dtype, str):
        name = _NAME_OF.get(dtype.lower())
    else:
        try:
            npd = _np.dtype(dtype)
        except TypeError:
            npd = None
        name = {_np.dtype(_np.float32): "f32", _np.dtype(_np.float64): "f64",
                _np.dtype(_np.float16): "f16",
                _np.dtype(_np.uint16): "bf16"}.get(npd)
    if name is None:
        raise TypeError("dtype %r: nninit fills float32, float64, float16 "
                        "and bfloat16 (as uint16)" % (dtype,))
    return name


def _target(out, shape, dtype):
    """(array to fill, dtype name). A new array of shape when out is None;
    else out, whose element type gives the dtype (uint16: bfloat16, or
    float16 bit patterns with dtype='f16')."""
    if out is None:
        if shape is None:
            raise TypeError("give shape= (a new array) or out= (in place)")
        name = _dtype_name("f32" if dtype is None else dtype)
        return _np.empty(_shape(shape), _NUMPY_OF[name]), name
    try:
        fmt = memoryview(out).format.lstrip("<=@")
    except TypeError:
        raise TypeError("out must be a writable C-contiguous buffer (a numpy "
                        "array), not %s" % type(out).__name__) from None
    name = _FORMAT_OF.get(fmt) if dtype is None else _dtype_name(dtype)
    if name is None:
        raise TypeError("out holds %r elements: nninit fills float32, "
                        "float64, float16 and bfloat16 (uint16)" % fmt)
    return out, name


def _shape(shape):
    """A shape as a tuple of ints (an int is a 1-D shape)."""
    try:
        return (_operator.index(shape),)
    except TypeError:
        return tuple(_operator.index(d) for d in shape)


def _spec(spec, params):
    if spec is None:
        if "scheme" not in params:
            raise TypeError("give an initializer: a scheme name or a dict")
        return dict(params)
    if isinstance(spec, str):
        return dict(params, scheme=spec)
    if not isinstance(spec, dict):
        raise TypeError("an initializer is a scheme name or a dict, not %s"
                        % type(spec).__name__)
    return dict(spec, **params)


# ------------------------------------------------------------- the fills

def init(spec=None, shape=None, *, out=None, dtype=None, seed=0, stream=0,
         offset=0, **params):
    """Initialize a whole tensor as ``spec`` says.

    spec: a scheme name ('normal', 'kaiming_uniform', ...) or a dict with
    the keys of docs/model-spec.md ({'scheme': 'normal', 'std': 0.02});
    keyword arguments add or override parameters. shape defaults to
    out's shape. Element i is element offset + i of (seed, stream).
    """
    spec = _spec(spec, params)
    arr, name = _target(out, shape, dtype)
    if shape is None:
        shape = memoryview(arr).shape
    _c.init(spec, arr, name, _shape(shape), seed, stream, offset)
    return arr


def init_range(spec, shape, first, count=None, *, out=None, dtype=None,
               seed=0, stream=0, offset=0, **params):
    """Elements [first, first + count) of the row-major flattening of the
    tensor ``init(spec, shape)`` would make, into out (count = len(out)) or a
    new 1-D array of count elements: the same values, bit for bit."""
    spec = _spec(spec, params)
    if out is None and count is None:
        raise TypeError("init_range: give count= or out=")
    arr, name = _target(out, None if out is not None else (count,), dtype)
    _c.init(spec, arr, name, _shape(shape), seed, stream, offset, first)
    return arr


def init_block(spec, shape, start, extent=None, *, out=None, dtype=None,
               seed=0, stream=0, offset=0, **params):
    """The block start[k] .. start[k] + extent[k] - 1 of the tensor
    ``init(spec, shape)`` would make, written densely (shape extent) into
    out or a new array. Fans come from the global shape, so the shards of
    a model-parallel tensor put together equal the unsharded tensor."""
    spec = _spec(spec, params)
    if extent is None:
        if out is None:
            raise TypeError("init_block: give extent= or out=")
        extent = memoryview(out).shape
    arr, name = _target(out, _shape(extent) if out is None else None, dtype)
    _c.init(spec, arr, name, _shape(shape), seed, stream, offset,
            _shape(start), _shape(extent))
    return arr


def fill_bits(shape=None, *, out=None, seed=0, stream=0, offset=0):
    """Raw Philox4x32-10 words W[offset ..] of (seed, stream) as uint32."""
    if out is None:
        if shape is None:
            raise TypeError("give shape= (a new array) or out= (in place)")
        out = _np.empty(_shape(shape), _np.uint32)
    _c.fill_bits(out, seed, stream, offset)
    return out


# One function per scheme of the C binding's table (docs/model-spec.md):
# nninit.normal(shape=None, *, mean=0.0, std=1.0, method='ziggurat',
# out=None, dtype=None, seed=0, stream=0, offset=0); the fan-based schemes
# add fan_layout='torch', in_axis=None, out_axis=None, batch_axis=None. A scheme added to the
# table appears here. Each is compiled with its real signature (as
# collections.namedtuple does), so a call costs no argument binding.
SCHEMES = {}


_FAN_KEYS = ("fan_layout", "in_axis", "out_axis", "batch_axis")


def _scheme_function(name, params, defaults, normal, fan):
    keys = (tuple(params) + (("method",) if normal else ())
            + (_FAN_KEYS if fan else ()))
    sig = ["shape=None", "*"]
    sig += ["%s=_D[%r]" % (p, p) if p in defaults else p for p in params]
    sig += ["method='ziggurat'"] if normal else []
    # Axes None: JAX's defaults (in -2, out -1, batch none).
    sig += ["fan_layout='torch'", "in_axis=None", "out_axis=None",
            "batch_axis=None"] if fan else []
    sig += ["out=None", "dtype=None", "seed=0", "stream=0", "offset=0"]
    spec = ", ".join(["'scheme': %r" % name] + ["%r: %s" % (k, k) for k in keys])
    src = ("def %s(%s):\n"
           "    return _init({%s}, shape, out=out, dtype=dtype, seed=seed,\n"
           "                 stream=stream, offset=offset)\n"
           % (name, ", ".join(sig), spec))
    ns = {"_D": dict(defaults), "_init": init}
    exec(src, ns)  # noqa: S102 - the source is made from the C table above
    fill = ns[name]
    fill.__module__ = __name__
    fill.__doc__ = ("The '%s' initializer of docs/model-spec.md on a new "
                    "array of shape, or in place on out." % name)
    return fill


for _name, _params, _defaults, _required, _normal, _fan in _c.scheme_table():
    SCHEMES[_name] = {"params": _params, "defaults": _defaults,
                      "method": _normal, "fans": _fan}
    globals()[_name] = _scheme_function(_name, _params, _defaults, _normal,
                                        _fan)
    __all__.append(_name)

fill_uniform = globals()["uniform"]
fill_normal = globals()["normal"]
fill_trunc_normal = globals()["trunc_normal"]


# ------------------------------------------------- gains, fans, streams

def calculate_gain(nonlinearity, param=None):
    """torch.nn.init.calculate_gain: the recommended gain of a
    nonlinearity (param: leaky_relu's negative slope, default 0.01)."""
    return _c.calculate_gain(nonlinearity, param)


def fans(shape):
    """(fan_in, fan_out) of a shape in torch's layout (out, in, k...)."""
    return _c.fans(_shape(shape))


def stream_of(name):
    """The stream `nninit model` gives a tensor: FNV-1a 64 of its UTF-8
    name (docs/streams.md, "Models"), computed by the binding as
    init_module does."""
    return _c.stream_of(name)


# ---------------------------------------------------------- ISA, threads

def isa():
    """The CPU path fills use now: 'scalar', 'avx2', 'avx512' or 'neon'."""
    return _c.isa_active()


isa_supported = _c.isa_supported
isa_force = _c.isa_force
isa_names = _c.isa_names
isa_description = _c.isa_description
isa_reason = _c.isa_reason
cpu_features = _c.cpu_features
set_num_threads = _c.set_num_threads
get_num_threads = _c.get_num_threads
set_nt_threshold = _c.set_nt_threshold
get_nt_threshold = _c.get_nt_threshold
