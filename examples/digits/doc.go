// Package digits holds the end-to-end example of axmul on a real network: a
// small int8 CNN trained with PyTorch on scikit-learn's bundled 8x8 digits,
// per-layer noise tolerances learned with agnapprox's gradient method, the
// layers exported with scripts/export_layers.py, then axmul select, deploy
// and validate, and the test accuracy of approximate int8 inference with the
// deployed lookup tables (digits.py; run.py chains every step).
//
// The Go test runs the whole example when a Python with torch, numpy and
// scikit-learn is installed (Debian's python3-torch, python3-sklearn,
// python3-numpy) and skips, saying so, when it is not.
package digits
