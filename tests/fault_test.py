#!/usr/bin/python3
"""Fault tests of the nninit tool's outputs (issue 15).

Usage: fault_test.py PATH/TO/nninit PATH/TO/libno_tmpfile.so

What an output path points at is never destroyed: a character device
(made with mknod in a temporary folder when we may), /dev/full (ENOSPC:
exit 1, one line), a FIFO, a pipe ("-o -", "-o /dev/stdout") and symlinks
to them are written in place; a symlink to a regular file keeps the link.
Every failure keeps the existing output and leaves nothing behind: a full
disk (a small tmpfs, when we may mount), a file-size limit, a read-only
folder, a missing folder, SIGINT/SIGTERM/SIGHUP mid-write, SIGKILL
mid-write then a rerun. Concurrent writers leave one complete output.
The named-temporary fallback (file systems without O_TMPFILE) is forced
with an LD_PRELOAD shim and goes through the same checks.

No timing is assumed: a signal test waits until the writer holds its
output open, and if the write finished before the signal landed the
complete output is checked instead (and a note printed).
"""
import io
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

try:
    import numpy as np
except ImportError as e:
    sys.exit("fault_test: FAIL: numpy is required (apt install python3-numpy): %s" % e)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, held_open  # noqa: E402

if len(sys.argv) != 3:
    sys.exit("usage: fault_test.py NNINIT LIBNO_TMPFILE")
check = Checks("fault_test")
note = check.note
EXE = os.path.abspath(sys.argv[1])
SHIM = os.path.abspath(sys.argv[2])
TMP = os.path.realpath(tempfile.mkdtemp(prefix="nninit_fault_test_"))
ENV = {k: v for k, v in os.environ.items() if k != "NNINIT_ISA"}
# The shim cannot come before an ASan runtime; the check is only about
# link order and does not weaken the instrumentation.
SHIM_ENV = dict(ENV, LD_PRELOAD=SHIM,
                ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":"))
TIMEOUT = 300
IS_ROOT = os.geteuid() == 0






def run(args, env=None, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    p = subprocess.run([EXE] + args, stderr=subprocess.PIPE, env=env or ENV, timeout=TIMEOUT, **kw)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def path(*names):
    return os.path.join(TMP, *names)


def one_error(se):
    return se.startswith("nninit: error: ") and se.count("\n") == 1


def listing(folder=TMP):
    return sorted(os.listdir(folder))


FILL = ["fill", "--dist", "normal", "--shape", "1000", "--seed", "3"]


def reference(args):
    """The bytes args write to a regular file."""
    out = path("ref.npy")
    rc, _, se = run(args + ["-o", out])
    assert rc == 0, se
    with open(out, "rb") as fh:
        data = fh.read()
    os.unlink(out)
    return data


REF = reference(FILL)
check(np.lib.format.read_array(io.BytesIO(REF)).shape == (1000,), "reference output")


def read(name):
    with open(name, "rb") as fh:
        return fh.read()


def keep_file(name, data=b"keep me"):
    with open(name, "wb") as fh:
        fh.write(data)


# ------------------------------------------------ devices, FIFOs, pipes
def device_checks():
    null, full = path("null"), path("full")
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError as e:
        note("device nodes not checked (mknod: %s)" % e)
        return
    rc, _, se = run(FILL + ["-o", null])
    st = os.lstat(null)
    check(rc == 0 and se == "", "-o device null: %d %r" % (rc, se))
    check(stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3), "device null replaced")
    rc, _, se = run(FILL + ["-o", full])
    st = os.lstat(full)
    check(rc == 1 and one_error(se) and "No space left" in se, "-o device full: %d %r" % (rc, se))
    check(stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 7), "device full replaced")
    # A symlink to a device: the device is written, the link stays.
    os.symlink("null", path("to_null"))
    rc, _, se = run(FILL + ["-o", path("to_null")])
    check(rc == 0 and os.path.islink(path("to_null")) and stat.S_ISCHR(os.stat(null).st_mode),
          "symlink to a device: %d %r" % (rc, se))
    rc, _, se = run(["model", "-o", full])
    check(rc == 1 and one_error(se) and stat.S_ISCHR(os.lstat(full).st_mode), "model -o device full: %d %r" % (rc, se))
    for name in (null, full, path("to_null")):
        os.unlink(name)


