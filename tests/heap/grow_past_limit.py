# Run under a heap limit (tests/heap/run.sh: `ouro -X max-heap=64M`):
# a list of 1 KiB strings grows until the limit stops it with a
# MemoryError; the script catches it, checks that every string it had is
# intact, frees half and goes on allocating, then meets the limit a
# second time. CPython has no such limit: python3 stops at LIMIT strings
# and prints "no MemoryError" where ouro prints "MemoryError caught"
# (grow_past_limit.out is ouro's output).
LIMIT = 200000      # 200 MB of strings: well past 64 MiB


def chunk(i):
    return ("%07d " % i) * 128


def intact(strings, step):
    for k in range(0, len(strings), step):
        if strings[k] != chunk(k):
            return False
    return True


chunks = []
caught = False
try:
    while len(chunks) < LIMIT:
        chunks.append(chunk(len(chunks)))
except MemoryError:
    # At the limit, anything that allocates may fail again (range(100)
    # below needs a range and an iterator): make room first with calls
    # that allocate nothing. How close to the limit the failure leaves
    # the script depends on every block before it, down to the length of
    # this file's path (a CI run failed on a longer one).
    chunks.pop()
    chunks.pop()
    caught = True
# More room for what follows: 100 more strings go, every other one is
# checked below.
for k in range(100):
    chunks.pop()
print("MemoryError caught" if caught else "no MemoryError")
n = len(chunks)
print("more than 50,000 strings (50 MB) before it:", n > 50000)
print("every string intact:", intact(chunks, 1))
# One at a time: `del chunks[n // 2:]` needs a temporary array of what it
# removes (as CPython's list_ass_slice does), which the limit may refuse.
while len(chunks) > n // 2:
    chunks.pop()
print("after freeing half, allocation goes on:", len([chunk(k) for k in range(n // 4)]) == n // 4)
for k in range(n // 2, n // 2 + 1000):
    chunks.append(chunk(k))
print("and the list grows again:", len(chunks) == n // 2 + 1000, intact(chunks, 1))
try:
    big = [chunk(k) for k in range(LIMIT)]
    print("no MemoryError")
except MemoryError:
    print("MemoryError caught")
print("earlier strings still intact:", intact(chunks, 1))
