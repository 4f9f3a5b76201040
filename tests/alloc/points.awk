# k allocation numbers in (a, b], for tests/alloc/sweep.sh: a stride of
# (b - a) / k with an offset that cycles through the stride, so that the
# points fall at different places in successive strides.
BEGIN {
    if (k <= 0)
        exit
    s = (b - a) / k
    for (i = 0; i < k; i++)
        print a + int(i * s + (i * 7919) % (s > 1 ? s : 1)) + 1
}
