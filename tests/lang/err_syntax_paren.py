# error case (syntax paren): stderr and exit status as CPython's
x = (1,
  2 +
)
