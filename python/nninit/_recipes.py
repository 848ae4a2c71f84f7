"""The recipes of nninit.torch.init_module.

Default rules: what torch 1.13's ``reset_parameters`` does for each
standard module type, as initializer dicts with the keys of
docs/model-spec.md (same distributions and parameters; the bits come from
nninit's streams). A rule maps parameter names relative to its module
(``out_proj.bias`` for MultiheadAttention) to dicts; rules are applied
from the leaves up, so a parent's rule overrides its children's as the
parent's constructor does in torch (MultiheadAttention zeroes its
out_proj's bias, Transformer re-initializes every matrix).
"""
import fnmatch
import functools
import math
import re

import torch
from torch import nn

import nninit

ZEROS = {"scheme": "zeros"}
ONES = {"scheme": "ones"}
# kaiming_uniform_(w, a=sqrt(5)): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
KAIMING_A5 = {"scheme": "kaiming_uniform", "a": math.sqrt(5)}


def _uniform(bound):
    # torch's uniform_(-0, 0) writes zeros; U[0, 0) is empty for nninit.
    if not bound > 0:
        return ZEROS
    return {"scheme": "uniform", "low": -bound, "high": bound}


def _fan_bias(m):
    """The bias rule of Linear and _ConvNd: U(-1/sqrt(fan_in), ...) with
    the weight's fan_in."""
    if getattr(m, "bias", None) is None:
        return {}
    fan_in = nninit.fans(tuple(m.weight.shape))[0] if m.weight.dim() >= 2 else 0
    return {"bias": _uniform(1 / math.sqrt(fan_in) if fan_in > 0 else 0.0)}


def _linear(m):
    return dict({"weight": KAIMING_A5}, **_fan_bias(m))


def _bilinear(m):
    bound = 1 / math.sqrt(m.weight.size(1)) if m.weight.size(1) > 0 else 0.0
    r = {"weight": _uniform(bound)}
    if m.bias is not None:
        r["bias"] = _uniform(bound)
    return r


def _embedding(m):
    return {"weight": {"scheme": "normal"}}


def _affine(m):
    r = {}
    if getattr(m, "weight", None) is not None:
        r["weight"] = ONES
    if getattr(m, "bias", None) is not None:
        r["bias"] = ZEROS
    return r


def _rnn(m):
    bound = 1 / math.sqrt(m.hidden_size) if m.hidden_size > 0 else 0.0
    return {name: _uniform(bound) for name, _ in m.named_parameters(recurse=False)}


def _mha(m):
    r = {}
    if m._qkv_same_embed_dim:
        r["in_proj_weight"] = {"scheme": "xavier_uniform"}
    else:
        for n in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
            r[n] = {"scheme": "xavier_uniform"}
    if m.in_proj_bias is not None:
        r["in_proj_bias"] = ZEROS
        r["out_proj.bias"] = ZEROS
    if m.bias_k is not None:
        r["bias_k"] = {"scheme": "xavier_normal"}
    if m.bias_v is not None:
        r["bias_v"] = {"scheme": "xavier_normal"}
    return r


def _transformer(m):
    return {n: {"scheme": "xavier_uniform"}
            for n, p in m.named_parameters() if p.dim() > 1}


_CONV = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d,
         nn.ConvTranspose2d, nn.ConvTranspose3d)
_NORMS = (nn.LayerNorm, nn.GroupNorm, nn.modules.batchnorm._NormBase)

# (module types, rule), most specific first: the first isinstance match.
RULES = [
    (nn.Bilinear, _bilinear),
    (nn.Linear, _linear),
    (_CONV, _linear),
    ((nn.Embedding, nn.EmbeddingBag), _embedding),
    (_NORMS, _affine),
    ((nn.RNNBase, nn.RNNCellBase), _rnn),
    (nn.MultiheadAttention, _mha),
    (nn.Transformer, _transformer),
]


_RULE_OF_TYPE = {}


def _rule(m):
    """The rule of a module's type (the first isinstance match; cached)."""
    t = type(m)
    try:
        return _RULE_OF_TYPE[t]
    except KeyError:
        pass
    rule = next((r for types, r in RULES if isinstance(m, types)), None)
    _RULE_OF_TYPE[t] = rule
    return rule


_WILD = re.compile(r"[*?\[]")


