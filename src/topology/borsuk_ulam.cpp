#include "topae/topology/borsuk_ulam.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "topae/core/checks.hpp"

namespace topae::topology {
namespace {

constexpr const char* kWhere = "borsuk-ulam certificate";

void check_tables(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                  const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax) {
  checks::check_not_empty(kWhere, "x", x);
  checks::check_same_shape(kWhere, "x", x, "ax", ax);
  checks::check_same_shape(kWhere, "x", x, "rx", rx);
  checks::check_same_shape(kWhere, "x", x, "rax", rax);
  checks::check_finite(kWhere, "x", x);
  checks::check_finite(kWhere, "ax", ax);
  checks::check_finite(kWhere, "rx", rx);
  checks::check_finite(kWhere, "rax", rax);
}

void check_latents(const char* where, const Eigen::Ref<const Table>& z, const Eigen::Ref<const Table>& za) {
  checks::check_not_empty(where, "z", z);
  checks::check_same_shape(where, "z", z, "za", za);
  checks::check_finite(where, "z", z);
  checks::check_finite(where, "za", za);
}

// Trusts its arguments: the public entry points check them.
BorsukUlamCertificate certify(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                              const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax,
                              const Eigen::VectorXd* latent_distance) {
  const Index n = x.rows();
  const Eigen::VectorXd separation = (x - ax).rowwise().norm();            // n
  const Eigen::VectorXd reconstruction_separation = (rx - rax).rowwise().norm();  // n
  const Eigen::VectorXd error = (x - rx).rowwise().norm();                 // n
  const Eigen::VectorXd image_error = (ax - rax).rowwise().norm();         // n

  const auto pair = [&](Index i) {
    AntipodalPair p;
    p.index = i;
    p.separation = separation(i);
    p.reconstruction_separation = reconstruction_separation(i);
    p.bound = (p.separation - p.reconstruction_separation) / 2;
    p.error = error(i);
    p.image_error = image_error(i);
    p.latent_distance = latent_distance ? (*latent_distance)(i) : std::numeric_limits<double>::quiet_NaN();
    return p;
  };

  Index best = 0;
  double best_bound = -std::numeric_limits<double>::infinity();
  for (Index i = 0; i < n; ++i) {
    const double bound = (separation(i) - reconstruction_separation(i)) / 2;
    if (bound > best_bound) {
      best_bound = bound;
      best = i;
    }
  }

  BorsukUlamCertificate c;
  c.best = pair(best);
  if (latent_distance) {
    Index closest = 0;
    latent_distance->minCoeff(&closest);  // Eigen returns the first minimum
    c.closest_latent = pair(closest);
  }
  c.floor = separation.minCoeff() / 2;
  c.max_error = std::max(error.maxCoeff(), image_error.maxCoeff());
  c.n_pairs = n;
  return c;
}

}  // namespace

nlohmann::json AntipodalPair::to_json() const {
  return {{"index", index},
          {"bound", bound},
          {"separation", separation},
          {"reconstruction_separation", reconstruction_separation},
          {"error", error},
          {"image_error", image_error},
          {"max_error", max_error()},
          {"latent_distance", checks::number_or_null(latent_distance)}};
}

nlohmann::json BorsukUlamCertificate::to_json() const {
  nlohmann::json j = {{"best", best.to_json()},
                      {"closest_latent", closest_latent ? closest_latent->to_json() : nlohmann::json(nullptr)},
                      {"floor", floor},
                      {"max_error", max_error},
                      {"n_pairs", n_pairs}};
  return j;
}

BorsukUlamCertificate borsuk_ulam_certificate(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                                              const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax) {
  check_tables(x, ax, rx, rax);
  return certify(x, ax, rx, rax, nullptr);
}

BorsukUlamCertificate borsuk_ulam_certificate(const Eigen::Ref<const Table>& x, const Eigen::Ref<const Table>& ax,
                                              const Eigen::Ref<const Table>& rx, const Eigen::Ref<const Table>& rax,
                                              const Eigen::Ref<const Table>& z, const Eigen::Ref<const Table>& za) {
  check_tables(x, ax, rx, rax);
  check_latents(kWhere, z, za);
  checks::check_same_size(kWhere, "z (rows)", z.rows(), "x (rows)", x.rows());
  const Eigen::VectorXd latent_distance = (z - za).rowwise().norm();  // n
  return certify(x, ax, rx, rax, &latent_distance);
}

LatentCoincidence closest_latent_pair(const Eigen::Ref<const Table>& z, const Eigen::Ref<const Table>& za) {
  check_latents("closest latent pair", z, za);
  const Eigen::VectorXd distance = (z - za).rowwise().norm();  // n
  LatentCoincidence c;
  c.distance = distance.minCoeff(&c.index);
  return c;
}

}  // namespace topae::topology
