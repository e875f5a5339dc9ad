// pandas frames written by DataFrame.to_hdf (docs/formats.md, "pandas"), both layouts:
//   fixed  a group with pandas_type "frame": the column names in `axis0`, and per dtype block
//          i the names `block{i}_items` and values `block{i}_values` (events x items);
//   table  a group with pandas_type "frame_table": one compound dataset `table` whose fields
//          are the index, value blocks (an array of several columns, their names pickled in
//          the attribute `<field>_kind`) and data columns (one column, named as the field).
// Either way the columns are read as doubles, by rows; a block of strings or objects has
// unreadable columns, an error only if the reader does not leave them out.
#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "hdf5_support.hpp"
#include "pickle.hpp"
#include "table_source.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

using hdf5::checked;
using hdf5::Handle;
namespace fs = std::filesystem;

constexpr int kLabel = -1, kWeight = -2, kSkip = -3;

// `width` doubles per row, each going to a column of the table, the label, the weight, or nowhere.
struct Block {
  std::optional<Handle> dataset;  // fixed: its values; table: none (one read for all)
  bool transposed = true;         // fixed: stored events x items (pandas' "transposed" attribute)
  Index width = 0;
  Index offset = 0;               // table: the block's first double in a row of the read
  std::size_t byte_offset = 0;    // table: the field's place in a record
  H5T_class_t element_class = H5T_FLOAT;  // table: the field's numbers
  std::size_t element_size = 8;
  bool element_signed = true;
  std::vector<std::string> names;
  std::vector<int> destination;
};

std::string read_pickled(hid_t object, const char* name, const fs::path& path, const std::string& where) {
  const std::string text = hdf5::read_text_attribute(object, name, path);
  if (text.empty()) throw InputError(path, fmt::format("{} has no attribute '{}' (its column names)", where, name));
  return text;
}

// The names in a pickled list, as pandas' `<field>_kind` holds them.
std::vector<std::string> pickled_names(hid_t object, const std::string& attribute, const fs::path& path,
                                       const std::string& where) {
  try {
    const auto value = pickle::parse(read_pickled(object, attribute.c_str(), path, where));
    std::vector<std::string> names;
    for (const auto& item : value.items) names.push_back(item.name());
    return names;
  } catch (const InputError& e) {
    if (std::string_view(e.what()).starts_with(path.string())) throw;
    throw InputError(path, fmt::format("{}: attribute '{}': {}", where, attribute, e.what()));
  }
}

