"""Write houses.csv: 60 synthetic houses, size (1000 sqft) against price ($1000s).

Synthetic, not measured: sizes are drawn uniformly between 0.6 and 3.6 thousand square feet,
prices follow 200 $/sqft plus a $100k base with Gaussian noise (sd $40k). The seed is fixed,
so running this again gives the same file byte for byte.
"""

from pathlib import Path

import numpy as np

SEED = 2023
N_HOUSES = 60
SIZE_RANGE = (0.6, 3.6)
PRICE_PER_1000SQFT = 200.0
BASE_PRICE = 100.0
NOISE_SD = 40.0


def main() -> None:
    rng = np.random.default_rng(SEED)
    size = np.sort(rng.uniform(*SIZE_RANGE, N_HOUSES))
    price = BASE_PRICE + PRICE_PER_1000SQFT * size + rng.normal(0.0, NOISE_SD, N_HOUSES)
    rows = [f"{s:.3f},{p:.1f}" for s, p in zip(size, price, strict=True)]
    out = Path(__file__).with_name("houses.csv")
    out.write_text("size_1000sqft,price_1000usd\n" + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
