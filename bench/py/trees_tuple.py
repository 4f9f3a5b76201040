# Binary trees from 2-tuples: the shape of the benchmarks game's
# binary-trees. A stretch tree one level deeper than the maximum is built
# and checked, then a long-lived tree of the maximum depth stays alive
# while many short-lived trees of each depth 4, 6, ..., 16 are built and
# checked. A leaf is (None, None); every node is a tuple of two children.
#
# target: time 1.0 rss 1.0  (ouro / CPython 3.11, read by runner.c)

MIN_DEPTH = 4
MAX_DEPTH = 16


def make_tree(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def check_tree(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def main():
    stretch = MAX_DEPTH + 1
    print(f"stretch tree of depth {stretch}\t check: {check_tree(make_tree(stretch))}")
    long_lived = make_tree(MAX_DEPTH)
    for depth in range(MIN_DEPTH, MAX_DEPTH + 1, 2):
        iterations = 2 ** (MAX_DEPTH - depth + MIN_DEPTH)
        check = 0
        for _ in range(iterations):
            check += check_tree(make_tree(depth))
        print(f"{iterations}\t trees of depth {depth}\t check: {check}")
    print(f"long lived tree of depth {MAX_DEPTH}\t check: {check_tree(long_lived)}")


main()
