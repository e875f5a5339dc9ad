#include "topae/topology/singular_points.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "topae/core/error.hpp"

namespace topae::topology {

namespace {

struct UnionFind {
  std::vector<Index> parent;
  explicit UnionFind(Index n) : parent(static_cast<std::size_t>(n)) { std::iota(parent.begin(), parent.end(), 0); }
  Index find(Index a) {
    while (parent[static_cast<std::size_t>(a)] != a) {
      auto& p = parent[static_cast<std::size_t>(a)];
      p = parent[static_cast<std::size_t>(p)];
      a = p;
    }
    return a;
  }
  void join(Index a, Index b) { parent[static_cast<std::size_t>(find(a))] = find(b); }
};

// The pieces of the shell r/2 < |x - p| <= r around row i that hold at least min_size points.
int shell_pieces(const Table& points, const Neighbours& nb, Index i, double min_piece) {
  const Index k = nb.index.cols();
  const double r = nb.distance(i, k - 1);
  std::vector<Index> shell;
  for (Index j = 0; j < k; ++j)
    if (nb.distance(i, j) > r / 2) shell.push_back(nb.index(i, j));
  const auto s = static_cast<Index>(shell.size());
  if (s < 2) return 0;

  Eigen::MatrixXd d(s, s);
  for (Index a = 0; a < s; ++a)
    for (Index b = 0; b < s; ++b) d(a, b) = (points.row(shell[a]) - points.row(shell[b])).norm();
  std::vector<double> nearest(static_cast<std::size_t>(s));
  for (Index a = 0; a < s; ++a) {
    d(a, a) = std::numeric_limits<double>::infinity();
    nearest[static_cast<std::size_t>(a)] = d.row(a).minCoeff();
  }
  std::nth_element(nearest.begin(), nearest.begin() + s / 2, nearest.end());
  const double link = std::max(r / 2, 2 * nearest[static_cast<std::size_t>(s / 2)]);

  UnionFind groups(s);
  for (Index a = 0; a < s; ++a)
    for (Index b = a + 1; b < s; ++b)
      if (d(a, b) <= link) groups.join(a, b);
  std::vector<Index> size(static_cast<std::size_t>(s), 0);
  for (Index a = 0; a < s; ++a) ++size[static_cast<std::size_t>(groups.find(a))];
  const auto min_size = std::max<Index>(2, static_cast<Index>(std::ceil(min_piece * static_cast<double>(s))));
  return static_cast<int>(std::count_if(size.begin(), size.end(), [&](Index n) { return n >= min_size; }));
}

}  // namespace

nlohmann::json SingularPoints::to_json() const {
  return {{"dimension", dimension},       {"regular_pieces", regular_pieces},
          {"shell_neighbours", shell_neighbours}, {"flagged", flagged.size()},
          {"largest_group", largest_group}, {"found", found},
          {"shell_radius", shell_radius},   {"noise_scale", noise_scale},
          {"conclusive", conclusive}};
}

SingularPoints find_singular_points(const Table& points, const Neighbours& nb, int dimension,
                                    const SingularPointSettings& settings) {
  const Index n = points.rows();
  const Index k = nb.index.cols();
  if (dimension < 1) throw InputError(fmt::format("singular points: the dimension must be at least 1, got {}", dimension));
  if (k < 32 || nb.index.rows() != n) {
    throw InputError(fmt::format("singular points: need at least 32 neighbours of each of the {} points, got {} x {}", n,
                                 nb.index.rows(), k));
  }
  if (!(settings.noise_scale >= 0)) {
    throw InputError(fmt::format("singular points: noise_scale must be at least 0, got {}", settings.noise_scale));
  }
  if (!(settings.min_piece > 0 && settings.min_piece < 0.5)) {
    throw InputError(fmt::format("singular points: min_piece must lie in (0, 0.5), got {}", settings.min_piece));
  }

  SingularPoints out;
  out.dimension = dimension;
  out.regular_pieces = dimension == 1 ? 2 : 1;
  out.shell_neighbours = k;
  std::vector<char> flag(static_cast<std::size_t>(n), 0);
#pragma omp parallel for schedule(dynamic, 64)
  for (Index i = 0; i < n; ++i)
    flag[static_cast<std::size_t>(i)] = shell_pieces(points, nb, i, settings.min_piece) > out.regular_pieces;

  UnionFind groups(n);
  for (Index i = 0; i < n; ++i) {
    if (!flag[static_cast<std::size_t>(i)]) continue;
    out.flagged.push_back(i);
    for (Index j = 0; j < k; ++j)
      if (flag[static_cast<std::size_t>(nb.index(i, j))]) groups.join(i, nb.index(i, j));
  }
  std::vector<Index> size(static_cast<std::size_t>(n), 0);
  Index best = -1;
  for (const Index i : out.flagged) {
    const Index root = groups.find(i);
    if (++size[static_cast<std::size_t>(root)] > (best < 0 ? 0 : size[static_cast<std::size_t>(best)])) best = root;
  }
  for (const Index i : out.flagged)
    if (groups.find(i) == best) out.largest_group.push_back(i);
  const Index min_group = settings.min_group;
  out.found = static_cast<Index>(out.largest_group.size()) >= min_group;

  std::vector<double> r(nb.distance.col(k - 1).begin(), nb.distance.col(k - 1).end());
  std::nth_element(r.begin(), r.begin() + n / 2, r.end());
  out.shell_radius = r[static_cast<std::size_t>(n / 2)];
  out.noise_scale = settings.noise_scale;
  out.conclusive = out.found || (out.flagged.empty() && out.noise_scale <= out.shell_radius / 8);
  return out;
}

}  // namespace topae::topology
