// topae train DATA -o MODEL
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/data/table_io.hpp"
#include "topae/core/progress.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::cli {

namespace {

struct Options {
  std::string data;
  std::string output;
  std::vector<std::string> columns;
  std::string activation = "tanh";
  nn::AutoencoderSpec spec;
  nn::TrainerSpec trainer;
  std::string seeds;  // --seeds: an ensemble
  bool bootstrap = false;  // --bootstrap: each member on a resample of the events
  int folds = 0;           // --folds: a k-fold ensemble
  std::string checkpoint;
  int checkpoint_every = 0;
  std::string resume;
  data::ReadOptions read;
  CommonOptions common;
};

// --seeds or --folds: the members in parallel, one progress bar for all their epochs. The k
// members of --folds have seeds --seed, --seed + 1, ...; the folds are drawn from --seed.
void train_ensemble(const Options& opt, const data::Dataset& data, const std::vector<std::string>& columns,
                    nn::TrainOptions options) {
  std::vector<std::uint64_t> seeds;
  std::optional<nn::Folds> folds;
  if (opt.folds > 0) {
    folds = nn::Folds::of(data.select(columns, opt.data), columns, opt.folds, opt.trainer.seed);
    for (int i = 0; i < opt.folds; ++i) seeds.push_back(opt.trainer.seed + static_cast<std::uint64_t>(i));
  } else {
    seeds = nn::parse_seed_list(opt.seeds);
  }
  ProgressBar bar(fmt::format("train {} members", seeds.size()),
                  static_cast<std::int64_t>(seeds.size()) * opt.trainer.epochs, "epochs", !opt.common.quiet);
  std::int64_t done = 0;
  options.on_epoch = [&](const nn::EpochMetrics&) { bar.update(++done); };
  const auto ensemble =
      folds ? nn::train_folds(data, columns, opt.spec, opt.trainer, seeds, *folds, options, opt.trainer.threads)
            : nn::train_ensemble(data, columns, opt.spec, opt.trainer, seeds, options, opt.trainer.threads,
                                 opt.bootstrap);
  bar.finish();
  nn::save_ensemble(ensemble, opt.output);
  if (opt.common.quiet) return;
  nn::AutoencoderSpec spec = opt.spec;
  spec.input_dim = static_cast<Index>(columns.size());
  std::vector<double> losses;
  for (const auto& m : ensemble.members) losses.push_back(m.training.value("final_train_loss", 0.0));
  fmt::print("trained {} members {} on {} events ({}){}, {} at a time; final loss {:.4g} to {:.4g} -> {}\n",
             seeds.size(), spec.description(), data.n_events(), fmt::join(columns, ","),
             folds ? fmt::format(", each without its fold of {}", opt.folds) : "",
             std::min<std::size_t>(seeds.size(), static_cast<std::size_t>(opt.trainer.threads)),
             *std::min_element(losses.begin(), losses.end()), *std::max_element(losses.begin(), losses.end()),
             opt.output);
}

}  // namespace

