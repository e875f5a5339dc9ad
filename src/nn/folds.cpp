#include "topae/nn/folds.hpp"

#include <fmt/format.h>

#include <numeric>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::nn {

Folds Folds::of(const Table& features, const std::vector<std::string>& columns, int k, std::uint64_t seed) {
  if (k < 2 || k > features.rows())
    throw InputError(fmt::format("--folds must lie in [2, {}] (the number of events), got {}", features.rows(), k));
  return {k, seed, DataFingerprint::of(features, columns)};
}

std::vector<int> Folds::fold_of_rows() const {
  const Index n = data.n_events;
  std::vector<Index> permutation(static_cast<std::size_t>(n));
  std::iota(permutation.begin(), permutation.end(), 0);
  RandomStream stream(named_seed(seed, "folds"), 0);
  for (Index i = n - 1; i > 0; --i)  // Fisher-Yates
    std::swap(permutation[static_cast<std::size_t>(i)],
              permutation[static_cast<std::size_t>(stream.below(static_cast<std::uint64_t>(i) + 1))]);
  // The event at position p of the permutation is in fold p k / n.
  std::vector<int> fold(static_cast<std::size_t>(n));
  for (Index p = 0; p < n; ++p) {
    const auto row = static_cast<std::size_t>(permutation[static_cast<std::size_t>(p)]);
    fold[row] = static_cast<int>(p * k / n);
  }
  return fold;
}

namespace {
std::vector<Index> rows_where(const std::vector<int>& fold, int f, bool inside) {
  std::vector<Index> rows;
  for (std::size_t r = 0; r < fold.size(); ++r)
    if ((fold[r] == f) == inside) rows.push_back(static_cast<Index>(r));
  return rows;
}
}  // namespace

std::vector<Index> Folds::rows_in(int fold) const { return rows_where(fold_of_rows(), fold, true); }
std::vector<Index> Folds::rows_outside(int fold) const { return rows_where(fold_of_rows(), fold, false); }

nlohmann::json Folds::to_json() const { return {{"k", k}, {"seed", seed}, {"data", data.to_json()}}; }

Folds Folds::from_json(const nlohmann::json& j, const std::string& where) {
  const auto bad = [&](const char* what) { return InputError(fmt::format("{}: folds: {}", where, what)); };
  if (!j.is_object()) throw bad("must be an object");
  if (!j.contains("k") || !j["k"].is_number_integer() || j["k"].get<std::int64_t>() < 2) throw bad("'k' must be an integer >= 2");
  if (!j.contains("seed") || !j["seed"].is_number_unsigned()) throw bad("'seed' must be a non-negative integer");
  if (!j.contains("data")) throw bad("missing 'data'");
  auto data = DataFingerprint::from_json(j["data"], where + ": folds");
  if (j["k"].get<std::int64_t>() > data.n_events) throw bad("'k' exceeds the number of events");
  return {static_cast<int>(j["k"].get<std::int64_t>()), j["seed"].get<std::uint64_t>(), std::move(data)};
}

}  // namespace topae::nn
