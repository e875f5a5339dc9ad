// topae: autoencoder anomaly detection that knows about topology.
#include "commands.hpp"

int main(int argc, char** argv) { return topae::cli::run(argc, argv, topae::experiments::suite()); }
