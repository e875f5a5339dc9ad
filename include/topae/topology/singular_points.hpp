#pragma once
// Singular points: where a sample is not locally a d-manifold, like the apex of a double cone.
//
// Around a point p of a d-manifold with d >= 2, the sample points in the shell
// r/2 < |x - p| <= r (r: the distance to p's K-th neighbour) form one connected piece: a
// thickened (d-1)-sphere, or half of one at a boundary. Where two sheets meet at a point,
// they form two pieces, one per sheet. For d = 1 a regular point's shell has two pieces (one
// at an end of an arc); a branch point has three or more. Such a point has no neighbourhood
// homeomorphic to R^d, so no latent space of dimension d holds it without a tear (invariance
// of domain, as at the double cone's apex).
//
// The shell's pieces are the groups of single linkage at the shell's width r/2, or at twice
// the median nearest-neighbour distance within the shell where that is more (sparse shells
// in high dimensions); two sheets meeting at an angle are further apart than r/2;
// a piece counts if it holds at least min_piece of the shell's points, so a straggler is not
// a sheet. Only points within about r/10 of the singular point see its two sheets apart (the
// sheets' meeting region must lie inside the inner ball), so with K = 128 a singular point
// flags a few points next to it; a gap in a regular point's shell is a sampling accident,
// rarely repeated at a neighbour. The points count as singular when the largest group of
// flagged points that are neighbours of each other reaches min_group. Measured on 10 000
// points (K = 128, six seeds each): the double cone's apex flags groups of 3 to 13, all
// within 0.05 of the apex; spheres, tori and paraboloids flag at most 2. Noise closes the gap
// between the sheets, so a miss is conclusive only when nothing was flagged and the data's
// noise scale is at most an eighth of the shell radius (docs/audit.md).
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/topology/neighbours.hpp"

namespace topae::topology {

struct SingularPointSettings {
  double min_piece = 0.1;  // share of a shell's points a piece needs
  Index min_group = 3;     // flagged points, neighbours of each other, needed
  double noise_scale = 0;  // the scale below which the data looks noisy (0: clean); see `conclusive`
};

struct SingularPoints {
  int dimension = 0;                 // d assumed
  int regular_pieces = 0;            // pieces of a regular point's shell: 2 for d = 1, else 1
  Index shell_neighbours = 0;        // K
  std::vector<Index> flagged;        // rows whose shell has more pieces than a regular point's
  std::vector<Index> largest_group;  // the largest group of flagged rows that are neighbours
  bool found = false;                // largest_group.size() >= min_group
  double shell_radius = 0;           // the median r: the scale the test looks at
  double noise_scale = 0;            // as given
  // Whether not finding one means there is none: no flagged point, and noise at most an eighth
  // of the shell radius (wider noise fills the gap between sheets that meet at a point).
  bool conclusive = false;
  nlohmann::json to_json() const;    // counts and the rows of the largest group
};

// The neighbours singular points need: the shell of K = 128 holds enough points in 2
// dimensions that a gap between them is rare.
inline constexpr Index kShellNeighbours = 128;

// points: the sample (events x columns), neighbours: its K nearest neighbours (K >= 32, the
// shell's points are among them; use kShellNeighbours), dimension d >= 1. Rows run in parallel.
SingularPoints find_singular_points(const Table& points, const Neighbours& neighbours, int dimension,
                                    const SingularPointSettings& settings = {});

}  // namespace topae::topology
