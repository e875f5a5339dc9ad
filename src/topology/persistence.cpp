#include "topae/topology/persistence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/topology/neighbours.hpp"

#ifdef TOPAE_HAVE_GUDHI
// A dense adjacency matrix in GUDHI's edge collapse (n^2 doubles: 32 MB for 2000 landmarks)
// makes it about 1.7 times faster here. No other file of topae includes the collapser.
#define GUDHI_COLLAPSE_USE_DENSE_ARRAY
#include <gudhi/Flag_complex_edge_collapser.h>
#include <gudhi/Persistent_cohomology.h>
#include <gudhi/Simplex_tree.h>
#endif

namespace topae::topology {

namespace {

void check_settings(const char* where, const PersistenceSettings& s) {
  if (s.max_dimension < 0 || s.max_dimension > kMaxPersistenceDimension) {
    throw InputError(fmt::format("{}: max_dimension must lie in 0 .. {}, got {}", where, kMaxPersistenceDimension,
                                 s.max_dimension));
  }
  if (s.landmarks < 2) throw InputError(fmt::format("{}: needs at least 2 landmarks, got {}", where, s.landmarks));
  if (s.max_simplices < 1) {
    throw InputError(fmt::format("{}: max_simplices must be at least 1, got {}", where, s.max_simplices));
  }
}

void check_points(const char* where, const Table& points) {
  if (points.rows() < 2 || points.cols() < 1) {
    throw InputError(fmt::format("{}: needs at least 2 points of at least 1 column, got {}", where,
                                 checks::shape(Eigen::Ref<const Table>(points))));
  }
  checks::check_finite(where, "points", Eigen::Ref<const Table>(points));
}

#ifdef TOPAE_HAVE_GUDHI
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kMaxCollapseWork = 4e8;

void sort_bars(std::vector<PersistenceBar>& bars) {
  std::sort(bars.begin(), bars.end(), [](const PersistenceBar& a, const PersistenceBar& b) {
    if (a.dimension != b.dimension) return a.dimension < b.dimension;
    if (a.length() != b.length()) return a.length() > b.length();
    return a.birth < b.birth;
  });
}

using Edge = std::tuple<int, int, double>;  // vertices, length: GUDHI's filtered edge

// Vertices are 0 .. n-1, all inserted first (contiguous_vertices), filtrations in double.
struct TreeOptions {
  using Indexing_tag = Gudhi::linear_indexing_tag;
  using Vertex_handle = int;
  using Filtration_value = double;
  using Simplex_key = std::uint32_t;
  static const bool store_key = true;
  static const bool store_filtration = true;
  static const bool contiguous_vertices = true;
};
using Tree = Gudhi::Simplex_tree<TreeOptions>;
using Field = Gudhi::persistent_cohomology::Field_Zp;
using Cohomology = Gudhi::persistent_cohomology::Persistent_cohomology<Tree, Field>;

// Every pair of rows, shortest first.
std::vector<Edge> sorted_edges(const Table& points) {
  const auto n = static_cast<int>(points.rows());
  std::vector<Edge> edges;
  edges.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(n - 1) / 2);
  for (int u = 0; u < n; ++u)
    for (int v = u + 1; v < n; ++v) edges.emplace_back(u, v, (points.row(u) - points.row(v)).norm());
  std::stable_sort(edges.begin(), edges.end(),
                   [](const Edge& a, const Edge& b) { return std::get<2>(a) < std::get<2>(b); });
  return edges;
}

// The smallest eccentricity max_u |v - u| over vertices v: from this edge length on, v is
// joined to every vertex, so the Rips complex is a cone (contractible) at every larger scale.
// Every class has died by then, and none is born later.
double cone_scale(const Table& points) {
  double best = kInfinity;
  for (Index v = 0; v < points.rows(); ++v)
    best = std::min(best, (points.rowwise() - points.row(v)).rowwise().norm().maxCoeff());
  return best;
}

// The number of simplices of dimension <= top of the flag complex of `edges` on n vertices
// (the cliques of the graph), counted until it passes `budget`.
Index count_flag_simplices(int n, const std::vector<Edge>& edges, int top, Index budget) {
  std::vector<std::vector<int>> later(static_cast<std::size_t>(n));  // neighbours with a larger number
  for (const auto& [u, v, f] : edges) later[static_cast<std::size_t>(std::min(u, v))].push_back(std::max(u, v));
  for (auto& l : later) std::sort(l.begin(), l.end());
  Index total = n;
  // `common`: the vertices after the clique's last that are joined to all of it; each makes
  // a clique one larger, of dimension `dim`.
  const auto grow = [&](const auto& self, const std::vector<int>& common, int dim) -> void {
    for (std::size_t i = 0; i < common.size() && total <= budget; ++i) {
      ++total;
      if (dim == top) continue;
      const auto& next = later[static_cast<std::size_t>(common[i])];
      std::vector<int> both;
      std::set_intersection(common.begin() + static_cast<std::ptrdiff_t>(i) + 1, common.end(), next.begin(), next.end(),
                            std::back_inserter(both));
      if (!both.empty()) self(self, both, dim + 1);
    }
  };
  if (top >= 1)
    for (int u = 0; u < n && total <= budget; ++u) grow(grow, later[static_cast<std::size_t>(u)], 1);
  return total;
}

// Persistence over Z/2 of the flag complex of the (collapsed) `edges` on n vertices, in
// dimensions 0 .. max_dimension: classes still alive at the end get death +infinity.
std::vector<PersistenceBar> flag_persistence(int n, const std::vector<Edge>& edges, int max_dimension) {
  Tree tree;
  std::vector<int> vertices(static_cast<std::size_t>(n));
  for (int v = 0; v < n; ++v) vertices[static_cast<std::size_t>(v)] = v;
  tree.insert_batch_vertices(vertices, 0.0);
  for (const auto& [u, v, f] : edges) tree.insert_simplex_and_subfaces(std::vector<int>{u, v}, f);
  tree.expansion(max_dimension + 1);

  // A complex without (max_dimension + 1)-simplices still needs the classes of its top
  // dimension, which GUDHI skips unless asked.
  Cohomology cohomology(tree, tree.dimension() <= max_dimension);
  cohomology.init_coefficients(2);
  cohomology.compute_persistent_cohomology(0.0);  // drops bars of length 0

  std::vector<PersistenceBar> bars;
  for (const auto& pair : cohomology.get_persistent_pairs()) {
    const auto birth = std::get<0>(pair);
    const auto death = std::get<1>(pair);
    PersistenceBar bar;
    bar.dimension = tree.dimension(birth);
    if (bar.dimension > max_dimension) continue;
    bar.birth = tree.filtration(birth);
    bar.death = death == tree.null_simplex() ? kInfinity : tree.filtration(death);
    if (bar.length() > 0) bars.push_back(bar);
  }
  sort_bars(bars);
  return bars;
}

struct Filtration {
  double scale = 0;      // edges up to this length
  bool complete = false;  // the whole filtration (scale = the cone scale)
  Index simplices = 0;
  std::vector<PersistenceBar> bars;
};

// The Rips filtration of the `sorted` edges up to `scale`, collapsed, and its bars; no bars
// (and simplices > budget) when its flag complex up to dimension max_dimension + 1 is over
// budget.
Filtration rips_up_to(int n, const std::vector<Edge>& sorted, double scale, bool complete, int max_dimension,
                      Index budget, double max_work = kMaxCollapseWork) {
  Filtration out;
  out.scale = scale;
  out.complete = complete;
  const auto end = std::upper_bound(sorted.begin(), sorted.end(), scale,
                                    [](double s, const Edge& e) { return s < std::get<2>(e); });
  std::vector<Edge> kept(sorted.begin(), end);
  // The collapse costs about the sum of the squared degrees (1e8: about half a second):
  // a graph past kMaxCollapseWork counts as over budget without being collapsed.
  std::vector<double> degree(static_cast<std::size_t>(n), 0.0);
  for (const auto& [u, v, f] : kept) {
    degree[static_cast<std::size_t>(u)] += 1;
    degree[static_cast<std::size_t>(v)] += 1;
  }
  double work = 0;
  for (double d : degree) work += d * d;
  if (work > max_work) {
    out.simplices = budget + 1;
    return out;
  }
  // GUDHI's edge collapse keeps the persistence of the flag filtration (Boissonnat, Pritam,
  // Glisse): most edges of a sample of a low-dimensional manifold go.
  kept = Gudhi::collapse::flag_complex_collapse_edges(std::move(kept));
  out.simplices = count_flag_simplices(n, kept, max_dimension + 1, budget);
  if (out.simplices <= budget) out.bars = flag_persistence(n, kept, max_dimension);
  return out;
}
#endif

}  // namespace

