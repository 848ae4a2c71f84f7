#!/usr/bin/python3
"""nninit.torch against torch.nn.init, in one run (docs/performance-python.md).

Usage: PYTHONPATH=build/python bench/python_bench.py [--reps R] [--sizes ...]
       [--no-gpt2] [--threads N]

1. Each nninit.torch function and the torch.nn.init function of the same
   name on the same float32 tensor (2-D, fans as a weight), at 16, 4096,
   1M and 16M elements: best time per call of R rounds and the ratio.
2. The per-call cost on a 16-element tensor: normal_ of both, many calls.
3. The constant fills (constant_, zeros_, ones_) at the sizes of 1. from
   1M elements on with N threads (torch's fill_ and nninit's pool both
   split large fills).
4. init_module on GPT-2 small (Hugging Face GPT2Model's names and shapes,
   124,439,808 float32 parameters) with the GPT-2 recipe, against torch
   initializing the same module with its own calls as Hugging Face's
   _init_weights does (normal_ weights, zeros_ biases, ones_ layer norms),
   with 1 thread and with N (nninit.set_num_threads, torch.set_num_threads).

Timings move with the machine's load: read the ratios, measured one after
the other in this process.
"""
import argparse
import math
import os
import platform
import sys
import time
import timeit

import torch
from torch import nn

import nninit
import nninit.torch as nt

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--sizes", default="16,4096,1048576,16777216")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--no-gpt2", action="store_true")
args = ap.parse_args()

SHAPES = {16: (4, 4), 4096: (64, 64), 1048576: (1024, 1024),
          16777216: (4096, 4096)}
FUNCS = [
    ("uniform_", (), ()),
    ("normal_", (), ()),
    ("trunc_normal_", (), ()),
    ("constant_", (0.5,), (0.5,)),
    ("zeros_", (), ()),
    ("ones_", (), ()),
    ("xavier_uniform_", (), ()),
    ("xavier_normal_", (), ()),
    ("kaiming_uniform_", (), ()),
    ("kaiming_normal_", (), ()),
]


def best(fn, reps, number):
    return min(timeit.repeat(fn, repeat=reps, number=number)) / number


def fmt(s):
    if s < 1e-3:
        return "%.2f us" % (s * 1e6)
    return "%.3f ms" % (s * 1e3)


print("# nninit.torch vs torch.nn.init: %s, torch %s, nninit %s (%s path), "
      "%d CPUs, load %.1f" % (platform.machine(), torch.__version__,
                              nninit.__version__, nninit.isa(),
                              os.cpu_count(), os.getloadavg()[0]))
print("# command: PYTHONPATH=build/python /usr/bin/python3 %s" %
      " ".join(sys.argv))
torch.set_num_threads(1)
nninit.set_num_threads(1)
sizes = [int(s) for s in args.sizes.split(",")]
print()
print("## Each function, 1 thread, float32 (time per call; ratio = torch / nninit)")
print()


