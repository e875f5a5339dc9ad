#pragma once
// The product behind nn::Dense::forward (dense_kernel.cpp): y = W x + b over a batch of events.
#include "topae/core/matrix.hpp"

namespace topae::nn {

// y (out x n) = W (out x in) x (in x n) + b, all column-major floats (an event a column), y
// not overlapping the others. Each entry is b_i + sum_k W_ik x_k, summed in the order
// k = 0, 1, ... with one fused multiply-add a term: an event's numbers depend on that event
// alone, not on the batch size or where in the batch it stands.
void dense_forward(const float* W, const float* b, Index out, Index in, const float* x, Index n, float* y);

}  // namespace topae::nn
