"""Krippendorff's alpha with the `krippendorff` package, reading the table with pandas (the comparison)."""
import sys

import krippendorff
import pandas as pd

table = pd.read_csv(sys.argv[1], index_col=0)
# krippendorff wants raters × units.
print("alpha %.6f" % krippendorff.alpha(reliability_data=table.to_numpy(dtype=float).T,
                                        level_of_measurement=sys.argv[2]))
