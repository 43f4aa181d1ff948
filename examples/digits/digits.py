#!/usr/bin/env python3
"""A small int8 CNN on scikit-learn's 8x8 digits, through axmul end to end.

Steps (each a subcommand; run.py chains them):

  train     train a float CNN (conv 1->8, conv 8->16, max-pool, linear 256->10)
            on the bundled digits (no downloads), calibrate per-tensor int8
            scales, report float and exact-int8 test accuracy.
  noise     learn per-layer noise tolerances sigma_l with agnapprox's gradient
            method: Gaussian noise of std |sigma_l| * std(layer output) is
            added to every conv/linear output (the integer accumulation,
            before the bias), the weights are frozen, and
                loss = cross-entropy + lam * sum_l share_l * (-log |sigma_l|)
            (share_l: the layer's share of all multiplications), so sigma_l
            grows until the task loss pushes back; then export the layers with
            scripts/export_layers.py (max_noise = |sigma_l|).
  evaluate  test accuracy of approximate int8 inference with the LUTs that
            `axmul deploy` wrote (TorchApprox semantics: the product of int8
            activation x and weight w is LUT[x & 0xff, w & 0xff]); with
            --finetune N, first N epochs of approximate training (LUT products
            in the forward pass, straight-through gradient of the exact
            product), as agnapprox does after selection.

Quantisation: symmetric per tensor; weights s_w = max|w| / 127; activations
s_x = max over the training set / 127 (inputs to every layer are >= 0 here:
pixels, ReLU outputs). A layer computes acc = sum_k x_q[k] * w_q[k] (exactly,
or through the LUT) and y = acc * s_x * s_w + bias.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LAYERS = ("conv1", "conv2", "fc")


def dataset():
    """Return (x_train, y_train, x_test, y_test) as tensors: a fixed,
    stratified 75/25 split of sklearn's digits, pixels scaled to [0, 1]."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    x = (d.images.astype(np.float32) / 16.0)[:, None, :, :]
    xtr, xte, ytr, yte = train_test_split(x, d.target, test_size=0.25, random_state=0, stratify=d.target)
    t = torch.from_numpy
    return t(xtr), t(ytr).long(), t(xte), t(yte).long()


