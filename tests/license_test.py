#!/usr/bin/python3
"""LICENSE and debian/copyright state the same license.

Usage: license_test.py LICENSE debian/copyright

debian/copyright is machine-readable (DEP-5): its `Files: *` paragraph
names a license (`License: Expat`), whose text is either that
paragraph's own continuation lines or a stand-alone `License: Expat`
paragraph; continuation lines start with a space and ` .` is an empty
line. LICENSE is a title line, the copyright line(s), then the text.

What is compared is the license text itself, paragraph by paragraph,
with runs of white space read as one space (rewrapping a paragraph is no
change; a word changed, added or dropped is). The title, the copyright
lines and the Debian header fields (Format, Upstream-Name, Copyright,
...) are not compared: the short name differs by design (MIT is
"Expat" in Debian's vocabulary).
"""
import sys

from checks import check, finish

if len(sys.argv) != 3:
    sys.exit("usage: license_test.py LICENSE debian/copyright")
LICENSE, COPYRIGHT = sys.argv[1:]


def paragraphs(lines):
    """Blank-line separated paragraphs, each as one white-space-normalized
    string."""
    out, cur = [], []
    for line in lines + [""]:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(" ".join(" ".join(cur).split()))
            cur = []
    return out


def deb822(text):
    """The paragraphs of a DEP-5 file as lists of (field, first line,
    continuation lines)."""
    paras, cur = [], []
    for line in text.splitlines() + [""]:
        if not line.strip():
            if cur:
                paras.append(cur)
            cur = []
        elif line[0] in " \t":
            check(bool(cur), "%s: continuation line outside a field: %r" % (COPYRIGHT, line))
            if cur:
                body = line.strip()
                cur[-1][2].append("" if body == "." else body)
        else:
            field, sep, value = line.partition(":")
            check(bool(sep), "%s: not a field: %r" % (COPYRIGHT, line))
            cur.append((field.strip(), value.strip(), []))
    return paras


def field(para, name):
    for f in para:
        if f[0].lower() == name.lower():
            return f
    return None


with open(LICENSE, encoding="utf-8") as f:
    license_paras = paragraphs(f.read().splitlines())
# The text starts after the title and the copyright paragraph.
while license_paras and (license_paras[0].startswith("Copyright") or
                         (len(license_paras[0]) < 60 and not license_paras[0].endswith("."))):
    license_paras.pop(0)
check(len(license_paras) >= 2, "%s: no license text after the title and copyright lines" % LICENSE)

with open(COPYRIGHT, encoding="utf-8") as f:
    paras = deb822(f.read())
files_all = [p for p in paras if field(p, "Files") and field(p, "Files")[1].split() == ["*"]]
check(len(files_all) == 1, "%s: %d 'Files: *' paragraphs, expected 1" % (COPYRIGHT, len(files_all)))
debian_paras = []
if files_all:
    lic = field(files_all[0], "License")
    check(lic is not None and lic[1] != "", "%s: 'Files: *' has no License: field" % COPYRIGHT)
    if lic is not None:
        body = lic[2]
        if not body:  # the text is in a stand-alone paragraph of that name
            alone = [field(p, "License") for p in paras
                     if field(p, "Files") is None and field(p, "License") is not None and
                     field(p, "License")[1] == lic[1]]
            check(len(alone) == 1, "%s: %d stand-alone 'License: %s' paragraphs, expected 1" %
                  (COPYRIGHT, len(alone), lic[1]))
            body = alone[0][2] if alone else []
        debian_paras = paragraphs(body)

check(len(debian_paras) == len(license_paras),
      "%s has %d paragraphs of license text, %s has %d" %
      (LICENSE, len(license_paras), COPYRIGHT, len(debian_paras)))
for k, (a, b) in enumerate(zip(license_paras, debian_paras)):
    if a != b:
        wa, wb = a.split(), b.split()
        i = next((i for i in range(min(len(wa), len(wb))) if wa[i] != wb[i]), min(len(wa), len(wb)))
        check(False, "paragraph %d of the license text differs at word %d: %s has %r, %s has %r" %
              (k + 1, i + 1, LICENSE, " ".join(wa[i:i + 6]), COPYRIGHT, " ".join(wb[i:i + 6])))
finish("license text: %s = %s (%d paragraphs)" % (LICENSE, COPYRIGHT, len(license_paras)))
