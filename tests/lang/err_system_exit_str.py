# error case (system exit str): stderr and exit status as CPython's
raise SystemExit("bye now")
