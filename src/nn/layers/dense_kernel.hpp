#pragma once
// The products behind nn::Dense (dense_kernel.cpp): y = W x + b over a batch of events, and
// the two of the backward pass, dx = W^T dy and dW = dy x^T, on one register-tiled kernel.
#include "topae/core/matrix.hpp"

namespace topae::nn {

// y (out x n) = W (out x in) x (in x n) + b, all column-major floats (an event a column), y
// not overlapping the others. Each entry is b_i + sum_k W_ik x_k, summed in the order
// k = 0, 1, ... with one fused multiply-add a term: an event's numbers depend on that event
// alone, not on the batch size or where in the batch it stands.
void dense_forward(const float* W, const float* b, Index out, Index in, const float* x, Index n, float* y);

// W^T in the layout dense_backward_input reads: dense_transposed_size(out, in) floats.
Index dense_transposed_size(Index out, Index in);
void dense_transpose(const float* W, Index out, Index in, float* transposed);

// dx (in x n) = W^T dy, dy (out x n), W^T as dense_transpose left it; each entry summed over
// i = 0, 1, ... of W_ij dy_i.
void dense_backward_input(const float* transposed, Index out, Index in, const float* dy, Index n, float* dx);

// dW (out x in, column-major) = dy x^T: dW_ij = sum_e dy_ie x_je over the events e = 0 .. n-1
// in order, so the gradient of a batch does not depend on how the kernel tiles it.
void dense_weight_gradient(const float* dy, Index out, const float* x, Index in, Index n, float* dW);

}  // namespace topae::nn
