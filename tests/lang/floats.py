# float literals, true division, mixed arithmetic, formatting
print(1 / 2, 7 / 7, 2 ** -1, 3.5 * 2, 1e3, 1.5e-3, .5, 10.0)
x = 0.1 + 0.2
print(x, x == 0.3, round(x, 2), abs(-2.5), int(3.9), float(7))
print(f"{3.14159:.2f}|{2.5:8.3f}|{1e10:e}|{0.5:%}|{1234.5:,.1f}")
print(divmod(7.5, 2), 7.5 // 2, 7.5 % 2, -7.5 // 2)
print(max(1, 2.5), min(-1.0, 0), sum([0.5, 0.25]))
print(1.0.is_integer() if hasattr(1.0, "is_integer") else True)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print(e)
