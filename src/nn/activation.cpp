#include "topae/nn/activation.hpp"

#include <cmath>
#include <numbers>

#include "topae/core/error.hpp"

namespace topae::nn {

namespace {

struct Named {
  Activation a;
  const char* name;
};
constexpr Named kNames[] = {
    {Activation::identity, "identity"}, {Activation::tanh, "tanh"},     {Activation::relu, "relu"},
    {Activation::leaky_relu, "leaky_relu"}, {Activation::elu, "elu"},   {Activation::selu, "selu"},
    {Activation::silu, "silu"},         {Activation::gelu, "gelu"},     {Activation::softplus, "softplus"},
    {Activation::sigmoid, "sigmoid"},
};

constexpr float kLeakySlope = 0.01f;
constexpr float kSeluAlpha = 1.6732632423543772f;
constexpr float kSeluScale = 1.0507009873554805f;
constexpr float kSoftplusThreshold = 20.0f;

float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * static_cast<float>(std::numbers::sqrt2 / 2))); }
float gelu_derivative(float x) {
  const float cdf = 0.5f * (1.0f + std::erf(x * static_cast<float>(std::numbers::sqrt2 / 2)));
  const float pdf = std::exp(-0.5f * x * x) * static_cast<float>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);
  return cdf + x * pdf;
}
float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

Activation activation_from_name(const std::string& name) {
  for (const auto& n : kNames)
    if (name == n.name) return n.a;
  std::string valid;
  for (const auto& n : kNames) valid += std::string(valid.empty() ? "" : ", ") + n.name;
  throw InputError("unknown activation '" + name + "' (valid: " + valid + ")");
}

std::string activation_name(Activation a) {
  for (const auto& n : kNames)
    if (a == n.a) return n.name;
  return "unknown";
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& n : kNames) names.emplace_back(n.name);
  return names;
}

void activation_forward(Activation a, const MatrixXf& x, MatrixXf& y) {
  y.resize(x.rows(), x.cols());
  const auto X = x.array();
  auto Y = y.array();
  switch (a) {
    case Activation::identity: Y = X; break;
    case Activation::tanh: Y = X.tanh(); break;
    case Activation::relu: Y = X.max(0.0f); break;
    case Activation::leaky_relu: Y = (X > 0.0f).select(X, kLeakySlope * X); break;
    case Activation::elu: Y = (X > 0.0f).select(X, X.exp() - 1.0f); break;
    case Activation::selu: Y = kSeluScale * (X > 0.0f).select(X, kSeluAlpha * (X.exp() - 1.0f)); break;
    case Activation::silu: Y = X / (1.0f + (-X).exp()); break;
    case Activation::gelu: Y = X.unaryExpr(&gelu); break;
    case Activation::softplus:
      Y = (X > kSoftplusThreshold).select(X, X.min(kSoftplusThreshold).exp().log1p());
      break;
    case Activation::sigmoid: Y = X.unaryExpr(&sigmoid); break;
  }
}

void activation_backward(Activation a, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy, MatrixXf& dx) {
  dx.resize(x.rows(), x.cols());
  const auto X = x.array();
  const auto Y = y.array();
  const auto dY = dy.array();
  auto dX = dx.array();
  switch (a) {
    case Activation::identity: dX = dY; break;
    case Activation::tanh: dX = dY * (1.0f - Y.square()); break;
    case Activation::relu: dX = (X > 0.0f).select(dY, 0.0f); break;
    case Activation::leaky_relu: dX = (X > 0.0f).select(dY, kLeakySlope * dY); break;
    case Activation::elu: dX = (X > 0.0f).select(dY, dY * (Y + 1.0f)); break;
    case Activation::selu: dX = (X > 0.0f).select(kSeluScale * dY, dY * (Y + kSeluScale * kSeluAlpha)); break;
    case Activation::silu: {
      // s = sigmoid(x); d/dx x s = s (1 + x (1 - s))
      const auto s = 1.0f / (1.0f + (-X).exp());
      dX = dY * s * (1.0f + X * (1.0f - s));
      break;
    }
    case Activation::gelu: dX = dY * X.unaryExpr(&gelu_derivative); break;
    case Activation::softplus:
      dX = (X > kSoftplusThreshold).select(dY, dY / (1.0f + (-X).exp()));
      break;
    case Activation::sigmoid: dX = dY * Y * (1.0f - Y); break;
  }
}

Init init_for(Activation a) {
  switch (a) {
    case Activation::relu:
    case Activation::leaky_relu:
    case Activation::elu:
    case Activation::silu:
    case Activation::gelu: return Init::he_normal;
    case Activation::selu: return Init::lecun_normal;
    default: return Init::glorot_uniform;
  }
}

}  // namespace topae::nn
