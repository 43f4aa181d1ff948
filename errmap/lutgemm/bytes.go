package lutgemm

import "unsafe"

// unsafeBytes views the int8 slice x as its uint8 bit patterns.
func unsafeBytes(x []int8) []uint8 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*uint8)(unsafe.Pointer(&x[0])), len(x))
}
