# A recursive, call-heavy workload: naive Fibonacci plus Ackermann's
# function, many small Python calls and little else. About 1 s on CPython
# 3.11.
#
# target: time 1.0 rss 1.0  (ouro / CPython 3.11, read by runner.c)

import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


def main():
    sys.setrecursionlimit(10_000)
    print("fib(33) =", fib(33))
    print("ack(2, 500) =", ack(2, 500))
    print("ack(3, 8) =", ack(3, 8))
    total = 0
    for n in range(20):
        total += fib(n)
    print("sum fib(0..19) =", total)


main()
