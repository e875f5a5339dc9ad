#include "topae/topology/seam_finder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/topology/neighbours.hpp"

namespace topae::topology {
namespace {

constexpr const char* kWhere = "seam finder";
// Distances below this share of their median over the edges are not resolved.
constexpr double kDistanceFloor = 1e-3;
// 1.4826 MAD estimates a normal distribution's standard deviation.
constexpr double kMadToSigma = 1.4826;

// The median of `values` (reordered): the mean of the two middle ones for an even count.
double median_of(std::vector<float>& values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  const double upper = *mid;
  if (values.size() % 2 == 1) return upper;
  return 0.5 * (upper + static_cast<double>(*std::max_element(values.begin(), mid)));
}

// Median and scaled MAD of the log stretches.
StretchStats stretch_stats(const std::vector<float>& log_stretch) {
  std::vector<float> work(log_stretch);
  StretchStats s;
  s.median = median_of(work);
  const auto m = static_cast<float>(s.median);
#pragma omp parallel for schedule(static)
  for (std::size_t e = 0; e < work.size(); ++e) work[e] = std::abs(log_stretch[e] - m);
  s.sigma = kMadToSigma * median_of(work);
  return s;
}

Eigen::Ref<const Table> as_table(const Table& t) { return t; }

// The events as the caller numbers them.
Index event_id(const SeamData& data, Index i) {
  return data.event_ids.empty() ? i : data.event_ids[static_cast<std::size_t>(i)];
}

void check_data(const SeamData& data, const SeamSettings& settings) {
  settings.validate();
  const Index n = data.inputs.rows();
  checks::check_not_empty(kWhere, "inputs", as_table(data.inputs));
  checks::check_not_empty(kWhere, "latent", as_table(data.latent));
  checks::check_same_shape(kWhere, "inputs", data.inputs, "reconstruction", data.reconstruction);
  checks::check_same_size(kWhere, "inputs", n, "latent", data.latent.rows());
  checks::check_same_size(kWhere, "inputs", n, "error", data.error.size());
  checks::check_same_size(kWhere, "inputs", n, "raw", data.raw.rows());
  checks::check_same_size(kWhere, "raw's columns", data.raw.cols(), "columns",
                          static_cast<Index>(data.columns.size()));
  if (!data.event_ids.empty())
    checks::check_same_size(kWhere, "inputs", n, "event_ids", static_cast<Index>(data.event_ids.size()));
  if (data.inputs.cols() < 2)
    throw InputError(fmt::format("{}: needs at least 2 input columns, got {}: one column has no topology to tear",
                                 kWhere, data.inputs.cols()));
  if (n < settings.neighbours + 1)
    throw InputError(fmt::format("{}: needs at least --neighbours + 1 = {} events, got {}", kWhere,
                                 settings.neighbours + 1, n));
  checks::check_finite(kWhere, "inputs", as_table(data.inputs));
  checks::check_finite(kWhere, "latent", as_table(data.latent));
  checks::check_finite(kWhere, "reconstruction", as_table(data.reconstruction));
  checks::check_finite(kWhere, "raw", as_table(data.raw));
  checks::check_no_nan(kWhere, "error", data.error);
  if (std::isnan(data.top_error_threshold)) throw InputError(fmt::format("{}: top_error_threshold is NaN", kWhere));
}

// The first pair of identical inputs (a neighbour at distance 0), refused.
void check_distinct(const SeamData& data, const Neighbours& nb) {
  for (Index i = 0; i < nb.distance.rows(); ++i) {
    if (nb.distance(i, 0) > 0) continue;
    const Index a = event_id(data, std::min(i, nb.index(i, 0)));
    const Index b = event_id(data, std::max(i, nb.index(i, 0)));
    throw InputError(fmt::format("{}: events {} and {} have identical inputs; their distance 0 leaves the stretch "
                                 "between them undefined (remove duplicate events)",
                                 kWhere, a, b));
  }
}

// Union-find over the events, by size, with path halving.
class Components {
 public:
  explicit Components(Index n) : parent_(static_cast<std::size_t>(n)), size_(static_cast<std::size_t>(n), 1) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
  }
  Index find(Index i) {
    while (parent_[static_cast<std::size_t>(i)] != i) {
      auto& p = parent_[static_cast<std::size_t>(i)];
      p = parent_[static_cast<std::size_t>(p)];
      i = p;
    }
    return i;
  }
  void join(Index a, Index b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[static_cast<std::size_t>(a)] < size_[static_cast<std::size_t>(b)]) std::swap(a, b);
    parent_[static_cast<std::size_t>(b)] = a;
    size_[static_cast<std::size_t>(a)] += size_[static_cast<std::size_t>(b)];
  }

