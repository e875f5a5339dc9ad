#include "topae/data/generators/manifold.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/core/memory.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/generators/transforms.hpp"

namespace topae::data {

namespace {

// Candidates one cluster event may draw before the width is declared too small.
constexpr long kMaxClusterDraws = 1000000;

}  // namespace

std::uint64_t sample_stream(StreamTag tag, std::uint64_t index) {
  return (static_cast<std::uint64_t>(tag) << 56) | index;
}

void SampleSpec::validate_sampling(Index ambient_dim) const {
  if (n < 1) throw InputError(fmt::format("--n must be at least 1, got {}", n));
  if (n >= (Index{1} << 48)) throw InputError(fmt::format("--n must be below 2^48, got {}", n));
  if (!(noise >= 0) || !std::isfinite(noise)) throw InputError(fmt::format("--noise must be >= 0, got {}", noise));
  if (embed_dim < 0 || embed_dim > kMaxEmbedDim)
    throw InputError(fmt::format("--embed-dim must lie in 0..{}, got {}", kMaxEmbedDim, embed_dim));
  if (embed_dim != 0 && embed_dim < ambient_dim) {
    throw InputError(fmt::format("--embed-dim must be 0 (no embedding) or at least the ambient dimension {}, got {}",
                                 ambient_dim, embed_dim));
  }
  if (!(cluster_fraction >= 0 && cluster_fraction < 1)) {
    throw InputError(fmt::format("--cluster-fraction must lie in [0, 1), got {}", cluster_fraction));
  }
  if (!(cluster_width > 0) || !std::isfinite(cluster_width)) {
    throw InputError(fmt::format("--cluster-width must be positive, got {}", cluster_width));
  }
  if (cluster_centre < -1 || cluster_centre >= n) {
    throw InputError(fmt::format("--cluster-centre must be -1 (a dedicated random point) or an event index in [0, {}), got {}",
                                 n, cluster_centre));
  }
}

nlohmann::json SampleSpec::sampling_json() const {
  return {{"n", n},
          {"seed", seed},
          {"noise", noise},
          {"embed_dim", embed_dim},
          {"cluster_fraction", cluster_fraction},
          {"cluster_width", cluster_width},
          {"cluster_centre", cluster_centre},
          {"cluster_events", cluster_events()}};
}

Index SampleSpec::cluster_events() const {
  return static_cast<Index>(std::llround(cluster_fraction * static_cast<double>(n)));
}

Eigen::VectorXd cluster_centre(const Manifold& manifold, const SampleSpec& spec) {
  Eigen::VectorXd centre(manifold.width());
  const std::uint64_t stream = spec.cluster_centre < 0 ? sample_stream(StreamTag::centre, 0)
                                                       : sample_stream(StreamTag::event, static_cast<std::uint64_t>(spec.cluster_centre));
  RandomStream rng(spec.seed, stream);
  manifold.draw(rng, centre.data());
  return centre;
}

void append_cluster(Dataset& d, const Manifold& manifold, const SampleSpec& spec) {
  const Index m = spec.cluster_events();
  const Index n = d.n_events();
  const Index a = manifold.ambient_dim();
  const Index w = manifold.width();
  const Eigen::VectorXd centre = cluster_centre(manifold, spec);
  const double width2 = spec.cluster_width * spec.cluster_width;

  d.values.conservativeResize(n + m, Eigen::NoChange);
  Eigen::VectorXi label = Eigen::VectorXi::Zero(n + m);
  label.tail(m).setOnes();
  std::atomic<bool> starved{false};
#pragma omp parallel for schedule(static)
  for (Index k = 0; k < m; ++k) {
    RandomStream rng(spec.seed, sample_stream(StreamTag::cluster, static_cast<std::uint64_t>(k)));
    Eigen::VectorXd point(w);
    bool accepted = false;
    for (long draw = 0; draw < kMaxClusterDraws && !accepted; ++draw) {
      manifold.draw(rng, point.data());
      accepted = (point.head(a) - centre.head(a)).squaredNorm() <= width2;
    }
    if (!accepted) starved = true;
    // Columns past the manifold's own (if `d` has more) get zeros.
    d.values.row(n + k).setZero();
    d.values.row(n + k).head(w) = point.transpose();
  }
  if (starved) {
    throw InputError(fmt::format("--cluster-width {} is too small: a cluster event found no point within it of the "
                                 "centre in {} draws",
                                 spec.cluster_width, kMaxClusterDraws));
  }
  d.label = std::move(label);
}

Dataset sample(const Manifold& manifold, const SampleSpec& spec) {
  spec.validate_sampling(manifold.ambient_dim());
  Dataset d;
  d.columns = manifold.ambient;
  d.columns.insert(d.columns.end(), manifold.intrinsic.begin(), manifold.intrinsic.end());
  d.truth = manifold.intrinsic;
  const double n_total = static_cast<double>(spec.n) * (1 + spec.cluster_fraction);
  const double width = static_cast<double>(manifold.width() + std::max<Index>(spec.embed_dim, 0));
  // The table, a copy while it is written, and the embedding's D x D rotation.
  check_memory(8.0 * (2 * n_total * width + static_cast<double>(spec.embed_dim) * static_cast<double>(spec.embed_dim)),
               fmt::format("--n {}", spec.n));
  d.values.resize(spec.n, manifold.width());
  // values is row-major: each event's row is contiguous, in column order.
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < spec.n; ++i) {
    RandomStream rng(spec.seed, sample_stream(StreamTag::event, static_cast<std::uint64_t>(i)));
    manifold.draw(rng, d.values.row(i).data());
  }
  if (spec.cluster_fraction > 0) append_cluster(d, manifold, spec);
  // Embedding first, so that the noise is isotropic in the space the features live in.
  if (spec.embed_dim > 0) embed(d, spec.embed_dim, spec.seed);
  if (spec.noise > 0) add_noise(d, spec.noise, spec.seed);
  if (!d.values.allFinite())
    throw InputError(fmt::format("the generated coordinates overflow (not finite){}", spec.noise > 0 ? fmt::format(
        ": --noise {} is too large", spec.noise) : ": a size flag is too large"));
  return d;
}

}  // namespace topae::data