device_checks()
if os.path.exists("/dev/full"):
    rc, _, se = run(FILL + ["-o", "/dev/full"])
    check(rc == 1 and one_error(se) and "No space left" in se, "-o /dev/full: %d %r" % (rc, se))
    check(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full replaced")


def via_fifo(args):
    """Runs args writing into a new FIFO; returns (rc, stderr, bytes read)."""
    fifo = path("fifo")
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(read(fifo)))
    reader.start()
    rc, _, se = run(args + ["-o", fifo])
    reader.join(TIMEOUT)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "FIFO replaced")
    os.unlink(fifo)
    return rc, se, got[0] if got else b""


rc, se, data = via_fifo(FILL)
check(rc == 0 and data == REF, "fill -o FIFO: %d %r, %d bytes" % (rc, se, len(data)))

# Standard output: "-", and /dev/stdout (a symlink to a pipe here).
for target in ("-", "/dev/stdout"):
    rc, so, se = run(FILL + ["-o", target])
    check(rc == 0 and so == REF and se == "", "fill -o %s: %d %r" % (target, rc, se))
# /dev/stdout that is a regular file opened for appending: appended to,
# the same file, not replaced by a new one.
keep_file(path("log"), b"head")
ino = os.stat(path("log")).st_ino
with open(path("log"), "ab") as log:
    rc, _, se = run(FILL + ["-o", "/dev/stdout"], stdout=log)
check(rc == 0 and read(path("log")) == b"head" + REF and os.stat(path("log")).st_ino == ino,
      "-o /dev/stdout >> log: %d %r" % (rc, se))
os.unlink(path("log"))
rc, so, se = run(["init", "--scheme", "xavier-uniform", "--shape", "20x30", "-o", "-"])
check(rc == 0 and np.lib.format.read_array(io.BytesIO(so)).shape == (20, 30), "init -o -: %d %r" % (rc, se))
SPEC = path("spec.json")
with open(SPEC, "w") as fh:
    fh.write('{"tensors": [{"name": "w", "shape": [64, 32], "init": {"scheme": "normal"}},'
             ' {"name": "b", "shape": [64], "init": {"scheme": "zeros"}}]}')
rc, _, se = run(["model", SPEC, "-q", "-o", path("m.safetensors")])
check(rc == 0, "model to a file: %d %r" % (rc, se))
rc, so, se = run(["model", SPEC, "-q", "-o", "-"])
check(rc == 0 and so == read(path("m.safetensors")), "model -o -: %d %r, %d bytes" % (rc, se, len(so)))
rc, se, data = via_fifo(["model", SPEC, "-q"])
check(rc == 0 and data == read(path("m.safetensors")), "model -o FIFO: %d %r" % (rc, se))
os.unlink(path("m.safetensors"))
# Standard output closed by the reader after the first bytes: the writer
# stops (SIGPIPE or EPIPE), nothing is left, no file appears.
p = subprocess.Popen([EXE, "fill", "--dist", "uniform", "--shape", "4000000", "-o", "-"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
p.stdout.read(1000)
p.stdout.close()
check(p.wait(TIMEOUT) != 0, "fill -o - into a closed pipe exited 0")

# --------------------------------------------------------- symlinks
keep_file(path("target.npy"))
os.symlink("target.npy", path("link.npy"))
rc, _, se = run(FILL + ["-o", path("link.npy")])
check(rc == 0 and os.path.islink(path("link.npy")) and read(path("target.npy")) == REF,
      "symlink to a regular file: the link stays, its target is replaced: %d %r" % (rc, se))
os.symlink("new.npy", path("dangling.npy"))
rc, _, se = run(FILL + ["-o", path("dangling.npy")])
check(rc == 0 and os.path.islink(path("dangling.npy")) and read(path("new.npy")) == REF,
      "dangling symlink: its target is created: %d %r" % (rc, se))
os.symlink("loop2", path("loop1"))
os.symlink("loop1", path("loop2"))
rc, _, se = run(FILL + ["-o", path("loop1")])
check(rc == 1 and one_error(se) and os.path.islink(path("loop1")), "symlink loop: %d %r" % (rc, se))
for name in ("target.npy", "link.npy", "dangling.npy", "new.npy", "loop1", "loop2"):
    os.unlink(path(name))

# ------------------------------------------------ names and replacing
for length in (246, 250, 255):
    name = path("n" * (length - 4) + ".npy")
    rc, _, se = run(FILL + ["-o", name])
    check(rc == 0 and read(name) == REF, "a %d-byte name: %d %r" % (length, rc, se))
    os.unlink(name)
rc, _, se = run(FILL + ["-o", path("n" * 256)])
check(rc == 1 and one_error(se) and "too long" in se, "a 256-byte name: %d %r" % (rc, se))
# Over an existing file: a new inode takes the name in one step.
keep_file(path("old.npy"))
os.chmod(path("old.npy"), 0o444)
ino = os.stat(path("old.npy")).st_ino
rc, _, se = run(FILL + ["-o", path("old.npy")])
check(rc == 0 and read(path("old.npy")) == REF and os.stat(path("old.npy")).st_ino != ino,
      "replacing an existing file: %d %r" % (rc, se))
os.unlink(path("old.npy"))
check(listing() == ["spec.json"], "names and replacing left files: %r" % listing())

# ------------------------------------------------------ write failures
keep_file(path("keep.npy"))
BEFORE = listing()


def kept(what):
    check(read(path("keep.npy")) == b"keep me", "%s: the existing output changed" % what)
    check(listing() == BEFORE, "%s: left %r" % (what, sorted(set(listing()) ^ set(BEFORE))))


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))


