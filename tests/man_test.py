#!/usr/bin/python3
"""The manual page nninit.1 against the tool's --help.

Usage: man_test.py PATH/TO/nninit PATH/TO/nninit.1

Runs `nninit --help` and `nninit COMMAND --help` for every command the
first lists, and checks that the page has
  - a section `.SS "nninit COMMAND"` for each command, and no other;
  - in that section, a .TP item for each option (short and long name) the
    command's --help lists, and no option that --help no longer lists;
  - under OPTIONS the options of `nninit --help`, under EXIT STATUS its exit
    codes, under ENVIRONMENT every NNINIT_* variable any --help names;
  - the version `nninit --version` prints, and no warning from groff.
"""
import re
import shutil
import subprocess
import sys

from checks import check, finish

if len(sys.argv) != 3:
    sys.exit("usage: man_test.py NNINIT NNINIT.1")
EXE, PAGE = sys.argv[1:]
def run(args):
    p = subprocess.run([EXE] + args, capture_output=True, text=True, timeout=60)
    check(p.returncode == 0 and p.stderr == "", "nninit %s: exit %d, stderr %r" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def help_blocks(text):
    """--help text -> {heading: [indented lines]} (heading: 'Commands', ...)."""
    blocks, current = {}, ""
    for line in text.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            current = line[:-1]
        blocks.setdefault(current, []).append(line)
    return blocks


def help_options(text):
    """Option names of a --help: those of the lines that start with '  -',
    and those a heading names ('Schemes (--scheme SCHEME, required):')."""
    names = set()
    for line in text.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            names.update(re.findall(r"(?<![\w-])--?[A-Za-z0-9][\w-]*", line))
        if not line.startswith("  -"):
            continue
        for token in line.split():
            token = token.rstrip(",")
            if not token.startswith("-"):
                break
            names.add(token)
    return names


def deroff(line):
    """A roff line as text: no macro name, font escapes, quotes; \\- is -."""
    line = re.sub(r"^\.[A-Za-z]+\s*", "", line)
    line = re.sub(r"\\f(\[[^]]*\]|.)", "", line)
    return line.replace("\\-", "-").replace("\\&", "").replace('"', "")


def page_sections(lines):
    """{'SH name' or 'SS name': {'tags': [...], 'text': str}} of the page."""
    sections, current, after_tp = {}, None, False
    for line in lines:
        m = re.match(r'^\.(SH|SS)\s+"?([^"]*)"?\s*$', line)
        if m:
            current = m.group(1) + " " + m.group(2)
            sections[current] = {"tags": [], "text": ""}
            after_tp = False
            continue
        if current is None:
            continue
        if after_tp:
            sections[current]["tags"].append(deroff(line).strip())
        after_tp = line.startswith(".TP")
        sections[current]["text"] += deroff(line) + "\n"
    return sections


def tag_options(tags):
    return {t.rstrip(",") for tag in tags for t in tag.split() if t.startswith("-")}


with open(PAGE) as f:
    page = f.read()
sections = page_sections(page.splitlines())

main_help = run(["--help"])
blocks = help_blocks(main_help)
commands = [m.group(1) for line in blocks.get("Commands", []) if (m := re.match(r"^  (\S+)", line))]
check(len(commands) >= 5, "nninit --help lists only %r as commands" % commands)
documented = sorted(name[len("SS nninit "):] for name in sections if name.startswith("SS nninit "))
for cmd in commands:
    check(cmd in documented, "%s: no section .SS \"nninit %s\"" % (PAGE, cmd))
for cmd in documented:
    check(cmd in commands, "%s documents the command %r, which nninit --help does not list" % (PAGE, cmd))

# Options: of the tool itself, then of each command.
helps = {"": main_help}
for cmd in commands:
    if cmd != "help":
        helps[cmd] = run([cmd, "--help"])
for cmd, text in helps.items():
    section = "SH OPTIONS" if cmd == "" else "SS nninit " + cmd
    want = help_options(text)
    have = tag_options(sections.get(section, {"tags": []})["tags"])
    label = "nninit %s--help" % (cmd + " " if cmd else "")
    check(len(want) > 0, "%s lists no option" % label)
    for opt in sorted(want - have):
        check(False, "%s lists %s, missing from %s (%s)" % (label, opt, PAGE, section))
    for opt in sorted(have - want):
        check(False, "%s documents %s (%s), which %s no longer lists" % (PAGE, opt, section, label))

# Exit status and environment.
codes = {m.group(1) for line in blocks.get("Exit status", []) if (m := re.match(r"^  (\d+)\s", line))}
check(codes >= {"0", "2"}, "nninit --help lists exit codes %r" % sorted(codes))
have = set(sections.get("SH EXIT STATUS", {"tags": []})["tags"])
check(codes == have, "%s EXIT STATUS lists %r, nninit --help %r" % (PAGE, sorted(have), sorted(codes)))
env = set(re.findall(r"NNINIT_[A-Z_]+", "".join(helps.values())))
check("NNINIT_ISA" in env, "no --help names NNINIT_ISA")
have = set(sections.get("SH ENVIRONMENT", {"tags": []})["tags"])
for var in sorted(env - have):
    check(False, "--help names %s, missing from %s ENVIRONMENT" % (var, PAGE))

# Version and roff.
version = run(["--version"]).strip()
m = re.search(r'^\.TH\s+NNINIT\s+1\s+\S+\s+"([^"]*)"', page, re.M)
check(m is not None and m.group(1) == version, "%s .TH says %r, nninit --version %r" % (PAGE, m and m.group(1), version))
groff = shutil.which("groff")
check(groff is not None, "groff is missing (Debian: groff-base, which man-db needs)")
if groff:
    p = subprocess.run([groff, "-man", "-ww", "-z", "-Tutf8", PAGE], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0 and p.stderr == "", "groff warns about %s: %s" % (PAGE, p.stderr.strip()))

finish("man_test: %d commands, %d options checked"
       % (len(commands), sum(len(help_options(t)) for t in helps.values())))