 private:
  std::vector<Index> parent_;
  std::vector<Index> size_;
};

SeamCluster describe_cluster(const SeamData& data, const Eigen::VectorXd& seam_score, std::vector<Index> events) {
  SeamCluster c;
  c.size = static_cast<Index>(events.size());
  const Index width = data.raw.cols();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(width);
  for (const Index i : events) sum += data.raw.row(i).transpose();
  const Eigen::VectorXd mean = sum / static_cast<double>(c.size);
  Eigen::VectorXd squares = Eigen::VectorXd::Zero(width);
  for (const Index i : events) squares += (data.raw.row(i).transpose() - mean).array().square().matrix();
  c.centre.assign(mean.data(), mean.data() + width);
  for (Index j = 0; j < width; ++j) c.spread.push_back(std::sqrt(squares(j) / static_cast<double>(c.size)));
  Index peak = events.front();
  double error_sum = 0;
  c.max_error = -std::numeric_limits<double>::infinity();
  for (const Index i : events) {
    if (seam_score(i) > seam_score(peak)) peak = i;
    error_sum += data.error(i);
    c.max_error = std::max(c.max_error, data.error(i));
  }
  c.peak = event_id(data, peak);
  c.peak_seam_score = seam_score(peak);
  c.mean_error = error_sum / static_cast<double>(c.size);
  c.events = std::move(events);
  return c;
}

nlohmann::json by_column(const std::vector<std::string>& columns, const std::vector<double>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t c = 0; c < columns.size(); ++c) j[columns[c]] = values[c];
  return j;
}

}  // namespace

void SeamSettings::validate() const {
  checks::check_flag_at_least("--neighbours", neighbours, 1);
  checks::check_flag_at_least("--min-cluster-size", min_cluster_size, 1);
  checks::check_flag_at_least("--exact-up-to", exact_up_to, 0);
  if (!(outlier_sigmas > 0) || !std::isfinite(outlier_sigmas))
    throw InputError(fmt::format("--outlier-sigmas must be a finite number > 0, got {}", outlier_sigmas));
  if (!(min_stretch >= 1) || !std::isfinite(min_stretch))
    throw InputError(fmt::format("--min-stretch must be a finite number >= 1, got {}", min_stretch));
  if (!(top_error_quantile > 0 && top_error_quantile < 1))
    throw InputError(fmt::format("--top-error-quantile must lie in (0, 1), got {}", top_error_quantile));
  if (!(approximate_eps >= 0) || !std::isfinite(approximate_eps))
    throw InputError(fmt::format("--approximate-eps must be a finite number >= 0, got {}", approximate_eps));
}

nlohmann::json SeamSettings::to_json() const {
  return {{"neighbours", neighbours},
          {"outlier_sigmas", outlier_sigmas},
          {"min_stretch", min_stretch},
          {"min_cluster_size", min_cluster_size},
          {"top_error_quantile", top_error_quantile},
          {"exact_up_to", exact_up_to},
          {"approximate_eps", approximate_eps}};
}

nlohmann::json StretchStats::to_json() const { return {{"median", median}, {"sigma", sigma}}; }