BIG = ["fill", "--dist", "uniform", "--shape", "100000"]  # 400 KB
for cmd in (BIG, ["model", "--dtype", "bf16"]):
    rc, _, se = run(cmd + ["-o", path("keep.npy")], preexec_fn=limit_file_size)
    check(rc == 1 and one_error(se) and "File too large" in se, "ulimit -f, %s: %d %r" % (cmd[0], rc, se))
    kept("ulimit -f, " + cmd[0])
# A model past 2^63 - 1 bytes (129 tensors of 2^53 float64), which no file
# can hold: the reservation refuses it up front instead of skipping it.
with open(path("huge.json"), "w") as fh:
    fh.write('{"dtype": "f64", "tensors": [%s]}' % ", ".join(
        '{"name": "t%d", "shape": [9007199254740992], "init": {"scheme": "zeros"}}' % i for i in range(129)))
rc, _, se = run(["model", path("huge.json"), "-o", path("keep.npy")])
check(rc == 1 and one_error(se) and "File too large" in se, "a model past 2^63 bytes: %d %r" % (rc, se))
os.unlink(path("huge.json"))
kept("a model past 2^63 bytes")
# Specs are read up to 256 MiB: an endless one is bad input (exit 2); out
# of memory reading or parsing one is the machine's failure (exit 1).
rc, _, se = run(["model", "/dev/zero", "-o", path("keep.npy")])
check(rc == 2 and one_error(se) and "256 MiB" in se, "model /dev/zero: %d %r" % (rc, se))
kept("model /dev/zero")
rc, _, se = run(["model", "--hf-config", "/dev/zero", "-o", path("keep.npy")])
check(rc == 2 and one_error(se) and "1 MiB" in se, "model --hf-config /dev/zero: %d %r" % (rc, se))
kept("model --hf-config /dev/zero")
with open(path("many.json"), "w") as fh:
    fh.write('{"tensors": [%s]}' % ", ".join(
        '{"name": "t%d", "shape": [2, 2], "init": {"scheme": "zeros"}}' % i for i in range(200000)))
# Hugging Face configs of 100,000 layers (over a million tensors): the
# same for --hf-config, whose reader runs out building the spec (llama)
# or its table of GPT-2 tensors (gpt2). A config is read up to 1 MiB.
for name, conf in (("deep-llama.json", '{"model_type": "llama", "vocab_size": 1, "hidden_size": 1, '
                                       '"intermediate_size": 1, "num_hidden_layers": 100000, '
                                       '"num_attention_heads": 1}'),
                   ("deep-gpt2.json", '{"model_type": "gpt2", "vocab_size": 1, "n_positions": 1, "n_embd": 1, '
                                      '"n_layer": 100000}')):
    with open(path(name), "w") as fh:
        fh.write(conf)


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (48 << 20, 48 << 20))


