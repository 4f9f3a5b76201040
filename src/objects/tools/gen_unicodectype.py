#!/usr/bin/env python3
"""Generates src/objects/unicodectype.c: the character properties str needs,
as CPython 3.11 (Unicode 14.0.0) answers them.

Run from the repository root with CPython 3.11:
    python3 src/objects/tools/gen_unicodectype.py > src/objects/unicodectype.c

Every property is read off the running interpreter's own str methods, one
character at a time, so the tables say exactly what CPython says:
    alpha/decimal/digit/numeric/space/printable   chr(c).isalpha() ...
    lower/upper                                   chr(c).islower() / isupper()
    title                                         unicodedata.category == 'Lt'
    cased                                         (chr(c) + 'A').title() lowers the A
    case-ignorable                                the final-sigma rule of lower()
    xid start / continue                          chr(c).isidentifier(), ('a' + chr(c)).isidentifier()
    linebreak                                     ('a' + chr(c) + 'b').splitlines() splits
    digit value                                   unicodedata.digit(chr(c))
    full case mappings                            chr(c).upper() / lower() / title() / casefold()

Layout: a record per distinct property set (RECORDS), found through a
three-level index (INDEX1 by the high bits of c, INDEX2 by the middle
ones, INDEX3 by the low ones), about 39 KB in all. A record's
case fields are deltas (c + delta) unless UC_EXTENDED is set; then each is
(offset << 2 | count - 1) into EXTENDED, the one-to-many mappings.
"""
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "run with CPython 3.11"

FLAGS = [
    "ALPHA", "DECIMAL", "DIGIT", "NUMERIC", "SPACE", "LOWER", "UPPER", "TITLE",
    "CASED", "CASE_IGNORABLE", "XID_START", "XID_CONTINUE", "PRINTABLE", "LINEBREAK",
    "EXTENDED",
]
BIT = {name: 1 << i for i, name in enumerate(FLAGS)}
SIGMA, FINAL_SIGMA = "\u03a3", "\u03c2"


def flags_of(c):
    ch = chr(c)
    f = 0
    if ch.isalpha():
        f |= BIT["ALPHA"]
    if ch.isdecimal():
        f |= BIT["DECIMAL"]
    if ch.isdigit():
        f |= BIT["DIGIT"]
    if ch.isnumeric():
        f |= BIT["NUMERIC"]
    if ch.isspace():
        f |= BIT["SPACE"]
    if ch.islower():
        f |= BIT["LOWER"]
    if ch.isupper():
        f |= BIT["UPPER"]
    if unicodedata.category(ch) == "Lt":
        f |= BIT["TITLE"]
    cased = (ch + "A").title()[-1] == "a"
    if cased:
        f |= BIT["CASED"]
    # lower() makes a sigma final when a cased letter precedes it (skipping
    # case-ignorable ones) and none follows (skipping those too).
    if cased:
        ignorable = ("A" + SIGMA + ch).lower()[1] == FINAL_SIGMA
    else:
        ignorable = ("A" + ch + SIGMA).lower()[-1] == FINAL_SIGMA
    if ignorable:
        f |= BIT["CASE_IGNORABLE"]
    if ch.isidentifier():
        f |= BIT["XID_START"]
    if ("a" + ch).isidentifier():
        f |= BIT["XID_CONTINUE"]
    if ch.isprintable():
        f |= BIT["PRINTABLE"]
    if len(("a" + ch + "b").splitlines()) == 2:
        f |= BIT["LINEBREAK"]
    return f


extended = []          # code points of the one-to-many mappings
extended_at = {}       # tuple -> offset


def ext(seq):
    key = tuple(seq)
    if key not in extended_at:
        extended_at[key] = len(extended)
        extended.extend(key)
    return extended_at[key] << 2 | (len(key) - 1)


def record_of(c):
    ch = chr(c)
    f = flags_of(c)
    digit = unicodedata.digit(ch, -1) if ch.isdigit() else -1
    maps = [ch.upper(), ch.lower(), ch.title(), ch.casefold()]
    simple = all(len(m) == 1 for m in maps) and maps[3] == maps[1]
    if simple:
        case = tuple(ord(m) - c for m in maps)
    else:
        f |= BIT["EXTENDED"]
        case = tuple(ext(ord(x) for x in m) for m in maps)
    assert bool(f & BIT["CASED"]) == bool(f & (BIT["LOWER"] | BIT["UPPER"] | BIT["TITLE"])), hex(c)
    return (f, digit) + case


