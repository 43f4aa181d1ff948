// Package jsonfile decodes axmul's JSON files (model manifests, library
// indexes, selection results, assignments) under one policy:
//
//   - exactly one JSON value per file: anything but whitespace after it is
//     an error ("trailing data");
//   - keys the target type does not know are errors, at the key's
//     line:col, and so are keys in another case than the field's name
//     (which encoding/json alone would accept: "Fan_In" for "fan_in");
//   - errors name the file and, where the decoder gives an offset, the
//     line and column (1-based, columns in bytes), and describe wrong
//     types in JSON terms (string, number, object, ...) with the field
//     path ("layers.fan_in"), never Go type names.
//
// Manifests written by exporters may carry a top-level "info" or
// "metadata" object; the types that accept one declare it themselves
// (see Metadata).
package jsonfile
