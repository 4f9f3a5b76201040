# error case (raise from): stderr and exit status as CPython's
class E(Exception):
    pass
def f():
    try:
        raise E("inner")
    except E as e:
        raise RuntimeError("outer") from e
f()