def table(funcs, sizes):
    """One row per function: torch's time / nninit's at each size."""
    print("| function | " + " | ".join("%s elements" % format(n, ",")
                                     for n in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, ta, na in funcs:
        cells = []
        for n in sizes:
            t = torch.empty(SHAPES[n])
            number = max(1, min(20000, 2_000_000 // n))
            ref = getattr(torch.nn.init, name)
            ours = getattr(nt, name)
            tt = best(lambda: ref(t, *ta), args.reps, number)
            tn = best(lambda: ours(t, *na), args.reps, number)
            cells.append("%s / %s = **%.2fx**" % (fmt(tt), fmt(tn), tt / tn))
        print("| %s | %s |" % (name, " | ".join(cells)))


table(FUNCS, sizes)

print()
t16 = torch.empty(16)
calls = 200_000
tt = best(lambda: torch.nn.init.normal_(t16), args.reps, calls)
tn = best(lambda: nt.normal_(t16), args.reps, calls)
tz = best(lambda: nt.normal_(t16, seed=1, stream=2), args.reps, calls)
print("## Per call, 16-element float32 tensor (best of %d x %d calls)" % (args.reps, calls))
print()
print("| call | time | vs torch.nn.init.normal_ |")
print("|---|---:|---:|")
print("| torch.nn.init.normal_(t) | %s | 1.00x |" % fmt(tt))
print("| nninit.torch.normal_(t) (module-level source) | %s | %.2fx |" % (fmt(tn), tn / tt))
print("| nninit.torch.normal_(t, seed=1, stream=2) | %s | %.2fx |" % (fmt(tz), tz / tt))

big = [n for n in sizes if n >= 1048576]
if big and args.threads > 1:
    torch.set_num_threads(args.threads)
    nninit.set_num_threads(args.threads)
    print()
    print("## Constant fills, %d threads, float32 (ratio = torch / nninit)"
          % args.threads)
    print()
    table([f for f in FUNCS if f[0] in ("constant_", "zeros_", "ones_")], big)
    torch.set_num_threads(1)
    nninit.set_num_threads(1)

if args.no_gpt2:
    sys.exit(0)


class Conv1D(nn.Module):
    def __init__(self, nx, nf):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.empty(nf))


class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d)
        self.attn = nn.Module()
        self.attn.c_attn = Conv1D(d, 3 * d)
        self.attn.c_proj = Conv1D(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.mlp = nn.Module()
        self.mlp.c_fc = Conv1D(d, 4 * d)
        self.mlp.c_proj = Conv1D(4 * d, d)


class GPT2Model(nn.Module):
    def __init__(self, vocab=50257, ctx=1024, d=768, n_layer=12):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(ctx, d)
        self.h = nn.ModuleList(Block(d) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(d)


def torch_init(model, n_layer=12, std=0.02):
    """Hugging Face GPT2PreTrainedModel._init_weights, with torch's calls."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, 0.0, std / math.sqrt(2 * n_layer))
            elif ".ln_" in name or name.startswith("ln_f"):
                if name.endswith("weight"):
                    torch.nn.init.ones_(p)
                else:
                    torch.nn.init.zeros_(p)
            elif name.endswith("bias"):
                torch.nn.init.zeros_(p)
            else:
                torch.nn.init.normal_(p, 0.0, std)


model = GPT2Model()
n = sum(p.numel() for p in model.parameters())
recipe = nt.gpt2_recipe()
print()
print("## init_module on GPT-2 small (%s float32 parameters), best of %d" %
      (format(n, ","), args.reps))
print()
print("| threads | torch's own calls | nninit init_module | ratio |")
print("|---:|---:|---:|---:|")
for threads in sorted({1, args.threads}):
    torch.set_num_threads(threads)
    nninit.set_num_threads(threads)
    nt.init_module(model, recipe=recipe)  # warm-up: starts the pool
    tt = best(lambda: torch_init(model), args.reps, 1)
    tn = best(lambda: nt.init_module(model, recipe=recipe), args.reps, 1)
    print("| %d | %.3f s | %.3f s | **%.1fx** |" % (threads, tt, tn, tt / tn))

# What the Python layer adds: the same 148 tensors with widths of 8, where
# filling costs nothing and the time is the per-tensor work of init_module
# (walking the modules, matching the recipe, reading each tensor in C).
tiny = GPT2Model(vocab=8, ctx=8, d=8)
nt.init_module(tiny, recipe=recipe)
tt = best(lambda: torch_init(tiny), args.reps, 20)
tn = best(lambda: nt.init_module(tiny, recipe=recipe), args.reps, 20)
print()
print("Per-tensor cost of the Python layer (the same 148 tensors, width 8): "
      "init_module %.2f ms (%.1f us a tensor), torch's own calls %.2f ms." %
      (tn * 1e3, tn * 1e6 / 148, tt * 1e3))
