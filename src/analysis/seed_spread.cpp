#include "topae/analysis/seed_spread.hpp"

#include <cmath>
#include <limits>

#include "topae/core/checks.hpp"

namespace topae::analysis {

nlohmann::json SeedSpread::to_json() const {
  return {{"n", n},
          {"mean", mean},
          {"std_dev", checks::number_or_null(std_dev)},
          {"std_error", checks::number_or_null(std_error)},
          {"min", min},
          {"max", max}};
}

SeedSpread seed_spread(const Eigen::Ref<const Eigen::VectorXd>& values) {
  constexpr const char* where = "seed spread";
  checks::check_not_empty(where, "values", values);
  checks::check_finite(where, "values", values);
  SeedSpread s;
  s.n = values.size();
  s.mean = values.mean();
  s.min = values.minCoeff();
  s.max = values.maxCoeff();
  if (s.n == 1) {
    s.std_dev = std::numeric_limits<double>::quiet_NaN();
  } else {
    // Two passes (the mean first): no cancellation when the spread is tiny next to the mean.
    s.std_dev = std::sqrt((values.array() - s.mean).square().sum() / static_cast<double>(s.n - 1));
  }
  s.std_error = s.std_dev / std::sqrt(static_cast<double>(s.n));
  return s;
}

}  // namespace topae::analysis