class Net(nn.Module):
    """The CNN. noise[l] (None or a parameter sigma_l) adds Gaussian noise of
    std |sigma_l| * std(acc) to layer l's accumulation before its bias."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)
        self.sigma = None

    def layer(self, name, x):
        m = getattr(self, name)
        if isinstance(m, nn.Conv2d):
            acc = F.conv2d(x, m.weight, None, m.stride, m.padding)
        else:
            acc = F.linear(x, m.weight)
        if self.sigma is not None:
            s = self.sigma[LAYERS.index(name)].abs()
            acc = acc + torch.randn_like(acc) * s * acc.detach().std()
        b = m.bias.view(1, -1, 1, 1) if acc.dim() == 4 else m.bias
        return acc + b

    def forward(self, x):
        x = F.relu(self.layer("conv1", x))
        x = F.max_pool2d(F.relu(self.layer("conv2", x)), 2)
        return self.layer("fc", x.flatten(1))


def accuracy(logits, y):
    return float((logits.argmax(1) == y).float().mean())


def cmd_train(args):
    torch.manual_seed(args.seed)
    xtr, ytr, xte, yte = dataset()
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(args.seed)
    for _ in range(args.epochs):
        net.train()
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            F.cross_entropy(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
    net.eval()
    q = QNet(net, xtr)
    with torch.no_grad():
        facc = accuracy(net(xte), yte)
        qacc = accuracy(q(xte), yte)
    os.makedirs(args.out, exist_ok=True)
    torch.save({"state": net.state_dict(), "sx": q.sx}, os.path.join(args.out, "net.pt"))
    print(json.dumps({"float_accuracy": facc, "int8_accuracy": qacc}))


class QNet:
    """Int8 inference of a trained Net. luts maps a layer name to an int64
    [256, 256] tensor (approximate products) or None for exact products."""

    def __init__(self, net, xcal=None, sx=None):
        self.net = net
        if sx is None:
            sx = calibrate(net, xcal)
        self.sx = sx
        self.w = {}
        self.sw = {}
        for name in LAYERS:
            w = getattr(net, name).weight.detach()
            s = float(w.abs().max()) / 127.0
            self.sw[name] = s
            self.w[name] = torch.clamp(torch.round(w / s), -128, 127)
        self.luts = {}

    def quant_in(self, name, x):
        return torch.clamp(torch.round(x / self.sx[name]), -128, 127)

    def acc(self, name, xq):
        """Integer accumulation of layer name for integer-valued input xq."""
        m = getattr(self.net, name)
        w = self.w[name]
        lut = self.luts.get(name)
        if lut is None:
            if isinstance(m, nn.Conv2d):
                return F.conv2d(xq, w, None, m.stride, m.padding)
            return F.linear(xq, w)
        if isinstance(m, nn.Conv2d):
            n, _, h, wd = xq.shape
            cols = F.unfold(xq, m.kernel_size, padding=m.padding, stride=m.stride)  # [N, fan_in, L]
            rows = cols.transpose(1, 2).reshape(-1, cols.shape[1])
            out = lut_matmul(rows, w.reshape(w.shape[0], -1).t(), lut)
            return out.reshape(n, h * wd, -1).transpose(1, 2).reshape(n, -1, h, wd)
        return lut_matmul(xq, w.t(), lut)

    def layer(self, name, x):
        m = getattr(self.net, name)
        acc = self.acc(name, self.quant_in(name, x))
        y = acc * (self.sx[name] * self.sw[name])
        b = m.bias.detach()
        return y + (b.view(1, -1, 1, 1) if y.dim() == 4 else b)

    def __call__(self, x):
        x = F.relu(self.layer("conv1", x))
        x = F.max_pool2d(F.relu(self.layer("conv2", x)), 2)
        return self.layer("fc", x.flatten(1))


def lut_matmul(xq, wq, lut):
    """out[r, o] = sum_k lut[xq[r, k] & 0xff, wq[k, o] & 0xff] as float (the
    sums are exact integers below 2^24 here). Rows go in chunks so that the
    gathered [rows, fan_in, out] block stays small."""
    xi = xq.long() & 0xFF
    wi = (wq.long() & 0xFF).unsqueeze(0)
    flat = lut.reshape(-1)
    step = max(1, (1 << 21) // max(1, wq.shape[0] * wq.shape[1]))
    out = [flat[xi[s:s + step].unsqueeze(2) * 256 + wi].sum(1) for s in range(0, xi.shape[0], step)]
    return torch.cat(out).double().float()


def calibrate(net, x):
    """Per-layer input scales: max of the layer's input over x, / 127."""
    sx = {}
    with torch.no_grad():
        sx["conv1"] = float(x.max()) / 127.0
        a = F.relu(net.layer("conv1", x))
        sx["conv2"] = float(a.max()) / 127.0
        a = F.max_pool2d(F.relu(net.layer("conv2", a)), 2).flatten(1)
        sx["fc"] = float(a.max()) / 127.0
    return sx


def load(work):
    ck = torch.load(os.path.join(work, "net.pt"))
    net = Net()
    net.load_state_dict(ck["state"])
    net.eval()
    return net, ck["sx"]


def opcounts():
    """Multiplications per sample of each layer (output positions x out x fan_in)."""
    return {"conv1": 64 * 8 * 9, "conv2": 64 * 16 * 72, "fc": 10 * 256}


