#include "topae/nn/ensemble.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"

namespace topae::nn {
namespace {

std::string refusal(const std::string& text) {
  try {
    parse_seed_list(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Ensemble, SeedListsParseStrictly) {
  EXPECT_EQ(parse_seed_list("1-4"), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(parse_seed_list("7"), (std::vector<std::uint64_t>{7}));
  EXPECT_EQ(parse_seed_list("1-2,9,0"), (std::vector<std::uint64_t>{1, 2, 9, 0}));
  EXPECT_EQ(refusal("4-1"), "--seeds: the range '4-1' in '4-1' runs backwards");
  EXPECT_EQ(refusal("1,x"), "--seeds: 'x' in '1,x' is not a seed (a non-negative integer)");
  EXPECT_EQ(refusal("1,,2"), "--seeds: '' in '1,,2' is not a seed (a non-negative integer)");
  EXPECT_EQ(refusal("-3"), "--seeds: '' in '-3' is not a seed (a non-negative integer)");
  EXPECT_EQ(refusal("1-3,2"), "--seeds: seed 2 appears twice in '1-3,2'");
  EXPECT_EQ(refusal("1-100000"), "--seeds: '1-100000' gives more than 4096 seeds");
  EXPECT_EQ(refusal("1.5"), "--seeds: '1.5' in '1.5' is not a seed (a non-negative integer)");
}

class EnsembleTraining : public ::testing::Test {
 protected:
  static data::Dataset circle(Index n, std::uint64_t seed) {
    data::CircleSpec s;
    s.n = n;
    s.seed = seed;
    return data::generate_circle(s);
  }
  static AutoencoderSpec spec() {
    AutoencoderSpec s;
    s.latent_dim = 1;
    s.hidden = {8, 8};
    return s;
  }
  static TrainerSpec trainer() {
    TrainerSpec t;
    t.epochs = 5;
    t.batch = 64;
    return t;
  }
  static TrainOptions quiet() {
    TrainOptions o;
    o.progress = false;
    return o;
  }
};

TEST_F(EnsembleTraining, EachMemberIsTheSingleRunOfItsSeedWhateverTheThreads) {
  const auto data = circle(600, 1);
  const std::vector<std::string> columns = {"x", "y"};
  const std::vector<std::uint64_t> seeds = {3, 1, 8};
  const Ensemble one = train_ensemble(data, columns, spec(), trainer(), seeds, quiet(), 1);
  const Ensemble two = train_ensemble(data, columns, spec(), trainer(), seeds, quiet(), 2);
  ASSERT_EQ(one.members.size(), 3u);
  EXPECT_EQ(one.seeds, seeds);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    TrainerSpec t = trainer();
    t.seed = seeds[i];
    const auto single = train_model(data, columns, spec(), t, quiet()).model;
    EXPECT_EQ(one.members[i].autoencoder.params(), single.autoencoder.params()) << "seed " << seeds[i];
    EXPECT_EQ(two.members[i].autoencoder.params(), single.autoencoder.params()) << "seed " << seeds[i];
  }
  EXPECT_NE(one.members[0].autoencoder.params(), one.members[1].autoencoder.params());
}

// A bootstrap resample: as many events, every one an event of the data with its label and
// weight, drawn from the seed alone; about 1 - 1/e of the events appear.
TEST_F(EnsembleTraining, BootstrapResamplesAreTheDatasEventsDrawnFromTheSeed) {
  auto data = circle(2000, 3);
  data.label = Eigen::VectorXi::LinSpaced(2000, 0, 1999);  // the row number, to trace each draw
  data.weight = Eigen::VectorXd::LinSpaced(2000, 0, 1999);
  const auto a = bootstrap_resample(data, 5), again = bootstrap_resample(data, 5), other = bootstrap_resample(data, 6);
  ASSERT_EQ(a.n_events(), data.n_events());
  EXPECT_EQ(a.values, again.values);
  EXPECT_NE(a.values, other.values);
  std::vector<bool> seen(2000, false);
  for (Index i = 0; i < a.n_events(); ++i) {
    const Index row = (*a.label)[i];
    ASSERT_TRUE(row >= 0 && row < 2000);
    EXPECT_EQ(a.values.row(i), data.values.row(row));
    EXPECT_EQ((*a.weight)[i], static_cast<double>(row));
    seen[static_cast<std::size_t>(row)] = true;
  }
  // Distinct events: n (1 - (1 - 1/n)^n) ~ 1264.6, binomial-like spread ~ sqrt(n e^-1 (1 - 2 e^-1)) ~ 14.
  const double distinct = static_cast<double>(std::count(seen.begin(), seen.end(), true));
  EXPECT_NEAR(distinct, 2000 * (1 - std::pow(1 - 1.0 / 2000, 2000)), 5 * 14);
}

TEST_F(EnsembleTraining, BootstrapMembersTrainOnTheirSeedsResample) {
  const auto data = circle(600, 1);
  const std::vector<std::string> columns = {"x", "y"};
  const std::vector<std::uint64_t> seeds = {2, 7};
  const auto bagged = train_seeds(data, columns, spec(), trainer(), seeds, quiet(), 2, true);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    TrainerSpec t = trainer();
    t.seed = seeds[i];
    const auto on_resample = train_model(bootstrap_resample(data, seeds[i]), columns, spec(), t, quiet()).model;
    const auto on_data = train_model(data, columns, spec(), t, quiet()).model;
    EXPECT_EQ(bagged[i].model.autoencoder.params(), on_resample.autoencoder.params()) << "seed " << seeds[i];
    EXPECT_NE(bagged[i].model.autoencoder.params(), on_data.autoencoder.params()) << "seed " << seeds[i];
    EXPECT_TRUE(bagged[i].model.training.value("bootstrap", false));
    EXPECT_FALSE(on_data.training.contains("bootstrap"));
  }
}

TEST_F(EnsembleTraining, ScoresAreTheMembersStatistics) {
  const auto data = circle(400, 2);
  const std::vector<std::string> columns = {"x", "y"};
  const Ensemble e = train_ensemble(data, columns, spec(), trainer(), {1, 2, 3, 4}, quiet(), 2);
  const Table x = data.select(columns, "test");
  const EnsembleScores s = e.score(x);
  for (Index j = 0; j < 4; ++j)
    EXPECT_EQ(s.member_error.col(j), e.members[static_cast<std::size_t>(j)].score(x).error);
  for (Index i = 0; i < x.rows(); ++i) {
    std::vector<double> v;
    for (Index j = 0; j < 4; ++j) v.push_back(s.member_error(i, j));
    std::sort(v.begin(), v.end());
    EXPECT_DOUBLE_EQ(s.median(i), 0.5 * (v[1] + v[2]));
    EXPECT_DOUBLE_EQ(s.min(i), v[0]);
    EXPECT_DOUBLE_EQ(s.spread(i), v[3] - v[0]);
    EXPECT_NEAR(s.mean(i), (v[0] + v[1] + v[2] + v[3]) / 4, 1e-15 * (1 + v[3]));
    EXPECT_DOUBLE_EQ(s.disagreement(i), (v[3] - v[0]) / s.median(i));
  }
}

TEST_F(EnsembleTraining, FileRoundTripAndBadFiles) {
  const auto data = circle(300, 3);
  const Ensemble e = train_ensemble(data, {"x", "y"}, spec(), trainer(), {5, 6}, quiet(), 1);
  const auto j = nlohmann::json::parse(e.to_json().dump());
  const Ensemble back = Ensemble::from_json(j, "e.json");
  EXPECT_EQ(back.seeds, e.seeds);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(back.members[i].autoencoder.params(), e.members[i].autoencoder.params());

  const auto message = [](const nlohmann::json& bad) {
    try {
      Ensemble::from_json(bad, "e.json");
    } catch (const InputError& err) {
      return std::string(err.what());
    }
    return std::string("no error");
  };
  auto bad = j;
  bad["members"][1]["seed"] = 5;
  EXPECT_EQ(message(bad), "e.json: member 2: seed 5 appears twice");
  bad = j;
  bad["members"] = nlohmann::json::array();
  EXPECT_EQ(message(bad), "e.json: 'members' must be a non-empty list");
  bad = j;
  bad["members"][1]["model"]["columns"] = {"y", "x"};
  EXPECT_EQ(message(bad), "e.json: member 2: its columns differ from member 1's");
  bad = j;
  bad["format"] = "topae-model";
  EXPECT_NE(message(bad).find("not a topae ensemble"), std::string::npos);
  EXPECT_THROW(train_ensemble(data, {"x", "y"}, spec(), trainer(), {}, quiet(), 1), InputError);
}

}  // namespace
}  // namespace topae::nn
