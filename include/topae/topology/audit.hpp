#pragma once
// The topology audit of a table of events, before any training: its intrinsic dimension
// (TwoNN across scales, Levina-Bickel across neighbourhood sizes, local PCA), its homology
// (persistent homology of landmarks, when built with GUDHI), singular points, an optional
// antipodal symmetry, and the verdict (verdict.hpp). docs/audit.md explains each part.
//
// Everything runs on standardized columns (mean 0, standard deviation 1), the coordinates an
// autoencoder sees, and on a seeded random subsample of at most max_points events.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "topae/topology/antipodal_symmetry.hpp"
#include "topae/topology/intrinsic_dimension.hpp"
#include "topae/topology/persistence.hpp"
#include "topae/topology/singular_points.hpp"
#include "topae/topology/verdict.hpp"

namespace topae::topology {

struct AuditSettings {
  Index max_points = 20000;  // events analysed (a seeded random subsample above this)
  Index neighbours = 64;     // K: Levina-Bickel runs k = 3..K, local PCA and singular points use K
  Index landmarks = 0;       // persistent homology's landmarks (0: persistence.hpp's default for d <= 2, 300 above)
  int max_homology_dimension = 2;  // homology up to min(d, this) for d <= 2, up to 1 above
  std::uint64_t seed = 1;
  std::vector<Index> antipodal_columns;  // the involution negates these raw columns (empty: none)
};

// TwoNN at a scale: pooled over disjoint random blocks of `points` points each. Fewer points
// per block see the data at a coarser scale (their nearest neighbours are further apart);
// pooling keeps the precision of the whole sample.
struct ScaleEstimate {
  Index points = 0;
  DimensionEstimate two_nn;
  double nn_distance = 0;  // the median distance to the first neighbour: the scale looked at
};

// Noise raises TwoNN at fine scales (a noisy circle looks 2-dimensional between its closest
// points), so the estimate is taken at the coarsest scale, blocks of 64 to 127 points, where
// an autoencoder's smooth fit sees the data too; curvature, which lowers it there, is small
// at that scale for every manifold of the suite (tests/topology/audit_test.cpp).
struct IntrinsicDimension {
  double estimate = 0;       // TwoNN at the coarsest scale
  double low = 0, high = 0;  // its 95 % interval
  int rounded = 1;           // d: the nearest integer, at least 1
  bool clear = false;        // the estimate within 0.3 of d and the next finer scale within 0.5
  std::vector<ScaleEstimate> scales;  // all points first, then blocks halving down to 64..127
  std::vector<LevinaBickelPoint> levina_bickel;
  LocalPcaSpectrum local_pca;
  nlohmann::json to_json() const;
};

struct Audit {
  Index n_events = 0, n_points = 0;
  std::vector<std::string> columns;
  IntrinsicDimension dimension;
  std::optional<Persistence> homology;  // absent when not computed; its landmarks are rows of `values`
  std::string homology_note;            // what was and was not computed, and why
  SingularPoints singular;
  std::optional<AntipodalSymmetry> antipodal;
  Verdict verdict;
  std::vector<std::optional<int>> betti() const;  // b_0 .. b_max(d, computed); nullopt beyond
  // The audit.json contract (docs/formats.md): intrinsic_dimension, betti, min_latent_dim,
  // latent_geometry, confident, summary, and the details.
  nlohmann::ordered_json to_json() const;
};

// values: events x columns (raw units), columns: their names (for messages). Throws
// InputError naming the column or the rows on a constant column, fewer than 2 columns,
// fewer than neighbours + 1 events, duplicate events, or a value that is not finite.
Audit audit(const Table& values, const std::vector<std::string>& columns, const AuditSettings& settings = {});

}  // namespace topae::topology
