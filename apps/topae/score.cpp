// topae score MODEL DATA -o SCORES
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/analysis/score_table.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/data/table_io.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::cli {

void add_score(CLI::App& app) {
  struct Options {
    std::string model;
    std::string data;
    std::string output;
    std::vector<std::string> keep;
    bool out_of_fold = false;
    data::ReadOptions read;
    data::WriteOptions write;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "score", fmt::format("Score events with a model: per event {}, {}, the latent code ({}, ...) and the "
                           "reconstruction ({})",
                           analysis::error_column, analysis::distance_column, analysis::latent_column(1),
                           analysis::reconstruction_column("<column>")));
  sub->add_option("MODEL", opt->model, "Model file written by topae train (one model or an ensemble: --seeds)")
      ->required();
  sub->add_option("DATA", opt->data, "Events to score (.csv or .h5)")->required();
  sub->add_option("-o,--output", opt->output, "Scores file to write (.csv or .h5)")->required();
  sub->add_option("--keep", opt->keep, "Input columns to copy into the output (truth, label and weight always are)")
      ->delimiter(',');
  sub->add_flag("--out-of-fold", opt->out_of_fold,
                "With a k-fold model (topae train --folds) and the table it was trained on: score every event with "
                "the member that did not see it (a 'fold' column says which); refuses any other table");
  add_read_options(*sub, opt->read);
  add_write_options(*sub, opt->write);
  add_common_options(*sub, opt->common);

  sub->callback([opt] {
    apply_threads(opt->common);
    const InputGuard guard({opt->model, opt->data});
    check_output_path(opt->output);
    const auto ensemble = nn::load_ensemble(opt->model);
    analysis::ScoreSummary s;
    if (opt->out_of_fold) {
      // The very table the folds split, whole: it was trained on, so it fits in memory.
      const auto scores = analysis::out_of_fold_score_table(ensemble, data::read_table(opt->data, opt->read), opt->keep,
                                                            opt->data, opt->model);
      data::write_table(scores, opt->output, opt->write);
      s = analysis::summarize_scores(scores, opt->output);
    } else {
      // Chunk by chunk: memory does not grow with the number of events.
      data::TableReader reader(opt->data, opt->read);
      std::optional<data::TableWriter> writer;
      std::optional<analysis::ModelScorer> scorer;
      if (ensemble.members.size() == 1) scorer.emplace(ensemble.members.front(), opt->keep, opt->data, opt->model);
      analysis::ScoreAccumulator summary;
      data::Dataset chunk, ensemble_scores;
      while (reader.next(chunk)) {
        if (!scorer) ensemble_scores = analysis::ensemble_score_table(ensemble, chunk, opt->keep, opt->data, opt->model);
        const data::Dataset& scores = scorer ? scorer->score(chunk) : ensemble_scores;
        if (!writer) writer.emplace(opt->output, data::TableSchema::of(scores), opt->write);
        writer->append(scores);
        // The summary is only printed: --quiet spares its copy of the errors and their sort.
        if (!opt->common.quiet) summary.add(scores, opt->output);
      }
      if (!writer) throw InputError(opt->data, "no events left: " + reader.summary());
      writer->commit();
      if (!opt->common.quiet) s = summary.summary();
    }
    if (opt->common.quiet) return;

    const std::string what =
        opt->out_of_fold ? fmt::format("each by the member of {} that did not see it", ensemble.members.size())
        : ensemble.members.size() == 1 ? fmt::format("largest distance {:.4g}", *s.max_distance)
                                       : fmt::format("the median of {} members", ensemble.members.size());
    fmt::print("scored {} events: error median {:.4g}, 99% {:.4g}, max {:.4g}; {} -> {}\n", s.error.n, s.error.p50,
               s.error.p99, s.error.max, what, opt->output);
  });
}

}  // namespace topae::cli