for spec in (["/dev/zero"], [path("many.json")], ["--hf-config", path("deep-llama.json")],
             ["--hf-config", path("deep-gpt2.json")]):
    rc, _, se = run(["model"] + spec + ["-o", path("keep.npy")], preexec_fn=limit_memory)
    if "Sanitizer" in se:
        note("out-of-memory checks skipped: a sanitizer build cannot run under RLIMIT_AS")
        break
    check(rc == 1 and one_error(se) and "out of memory" in se, "model %s in 48 MiB: %d %r" % (spec, rc, se))
for name in ("many.json", "deep-llama.json", "deep-gpt2.json"):
    os.unlink(path(name))
kept("out of memory")
rc, _, se = run(FILL + ["-o", path("no_such_dir", "x.npy")])
check(rc == 1 and one_error(se) and "No such file" in se, "missing folder: %d %r" % (rc, se))
kept("missing folder")
rc, _, se = run(FILL + ["-o", path("keep.npy", "x.npy")])
check(rc == 1 and one_error(se), "a file as the folder: %d %r" % (rc, se))
kept("a file as the folder")
rc, _, se = run(FILL + ["-o", TMP])
check(rc == 1 and one_error(se) and "Is a directory" in se, "a folder as the output: %d %r" % (rc, se))
kept("a folder as the output")


