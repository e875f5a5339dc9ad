#pragma once
// Element-wise activation functions, with the same definitions and defaults as PyTorch's
// torch.nn modules of the same name (leaky_relu slope 0.01, elu alpha 1, exact-erf gelu,
// softplus beta 1 with the linear branch above 20).
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::nn {

enum class Activation { identity, tanh, relu, leaky_relu, elu, selu, silu, gelu, softplus, sigmoid };

// Throws InputError listing the valid names on an unknown one.
Activation activation_from_name(const std::string& name);
std::string activation_name(Activation a);
std::vector<std::string> activation_names();

// y = f(x), element-wise; x and y have the same shape.
void activation_forward(Activation a, const MatrixXf& x, MatrixXf& y);
// dx = f'(x) * dy; some derivatives are cheaper from y = f(x), so both are given.
void activation_backward(Activation a, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy, MatrixXf& dx);

// How a dense layer feeding this activation is initialised (seeded, see Dense).
enum class Init { glorot_uniform, he_normal, lecun_normal };
Init init_for(Activation a);

}  // namespace topae::nn
