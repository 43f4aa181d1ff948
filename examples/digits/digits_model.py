"""Model loader for scripts/export_layers.py --model digits_model:load:
the model digits.py saved at $DIGITS_MODEL (weights and each layer's
learned tolerance, set as the layer's stdev attribute)."""

import os

import torch

from digits import Net


def load():
    saved = torch.load(os.environ["DIGITS_MODEL"])
    model = Net()
    model.load_state_dict(saved["state"])
    for name, sigma in saved["stdev"].items():
        getattr(model, name).stdev = sigma
    return model
