"""Arrays and tables in and out of the C++ module: the checks every entry point shares."""

import os

import numpy as np

try:
    import pandas as _pd
except ImportError:  # pandas is optional: tables come back as dicts of arrays
    _pd = None


def thread_count(threads):
    """The functions' `threads`: None is every core."""
    return os.cpu_count() if threads is None else int(threads)


def is_frame(x):
    return _pd is not None and isinstance(x, _pd.DataFrame)


def feature_columns(frame):
    """The columns of a DataFrame that are features by default, as in the CLI: all but
    "label", "weight" and the truth columns listed in frame.attrs["truth"] (which topae's
    generators set)."""
    skipped = {"label", "weight", *frame.attrs.get("truth", [])}
    return [str(c) for c in frame.columns if str(c) not in skipped]


def as_features(x, columns=None, name="X"):
    """as_table for training and audits: a DataFrame's columns default to feature_columns."""
    if columns is None and is_frame(x):
        columns = feature_columns(x)
    return as_table(x, columns, name)


def as_table(x, columns=None, name="X"):
    """(values, columns): x as a C-contiguous float64 (n_events, n_columns) array and its
    column names. A DataFrame gives its own names (or the `columns` asked for, in that order);
    an array takes `columns` or x1..xD. float64 C-contiguous arrays are not copied; float32,
    integers and other layouts are converted once. Raises ValueError naming the row and column
    of the first value that is not finite."""
    if is_frame(x):
        names = [str(c) for c in x.columns]
        if columns is not None:
            missing = [c for c in columns if c not in names]
            if missing:
                raise ValueError(f"{name}: no column {missing[0]!r}; it has {', '.join(names)}")
            x = x[list(columns)]
            names = list(columns)
        non_numeric = [c for c, t in zip(names, x.dtypes) if t.kind not in "fiu"]
        if non_numeric:
            raise ValueError(f"{name}: column {non_numeric[0]!r} is not numeric ({x[non_numeric[0]].dtype})")
        values = x.to_numpy(dtype=np.float64)
    else:
        values = np.asarray(x)
        if values.dtype.kind not in "fiu":
            raise ValueError(f"{name}: expected numbers, got an array of dtype {values.dtype}")
        if values.ndim != 2:
            raise ValueError(f"{name}: expected a 2-D array (n_events, n_features), got shape {values.shape}"
                             + ("; reshape a single feature with x.reshape(-1, 1)" if values.ndim == 1 else ""))
        names = list(columns) if columns is not None else [f"x{j + 1}" for j in range(values.shape[1])]
        if len(names) != values.shape[1]:
            raise ValueError(f"{name}: {values.shape[1]} columns but {len(names)} names in columns")
    values = np.ascontiguousarray(values, dtype=np.float64)
    if values.shape[0] == 0:
        raise ValueError(f"{name}: no events")
    check_finite(values, names, name)
    return values, names


def check_finite(values, names, name):
    if not np.isfinite(values).all():
        row, col = np.argwhere(~np.isfinite(values))[0]
        raise ValueError(f"{name}: row {row}, column {names[col]!r} is {values[row, col]}: every value must be "
                         "finite (drop such events first, e.g. DataFrame.dropna())")


def as_vector(x, name, dtype=np.float64):
    v = np.asarray(x)
    if v.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got shape {v.shape}")
    if v.dtype.kind not in "fiub":
        raise ValueError(f"{name}: expected numbers, got an array of dtype {v.dtype}")
    return np.ascontiguousarray(v, dtype=dtype)


def table(d, as_frame=None):
    """A table from the C++ module ({"columns", "values", "truth", "label", "weight"}) as a
    DataFrame (when pandas is importable and as_frame is not False) or a dict of arrays: one
    per column, then "label" and "weight" where the table has them."""
    columns = {c: d["values"][:, j] for j, c in enumerate(d["columns"])}
    for extra in ("label", "weight"):
        if d[extra] is not None:
            columns[extra] = d[extra]
    if as_frame is None:
        as_frame = _pd is not None
    if not as_frame:
        return columns
    if _pd is None:
        raise ImportError("as_frame=True needs pandas (Debian: python3-pandas)")
    frame = _pd.DataFrame(columns)
    frame.attrs["truth"] = list(d["truth"])
    return frame
