// A user's program against an installed topae (tests/package/): trains a k = 2 autoencoder
// on the unit circle through the public API, checks that it reconstructs unseen points of
// the circle, and that the saved model reads back with the same scores. Exit 0 if so, 1 if
// not (and why on stderr).
#include <cstdio>
#include <filesystem>
#include <string>

#include "topae/core/version.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/model.hpp"
#include "topae/physics/io/event_features.hpp"

int main(int argc, char** argv) {
  using namespace topae;
  if (argc != 2) {
    std::fprintf(stderr, "usage: circle_k2 WORK_DIR\n");
    return 2;
  }
  const std::filesystem::path work = argv[1];

  data::CircleSpec circle;
  circle.n = 2000;
  const auto points = data::generate_circle(circle);
  nn::AutoencoderSpec spec;
  spec.latent_dim = 2;
  spec.hidden = {32, 32};
  nn::TrainerSpec trainer;
  trainer.epochs = 150;
  trainer.seed = 1;
  nn::TrainOptions options;
  options.progress = false;
  const auto result = nn::train_model(points, {"x", "y"}, spec, trainer, options);

  data::CircleSpec test = circle;
  test.n = 1000;
  test.seed = 12345;  // points the network has never seen
  const auto features = data::generate_circle(test).select({"x", "y"}, "test");
  const auto scores = result.model.score(features);
  const double mean_distance = scores.distance.mean();
  std::printf("topae %s: k = 2 on the unit circle, %d epochs: mean reconstruction distance %.5f\n",
              std::string(version()).c_str(), static_cast<int>(result.history.epochs.size()), mean_distance);
  // The radius is 1: trained, the distance is about 0.001; after 2 epochs it is 0.66.
  if (!(mean_distance < 0.01)) {
    std::fprintf(stderr, "FAIL: mean reconstruction distance %g is not below 0.01\n", mean_distance);
    return 1;
  }

  const auto file = work / "circle_k2.json";
  nn::save_model(result.model, file);
  const auto again = nn::load_model(file).score(features);
  if (again.distance != scores.distance) {
    std::fprintf(stderr, "FAIL: the model read back from %s scores differently\n", file.c_str());
    return 1;
  }
  // The event-file code links against HepMC3, FastJet and Boost.Iostreams, which the package
  // must name for its users (pkg-config's Libs, the CMake targets' interface).
  if (physics::io::parse_pdg_list("11,-13", "--pdg").size() != 2) {
    std::fprintf(stderr, "FAIL: parse_pdg_list(\"11,-13\") is not two ids\n");
    return 1;
  }
  std::printf("OK\n");
  return 0;
}
