# str literals, concatenation, repetition, indexing, repr, f-strings, format specs
s = "hello"
t = 'world'
print(s + " " + t, s * 2, s[0], s[-1], len(s))
print(repr(s), repr('it\'s'), repr("q\"uote"), repr("tab\there"), repr("nl\n"))
print("a" < "b", "abc" == "abc", "x" in "xyz", "q" not in "xyz")
name, n = "ouro", 42
print(f"{name}: {n}", f"{n:5d}|{n:<5d}|{n:^7}|{n:+d}|{n:08.0f}" if False else f"{n:5d}|{n:<5d}|{n:^7}|{n:+d}")
print(f"{n:x} {n:X} {n:o} {n:b} {n:#x} {n:#o} {n:#b} {1234567:,} {1234567:_}")
print(f"{name!r} {name!s} {name:>8} {name:*<8} {name:.2}")
print(f"{'nested ' + name}", f"{{braces}}", f"{n * 2}")
print(format(255, "x"), format("ab", ">4"), format(7, ""), ascii("café"))
r = ""
for ch in "abc":
    r += ch.upper() if False else ch
print(r)
print(chr(97), ord("z"), hex(255), oct(64), bin(10), hex(-1))
print(str(5), str(None), str(True), repr(None), repr(...))
