#!/usr/bin/env python3
"""Writes tests/objects/num_cases.h: int and float cases with CPython's
answers, for test_obj_int.c and test_obj_float.c.

    python3 tests/objects/gen_num_cases.py > tests/objects/num_cases.h

Run it with CPython 3.11 (the cases record what that version does). Each
case is an operation, up to three operands and the expected outcome: the
repr of the result, "#" + hex(result) for ints too long for a decimal
repr, or "!Type: message" for an exception.

Operands are encoded as C strings: "i" + hex(int) (read back with
int_from_string, base 0, which has no digit limit for hex), "f" +
float.hex() (read with the C library's strtod, independently of ouro's
float parser), "s" + text (a str), "T"/"F" (True/False), "N" (None).

Where ouro differs on purpose, the expectation is rewritten here:
a negative number to a fractional power gives a complex in CPython and
ValueError "negative number cannot be raised to a fractional power" in
ouro (it has no complex type). NaN hashes (by identity) are left out.
"""
import math
import operator
import random
import sys

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"

random.seed(20240611)

COMPLEX_MSG = "!ValueError: negative number cannot be raised to a fractional power"


def enc(v):
    if v is True:
        return "T"
    if v is False:
        return "F"
    if v is None:
        return "N"
    if isinstance(v, int):
        return "i" + hex(v)
    if isinstance(v, float):
        return "f" + v.hex()
    if isinstance(v, str):
        return "s" + v
    raise TypeError(v)


BINARY = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
    "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_, "|": operator.or_,
    "^": operator.xor, "<": operator.lt, "<=": operator.le, "==": operator.eq,
    "!=": operator.ne, ">": operator.gt, ">=": operator.ge, "divmod": divmod,
}
UNARY = {
    "neg": operator.neg, "pos": operator.pos, "abs": abs, "inv": operator.invert,
    "bool": bool, "hash": hash, "repr": repr, "str": str, "int": int, "float": float,
}


def apply(op, args):
    if op in BINARY:
        return BINARY[op](*args)
    if op in UNARY:
        return UNARY[op](*args)
    if op == "pow3":
        return pow(*args)
    if op == "intbase":
        return int(args[0], args[1])
    if op.startswith("m:"):
        return getattr(args[0], op[2:])(*args[1:])
    if op.startswith("g:"):
        return getattr(args[0], op[2:])
    raise ValueError(op)


def goes_complex(op, args):
    """Whether CPython's float_pow hands (a, b) to complex: a finite
    negative base, a finite non-integral exponent (in float_pow's order of
    special cases)."""
    if op not in ("**", "pow3") or (op == "pow3" and args[2] is not None):
        return False
    a, b = args[0], args[1]
    if not all(isinstance(v, (int, float)) for v in (a, b)):
        return False
    if not any(isinstance(v, float) for v in (a, b)) and not (isinstance(b, int) and b < 0):
        return False
    try:
        x, y = float(a), float(b)
    except (TypeError, OverflowError):
        return False
    if y == 0 or math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y) or x == 0:
        return False
    return x < 0 and y != math.floor(y)


def outcome(op, args):
    if goes_complex(op, args):
        return COMPLEX_MSG
    try:
        r = apply(op, args)
    except Exception as e:
        return "!%s: %s" % (type(e).__name__, e)
    if isinstance(r, complex):
        return COMPLEX_MSG
    if isinstance(r, int) and not isinstance(r, bool) and abs(r).bit_length() > 14000:
        return "#" + hex(r)       # past the decimal digit limit: compared in hex
    return repr(r)


def c_string(s):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif 32 <= b < 127 and c != "?":
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