def split(table, shift):
    """table as (index, blocks): blocks holds each distinct run of
    1 << shift entries once, index the block number of each run."""
    size, at, index, blocks = 1 << shift, {}, [], []
    for i in range(0, len(table), size):
        block = tuple(table[i:i + size])
        if block not in at:
            at[block] = len(blocks) >> shift
            blocks.extend(block)
        index.append(at[block])
    return index, blocks


def width(values):
    return 1 if max(values) < 256 else 2


def split_table(table):
    """The three-level split (shift1, shift2, index1, index2, index3) of
    least size: the record of c is
    index3[(index2[(index1[c >> (shift1 + shift2)] << shift2) +
                   ((c >> shift1) & mask2)] << shift1) + (c & mask1)]."""
    best = None
    for shift1 in range(3, 9):
        mid, index3 = split(table, shift1)
        for shift2 in range(2, 9):
            index1, index2 = split(mid, shift2)
            cost = sum(len(t) * width(t) for t in (index1, index2, index3))
            if best is None or cost < best[0]:
                best = (cost, shift1, shift2, index1, index2, index3)
    return best[1:]


def ctype(values):
    return "uint8_t" if width(values) == 1 else "uint16_t"


def emit_array(out, decl, values, per_line=16):
    out.append("%s = {" % decl)
    for i in range(0, len(values), per_line):
        out.append("    " + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    out.append("};")


def main():
    records, record_at, table = [], {}, []
    for c in range(0x110000):
        r = record_of(c)
        if r not in record_at:
            record_at[r] = len(records)
            records.append(r)
        table.append(record_at[r])
    shift1, shift2, index1, index2, index3 = split_table(table)
    out = []
    out.append("/*\n * unicodectype.c - generated by tools/gen_unicodectype.py from CPython %s\n"
               " * (Unicode %s); do not edit.\n *\n"
               " * The record of code point c is found in three steps (uc_record); unicodectype.h\n"
               " * says what its fields mean.\n */\n"
               % (sys.version.split()[0], unicodedata.unidata_version))
    out.append('#include "unicodectype.h"\n')
    out.append("#define SHIFT1 %d" % shift1)
    out.append("#define SHIFT2 %d" % shift2)
    out.append("#define MASK1 ((1u << SHIFT1) - 1)")
    out.append("#define MASK2 ((1u << SHIFT2) - 1)\n")
    out.append("static const UnicodeRecord RECORDS[%d] = {" % len(records))
    for r in records:
        out.append("    {0x%04x, %d, {%d, %d, %d, %d}}," % r)
    out.append("};\n")
    emit_array(out, "static const %s INDEX1[%d]" % (ctype(index1), len(index1)), index1)
    out.append("")
    emit_array(out, "static const %s INDEX2[%d]" % (ctype(index2), len(index2)), index2)
    out.append("")
    emit_array(out, "static const %s INDEX3[%d]" % (ctype(index3), len(index3)), index3)
    out.append("")
    emit_array(out, "static const uint32_t EXTENDED[%d]" % len(extended), ["0x%x" % x for x in extended], 8)
    out.append("""
const UnicodeRecord *uc_record(uint32_t c)
{
    if (c > 0x10FFFF)
        c = 0xFFFF;   /* a non-character: no property */
    uint32_t block = INDEX1[c >> (SHIFT1 + SHIFT2)];
    block = INDEX2[(block << SHIFT2) + ((c >> SHIFT1) & MASK2)];
    return &RECORDS[INDEX3[(block << SHIFT1) + (c & MASK1)]];
}

int uc_mapping(uint32_t c, int which, uint32_t out[3])
{
    const UnicodeRecord *r = uc_record(c);
    int32_t v = r->mapping[which];
    if (!(r->flags & UC_EXTENDED)) {
        out[0] = (uint32_t)((int32_t)c + v);
        return 1;
    }
    int n = (v & 3) + 1;
    for (int i = 0; i < n; i++)
        out[i] = EXTENDED[(v >> 2) + i];
    return n;
}""")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
