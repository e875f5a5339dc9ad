#pragma once
// Folds: a K-fold split of a table's events, for anomaly scores that never come from a model
// that saw the event. Member i of a k-fold ensemble trains on the events outside fold i, and
// `topae score --out-of-fold` scores each event of that same table with the member of its fold.
// A model fits its own training events better than unseen ones, so scoring them in-sample
// biases every cut on the error (and side-band normalisation turns the bias into fake bumps).
//
// The split is a seeded permutation of the row indices (RandomStream keyed by
// named_seed(seed, "folds")): the event at position p of the permutation is in fold p k / n, so
// fold sizes differ by at most one. The file records k, the seed and the table's fingerprint
// (its events and the model's columns), from which the split is rebuilt; a table with other
// events is refused.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/nn/checkpoint.hpp"

namespace topae::nn {

struct Folds {
  int k = 0;
  std::uint64_t seed = 0;
  DataFingerprint data;  // the table split: n_events, the columns, a hash of their values

  // Throws InputError naming --folds unless 2 <= k <= n_events.
  static Folds of(const Table& features, const std::vector<std::string>& columns, int k, std::uint64_t seed);

  std::vector<int> fold_of_rows() const;          // n_events entries in [0, k)
  std::vector<Index> rows_in(int fold) const;      // ascending
  std::vector<Index> rows_outside(int fold) const; // ascending: what member `fold` trains on

  nlohmann::json to_json() const;
  // Throws InputError starting with `where` on a malformed record.
  static Folds from_json(const nlohmann::json& j, const std::string& where);
};

}  // namespace topae::nn
