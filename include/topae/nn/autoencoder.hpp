#pragma once
// Autoencoder: encoder Mlp -> latent geometry -> decoder Mlp, with every parameter in one
// flat buffer [encoder | decoder] so an optimizer sees one vector.
//
// AutoencoderSpec says what to build (a cheap value, JSON round-trip); Autoencoder holds the
// network and its parameters; Trainer does the training.
//
// Loss (docs/model-format.md): the per-event error is the squared L2 distance between the
// input and its reconstruction, summed over features, in the standardized units the network
// sees: e(x) = sum_j (x_j - r_j)^2. The training loss is the mean of e over the batch.
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "topae/nn/activation.hpp"
#include "topae/nn/latent_geometry.hpp"
#include "topae/nn/mlp.hpp"

namespace topae::nn {

struct AutoencoderSpec {
  // Ceilings, so that a typo such as --hidden 100000000 is refused instead of running away.
  static constexpr Index kMaxWidth = 1'000'000;        // any layer, the latent space included
  static constexpr double kMaxParams = 1 << 28;         // weights and biases together, as a model file may hold

  Index input_dim = 0;
  Index latent_dim = 2;                 // k: the latent space's dimension (latent_geometry.hpp)
  std::vector<Index> hidden = {64, 64};  // encoder hidden widths; the decoder mirrors them
  std::vector<Index> decoder_hidden;     // empty: mirror `hidden`
  Activation activation = Activation::tanh;
  std::string latent_geometry = "euclidean";

  // Throws InputError if a width is not in [1, kMaxWidth], the geometry is unknown or does not
  // take k (make_latent_geometry), or the network exceeds kMaxParams.
  void validate() const;
  // "2-64-64-[1 euclidean]-64-64-2 tanh"
  std::string description() const;
  nlohmann::json to_json() const;
  static AutoencoderSpec from_json(const nlohmann::json& j);
};

// Per-thread buffers for one chunk of a batch; reused across batches so the training loop
// allocates nothing.
struct Workspace {
  std::vector<MatrixXf> encoder_acts;  // per encoder layer: width x batch
  MatrixXf latent;                     // code_dim x batch
  std::vector<MatrixXf> decoder_acts;  // per decoder layer; the last is the reconstruction
  MatrixXf d_reconstruction, d_latent, d_encoder_out;
  std::array<MatrixXf, 2> scratch;
  VectorXf grads;                      // n_params
};

class Autoencoder {
 public:
  // Builds the network of `spec` and initialises it from `seed` (each layer its own stream).
  Autoencoder(const AutoencoderSpec& spec, std::uint64_t seed);
  // Reads the network part of a model file (input_dim, latent_dim, latent_geometry, encoder,
  // decoder); throws InputError starting with `source` on malformed input.
  static Autoencoder from_json(const nlohmann::json& j, const std::string& source);
  // Writes input_dim, latent_dim, latent_geometry, encoder and decoder into `j`.
  void to_json(nlohmann::ordered_json& j) const;

  Index input_dim() const { return encoder_.in_dim(); }
  Index latent_dim() const { return geometry_->dimension(); }  // k, as --latent
  Index code_dim() const { return geometry_->code_dim(); }     // what the decoder sees
  const LatentGeometry& geometry() const { return *geometry_; }
  Index n_params() const { return params_.size(); }
  VectorXf& params() { return params_; }
  const VectorXf& params() const { return params_; }
  const Mlp& encoder() const { return encoder_; }
  const Mlp& decoder() const { return decoder_; }

  // Forward pass of x (input_dim x batch, standardized); the reconstruction is
  // ws.decoder_acts.back().
  void forward(const MatrixXf& x, Workspace& ws) const;
  // Forward and backward pass on a chunk of a batch of `batch_size` events in total. Returns
  // the chunk's summed per-event error; ws.grads gets the chunk's share of the gradient of
  // the batch-mean loss, so the shares of all chunks add up to the batch gradient.
  double loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const;

  // Latent codes of every column of x (one pass, for probe sets).
  void encode(const MatrixXf& x, MatrixXf& latent) const;
  // Latent codes and reconstructions of every column of x, in chunks, on all threads.
  void reconstruct(const MatrixXf& x, MatrixXf& latent, MatrixXf& reconstruction) const;

 private:
  Autoencoder(Mlp encoder, std::unique_ptr<LatentGeometry> geometry, Mlp decoder, VectorXf params);

  Mlp encoder_;
  std::unique_ptr<LatentGeometry> geometry_;
  Mlp decoder_;
  VectorXf params_;  // [encoder | decoder]
};

}  // namespace topae::nn