class Table:
    def __init__(self, name):
        self.name = name
        self.rows = []
        self.seen = set()

    def add(self, op, *args):
        key = (op,) + tuple((type(a).__name__, a if not isinstance(a, float) else a.hex()) for a in args)
        if key in self.seen:
            return
        self.seen.add(key)
        exp = outcome(op, args)
        if len(exp) > 6000:
            return
        operands = [enc(a) for a in args] + [None] * (3 - len(args))
        self.rows.append((op, len(args), operands, exp))

    def write(self, out):
        out.write("static const NumCase %s[] = {\n" % self.name)
        for op, n, operands, exp in self.rows:
            ops = ", ".join("NULL" if o is None else c_string(o) for o in operands)
            out.write("    {%s, %d, {%s}, %s},\n" % (c_string(op), n, ops, c_string(exp)))
        out.write("};\n\n")


# ---------------------------------------------------------------------------
# ints
# ---------------------------------------------------------------------------

SMALL = list(range(-7, 8))
EDGE = [255, 256, 257, -6, 2**31 - 1, 2**31, -2**31, 2**32, 2**62, 2**63 - 1, 2**63,
        -2**63, -2**63 - 1, 2**64 - 1, 2**64, -2**64, 2**64 + 1, -2**64 - 1, 2**127,
        -2**127, 2**128, -2**128 + 1, 10**19, 10**20, -10**20]
