# int arithmetic, comparisons, boolean operators, identity
a, b = 17, 5
print(a + b, a - b, a * b, a // b, a % b, -a // b, -a % b, a ** 3, 2 ** 10)
print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2, -a >> 1)
print(a < b, a <= b, a > b, a >= b, a == 17, a != 17)
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1 != 2, 1 < 3 > 2)
print(0 or 0, 0 or 7, 3 and 0, 3 and 4, not 0, not 5, not not "x")
print(True + True, True * 10, False - 1, -True, +True)
print(None is None, a is not None, 5 in (1, 5), 6 not in (1, 5))
print(divmod(17, 5), divmod(-17, 5), abs(-9), pow(3, 4), pow(3, 4, 5))
print(hash(0) == hash(False), hash(1) == hash(True))
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
x **= 3
x <<= 2
x |= 1
x ^= 3
x &= 14
x >>= 1
print(x)
n = 100 + 156
m = 200 + 56
print(n is m, n == m)
print(((1 + 2) * 3 - 4) // 2 % 3)
print(-(-5), +7, ~0, - -3)
