#!/usr/bin/env python3
"""Export per-layer reference data of a PyTorch model for `axmul` selection.

Registers forward hooks on every nn.Conv2d and nn.Linear of a model, runs one
batch with exact multiplication and writes, per layer, into the output folder:

  <layer>_features.npy  int8 [rows, fan_in]  inputs unfolded to receptive fields
  <layer>_weights.npy   int8 [fan_in, out]
  <layer>_outputs.npy   int32/int64 [rows, out]  features @ weights, exact
  model.json            {"info": {...}, "layers": [{"name", "fan_in", "opcount", "max_noise",
                                                     "features", "weights", "outputs"}]}

All arrays are written in C order. "info" records the exporter and the torch
and numpy versions (axmul ignores it).

Operands are quantised to int8 per tensor, symmetrically (scale = max|t|/127),
unless the layer's inputs and weights already hold integers in -128..127.
Outputs are in the integer product domain (the unit of the multipliers' error
maps), never dequantised floats, so that std(outputs)*max_noise and the
predicted error std compare like with like.

max_noise is the layer's learned noise tolerance: the absolute value of a
`stdev` attribute (agnapprox's AGN layers) if the module has one, else
--max-noise. opcount is the module's `opcount` attribute if present, else the
multiplications per sample (output positions x out x fan_in).

Usage:
  python3 scripts/export_layers.py --model mypkg.nets:build --input batch.pt \\
      --out model_dir [--max-noise 0.1] [--max-rows 20000]

--model names a callable returning the (trained) nn.Module; --input a tensor
saved with torch.save (one batch of inputs).
"""

import argparse
import importlib
import json
import os
import re

import numpy as np


def quantise(t):
    """Return t as int8 values: t itself if it already holds integers in
    -128..127, else symmetric per-tensor quantisation."""
    a = t.detach().double().cpu().numpy()
    if np.all(a == np.round(a)) and a.min(initial=0) >= -128 and a.max(initial=0) <= 127:
        return a.astype(np.int8)
    m = np.abs(a).max(initial=0.0)
    scale = m / 127.0 if m > 0 else 1.0
    return np.clip(np.round(a / scale), -128, 127).astype(np.int8)


def conv_features(mod, x):
    """Unfold the input of a Conv2d into [N*L, C*kh*kw] receptive fields."""
    import torch.nn.functional as F

    if mod.groups != 1:
        raise NotImplementedError(f"grouped convolution (groups={mod.groups}) is not supported")
    if mod.padding_mode != "zeros" or isinstance(mod.padding, str):
        raise NotImplementedError("only explicit zero padding is supported")
    cols = F.unfold(x, mod.kernel_size, dilation=mod.dilation, padding=mod.padding, stride=mod.stride)
    return cols.transpose(1, 2).reshape(-1, cols.shape[1]), cols.shape[2]


def main():
    import torch
    import torch.nn as nn

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="module:callable returning the model")
    ap.add_argument("--input", required=True, help="torch.save'd input batch")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--max-noise", type=float, default=0.1, help="max_noise of layers without a stdev attribute")
    ap.add_argument("--max-rows", type=int, default=0, help="keep at most this many feature rows per layer (0: all)")
    args = ap.parse_args()

    modname, _, fn = args.model.partition(":")
    model = getattr(importlib.import_module(modname), fn)()
    model.eval()
    batch = torch.load(args.input)
    if not torch.is_tensor(batch):
        raise SystemExit(f"{args.input}: want a tensor saved with torch.save, got {type(batch).__name__}")

    records = []

    def hook(name):
        def run(mod, inputs, _output):
            x = inputs[0]
            if isinstance(mod, nn.Conv2d):
                feats, positions = conv_features(mod, x)
                w = mod.weight.reshape(mod.out_channels, -1).t()
            else:
                feats = x.reshape(-1, x.shape[-1])
                positions = feats.shape[0] // x.shape[0] if x.dim() > 1 else 1
                w = mod.weight.t()
            records.append((name, mod, quantise(feats), quantise(w), positions))

        return run

    handles = [
        m.register_forward_hook(hook(n))
        for n, m in model.named_modules()
        if isinstance(m, (nn.Conv2d, nn.Linear))
    ]
    with torch.no_grad():
        model(batch)
    for h in handles:
        h.remove()

    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(0)
    layers = []
    for name, mod, f, w, positions in records:
        if args.max_rows and f.shape[0] > args.max_rows:
            f = f[np.sort(rng.choice(f.shape[0], args.max_rows, replace=False))]
        fan_in, out = w.shape
        y = f.astype(np.int64) @ w.astype(np.int64)
        if np.abs(y).max(initial=0) < 2**31:
            y = y.astype(np.int32)
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        files = {k: f"{stem}_{k}.npy" for k in ("features", "weights", "outputs")}
        # C order: w is a transposed view, which np.save would write with
        # fortran_order True (axmul reads both; C order is what people expect).
        np.save(os.path.join(args.out, files["features"]), np.ascontiguousarray(f))
        np.save(os.path.join(args.out, files["weights"]), np.ascontiguousarray(w))
        np.save(os.path.join(args.out, files["outputs"]), np.ascontiguousarray(y))
        stdev = getattr(mod, "stdev", None)
        opcount = getattr(mod, "opcount", None)
        layers.append({
            "name": name,
            "fan_in": int(fan_in),
            "opcount": float(opcount) if opcount is not None else float(positions * out * fan_in),
            "max_noise": abs(float(stdev)) if stdev is not None else args.max_noise,
            **files,
        })
    with open(os.path.join(args.out, "model.json"), "w") as fh:
        info = {"exporter": "scripts/export_layers.py", "torch": torch.__version__, "numpy": np.__version__}
        json.dump({"info": info, "layers": layers}, fh, indent=2)
    print(f"wrote {len(layers)} layers to {args.out}")


if __name__ == "__main__":
    main()
