#pragma once
// The Python pickles that PyTables stores in HDF5 attributes, where pandas keeps the column
// names of a table-format frame ("values_block_0_kind": a list of names; "non_index_axes": a
// list of (axis, names) tuples). Only what such attributes hold is read: lists, tuples,
// str, bytes, int and None, in protocols 0 to 4; anything else is an InputError.
#include <string>
#include <string_view>
#include <vector>

namespace topae::data::pickle {

struct Value {
  enum class Kind { none, integer, text, list };  // a tuple reads as a list
  Kind kind = Kind::none;
  long long integer = 0;
  std::string text = {};
  std::vector<Value> items = {};

  // The name a column of this value has: the text, or an integer in decimal.
  std::string name() const;
};

// Throws InputError(what: the opcode or the problem) on anything it does not read.
Value parse(std::string_view bytes);

}  // namespace topae::data::pickle
