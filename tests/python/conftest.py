"""Shared helpers of the Python package's tests (run by meson test with
PYTHONPATH at the build tree's python/ and NNINIT_TOOL at the tool)."""
import os
import subprocess
import threading

import numpy as np
import pytest

import nninit

TOOL = os.environ.get("NNINIT_TOOL")
SOURCE_ROOT = os.environ.get(
    "NNINIT_SOURCE_ROOT",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DTYPES = ("f32", "f64", "bf16", "f16")
SUPPORTED_ISAS = [i for i in nninit.isa_names() if nninit.isa_supported(i)]


@pytest.fixture(autouse=True)
def _auto_path():
    """Every test starts and ends on the automatic path, default threads."""
    nninit.isa_force("auto")
    yield
    nninit.isa_force("auto")
    nninit.set_num_threads(0)


def tool(args, tmp_path, name="out.npy"):
    """Runs `nninit fill|init ... -o FILE` and loads the array."""
    if TOOL is None:
        pytest.skip("the nninit tool was not built (-Dcli=disabled)")
    out = os.path.join(tmp_path, name)
    subprocess.run([TOOL] + args + ["-o", out], check=True,
                   capture_output=True, env={k: v for k, v in os.environ.items()
                                             if k != "NNINIT_ISA"})
    return np.load(out)


def bits(a):
    """The bytes of an array as unsigned integers (NaN-safe equality)."""
    a = np.ascontiguousarray(a)
    return a.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[a.itemsize])


def fill_in_two_threads(fill, streams, equal):
    """Two Python threads, seeds 1 and 2, each making fill(seed, k) for
    k < streams while the other runs (fills big enough that the C call
    releases the GIL); every result must equal the same call made
    sequentially."""
    jobs = [(s, k) for s in (1, 2) for k in range(streams)]
    expect = {j: fill(*j) for j in jobs}
    got = {}

    def work(seed):
        for k in range(streams):
            got[(seed, k)] = fill(seed, k)

    ts = [threading.Thread(target=work, args=(s,)) for s in (1, 2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for j in jobs:
        assert equal(got[j], expect[j]), j
