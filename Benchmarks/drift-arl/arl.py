"""Average run lengths of qa drift's flag rule (EWMA and CUSUM both beyond their limits, same direction) with a
known baseline: z standard normal in control, shifted by DELTA standard errors out of control. Needs numpy.

    python3 Benchmarks/drift-arl/arl.py                  # the defaults and the old settings
    python3 Benchmarks/drift-arl/arl.py 0.5 3 0.75 3     # lambda L k h
"""
import sys

import numpy as np


def run_lengths(lam, L, k, h, n, horizon, delta, rng):
    z = rng.standard_normal((n, horizon)) + delta
    ewma = np.zeros(n); up = np.zeros(n); down = np.zeros(n)
    length = np.full(n, horizon + 1); alive = np.ones(n, bool)
    for t in range(horizon):
        ewma = lam * z[:, t] + (1 - lam) * ewma
        up = np.maximum(0, up + z[:, t] - k); down = np.maximum(0, down - z[:, t] - k)
        limit = L * np.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * (t + 1))))
        signal = (np.abs(ewma) > limit) & ((up > h) | (down > h)) & ((ewma > 0) == (up > h))
        first = alive & signal
        length[first] = t + 1
        alive &= ~signal
    return length


settings = [tuple(float(x) for x in sys.argv[1:5])] if len(sys.argv) >= 5 else [(0.5, 3, 0.75, 3), (0.2, 3, 0.5, 4)]
rng = np.random.default_rng(7)
for lam, L, k, h in settings:
    steady = run_lengths(lam, L, k, h, 200_000, 5000, 0, rng)
    print(f"lambda {lam} L {L} k {k} h {h}: in-control ARL {steady.mean():.0f} periods, "
          f"false alarm within 7 periods {np.mean(steady <= 7):.2%}", end="")
    for delta in (1, 2):
        print(f"; ARL at a {delta} SE step {run_lengths(lam, L, k, h, 50_000, 500, delta, rng).mean():.1f}", end="")
    print()
