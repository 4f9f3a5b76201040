a.b
a.b.c.d
a().b
(a).b
(1).real
'abc'.upper()
[1].append
