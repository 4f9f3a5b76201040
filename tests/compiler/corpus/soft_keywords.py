match = 1
case = 2
_ = 3
match(x)
match.group
print(match, case, _)
match[0] = 1
match = re.match(p, s)
