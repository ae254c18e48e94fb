"""Writes the benchmark's ratings table: call id, then RATERS columns of ratings 1-5, 10% blank (seeded)."""
import random
import sys

units, raters, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(14)
with open(path, "w") as f:
    f.write("call," + ",".join("r%02d" % i for i in range(1, raters + 1)) + "\n")
    for u in range(units):
        base = random.randint(1, 5)
        row = []
        for _ in range(raters):
            if random.random() < 0.1:
                row.append("")
            else:
                row.append(str(min(5, max(1, base + random.choice([-1, 0, 0, 0, 1])))))
        f.write("c%06d," % u + ",".join(row) + "\n")
