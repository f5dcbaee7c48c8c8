"""Regenerate ``co2_monthly.csv``: monthly Mauna Loa CO2 from the statsmodels copy.

Run once, outside the course environment, in a throwaway virtual environment:

    python -m venv /tmp/dataenv && /tmp/dataenv/bin/pip install statsmodels
    /tmp/dataenv/bin/python make_co2.py

statsmodels ships the weekly record (``statsmodels.datasets.co2``, March 1958 to
December 2001, 59 weeks without a value). The notebook wants one value per month
and no gaps, so the weekly values are averaged per calendar month and the months
that had no weekly value at all are filled by linear interpolation between their
neighbours; the ``interpolated`` column marks them, so nothing filled in passes for
a measurement. The notebook never imports statsmodels: it reads the CSV.
"""
from pathlib import Path

import statsmodels.api as sm


def monthly_co2():
    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean()          # mean of the weeks in each month
    filled = monthly.isna()
    monthly = monthly.interpolate(method="linear")  # the few empty months
    return monthly, filled


if __name__ == "__main__":
    monthly, filled = monthly_co2()
    out = Path(__file__).with_name("co2_monthly.csv")
    lines = ["month,co2_ppm,interpolated"]
    lines += [f"{month:%Y-%m},{value:.3f},{int(gap)}"
              for month, value, gap in zip(monthly.index, monthly.values, filled.values)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(monthly)} months, {int(filled.sum())} interpolated")