void add_train(CLI::App& app) {
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand("train", "Train an autoencoder on a table of events and write the model (JSON)");
  sub->add_option("DATA", opt->data, "Training data (.csv or .h5)")->required();
  sub->add_option("-o,--output", opt->output, "Model file to write (JSON)")->required();
  sub->add_option("--columns", opt->columns, "Input columns (default: every column that is not truth, label or weight)")
      ->delimiter(',');
  sub->add_option("--latent", opt->spec.latent_dim,
                  "Latent dimension k: of R^k, S^k or T^k as --latent-geometry says (a circle is 1)")
      ->capture_default_str();
  sub->add_option("--hidden", opt->spec.hidden, "Encoder hidden widths; the decoder mirrors them")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--decoder-hidden", opt->spec.decoder_hidden, "Decoder hidden widths (default: mirror --hidden)")
      ->delimiter(',');
  sub->add_option("--activation", opt->activation, "identity, tanh, relu, leaky_relu, elu, selu, silu, gelu, softplus, sigmoid")
      ->capture_default_str();
  sub->add_option("--latent-geometry", opt->spec.latent_geometry,
                  "Latent space: euclidean (R^k), sphere (S^k: k + 1 numbers of unit length), circle (S^1), torus "
                  "(T^k: k points on circles, 2k numbers)")
      ->capture_default_str();
  sub->add_option("--epochs", opt->trainer.epochs, "Training epochs")->capture_default_str();
  sub->add_option("--batch", opt->trainer.batch, "Mini-batch size")->capture_default_str();
  sub->add_option("--optimizer", opt->trainer.optimizer.name, "adam, adamw or sgd")->capture_default_str();
  sub->add_option("--lr", opt->trainer.optimizer.lr, "Learning rate")->capture_default_str();
  // No default shown: it depends on --optimizer (nn::default_weight_decay).
  sub->add_option_function<double>(
      "--weight-decay", [opt](double wd) { opt->trainer.optimizer.weight_decay = wd; },
      fmt::format("Weight decay: L2 on the gradient for adam and sgd, decoupled for adamw (default {}; adamw {}, "
                  "as PyTorch)",
                  nn::default_weight_decay("adam"), nn::default_weight_decay("adamw")));
  sub->add_option("--momentum", opt->trainer.optimizer.momentum, "SGD momentum")->capture_default_str();
  sub->add_flag("--nesterov", opt->trainer.optimizer.nesterov, "SGD with Nesterov momentum");
  sub->add_option("--schedule", opt->trainer.schedule.name, "Learning-rate schedule: constant, cosine, step, plateau")
      ->capture_default_str();
  sub->add_option("--min-lr", opt->trainer.schedule.min_lr, "cosine: final rate; plateau: floor")->capture_default_str();
  sub->add_option("--step-size", opt->trainer.schedule.step_size, "step: epochs between decays")->capture_default_str();
  sub->add_option("--gamma", opt->trainer.schedule.gamma, "step: decay factor")->capture_default_str();
  sub->add_option("--plateau-factor", opt->trainer.schedule.factor, "plateau: decay factor")->capture_default_str();
  sub->add_option("--plateau-patience", opt->trainer.schedule.patience, "plateau: epochs without improvement")
      ->capture_default_str();
  sub->add_option("--validation", opt->trainer.validation_fraction, "Fraction of events held out for validation")
      ->capture_default_str();
  sub->add_option("--early-stopping", opt->trainer.early_stopping,
                  "Stop after this many epochs without a better validation loss and keep the best weights (0: off)")
      ->capture_default_str();
  sub->add_option("--clip-norm", opt->trainer.clip_norm, "Clip the gradient's global L2 norm (0: off)")
      ->capture_default_str();
  auto* seed = sub->add_option("--seed", opt->trainer.seed, "Random seed (initialisation, split, shuffling)")
                   ->capture_default_str();
  auto* seeds = sub->add_option("--seeds", opt->seeds,
                                "Train an ensemble, one member per seed (1-16, or 1,5,9), members in parallel on "
                                "--threads threads, each on one; the model file holds them all")
                    ->excludes(seed);
  sub->add_flag("--bootstrap", opt->bootstrap,
                "With --seeds: train each member on a bootstrap resample of the events (drawn from its seed), so "
                "that the members' tears fall in different places")
      ->needs(seeds);
  auto* folds = sub->add_option("--folds", opt->folds,
                                "Train a k-fold ensemble: the events split into K folds (drawn from --seed), member i "
                                "(seed --seed + i) trained without fold i, so that `topae score --out-of-fold` scores "
                                "every event of this table with a model that did not see it")
                    ->excludes(seeds);
  sub->add_option("--checkpoint", opt->checkpoint,
                  "Checkpoint (a model file with the training state) rewritten every --checkpoint-every epochs "
                  "and after the last")
      ->excludes(seeds)
      ->excludes(folds);
  sub->add_option("--checkpoint-every", opt->checkpoint_every, "Epochs between checkpoints (0: none)")
      ->capture_default_str();
  sub->add_option("--resume", opt->resume,
                  "Continue the run that wrote this checkpoint; give the data and flags of that run (--epochs may "
                  "grow unless the schedule is cosine or it stopped early)")
      ->excludes(seeds)
      ->excludes(folds);
  // One thread by default: each batch is split across threads, so the gain is modest on
  // small networks and a loaded machine stalls every batch; with one thread a model trained
  // with the defaults is also the same whatever the machine's core count.
  opt->common.threads = 1;
  add_read_options(*sub, opt->read);
  add_common_options(*sub, opt->common);

  sub->callback([opt] {
    opt->trainer.threads = apply_threads(opt->common);
    opt->spec.activation = nn::activation_from_name(opt->activation);
    opt->trainer.validate();
    const InputGuard guard({opt->data});
    check_output_path(opt->output);
    if (!opt->checkpoint.empty()) check_output_path(opt->checkpoint);
    // Only the columns trained on are read (--where may still use others), so that the
    // table in memory is the training data itself.
    data::ReadOptions read = opt->read;
    const auto stored = data::TableReader(opt->data, opt->read).schema();
    const auto& wanted = opt->columns.empty() ? stored.columns : opt->columns;
    const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    for (const auto& name : stored.columns)
      if (!listed(wanted, name) || (opt->columns.empty() && listed(stored.truth, name))) read.exclude.push_back(name);
    auto data = data::read_table(opt->data, read);
    const auto columns = opt->columns.empty() ? data.feature_columns() : opt->columns;

    nn::TrainOptions options;
    options.source = opt->data;
    if (!opt->seeds.empty() || opt->folds > 0) {
      train_ensemble(*opt, data, columns, options);
      return;
    }
    options.progress = !opt->common.quiet;
    options.checkpoint = opt->checkpoint;
    options.checkpoint_every = opt->checkpoint_every;
    options.resume = opt->resume;
    const Index n_events = data.n_events();
    auto result = nn::train_model(std::move(data), columns, opt->spec, opt->trainer, options);
    nn::save_model(result.model, opt->output);

    if (opt->common.quiet) return;
    const auto& h = result.history;
    const auto& last = h.epochs.back();
    opt->spec.input_dim = static_cast<Index>(columns.size());
    fmt::print("trained {} on {} events ({}) with {} thread{}\n", opt->spec.description(), n_events,
               fmt::join(columns, ","), opt->trainer.threads, opt->trainer.threads == 1 ? "" : "s");
    if (result.resumed_at > 0) fmt::print("resumed {} at epoch {}\n", opt->resume, result.resumed_at);
    fmt::print("{} epochs in {:.2f} s ({:.0f} samples/s){}; loss {:.4g}", h.epochs.size(), h.train_seconds,
               h.samples_per_second(), h.stopped_early ? fmt::format(", stopped early, kept epoch {}", h.best_epoch) : "",
               last.train_loss);
    if (!std::isnan(last.validation_loss)) fmt::print(", validation {:.4g}", last.validation_loss);
    fmt::print(" -> {}\n", opt->output);
  });
}

}  // namespace topae::cli
