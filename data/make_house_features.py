"""Write house_features.csv: 100 synthetic houses with four features each, and their prices.

Synthetic, not measured. Sizes are in plain square feet (600 to 3600), so the four features
span very different ranges, as real ones do: size in the thousands, bedrooms 1-5, floors 1-3,
age 1-90 years. Bedrooms and floors grow with the size. Each price ($1000s) is
50 + 0.15 per sqft + 12 per bedroom + 8 per floor - 0.9 per year of age, plus Gaussian noise
(sd $20k). The seed is fixed, so running this again gives the same file byte for byte.
"""

from pathlib import Path

import numpy as np

SEED = 2024
N_HOUSES = 100
SIZE_RANGE_SQFT = (600, 3600)
AGE_RANGE_YEARS = (1, 90)
BASE_PRICE = 50.0
PRICE_PER = {"size_sqft": 0.15, "bedrooms": 12.0, "floors": 8.0, "age_years": -0.9}
NOISE_SD = 20.0
SQFT_PER_BEDROOM = 700.0
COLUMNS = (*PRICE_PER, "price_1000usd")


def main() -> None:
    rng = np.random.default_rng(SEED)
    size = np.round(rng.uniform(*SIZE_RANGE_SQFT, N_HOUSES), -1)
    bedrooms = np.clip(np.round(size / SQFT_PER_BEDROOM + rng.normal(0.0, 0.6, N_HOUSES)), 1, 5)
    floors = np.clip(1 + (size > 1800) + (rng.uniform(size=N_HOUSES) < 0.25), 1, 3)
    age = rng.integers(AGE_RANGE_YEARS[0], AGE_RANGE_YEARS[1] + 1, N_HOUSES).astype(float)
    features = np.column_stack([size, bedrooms, floors, age])
    price = BASE_PRICE + features @ np.array(list(PRICE_PER.values())) + rng.normal(0.0, NOISE_SD, N_HOUSES)
    rows = [
        f"{s:.0f},{r:.0f},{f:.0f},{a:.0f},{p:.1f}"
        for s, r, f, a, p in zip(size, bedrooms, floors, age, price, strict=True)
    ]
    out = Path(__file__).with_name("house_features.csv")
    out.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
