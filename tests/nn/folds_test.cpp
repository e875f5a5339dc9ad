#include "topae/nn/folds.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::nn {
namespace {

Table features(Index n) { return Table::Random(n, 2); }

// Every event in exactly one fold; sizes n / k rounded either way; the split a function of the
// seed alone.
TEST(Folds, SplitEveryEventOnceInFoldsOfEqualSize) {
  for (const auto& [n, k] : {std::pair<Index, int>{10, 3}, {1000, 5}, {7, 7}, {2, 2}}) {
    const auto folds = Folds::of(features(n), {"a", "b"}, k, 4);
    const auto fold = folds.fold_of_rows();
    ASSERT_EQ(static_cast<Index>(fold.size()), n);
    Index total = 0;
    for (int f = 0; f < k; ++f) {
      const auto in = folds.rows_in(f), out = folds.rows_outside(f);
      EXPECT_EQ(static_cast<Index>(in.size() + out.size()), n);
      EXPECT_TRUE(static_cast<Index>(in.size()) == n / k || static_cast<Index>(in.size()) == n / k + 1) << n << " " << k;
      for (const Index r : in) EXPECT_EQ(fold[static_cast<std::size_t>(r)], f);
      for (const Index r : out) EXPECT_NE(fold[static_cast<std::size_t>(r)], f);
      EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
      total += static_cast<Index>(in.size());
    }
    EXPECT_EQ(total, n);
  }
  const Table x = features(500);
  EXPECT_EQ(Folds::of(x, {"a", "b"}, 5, 1).fold_of_rows(), Folds::of(x, {"a", "b"}, 5, 1).fold_of_rows());
  EXPECT_NE(Folds::of(x, {"a", "b"}, 5, 1).fold_of_rows(), Folds::of(x, {"a", "b"}, 5, 2).fold_of_rows());
}

TEST(Folds, RefuseCountsOutsideTwoToTheEvents) {
  EXPECT_THROW(Folds::of(features(10), {"a", "b"}, 1, 0), InputError);
  EXPECT_THROW(Folds::of(features(10), {"a", "b"}, 11, 0), InputError);
  const auto f = Folds::of(features(10), {"a", "b"}, 3, 9);
  const auto back = Folds::from_json(f.to_json(), "m.json");
  EXPECT_EQ(back.fold_of_rows(), f.fold_of_rows());
  auto j = f.to_json();
  j["k"] = 11;
  EXPECT_THROW(Folds::from_json(j, "m.json"), InputError);
  j["k"] = 1;
  EXPECT_THROW(Folds::from_json(j, "m.json"), InputError);
  j = f.to_json();
  j.erase("data");
  EXPECT_THROW(Folds::from_json(j, "m.json"), InputError);
}

// Member i is the model trained on the events outside fold i, and the file keeps the folds.
TEST(Folds, MemberIIsTrainedWithoutFoldI) {
  data::CircleSpec spec;
  spec.n = 300;
  spec.seed = 2;
  const auto data = data::generate_circle(spec);
  const std::vector<std::string> columns = {"x", "y"};
  AutoencoderSpec ae;
  ae.latent_dim = 1;
  ae.hidden = {8};
  TrainerSpec trainer;
  trainer.epochs = 3;
  TrainOptions options;
  options.progress = false;
  const auto folds = Folds::of(data.select(columns, "data"), columns, 3, 7);
  const auto e = train_folds(data, columns, ae, trainer, {7, 8, 9}, folds, options, 2);
  ASSERT_EQ(e.members.size(), 3u);
  for (int f = 0; f < 3; ++f) {
    TrainerSpec t = trainer;
    t.seed = 7 + static_cast<std::uint64_t>(f);
    const auto alone = train_model(data.select_rows(folds.rows_outside(f)), columns, ae, t, options).model;
    EXPECT_EQ(e.members[static_cast<std::size_t>(f)].autoencoder.params(), alone.autoencoder.params()) << f;
    EXPECT_EQ(e.members[static_cast<std::size_t>(f)].training.at("n_events").get<Index>(), 200);
  }
  const auto back = Ensemble::from_json(e.to_json(), "e.json");
  ASSERT_TRUE(back.folds);
  EXPECT_EQ(back.folds->fold_of_rows(), folds.fold_of_rows());
  auto j = e.to_json();
  j["members"].erase(j["members"].begin());  // two members for three folds
  EXPECT_THROW(Ensemble::from_json(j, "e.json"), InputError);
}

}  // namespace
}  // namespace topae::nn
