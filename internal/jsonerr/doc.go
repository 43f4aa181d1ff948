// Package jsonerr words the errors of encoding/json for the people who
// write axmul's JSON files (model manifests, results, bundle indexes): the
// field path and the JSON kinds wanted and found, never Go type names
// ("Go struct field manifestLayer.layers.fan_in of type int" becomes
// "field layers.fan_in: want an integer, have a string").
package jsonerr
