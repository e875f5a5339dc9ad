#include "topae/topology/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/standardizer.hpp"

namespace topae::topology {

namespace {

constexpr Index kHighDimensionLandmarks = 300;
constexpr Index kSmallestScale = 64;  // the coarsest scale: blocks of 64 to 127 points

void check_input(const Table& values, const std::vector<std::string>& columns, const AuditSettings& s) {
  if (static_cast<Index>(columns.size()) != values.cols()) {
    throw InputError(fmt::format("audit: {} column names for {} columns", columns.size(), values.cols()));
  }
  if (values.cols() < 2) {
    throw InputError(fmt::format("audit: needs at least 2 columns, got {}; one column has no topology to audit",
                                 values.cols()));
  }
  checks::check_flag_at_least("--neighbours", s.neighbours, 8);
  checks::check_flag_at_least("--max-points", s.max_points, s.neighbours + 1);
  if (values.rows() < s.neighbours + 1) {
    throw InputError(fmt::format("audit: {} events are fewer than --neighbours + 1 = {}", values.rows(),
                                 s.neighbours + 1));
  }
  for (Index j = 0; j < values.cols(); ++j) {
    for (Index i = 0; i < values.rows(); ++i)
      if (!std::isfinite(values(i, j)))
        throw InputError(fmt::format("audit: column '{}' row {} is {}", columns[static_cast<std::size_t>(j)], i,
                                     values(i, j)));
    if (values.col(j).minCoeff() == values.col(j).maxCoeff()) {
      throw InputError(fmt::format("audit: column '{}' is constant ({}); it carries no shape: leave it out of --columns",
                                   columns[static_cast<std::size_t>(j)], values(0, j)));
    }
  }
  for (const Index c : s.antipodal_columns)
    if (c < 0 || c >= values.cols()) throw InputError(fmt::format("audit: antipodal column {} is out of range", c));
}

void check_distinct(const Neighbours& nb, const std::vector<std::int64_t>& rows) {
  for (Index i = 0; i < nb.distance.rows(); ++i)
    if (nb.distance(i, 0) == 0) {
      throw InputError(fmt::format("audit: events {} and {} are identical; remove duplicate events first",
                                   rows[static_cast<std::size_t>(std::min(i, nb.index(i, 0)))],
                                   rows[static_cast<std::size_t>(std::max(i, nb.index(i, 0)))]));
    }
}

// The median distance to the first neighbour over the points of all blocks.
double median_first_distance(std::span<const Neighbours> blocks) {
  std::vector<double> r1;
  for (const auto& b : blocks) r1.insert(r1.end(), b.distance.col(0).begin(), b.distance.col(0).end());
  std::nth_element(r1.begin(), r1.begin() + std::ssize(r1) / 2, r1.end());
  return r1[r1.size() / 2];
}

// TwoNN pooled over disjoint random blocks of m points, for m = n, n/2, ... down to
// kSmallestScale; the estimate is the coarsest scale's (see audit.hpp).

IntrinsicDimension estimate_dimension(const Table& points, const Neighbours& nb, Index k, std::uint64_t seed) {
  IntrinsicDimension d;
  d.scales.push_back({points.rows(), two_nn(nb), median_first_distance({&nb, 1})});
  const auto order = random_permutation(points.rows(), points.rows(), named_seed(seed, "scales"));
  for (Index m = points.rows() / 2; m >= kSmallestScale; m /= 2) {
    std::vector<Neighbours> blocks;
    for (Index start = 0; start + m <= points.rows(); start += m) {
      const std::vector<std::int64_t> block(order.begin() + start, order.begin() + start + m);
      blocks.push_back(nearest_neighbours(points(block, Eigen::all), 2));
    }
    d.scales.push_back({m, two_nn(blocks), median_first_distance(blocks)});
  }
  const DimensionEstimate& coarsest = d.scales.back().two_nn;
  d.estimate = coarsest.dimension;
  d.low = coarsest.low;
  d.high = coarsest.high;
  d.rounded = std::max(1, static_cast<int>(std::lround(d.estimate)));
  const double next = d.scales.size() > 1 ? d.scales[d.scales.size() - 2].two_nn.dimension : d.estimate;
  d.clear = std::abs(d.estimate - d.rounded) <= 0.3 && std::abs(next - d.rounded) <= 0.5;
  d.levina_bickel = levina_bickel(nb, 3, k);
  d.local_pca = local_pca(points, nb, k);
  return d;
}

// The scale below which the data does not look d-dimensional: the first-neighbour distance
// of the finest scale whose TwoNN lies within 0.3 of d (noise raises the estimate at finer
// ones). Clean data looks d-dimensional at the finest scale, so this is its smallest gap.
double noise_scale(const IntrinsicDimension& d) {
  for (const auto& s : d.scales)
    if (std::abs(s.two_nn.dimension - d.rounded) <= 0.3) return s.nn_distance;
  return d.scales.back().nn_distance;
}

}  // namespace

nlohmann::json IntrinsicDimension::to_json() const {
  nlohmann::json scale_list = nlohmann::json::array();
  for (const auto& s : scales) {
    scale_list.push_back({{"points", s.points}, {"nn_distance", s.nn_distance}, {"estimate", s.two_nn.to_json()}});
  }
  nlohmann::json lb = nlohmann::json::array();
  for (const auto& p : levina_bickel) lb.push_back({{"k", p.k}, {"dimension", p.dimension}});
  return {{"estimate", estimate},
          {"low", low},
          {"high", high},
          {"rounded", rounded},
          {"clear", clear},
          {"methods",
           {{"two_nn", scales.front().two_nn.to_json()},
            {"two_nn_by_scale", scale_list},
            {"levina_bickel", lb},
            {"local_pca",
             {{"k", local_pca.k},
              {"explained", local_pca.explained},
              {"components_for_90_percent", local_pca.components_for(0.9)}}}}}};
}

std::vector<std::optional<int>> Audit::betti() const {
  const int computed = homology ? homology->max_dimension : -1;
  std::vector<std::optional<int>> b(static_cast<std::size_t>(std::max(computed, dimension.rounded) + 1));
  for (int i = 0; i <= computed; ++i) b[static_cast<std::size_t>(i)] = homology->betti[static_cast<std::size_t>(i)];
  return b;
}

nlohmann::ordered_json Audit::to_json() const {
  nlohmann::json betti_json = nlohmann::json::array();
  for (const auto& b : betti()) betti_json.push_back(b ? nlohmann::json(*b) : nlohmann::json(nullptr));
  nlohmann::ordered_json j;
  j["n_events"] = n_events;
  j["n_points"] = n_points;
  j["columns"] = columns;
  j["intrinsic_dimension"] = dimension.to_json();
  j["betti"] = betti_json;
  j["min_latent_dim"] = verdict.min_latent_dim;
  j["latent_geometry"] = verdict.latent_geometry;
  j["confident"] = verdict.confident;
  j["summary"] = verdict.summary;
  j["shape"] = verdict.shape;
  j["argument"] = verdict.argument;
  if (homology) {
    nlohmann::json h = homology->to_json();
    h["landmark_rows"] = homology->landmarks.index;  // rows of the input table, as audited
    j["homology"] = std::move(h);
  } else {
    j["homology"] = nullptr;
  }
  j["homology_note"] = homology_note;
  j["singular_points"] = singular.to_json();
  j["antipodal"] = antipodal ? antipodal->to_json() : nlohmann::json(nullptr);
  return j;
}

Audit audit(const Table& values, const std::vector<std::string>& columns, const AuditSettings& s) {
  check_input(values, columns, s);
  Audit a;
  a.n_events = values.rows();
  a.columns = columns;
  const auto rows = random_subset(values.rows(), s.max_points, named_seed(s.seed, "audit sample"));
  a.n_points = static_cast<Index>(rows.size());
  const Table raw = values(rows, Eigen::all);
  const auto standardizer = data::Standardizer::fit(raw);
  const Table points = standardizer.standardize(raw);

  // Enough neighbours for every part: each uses the first ones it needs.
  const Neighbours nb = nearest_neighbours(points, std::min(std::max(s.neighbours, kShellNeighbours), points.rows() - 1));
  check_distinct(nb, rows);
  a.dimension = estimate_dimension(points, nb, s.neighbours, s.seed);
  const int d = a.dimension.rounded;

  // Above 2 dimensions a Rips complex reaching H_2 is out of reach (its tetrahedra on a few
  // hundred landmarks in many columns run to billions): H_0 and H_1 only.
  const int homology_dim = std::min(d <= 2 ? d : 1, s.max_homology_dimension);
  if (!persistence_available()) {
    a.homology_note = "homology was not computed: this topae was built without GUDHI";
  } else {
    PersistenceSettings ps;
    // Above 2 dimensions no sample of this size resolves a class (4 eta is most of the data's
    // size): H_0 and H_1 on 300 landmarks say as much as on 2000, for a tenth of the time.
    // Below 2 dimensions: one landmark per 10 events at most, so that the sample's own gaps
    // stay small against the landmarks' (4000 points of a circle on 2000 landmarks leave H_0
    // bars in the grey zone; on 400, none).
    ps.landmarks = s.landmarks > 0 ? s.landmarks
                   : d <= 2        ? std::min(ps.landmarks, std::max<Index>(points.rows() / 10, 100))
                                   : kHighDimensionLandmarks;
    ps.max_dimension = homology_dim;
    a.homology = persistent_homology(points, nb, ps);
    for (auto& row : a.homology->landmarks.index) row = rows[static_cast<std::size_t>(row)];  // the input's rows
    a.homology_note = homology_dim >= d
                          ? fmt::format("homology computed in dimensions 0 to {}", homology_dim)
                          : fmt::format("homology computed in dimensions 0 to {}; dimensions {} to {} were not "
                                        "computed (a Rips complex in those dimensions is out of reach)",
                                        homology_dim, homology_dim + 1, d);
  }

  SingularPointSettings singular;
  singular.noise_scale = noise_scale(a.dimension);
  a.singular = find_singular_points(points, nb, d, singular);  // all of nb's columns: the shell
  if (!s.antipodal_columns.empty()) {
    Table mirrored = raw;
    for (const Index c : s.antipodal_columns) mirrored.col(c) = -mirrored.col(c);
    a.antipodal = antipodal_symmetry(points, standardizer.standardize(mirrored));
  }

  VerdictInput in;
  in.dimension = d;
  in.dimension_clear = a.dimension.clear;
  in.betti = a.betti();
  in.homology_clear = !a.homology || a.homology->clear();
  in.singular_point = a.singular.found;
  in.singular_near_misses = static_cast<Index>(a.singular.flagged.size());
  in.noise_hides_singular_points = !a.singular.conclusive;
  if (a.antipodal) in.antipodal = a.antipodal->holds();
  a.verdict = audit_verdict(in);
  if (!a.homology) {  // say why it was not
    auto& doubts = a.verdict.summary.back();
    doubts.replace(doubts.find("homology was not computed"), std::string_view("homology was not computed").size(),
                   a.homology_note);
  }
  return a;
}

}  // namespace topae::topology