nlohmann::json PersistenceSettings::to_json() const {
  return {{"landmarks", landmarks},
          {"max_dimension", max_dimension},
          {"first_landmark", first_landmark},
          {"max_simplices", max_simplices}};
}

bool Persistence::clear() const {
  return resolved() && std::all_of(ambiguous.begin(), ambiguous.end(), [](int a) { return a == 0; });
}

nlohmann::json Persistence::to_json() const {
  nlohmann::json bar_list = nlohmann::json::array();
  for (const auto& b : bars) {
    bar_list.push_back(
        {b.dimension, b.birth, std::isfinite(b.death) ? nlohmann::json(b.death) : nlohmann::json(nullptr)});
  }
  return {{"settings", settings.to_json()},
          {"landmarks", landmarks.index.size()},
          {"covering_radius", landmarks.covering_radius},
          {"sample_gap", sample_gap},
          {"radius", radius},
          {"feature_threshold", feature_threshold},
          {"noise_threshold", noise_threshold},
          {"resolution", resolution},
          {"born_by", born_by},
          {"cone_scale", cone_scale},
          {"max_scale", max_scale},
          {"complete", complete},
          {"simplices", simplices},
          {"resolved", resolved()},
          {"betti", betti},
          {"ambiguous", ambiguous},
          {"clear", clear()},
          {"bars", bar_list}};
}

