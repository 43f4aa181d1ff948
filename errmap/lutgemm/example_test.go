package lutgemm_test

import (
	"fmt"

	"github.com/axmul/axmul/errmap/lutgemm"
)

// A multiplier that truncates the two lowest product bits: the error of
// every output is the sum of the per-product errors.
func ExampleMatMul() {
	table := new([lutgemm.TableSize]int32)
	for i := range 256 {
		for j := range 256 {
			p := int32(int8(uint8(i))) * int32(int8(uint8(j)))
			table[i<<8|j] = p&^3 - p // error of truncation (toward -inf)
		}
	}
	x := []int8{3, 5, -7, 1, 2, 3} // 2 rows, fan-in 3
	w, _ := lutgemm.NewWeights([]int8{1, 2, 3, 4, 5, 6}, 3, 2)
	e := make([]int64, 4)
	lutgemm.MatMul(e, table, x, w, 1)
	fmt.Println(e)
	// Output: [-7 -4 -6 -4]
}
