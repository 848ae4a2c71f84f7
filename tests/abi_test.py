#!/usr/bin/python3
"""The exported symbol set of libnninit.so: the ABI that the soname and the
Debian package libnninit0 promise.

Usage: abi_test.py NM OBJDUMP LIBNNINIT.so SYMBOLS_FILE CONTROL_FILE VERSION

Checks, from the dynamic symbol table of the built shared library
(`nm -D --defined-only`, `objdump -p`):
  - every exported symbol starts with nninit_ (src/nninit.map hides the
    rest) and carries a version node NNINIT_X.Y of a release not newer
    than this one;
  - the exported symbols are exactly those of debian/libnninit0.symbols:
    a new, lost or re-versioned symbol is an ABI change that must be
    declared there (the line to add is printed);
  - the soname, the symbols file's header and the package name in
    debian/control agree (libnninit.so.N <-> libnninit<N>).
"""
import re
import subprocess
import sys

from checks import check, finish

if len(sys.argv) != 7:
    sys.exit("usage: abi_test.py NM OBJDUMP LIB SYMBOLS CONTROL VERSION")
NM, OBJDUMP, LIB, SYMBOLS, CONTROL, VERSION = sys.argv[1:]
def release(text):
    """'0.2' or '0.2.0' -> (0, 2): the release a version node stands for."""
    return tuple(int(x) for x in text.split(".")[:2])


NODE = re.compile(r"NNINIT_(\d+)\.(\d+)$")
this_release = release(VERSION)

# --- what the library exports: name -> version node
out = subprocess.run([NM, "-D", "--defined-only", LIB], capture_output=True, text=True, check=True).stdout
exported = {}
nodes = set()
for line in out.splitlines():
    fields = line.split()
    if len(fields) != 3:
        continue
    kind, sym = fields[1], fields[2]
    name, _, version = sym.partition("@@")
    if kind == "A" and NODE.match(name):  # the version node itself
        nodes.add(name)
        continue
    check(name.startswith("nninit_"), "exported symbol %r does not start with nninit_" % sym)
    check(bool(NODE.match(version)), "exported symbol %r has no default version node NNINIT_X.Y" % sym)
    exported[name] = version
check(len(exported) > 0, "no nninit_ symbol exported by %s" % LIB)
for node in sorted(nodes):
    check(release(node[len("NNINIT_"):]) <= this_release,
          "version node %s is newer than the release %s" % (node, VERSION))

# --- what debian/libnninit0.symbols declares
declared = {}
header = None
with open(SYMBOLS) as f:
    for line in f:
        if line.startswith(" "):
            sym, minver = line.split()[:2]
            name, _, version = sym.partition("@")
            check(release(minver) <= this_release,
                  "%s: %s requires %s, newer than the release %s" % (SYMBOLS, name, minver, VERSION))
            if NODE.match(name):
                check(name in nodes, "%s declares version node %s, which the library lacks" % (SYMBOLS, name))
            else:
                declared[name] = version
        elif not line.startswith(("*", "#", "|")) and line.strip():
            header = line.split()
for name in sorted(set(exported) - set(declared)):
    check(False, "%s exports %s@%s, missing from %s: add the line ' %s@%s %s' "
          "(an addition to the ABI: a new symbol goes in a new version node of src/nninit.map)"
          % (LIB, name, exported[name], SYMBOLS, name, exported[name], VERSION))
for name in sorted(set(declared) - set(exported)):
    check(False, "%s declares %s@%s, which %s no longer exports: a removed symbol breaks the "
          "ABI (bump the soname in meson.build and the package name) " % (SYMBOLS, name, declared[name], LIB))
for name in sorted(set(declared) & set(exported)):
    check(declared[name] == exported[name], "%s: %s is versioned %s in %s but %s in the library"
          % (SYMBOLS, name, declared[name], SYMBOLS, exported[name]))

# --- soname, symbols header and package name agree
dyn = subprocess.run([OBJDUMP, "-p", LIB], capture_output=True, text=True, check=True).stdout
m = re.search(r"^\s*SONAME\s+(\S+)", dyn, re.M)
soname = m.group(1) if m else None
m = re.match(r"libnninit\.so\.(\d+)$", soname or "")
check(m is not None, "soname %r is not libnninit.so.N" % soname)
if m:
    package = "libnninit" + m.group(1)
    check(header is not None and header[:2] == [soname, package],
          "%s header is %r, expected '%s %s #MINVER#'" % (SYMBOLS, header, soname, package))
    with open(CONTROL) as f:
        packages = re.findall(r"^Package:\s*(\S+)", f.read(), re.M)
    check(package in packages, "%s has no package %s for the soname %s (it has %s)"
          % (CONTROL, package, soname, ", ".join(packages)))

finish("abi_test: %d symbols exported, soname %s" % (len(exported), soname))
