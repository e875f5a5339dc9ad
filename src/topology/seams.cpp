#include "topae/topology/seams.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "topae/core/checks.hpp"

namespace topae::topology {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

}  // namespace

double wrap_angle(double theta) {
  double r = std::fmod(theta, kTwoPi);
  if (r < 0) r += kTwoPi;
  if (r >= kTwoPi) r = 0;  // -tiny + 2 pi rounds to 2 pi
  return r;
}

double angular_distance(double a, double b) {
  const double d = wrap_angle(a - b);
  return std::min(d, kTwoPi - d);
}

nlohmann::json CircleSeam::to_json() const {
  nlohmann::json centres = nlohmann::json::array();
  nlohmann::json means = nlohmann::json::array();
  for (Index j = 0; j < bin_mean_error.size(); ++j) {
    centres.push_back((static_cast<double>(j) + 0.5) * bin_width);
    means.push_back(checks::number_or_null(bin_mean_error(j)));  // empty bin: null
  }
  return {{"angle", angle},
          {"index", index},
          {"error", error},
          {"smoothed_angle", smoothed_angle},
          {"smoothed_error", checks::number_or_null(smoothed_error)},
          {"bin_width", bin_width},
          {"profile", {{"bin_centre", centres}, {"mean_error", means}, {"count", bin_count}}}};
}

CircleSeam find_circle_seam(const Eigen::Ref<const Eigen::VectorXd>& theta,
                            const Eigen::Ref<const Eigen::VectorXd>& error, double bin_width) {
  constexpr const char* where = "circle seam";
  checks::check_not_empty(where, "theta", theta);
  checks::check_same_size(where, "theta", theta.size(), "error", error.size());
  checks::check_finite(where, "theta", theta);
  checks::check_no_nan(where, "error", error);
  if (!(bin_width > 0 && bin_width <= kTwoPi))
    throw InputError(fmt::format("{}: bin width {} must lie in (0, 2 pi]", where, bin_width));

  const Index n = theta.size();
  CircleSeam seam;
  seam.error = error.maxCoeff(&seam.index);
  seam.angle = wrap_angle(theta(seam.index));

  const Index n_bins = std::max<Index>(1, std::lround(kTwoPi / bin_width));
  seam.bin_width = kTwoPi / static_cast<double>(n_bins);
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(n_bins);
  seam.bin_count.assign(static_cast<std::size_t>(n_bins), 0);
  for (Index i = 0; i < n; ++i) {
    const Index j = std::min(n_bins - 1, static_cast<Index>(wrap_angle(theta(i)) / seam.bin_width));
    sum(j) += error(i);
    ++seam.bin_count[static_cast<std::size_t>(j)];
  }
  seam.bin_mean_error.resize(n_bins);
  Index best = -1;
  for (Index j = 0; j < n_bins; ++j) {
    const Index count = seam.bin_count[static_cast<std::size_t>(j)];
    seam.bin_mean_error(j) = count > 0 ? sum(j) / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
    if (count > 0 && (best < 0 || seam.bin_mean_error(j) > seam.bin_mean_error(best))) best = j;
  }
  // n >= 1, so some bin is not empty. A bin holding +inf and -inf errors has a NaN mean; then
  // `best` may stay at a NaN bin, which is honest.
  seam.smoothed_angle = (static_cast<double>(best) + 0.5) * seam.bin_width;
  seam.smoothed_error = seam.bin_mean_error(best);
  return seam;
}

nlohmann::json CircularSpread::to_json() const {
  return {{"n", n},
          {"mean", checks::number_or_null(mean)},
          {"resultant_length", resultant_length},
          {"largest_gap", largest_gap},
          {"containing_arc", containing_arc},
          {"arc_start", arc_start}};
}

CircularSpread circular_spread(const Eigen::Ref<const Eigen::VectorXd>& angles) {
  constexpr const char* where = "circular spread";
  checks::check_not_empty(where, "angles", angles);
  checks::check_finite(where, "angles", angles);

  const Index n = angles.size();
  CircularSpread s;
  s.n = n;
  double c = 0;
  double si = 0;
  std::vector<double> sorted(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    c += std::cos(angles(i));
    si += std::sin(angles(i));
    sorted[static_cast<std::size_t>(i)] = wrap_angle(angles(i));
  }
  s.resultant_length = std::min(1.0, std::hypot(c, si) / static_cast<double>(n));
  s.mean = s.resultant_length > 1e-12 ? wrap_angle(std::atan2(si, c)) : std::numeric_limits<double>::quiet_NaN();

  std::sort(sorted.begin(), sorted.end());
  // Start with the gap that closes the circle, from the last angle round to the first; the arc
  // is then front..back. Both are computed from their end points (not as 2 pi minus the
  // other), so one angle gives an arc of exactly 0.
  const std::size_t m = sorted.size();
  s.largest_gap = sorted.front() + kTwoPi - sorted.back();
  s.arc_start = sorted.front();
  s.containing_arc = sorted.back() - sorted.front();
  for (std::size_t i = 0; i + 1 < m; ++i) {
    const double gap = sorted[i + 1] - sorted[i];
    if (gap > s.largest_gap) {
      s.largest_gap = gap;
      s.arc_start = sorted[i + 1];
      s.containing_arc = sorted[i] + kTwoPi - sorted[i + 1];
    }
  }
  if (m == 1) s.largest_gap = kTwoPi;
  return s;
}

nlohmann::json SeamPoints::to_json() const {
  return {{"threshold", threshold},
          {"n_points", n_points},
          {"n_above", indices.size()},
          {"fraction", fraction},
          {"indices", indices}};
}

SeamPoints find_seam_points(const Eigen::Ref<const Eigen::VectorXd>& error, double threshold) {
  constexpr const char* where = "seam points";
  checks::check_not_empty(where, "error", error);
  checks::check_no_nan(where, "error", error);
  if (std::isnan(threshold)) throw InputError(fmt::format("{}: the threshold is NaN", where));
  SeamPoints p;
  p.threshold = threshold;
  p.n_points = error.size();
  for (Index i = 0; i < error.size(); ++i)
    if (error(i) > threshold) p.indices.push_back(i);
  p.fraction = static_cast<double>(p.indices.size()) / static_cast<double>(p.n_points);
  return p;
}

}  // namespace topae::topology
