"""Result: what topae's analyses return, a dict (the JSON the CLI writes) whose keys are also
attributes, with the per-event and per-bin numbers as numpy arrays."""


class Result(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return list(self.keys())

    def __repr__(self):
        short = {k: v for k, v in self.items() if not hasattr(v, "shape") and not isinstance(v, (list, dict))}
        return f"Result({short})"


def result(d):
    """Nested dicts as Results."""
    if isinstance(d, dict):
        return Result({k: result(v) for k, v in d.items()})
    if isinstance(d, list):
        return [result(v) for v in d]
    return d