class PandasSource final : public TableSource {
 public:
  PandasSource(const fs::path& path, Handle file, const std::string& group) : path_(path), file_(std::move(file)) {
    Handle g = checked(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT), H5Gclose, path,
                       fmt::format("key '{}' is not a group", group));
    const std::string type = hdf5::read_text_attribute(g.get(), "pandas_type", path);
    where_ = fmt::format("pandas frame '{}'", group);
    std::vector<std::string> order;
    if (type == "frame") {
      order = open_fixed(g.get(), group);
    } else if (type == "frame_table") {
      order = open_table(g.get(), group);
    } else {
      throw InputError(path, fmt::format("key '{}' holds a pandas '{}', not a DataFrame (frame or frame_table)", group,
                                         type));
    }
    assign_columns(order);
  }

  std::optional<Index> rows() const override { return rows_; }

  Index read(Index max_rows, Dataset& chunk) override {
    if (rows_ == 0) throw InputError(path_, where_ + ": no events");
    const Index n = std::min(max_rows, rows_ - next_);
    chunk.columns = schema_.columns;
    chunk.truth.clear();
    chunk.values.resize(n, static_cast<Index>(schema_.columns.size()));
    chunk.label.reset();
    chunk.weight.reset();
    Eigen::VectorXd label(schema_.label ? n : 0);
    if (schema_.weight) chunk.weight = Eigen::VectorXd(n);
    const auto first = static_cast<hsize_t>(next_), count = static_cast<hsize_t>(n);
    Table buffer;
    if (table_) buffer = read_records(first, count);
    for (const auto& block : blocks_) {
      Index offset = block.offset;
      if (block.dataset) {
        buffer.resize(n, block.width);
        read_block(block, first, count, buffer);
        offset = 0;
      }
      for (Index j = 0; j < block.width; ++j) {
        const int to = block.destination[static_cast<std::size_t>(j)];
        if (to >= 0) {
          chunk.values.col(to) = buffer.col(offset + j);
        } else if (to == kLabel) {
          label = buffer.col(offset + j);
        } else if (to == kWeight) {
          *chunk.weight = buffer.col(offset + j);
        }
      }
    }
    if (schema_.label) {
      Eigen::VectorXi labels(n);
      for (Index i = 0; i < n; ++i) {
        const double v = label(i);
        if (!is_label_value(v))
          throw InputError(path_, fmt::format("{}: row {}, column 'label': not an integer: {}", where_, next_ + i, v));
        labels(i) = static_cast<int>(v);
      }
      chunk.label = std::move(labels);
    }
    first_row_ = next_;
    next_ += n;
    return n;
  }

  [[noreturn]] void fail(Index row, const std::string& column, const std::string& what) const override {
    throw InputError(path_, fmt::format("{}: row {}, column '{}': {}", where_, first_row_ + row, column, what));
  }

 private:
  // The fixed layout: returns the columns' order (axis0).
  std::vector<std::string> open_fixed(hid_t g, const std::string& group) {
    const Index max_columns = kMaxTableValues;
    const auto order = hdf5::read_string_dataset(g, "axis0", max_columns, path_);
    long long n_blocks = 0;
    if (H5Aexists(g, "nblocks") <= 0) throw InputError(path_, where_ + " has no attribute 'nblocks'");
    {
      Handle a = checked(H5Aopen(g, "nblocks", H5P_DEFAULT), H5Aclose, path_, "cannot open attribute 'nblocks'");
      checked(H5Aread(a.get(), H5T_NATIVE_LLONG, &n_blocks), path_, "cannot read attribute 'nblocks'");
    }
    if (n_blocks < 0 || n_blocks > static_cast<long long>(order.size()) + 1)
      throw InputError(path_, fmt::format("{}: attribute 'nblocks' is {}", where_, n_blocks));
    bool first = true;
    for (long long i = 0; i < n_blocks; ++i) {
      Block block;
      block.names = hdf5::read_string_dataset(g, fmt::format("block{}_items", i), max_columns, path_);
      const std::string values = fmt::format("block{}_values", i);
      const std::string where = fmt::format("dataset '{}/{}'", group, values);
      Handle dataset = checked(H5Dopen2(g, values.c_str(), H5P_DEFAULT), H5Dclose, path_, "cannot open " + where);
      Handle type = checked(H5Dget_type(dataset.get()), H5Tclose, path_, "cannot read the type of " + where);
      Handle space = checked(H5Dget_space(dataset.get()), H5Sclose, path_, "cannot read the shape of " + where);
      block.width = static_cast<Index>(block.names.size());
      if (!hdf5::is_numeric(type.get())) {
        for (const auto& name : block.names) unreadable_.push_back({name, "not numeric (strings or objects)"});
        continue;
      }
      hsize_t dims[2] = {0, 0};
      if (H5Sget_simple_extent_ndims(space.get()) != 2 || H5Sget_simple_extent_dims(space.get(), dims, nullptr) != 2)
        throw InputError(path_, where + " must be 2-D");
      block.transposed = !hdf5::has_attribute(dataset.get(), "transposed") ||
                         hdf5::flag_attribute(dataset.get(), "transposed", path_);
      const hsize_t items = block.transposed ? dims[1] : dims[0], rows = block.transposed ? dims[0] : dims[1];
      if (items != block.names.size())
        throw InputError(path_, fmt::format("{} has {} columns for {} names", where, items, block.names.size()));
      if (items != 0 && rows > static_cast<hsize_t>(kMaxTableValues) / items)
        throw InputError(path_, fmt::format("{} declares {} x {} values, more than a table may have", where, rows, items));
      hdf5::check_declared_size(file_.get(), dataset.get(), type.get(), rows * items, where,
                                fmt::format("{} x {}", dims[0], dims[1]), path_);
      if (!first && static_cast<Index>(rows) != rows_)
        throw InputError(path_, fmt::format("{} has {} rows, the frame's other blocks {}", where, rows, rows_));
      rows_ = static_cast<Index>(rows);
      first = false;
      block.dataset.emplace(std::move(dataset));
      blocks_.push_back(std::move(block));
    }
    return order;
  }

  // The table layout: returns the columns' order (non_index_axes, else the fields').
  std::vector<std::string> open_table(hid_t g, const std::string& group) {
    const std::string where = fmt::format("dataset '{}/table'", group);
    table_.emplace(checked(H5Dopen2(g, "table", H5P_DEFAULT), H5Dclose, path_, "cannot open " + where));
    Handle type = checked(H5Dget_type(table_->get()), H5Tclose, path_, "cannot read the type of " + where);
    Handle space = checked(H5Dget_space(table_->get()), H5Sclose, path_, "cannot read the shape of " + where);
    if (H5Tget_class(type.get()) != H5T_COMPOUND || H5Sget_simple_extent_ndims(space.get()) != 1)
      throw InputError(path_, where + " must be a 1-D table of records");
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    hdf5::check_declared_size(file_.get(), table_->get(), type.get(), static_cast<hsize_t>(n), where,
                              std::to_string(n), path_);
    rows_ = static_cast<Index>(n);
    std::vector<std::string> field_order;
    // Records are read as stored (in native byte order) and their numeric fields decoded here:
    // HDF5 converts no array field of integers to doubles inside a compound.
    record_type_.emplace(checked(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose, path_,
                                 "cannot read the type of " + where));
    record_size_ = H5Tget_size(record_type_->get());
    const int members = H5Tget_nmembers(record_type_->get());
    for (int m = 0; m < members; ++m) {
      char* raw = H5Tget_member_name(record_type_->get(), static_cast<unsigned>(m));
      const std::string field = raw != nullptr ? raw : "";
      H5free_memory(raw);
      if (field == "index") continue;
      Handle member = checked(H5Tget_member_type(record_type_->get(), static_cast<unsigned>(m)), H5Tclose, path_,
                              "cannot read the type of " + where);
      Block block;
      // A data column is named as its field; a value block's names are pickled in <field>_kind.
      const std::string kind = field + "_kind";
      block.names = H5Aexists(table_->get(), kind.c_str()) > 0 ? pickled_names(table_->get(), kind, path_, where)
                                                                 : std::vector<std::string>{field};
      hsize_t width = 1;
      std::optional<Handle> super;
      hid_t base = member.get();
      if (H5Tget_class(member.get()) == H5T_ARRAY) {
        if (H5Tget_array_ndims(member.get()) != 1) throw InputError(path_, where + ": field " + field + " is not 1-D");
        H5Tget_array_dims2(member.get(), &width);
        super.emplace(checked(H5Tget_super(member.get()), H5Tclose, path_, "cannot read " + where));
        base = super->get();
      }
      if (width != block.names.size())
        throw InputError(path_, fmt::format("{}: field '{}' holds {} columns for {} names", where, field, width,
                                            block.names.size()));
      field_order.insert(field_order.end(), block.names.begin(), block.names.end());
      block.element_class = H5Tget_class(base);
      block.element_size = H5Tget_size(base);
      block.element_signed = block.element_class == H5T_INTEGER && H5Tget_sign(base) == H5T_SGN_2;
      const bool number = (block.element_class == H5T_FLOAT && (block.element_size == 4 || block.element_size == 8)) ||
                          (block.element_class == H5T_INTEGER && block.element_size <= 8);
      if (!number) {
        for (const auto& name : block.names) unreadable_.push_back({name, "not numeric (strings or objects)"});
        continue;
      }
      block.width = static_cast<Index>(width);
      block.offset = row_doubles_;
      block.byte_offset = H5Tget_member_offset(record_type_->get(), static_cast<unsigned>(m));
      row_doubles_ += block.width;
      blocks_.push_back(std::move(block));
    }
    // pandas' own column order, where its pickle says.
    if (H5Aexists(g, "non_index_axes") > 0) {
      try {
        const auto axes = pickle::parse(read_pickled(g, "non_index_axes", path_, where_));
        if (axes.items.size() == 1 && axes.items[0].items.size() == 2) {
          std::vector<std::string> order;
          for (const auto& item : axes.items[0].items[1].items) order.push_back(item.name());
          std::vector<std::string> a = order, b = field_order;
          std::sort(a.begin(), a.end());
          std::sort(b.begin(), b.end());
          if (a == b) return order;
        }
      } catch (const InputError&) {
        // The fields' order serves as well.
      }
    }
    return field_order;
  }

  // Rows [first, first + count) of the table layout: each block's doubles at its offset.
  Table read_records(hsize_t first, hsize_t count) const {
    Table out(static_cast<Index>(count), row_doubles_);
    if (count == 0) return out;
    std::vector<unsigned char> records(count * record_size_);
    hdf5::read_rows(table_->get(), record_type_->get(), first, count, records.data(), where_, path_);
    for (const auto& block : blocks_) {
      for (hsize_t r = 0; r < count; ++r) {
        const unsigned char* at = records.data() + r * record_size_ + block.byte_offset;
        for (Index j = 0; j < block.width; ++j, at += block.element_size)
          out(static_cast<Index>(r), block.offset + j) = number_at(at, block);
      }
    }
    return out;
  }

  // One stored number, native byte order, as a double.
  static double number_at(const unsigned char* at, const Block& block) {
    const auto load = [at](auto value) {
      std::memcpy(&value, at, sizeof value);
      return static_cast<double>(value);
    };
    if (block.element_class == H5T_FLOAT) return block.element_size == 8 ? load(double{}) : load(float{});
    switch (block.element_size) {
      case 1: return block.element_signed ? load(std::int8_t{}) : load(std::uint8_t{});
      case 2: return block.element_signed ? load(std::int16_t{}) : load(std::uint16_t{});
      case 4: return block.element_signed ? load(std::int32_t{}) : load(std::uint32_t{});
      default: return block.element_signed ? load(std::int64_t{}) : load(std::uint64_t{});
    }
  }

  void read_block(const Block& block, hsize_t first, hsize_t count, Table& out) const {
    if (count == 0 || block.width == 0) return;
    const std::string where = where_ + " block";
    if (block.transposed) {
      hdf5::read_rows(block.dataset->get(), H5T_NATIVE_DOUBLE, first, count, out.data(), where, path_);
      return;
    }
    // Stored items x events: read the columns, then transpose.
    Handle space = checked(H5Dget_space(block.dataset->get()), H5Sclose, path_, "cannot read " + where);
    const hsize_t start[2] = {0, first}, size[2] = {static_cast<hsize_t>(block.width), count};
    checked(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, size, nullptr), path_, "cannot read " + where);
    Handle memory = checked(H5Screate_simple(2, size, nullptr), H5Sclose, path_, "cannot read " + where);
    Table items(block.width, static_cast<Index>(count));
    checked(H5Dread(block.dataset->get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT, items.data()),
            path_, "cannot read " + where);
    out = items.transpose();
  }

  // The schema in the frame's column order; label and weight by name.
  void assign_columns(const std::vector<std::string>& order) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> stored;  // name -> (block, item)
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      blocks_[b].destination.assign(blocks_[b].names.size(), kSkip);
      for (std::size_t j = 0; j < blocks_[b].names.size(); ++j) {
        if (!stored.emplace(blocks_[b].names[j], std::pair{b, j}).second)
          throw InputError(path_, fmt::format("{}: duplicate column name '{}'", where_, blocks_[b].names[j]));
      }
    }
    for (const auto& name : order) {
      const auto it = stored.find(name);
      if (it == stored.end()) continue;  // unreadable
      int& to = blocks_[it->second.first].destination[it->second.second];
      if (name == "label") {
        to = kLabel;
        schema_.label = true;
      } else if (name == "weight") {
        to = kWeight;
        schema_.weight = true;
      } else {
        to = static_cast<int>(schema_.columns.size());
        schema_.columns.push_back(name);
      }
    }
  }

  fs::path path_;
  Handle file_;
  std::string where_;
  std::vector<Block> blocks_;
  std::optional<Handle> table_, record_type_;
  std::size_t record_size_ = 0;
  Index row_doubles_ = 0;
  Index rows_ = 0, next_ = 0, first_row_ = 0;
};

}  // namespace

std::unique_ptr<TableSource> open_pandas(const std::filesystem::path& path, hdf5::Handle file, const std::string& group) {
  return std::make_unique<PandasSource>(path, std::move(file), group);
}

}  // namespace topae::data
