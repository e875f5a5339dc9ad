#include "topae/core/parse.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "topae/core/error.hpp"

namespace topae {
namespace {

TEST(Parse, DoublesAreWholeFiniteNumbers) {
  EXPECT_EQ(parse_double("1.5", "--x"), 1.5);
  EXPECT_EQ(parse_double("+2e3", "--x"), 2000.0);
  EXPECT_EQ(parse_double("-0.25", "--x"), -0.25);
  for (const char* bad : {"", "+", "+-1", "++1", "1.5x", " 1", "nan", "inf", "1e999", "0x10p0"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_double(bad, "--x"), InputError);
  }
}

TEST(Parse, IntegersAreDecimalAndInRange) {
  EXPECT_EQ(parse_int("-7", "--n"), -7);
  EXPECT_EQ(parse_uint("18446744073709551615", "--seed"), std::numeric_limits<std::uint64_t>::max());
  for (const char* bad : {"", "1.0", "0x10", "+1", "1e3", "9223372036854775808"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_int(bad, "--n"), InputError);
  }
  EXPECT_THROW(parse_uint("-1", "--seed"), InputError);
  EXPECT_THROW(parse_uint("18446744073709551616", "--seed"), InputError);
}

TEST(Parse, ReadDoubleSaysWhyWithoutThrowing) {
  double v = 0;
  EXPECT_EQ(read_double("+2.5", v), NumberError::none);
  EXPECT_EQ(v, 2.5);
  EXPECT_EQ(read_double("", v), NumberError::empty);
  EXPECT_EQ(read_double("1.5x", v), NumberError::not_a_number);
  EXPECT_EQ(read_double("+-3", v), NumberError::not_a_number);
  EXPECT_EQ(read_double("+", v), NumberError::not_a_number);
  EXPECT_EQ(read_double("1e999", v), NumberError::out_of_range);
  EXPECT_EQ(read_double("nan", v), NumberError::not_finite);
  EXPECT_EQ(read_double("-inf", v), NumberError::not_finite);
  EXPECT_STREQ(describe(NumberError::empty), "empty field");
  EXPECT_STREQ(describe(NumberError::not_finite), "not finite");
  EXPECT_EQ(describe(NumberError::none), nullptr);
}

TEST(Parse, NonThrowingIntegersAgreeWithTheThrowingOnes) {
  EXPECT_EQ(to_int("-7"), std::optional<std::int64_t>(-7));
  EXPECT_EQ(to_uint("7"), std::optional<std::uint64_t>(7));
  for (const char* bad : {"", "-1", "+1", " 1", "1.0", "0x10", "18446744073709551616"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(to_uint(bad).has_value());
    EXPECT_THROW(parse_uint(bad, "--seed"), InputError);
  }
}

TEST(Parse, MessagesNameTheFlagAndTheText) {
  try {
    parse_double("abc", "--masses");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--masses: 'abc' is not a number");
  }
}

TEST(Parse, ListsSplitOnCommasAndRefuseEmptyItems) {
  EXPECT_EQ(parse_double_list("1,2.5,-3", "--q"), (std::vector<double>{1, 2.5, -3}));
  EXPECT_TRUE(parse_int_list("", "--latent").empty());
  EXPECT_EQ(parse_int_list("5,6", "--latent"), (std::vector<std::int64_t>{5, 6}));
  EXPECT_THROW(parse_int_list("5,,6", "--latent"), InputError);
  EXPECT_THROW(parse_int_list("5,", "--latent"), InputError);
}

TEST(Parse, KeyValuesKeepOrderAndRefuseRepeatsAndBareWords) {
  const auto kv = parse_key_values("mass=500,width=5", "--resonance");
  ASSERT_EQ(kv.size(), 2u);
  EXPECT_EQ(kv[0], (std::pair<std::string, std::string>{"mass", "500"}));
  EXPECT_EQ(kv[1], (std::pair<std::string, std::string>{"width", "5"}));
  EXPECT_THROW(parse_key_values("mass=1,mass=2", "--resonance"), InputError);
  EXPECT_THROW(parse_key_values("mass", "--resonance"), InputError);
  EXPECT_THROW(parse_key_values("=3", "--resonance"), InputError);
}

}  // namespace
}  // namespace topae