@functools.lru_cache(maxsize=64)
def _matcher(patterns):
    """A function from a name to the index of the first of ``patterns`` (a
    tuple of fnmatch patterns) that matches it, or None; made once per
    recipe. Patterns without wildcards (a spec's exact names) are one dict
    look-up; the others are one regular expression whose alternatives are
    tried in order (group w<i> is pattern i), so the first match is the
    first pattern that matches."""
    exact, wild = {}, []
    for i, pat in enumerate(patterns):
        if _WILD.search(pat):
            wild.append("(?P<w%d>%s)" % (i, fnmatch.translate(pat)))
        else:
            exact.setdefault(pat, i)
    match = re.compile("|".join(wild)).match if wild else None

    def first(name):
        e = exact.get(name)
        m = match(name) if match else None
        if m is None:
            return e
        i = int(m.lastgroup[1:])
        return i if e is None or i < e else e
    return first


def plan(module, recipe=None):
    """What init_module does to a module tree: ([(name, tensor, spec)],
    [(buffer, value)], [(embedding weight, padding row to zero)],
    [(name, module type) without a rule])."""
    specs = {}  # fully qualified parameter name -> spec
    post = []
    buffers = []
    mods = list(module.named_modules())
    for prefix, m in reversed(mods):  # leaves first: parents override
        rule = _rule(m)
        if rule is None:
            continue
        pre = prefix + "." if prefix else ""
        for rel, spec in rule(m).items():
            specs[pre + rel] = spec
        if isinstance(m, nn.modules.batchnorm._NormBase) and m.track_running_stats:
            for bname, value in (("running_mean", 0.0), ("running_var", 1.0),
                                 ("num_batches_tracked", 0)):
                b = getattr(m, bname, None)
                if b is not None:
                    buffers.append((b, value))
        if (isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and
                m.padding_idx is not None):
            post.append((m.weight, m.padding_idx))
    recipe = recipe or {}
    first = _matcher(tuple(recipe))
    pspecs = tuple(recipe.values())
    out, missing, covered = [], [], set()
    # module.named_parameters() in one walk of the modules already listed:
    # each module's own parameters in order, a shared one under its first
    # name, with the type of the module that owns it.
    seen = set()
    for prefix, m in mods:
        pre = prefix + "." if prefix else ""
        for leaf, p in m._parameters.items():
            if p is None or id(p) in seen:
                continue
            seen.add(id(p))
            name = pre + leaf
            i = first(name)
            if i is not None:
                out.append((name, p, pspecs[i]))
                covered.add(id(p))
            elif name in specs:
                out.append((name, p, specs[name]))
            else:
                missing.append((name, type(m).__name__))
    # A recipe-covered Embedding keeps the recipe's values: its padding row
    # is torch's rule, not the recipe's.
    post = [(w, i) for w, i in post if id(w) not in covered]
    return out, buffers, post, missing


def recipe_from_spec(spec):
    """A recipe from a model spec (docs/model-spec.md: a dict, or a path
    to the JSON file): each tensor's name, as an exact pattern, to its
    initializer."""
    if isinstance(spec, (str, bytes)) or hasattr(spec, "__fspath__"):
        import json
        with open(spec, encoding="utf-8") as f:
            spec = json.load(f)
    return {_escape(t["name"]): t["init"] for t in spec["tensors"]}


def _escape(name):
    """An fnmatch pattern matching exactly name."""
    return "".join("[%s]" % c if c in "*?[" else c for c in name)


def gpt2_recipe(n_layer=12, std=0.02, method="box_muller"):
    """GPT-2 as Hugging Face's GPT2PreTrainedModel._init_weights does it
    (and `nninit model`'s built-in spec): weights N(0, std), the residual
    projections N(0, std / sqrt(2 n_layer)), biases 0, layer norms 1 and
    0. For a module whose names are Hugging Face GPT-2's. Box-Muller, as
    the built-in spec: the fastest exact normal method on the vector
    paths."""
    proj = {"scheme": "normal", "std": std / math.sqrt(2 * n_layer),
            "method": method}
    return {
        "*.attn.c_proj.weight": proj,
        "*.mlp.c_proj.weight": proj,
        "*ln_*.weight": ONES,
        "*.bias": ZEROS,
        "*.weight": {"scheme": "normal", "std": std, "method": method},
    }
