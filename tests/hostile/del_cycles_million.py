# A million objects with __del__ in cycles: 500,000 two-object cycles, then
# one ring of a million, each collected with every finalizer run once and
# nothing left in gc.garbage. N = the first argument (run.sh passes each
# mode's; the output does not depend on N).
# asan args: 300000
# valgrind args: 20000
import gc, sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
count = 0
class F:
    def __del__(self):
        global count
        count += 1
gc.disable()
for i in range(N // 2):
    a = F(); b = F(); a.o = b; b.o = a
del a, b
print("unreachable", gc.collect() >= N)
print("finalized all", count == N)
# a ring
count = 0
first = F(); cur = first
for i in range(N - 1):
    n = F(); cur.next = n; cur = n
cur.next = first
del first, cur, n
gc.collect()
print("ring finalized", count == N)
print("garbage", len(gc.garbage))
