module github.com/axmul/axmul/circuits/sim/_asm

go 1.26.0

require (
	github.com/axmul/axmul v0.0.0
	github.com/mmcloughlin/avo v0.5.0
)

require (
	github.com/klauspost/cpuid/v2 v2.4.2 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

replace github.com/axmul/axmul => ../../..
