import sys
print(sys.argv[0], len(sys.argv))
sys.exit(4)
