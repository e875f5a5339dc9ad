#pragma once
// Network: what a Trainer fits. Every parameter in one flat buffer, and a loss with its
// gradient on one chunk of a batch. Autoencoder and Classifier are the two.
//
// The trainer sees one data matrix (data_rows() x n_events): its shuffles, batches and
// validation split apply to the columns. A network whose loss needs a target (the
// classifier's label) takes it as a last row of that matrix, so the target travels with its
// event through every split and shuffle.
#include <array>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::nn {

// Per-thread buffers for one chunk of a batch; reused across batches so the training loop
// allocates nothing. Each network uses the members it needs.
struct Workspace {
  MatrixXf inputs;                     // a classifier's features without the target row
  std::vector<MatrixXf> encoder_acts;  // per encoder layer (a classifier's: its layers): width x batch
  MatrixXf latent;                     // code_dim x batch
  std::vector<MatrixXf> decoder_acts;  // per decoder layer; the last is the reconstruction
  MatrixXf d_reconstruction, d_latent, d_encoder_out;  // a classifier's dL/dlogit: d_reconstruction
  std::array<MatrixXf, 2> scratch;
  VectorXf grads;                      // n_params
};

class Network {
 public:
  virtual ~Network() = default;

  // Rows of the training matrix: the inputs, and a target row if the loss needs one.
  virtual Index data_rows() const = 0;
  virtual VectorXf& params() = 0;
  virtual const VectorXf& params() const = 0;
  Index n_params() const { return params().size(); }

  // Forward and backward pass on a chunk (data_rows() x chunk) of a batch of `batch_size`
  // events in total. Returns the chunk's summed per-event loss; ws.grads gets the chunk's
  // share of the gradient of the batch-mean loss, so the shares of all chunks add up to the
  // batch gradient.
  virtual double loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const = 0;
  // Mean per-event loss of every column of x (data_rows() x n) under the current weights.
  virtual double mean_loss(const MatrixXf& x) const = 0;
};

}  // namespace topae::nn
