#!/usr/bin/env python3
"""Write .npy files with unusual but valid header formatting, and what numpy reads from them.

Usage: gen_npy.py OUTDIR

Every file is checked by numpy itself (np.load, no pickle) before it is kept; expect.json records, per
file, the shape, fortran_order and the values numpy returns in C order. The Go tests (errmap
TestNumpyFiles) read the committed copies of these files and compare with expect.json, and rerun this
script when numpy is installed. Regenerate the committed copies with:
    /usr/bin/python3 errmap/testdata/npy/gen_npy.py errmap/testdata/npy
"""
import json
import os
import struct
import sys

import numpy as np


def raw_npy(header, payload, major=1):
    """The bytes of a .npy file with the given header dict text, padded as numpy pads (64-byte aligned)."""
    pre = 10 if major == 1 else 12
    h = header.encode("latin1")
    total = pre + len(h) + 1
    h += b" " * ((64 - total % 64) % 64) + b"\n"
    if major == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + payload
    return b"\x93NUMPY" + bytes([major, 0]) + struct.pack("<I", len(h)) + h + payload


def main(out):
    a = (np.arange(9 * 40, dtype=np.int64).reshape(9, 40) % 251 - 125).astype(np.int8)
    b = np.array([[1, -2, 3], [-4, 5, -6]], dtype=">i2")
    files = {
        # The case of the issue: no trailing ", }" after the shape.
        "no_trailing_comma.npy": raw_npy("{'descr': '|i1', 'fortran_order': False, 'shape': (9, 40)}", a.tobytes()),
        "reordered_keys.npy": raw_npy("{'shape': (9, 40), 'fortran_order': False, 'descr': '|i1', }", a.tobytes()),
        "no_spaces.npy": raw_npy("{'descr':'|i1','fortran_order':False,'shape':(9,40)}", a.tobytes()),
        "double_quotes.npy": raw_npy('{"descr": ">i2", "fortran_order": False, "shape": (2, 3,)}', b.tobytes()),
        "extra_whitespace.npy": raw_npy("{ 'fortran_order' :\tFalse ,\n 'descr' : '<f8' , 'shape' : ( 3 , ) , }",
                                        np.array([0.5, -1.0, 127.0], dtype="<f8").tobytes()),
        "scalar.npy": raw_npy("{'descr': '<i4', 'fortran_order': False, 'shape': ()}", np.int32(-7).tobytes()),
        "fortran_keys_first.npy": raw_npy("{'fortran_order': True, 'shape': (2, 3), 'descr': '>i2'}",
                                          b.tobytes(order="F")),
        "empty.npy": raw_npy("{'descr': '<u2', 'fortran_order': False, 'shape': (0, 4), }", b""),
        "v2_reordered.npy": raw_npy("{'shape':(2,3),'descr':'>i2','fortran_order':False}", b.tobytes(), major=2),
    }
    # Files numpy writes itself: a Fortran-ordered transposed view (what a
    # PyTorch export of w.T produces) in several dtypes.
    for dt in ["i1", "u1", "<i2", ">i4", "<i8", "<f4", ">f8"]:
        m = (np.arange(12).reshape(3, 4) % 100).astype(dt).T
        name = "numpy_fortran_%s.npy" % dt.replace("<", "le").replace(">", "be")
        path = os.path.join(out, name)
        np.save(path, m)
        files[name] = None
    expect = {}
    for name, data in files.items():
        path = os.path.join(out, name)
        if data is not None:
            with open(path, "wb") as f:
                f.write(data)
        arr = np.load(path, allow_pickle=False)
        expect[name] = {
            "shape": list(arr.shape),
            "fortran_order": bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
            "values": [float(v) for v in arr.ravel(order="C").tolist()],
        }
    with open(os.path.join(out, "expect.json"), "w") as f:
        f.write("{\n" + ",\n".join(" %s: %s" % (json.dumps(k), json.dumps(expect[k])) for k in sorted(expect)) + "\n}\n")


if __name__ == "__main__":
    main(sys.argv[1])
