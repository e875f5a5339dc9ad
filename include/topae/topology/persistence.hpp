#pragma once
// Persistent homology of a point sample: which holes it has, in dimensions 0 .. 3, and how
// sure the answer is.
//
// Method. Farthest-point landmarks L (landmarks.hpp) of the sample X; the Vietoris-Rips
// filtration of L (an edge per pair, its length the distance, as gudhi::Rips_complex; a
// simplex enters with its longest edge); GUDHI's edge collapse
// (Gudhi::collapse::flag_complex_collapse_edges, which keeps the persistence of the flag
// filtration), a Simplex_tree expanded to dimension max_dimension + 1, and
// Persistent_cohomology over Z/2 (so a non-orientable surface counts its Z/2 holes, e.g.
// the projective plane has b = 1, 1, 1; GUDHI's Python default is Z/11).
//
// The rule. Rips diagrams are stable: the bottleneck distance between the diagrams of two
// samples is at most twice their Hausdorff distance (Chazal, de Silva, Oudot 2014). The
// landmarks are within
//   eta = eps + rho   (`radius`)
// of the manifold M the sample X is drawn from: eps = the landmarks' covering radius of X
// (d_H(L, X)), rho = the largest nearest-neighbour distance in X (`sample_gap`), which
// estimates d_H(X, M): for a sample spread over M the largest empty ball and the largest
// nearest-neighbour gap have the same size. So the diagram of L is within 2 eta of M's: each
// end of a bar moves by at most 2 eta, and a bar of length <= 4 eta may be matched to
// nothing. A bar
//   longer than 4 eta (feature_threshold)   is matched to a class of M: a feature;
//   no longer than 2 eps + rho (noise_threshold): noise, the landmark net's own scale (two
//     neighbouring landmarks are at most 2 eps apart, plus a gap of the sample);
//   in between:                              ambiguous.
// betti counts the features per dimension (the essential H0 class included), ambiguous the
// bars of the grey zone. With a dense sample (rho -> 0) these are the 4 eps and 2 eps of the
// theorem applied to L and X. The factors are not tuned; the number of landmarks is what
// trades time for a smaller eps.
//   Why rho. Without it eps is 0 when every row is a landmark and every bar is a "feature"
// (15 points of a circle: b0 = 15); with landmarks not much sparser than the sample, the
// sample's own gaps put landmark bars just above 2 eps (1000 landmarks of 20000 noiseless
// circle points: 23 ambiguous H0 bars), and its loop is born late (5000 points: at
// 3.75 eps). Why noise at 2 eps + rho, not 2 eta: a large rho (isolated noise points) must
// not turn bars well above the landmarks' scale into noise (a torus with noise 0.1 r: its
// loops, 0.7 long, were noise under 2 eta = 0.8, and (1, 0, 0) clear).
//   Landmarks closer together than the sample's gaps gain little (eta >= rho) and cost
// ~ n^3 in the collapse: the landmarks used are the first of the farthest-point order whose
// covering radius is at most rho / 4 (all of them on a large sample).
//   Noise is not absence: a class of M of length l shows as a bar of at least l - 4 eta, so
// only classes longer than 6 eta (`resolution`) are sure to show as more than noise.
// clear(): no bar is ambiguous and the diagram is resolved, 6 eta below the cone scale (the
// scale by which every class has died; beyond it nothing can be told). A hole shorter than
// the resolution goes unseen with clear() true, so callers report the resolution with the
// Betti numbers: the paraboloid's default excised centre (r_hole 0.2 of r_max 2) is a bar of
// about 0.22 in standardized coordinates, while 2000 landmarks of 20000 or 100000 points
// give 6 eta = 0.85 to 1.1: b1 = 0 with clear() true in 4 of 6 samples. Noise shrinks holes
// in the sample itself: a unit circle with noise 0.2 is never clear and wrong in 6 samples
// (2000 and 20000 points, 3 seeds); with noise 0.3 or 1.0 one of the 6 gives (1, 0) with
// clear() true, its loop filled in by the noise. Removing low-density points first is the
// usual remedy.
//
// The filtration is not computed to its end: the Rips complex of points on a sphere (points
// in convex position) does not collapse at scales near the diameter, where it has C(n, 4)
// tetrahedra (400 landmarks of a 2-sphere: 20 GB before it was stopped). Every class of M
// has its partner in L born by 2 eta; `born_by` = 4 eta leaves rho a factor 2 of room (the
// largest gap of a sample of a curve can have close neighbours on both sides, and the
// curve's loop is born at that gap). Bars born later are not M's classes and are not counted
// (the 3-sphere a circle's Rips complex becomes at a third of its circumference is one;
// Adamaszek, Adams 2017; so are the short classes of a torus's tube filling in). A class
// alive at scale s is longer than s - birth: the scale rises from 2 eta (steps of 10 to
// 30 %) to born_by and on until every class born by then and alive is longer than 4 eta, or
// the complex is a cone (some landmark joined to all: from the smallest eccentricity on,
// when every class has died). Classes alive at max_scale get death +infinity; the
// classification of every bar born by born_by is that of the whole filtration. The complex
// may not exceed max_simplices (vertices to (max_dimension + 1)-simplices, counted before
// it is built; and the collapse's work, the sum of the squared degrees, at most 4e8): above
// it the scale stops lower (bisecting), and a class still unsettled there is ambiguous. An
// unresolved diagram stops at the first scale.
//
// Measured (lscpu: "Intel(R) Xeon(R) Processor", which GCC's -march=native takes for Rocket
// Lake; one core, -O3 -march=native, GCC 12; 100 000 points, standardized; CPU seconds of
// persistent_homology, its nearest-neighbour search for rho included, and the process's
// peak memory):
//   landmarks            200     400     600     800     1000    1500    2000    3000
//   torus R = 2, r = 1, 3 columns (rho 0.050; 4 eta must stay below its tube's loops, ~0.85)
//     max_dimension 1    0.14 s  0.24    0.34    0.58    0.58    0.89    1.30    2.40
//     max_dimension 2    0.15 s  0.32    0.79    1.46    2.11    0.92    1.33    2.52
//     peak memory        15 MB   22      51      102     135     55      110     171
//     Betti numbers      ambiguous up to 1000 landmarks, (1,2,1) clear from 1500
//   5-sphere in 12 columns (eps 2.2 .. 1.2, rho 0.82: unresolved, never clear)
//     max_dimension 1    1.6 s   1.8     2.4     3.3     4.2     2.4     3.0     4.5
//     max_dimension 2    1.4 s   1.9     2.5     3.1     4.2     2.5     3.1     5.3
//     peak memory        67 MB   38      46      59      70      75      104     176
// The nearest neighbours take 0.3 s of that for the torus and 1.4 s for the 5-sphere (20 s
// for an 11-sphere in 12 columns: pass the Neighbours the caller already has). The default,
// 2000 landmarks, resolves the torus with a margin: (1,2,1) clear for 3 seeds, with noise
// 0.02 too; more costs time for little (eta >= rho). The worst case, bounded by
// max_simplices and the collapse's work, is about 10 s and 200 MB (a torus of 20000 points
// with noise 0.1). max_dimension 2 at intrinsic dimension 3 or more is affordable only
// because such samples come out unresolved at once: ask for dimension 2 only when the
// intrinsic dimension is at most 2, and 3 only for 3-manifolds in few columns.
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/topology/landmarks.hpp"
#include "topae/topology/neighbours.hpp"

