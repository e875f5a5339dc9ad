#include "topae/data/generators/manifold.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "topae/core/checks.hpp"
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

ManifoldSampler::ManifoldSampler(Manifold manifold, const SampleSpec& spec)
    : manifold_(std::move(manifold)), spec_(spec) {
  spec_.validate_sampling(manifold_.ambient_dim());
  if (spec_.cluster_fraction > 0) centre_ = cluster_centre(manifold_, spec_);
  if (spec_.embed_dim > 0) {
    check_memory(8.0 * static_cast<double>(spec_.embed_dim) * static_cast<double>(spec_.embed_dim),
                 fmt::format("--embed-dim {}", spec_.embed_dim));
    rotation_ = random_orthogonal(spec_.embed_dim, spec_.seed);
  }
}

Index ManifoldSampler::n_rows() const { return spec_.n + spec_.cluster_events(); }

Index ManifoldSampler::n_columns() const {
  return (spec_.embed_dim > 0 ? spec_.embed_dim : manifold_.ambient_dim()) +
         static_cast<Index>(manifold_.intrinsic.size());
}

bool ManifoldSampler::draw_cluster_event(Index k, double* point) const {
  const Index a = manifold_.ambient_dim();
  const double width2 = spec_.cluster_width * spec_.cluster_width;
  RandomStream rng(spec_.seed, sample_stream(StreamTag::cluster, static_cast<std::uint64_t>(k)));
  const Eigen::Map<const Eigen::VectorXd> p(point, manifold_.width());
  for (long draw = 0; draw < kMaxClusterDraws; ++draw) {
    manifold_.draw(rng, point);
    if ((p.head(a) - centre_.head(a)).squaredNorm() <= width2) return true;
  }
  return false;
}

Dataset ManifoldSampler::rows(Index first, Index count) const {
  checks::check_row_range(first, count, n_rows());
  Dataset d;
  d.columns = manifold_.ambient;
  d.columns.insert(d.columns.end(), manifold_.intrinsic.begin(), manifold_.intrinsic.end());
  d.truth = manifold_.intrinsic;
  const double width = static_cast<double>(manifold_.width() + spec_.embed_dim);
  // The rows, and their embedded copy while it is made.
  check_memory(8.0 * 2 * static_cast<double>(count) * width, fmt::format("--n {}", spec_.n));
  d.values.resize(count, manifold_.width());
  std::atomic<bool> starved{false};
  // values is row-major: each event's row is contiguous, in column order.
#pragma omp parallel for schedule(static)
  for (Index r = 0; r < count; ++r) {
    const Index row = first + r;
    if (row < spec_.n) {
      RandomStream rng(spec_.seed, sample_stream(StreamTag::event, static_cast<std::uint64_t>(row)));
      manifold_.draw(rng, d.values.row(r).data());
    } else if (!draw_cluster_event(row - spec_.n, d.values.row(r).data())) {
      starved = true;
    }
  }
  if (starved) {
    throw InputError(fmt::format("--cluster-width {} is too small: a cluster event found no point within it of the "
                                 "centre in {} draws",
                                 spec_.cluster_width, kMaxClusterDraws));
  }
  if (spec_.cluster_fraction > 0) {
    Eigen::VectorXi label(count);
    for (Index r = 0; r < count; ++r) label(r) = first + r >= spec_.n ? 1 : 0;
    d.label = std::move(label);
  }
  // Embedding first, so that the noise is isotropic in the space the features live in.
  if (spec_.embed_dim > 0) embed(d, rotation_);
  if (spec_.noise > 0) add_noise(d, spec_.noise, spec_.seed, first);
  if (!d.values.allFinite())
    throw InputError(fmt::format("the generated coordinates overflow (not finite){}", spec_.noise > 0 ? fmt::format(
        ": --noise {} is too large", spec_.noise) : ": a size flag is too large"));
  return d;
}

Dataset sample(const Manifold& manifold, const SampleSpec& spec) {
  const ManifoldSampler sampler(manifold, spec);
  return sampler.rows(0, sampler.n_rows());
}

}  // namespace topae::data