def cmd_noise(args):
    torch.manual_seed(args.seed)
    net, sx = load(args.work)
    xtr, ytr, _, _ = dataset()
    for p in net.parameters():
        p.requires_grad_(False)
    net.sigma = nn.Parameter(torch.full((len(LAYERS),), 0.01))
    ops = opcounts()
    share = torch.tensor([ops[n] / sum(ops.values()) for n in LAYERS])
    opt = torch.optim.Adam([net.sigma], lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    for _ in range(args.epochs):
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            task = F.cross_entropy(net(xtr[idx]), ytr[idx])
            noise = -(share * torch.log(net.sigma.abs() + 1e-12)).sum()
            (task + args.lam * noise).backward()
            opt.step()
    sig = {n: float(net.sigma[i].abs()) for i, n in enumerate(LAYERS)}
    export(net, sx, sig, args.out, xtr)
    print(json.dumps({"lam": args.lam, "sigma": sig}))


class IntNet(nn.Module):
    """The int8 network as scripts/export_layers.py sees it: every Conv2d and
    Linear receives integer inputs and holds integer weights (no bias), so the
    export keeps them exactly; stdev and opcount are set per layer."""

    def __init__(self, q, sigma):
        super().__init__()
        self.q = q
        ops = opcounts()
        for name in LAYERS:
            m = getattr(q.net, name)
            if isinstance(m, nn.Conv2d):
                c = nn.Conv2d(m.in_channels, m.out_channels, m.kernel_size, padding=m.padding, bias=False)
            else:
                c = nn.Linear(m.in_features, m.out_features, bias=False)
            c.weight.data = q.w[name].clone()
            c.stdev = sigma[name]
            c.opcount = float(ops[name])
            setattr(self, name, c)

    def step(self, name, x):
        m = getattr(self.q.net, name)
        acc = getattr(self, name)(self.q.quant_in(name, x))
        y = acc * (self.q.sx[name] * self.q.sw[name])
        b = m.bias.detach()
        return y + (b.view(1, -1, 1, 1) if y.dim() == 4 else b)

    def forward(self, x):
        x = F.relu(self.step("conv1", x))
        x = F.max_pool2d(F.relu(self.step("conv2", x)), 2)
        return self.step("fc", x.flatten(1))


_EXPORT = {}


def export_model():
    """The callable given to scripts/export_layers.py --model."""
    return _EXPORT["model"]


def export(net, sx, sigma, out, x):
    """Export the layers of the int8 network on batch x with the project's
    export script (forward hooks on Conv2d/Linear)."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "scripts"))
    import export_layers

    net.sigma = None
    q = QNet(net, sx=sx)
    _EXPORT["model"] = IntNet(q, sigma)
    os.makedirs(out, exist_ok=True)
    batch = os.path.join(out, "batch.pt")
    torch.save(x, batch)
    argv = sys.argv
    sys.argv = ["export_layers.py", "--model", f"{__name__}:export_model", "--input", batch, "--out", out]
    try:
        export_layers.main()
    finally:
        sys.argv = argv
        os.remove(batch)


def read_luts(deploy):
    with open(os.path.join(deploy, "assignment.json")) as fh:
        a = json.load(fh)
    luts = {}
    for layer in a["layers"]:
        luts[layer["name"]] = torch.from_numpy(np.load(os.path.join(deploy, layer["lut"])).astype(np.int64))
    return luts


def cmd_evaluate(args):
    torch.manual_seed(args.seed)
    net, sx = load(args.work)
    xtr, ytr, xte, yte = dataset()
    q = QNet(net, sx=sx)
    with torch.no_grad():
        exact = accuracy(q(xte), yte)
    q.luts = read_luts(args.deploy)
    with torch.no_grad():
        approx = accuracy(q(xte), yte)
    res = {"int8_accuracy": exact, "approx_accuracy": approx}
    if args.finetune > 0:
        res["finetuned_accuracy"] = finetune(net, sx, q.luts, xtr, ytr, xte, yte, args)
    print(json.dumps(res))


def finetune(net, sx, luts, xtr, ytr, xte, yte, args):
    """Approximate fine-tuning: the forward pass uses the LUT products of the
    current int8 weights, the backward pass the gradient of the float layer
    (straight-through: y = y_float + (y_lut - y_float).detach())."""
    opt = torch.optim.Adam(net.parameters(), lr=args.ft_lr)
    g = torch.Generator().manual_seed(args.seed)

    def forward(x):
        q = QNet(net, sx=sx)
        q.luts = luts

        def layer(name, a):
            with torch.no_grad():
                ya = q.layer(name, a)
            yf = net.layer(name, a)
            return yf + (ya - yf).detach()

        a = F.relu(layer("conv1", x))
        a = F.max_pool2d(F.relu(layer("conv2", a)), 2)
        return layer("fc", a.flatten(1))

    for _ in range(args.finetune):
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            F.cross_entropy(forward(xtr[idx]), ytr[idx]).backward()
            opt.step()
    q = QNet(net, sx=sx)
    q.luts = luts
    with torch.no_grad():
        return accuracy(q(xte), yte)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("train")
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    p = sub.add_parser("noise")
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--lam", type=float, required=True)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--seed", type=int, default=0)
    p = sub.add_parser("evaluate")
    p.add_argument("--work", required=True)
    p.add_argument("--deploy", required=True)
    p.add_argument("--finetune", type=int, default=0)
    p.add_argument("--ft-lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    {"train": cmd_train, "noise": cmd_noise, "evaluate": cmd_evaluate}[args.cmd](args)


if __name__ == "__main__":
    main()
