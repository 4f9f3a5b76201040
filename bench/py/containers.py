# 200,000 rounds of list append/pop and dict insert/delete: a work queue
# (a list used as a stack) and an index of pending jobs (a dict), as a
# scheduler keeps them. Each round pushes two jobs and finishes one, so
# both containers grow and shrink all the time.
#
# target: time 1.0 rss 1.0  (ouro / CPython 3.11, read by runner.c)

ROUNDS = 200_000


def run(rounds):
    stack = []
    pending = {}
    done = 0
    checksum = 0
    for i in range(rounds):
        job = ("job", i)
        stack.append(job)
        pending[i] = job
        stack.append(("job", i + rounds))
        pending[i + rounds] = stack[-1]
        finished = stack.pop()
        del pending[finished[1]]
        done += 1
        checksum = (checksum * 31 + finished[1]) % 1_000_000_007
        if i % 3 == 0:
            older = stack.pop()
            del pending[older[1]]
            done += 1
            checksum = (checksum + older[1]) % 1_000_000_007
    return len(stack), len(pending), done, checksum


def main():
    left, pending, done, checksum = run(ROUNDS)
    print("left on the stack", left, "pending", pending)
    print("done", done, "checksum", checksum)


main()
