#pragma once
// The Borsuk-Ulam certificate (docs/experiments.md).
//
// Let A be an isometric involution of the data (x -> -x on a centred sphere; parity on
// phase space) and r = D o E the autoencoder. For every point x_i the triangle inequality
//   |x_i - A x_i| <= |x_i - r(x_i)| + |r(x_i) - r(A x_i)| + |r(A x_i) - A x_i|
// gives
//   max(|x_i - r(x_i)|, |A x_i - r(A x_i)|) >= (|x_i - A x_i| - |r(x_i) - r(A x_i)|) / 2.
// The right-hand side is the bound the pair (x_i, A x_i) *proves*, whatever the network: it
// needs no assumption, only the numbers. Borsuk-Ulam says more: when the data contain a whole
// k'-sphere on which A is antipodal and the latent dimension k <= k', some x has
// E(x) = E(A x), so r(x) = r(A x) and that pair proves |x - A x| / 2. On a finite sample that
// exact pair may be missing; the pair whose latent codes are closest is the best guess for it.
//
// All distances are Euclidean (L2, not squared) in the coordinates of the tables given: pass
// the coordinates the error is measured in (standardized units if the anomaly score is
// computed there).
#include <nlohmann/json.hpp>
#include <optional>

#include "topae/core/matrix.hpp"

namespace topae::topology {

// One pair (x_i, A x_i) and the bound it proves.
struct AntipodalPair {
  Index index = -1;                       // i: the row of x (the event) the pair starts from
  double bound = 0;                       // (separation - reconstruction_separation) / 2
  double separation = 0;                  // |x_i - A x_i|
  double reconstruction_separation = 0;   // |r(x_i) - r(A x_i)|
  double error = 0;                       // |x_i - r(x_i)|
  double image_error = 0;                 // |A x_i - r(A x_i)|
  double latent_distance = 0;             // |z_i - za_i|; NaN when no latent codes were given

  // max(error, image_error): never below `bound` (up to rounding), by the triangle inequality.
  double max_error() const { return error > image_error ? error : image_error; }
  nlohmann::json to_json() const;
};

struct BorsukUlamCertificate {
  AntipodalPair best;                          // the pair with the largest bound (lowest i on ties)
  std::optional<AntipodalPair> closest_latent;  // the pair with the closest latent codes, when given
  double floor = 0;      // min_i |x_i - A x_i| / 2: the error Borsuk-Ulam forces on some point of
                         // the sphere when k <= its dimension (a sample may miss that point)
  double max_error = 0;  // max over all 2n errors |x_i - r(x_i)| and |A x_i - r(A x_i)|
  Index n_pairs = 0;

  nlohmann::json to_json() const;
};

// x, ax, rx, rax: n x D, row i holding x_i, A x_i, r(x_i), r(A x_i). The caller applies A and
// the autoencoder. Throws InputError unless all four have the same shape with n, D >= 1 and
// every entry finite.
BorsukUlamCertificate borsuk_ulam_certificate(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                                              const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax);

// The same, with the latent codes z_i = E(x_i) and za_i = E(A x_i) (n x k): also fills
// `closest_latent` (the pair of closest_latent_pair) and every pair's latent_distance.
BorsukUlamCertificate borsuk_ulam_certificate(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                                              const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax,
                                              const Eigen::Ref<const Table>& z, const Eigen::Ref<const Table>& za);

// The pair (x_i, A x_i) whose latent codes are closest: the argmin of |z_i - za_i| (lowest i
// on ties). z, za: n x k, same shape, n, k >= 1, finite; otherwise InputError.
struct LatentCoincidence {
  Index index = -1;
  double distance = 0;  // |z_i - za_i|
};
LatentCoincidence closest_latent_pair(const Eigen::Ref<const Table>& z, const Eigen::Ref<const Table>& za);

}  // namespace topae::topology
