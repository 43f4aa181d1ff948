// Package selection chooses, per layer of a quantised neural network, the
// cheapest approximate multiplier whose predicted error the layer tolerates,
// following agnapprox's select_multipliers (Trommer et al., "Combining
// Gradients and Probabilities for Heterogeneous Approximation of Neural
// Networks", ICCAD 2022, arXiv 2208.07265).
//
// # Algorithm
//
// Each layer l comes with reference data recorded with exact multiplication
// (features, weights, outputs) and a learned noise tolerance max_noise
// (sigma_l, the standard deviation of the Gaussian noise, relative to the
// std of the layer output, that training showed the network tolerates). For
// every layer:
//
//	max_std = std(outputs) · max_noise
//
// where std is the population standard deviation over all output elements
// (ddof 0, as numpy's np.std). For every candidate multiplier the population
// error model of package errmap (agnapprox population_prediction, Eq. 15 and
// 16) predicts the std of the error of one multiplication from the operand
// histograms of sampled feature rows (num_samples rows drawn uniformly with
// replacement, 512 by default, from a fixed seed; or every row) and the
// histogram of all weights; as in agnapprox that std is multiplied by
// fan_in to give the predicted error std at the layer output, mul_std. The
// candidates are scanned in byte-wise ascending name order and the layer
// takes the last candidate seen with
//
//	mul_std <= max_std  and  metric <= best metric so far
//
// so the lowest performance metric wins and, of equal metrics, the later
// name. A layer that no candidate fits is an error. The model result has
//
//	metric_max = max metric of the search space
//	opcount    = Σ layer opcount
//	relative_energy_consumption = Σ (opcount_l / opcount) · (metric_l / metric_max)
//
// # Conventions
//
//   - Operands are int8 (-128..127); in an error map the A operand is the
//     activation x and the B operand the weight w (errmap's int8 domain);
//     error = approx - exact. Unsigned 8x8 maps are used sign-magnitude
//     (errmap.ErrorMap.Int8).
//   - A performance metric is a cost, lower is better (power in mW for the
//     EvoApprox libraries); metric_max normalises it.
//   - Layers, candidates and results keep names as given; results list
//     layers in input order and mul_stds as a JSON object keyed by name.
//   - The selection and deployment functions never modify the Layer values
//     passed to them (Layer.ComputeOutputs fills in its receiver's Outputs).
//
// # model.json
//
// A model manifest lists the layers in network order; paths are relative to
// the manifest's folder:
//
//	{"layers": [
//	  {"name": "conv1", "fan_in": 27, "opcount": 442368, "max_noise": 0.05,
//	   "features": "conv1_features.npy", "weights": "conv1_weights.npy",
//	   "outputs": "conv1_outputs.npy"}
//	]}
//
// Every field but outputs is required; unknown keys are errors at
// file:line:col (they are usually misspelt fields), and so is anything
// after the JSON object. An optional top-level "info" object (an
// exporter's metadata) is ignored. features has shape [..., fan_in]
// (one row per output position, e.g. unfolded convolution patches), weights
// [fan_in, out]; both hold integers in -128..127 in any integer or float
// dtype. outputs, of any shape with rows·out elements in any order and any
// integer or float dtype, are the exact layer outputs; when absent they are
// computed as features @ weights in exact arithmetic. Outputs must be in the
// integer product domain of the operands (the unit of the error maps), not
// dequantised floats, or max_std and the predicted stds differ by the
// quantisation scales. max_noise and opcount must be non-negative, and
// std(outputs)·max_noise finite. Arrays may be stored in C or Fortran order.
// scripts/export_layers.py writes this layout from a PyTorch model.
//
// # Result JSON
//
// MatchingInfo encodes as agnapprox's MatchingInfo:
//
//	{"metric_max": 0.391, "opcount": 1.2e6, "relative_energy_consumption": 0.42,
//	 "layers": [{"name": "conv1", "multiplier_name": "mul8s_1L2H",
//	             "multiplier_performance_metric": 0.301, "opcount": 442368,
//	             "max_std": 812.5, "mul_stds": {"mul8s_1KV6": 0, ...}}]}
//
// relative_energy_consumption is written for readers and recomputed, not
// trusted, when decoding.
//
// # Deployment
//
// Deploy writes, into a new folder that appears whole or not at all, one
// TorchApprox lookup table per layer (int32 .npy [256, 256], element [i, j]
// the approximate product of the int8 operands with bit patterns i and j;
// the library's stored table if it is a LUTSource, else derived from the
// error map) named NN_<layer>.npy, and assignment.json: {"layers":
// [{"name", "multiplier_name", "lut", "activation_port"}], "result": <result
// JSON>}; for activation port B the table is transposed. A result
// naming a multiplier the library does not list is refused.
//
// # Libraries
//
// Library (Candidates, ErrorMap) is this package's own interface because
// evoapprox.Library lists candidates but cannot load maps; FromEvoApprox
// adapts one given a map loader, MapLibrary holds maps in memory, and
// package gen's bundles and EvoApprox libraries implement it.
//
// # Per-layer metrics
//
// A library that also implements LayerMetricLibrary (LayerMetric(layer,
// name)) can rate each candidate under one layer's own data, for example
// the power it draws on that layer's operand distributions; with
// Options.LayerMetric set the selection uses those figures instead of
// Candidate.Metric, the result records them per layer as mul_metrics, and
// metric_max is the largest figure over all layers and candidates.
// WithLayerMetric wraps a Library with such a function; package gen's
// libraries provide estimated per-layer power (Library.EnableLayerPower,
// `axmul select --liberty FILE --metric layer_power`).
//
// # Orientation, channel criterion, validation
//
// Error maps are indexed [activation, weight]: the activation goes to the
// multiplier's port A. Options.Orientation "B" feeds it to port B (the map
// transposed), "best" rates every candidate per layer in the orientation
// of lower prediction (A on ties); the result records activation_port per
// layer (mul_ports under best) and Deploy transposes the LUT for port B so
// that it stays indexed [activation, weight].
//
// Options.Criterion "channel" replaces the population model by a
// per-channel one (ChannelPrediction): every output channel's error mean
// and std from its own weights and the activation histogram of every input
// position; a candidate fits when every channel's predicted rms error is at
// most that channel's output std times max_noise.
//
// Validate measures what the models predict: each layer's features go
// through the multiplier exactly (package errmap/lutgemm), and the output
// error's mean and std over every row and channel are compared with the
// prediction and max_std, with flags for large ratios and for channels
// whose output the multiplier makes constant or buries in error.
//
// DemoModel is a small synthetic model (generated, not trained) for trying
// the selection without files.
package selection
