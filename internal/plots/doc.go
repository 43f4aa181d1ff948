// Package plots draws axmul's figures with gonum.org/v1/plot: one function
// per figure, data in, file out. The format follows the file name's
// extension (.svg or .png; .pdf and .eps also work); files are written to
// a temporary file in the same folder and renamed into place. Points that
// a logarithmic axis cannot show (values <= 0) are left out and counted in
// the caption.
package plots
