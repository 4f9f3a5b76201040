#!/usr/bin/env python3
"""Generates tests/objects/str_cases.h: str behaviour with CPython 3.11's
exact results, for test_obj_str_cases.c and test_obj_str_unicode.c.

Run from the repository root with CPython 3.11:
    python3 tests/objects/gen_str_cases.py > tests/objects/str_cases.h

Each case is an operation on a receiver (a str) with arguments; its
expectation is repr() of the result, or "!Type: message" for an
exception, as this interpreter computes it. Values are written in a small
prefix encoding the C test decodes (see decode() in test_obj_str_cases.c):
    s<n>:<n bytes of UTF-8>   str (surrogates as their 3-byte forms)
    i<digits>;                int
    f<repr>;                  float (cases skipped while there is no float type)
    N T F                     None True False
    (..) [..] {k v ..}        tuple, list, dict
    l<start><stop><step>      slice
    O                         a new object()
The operations: a method name (called as recv.name(*args, **kwargs)), or
one of % [] in * r* + += < <= == != > >= str() ord() chr() repr() ascii()
len() list() format() (see run_case in the C test).

It also writes the Unicode property digests: FNV-1a over every code
point's answers, checked by test_obj_str_unicode.c.
"""
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "run with CPython 3.11"

# ---------------------------------------------------------------------------
# Encoding values


