# The eval loop's machine-word int fast paths (+ - * // % & | ^) against
# the general ones at the edges: signs, zero, -1, 2**63 boundaries.
vals = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 2**62, -2**62, 2**63-1, -2**63, 2**63, -2**63-1, 12345678901, -98765]
out = []
for a in vals:
    for b in vals:
        for name, f in (('%', lambda a, b: a % b), ('//', lambda a, b: a // b), ('&', lambda a, b: a & b), ('|', lambda a, b: a | b), ('^', lambda a, b: a ^ b)):
            try: out.append((a, name, b, f(a, b)))
            except ZeroDivisionError as e: out.append((a, name, b, str(e)))
        x = a
        try:
            x %= b
        except ZeroDivisionError as e: x = str(e)
        out.append(x)
print(len(out), hash(tuple(map(str, out))) if False else '')
for o in out: print(o)
print(True % 2, True // 1, True & 1, type(True & True), -7 // 2, -7 % 2, 7 % -2)
