#pragma once
// Sampling a manifold into a Dataset, with the options every generator shares.
//
// A generator is two things: a Manifold (the ambient and intrinsic coordinate names, and a
// function that draws one point from the generator's sampling measure out of a random
// stream), and a spec deriving from SampleSpec (the number of events, the seed, and the
// common options: noise, embedding, an on-manifold cluster). sample() turns the pair into a
// Dataset, in this order:
//
//   1. event i (0 <= i < n) is Manifold::draw on RandomStream(seed, i);
//   2. cluster (cluster_fraction > 0): m = llround(cluster_fraction * n) more events, drawn
//      from the same measure and kept only within ambient distance cluster_width of the
//      cluster centre; appended as rows n .. n+m-1, labelled 1 (all others 0);
//   3. embed_dim > 0: embed (transforms.hpp), a seeded random rotation into R^embed_dim;
//   4. noise > 0: add_noise (transforms.hpp) on every feature column, so the noise is
//      isotropic in the feature space (R^embed_dim when embedded, else the ambient space).
//
// Random streams are keyed (seed, stream); the streams of steps 2-4 carry a tag in the top
// byte of `stream` (see sample_stream), so they never meet the events' streams, and every
// step draws per event: the same events for any thread count.
#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"

namespace topae {
class RandomStream;  // topae/core/rng.hpp
}

namespace topae::data {

struct Manifold {
  std::vector<std::string> ambient;    // feature columns: the ambient coordinates
  std::vector<std::string> intrinsic;  // truth columns: the intrinsic coordinates
  // Draws one point: writes ambient.size() ambient coordinates, then intrinsic.size()
  // intrinsic coordinates, to point[0 .. ambient.size() + intrinsic.size()).
  std::function<void(RandomStream& rng, double* point)> draw;

  Index ambient_dim() const { return static_cast<Index>(ambient.size()); }
  Index width() const { return static_cast<Index>(ambient.size() + intrinsic.size()); }
};

// The settings every generator has. Each generator's spec derives from it and adds its
// geometry; the CLI flag of each member is named in its comment.
struct SampleSpec {
  static constexpr Index kMaxEmbedDim = 100'000;  // the rotation is D x D

  Index n = 10000;               // --n: events on the manifold (cluster events come on top)
  std::uint64_t seed = 1;        // --seed
  double noise = 0.0;            // --noise: sd of isotropic Gaussian noise on every feature
  Index embed_dim = 0;           // --embed-dim: 0 keeps the ambient space, else D >= ambient dim
  double cluster_fraction = 0.0; // --cluster-fraction: in [0, 1); 0 = no cluster, no label
  double cluster_width = 0.1;    // --cluster-width: ambient radius of the cluster's ball
  Index cluster_centre = -1;     // --cluster-centre: -1 = point of a dedicated stream; I = event I

  // Throws InputError naming the flag. `ambient_dim` is the generator's ambient dimension.
  void validate_sampling(Index ambient_dim) const;
  // The members above as JSON, for a spec's to_json().
  nlohmann::json sampling_json() const;
  // llround(cluster_fraction * n): the number of cluster events.
  Index cluster_events() const;
};

// Tags of the random streams of sample(), in the top byte of the stream number.
enum class StreamTag : std::uint64_t { event = 0, cluster = 1, noise = 2, centre = 3, rotation = 4 };
// (tag << 56) | index.
std::uint64_t sample_stream(StreamTag tag, std::uint64_t index);

// sample() chunk by chunk, for tables of any size: rows(first, count) are the rows
// [first, first + count) of the sample (the n events, then the cluster's), equal to the
// same rows of the whole, since every step draws per row.
class ManifoldSampler {
 public:
  // Validates `spec`'s sampling options; draws the cluster centre and the rotation.
  ManifoldSampler(Manifold manifold, const SampleSpec& spec);
  // The sample's rows: n, plus the cluster events.
  Index n_rows() const;
  // Its columns: the features (ambient, or D when embedded), then the truth.
  Index n_columns() const;
  // Columns: manifold.ambient (or x1..xD when embedded), then manifold.intrinsic (truth);
  // a label when there is a cluster. Throws InputError naming --cluster-width if a cluster
  // event finds no candidate within the width in 10^6 draws.
  Dataset rows(Index first, Index count) const;

 private:
  // Cluster event k: candidates from its stream until one lies within the width of the
  // centre; false if none does.
  bool draw_cluster_event(Index k, double* point) const;

  Manifold manifold_;
  SampleSpec spec_;
  Eigen::VectorXd centre_;    // with a cluster
  Eigen::MatrixXd rotation_;  // D x D, when embedded
};

// The whole sample of `spec` on `manifold` (see the top of this file).
Dataset sample(const Manifold& manifold, const SampleSpec& spec);

// The cluster's centre, ambient coordinates then intrinsic (manifold.width() values), in
// the generator's ambient space (before embedding and noise): the point drawn from stream
// sample_stream(centre, 0) when spec.cluster_centre is -1, else the point of event
// spec.cluster_centre before noise.
Eigen::VectorXd cluster_centre(const Manifold& manifold, const SampleSpec& spec);

}  // namespace topae::data
