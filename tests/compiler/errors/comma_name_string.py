[x'abc']