nlohmann::json SeamResult::to_json() const {
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : seams) {
    // The peak's place: its row is not kept here, so the cluster's own numbers say where.
    clusters.push_back({{"size", c.size},
                        {"centre", by_column(columns, c.centre)},
                        {"spread", by_column(columns, c.spread)},
                        {"peak_event", c.peak},
                        {"peak_seam_score", c.peak_seam_score},
                        {"mean_error", c.mean_error},
                        {"max_error", c.max_error}});
  }
  return {{"n_events", n_events},
          {"n_edges", n_edges},
          {"neighbour_search", approximate ? "approximate" : "exact"},
          {"settings", settings.to_json()},
          {"columns", columns},
          {"stretch", stretch.to_json()},
          {"code_stretch", code_stretch.to_json()},
          {"reconstruction_stretch", reconstruction_stretch.to_json()},
          {"log_threshold", log_threshold},
          {"threshold", threshold},
          {"null_seam_fraction_bound", null_seam_fraction_bound(settings)},
          {"n_torn_edges", n_torn_edges},
          {"n_flagged_events", n_flagged},
          {"n_seam_events", n_seam_events},
          {"n_isolated_events", n_isolated},
          {"top_error_quantile", settings.top_error_quantile},
          {"top_error_threshold", top_error_threshold},
          {"n_top_errors", n_top_errors},
          {"n_top_errors_on_seam", n_top_errors_on_seam},
          {"seam_fraction_of_top_errors", checks::number_or_null(seam_fraction_of_top_errors)},
          {"seams", clusters}};
}

double null_seam_fraction_bound(const SeamSettings& settings) {
  const double tail = 0.5 * std::erfc(settings.outlier_sigmas / std::sqrt(2.0));
  return std::min(1.0, 2.0 * static_cast<double>(settings.neighbours) * tail);
}

SeamResult find_seams(const SeamData& data, const SeamSettings& settings) {
  check_data(data, settings);
  const Index n = data.inputs.rows();
  const Index k = settings.neighbours;

  SeamResult r;
  r.settings = settings;
  r.columns = data.columns;
  r.n_events = n;
  r.n_edges = n * k;
  r.approximate = n > settings.exact_up_to;
  const Neighbours nb = nearest_neighbours(data.inputs, k, r.approximate ? settings.approximate_eps : 0.0);
  check_distinct(data, nb);

  // Edge e = i * k + m joins i to its m-th neighbour. First the code's and the
  // reconstruction's distances along it, then (in place) the log stretches.
  const auto edges = static_cast<std::size_t>(r.n_edges);
  std::vector<float> code(edges), rec(edges);
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < n; ++i) {
    for (Index m = 0; m < k; ++m) {
      const Index j = nb.index(i, m);
      const auto e = static_cast<std::size_t>(i * k + m);
      code[e] = static_cast<float>((data.latent.row(i) - data.latent.row(j)).norm());
      rec[e] = static_cast<float>((data.reconstruction.row(i) - data.reconstruction.row(j)).norm());
    }
  }
  // Floors: a thousandth of each median (the smallest positive float if that is 0).
  const auto floor_of = [](std::vector<float> d) {
    return std::max(kDistanceFloor * median_of(d), static_cast<double>(std::numeric_limits<float>::min()));
  };
  const Eigen::Map<const Eigen::VectorXd> dx(nb.distance.data(), r.n_edges);
  const double floor_x = floor_of(std::vector<float>(dx.data(), dx.data() + dx.size()));
  const double floor_z = floor_of(code), floor_r = floor_of(rec);
#pragma omp parallel for schedule(static)
  for (Index e = 0; e < r.n_edges; ++e) {
    const auto u = static_cast<std::size_t>(e);
    const double x = std::max(dx(e), floor_x);
    code[u] = static_cast<float>(std::log(std::max(static_cast<double>(code[u]), floor_z) / x));
    rec[u] = static_cast<float>(std::log(std::max(static_cast<double>(rec[u]), floor_r) / x));
  }
  r.code_stretch = stretch_stats(code);
  r.reconstruction_stretch = stretch_stats(rec);

  // The decoder's log gain along an edge is log |dr| / |dz| = rec - code; its median around
  // each event: over the edges of the event and of its neighbours, (k + 1) k of them.
  std::vector<float> local_gain(static_cast<std::size_t>(n));