def enc(v):
    if v is None:
        return "N"
    if v is True:
        return "T"
    if v is False:
        return "F"
    if isinstance(v, str):
        b = v.encode("utf-8", "surrogatepass")
        return "s%d:" % len(b) + b.decode("latin-1")
    if isinstance(v, int):
        return "i%d;" % v
    if isinstance(v, float):
        return "f%r;" % v
    if isinstance(v, tuple):
        return "(" + "".join(enc(x) for x in v) + ")"
    if isinstance(v, list):
        return "[" + "".join(enc(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + "".join(enc(k) + enc(x) for k, x in v.items()) + "}"
    if isinstance(v, slice):
        return "l" + enc(v.start) + enc(v.stop) + enc(v.step)
    if isinstance(v, Obj):
        return "O"
    raise TypeError(v)


class Obj:
    """Stands for a fresh object() in the C test."""

    def __init__(self):
        self.o = object()

    def __repr__(self):
        return "object()"


def c_literal(s):
    """A C string literal of the latin-1 text s (bytes as chars)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif 32 <= o < 127:
            out.append(ch)
        else:
            out.append("\\%03o" % o)
    return '"' + "".join(out) + '"'


# ---------------------------------------------------------------------------
# Running an operation in CPython


def real(v):
    if isinstance(v, Obj):
        return v.o
    if isinstance(v, tuple):
        return tuple(real(x) for x in v)
    if isinstance(v, list):
        return [real(x) for x in v]
    if isinstance(v, dict):
        return {real(k): real(x) for k, x in v.items()}
    return v


def run(recv, op, args, kwargs):
    a = [real(x) for x in args]
    kw = {k: real(x) for k, x in kwargs.items()}
    if op == "%":
        return recv % a[0]
    if op == "[]":
        return recv[a[0]]
    if op == "in":
        return a[0] in recv
    if op == "*":
        return recv * a[0]
    if op == "r*":
        return a[0] * recv
    if op == "+":
        return recv + a[0]
    if op == "+=":
        r = recv
        r += a[0]
        return r
    if op in ("<", "<=", "==", "!=", ">", ">="):
        return eval("recv %s a[0]" % op)
    if op == "str()":
        return str(*a, **kw)
    if op == "ord()":
        return ord(a[0])
    if op == "chr()":
        return chr(a[0])
    if op == "repr()":
        return repr(recv)
    if op == "ascii()":
        return ascii(recv)
    if op == "len()":
        return len(recv)
    if op == "list()":
        return list(recv)
    if op == "format()":
        return format(a[0], a[1])
    if op.startswith("is:"):
        return getattr(recv, op[3:])(*a, **kw) is recv
    if op == "%is":
        return (recv % a[0]) is (a[0][0] if isinstance(a[0], tuple) else a[0])
    if op == "format-is":
        return recv.format(*a, **kw) is a[0]
    return getattr(recv, op)(*a, **kw)


CASES = []


def case(recv, op, *args, **kwargs):
    try:
        r = run(recv, op, args, kwargs)
        expect = repr(r)
    except Exception as e:
        expect = "!%s: %s" % (type(e).__name__, e)
    src = "%r.%s%r%s" % (recv, op, args, (" " + repr(kwargs)) if kwargs else "")
    CASES.append((src, enc(recv), op, enc(tuple(args)), enc(kwargs), expect))


# ---------------------------------------------------------------------------
# The cases

SAMPLES = [
    "", "a", "abc", "Hello World", "hello world", "HELLO", "  spaced  out  ", "\t\n x \r\n",
    "été", "Ünïcödé", "straße", "ΑΣ", "ΣΑΣ ΑΣ.", "aΣb", "ǅungla", "ǆ", "ﬁre ﬃ", "İstanbul",
    "ŉ", "ΐ", "ß", "x²³", "٣٤", "½", "Ⅻ", "💩 emoji 😀", "a\u0301b", "\u00a0nbsp\u3000",
    "they're bill's friends from the UK", "123abc", "abc123", "_ident1", "1ident", "ĳssel",
    "\x00\x1f\x7f", "line1\nline2\r\nline3\rline4\x0bx\x0cy\x1cz\x85w\u2028v\u2029u",
    "MiXeD CaSe", "a-b_c d\te", "Σ", "ΑΣ'Σ", "ǈ ǋ", "\u1e9e", "\ufb00", "A\u0345",
]

CASE_METHODS = ["lower", "upper", "casefold", "swapcase", "title", "capitalize"]
PREDICATES = ["isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "islower",
              "isupper", "istitle", "isidentifier", "isascii", "isprintable"]

for s in SAMPLES:
    for m in CASE_METHODS + PREDICATES:
        case(s, m)
    case(s, "repr()")
    case(s, "ascii()")
    case(s, "len()")
    case(s, "list()")
    case(s, "split")
    case(s, "rsplit")
    case(s, "splitlines")
    case(s, "splitlines", True)
    case(s, "strip")
    case(s, "lstrip")
    case(s, "rstrip")

# argument errors of the no-argument methods
for m in CASE_METHODS + PREDICATES:
    case("a", m, 1)
    case("a", m, x=1)

# find family
for s in ["abcabc", "éaéaé", "aaa", "", "a💩b💩"]:
    for sub in ["", "a", "bc", "é", "💩", "x", "aa", "abcabcd"]:
        for m in ["find", "rfind", "index", "rindex", "count", "startswith", "endswith"]:
            case(s, m, sub)
            case(s, m, sub, 1)
            case(s, m, sub, -2)
            case(s, m, sub, 1, -1)
            case(s, m, sub, None, 2)
            case(s, m, sub, 4, 2)
            case(s, m, sub, 10)
for m in ["find", "rfind", "index", "rindex", "count", "startswith", "endswith"]:
    case("abc", m)
    case("abc", m, "a", 1, 2, 3)
    case("abc", m, 1)
    case("abc", m, "a", "x")
    case("abc", m, "a", 1.5)
    case("abc", m, "a", 2 ** 70)
    case("abc", m, "a", -2 ** 70)
    case("abc", m, "a", True)
    case("abc", m, sub="a")
case("abcabc", "startswith", ("x", "ab"))
case("abcabc", "startswith", ("x", 1))
case("abcabc", "endswith", ("x", "bc"), 0, 3)
case("abcabc", "endswith", ())
case("a", "startswith", "", 2)
case("a", "startswith", "", 1)

# split family
for s in ["a,b,,c", ",a,", "a b  c ", "  a b c  ", "a\u3000b\x85c\x1cd", "", ",", "a,b", "ab", "éxéyé"]:
    for sep in [None, ",", "b", "é", "  ", "ab"]:
        for maxsplit in [-1, 0, 1, 2, 10]:
            case(s, "split", sep, maxsplit)
            case(s, "rsplit", sep, maxsplit)
    case(s, "split", maxsplit=1)
    case(s, "rsplit", sep=",")
case("a", "split", "")
case("a", "rsplit", "")
case("a", "split", 1)
case("a", "split", " ", "x")
case("a", "split", " ", 1, 2)
case("a", "split", " ", sep=" ")
case("a", "split", foo=1)
case("a", "split", " ", 1, x=2)
case("a b", "split", maxsplit=True)
case("a b", "split", maxsplit=2 ** 70)
case("a b", "rsplit", None, 1.5)
for s in ["a\nb", "a\r\nb\n", "\n\n", "x", "a\rb\r", "a\u2028b\u2029", ""]:
    case(s, "splitlines", keepends=True)
    case(s, "splitlines", False)
case("a", "splitlines", 1, 2)
case("a", "splitlines", x=1)
case("a", "splitlines", keepends="x")
case("a", "splitlines", True, keepends=True)

# partition
for s in ["abcbd", "abc", "", "éaé"]:
    for sep in ["b", "x", "é", "abc", "bd"]:
        case(s, "partition", sep)
        case(s, "rpartition", sep)
case("a", "partition", "")
case("a", "rpartition", "")
case("a", "partition", 1)
case("a", "partition")
case("a", "partition", "a", "b")

# strip with chars
for s in ["xxhixx", "éaébé", "  a  ", "", "abc"]:
    for chars in [None, "x", "é", "xa", "", "abc", " "]:
        case(s, "strip", chars)
        case(s, "lstrip", chars)
        case(s, "rstrip", chars)
case("a", "strip", 1)
case("a", "lstrip", 1)
case("a", "rstrip", 1)
case("a", "strip", "a", "b")
case("a", "strip", chars="a")

# replace
for s in ["aaa", "abcabc", "", "éaé", "a💩a"]:
    for old, new in [("a", "b"), ("", "-"), ("a", ""), ("bc", "XYZ"), ("é", "e"), ("x", "y"), ("a", "a"), ("", "")]:
        case(s, "replace", old, new)
        case(s, "replace", old, new, 2)
        case(s, "replace", old, new, 0)
        case(s, "replace", old, new, -1)
case("a", "replace", "a")
case("a", "replace", 1, "b")
case("a", "replace", "a", 1)
case("a", "replace", "a", "b", "c")
case("a", "replace", "a", "b", 1, 2)
case("a", "replace", "a", "b", 2 ** 70)
case("a", "replace", "a", "b", count=1)

# join
for sep in ["", ",", "é", "--"]:
    for items in [[], ["a"], ["a", "b"], ("x", "é", "💩"), ["", ""], "abc", {"k": 1}]:
        case(sep, "join", items)
case(",", "join", 1)
case(",", "join", [1])
case(",", "join", ["a", 2])
case(",", "join", ["a", None, 3])
case(",", "join")
case(",", "join", [], [])
case(",", "join", None)

# padding
for s in ["ab", "é", "", "abc", "-5", "+12", "-", "💩x"]:
    for w in [-1, 0, 1, 2, 5, 6]:
        case(s, "center", w)
        case(s, "ljust", w)
        case(s, "rjust", w)
        case(s, "zfill", w)
        case(s, "center", w, "*")
        case(s, "ljust", w, "é")
        case(s, "rjust", w, "💩")
case("a", "center")
case("a", "center", "x")
case("a", "center", 3, "xy")
case("a", "center", 3, "")
case("a", "center", 3, 1)
case("a", "center", 3, "x", 1)
case("a", "ljust", 3, 1)
case("a", "rjust", 1.5)
case("a", "zfill")
case("a", "zfill", "a")
case("a", "zfill", 2 ** 70)
case("a", "center", width=3)

# expandtabs
for s in ["a\tb", "\t", "ab\tcd\te", "a\n\tb", "é\tx", "abc", "a\r\tb", "\t\t"]:
    for t in [None, 0, -1, 1, 3, 8]:
        if t is None:
            case(s, "expandtabs")
        else:
            case(s, "expandtabs", t)
    case(s, "expandtabs", tabsize=2)
case("a\tb", "expandtabs", "x")
case("a\tb", "expandtabs", 1.5)
case("a\tb", "expandtabs", 2, 3)
case("a\tb", "expandtabs", 2, tabsize=3)
case("a\tb", "expandtabs", x=1)
case("a\tb", "expandtabs", 2 ** 40)

# removeprefix / removesuffix
for s in ["abc", "", "éa"]:
    for a in ["", "a", "ab", "abc", "abcd", "c", "é", "a"]:
        case(s, "removeprefix", a)
        case(s, "removesuffix", a)
case("a", "removeprefix", 1)
case("a", "removesuffix", 1)
case("a", "removeprefix")

# translate / maketrans
case("", "maketrans", "ab", "xy")
case("", "maketrans", "ab", "xy", "c")
case("", "maketrans", {"a": "b", 99: None, "é": 1})
case("", "maketrans", "ab", "a")
case("", "maketrans", {"ab": "a"})
case("", "maketrans", {1.5: "a"})
case("", "maketrans", 1)
case("", "maketrans", "a", 1)
case("", "maketrans")
for s in ["abc", "éaé", ""]:
    case(s, "translate", {97: "X", 98: None, 233: 0x1F4A9})
    case(s, "translate", {97: 1})
    case(s, "translate", {97: 0x110000})
    case(s, "translate", {97: 1.5})
    case(s, "translate", [])
    case(s, "translate", "xyz")
case("a", "translate", 1)

# operators
for s in ["héllo💩", "abc", ""]:
    for i in [0, 1, -1, 4, 5, 6, -6, -7, 2 ** 63, -2 ** 63, True]:
        case(s, "[]", i)
    for sl in [slice(None), slice(1, 4), slice(None, None, -1), slice(None, None, 2),
               slice(-2, None), slice(4, 1, -1), slice(1, 100), slice(-100, 2), slice(None, None, -3),
               slice(5, 0, -2), slice(0, 0), slice(2, 1), slice(None, None, 0), slice("a", 2)]:
        case(s, "[]", sl)
    for k in ["x", 1.5, None, (1,)]:
        case(s, "[]", k)
    for sub in ["", "l", "lo", "💩", "x", 1, None]:
        case(s, "in", sub)
    for n in [0, 1, 3, -1, True, 2 ** 63, "x", 1.5]:
        case(s, "*", n)
        case(s, "r*", n)
    for o in ["", "x", "é", 1, None]:
        case(s, "+", o)
        case(s, "+=", o)
    for o in ["", "abc", "abd", "ab", "héllo", "héllo💩", "hz", 1]:
        for op in ["<", "<=", "==", "!=", ">", ">="]:
            case(s, op, o)
case("ab", "*", 2 ** 62)

# identity: which results are the receiver (or argument) itself
for s in ["abc", "é💩", ""]:
    for m, args in [("replace", ("x", "y")), ("replace", ("a", "a")), ("strip", ()), ("center", (2,)),
                    ("zfill", (1,)), ("expandtabs", ()), ("ljust", (3,)), ("rjust", (3,)),
                    ("removeprefix", ("x",)), ("removesuffix", ("",)), ("lower", ()), ("upper", ()),
                    ("translate", ({},)), ("__format__", ("",)), ("__format__", ("3",)),
                    ("__format__", (">1",)), ("__format__", (".5",)), ("__str__", ()), ("__getitem__", (slice(None),)),
                    ("__add__", ("",)), ("__mul__", (1,)), ("format", ()), ("title", ()), ("casefold", ())]:
        case(s, "is:" + m, *args)
for fmt, args in [("%s", "abc"), ("%s", ("abc",)), ("%.5s", "abc"), ("%5s", "abc"), ("%s%s", ("", "abc")),
                  ("%s%s", ("abc", "")), ("x%s", "abc"), ("%s", "é"), ("%r", "abc"), ("%-3s", "abc"), ("%+s", "abc")]:
    case(fmt, "%is", args)
for fmt in ["{}", "{0}", "{:}", "{!s}", "{:3}", "{:>3}", "{:4}", "{}{}", "x{}", "{:.5}", "{:.1}", "{0!s:}"]:
    case(fmt, "format-is", "abc", "")
case("{1}{0}", "format-is", "abc", "")

# the constructor, ord, chr
for v in ["x", "é", 1, None, True, -5, 2 ** 70, (1, "a"), ["é"], {"a": 1}]:
    case("", "str()", v)
    case("", "str()", object=v)
case("", "str()")
case("", "str()", 1, 2, 3, 4)
case("", "str()", foo=1)
case("", "str()", 1, "utf-8")
case("", "str()", "a", "utf-8")
case("", "str()", "a", errors="strict")
case("", "str()", 5, encoding=1)
case("", "str()", 1, object=2)
case("", "str()", encoding="utf-8")
for v in ["a", "é", "💩", "", "ab", 1, None, "\x00"]:
    case("", "ord()", v)
for v in [0, 65, 0xE9, 0x1F4A9, 0x10FFFF, 0x110000, -1, 2 ** 31, 2 ** 63, -2 ** 63, "a", 1.5, True, 0xD800]:
    case("", "chr()", v)

# str.format
FORMATS = [
    ("{}", ("a",), {}), ("{0}{1}{0}", ("a", "b"), {}), ("{a}{b}", (), {"a": 1, "b": "é"}),
    ("{{}}{{", (), {}), ("{}}}", (1,), {}), ("{", (), {}), ("}", (), {}), ("a}b", (), {}),
    ("{0}{}", (1, 2), {}), ("{}{0}", (1, 2), {}), ("{1}", (1,), {}), ("{}{}", (1,), {}),
    ("{x}", (), {}), ("{0.real}", (5,), {}), ("{0.x}", (1,), {}), ("{0[1]}", ("xyz",), {}),
    ("{0[1]}{0[a]}", ({1: "x", "a": "y"},), {}), ("{0[-1]}", ({"-1": "m"},), {}),
    ("{0[}", (1,), {}), ("{0[0]x}", ([1],), {}), ("{0.}", (1,), {}), ("{0[]}", (1,), {}),
    ("{0[0]}", (5,), {}), ("{0[0]}", ({},), {}), ("{0[0]}", ([],), {}), ("{0[a]}", (5,), {}),
    ("{0[0][1]}", (["ab"],), {}), ("{0[0].real}", ([3],), {}),
    ("{!}", (1,), {}), ("{!x}", (1,), {}), ("{!rr}", (1,), {}), ("{0!r", (1,), {}), ("{0:", (1,), {}),
    ("{0", (1,), {}), ("{0!", (1,), {}), ("{:{:{}}}", (1, 2, 3), {}), ("{a{}", (1,), {}),
    ("{!r}|{!s}|{!a}", ("é", "é", "é"), {}), ("{0!r:>8}", ("ab",), {}), ("{!\u00e9}", (1,), {}),
    ("{:>5}|{:<5}|{:^5}|{:*^6}|{:.2}|{:5.1}|{:05}|{:<05}", ("ab", "ab", "ab", "ab", "abc", "xyz", "ab", "ab"), {}),
    ("{:=}", ("",), {}), ("{:s}|{:10s}|{:^10.3s}", ("abc", "abc", "abcdef"), {}), ("{:é^7}", ("ab",), {}),
    ("{:{}{}}", ("a", ">", 3), {}), ("{0:{1}}", ("a", ""), {}), ("{0:^{1}}", ("ab", 6), {}),
    ("{0:{{}}}", ("a",), {}), ("{:{}}", ("a", "x"), {}), ("{0:\u0663}", ("a",), {}), ("{0:.\u0662}", ("abc",), {}),
    ("{\u0661}", (1, 2), {}), ("{}", (None,), {}), ("{}", ((1, "a"),), {}), ("{}", ([1, "é"],), {}),
    ("{:x}", ("a",), {}), ("{:+}", ("a",), {}), ("{: }", ("a",), {}), ("{:#}", ("a",), {}),
    ("{:,}", ("a",), {}), ("{:_}", ("a",), {}), ("{:.}", ("a",), {}), ("{:z}", ("a",), {}),
    ("{:xx}", ("a",), {}), ("{:,_}", ("a",), {}), ("{:_,}", ("a",), {}), ("{:-}", ("a",), {}),
    ("{:99999999999999999999}", ("a",), {}), ("{99999999999999999999}", ("a",), {}),
    ("{:.99999999999999999999}", ("a",), {}), ("{:\x80}", ("a",), {}), ("{:\u20ac}", ("a",), {}),
    ("{:x}", (Obj(),), {}), ("{:}", ("x",), {}), ("{!s:}", ("x",), {}), ("{:%}", ("a",), {}),
    ("{:n}", ("a",), {}), ("{:c}", ("a",), {}), ("{:d}", ("a",), {}), ("{:<<}", ("a",), {}),
    ("{:\x00<5}", ("a",), {}), ("{!s:>{w}}", ("a",), {"w": "x"}), ("{!s:>{w}}", ("a",), {"w": 4}),
    ("é{}é{}é", ("ü", "💩"), {}), ("{:💩^5}", ("é",), {}), ("{:.0}", ("abc",), {}), ("{:3.5}", ("é💩",), {}),
    ("{0}", (), {}), ("{}", (), {"a": 1}), ("{a}", (1,), {}), ("{0.__class__.__name__}", ("x",), {}),
    ("{0[0]!r:^9}", (["é"],), {}), ("{:>{}.{}}", ("abcdef", 8, 3), {}), ("{:{}}{}", ("a", 3, "b"), {}),
    ("{0:{a}}", ("x",), {"a": "^5"}), ("{0:{a}{b}}", ("x",), {"a": ">", "b": 3}),
]
for fmt, args, kwargs in FORMATS:
    case(fmt, "format", *args, **kwargs)
for fmt in ["{a}", "{}", "{0}", "{a.b}", "{a[0]}", "{a!r:>5}"]:
    case(fmt, "format_map", {"a": "xy"})
    case(fmt, "format_map", {})
    case(fmt, "format_map", 1)
case("{a}", "format_map")
case("{a}", "format_map", {}, {})
case("x", "__format__", "")
case("x", "__format__", ">3")
case("x", "__format__", 1)
case("x", "__format__")

# format(value, spec)
for v in ["abc", "é", "", Obj(), None]:
    for spec in ["", "^7", "x", ">2", ".1", "s", "<05", "=5", "+", "z"]:
        if isinstance(v, (Obj,)) and spec == "":
            continue   # repr shows an address
        case("", "format()", v, spec)

# printf-style formatting
PERCENT = [
    ("%s", "x"), ("%s", ()), ("%s %s", (1,)), ("%s", (1, 2)), ("%d", "a"), ("%x", "a"), ("%x", 1.5),
    ("%o", 1.5), ("%X", None), ("%i", None), ("%c", "ab"), ("%c", ""), ("%c", 1.5), ("%c", -1),
    ("%c", 0x110000), ("%c", 2 ** 70), ("%(a)s", 1), ("%(a)s", {}), ("%(a", {"a": 1}), ("%z", 1),
    ("%\u20ac", 1), ("%", 1), ("%", ()), ("%s", {"a": 1}), ("%*d", ("a", 1)), ("%.*d", ("a", 1)),
    ("%.*d", (1,)), ("%*d", (1,)), ("abc", 1), ("abc", [1]), ("abc", {}), ("abc", ()),
    ("%s %(a)s", {"a": 1}), ("%(a)s %s", {"a": 1}), ("%x", True), ("%c", True),
    ("%5s|%-5s|%.2s|%5.1s", ("ab", "ab", "abc", "xyz")),
    ("%d|%5d|%-5d|%05d|%+d|% d|%+05d|%-05d|%.3d|%5.3d|%-+7.3d", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
    ("%x|%X|%#x|%#X|%#o|%o|%#08x|%-#8x|%+#x|%#.4x", (255, 255, 255, 255, 8, 8, 255, 255, 255, 255)),
    ("%d", -5), ("%05d", -5), ("%x", -255), ("%#x", -255), ("%#010x", -255), ("%.3x", -5),
    ("%r|%a|%s", ("é", "é", "é")), ("%c|%c|%5c|%-3c|", (97, "é", "x", "y")),
    ("%(a)s-%(b)r", {"a": 1, "b": "x"}), ("%(a)s %(a)s", {"a": 1}), ("%((a))s", {"(a)": 2}),
    ("%%|%5%|%-5%", ()), ("%5%", (1,)), ("%i %u", (3, 4)), ("%d", True), ("%x", 3), ("%s", (1,)),
    ("%s", ((1, 2),)), ("%*d|%-*d|%.*s", (5, 1, 5, 2, 2, "abc")), ("%*d", (-5, 1)), ("%.*s", (-1, "abc")),
    ("%ld %hd %Ld", (1, 2, 3)), ("%5s", "é"), ("%-5s|", "é"), ("%c", 0x1F4A9), ("% s", "a"),
    ("%+s", "a"), ("%05s", "a"), ("%#s", "a"), ("%s", None), ("%d", 2 ** 70), ("%x", 2 ** 64),
    ("%#o", -8), ("%+x", 10), ("% x", 10), ("%+.3o", 8), ("% 05d", 42), ("%-+5d|", 42),
    ("%3c|%-3c|", ("é", 0x1F4A9)), ("%.1s|%.0s|%.5s", ("é💩", "abc", "é")), ("%10.3r", "é"),
    ("%-*s|", (4, "é")), ("%*s", (2 ** 70, "a")), ("%.*s", (2 ** 40, "a")), ("%s %s", [1, 2]),
    ("%(a)d", {"a": "x"}), ("%(a)x", {"a": 255}), ("%(a)s%%", {"a": 1}), ("é%sé", "ü"),
    ("%s", Obj.__name__), ("%(k)s", {"k": "é"}), ("%c", "💩"), ("%3%", ()), ("%-%", ()),
    ("%099999999999999999999d", 1), ("%.99999999999999999999d", 1), ("%#d", 5), ("%#5.2d", 5),
    ("%s%", 1), ("%(", {}), ("%(a)", {"a": 1}), ("%r", "a'b\"c"), ("%a", "💩"),
]
for fmt, args in PERCENT:
    case(fmt, "%", args)

# float conversions (skipped by the C test while there is no float type)
FLOAT_PERCENT = [
    ("%f", 1), ("%.2f", 2), ("%e", 1), ("%g", 1), ("%f", "a"), ("%e", None), ("%f", True),
    ("%10.3f|%-10.3f|%010.3f|%+.1f|% .1f", (3.14159, 3.14159, -3.14159, 2.0, 2.0)),
    ("%#.0f|%#g|%G|%E|%F", (1.0, 1.0, 1e-10, 12345.678, float("inf"))),
    ("%010f|%-10f|%+f", (float("inf"), float("nan"), float("inf"))), ("%.0f %.0f", (0.5, 1.5)),
    ("%s", 1.5), ("%r", 1.0), ("%d", 1.5e18), ("%.20f", 0.1), ("%.3g", 1234567), ("%5.1e", 0.000123),
    ("%d %d", (3.7, -3.7)), ("%d", 1e400), ("%d", float("nan")), ("%i", -0.0), ("%f", 2 ** 70),
    ("%x", 1.0), ("%c", 65.0), ("%.*f", (2, 3.14159)), ("%+.2e", -1e300), ("%g", 1e16), ("%g", 123456.0),
    ("%#x", 0.0),
]
FLOAT_CASES = []
start = len(CASES)
for fmt, args in FLOAT_PERCENT:
    case(fmt, "%", args)
for spec in ["", "f", ".2", "e", "g", "%", "x"]:
    case("", "format()", 1.5, spec)
FLOAT_CASES = CASES[start:]
del CASES[start:]


# ---------------------------------------------------------------------------
# Unicode property digests


def fnv(data, h=0xCBF29CE484222325):
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def u8(s):
    return s.encode("utf-8", "surrogatepass")


PROPS = [
    ("upper", lambda ch: u8(ch.upper())),
    ("lower", lambda ch: u8(ch.lower())),
    ("title", lambda ch: u8(ch.title())),
    ("casefold", lambda ch: u8(ch.casefold())),
    ("swapcase", lambda ch: u8(ch.swapcase())),
    ("capitalize", lambda ch: u8(ch.capitalize())),
    ("isalpha", lambda ch: b"1" if ch.isalpha() else b"0"),
    ("isdecimal", lambda ch: b"1" if ch.isdecimal() else b"0"),
    ("isdigit", lambda ch: b"1" if ch.isdigit() else b"0"),
    ("isnumeric", lambda ch: b"1" if ch.isnumeric() else b"0"),
    ("isalnum", lambda ch: b"1" if ch.isalnum() else b"0"),
    ("isspace", lambda ch: b"1" if ch.isspace() else b"0"),
    ("islower", lambda ch: b"1" if ch.islower() else b"0"),
    ("isupper", lambda ch: b"1" if ch.isupper() else b"0"),
    ("istitle", lambda ch: b"1" if ch.istitle() else b"0"),
    ("isidentifier", lambda ch: b"1" if ch.isidentifier() else b"0"),
    ("isprintable", lambda ch: b"1" if ch.isprintable() else b"0"),
    ("xid_continue", lambda ch: b"1" if ("a" + ch).isidentifier() else b"0"),
    ("decimal", lambda ch: b"%d" % unicodedata.decimal(ch, -1)),
]
STRIDES = [1, 97]


def digests():
    out = []
    for stride in STRIDES:
        row = []
        for name, f in PROPS:
            h = 0xCBF29CE484222325
            for c in range(0, 0x110000, stride):
                h = fnv(f(chr(c)) + b"\x00", h)
            row.append(h)
        out.append((stride, row))
    return out


# ---------------------------------------------------------------------------
# Output


def emit_cases(name, cases):
    print("static const StrCase %s[] = {" % name)
    for src, recv, op, args, kwargs, expect in cases:
        src_l = src.encode("utf-8", "surrogatepass").decode("latin-1")
        exp_l = expect.encode("utf-8", "surrogatepass").decode("latin-1")
        print("    {%s,\n     %s, %d, %s, %s, %d, %s, %d,\n     %s, %d}," % (
            c_literal(src_l), c_literal(recv), len(recv), c_literal(op), c_literal(args), len(args),
            c_literal(kwargs), len(kwargs), c_literal(exp_l), len(exp_l)))
    print("};\n")


def main():
    print("/* Generated by tests/objects/gen_str_cases.py from CPython %s; do not edit. */\n"
          % sys.version.split()[0])
    print("#include <stddef.h>\n#include <stdint.h>\n")
    print("typedef struct StrCase {\n    const char *src;\n    const char *recv;\n    size_t recv_len;\n"
          "    const char *op;\n    const char *args;\n    size_t args_len;\n    const char *kwargs;\n"
          "    size_t kwargs_len;\n    const char *expect;\n    size_t expect_len;\n} StrCase;\n")
    emit_cases("STR_CASES", CASES)
    emit_cases("STR_FLOAT_CASES", FLOAT_CASES)
    print("static const char *const UNICODE_PROPS[] = {%s};" % ", ".join('"%s"' % p for p, _ in PROPS))
    print("#define UNICODE_NPROPS %d" % len(PROPS))
    print("static const struct { uint32_t stride; uint64_t digest[UNICODE_NPROPS]; } UNICODE_DIGESTS[] = {")
    for stride, row in digests():
        print("    {%d, {%s}}," % (stride, ", ".join("0x%016xULL" % h for h in row)))
    print("};")


if __name__ == "__main__":
    main()