bool persistence_available() {
#ifdef TOPAE_HAVE_GUDHI
  return true;
#else
  return false;
#endif
}

std::vector<PersistenceBar> rips_persistence(const Table& points, int max_dimension) {
  PersistenceSettings s;
  s.max_dimension = max_dimension;
  check_settings("Rips persistence", s);
  check_points("Rips persistence", points);
#ifndef TOPAE_HAVE_GUDHI
  throw Error("Rips persistence: topae was built without GUDHI (libgudhi-dev), which computes persistent homology");
#else
  const auto sorted = sorted_edges(points);
  auto f = rips_up_to(static_cast<int>(points.rows()), sorted, cone_scale(points), true, max_dimension,
                      std::numeric_limits<Index>::max() - 1, kInfinity);
  return std::move(f.bars);
#endif
}

namespace {

Persistence persistence_with_gap(const Table& points, double gap, const PersistenceSettings& settings) {
#ifndef TOPAE_HAVE_GUDHI
  (void)points;
  (void)gap;
  (void)settings;
  throw Error("persistent homology: topae was built without GUDHI (libgudhi-dev), which computes it");
#else
  Persistence out;
  out.settings = settings;
  out.max_dimension = settings.max_dimension;
  out.landmarks = farthest_point_landmarks(points, settings.landmarks, settings.first_landmark);
  auto n = static_cast<int>(out.landmarks.index.size());
  Table chosen(n, points.cols());
  for (Index i = 0; i < n; ++i) chosen.row(i) = points.row(out.landmarks.index[static_cast<std::size_t>(i)]);
  // Landmarks closer than the sample's own gaps gain little (eta >= rho) and cost ~n^3 in the
  // collapse: keep the first m, m the first prefix covering the sample within rho / 4 (the
  // m-th landmark's distance to those before it is the covering radius of the first m).
  for (int m = 1; m < n; ++m) {
    const double covering = (chosen.topRows(m).rowwise() - chosen.row(m)).rowwise().norm().minCoeff();
    if (covering <= gap / 4) {
      n = m;
      out.landmarks.index.resize(static_cast<std::size_t>(m));
      out.landmarks.covering_radius = covering;
      chosen.conservativeResize(m, Eigen::NoChange);
      break;
    }
  }
  out.sample_gap = gap;
  const double eta = out.landmarks.covering_radius + gap;
  out.radius = eta;
  out.feature_threshold = 4 * eta;
  out.noise_threshold = 2 * out.landmarks.covering_radius + gap;
  out.resolution = 6 * eta;
  out.born_by = 4 * eta;

  const auto sorted = sorted_edges(chosen);
  const double cone = cone_scale(chosen);
  out.cone_scale = cone;
  // From 2 eta up to born_by and on to the scale that settles every class born by then and
  // still alive (birth + 4 eta), or the cone scale; with eta = 0 (every row the same point) the whole filtration
  // at once. Rising
  // from a small scale stops at the first complex over budget before the collapse of a
  // larger one is paid for.
  Filtration done;
  bool have = false;
  double ceiling = kInfinity;  // the smallest scale found over budget
  double scale = eta > 0 ? 2 * eta : cone;
  for (;;) {
    const bool complete = scale >= cone;
    auto f = rips_up_to(n, sorted, complete ? cone : scale, complete, settings.max_dimension, settings.max_simplices);
    if (f.simplices > settings.max_simplices) {
      ceiling = std::min(ceiling, f.scale);
      if (!have) {  // over budget at the first scale: halve it until it fits
        if (!(f.scale > 0)) {
          throw InputError(fmt::format("persistent homology: max_simplices {} is fewer than the {} landmarks",
                                       settings.max_simplices, n));
        }
        scale = f.scale / 2;
        continue;
      }
    } else {
      done = std::move(f);
      have = true;
      // Unresolved (6 eta beyond the cone scale): the answer cannot be clear; the first
      // scale's bars are all it reports.
      if (done.complete || !(out.resolution < cone)) break;
      double needed = 0;  // the scale that settles the classes alive now
      bool essential_seen = false;
      for (const auto& b : done.bars) {
        if (std::isfinite(b.death)) continue;
        if (b.dimension == 0 && !essential_seen) {
          essential_seen = true;  // the component that never dies
          continue;
        }
        if (b.birth > out.born_by) continue;  // not a class of the manifold
        if (!(done.scale - b.birth > 4 * eta)) needed = std::max(needed, b.birth + 4.2 * eta);
      }
      // At least up to born_by, where every class of the manifold has been born.
      if (done.scale < out.born_by) needed = std::max(needed, out.born_by);
      if (needed == 0) break;
      // Steps of 10 to 30 %: a class born late is often short-lived, and the complex grows
      // fast with the scale.
      scale = std::max(std::min(needed, 1.3 * done.scale), 1.1 * done.scale);
    }
    // Below the smallest scale known to be over budget: bisect towards it.
    if (scale >= ceiling) {
      if (ceiling <= 1.02 * done.scale) break;
      scale = (done.scale + ceiling) / 2;
    }
  }
  out.max_scale = done.scale;
  out.complete = done.complete;
  out.simplices = done.simplices;
  out.bars = std::move(done.bars);
  out.betti.assign(static_cast<std::size_t>(settings.max_dimension + 1), 0);
  out.ambiguous.assign(static_cast<std::size_t>(settings.max_dimension + 1), 0);
  bool essential_seen = false;
  for (const auto& b : out.bars) {
    const auto d = static_cast<std::size_t>(b.dimension);
    // Alive at max_scale: at least max_scale - birth long. One component never dies: the
    // first one still alive counts as that one.
    double known = b.length();
    if (!std::isfinite(b.death) && !out.complete) {
      known = b.dimension == 0 && !essential_seen ? kInfinity : out.max_scale - b.birth;
    }
    if (b.dimension == 0 && !std::isfinite(b.death)) essential_seen = true;
    if (b.birth > out.born_by) continue;
    if (known > out.feature_threshold) ++out.betti[d];
    else if (known > out.noise_threshold || !std::isfinite(b.death)) ++out.ambiguous[d];
  }
  return out;
#endif
}

}  // namespace

Persistence persistent_homology(const Table& points, const PersistenceSettings& settings) {
  check_settings("persistent homology", settings);
  check_points("persistent homology", points);
  if (!persistence_available()) return persistence_with_gap(points, 0, settings);  // throws
  const auto nb = nearest_neighbours(points, 1);
  return persistence_with_gap(points, nb.distance.col(0).maxCoeff(), settings);
}

Persistence persistent_homology(const Table& points, const Neighbours& neighbours,
                                const PersistenceSettings& settings) {
  check_settings("persistent homology", settings);
  check_points("persistent homology", points);
  if (neighbours.distance.rows() != points.rows() || neighbours.distance.cols() < 1) {
    throw InputError(fmt::format("persistent homology: the neighbours are of {} points with {} each; need at "
                                 "least 1 for each of the {} points",
                                 neighbours.distance.rows(), neighbours.distance.cols(), points.rows()));
  }
  return persistence_with_gap(points, neighbours.distance.col(0).maxCoeff(), settings);
}

}  // namespace topae::topology