#pragma omp parallel
  {
    std::vector<float> around(static_cast<std::size_t>((k + 1) * k));
#pragma omp for schedule(static)
    for (Index i = 0; i < n; ++i) {
      auto out = around.begin();
      for (Index m = -1; m < k; ++m) {
        const auto first = static_cast<std::size_t>((m < 0 ? i : nb.index(i, m)) * k);
        for (std::size_t e = first; e < first + static_cast<std::size_t>(k); ++e) *out++ = rec[e] - code[e];
      }
      local_gain[static_cast<std::size_t>(i)] = static_cast<float>(median_of(around));
    }
  }
  // The stretch: the larger of the reconstruction's and the code's in the decoder's units,
  // in place of code.
  std::vector<float>& stretch = code;
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < n; ++i) {
    for (Index m = 0; m < k; ++m) {
      const auto e = static_cast<std::size_t>(i * k + m);
      stretch[e] = std::max(rec[e], code[e] + local_gain[static_cast<std::size_t>(i)]);
    }
  }
  r.stretch = stretch_stats(stretch);
  r.log_threshold = std::max(settings.outlier_sigmas * r.stretch.sigma, std::log(settings.min_stretch));
  r.threshold = std::exp(r.log_threshold);

  // Per event, the largest log stretch of an edge at it, in either direction.
  std::vector<float> largest(static_cast<std::size_t>(n), -std::numeric_limits<float>::infinity());
  for (Index i = 0; i < n; ++i) {
    for (Index m = 0; m < k; ++m) {
      const float l = stretch[static_cast<std::size_t>(i * k + m)];
      auto& a = largest[static_cast<std::size_t>(i)];
      auto& b = largest[static_cast<std::size_t>(nb.index(i, m))];
      a = std::max(a, l);
      b = std::max(b, l);
    }
  }
  r.seam_score.resize(n);
  std::vector<std::uint8_t> flagged(static_cast<std::size_t>(n), 0);
  for (Index i = 0; i < n; ++i) {
    const auto a = static_cast<std::size_t>(i);
    const double excess = static_cast<double>(largest[a]) - r.stretch.median;
    r.seam_score(i) = std::exp(excess);
    flagged[a] = excess > r.log_threshold;
    r.n_flagged += flagged[a];
  }
  for (std::size_t e = 0; e < edges; ++e)
    r.n_torn_edges += static_cast<double>(stretch[e]) - r.stretch.median > r.log_threshold;

  // Seams: connected components of flagged events over the edges of the symmetrised graph.
  Components components(n);
  for (Index i = 0; i < n; ++i) {
    if (!flagged[static_cast<std::size_t>(i)]) continue;
    for (Index m = 0; m < k; ++m) {
      const Index j = nb.index(i, m);
      if (flagged[static_cast<std::size_t>(j)]) components.join(i, j);
    }
  }
  // The flagged events grouped by component, each group ascending.
  std::vector<std::pair<Index, Index>> by_root;  // (component, event)
  for (Index i = 0; i < n; ++i)
    if (flagged[static_cast<std::size_t>(i)]) by_root.emplace_back(components.find(i), i);
  std::sort(by_root.begin(), by_root.end());
  r.on_seam.assign(static_cast<std::size_t>(n), 0);
  for (std::size_t first = 0; first < by_root.size();) {
    std::size_t last = first;
    while (last < by_root.size() && by_root[last].first == by_root[first].first) ++last;
    const auto size = static_cast<Index>(last - first);
    if (size < settings.min_cluster_size) {
      r.n_isolated += size;
    } else {
      std::vector<Index> events;
      for (std::size_t p = first; p < last; ++p) events.push_back(by_root[p].second);
      for (const Index i : events) r.on_seam[static_cast<std::size_t>(i)] = 1;
      r.n_seam_events += size;
      r.seams.push_back(describe_cluster(data, r.seam_score, std::move(events)));
    }
    first = last;
  }
  std::sort(r.seams.begin(), r.seams.end(), [](const SeamCluster& a, const SeamCluster& b) {
    return a.size != b.size ? a.size > b.size : a.events.front() < b.events.front();
  });

  r.top_error_threshold = data.top_error_threshold;
  for (Index i = 0; i < n; ++i) {
    if (!(data.error(i) >= data.top_error_threshold)) continue;
    ++r.n_top_errors;
    r.n_top_errors_on_seam += r.on_seam[static_cast<std::size_t>(i)];
  }
  r.seam_fraction_of_top_errors = r.n_top_errors == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                      : static_cast<double>(r.n_top_errors_on_seam) /
                                                            static_cast<double>(r.n_top_errors);
  return r;
}

}  // namespace topae::topology