namespace topae::topology {

inline constexpr int kMaxPersistenceDimension = 3;

struct PersistenceBar {
  int dimension = 0;
  double birth = 0, death = 0;  // death = +infinity: alive at the end of the filtration computed
  double length() const { return death - birth; }
};

struct PersistenceSettings {
  Index landmarks = 2000;             // farthest-point landmarks (at most the sample's rows)
  int max_dimension = 1;              // homology in dimensions 0 .. max_dimension (<= 3)
  Index first_landmark = 0;           // the row farthest-point sampling starts at
  Index max_simplices = 2'000'000;    // the largest complex built (about 60 bytes and 1-3 us each)
  nlohmann::json to_json() const;
};

struct Persistence {
  PersistenceSettings settings;
  Landmarks landmarks;           // the landmarks used (a prefix of those asked for); covering_radius is eps
  int max_dimension = 0;
  double sample_gap = 0;         // rho: the largest nearest-neighbour distance in the sample
  double radius = 0;             // eta = eps + rho
  double feature_threshold = 0;  // 4 eta: a bar longer than this is a feature
  double noise_threshold = 0;    // 2 eps + rho: a bar no longer than this is noise; between: ambiguous
  double resolution = 0;         // 6 eta: a class of the manifold longer than this cannot be noise
  double born_by = 0;            // 4 eta: later births are not the manifold's classes (not counted)
  double cone_scale = 0;         // the landmarks' smallest eccentricity: every class has died by it
  double max_scale = 0;          // the filtration was computed up to this edge length
  bool complete = false;         // max_scale is the cone scale: the whole filtration
  Index simplices = 0;           // in the complex at max_scale, after the collapse
  std::vector<PersistenceBar> bars;  // every bar of positive length, by dimension, then longest first
  std::vector<int> betti;            // max_dimension + 1 entries: features per dimension (essential H0 counts)
  std::vector<int> ambiguous;        // max_dimension + 1 entries: bars in the grey zone (or unsettled)
  bool resolved() const { return resolution < cone_scale; }
  bool clear() const;                // resolved and no ambiguous bar in any dimension
  // settings, eps, rho, eta, thresholds, scales, betti, ambiguous, clear, bars ([dim, birth, death|null]).
  nlohmann::json to_json() const;
};

// False when topae was built without GUDHI: persistent_homology, rips_persistence and
// farthest_point_landmarks then throw Error.
bool persistence_available();

// points: events x columns, already in the coordinates to analyse (the caller standardizes).
// Throws InputError on fewer than 2 rows, a value that is not finite, max_dimension outside
// 0 .. 3, fewer than 2 landmarks, or a bad first landmark.
Persistence persistent_homology(const Table& points, const PersistenceSettings& settings = {});
// The same with rho from `neighbours` (of these points; nearest first), which the caller may
// already have (intrinsic dimension): it saves the k-d tree search.
Persistence persistent_homology(const Table& points, const Neighbours& neighbours,
                                const PersistenceSettings& settings = {});

// The whole Vietoris-Rips diagram of `points` themselves (no landmarks, no budget: for small
// sets, references and cross-checks), in dimensions 0 .. max_dimension, sorted as above.
std::vector<PersistenceBar> rips_persistence(const Table& points, int max_dimension);

}  // namespace topae::topology
