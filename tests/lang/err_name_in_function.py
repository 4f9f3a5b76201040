# error case (name in function): stderr and exit status as CPython's
def f():
    return g()
def g():
    x = undefined_thing
f()
