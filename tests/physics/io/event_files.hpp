// Event files for the tests of physics/io: Debian's examples (hepmc3-doc) and gzip both ways.
#pragma once

#include <boost/iostreams/copy.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace topae::test {

// 100 Pythia 8 events e+ e- -> Z -> tau+ tau- at 92 GeV (HepMC3 ASCII, gzip), and a
// MadGraph5_aMC@NLO LHE file that is a multi-file run.
inline const std::filesystem::path kHepMC3Example =
    "/usr/share/doc/hepmc3-doc/examples/RootIOExample/example.hepmc3.gz";
inline const std::filesystem::path kLheExample = "/usr/share/doc/hepmc3-doc/examples/LHEFExample/LHEF_example.lhe.gz";

inline std::string gunzip(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  boost::iostreams::filtering_istream in;
  in.push(boost::iostreams::gzip_decompressor());
  in.push(file);
  std::ostringstream out;
  boost::iostreams::copy(in, out);
  return out.str();
}

inline std::string gzip(const std::string& text) {
  std::ostringstream out;
  {
    boost::iostreams::filtering_ostream z;
    z.push(boost::iostreams::gzip_compressor());
    z.push(out);
    z << text;
  }
  return out.str();
}

// The first `n` lines of `text`, each with its newline.
inline std::string first_lines(const std::string& text, int n) {
  std::size_t end = 0;
  for (int i = 0; i < n; ++i) end = text.find('\n', end) + 1;
  return text.substr(0, end);
}

}  // namespace topae::test