def mount(kind, where, *opts):
    os.mkdir(where)
    try:
        ok = subprocess.run(["mount", "-t", kind, "-o", ",".join(opts), kind, where],
                            capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    if not ok:
        os.rmdir(where)
    return ok


def unmount(where):
    subprocess.run(["umount", where], capture_output=True, timeout=60)
    os.rmdir(where)


def small_disk_checks():
    """A 64 KiB tmpfs: full disk (fill fails in the writes, model in the
    reservation); then remounted read-only."""
    mnt = path("small")
    if not IS_ROOT or not mount("tmpfs", mnt, "size=64k"):
        note("full-disk and read-only checks skipped: cannot mount a tmpfs (needs root)")
        return False
    try:
        out = os.path.join(mnt, "keep.npy")
        keep_file(out)
        for cmd in (BIG, ["model", "--dtype", "bf16"]):
            rc, _, se = run(cmd + ["-o", out])
            check(rc == 1 and one_error(se) and "No space left" in se, "full disk, %s: %d %r" % (cmd[0], rc, se))
            check(read(out) == b"keep me" and os.listdir(mnt) == ["keep.npy"], "full disk, %s: %r" % (cmd[0], os.listdir(mnt)))
        subprocess.run(["mount", "-o", "remount,ro", mnt], capture_output=True, timeout=60)
        rc, _, se = run(FILL + ["-o", out])
        check(rc == 1 and one_error(se) and "Read-only" in se, "read-only file system: %d %r" % (rc, se))
        check(read(out) == b"keep me", "read-only file system: output changed")
    finally:
        unmount(mnt)
    return True


small_disk_checks()
# A folder we may not write to (root may write anywhere: checked only for
# other users; the read-only mount above covers root).
if not IS_ROOT:
    os.mkdir(path("ro"))
    keep_file(path("ro", "keep.npy"))
    os.chmod(path("ro"), 0o555)
    rc, _, se = run(FILL + ["-o", path("ro", "keep.npy")])
    check(rc == 1 and one_error(se) and read(path("ro", "keep.npy")) == b"keep me", "read-only folder: %d %r" % (rc, se))
    os.chmod(path("ro"), 0o755)
    shutil.rmtree(path("ro"))
kept("full disk and read-only")


# ------------------------------------------------------------ signals


# 256 MiB of bf16: long enough to be interrupted mid-write on any machine,
# and still a valid file to check when it was not.
HUGE = ["fill", "--dist", "uniform", "--shape", "134217728", "--dtype", "bf16"]


def interrupt(sig, env=ENV):
    """Starts HUGE writing keep.npy, sends sig once it holds the output open.
    Returns the exit status (negative: the signal), or None when it finished
    first."""
    p = subprocess.Popen([EXE] + HUGE + ["-o", path("keep.npy")], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    held = None
    while p.poll() is None and held is None:
        held = held_open(p.pid, TMP)
        time.sleep(0.002)
    if p.poll() is None:
        p.send_signal(sig)
    if held is not None:
        # Which kind of temporary the writer used: unnamed, unless the shim
        # forced the named fallback.
        named = env is SHIM_ENV
        check(held.startswith(".nninit-") if named else held.endswith("(deleted)"),
              "%s: the writer's temporary is %r" % (sig.name, held))
    rc = p.wait(TIMEOUT)
    se = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if rc == 0:
        note("%s: the write finished before the signal; its output checked instead" % sig.name)
        check(os.path.getsize(path("keep.npy")) == 128 + 2 * 134217728, "%s: the output is incomplete" % sig.name)
        keep_file(path("keep.npy"))
        return None
    check(rc == -sig, "%s: exit %d %r" % (sig.name, rc, se))
    return rc


def signal_checks(env, what):
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        interrupt(sig, env)
        kept("%s%s mid-write" % (sig.name, what))
    # SIGKILL cannot be caught: an unnamed output vanishes with the process.
    if interrupt(signal.SIGKILL, env) is not None and env is SHIM_ENV:
        # The named fallback can strand its temporary: the documented limit.
        left = [f for f in listing() if f.startswith(".nninit-")]
        for f in left:
            os.unlink(path(f))
    kept("SIGKILL%s mid-write" % what)
    # ... and a rerun completes and leaves nothing else.
    rc, _, se = run(FILL + ["-o", path("keep.npy")], env=env)
    check(rc == 0 and read(path("keep.npy")) == REF and listing() == BEFORE, "rerun after SIGKILL%s: %d %r" % (what, rc, se))
    keep_file(path("keep.npy"))


signal_checks(ENV, "")


# -------------------------------------------------- concurrent writers
def concurrent(env, what):
    outs = {}
    for seed in range(4):
        rc, _, se = run(["fill", "--dist", "normal", "--shape", "300000", "--seed", str(seed), "-o", path("c.npy")], env=env)
        outs[seed] = read(path("c.npy"))
    os.unlink(path("c.npy"))
    procs = [subprocess.Popen([EXE, "fill", "--dist", "normal", "--shape", "300000", "--seed", str(seed),
                               "-o", path("c.npy")], env=env, stderr=subprocess.PIPE) for seed in range(4)]
    rcs = [p.wait(TIMEOUT) for p in procs]
    for p in procs:
        p.stderr.close()
    check(rcs == [0] * 4, "concurrent writers%s: %r" % (what, rcs))
    check(read(path("c.npy")) in outs.values(), "concurrent writers%s: the output is none of theirs" % what)
    os.unlink(path("c.npy"))
    check(listing() == BEFORE, "concurrent writers%s left %r" % (what, listing()))


concurrent(ENV, "")

# ------------------------------------- the named-temporary fallback
# With O_TMPFILE refused the same guarantees hold, SIGKILL excepted.
rc, _, se = run(FILL + ["-o", path("keep.npy")], env=SHIM_ENV)
check(rc == 0 and read(path("keep.npy")) == REF and listing() == BEFORE, "named fallback: %d %r" % (rc, se))
keep_file(path("keep.npy"))
name = path("m" * 251 + ".npy")
rc, _, se = run(FILL + ["-o", name], env=SHIM_ENV)
check(rc == 0 and read(name) == REF, "named fallback, a 255-byte name: %d %r" % (rc, se))
os.unlink(name)
rc, _, se = run(BIG + ["-o", path("keep.npy")], env=SHIM_ENV, preexec_fn=limit_file_size)
check(rc == 1 and one_error(se), "named fallback, ulimit -f: %d %r" % (rc, se))
kept("named fallback, ulimit -f")
signal_checks(SHIM_ENV, " (named fallback)")
concurrent(SHIM_ENV, " (named fallback)")

shutil.rmtree(TMP, ignore_errors=True)
check.finish()