BIG = [2**1000, -2**1000, 3**200, -3**201, math.factorial(300), -math.factorial(100),
       10**100 + 7, 2**192 - 2**64, (2**256 - 1) // 3]
GRID = [0, 1, -1, 2, -3, 7, 2**63 - 1, -2**63, 2**64, -2**64 - 1, 10**20, 2**1000 + 1,
        -3**201]
ALL = SMALL + EDGE + BIG


def int_cases(t):
    for a in GRID:
        for b in GRID:
            for op in ["+", "-", "*", "//", "%", "/", "&", "|", "^", "<", "<=", "==",
                       "!=", ">", ">=", "divmod"]:
                t.add(op, a, b)
    for a in range(-9, 10):
        for b in [-4, -3, -2, -1, 1, 2, 3, 4, 0]:
            for op in ["//", "%", "divmod", "/"]:
                t.add(op, a, b)
    for a in ALL:
        for op in ["neg", "pos", "abs", "inv", "bool", "hash", "repr", "str", "float"]:
            t.add(op, a)
        for m in ["bit_length", "bit_count", "conjugate", "as_integer_ratio", "__trunc__",
                  "__floor__", "__ceil__", "__round__", "__index__", "__int__", "__float__"]:
            t.add("m:" + m, a)
        for g in ["real", "imag", "numerator", "denominator"]:
            t.add("g:" + g, a)
    for v in [-1, -2, 2**61 - 1, 2**61, -2**61, 2**61 - 2, 2**100, -(2**61 - 1) * 5,
              2**200 + 7, -(2**200 + 7), -2**64, 2**64 - 1, 2**122, -(2**127), 2**4000]:
        t.add("hash", v)
    # shifts
    for a in [0, 1, -1, 5, -5, 2**63 - 1, -2**63, 2**64 + 3, -2**64 - 3, 3**50, -3**50]:
        for s in [0, 1, 2, 5, 31, 62, 63, 64, 65, 100, 128, 129, 1000]:
            t.add("<<", a, s)
            t.add(">>", a, s)
        t.add("<<", a, -1)
        t.add(">>", a, -1)
        t.add(">>", a, 2**100)
    t.add("<<", 0, 2**100)
    t.add("<<", 1, 2**100)
    t.add("<<", -1, 2**70)
    # powers
    for a in [0, 1, -1, 2, -2, 3, -3, 10, -7, 2**32 + 1, -2**63, 3**40]:
        for e in [0, 1, 2, 3, 5, 10, 31, 64, 100, -1, -2, -50]:
            t.add("**", a, e)
    t.add("**", 2, 10000)
    t.add("**", 0, -1)
    t.add("**", 10, -400)
    t.add("**", 10**400, -1)
    t.add("**", 1, 2**100)
    t.add("**", -1, 2**100 + 1)
    t.add("**", 0, 2**100)
    for a in [0, 1, 2, -2, 3, -3, 7, 12345678901234567890, -98765432109876543210, 2**200 + 1]:
        for e in [0, 1, 5, 100, 2**64 + 3, -1, -3]:
            for m in [1, -1, 2, 7, -7, 10**9 + 7, -(10**9 + 7), 2**64 - 59, 2**127 - 1, 12, 0]:
                t.add("pow3", a, e, m)
    t.add("pow3", 2, 3.0, 5)
    t.add("pow3", 2.0, 3, 5)
    # true division beyond the double range
    for a, b in [(10**400, 10**399), (-10**400, 10**399), (1, 10**400), (2**1024 - 1, 1),
                 (2**1024 - 2**970, 1), (2**1024 - 2**970 - 1, 1), (2**1024, 2),
                 (2**53 + 1, 1), (2**54 + 3, 2), (0, -5), (10**400, 3), (3, 10**400),
                 (2**1100 + 1, 2**1100 - 1), (7 * 2**2000, 3 * 2**2000 + 1)]:
        t.add("/", a, b)
    for a in [10**309, -10**309, 2**1024, 2**1024 - 2**970 - 1, 2**1024 - 2**970]:
        t.add("float", a)
    # round(int, n)
    for a in [0, 5, 15, 25, -25, 35, 12345, -12345, 150, 250, 10**20 + 5 * 10**18, -2**100]:
        for n in [None, 2, 0, -1, -2, -3, -10, -30]:
            if n is None:
                t.add("m:__round__", a)
            else:
                t.add("m:__round__", a, n)
    t.add("m:__round__", 5, 2.5)
    # int(x), int(s, base)
    strings = ["0", "-0", "+7", "  42  ", " \t\n 42 \r\x0b\x0c", "1_000", "1__0", "_10",
               "10_", "1 2", "+-1", "- 1", "", " ", "x", "\x01", "1e5", "12a", "0x10",
               "010", "00", "0_0", "-00", "١٢٣", "१२३४", "\u00a0١٢٣\u2000", "١٢٣x",
               "42\x1c", "9" * 19, "9" * 20, "-9223372036854775808", "18446744073709551616",
               "z" * 201, "1" * 4300, "1" * 4301, "1" * 5000 + "x", "1" * 5000 + "_",
               "00000" + "1" * 4296, "1_" * 3000 + "1", "٠x1"]
    for s in strings:
        t.add("int", s)
    for s, b in [("0x10", 16), ("0x10", 0), ("0X_1", 0), ("0x", 16), ("0x", 0),
                 ("0x__f", 16), ("0x_f", 16), ("010", 0), ("00", 0), ("0_0", 0),
                 ("0_", 0), ("0__0", 0), ("_", 0), ("0b", 0), ("0b2", 0), ("0o8", 0),
                 ("0b_", 0), ("  -0b101 ", 0), ("0o17", 8), ("0b1", 8), ("0b1", 16),
                 ("z", 36), ("Z", 36), ("10", 2), ("12", 2), ("x", 0), ("12a", 0),
                 ("10", 1), ("10", 37), ("10", -1), ("١٢٣", 16), ("0x١", 0),
                 ("f" * 5000, 16), ("7" * 5000, 8), ("1" * 5000, 7), ("1" * 4301, 0),
                 ("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 16), ("-1" + "0" * 30, 10),
                 ("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 36), ("11", 3)]:
        t.add("intbase", s, b)
    for v in [3.9, -3.9, 1e20, -1e20, 2.0**63, -2.0**63, 1e300, 0.5, -0.0, float("inf"),
              float("-inf"), float("nan"), True, False, None]:
        t.add("int", v)
    t.add("intbase", 12, 8)
    # str and the digit limit
    for v in [10**4299, -10**4299, 10**4300, -10**4300, 2**14285, 2**14286]:
        t.add("str", v)
    # format
    specs = ["", "d", "x", "X", "#x", "#X", "o", "#o", "b", "#b", ",", "_", "_x", "_o",
             "_b", "#_b", "+d", " d", "-d", "08b", "#010x", "020,", "020_", "=+20",
             "<20", "^21", "*>20", "x<10", "0=10", "10,_", "_,", ",,", ",x", ",b", "_c",
             ",c", "_n", ",n", "c", "+c", "#c", "z", "zc", "z.2", ".2", ".2z", "s", "xx",
             "e", "E", ".3f", "F", "g", "G", "%", ".2%", "n", "r", "\x01", "\u1234",
             "1000000000000000000000", ".1000000000000000000000f", "-^+#010_d", "€^12",
             "0<10", "=^10", "#06x", "#06b", "025,"]
    for v in [0, 5, -5, 65, 255, -255, 1234567, -1234567, 10**20, -10**20, 2**64,
              0x10ffff, 0x110000, -1, True, False]:
        for s in specs:
            t.add("m:__format__", v, s)
    for s in ["d", "x", "e", "", ",", "_b"]:
        t.add("m:__format__", 10**400, s)
        t.add("m:__format__", -3**2000, s)
    t.add("m:__format__", 10**5000, "x")
    t.add("m:__format__", 10**5000, "d")
    # bool
    for a in [True, False]:
        for b in [True, False, 2, -1, 2.5]:
            for op in ["+", "-", "*", "&", "|", "^", "==", "<", "//", "%", "/", "**"]:
                t.add(op, a, b)
        for op in ["neg", "pos", "abs", "inv", "hash", "repr", "str", "int", "float"]:
            t.add(op, a)
    for op in ["+", "*", "&", "<", "==", "divmod", "<<", "**"]:
        t.add(op, 5, "s5")
        t.add(op, "s5", 5)
        t.add(op, 5, None)
    # random big-int pairs
    for _ in range(150):
        a = rand_int()
        b = rand_int()
        t.add(random.choice(["+", "-", "*", "//", "%", "&", "|", "^", "<", "==", "divmod", "/"]), a, b)
    for _ in range(30):
        a = rand_int()
        t.add("<<", a, random.randint(0, 300))
        t.add(">>", a, random.randint(0, 300))
        t.add("hash", a)
        t.add("m:__format__", a, random.choice(["x", "_b", ",", "#o", "e", ".3f"]))


def rand_int():
    k = random.choice([1, 30, 62, 63, 64, 65, 127, 128, 129, 200, 500, 1000, 2000])
    v = random.getrandbits(k)
    r = random.random()
    if r < 0.2:
        v = (1 << k) - 1
    elif r < 0.3:
        v = 1 << k
    return -v if random.random() < 0.5 else v


# ---------------------------------------------------------------------------
# floats
# ---------------------------------------------------------------------------

def rand_double():
    import struct
    while True:
        f = struct.unpack("d", struct.pack("Q", random.getrandbits(64)))[0]
        if math.isfinite(f):
            return f


NICE = [0.0, -0.0, 0.1, 0.2, 0.3, 0.5, 1.0, -1.0, 1.5, 2.5, 3.5, -2.5, 0.125, 1 / 3, 2 / 3,
        0.1 + 0.2, 2**0.5, math.pi, math.e, 100.0, 1e15, 1e16, 1e17, 1e22, 1e23, 123.456,
        1234567.891, 0.0001, 0.00001, 1e-7, 9.9999, 1e100, 1e300, 1e308, 1.7976931348623157e308,
        2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, 1e-320, -1e-300,
        2.0**52, 2.0**53, 2.0**53 + 2, 2.0**63, -2.0**63, 2.0**64, 2.0**1023, 123456789.0,
        1234567.0, 123456.0, 1.1, 2.675, 0.045, 1.005, 4.35, 0.5e-10, 12345.678,
        float("inf"), float("-inf"), float("nan")]
SPECIAL_INTS = [0, 1, -1, 7, 2**53, 2**53 + 1, -2**53 - 1, 2**63, 10**20, 10**308,
                10**309, -10**400, 2**1024, 2**1023]


def float_cases(t):
    randoms = [rand_double() for _ in range(250)]
    uniform = [random.uniform(-1e6, 1e6) for _ in range(50)]
    for x in NICE + randoms + uniform + [10.0**k for k in range(-12, 26)] + \
            [2.0**k for k in range(-1074, 1024, 37)]:
        t.add("repr", x)
        if not math.isnan(x):
            t.add("hash", x)
    for x in NICE + randoms[:40]:
        for op in ["neg", "pos", "abs", "bool", "str", "int", "float"]:
            t.add(op, x)
        for m in ["is_integer", "as_integer_ratio", "hex", "conjugate", "__trunc__",
                  "__floor__", "__ceil__", "__round__", "__int__", "__float__"]:
            t.add("m:" + m, x)
        t.add("g:real", x)
        t.add("g:imag", x)
    grid = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 7.25, 1e300, -1e-300, 3.0, float("inf"),
            float("-inf"), float("nan"), 2.0**53]
    ops = ["+", "-", "*", "/", "//", "%", "divmod", "**", "<", "=="]
    for a in grid:
        for b in grid:
            for op in ops:
                t.add(op, a, b)
    for a in [-7.5, -7.0, -0.5, 0.5, 7.5, 7.0]:
        for b in [-2.0, -0.5, 0.5, 2.0, 3.0, -3.0]:
            for op in ["//", "%", "divmod"]:
                t.add(op, a, b)
    for a in [0.0, -0.0, 1.0, -2.5, 0.5, 1e300, float("inf"), float("nan"), 2.0**53, -8.0]:
        for b in [0, 1, -1, 3, 2**53 + 1, 2**63, 10**20, 10**309, -10**400, 2**1024]:
            for op in ["+", "/", "//", "%", "**", "<", "==", ">="]:
                t.add(op, a, b)
                t.add(op, b, a)
    for a, b in [(-8.0, 1 / 3), (-8, 0.5), (-1.0, 0.5), (-2.0, -0.5), (-8.0, 3.0),
                 (-1.0, 1e300), (-1.0, float("inf")), (0.0, -1.0), (0.0, -2), (10.0, 400.0),
                 (-10.0, 401.0), (10.0, -400.0), (2.0, 1024.0), (2.0, -1080.0),
                 (float("nan"), 0.0), (1.0, float("nan")), (float("inf"), -3.0),
                 (float("-inf"), 3.0), (float("-inf"), 2.0), (-0.0, 3.0), (-0.0, -3.0)]:
        t.add("**", a, b)
    t.add("pow3", 2.0, 3, 5)
    # comparisons with ints, exactly
    for x in [2.0**53, 2.0**63, -2.0**63, 1e20, 1e300, 0.5, -0.5, 9007199254740993.0,
              float("inf"), float("nan"), 1.7976931348623157e308, 2.5, -2.5]:
        for n in [2**53, 2**53 + 1, 2**53 - 1, 2**63, 2**63 - 1, -2**63, -2**63 - 1,
                  10**20, 10**300, 10**308, 10**309, 2**1024, 0, 2, -2, 3, -3]:
            for op in ["<", "==", ">="]:
                t.add(op, x, n)
                t.add(op, n, x)
    # int/float hash agreement
    for v in [0, 1, -1, 2**53, 2**60, 2**61 - 1, 2**61, 2**62, 2**100, -2**100, 10**20]:
        t.add("hash", float(v))
    # round
    for x in NICE + randoms[:30] + uniform[:15]:
        for n in [None, 0, 1, 2, -1, -2, 10, 20, 323, 324, -308, -309]:
            if n is None:
                t.add("m:__round__", x)
            else:
                t.add("m:__round__", x, n)
    for x in [0.5, 1.5, 2.5, -0.5, -1.5, 0.125, 0.375, 2.675, 1.005, 1234.5, 1235.0,
              1245.0, 5.0, 15.0, 25.0, 51.0, 50.0, 150.0, 1e308, 1.7976931348623157e308,
              -1.7976931348623157e308, 5e-324]:
        for n in [-3, -2, -1, 0, 1, 2, 3, -308]:
            t.add("m:__round__", x, n)
    t.add("m:__round__", 2.5, 1.5)
    t.add("m:__round__", 2.5, 2**100)
    t.add("m:__round__", 2.5, -2**100)
    # float(str)
    strings = ["0", "-0", "1.5", " 1_0.5 ", "1__0", "1_000.000_1", "inf", "-Infinity",
               "INF", "nan", "+nAn", "-nan", "infi", "in", "1e500", "-1e500", "1e-500",
               "0x10", "1_e5", "1e_5", "1._5", "._5", "5_.", ".5", "5.", ".", "e5", "1e",
               "1e+", "1e+5", "1E-5", "  2.5  ", "\t3\n", "", " ", "x", "1.5x", "1 5",
               "١٫٥", "١.٥", "\u00a01.5\u2000", "1.5\x1c", "٣", "+.5", "-.5e-3", "++1",
               "0.1", "0.30000000000000004", "123456789012345678901234567890",
               "2.2250738585072011e-308", "4.9406564584124654e-324", "2e-324",
               "1.7976931348623157e308", "1.7976931348623159e308", "inf_", "1_", "_1",
               "0" * 500 + "1", "1" + "0" * 400, "1" * 5000, "3.14159265358979323846264338"]
    for s in strings:
        t.add("float", s)
    for v in [1, -1, 2**53 + 1, 10**308, 10**309, True, None, "s12", 3]:
        t.add("float", v)
    # format
    specs = ["", ".2f", ".0f", "#.0f", "f", "F", "e", "E", ".0e", "#.0e", ".3e", "g", "G",
             "#g", ".3g", "#.3g", ".0", ".3", ".20", ".17g", ".17", ".30f", ".50e", "%",
             ".1%", ",%", "n", ".3n", "+", "+g", " g", "-g", "010", "0<10", "=10", "^",
             "=", "*^20,.2f", "020,.2f", "020_.2f", "=20,.2f", ",.2f", "_.2f", ",g", "_e",
             ",", "012,e", "z", "z.2f", "z.1f", "zg", "€^10", "30", ">30", "<30", "^31",
             "+020.3e", "#", "#.3", "d", "s", "x", "xx", "r", "\x01", ",n", ".100f", ".340f"]
    for x in [0.0, -0.0, 1.5, -1.5, 0.5, 1e-7, 123456789.0, 1234567.891, 1.0, 1e16, 1e20,
              1e100, 9.9999, 2.5, 3.5, 0.125, -0.0001, 1.1, 1 / 3, 12345.678, 5e-324,
              1.7976931348623157e308, float("inf"), float("-inf"), float("nan")]:
        for s in specs:
            t.add("m:__format__", x, s)
    for x in randoms[:80]:
        t.add("m:__format__", x, random.choice(specs))
    # division by zero and other errors
    for a in [1.0, -1.0, 0.0, 1]:
        for b in [0.0, -0.0, 0]:
            for op in ["/", "//", "%", "divmod"]:
                t.add(op, a, b)
    for op in ["+", "*", "<", "==", "divmod", "**"]:
        t.add(op, 1.5, "s1")
        t.add(op, "s1", 1.5)
        t.add(op, 1.5, None)


def main():
    ints = Table("INT_CASES")
    int_cases(ints)
    floats = Table("FLOAT_CASES")
    float_cases(floats)
    out = sys.stdout
    out.write("/* Generated by tests/objects/gen_num_cases.py from CPython %s; do not edit. */\n\n"
              % sys.version.split()[0])
    out.write("#include <stddef.h>\n\n")
    out.write("typedef struct NumCase {\n    const char *op;\n    int nargs;\n"
              "    const char *args[3];\n    const char *expect;\n} NumCase;\n\n")
    ints.write(out)
    floats.write(out)


main()
