#!/usr/bin/python3
"""`nninit bits`: the words are the right ones, and it ends as it should.

Usage: bits_test.py PATH/TO/nninit

- raw words: Random123's known answer for Philox4x32-10 at key 0, counter 0
  (seed 0, stream 0, block 0), and word j of `bits --offset O` equal to word
  O + j of the same stream;
- --as uniform / normal: each word is what `nninit fill` writes for the
  same (seed, stream, offset), mapped back to uniform through the CDF in
  float64, the top 16 bits kept, two per word (element 2k low);
- every ISA path this machine runs gives the same bytes;
- --count, the end of the stream (index 2^64 - 1), a reader that closes
  the pipe (exit 0), a full stdout (exit 1) and bad arguments (exit 2).
"""
import io
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

check = Checks("bits_test")

EXE = sys.argv[1] if len(sys.argv) == 2 else sys.exit("usage: bits_test.py NNINIT")




def run(args, env=None, stdout=subprocess.PIPE):
    p = subprocess.run([EXE] + args, stdout=stdout, stderr=subprocess.PIPE, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def words(args):
    rc, out, se = run(["bits"] + args)
    check(rc == 0 and se == "", "bits %s: %d %r" % (args, rc, se))
    return np.frombuffer(out, dtype="<u4")


# Random123 kat_vectors: philox4x32 10 rounds, counter 0, key 0.
w = words(["--count", "4"])
check(list(w) == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8], "known answer: %s" % [hex(x) for x in w])
w = words(["--seed", "0x123456789abcdef", "--stream", "77", "--count", "1000"])
check(len(w) == 1000, "--count 1000 gave %d words" % len(w))
check(np.array_equal(words(["--seed", "0x123456789abcdef", "--stream", "77", "--offset", "333", "--count", "667"]), w[333:]),
      "--offset 333 is not the stream from word 333")

# Every path, the same bytes (the --isa values this build and CPU run).
for isa in ("scalar", "avx2", "avx512", "neon"):
    for extra in ([], ["--as", "normal", "--method", "icdf"]):
        rc, out, se = run(["bits", "--isa", isa, "--count", "5000", "--seed", "9"] + extra)
        if rc == 2 and "not supported" in se:
            continue
        ref = run(["bits", "--isa", "scalar", "--count", "5000", "--seed", "9"] + extra)[1]
        check(rc == 0 and out == ref, "--isa %s %s: %d %r" % (isa, extra, rc, se))


def top16(u):
    return np.minimum(np.floor(u * 65536.0), 65535).astype(np.uint32)


def expected(as_args, fill_args, n_words, offset):
    rc, out, se = run(["fill", "--shape", str(2 * n_words), "--seed", "5", "--stream", "3",
                       "--offset", str(offset), "-o", "-"] + fill_args)
    check(rc == 0, "fill %s: %d %r" % (fill_args, rc, se))
    x = np.lib.format.read_array(io.BytesIO(out)).astype(np.float64)
    if as_args[1] == "uniform":
        u = x
    else:
        u = np.array([0.5 * math.erfc(-v * math.sqrt(0.5)) for v in x])  # as bits.c: M_SQRT1_2
    b = top16(u)
    return b[0::2] | (b[1::2] << 16)


for as_args, fill_args in ((["--as", "uniform"], ["--dist", "uniform"]),
                           (["--as", "normal", "--method", "ziggurat"], ["--dist", "normal", "--method", "ziggurat"]),
                           (["--as", "normal", "--method", "box-muller"], ["--dist", "normal", "--method", "box-muller"]),
                           (["--as", "normal", "--method", "icdf"], ["--dist", "normal", "--method", "icdf"])):
    for offset in (0, 7):
        got = words(as_args + ["--seed", "5", "--stream", "3", "--offset", str(offset), "--count", "3000"])
        want = expected(as_args, fill_args, 3000, offset)
        check(np.array_equal(got, want), "%s --offset %d: %d of 3000 words differ" % (
            as_args, offset, int(np.sum(got != want)) if len(got) == len(want) else -1))

# The end of the stream: index 2^64 - 1 is the last; whole words only.
for args, n in ((["--offset", "0xfffffffffffffffe"], 2), (["--offset", "0xfffffffffffffffd", "--as", "uniform"], 1),
                (["--offset", "0xffffffffffffffff", "--as", "uniform"], 0)):
    check(len(words(args)) == n, "bits %s: not %d words" % (args, n))
rc, out, se = run(["bits", "--offset", "0xfffffffffffffffe", "--count", "3"])
check(rc == 2 and out == b"" and se.count("\n") == 1, "--count past the end: %d %r" % (rc, se))

# A reader that stops: EPIPE is the normal end, exit 0, nothing on stderr.
for extra in ([], ["--as", "normal"]):
    p = subprocess.Popen([EXE, "bits"] + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(1 << 20)
    p.stdout.close()
    rc = p.wait(timeout=300)
    se = p.stderr.read()
    p.stderr.close()
    check(rc == 0 and se == b"", "bits %s into a closed pipe: %d %r" % (extra, rc, se))
with open("/dev/full", "wb") as full:
    rc, _, se = run(["bits", "--count", "10"], stdout=full)
check(rc == 1 and "No space left" in se and se.count("\n") == 1, "bits > /dev/full: %d %r" % (rc, se))

for bad in (["--as", "gamma"], ["--method", "icdf"], ["--as", "uniform", "--method", "icdf"],
            ["--as", "normal", "--method", "polar"], ["--count", "-1"], ["--seed", "0x"], ["--isa", "mmx"],
            ["--count"], ["--bogus"], ["positional"], ["--count", "1", "--count", "2"]):
    rc, out, se = run(["bits"] + bad)
    check(rc == 2 and out == b"" and se.startswith("nninit: error: ") and se.count("\n") == 1,
          "bits %s: %d %r" % (bad, rc, se))

check.finish()
